"""State transitions ([R2](docs/rules.md#r2), [R10](docs/rules.md#r10)–[R14](docs/rules.md#r14)):
every change returns a :class:`Change`.

A transition is a pure function of the policy, the user, its argument, the session and ``now``. The
gate comes first (:func:`secinfo.step_up` for users, the structural checks alone for
administrators); a denied change returns the user unchanged with exactly one failure event; an
allowed change returns the new user with its primary event and only the companions
[R14](docs/rules.md#r14) lists.

An example of every transition, each starting again from ``user``:

>>> from datetime import datetime, UTC
>>> from secinfo import (AuthenticatorApp, MethodSetting, MfaSettings, MobilePhone, Session,
...                      TenantPolicy, UserState)
>>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
>>> policy = TenantPolicy(methods=[MethodSetting(method=m, mfa=True, sspr=True)
...                                for m in ("push", "authenticator_code", "sms")],
...                       mfa=MfaSettings(enforced_for=["all"]))
>>> app = AuthenticatorApp(id="a1", registered_at=now, device_name="Pixel",
...                        notifications=True)
>>> phone = MobilePhone(id="p1", registered_at=now, number="+16502530000")
>>> user = UserState(user_id="u1", registrations=[app, phone], preferred="push")
>>> after_mfa = Session(signed_in_at=now, mfa_at=now, mfa_method="push")

>>> change = update(policy, user, MobilePhone(id="p1", registered_at=now,
...                 number="+16502530001"), session=after_mfa, now=now)
>>> change.allowed, change.events[0].reason, dict(change.events[0].details)["number"]
(True, 'User updated Phone.', '+1 XXXXXXXX01')

>>> change = remove(policy, user, "a1", session=after_mfa, now=now)
>>> [e.activity.value for e in change.events], change.user.preferred
(['User deleted security info', 'Default security info reassigned'], <Method.SMS: 'sms'>)
>>> remove(policy, user, "a1", session=Session(signed_in_at=now), now=now).allowed
False

>>> change = set_default(policy, user, "sms", session=after_mfa, now=now)
>>> change.events[0].reason
'User changed the default security info for Text a code to +1 XXXXXXXX00'
>>> set_default(policy, user, "push", session=after_mfa, now=now).events
()

>>> change = review(policy, user, session=after_mfa, now=now)
>>> change.user.last_reviewed_at == now, change.events[0].reason
(True, 'User successfully reviewed security info.')

>>> graceful = TenantPolicy(methods=policy.methods,
...                         mfa=MfaSettings(enforced_for=["all"], grace_days=14))
>>> newcomer = UserState(user_id="u2")
>>> change = cancel(graceful, newcomer, session=Session(signed_in_at=now), now=now)
>>> [e.activity.value for e in change.events], change.user.first_prompted_at == now
(['User registered all required security info', \
'User canceled security info registration'], True)
>>> cancel(policy, newcomer, session=Session(signed_in_at=now), now=now).allowed
False

>>> from secinfo import CampaignSettings
>>> campaign = TenantPolicy(
...     methods=[*policy.methods, MethodSetting(method="passkey", mfa=True)],
...     campaign=CampaignSettings(state="enabled", method="passkey"))
>>> change = snooze(campaign, user, session=after_mfa, now=now)
>>> change.allowed, change.user.campaign.snoozes
(True, 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from . import _args
from . import _events as ev
from ._structure import Target, resolve_target, structural_denial
from .audit import Activity, AuditEvent
from .default import completion_method, default_method, storable_preference
from .errors import InvalidArgument, InvalidArgumentType, InvalidPhoneNumber
from .methods import REREGISTER_KINDS, Action, Actor, ActorName, Method, MethodName, Purpose
from .phone import check_registration_number
from .policy import TenantPolicy
from .reasons import Reason
from .registrations import OfficePhone, Registration, TemporaryAccessPass, phone_number
from .requirements import required_registrations, shortfall
from .results import Change, GateOutcome, PromptMode, RegistrationPrompt
from .session import Session
from .stepup import step_up
from .usable import registration_usable, usable_methods
from .user import PREFERABLE_METHODS, CampaignProgress, UserState

__all__ = [
    "cancel",
    "policy_changed",
    "register",
    "remove",
    "require_reregistration",
    "review",
    "set_default",
    "snooze",
    "update",
]


def _check_call(
    policy: object, user: object, session: object, now: datetime, actor: object
) -> tuple[Actor, datetime]:
    _, _, now, _ = _args.check_call(policy, user, now=now, session=session)
    actor = _args.actor(actor)
    if actor not in (Actor.USER, Actor.ADMIN):
        raise InvalidArgument("actor", f"{actor.value!r} cannot perform a change (user or admin)")
    if session is None and actor is Actor.USER:
        raise InvalidArgument("session", "a user's change needs the sign-in session")
    return actor, now


def _denied(
    user: UserState,
    event: AuditEvent,
    reasons: Iterable[Reason],
) -> Change:
    return Change(allowed=False, user=user, events=(event,), reasons=tuple(reasons))


def _gate(
    policy: TenantPolicy,
    user: UserState,
    action: Action,
    target: object,
    *,
    session: Session | None,
    now: datetime,
    actor: Actor,
) -> tuple[Target, list[Reason] | None]:
    """Run the gate; returns the resolved target and, when denied, the reasons."""
    resolved = resolve_target(user, action, target)
    if actor is Actor.ADMIN:
        denial = structural_denial(policy, user, action, resolved, actor=Actor.ADMIN)
        if denial is None:
            return resolved, None
        return resolved, [denial.reason, denial.remedy]
    gate = step_up(policy, user, action, session=session, now=now, target=target)
    if gate.outcome is GateOutcome.ALLOW:
        return resolved, None
    reasons = list(gate.reasons)
    if gate.outcome is GateOutcome.STEP_UP:
        reasons.append(
            Reason(
                code="step_up_required",
                message="Complete MFA with one of: "
                + ", ".join(m.value for m in gate.methods)
                + ", then try again.",
            )
        )
    elif gate.remedy is not None:
        reasons.append(gate.remedy)
    return resolved, reasons


def _check_phone(policy: TenantPolicy, registration: Registration) -> list[Reason] | None:
    number = phone_number(registration)
    if number is None:
        return None
    extension = registration.extension if isinstance(registration, OfficePhone) else None
    try:
        check_registration_number(number, extension, kind=registration.kind, settings=policy.phone)
    except InvalidPhoneNumber as error:
        return [
            Reason(code=f"phone_{error.reason}", message=f"The phone number was refused: {error}.")
        ]
    return None


def _prompt(
    policy: TenantPolicy, user: UserState, session: Session | None, now: datetime
) -> RegistrationPrompt:
    return required_registrations(policy, user, now=now, session=session)


def _after_registration(
    policy: TenantPolicy,
    before: UserState,
    after: UserState,
    registration: Registration,
    *,
    session: Session | None,
    now: datetime,
    actor: Actor,
) -> tuple[UserState, list[AuditEvent], list[Reason]]:
    """[R5](docs/rules.md#r5), [R11](docs/rules.md#r11), [R14](docs/rules.md#r14) after
    *registration* was added or replaced: first_prompted_at, the stored preference, and the
    companion events. A Temporary Access Pass is never "the user's first usable MFA registration"
    ([R1](docs/rules.md#r1): it never counts), so issuing one leaves ``preferred`` alone."""
    events: list[AuditEvent] = []
    reasons: list[Reason] = []
    prompt_before = _prompt(policy, before, session, now)
    prompt_after = _prompt(policy, after, session, now)
    interrupted = prompt_before.mode is PromptMode.INTERRUPT
    ends_interrupt = interrupted and prompt_after.mode is not PromptMode.INTERRUPT
    usable_before = usable_methods(policy, before, Purpose.MFA, now=now)
    usable_after = usable_methods(policy, after, Purpose.MFA, now=now)
    first_usable = (
        not interrupted
        and not usable_before
        and bool(usable_after)
        and not isinstance(registration, TemporaryAccessPass)
    )

    # R5: the grace period is the MFA requirement's; it ends once MFA no longer drives an
    # interrupt (a remaining SSPR-only interrupt is skippable anyway).
    if after.first_prompted_at is not None and not shortfall(policy, after, now=now).mfa_drives:
        after = attrs.evolve(after, first_prompted_at=None)
    if ends_interrupt or first_usable:
        preferred = after.preferred
        if preferred is None or preferred not in usable_after:
            stored = storable_preference(completion_method(policy, after, now=now))
            if stored != preferred:
                after = attrs.evolve(after, preferred=stored)
                events.append(ev.default_reassigned(after, stored, now=now))
                reasons.append(ev.reassigned_reason(stored))
    if ends_interrupt and actor is Actor.USER:
        events.insert(0, ev.registered_all(after, now=now, actor=actor))
        reasons.append(
            Reason(
                code="registration_complete",
                message="The user registered all required security info.",
            )
        )
    return after, events, reasons


def _as_recorded(
    registration: Registration, replaced: Registration | None, *, actor: Actor, now: datetime
) -> Registration:
    """*registration* as the transition records it — the caller does not decide either field:
    ``registered_by`` is the actor; ``registered_at`` is *now* for a new registration and for an
    update that changes the kind's secret (:attr:`~secinfo.registrations.MobilePhone.secret`:
    a number, an address, a token serial, a certificate subject, a pass's window), and the
    replaced registration's otherwise. An update that changes nothing else is a no-op, whoever
    registered the original."""
    if replaced is None or any(
        getattr(registration, name) != getattr(replaced, name) for name in registration.secret
    ):
        recorded_at = now
    else:
        recorded_at = replaced.registered_at
    recorded = attrs.evolve(registration, registered_by=actor, registered_at=recorded_at)
    if replaced is not None and attrs.evolve(recorded, registered_by=replaced.registered_by) == (
        replaced
    ):
        return replaced
    return recorded


_ACTIVITIES = {
    (Action.ADD, Actor.USER): Activity.USER_REGISTERED,
    (Action.ADD, Actor.ADMIN): Activity.ADMIN_REGISTERED,
    (Action.UPDATE, Actor.USER): Activity.USER_UPDATED,
    (Action.UPDATE, Actor.ADMIN): Activity.ADMIN_UPDATED,
}


def _add_or_replace(
    policy: TenantPolicy,
    user: UserState,
    action: Action,
    registration: Registration,
    *,
    session: Session | None,
    now: datetime,
    actor: Actor | ActorName,
) -> Change:
    """``register`` (``add``) and ``update``: gate, phone rules, apply, then
    [R5](docs/rules.md#r5)/[R11](docs/rules.md#r11)/[R14](docs/rules.md#r14)."""
    actor, now = _check_call(policy, user, session, now, actor)
    activity = _ACTIVITIES[action, actor]
    resolved, refused = _gate(
        policy, user, action, registration, session=session, now=now, actor=actor
    )
    if refused is None:
        refused = _check_phone(policy, registration)
    if refused is not None:
        return _denied(user, ev.failure(user, activity, registration, refused, now, actor), refused)
    registration = _as_recorded(registration, resolved.replaced, actor=actor, now=now)
    if action is Action.UPDATE:
        if registration == resolved.replaced:
            return Change(
                allowed=True,
                user=user,
                reasons=(Reason(code="no_change", message="The registration is unchanged."),),
            )
        registrations = tuple(
            registration if r.id == registration.id else r for r in user.registrations
        )
    else:
        # A new Temporary Access Pass replaces the old one (R1).
        kept = tuple(
            r
            for r in user.registrations
            if not (
                isinstance(registration, TemporaryAccessPass) and isinstance(r, TemporaryAccessPass)
            )
        )
        registrations = (*kept, registration)
    after = attrs.evolve(user, registrations=registrations)
    after, companions, reasons = _after_registration(
        policy, user, after, registration, session=session, now=now, actor=actor
    )
    primary = ev.registration_event(after, activity, registration, now=now, actor=actor)
    return Change(
        allowed=True,
        user=after,
        events=(primary, *companions),
        reasons=(ev.done_reason(activity, registration), *reasons),
    )


def register(
    policy: TenantPolicy,
    user: UserState,
    registration: Registration,
    *,
    session: Session | None,
    now: datetime,
    actor: Actor | ActorName = Actor.USER,
) -> Change:
    """Add *registration* to the user's security info.

    The gate is :func:`secinfo.step_up` for ``add`` (administrators: the structural checks
    only); phone numbers are then checked with :mod:`secinfo.phone` under ``policy.phone``. A new
    Temporary Access Pass replaces the old one. When the registration ends an interrupt (or is
    the user's first usable MFA method outside one) and no usable default is stored, the
    completion rule's method is stored as ``preferred``.

    >>> from datetime import datetime, UTC
    >>> from secinfo import (AuthenticatorApp, Method, MethodSetting, MfaSettings, Session,
    ...                      TenantPolicy, UserState)
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method=Method.PUSH, mfa=True)],
    ...                       mfa=MfaSettings(enforced_for=["all"]))
    >>> app = AuthenticatorApp(id="r1", registered_at=now, device_name="Pixel",
    ...                        notifications=True)
    >>> change = register(policy, UserState(user_id="u1"), app,
    ...                   session=Session(signed_in_at=now), now=now)
    >>> change.allowed, change.user.preferred
    (True, <Method.PUSH: 'push'>)
    >>> [e.activity.value for e in change.events]
    ['User registered security info', 'User registered all required security info', \
'Default security info reassigned']
    """
    return _add_or_replace(
        policy, user, Action.ADD, registration, session=session, now=now, actor=actor
    )


def update(
    policy: TenantPolicy,
    user: UserState,
    registration: Registration,
    *,
    session: Session | None,
    now: datetime,
    actor: Actor | ActorName = Actor.USER,
) -> Change:
    """Replace the registration whose id is ``registration.id`` (same kind) with *registration*.

    A new phone number or email address counts as adding a method: the same gate and checks as
    :func:`register` apply.

    A runnable example of every transition is in the docstring of :mod:`secinfo.transitions`.
    """
    return _add_or_replace(
        policy, user, Action.UPDATE, registration, session=session, now=now, actor=actor
    )


def remove(
    policy: TenantPolicy,
    user: UserState,
    registration_id: str,
    *,
    session: Session | None,
    now: datetime,
    actor: Actor | ActorName = Actor.USER,
) -> Change:
    """Delete the registration *registration_id*.

    When it provided the stored ``preferred`` method and that method is no longer usable, the
    completion rule's method is stored instead ("Default security info reassigned").

    A runnable example of every transition is in the docstring of :mod:`secinfo.transitions`.
    """
    actor, now = _check_call(policy, user, session, now, actor)
    activity = Activity.ADMIN_DELETED if actor is Actor.ADMIN else Activity.USER_DELETED
    resolved, refused = _gate(
        policy, user, Action.DELETE, registration_id, session=session, now=now, actor=actor
    )
    registration = resolved.registration
    assert registration is not None
    if refused is not None:
        return _denied(user, ev.failure(user, activity, registration, refused, now, actor), refused)
    after = attrs.evolve(
        user, registrations=tuple(r for r in user.registrations if r.id != registration.id)
    )
    events = [ev.registration_event(user, activity, registration, now=now, actor=actor)]
    reasons = [ev.done_reason(activity, registration)]
    after, reassigned, more = _reassign_if_lost(policy, user, after, now)
    events += reassigned
    reasons += more
    return Change(allowed=True, user=after, events=tuple(events), reasons=tuple(reasons))


def _reassign_if_lost(
    policy: TenantPolicy, before: UserState, after: UserState, now: datetime
) -> tuple[UserState, list[AuditEvent], list[Reason]]:
    """[R11](docs/rules.md#r11)/[R14](docs/rules.md#r14) after deletions: when the stored
    ``preferred`` was provided by a deleted registration and is no longer usable, store the
    completion rule's method ("Default security info reassigned")."""
    preferred = before.preferred
    deleted = {r.id for r in before.registrations} - {r.id for r in after.registrations}
    provided = any(preferred in r.methods for r in before.registrations if r.id in deleted)
    if (
        preferred is None
        or not provided
        or preferred in usable_methods(policy, after, Purpose.MFA, now=now)
    ):
        return after, [], []
    stored = storable_preference(completion_method(policy, after, now=now))
    if stored == preferred:
        return after, [], []
    after = attrs.evolve(after, preferred=stored)
    return after, [ev.default_reassigned(after, stored, now=now)], [ev.reassigned_reason(stored)]


def require_reregistration(
    policy: TenantPolicy,
    user: UserState,
    *,
    now: datetime,
    actor: Actor = Actor.ADMIN,
) -> Change:
    """Entra's administrator action "Require re-register MFA" ([R22](docs/rules.md#r22)): delete
    every registration whose kind the capability table marks ``reregister`` (mobile and
    alternate phones, Authenticator apps, software and hardware OATH tokens) and keep the rest
    (email, security questions, passkeys, Windows Hello, certificates, office phones, external
    methods, a Temporary Access Pass).

    One "Admin deleted security info" per deleted registration, then "Default security info
    reassigned" when the stored ``preferred`` changes. Nothing to delete: a no-op (no event).
    Only an administrator may do it: a user is denied with one failure event.

    >>> from datetime import datetime, UTC
    >>> from secinfo import (AuthenticatorApp, Email, MethodSetting, MfaSettings, MobilePhone,
    ...                      TenantPolicy, UserState, required_registrations)
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method=m, mfa=True, sspr=True)
    ...                                for m in ("push", "authenticator_code", "sms")]
    ...                       + [MethodSetting(method="email", sspr=True)],
    ...                       mfa=MfaSettings(enforced_for=["all"]))
    >>> user = UserState(user_id="u1", preferred="push", registrations=[
    ...     AuthenticatorApp(id="a1", registered_at=now, device_name="Pixel", notifications=True),
    ...     MobilePhone(id="p1", registered_at=now, number="+16502530000"),
    ...     Email(id="e1", registered_at=now, address="u1@example.com")])
    >>> change = require_reregistration(policy, user, now=now)
    >>> [r.id for r in change.user.registrations], change.user.preferred
    (['e1'], None)
    >>> [e.activity.value for e in change.events]
    ['Admin deleted security info', 'Admin deleted security info', \
'Default security info reassigned']
    >>> required_registrations(policy, change.user, now=now).mode.value
    'interrupt'
    >>> denied = require_reregistration(policy, user, now=now, actor="user")
    >>> denied.allowed, len(denied.events), denied.events[0].result.value
    (False, 1, 'failure')
    """
    _, _, now, _ = _args.check_call(policy, user, now=now)
    actor = _args.actor(actor)
    if actor not in (Actor.USER, Actor.ADMIN):
        raise InvalidArgument("actor", f"{actor.value!r} cannot perform a change (user or admin)")
    if actor is not Actor.ADMIN:
        refused = [
            Reason(
                code="admin_only_action",
                message="Only an administrator may require a user to register MFA again.",
            )
        ]
        return _denied(user, ev.reregistration_failure(user, refused, now, actor), refused)
    deleted = tuple(r for r in user.registrations if r.kind in REREGISTER_KINDS)
    if not deleted:
        return Change(
            allowed=True,
            user=user,
            reasons=(
                Reason(
                    code="nothing_to_reregister",
                    message="The user holds no registration that re-registration deletes.",
                ),
            ),
        )
    after = attrs.evolve(
        user, registrations=tuple(r for r in user.registrations if r.kind not in REREGISTER_KINDS)
    )
    events = [
        ev.registration_event(user, Activity.ADMIN_DELETED, r, now=now, actor=Actor.ADMIN)
        for r in deleted
    ]
    reasons = [
        Reason(
            code="reregistration_required",
            message=(
                "1 registration deleted"
                if len(deleted) == 1
                else f"{len(deleted)} registrations deleted"
            )
            + ": the user must register MFA again.",
        )
    ]
    after, reassigned, more = _reassign_if_lost(policy, user, after, now)
    return Change(
        allowed=True,
        user=after,
        events=(*events, *reassigned),
        reasons=(*reasons, *more),
    )


def set_default(
    policy: TenantPolicy,
    user: UserState,
    method: Method | MethodName,
    *,
    session: Session | None,
    now: datetime,
    actor: Actor | ActorName = Actor.USER,
) -> Change:
    """Store *method* as the user's default. It must be usable for MFA now and a method that can
    be a default (not a passkey, Windows Hello, certificate or TAP). Setting the current
    ``preferred`` again is a no-op (no event).

    A runnable example of every transition is in the docstring of :mod:`secinfo.transitions`.
    """
    actor, now = _check_call(policy, user, session, now, actor)
    resolved, refused = _gate(
        policy, user, Action.SET_DEFAULT, method, session=session, now=now, actor=actor
    )
    chosen = resolved.method
    assert chosen is not None
    if refused is None:
        if chosen not in PREFERABLE_METHODS:
            refused = [
                Reason(
                    code="method_not_preferable",
                    message=f"{chosen.value} cannot be stored as the default method.",
                )
            ]
        elif chosen not in usable_methods(policy, user, Purpose.MFA, now=now):
            refused = [
                Reason(
                    code="method_not_usable",
                    message=f"{chosen.value} is not usable for MFA by this user now.",
                )
            ]
    if refused is not None:
        return _denied(user, ev.default_failure(user, chosen, refused, now, actor), refused)
    if chosen == user.preferred:
        return Change(
            allowed=True,
            user=user,
            reasons=(Reason(code="no_change", message=f"{chosen.value} is already the default."),),
        )
    after = attrs.evolve(user, preferred=chosen)
    return Change(
        allowed=True,
        user=after,
        events=(ev.default_changed(after, chosen, now=now, actor=actor),),
        reasons=(
            Reason(code="default_changed", message=f"The default method is now {chosen.value}."),
        ),
    )


def _user_only(actor: Actor, what: str) -> None:
    if actor is not Actor.USER:
        raise InvalidArgument("actor", f"only the user can {what}")


def review(
    policy: TenantPolicy,
    user: UserState,
    *,
    session: Session | None,
    now: datetime,
    actor: Actor | ActorName = Actor.USER,
) -> Change:
    """The user confirms their security info ("Looks good"): sets ``last_reviewed_at``.

    A runnable example of every transition is in the docstring of :mod:`secinfo.transitions`.
    """
    actor, now = _check_call(policy, user, session, now, actor)
    _user_only(actor, "review their security info")
    _, refused = _gate(policy, user, Action.REVIEW, None, session=session, now=now, actor=actor)
    if refused is not None:
        return _denied(user, ev.simple_failure(user, Activity.USER_REVIEWED, refused, now), refused)
    after = attrs.evolve(user, last_reviewed_at=now)
    return Change(
        allowed=True,
        user=after,
        events=(ev.reviewed(after, now=now),),
        reasons=(Reason(code="reviewed", message="The user reviewed their security info."),),
    )


def cancel(
    policy: TenantPolicy,
    user: UserState,
    *,
    session: Session | None,
    now: datetime,
    actor: Actor | ActorName = Actor.USER,
) -> Change:
    """The user skips a skippable interrupt or review. Starts the MFA grace period
    (``first_prompted_at``) when MFA drives the prompt and it has not started. A nudge is
    skipped with :func:`snooze`; anything else that is not skippable is denied.

    A runnable example of every transition is in the docstring of :mod:`secinfo.transitions`.
    """
    actor, now = _check_call(policy, user, session, now, actor)
    _user_only(actor, "cancel a registration prompt")
    prompt = _prompt(policy, user, session, now)
    if prompt.mode not in (PromptMode.INTERRUPT, PromptMode.REVIEW) or not prompt.skippable:
        refused = [ev.cannot_cancel_reason(prompt)]
        return _denied(user, ev.simple_failure(user, Activity.USER_CANCELED, refused, now), refused)
    after = user
    if (
        prompt.mode is PromptMode.INTERRUPT
        and user.first_prompted_at is None
        and shortfall(policy, user, now=now).mfa_drives
    ):
        after = attrs.evolve(user, first_prompted_at=now)
    return Change(
        allowed=True,
        user=after,
        events=ev.canceled(after, now=now),
        reasons=(
            Reason(
                code="registration_canceled",
                message=f"The user skipped the {prompt.mode.value}.",
            ),
        ),
    )


def snooze(
    policy: TenantPolicy,
    user: UserState,
    *,
    session: Session | None,
    now: datetime,
    actor: Actor | ActorName = Actor.USER,
) -> Change:
    """The user postpones a skippable campaign nudge: counts and times the snooze
    ([R8](docs/rules.md#r8)).

    A runnable example of every transition is in the docstring of :mod:`secinfo.transitions`.
    """
    actor, now = _check_call(policy, user, session, now, actor)
    _user_only(actor, "snooze the registration campaign")
    prompt = _prompt(policy, user, session, now)
    if prompt.mode is not PromptMode.NUDGE or not prompt.skippable:
        refused = [ev.cannot_snooze_reason(prompt)]
        return _denied(user, ev.simple_failure(user, Activity.USER_SNOOZED, refused, now), refused)
    after = attrs.evolve(
        user,
        campaign=CampaignProgress(snoozes=user.campaign.snoozes + 1, last_snoozed_at=now),
    )
    return Change(
        allowed=True,
        user=after,
        events=(ev.snoozed(after, policy.campaign.snooze_days, now=now),),
        reasons=(
            Reason(
                code="campaign_snooze_recorded",
                message=f"The user snoozed the campaign ({after.campaign.snoozes} so far).",
            ),
        ),
    )


def _usable_pairs(
    policy: TenantPolicy, user: UserState, registration: Registration, now: datetime
) -> frozenset[tuple[Purpose, Method]]:
    return frozenset(
        (purpose, method)
        for purpose in Purpose
        for method in registration_usable(policy, user, registration, purpose, now=now)
    )


def policy_changed(
    old: TenantPolicy, new: TenantPolicy, user: UserState, *, now: datetime
) -> tuple[AuditEvent, ...]:
    """The events a policy edit produces for *user*: "Security info became unusable" / "became
    usable" per registration whose usable methods changed, and "Default security info
    reassigned" when the effective default moved. No event when nothing changed for the user.

    >>> from datetime import datetime, UTC
    >>> from secinfo import MethodSetting, MobilePhone, TenantPolicy, UserState
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> old = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True),
    ...                             MethodSetting(method="voice_mobile", mfa=True)])
    >>> new = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True)])
    >>> user = UserState(user_id="u1", preferred="voice_mobile", registrations=[MobilePhone(
    ...     id="p1", registered_at=now, number="+16502530000", verified_with="voice_mobile")])
    >>> [e.activity.value for e in policy_changed(old, new, user, now=now)]
    ['Security info became unusable', 'Default security info reassigned']
    """
    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, TenantPolicy):
            raise InvalidArgumentType(name, "expected a TenantPolicy")
    new, user, now, _ = _args.check_call(new, user, now=now)
    events: list[AuditEvent] = []
    for registration in user.registrations:
        before = _usable_pairs(old, user, registration, now)
        after = _usable_pairs(new, user, registration, now)
        lost = before - after
        gained = after - before
        if lost:
            events.append(ev.usability_changed(user, registration, lost, usable=False, now=now))
        if gained:
            events.append(ev.usability_changed(user, registration, gained, usable=True, now=now))
    old_default = default_method(old, user, now=now).method
    new_default = default_method(new, user, now=now).method
    if old_default != new_default:
        events.append(ev.default_reassigned(user, new_default, now=now, previous=old_default))
    return tuple(events)
