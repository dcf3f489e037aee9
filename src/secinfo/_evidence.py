"""Session evidence ([R9](docs/rules.md#r9)) and the bootstrap rule ([R10](docs/rules.md#r10) (2)),
shared by the step-up gate and the registration prompt so that both decide the same way."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from .methods import Kind, Method, Purpose
from .policy import Bootstrap, TenantPolicy
from .reasons import Reason
from .registrations import TemporaryAccessPass
from .session import Session
from .usable import registration_usable
from .user import UserState


def window(policy: TenantPolicy, *, adding: Kind | None = None) -> int:
    """[R9](docs/rules.md#r9)'s freshness window in minutes: ``passkey_add_minutes`` when adding a
    passkey, ``session_minutes`` otherwise."""
    if adding is Kind.PASSKEY:
        return policy.step_up.passkey_add_minutes
    return policy.step_up.session_minutes


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


def mfa_evidence(
    policy: TenantPolicy, user: UserState, session: Session | None, now: datetime, minutes: int
) -> bool:
    """Whether the session carries MFA evidence fresh within *minutes* ([R9](docs/rules.md#r9))."""
    if session is None:
        return False
    if (
        session.mfa_method is not None
        and session.mfa_method.capable(Purpose.MFA)
        and fresh(session.mfa_at, now, minutes)
    ):
        return True
    return tap_evidence(policy, user, session, now, minutes)


@attrs.frozen(kw_only=True)
class BootstrapDecision:
    """The bootstrap rule's answer for a user with no usable MFA method."""

    allowed: bool
    reason: Reason
    remedy: Reason | None


SIGN_IN_AGAIN = Reason(
    code="sign_in_again",
    message="Sign in again: the password sign-in is too old to manage security info.",
)
ISSUE_TAP = Reason(
    code="issue_temporary_access_pass",
    message="An administrator must issue a Temporary Access Pass so the user can sign in with it.",
)
ADMIN_REGISTERS = Reason(
    code="admin_registers_method",
    message="An administrator must register an authentication method for the user.",
)


def bootstrap(
    policy: TenantPolicy, user: UserState, session: Session | None, now: datetime, minutes: int
) -> BootstrapDecision:
    """[R10](docs/rules.md#r10) (2): how a user with no usable MFA method may enter security
    info."""
    if policy.bootstrap is Bootstrap.PASSWORD:
        if session is not None and fresh(session.signed_in_at, now, minutes):
            return BootstrapDecision(
                allowed=True,
                reason=Reason(
                    code="bootstrap_password",
                    message="No usable MFA method: a fresh password sign-in is enough.",
                ),
                remedy=None,
            )
        return BootstrapDecision(
            allowed=False,
            reason=Reason(
                code="bootstrap_sign_in_stale",
                message="No usable MFA method and no fresh sign-in.",
            ),
            remedy=SIGN_IN_AGAIN,
        )
    if policy.bootstrap is Bootstrap.TEMPORARY_ACCESS_PASS:
        if session is not None and tap_evidence(policy, user, session, now, minutes):
            return BootstrapDecision(
                allowed=True,
                reason=Reason(
                    code="bootstrap_tap",
                    message="No usable MFA method: the fresh Temporary Access Pass sign-in "
                    "is enough.",
                ),
                remedy=None,
            )
        return BootstrapDecision(
            allowed=False,
            reason=Reason(
                code="bootstrap_tap_required",
                message="No usable MFA method: the policy requires a Temporary Access Pass "
                "sign-in.",
            ),
            remedy=ISSUE_TAP,
        )
    return BootstrapDecision(
        allowed=False,
        reason=Reason(
            code="bootstrap_administrator",
            message="No usable MFA method: only an administrator may register the first method.",
        ),
        remedy=ADMIN_REGISTERS,
    )


def assumed_session(now: datetime, default: Method | None) -> Session:
    """[R9](docs/rules.md#r9)'s reading of ``session=None`` for the prompt: a sign-in completed at
    *now* with MFA by the default method, or a password-only sign-in at *now* when there is no
    default."""
    if default is None:
        return Session(signed_in_at=now)
    return Session(signed_in_at=now, mfa_at=now, mfa_method=default)
