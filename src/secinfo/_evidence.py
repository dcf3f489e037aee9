"""Session evidence ([R9](docs/rules.md#r9), [R21](docs/rules.md#r21), [R23](docs/rules.md#r23))
and the bootstrap rule ([R10](docs/rules.md#r10) (2), [R18](docs/rules.md#r18)), shared by the
step-up gate and the registration prompt so that both decide the same way."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from ._build import trusted
from .interrupts import interrupt_choices
from .methods import PASSWORDLESS_KINDS, Kind, Method, Purpose, by_rank
from .policy import Bootstrap, TenantPolicy
from .reasons import Reason, ReasonCode, reason
from .registrations import TemporaryAccessPass
from .session import Session
from .usable import registration_usable, usable_methods
from .user import UserState

ONE_TIME_TAP_MINUTES = 10
"""How long a sign-in with a one-time Temporary Access Pass serves for adding or updating a
passwordless credential ([R18](docs/rules.md#r18))."""


def window(policy: TenantPolicy, *, adding: Kind | None = None) -> int:
    """[R9](docs/rules.md#r9)'s freshness window in minutes: ``passkey_add_minutes`` when adding or
    updating a passwordless credential (a passkey or Windows Hello, [R18](docs/rules.md#r18)),
    ``session_minutes`` otherwise."""
    if adding in PASSWORDLESS_KINDS:
        return policy.step_up.passkey_add_minutes
    return policy.step_up.session_minutes


def tap_window(policy: TenantPolicy, user: UserState, *, adding: Kind | None = None) -> int:
    """How long a Temporary Access Pass sign-in serves: [R18](docs/rules.md#r18)'s 10 minutes when
    adding or updating a passwordless credential after a sign-in with a one-time pass, otherwise
    :func:`window`."""
    if adding in PASSWORDLESS_KINDS and any(
        isinstance(r, TemporaryAccessPass) and r.one_time for r in user.registrations
    ):
        return ONE_TIME_TAP_MINUTES
    return window(policy, adding=adding)


def fresh(at: datetime | None, now: datetime, minutes: int) -> bool:
    """``0 ≤ now − at ≤ minutes``: a time in the future is never fresh."""
    if at is None:
        return False
    age = now - at
    return timedelta(0) <= age <= timedelta(minutes=minutes)


def tap_evidence(
    policy: TenantPolicy, user: UserState, session: Session, now: datetime, minutes: int
) -> bool:
    """A fresh sign-in with a TAP the user holds that was usable at the sign-in — active,
    enabled for MFA and targeting the user — its ``used`` flag ignored (that sign-in used it),
    and that has not expired since: the evidence ends with the pass ([R20](docs/rules.md#r20))."""
    if "temporary_access_pass" not in session.signed_in_with:
        return False
    if not fresh(session.signed_in_at, now, minutes):
        return False
    return any(
        isinstance(r, TemporaryAccessPass)
        and now < r.expires_at
        and registration_usable(
            policy, user, attrs.evolve(r, used=False), Purpose.MFA, now=session.signed_in_at
        )
        for r in user.registrations
    )


def tap_signed_in(
    policy: TenantPolicy, user: UserState, session: Session
) -> TemporaryAccessPass | None:
    """The pass the session signed in with: a TAP the user holds that was usable at
    ``signed_in_at`` (``used`` ignored), whether or not the sign-in is still fresh."""
    if "temporary_access_pass" not in session.signed_in_with:
        return None
    for r in user.registrations:
        if isinstance(r, TemporaryAccessPass) and registration_usable(
            policy, user, attrs.evolve(r, used=False), Purpose.MFA, now=session.signed_in_at
        ):
            return r
    return None


def _claimed_mfa(
    policy: TenantPolicy,
    user: UserState,
    session: Session,
    now: datetime,
    minutes: int,
    tap_minutes: int,
    usable: frozenset[Method] | None,
) -> bool:
    """[R23](docs/rules.md#r23): a fresh ``mfa_at`` whose ``mfa_method`` the user can use for MFA
    at *now* (the one predicate). MFA done with a Temporary Access Pass is read like a TAP
    sign-in at ``mfa_at`` (the pass it used may be spent since)."""
    method = session.mfa_method
    if method is None or session.mfa_at is None:
        return False
    if method is Method.TEMPORARY_ACCESS_PASS:
        as_sign_in = attrs.evolve(
            session, signed_in_at=session.mfa_at, signed_in_with=("temporary_access_pass",)
        )
        return tap_evidence(policy, user, as_sign_in, now, tap_minutes)
    if not fresh(session.mfa_at, now, minutes):
        return False
    if usable is None:
        usable = usable_methods(policy, user, Purpose.MFA, now=now)
    return method in usable


@attrs.frozen(kw_only=True)
class Evidence:
    """The MFA evidence a session carries: *minutes* is the window it was fresh within, *tap*
    whether a Temporary Access Pass gave it (a TAP sign-in, or MFA done with a pass)."""

    minutes: int
    tap: bool


def session_evidence(
    policy: TenantPolicy,
    user: UserState,
    session: Session | None,
    now: datetime,
    minutes: int,
    *,
    tap_minutes: int | None = None,
    usable: frozenset[Method] | None = None,
) -> Evidence | None:
    """The session's MFA evidence fresh within *minutes* (a Temporary Access Pass within
    *tap_minutes*, default *minutes*), or ``None``: [R9](docs/rules.md#r9) as amended by
    [R23](docs/rules.md#r23) (the method is one the user can use now) and, when a registration
    strength applies to the user, [R21](docs/rules.md#r21) (the method is one of its methods; a
    TAP only when ``temporary_access_pass`` is). *usable*: the user's usable MFA methods at
    *now*, when the caller has them (else they are asked of the one predicate)."""
    if session is None:
        return None
    accepted = policy.strength_for(user.groups)
    tap_minutes = minutes if tap_minutes is None else tap_minutes
    if (accepted is None or session.mfa_method in accepted) and _claimed_mfa(
        policy, user, session, now, minutes, tap_minutes, usable
    ):
        if session.mfa_method is Method.TEMPORARY_ACCESS_PASS:
            return Evidence(minutes=tap_minutes, tap=True)
        return Evidence(minutes=minutes, tap=False)
    if accepted is not None and Method.TEMPORARY_ACCESS_PASS not in accepted:
        return None
    if tap_evidence(policy, user, session, now, tap_minutes):
        return Evidence(minutes=tap_minutes, tap=True)
    return None


@attrs.frozen(kw_only=True)
class BootstrapDecision:
    """The bootstrap rule's answer for a user with no usable MFA method."""

    allowed: bool
    reason: Reason
    remedy: Reason | None


SIGN_IN_AGAIN = reason(
    code="sign_in_again",
    message="Sign in again: the password sign-in is too old to manage security info.",
)
ISSUE_TAP = reason(
    code="issue_temporary_access_pass",
    message="An administrator must issue a Temporary Access Pass so the user can sign in with it.",
)
ADMIN_REGISTERS = reason(
    code="admin_registers_method",
    message="An administrator must register an authentication method for the user.",
)
REGISTER_OTHER_METHOD_FIRST = reason(
    code=ReasonCode.REGISTER_OTHER_METHOD_FIRST,
    message="Register another MFA method first, then pass MFA with it and add the passkey or "
    "Windows Hello.",
)
"""The remedy in general terms; a gate gives the user :func:`register_other_first`, which names
the methods the policy lets them register."""


def _registrable_before_passwordless(policy: TenantPolicy, user: UserState) -> list[Method]:
    """The MFA methods *user* may register themselves at sign-in, but a passkey or Windows Hello
    (which need MFA first, [R18](docs/rules.md#r18))."""
    return [
        m
        for m in interrupt_choices(
            policy, user.groups, (Purpose.MFA,), business_phone=user.business_phone
        )
        if m.kind not in PASSWORDLESS_KINDS
    ]


def register_other_first(policy: TenantPolicy, user: UserState) -> Reason:
    """``register_other_method_first`` for *user* ([R18](docs/rules.md#r18)): name the MFA methods
    the policy lets them register themselves (never a passkey or Windows Hello), or say that none
    is offered and an administrator must register one."""
    others = _registrable_before_passwordless(policy, user)
    if others:
        message = (
            f"Register another MFA method first ({', '.join(m.value for m in others)}), then "
            "pass MFA with it and add the passkey or Windows Hello."
        )
    else:
        message = (
            "Register another MFA method first, then pass MFA with it and add the passkey or "
            "Windows Hello; the policy lets the user register no other MFA method themselves, "
            "so an administrator must register one."
        )
    return reason(code=ReasonCode.REGISTER_OTHER_METHOD_FIRST, message=message)


TAP_SPENT = reason(
    code=ReasonCode.TEMPORARY_ACCESS_PASS_SPENT,
    message="The Temporary Access Pass this session signed in with is spent or expired, and its "
    "sign-in is too old for the change: the user needs a new pass to sign in again.",
)


def _after_tap_sign_in(
    policy: TenantPolicy, user: UserState, session: Session | None, now: datetime
) -> Reason | None:
    """The remedy for a user whose session signed in with a Temporary Access Pass that no longer
    serves (not "an administrator issues a pass": they just used one), or ``None`` when the
    session did not sign in with a pass the user holds."""
    if session is None:
        return None
    tap = tap_signed_in(policy, user, session)
    if tap is None:
        return None
    if tap_evidence(policy, user, session, now, policy.step_up.session_minutes):
        # Only the shorter window of a passwordless credential lapsed (R18): the sign-in still
        # serves for other methods, and one of those then serves as MFA.
        return REGISTER_OTHER_METHOD_FIRST
    # A pass still usable now would be a usable MFA method (a step-up, never this remedy).
    return TAP_SPENT


def _for_user(policy: TenantPolicy, user: UserState, remedy: Reason | None) -> Reason | None:
    """*remedy*, with the general ``register_other_method_first`` made the user's own."""
    if remedy is REGISTER_OTHER_METHOD_FIRST:
        return register_other_first(policy, user)
    return remedy


def _other_method_of_strength(
    policy: TenantPolicy, user: UserState, accepted: frozenset[Method]
) -> str:
    """After a Temporary Access Pass sign-in whose window for a passwordless credential lapsed
    ([R18](docs/rules.md#r18)) under a registration strength ([R21](docs/rules.md#r21)): name
    only the methods of the strength the user may register themselves and then pass MFA with
    (never one the strength refuses), or say that only a new pass helps."""
    others = [m for m in _registrable_before_passwordless(policy, user) if m in accepted]
    if others:
        return (
            "Register another method of the strength required to register security info first "
            f"({', '.join(m.value for m in others)}), then pass MFA with it and add the passkey "
            "or Windows Hello."
        )
    return (
        "The Temporary Access Pass sign-in is too old to add a passkey or Windows Hello, and the "
        "user may register no other method of the strength required to register security info: "
        "the user needs a new pass to sign in again."
    )


def strength_remedy(
    policy: TenantPolicy, user: UserState, session: Session | None, now: datetime
) -> Reason:
    """[R21](docs/rules.md#r21)'s remedy ``registration_strength_unmet``: an administrator issues
    a Temporary Access Pass when the strength lists it and it is enabled for the user, otherwise
    registers a method of the required strength. After a sign-in with a pass, it says what that
    pass still allows instead."""
    accepted = policy.strength_for(user.groups) or frozenset()
    tap = Method.TEMPORARY_ACCESS_PASS
    if tap in accepted and policy.enabled_for(tap, Purpose.MFA, user.groups):
        after_tap = _after_tap_sign_in(policy, user, session, now)
        if after_tap is REGISTER_OTHER_METHOD_FIRST:
            message = _other_method_of_strength(policy, user, accepted)
        elif after_tap is not None:
            message = after_tap.message
        else:
            message = (
                "An administrator must issue a Temporary Access Pass (the registration strength "
                "accepts it) so the user can sign in with it."
            )
    else:
        names = ", ".join(m.value for m in by_rank(accepted))
        message = (
            "An administrator must register for the user a method of the strength required to "
            f"register security info ({names})."
        )
    return reason(code=ReasonCode.REGISTRATION_STRENGTH_UNMET, message=message)


def strength_denial(
    policy: TenantPolicy, user: UserState, session: Session | None, now: datetime
) -> BootstrapDecision:
    """[R21](docs/rules.md#r21): the user has no usable method of the registration strength and no
    evidence it accepts."""
    names = ", ".join(m.value for m in by_rank(policy.strength_for(user.groups) or ()))
    return BootstrapDecision(
        allowed=False,
        reason=reason(
            code=ReasonCode.NO_METHOD_OF_REQUIRED_STRENGTH,
            message="Registering security info requires MFA with one of "
            f"{names}; the user has no usable one and the session has no such evidence.",
        ),
        remedy=strength_remedy(policy, user, session, now),
    )


_TAP_ALLOWED = reason(
    code="bootstrap_tap",
    message="No usable MFA method: the fresh Temporary Access Pass sign-in is enough.",
)


def bootstrap(
    policy: TenantPolicy,
    user: UserState,
    session: Session | None,
    now: datetime,
    minutes: int,
    *,
    adding: Kind | None = None,
) -> BootstrapDecision:
    """[R10](docs/rules.md#r10) (2): how a user with no usable MFA method may enter security
    info; *adding* is the kind added or updated, if any.

    Under a registration strength ([R21](docs/rules.md#r21)) only a Temporary Access Pass sign-in
    it accepts lets the user in. A passwordless credential ([R18](docs/rules.md#r18)) is never
    added on a password alone: only a Temporary Access Pass sign-in (10 minutes after a one-time
    pass) serves.
    """
    if policy.bootstrap is Bootstrap.ADMINISTRATOR:
        return BootstrapDecision(
            allowed=False,
            reason=reason(
                code="bootstrap_administrator",
                message="No usable MFA method: only an administrator may register the first "
                "method.",
            ),
            remedy=ADMIN_REGISTERS,
        )
    tap_minutes = tap_window(policy, user, adding=adding)
    with_tap = session is not None and tap_evidence(policy, user, session, now, tap_minutes)
    accepted = policy.strength_for(user.groups)
    if accepted is not None:
        if with_tap and Method.TEMPORARY_ACCESS_PASS in accepted:
            return BootstrapDecision(allowed=True, reason=_TAP_ALLOWED, remedy=None)
        return strength_denial(policy, user, session, now)
    if with_tap and (adding in PASSWORDLESS_KINDS or policy.bootstrap is not Bootstrap.PASSWORD):
        return BootstrapDecision(allowed=True, reason=_TAP_ALLOWED, remedy=None)
    if policy.bootstrap is Bootstrap.TEMPORARY_ACCESS_PASS:
        return BootstrapDecision(
            allowed=False,
            reason=reason(
                code="bootstrap_tap_required",
                message="No usable MFA method: the policy requires a Temporary Access Pass "
                "sign-in.",
            ),
            remedy=_for_user(policy, user, _after_tap_sign_in(policy, user, session, now))
            or ISSUE_TAP,
        )
    if adding in PASSWORDLESS_KINDS:
        return BootstrapDecision(
            allowed=False,
            reason=reason(
                code=ReasonCode.PASSWORDLESS_NEEDS_MFA,
                message="No usable MFA method: a passkey or Windows Hello is never added or "
                "updated on a password alone.",
            ),
            remedy=register_other_first(policy, user),
        )
    if session is not None and fresh(session.signed_in_at, now, minutes):
        return BootstrapDecision(
            allowed=True,
            reason=reason(
                code="bootstrap_password",
                message="No usable MFA method: a fresh password sign-in is enough.",
            ),
            remedy=None,
        )
    return BootstrapDecision(
        allowed=False,
        reason=reason(
            code="bootstrap_sign_in_stale",
            message="No usable MFA method and no fresh sign-in.",
        ),
        remedy=SIGN_IN_AGAIN,
    )


def assumed_session(now: datetime, default: Method | None) -> Session:
    """[R9](docs/rules.md#r9)'s reading of ``session=None`` for the prompt: a sign-in completed at
    *now* with MFA by the default method, or a password-only sign-in at *now* when there is no
    default."""
    if default is None:
        return trusted(Session, signed_in_at=now)
    return trusted(Session, signed_in_at=now, mfa_at=now, mfa_method=default)
