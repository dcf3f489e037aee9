"""The step-up gate of the manage page ([R9](docs/rules.md#r9), [R10](docs/rules.md#r10)): may the
user do this now, must they first pass MFA (and with which methods), or is the action denied?"""

from __future__ import annotations

from datetime import datetime

import attrs

from . import _args, _evidence
from ._build import trusted
from ._mask import describe
from ._structure import Target, resolve_target, structural_denial
from ._validate import enum_value, invalid
from ._words import plural
from .default import choose_default
from .methods import PASSWORDLESS_KINDS, Action, ActionName, Actor, Kind, Method, Purpose, by_rank
from .policy import TenantPolicy
from .reasons import Reason, reason
from .results import Gate, GateOutcome
from .session import Session
from .usable import View, mfa_count, registration_usable
from .user import UserState

__all__ = ["session_gate", "step_up"]


def _action(action: object) -> Action:
    converted = enum_value(Action, action)
    if not isinstance(converted, Action):
        raise invalid("action", action, f"{describe(action)} is not an Action")
    return converted


def _adding(action: Action, target: Target) -> Kind | None:
    """The kind an ``add`` or ``update`` stores, else ``None``."""
    if action in (Action.ADD, Action.UPDATE) and target.registration is not None:
        return target.registration.kind
    return None


def _purpose(kind: Kind | None) -> str:
    """What the freshness window is for (for the messages)."""
    if kind in PASSWORDLESS_KINDS:
        return f"adding or updating a {kind.facts.in_sentence}"
    return "managing security info"


def _deny(reasons: list[Reason], remedy: Reason) -> Gate:
    return trusted(Gate, outcome=GateOutcome.DENY, remedy=remedy, reasons=tuple(reasons))


def _step_up_methods(answers: View, usable: frozenset[Method]) -> tuple[Method, ...]:
    """Every method of *usable*, the default first when it is one of them, then by rank."""
    ranked = by_rank(usable)
    default = choose_default(answers).method
    if default is None or default not in usable:
        return ranked
    return (default, *(m for m in ranked if m is not default))


def _delete_breaks_compliance(
    policy: TenantPolicy, user: UserState, target: Target, now: datetime
) -> Reason | None:
    """[R10](docs/rules.md#r10) (4): deleting the target would take a user who is MFA-compliant
    under enforcement below ``mfa.methods_required``. Never for a registration with no usable MFA
    method."""
    registration = target.registration
    assert registration is not None
    if not policy.mfa.applies_to(user.groups):
        return None
    if not registration_usable(policy, user, registration, Purpose.MFA, now=now):
        return None
    required = policy.mfa.methods_required
    before = mfa_count(policy, user, now=now)
    if before < required:
        return None
    remaining = tuple(r for r in user.registrations if r.id != registration.id)
    after = mfa_count(policy, attrs.evolve(user, registrations=remaining), now=now)
    if after >= required:
        return None
    return reason(
        code="delete_breaks_mfa_compliance",
        message=f"Deleting it would leave {after} of the {plural(required, 'MFA method')} the "
        "policy requires.",
    )


def session_gate(
    policy: TenantPolicy,
    user: UserState,
    *,
    session: Session | None,
    now: datetime,
    adding: Kind | None = None,
) -> Gate:
    """Steps (2) and (3) of [R10](docs/rules.md#r10), which depend on the session: the bootstrap
    when the user has no usable MFA method, then the evidence, as amended by
    [R18](docs/rules.md#r18) (*adding* a passwordless credential), [R21](docs/rules.md#r21) (the
    registration strength) and [R23](docs/rules.md#r23). ``allow`` means "go on to step (4)".
    The registration prompt asks it about the first slot's first choice
    ([R6](docs/rules.md#r6)/[R21](docs/rules.md#r21))."""
    policy, user, now, session = _args.check_call(policy, user, now=now, session=session)
    if adding is not None:
        converted = enum_value(Kind, adding)
        if not isinstance(converted, Kind):
            raise invalid("adding", adding, f"{describe(adding)} is not a Kind or None")
        adding = converted
    return gate_for_session(View(policy, user, now), session, adding)


def gate_for_session(answers: View, session: Session | None, adding: Kind | None) -> Gate:
    """:func:`session_gate` over the predicate's answers for one user."""
    policy, user, now = answers.policy, answers.user, answers.now
    minutes = _evidence.window(policy, adding=adding)
    usable = answers.usable_mfa

    # (2) no usable MFA method: the bootstrap rule decides; never a step-up.
    if not usable:
        decision = _evidence.bootstrap(policy, user, session, now, minutes, adding=adding)
        if decision.allowed:
            return trusted(Gate, outcome=GateOutcome.ALLOW, reasons=(decision.reason,))
        assert decision.remedy is not None
        return _deny([decision.reason], decision.remedy)

    # (3) no MFA evidence: step up with every usable MFA method (of the registration strength,
    # when one applies), the default first; none of the strength: deny (R21).
    tap_minutes = _evidence.tap_window(policy, user, adding=adding)
    evidence = _evidence.session_evidence(
        policy, user, session, now, minutes, tap_minutes=tap_minutes, usable=usable
    )
    if evidence is not None:
        return trusted(
            Gate,
            outcome=GateOutcome.ALLOW,
            reasons=(reason(code="mfa_fresh", message=_fresh_message(evidence)),),
        )
    accepted = answers.targeting.strength
    offered = usable if accepted is None else usable & accepted
    if not offered:
        decision = _evidence.strength_denial(policy, user, session, now)
        assert decision.remedy is not None
        return _deny([decision.reason], decision.remedy)
    return trusted(
        Gate,
        outcome=GateOutcome.STEP_UP,
        methods=_step_up_methods(answers, offered),
        reasons=(
            reason(
                code="mfa_not_fresh",
                message=_not_fresh_message(minutes, tap_minutes, adding),
            ),
        ),
    )


def _fresh_message(evidence: _evidence.Evidence) -> str:
    """``mfa_fresh``'s message, naming the window that applied to the evidence found (a
    one-time pass serves 10 minutes for a passkey, [R18](docs/rules.md#r18))."""
    if evidence.tap:
        return (
            "The session used a Temporary Access Pass in the last "
            f"{plural(evidence.minutes, 'minute')}, which serves as MFA."
        )
    return f"The session has MFA from the last {plural(evidence.minutes, 'minute')}."


def _not_fresh_message(minutes: int, tap_minutes: int, adding: Kind | None) -> str:
    """``mfa_not_fresh``'s message; a Temporary Access Pass window that differs from the MFA
    window ([R18](docs/rules.md#r18)'s one-time pass) is named too."""
    tap = (
        ""
        if tap_minutes == minutes
        else f" (nor a Temporary Access Pass sign-in from the last {plural(tap_minutes, 'minute')})"
    )
    return (
        f"The session has no MFA from the last {plural(minutes, 'minute')}{tap}, required for "
        f"{_purpose(adding)}."
    )


REGISTER_REPLACEMENT_FIRST = reason(
    code="register_replacement_first",
    message="Register the replacement method first, then delete this one.",
)


def step_up(
    policy: TenantPolicy,
    user: UserState,
    action: Action | ActionName,
    *,
    session: Session | None,
    now: datetime,
    target: object = None,
) -> Gate:
    """Decide whether *user* may perform *action* on the security-info page now.

    The steps of [R10](docs/rules.md#r10), in order: (1) structural denials (admin-only kinds,
    passkeys while ``self_service`` is off, office phones while not user-managed, limits, an
    alternate phone without a mobile phone, a duplicate number or address) ⇒ ``deny``; (2) no
    usable MFA method ⇒ the tenant's bootstrap rule decides (``allow`` or ``deny``, never
    ``step_up``; a passkey or Windows Hello is never added or updated on a password alone,
    [R18](docs/rules.md#r18)); (3) no MFA evidence in *session* ([R9](docs/rules.md#r9): fresh
    within ``step_up.session_minutes``, or ``passkey_add_minutes`` for adding or updating a
    passkey or Windows Hello; with a method the user can use now, [R23](docs/rules.md#r23)) ⇒
    ``step_up`` listing every usable MFA method, the default first; (4) a ``delete`` that would
    take an MFA-compliant user under enforcement below ``mfa.methods_required`` ⇒ ``deny``.
    Otherwise ``allow``. Under a registration strength ([R21](docs/rules.md#r21)) only evidence
    of its methods counts, the step-up lists only its methods, and a user with none of them (or,
    under the password bootstrap, with no MFA method at all) is denied with the remedy
    ``registration_strength_unmet``.

    *target*: ``add`` → the new registration; ``update`` → the replacement (its ``id`` names the
    registration it replaces; the kind must not change); ``delete`` → a registration id;
    ``set_default`` → a :class:`Method`; ``view`` and ``review`` → ``None``. A missing or malformed
    target, an unknown id, an id already in use by ``add``, a kind change by ``update`` or a naive
    *now* raises :class:`InvalidArgument`. ``session=None`` means, for ``view``, a password-only
    sign-in at *now* ([R9](docs/rules.md#r9): how a report sees the user's next visit); for every
    other action it means no session at all: there is no evidence, and the password bootstrap
    denies.

    >>> from datetime import datetime, timedelta, UTC
    >>> from secinfo import (Action, AuthenticatorApp, Method, MethodSetting, Session,
    ...                      TenantPolicy, UserState)
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method=Method.PUSH, mfa=True),
    ...                                MethodSetting(method=Method.AUTHENTICATOR_CODE, mfa=True)])
    >>> user = UserState(user_id="u1", registrations=[AuthenticatorApp(
    ...     id="r1", registered_at=now, device_name="Pixel 9", notifications=True)])
    >>> stale = Session(signed_in_at=now - timedelta(hours=1))
    >>> gate = step_up(policy, user, Action.VIEW, session=stale, now=now)
    >>> gate.outcome.value, [m.value for m in gate.methods]
    ('step_up', ['push', 'authenticator_code'])
    >>> done = Session(signed_in_at=now, mfa_at=now - timedelta(minutes=15), mfa_method="push")
    >>> step_up(policy, user, Action.DELETE, session=done, now=now, target="r1").outcome.value
    'allow'
    """
    policy, user, now, session = _args.check_call(policy, user, now=now, session=session)
    return gate_for(View(policy, user, now), _action(action), session, target)


def gate_for(answers: View, action: Action, session: Session | None, target: object) -> Gate:
    """:func:`step_up` over the predicate's answers for one user (checked arguments)."""
    policy, user, now = answers.policy, answers.user, answers.now
    if session is None and action is Action.VIEW:
        session = trusted(Session, signed_in_at=now)
    resolved = resolve_target(user, action, target)

    # (1) structural denials — the gate is the user's; admins use the transitions.
    denial = structural_denial(policy, user, action, resolved, actor=Actor.USER)
    if denial is not None:
        return _deny([denial.reason], denial.remedy)

    gate = gate_for_session(answers, session, _adding(action, resolved))
    if gate.outcome is not GateOutcome.ALLOW:
        return gate

    # (4) a delete must not take an MFA-compliant user under enforcement below the requirement.
    if action is Action.DELETE:
        broken = _delete_breaks_compliance(policy, user, resolved, now)
        if broken is not None:
            return _deny([*gate.reasons, broken], REGISTER_REPLACEMENT_FIRST)

    return gate
