"""Builders of the audit events and reasons the transitions produce ([R14](docs/rules.md#r14)).

Only masked phone numbers, masked email addresses and escaped labels ever reach an event.
"""

from __future__ import annotations

from datetime import datetime

from ._mask import escape_label, mask_label, mask_phone
from ._words import plural
from .audit import Activity, AuditEvent, EventResult
from .methods import KIND_TABLE, Actor, Kind, Method, Purpose
from .reasons import Reason
from .registrations import Registration, phone_number
from .results import PromptMode, RegistrationPrompt
from .user import UserState

KIND_LABELS: dict[Kind, str] = {row.kind: row.label for row in KIND_TABLE}
"""The display name of each kind, as Entra's audit reasons write it (the kind table's
``label``)."""

_VERBS = {
    Activity.USER_REGISTERED: "registered",
    Activity.ADMIN_REGISTERED: "registered",
    Activity.USER_UPDATED: "updated",
    Activity.ADMIN_UPDATED: "updated",
    Activity.USER_DELETED: "deleted",
    Activity.ADMIN_DELETED: "deleted",
}


def _name(registration: Registration) -> str:
    """How a reason names *registration*: the kind's label, or (an external method) its
    escaped display name ([R17](docs/rules.md#r17))."""
    return mask_label(registration.name_in_events)


def _who(actor: Actor) -> str:
    return "Admin" if actor is Actor.ADMIN else "User"


def _event(
    user: UserState,
    now: datetime,
    *,
    activity: Activity,
    reason: str,
    actor: Actor = Actor.USER,
    result: EventResult = EventResult.SUCCESS,
    target: str | None = None,
    details: dict[str, str] | None = None,
) -> AuditEvent:
    """An event about *user* at *now* (success by the user unless said otherwise)."""
    return AuditEvent(
        activity=activity,
        result=result,
        at=now,
        user_id=user.user_id,
        actor=actor,
        target=target,
        reason=reason,
        details={} if details is None else details,
    )


def registration_details(registration: Registration) -> dict[str, str]:
    """The masked, escaped description of *registration* for an event's details: kind, id and
    methods, then the kind's own entries
    (:meth:`~secinfo.registrations.RegistrationBase.details`)."""
    return {
        "kind": registration.kind.value,
        "registration_id": escape_label(registration.id),
        "methods": ",".join(m.value for m in registration.methods),
        **registration.details(),
    }


def _reason_details(reasons: list[Reason]) -> dict[str, str]:
    return {"reason_codes": ",".join(r.code for r in reasons)}


def registration_event(
    user: UserState,
    activity: Activity,
    registration: Registration,
    *,
    now: datetime,
    actor: Actor,
) -> AuditEvent:
    """The success event of a register, update or delete."""
    return _event(
        user,
        now,
        activity=activity,
        actor=actor,
        target=escape_label(registration.id),
        reason=f"{_who(actor)} {_VERBS[activity]} {_name(registration)}.",
        details=registration_details(registration),
    )


def done_reason(activity: Activity, registration: Registration) -> Reason:
    """The reason of a successful register, update or delete."""
    verb = _VERBS[activity]
    return Reason(
        code=f"registration_{verb}",
        message=f"The {_name(registration)} was {verb}.",
    )


def failure(
    user: UserState,
    activity: Activity,
    registration: Registration,
    reasons: list[Reason],
    now: datetime,
    actor: Actor,
) -> AuditEvent:
    """The one failure event of a denied register, update or delete."""
    verb = {"registered": "register", "updated": "update", "deleted": "delete"}[_VERBS[activity]]
    return _event(
        user,
        now,
        activity=activity,
        result=EventResult.FAILURE,
        actor=actor,
        target=escape_label(registration.id),
        reason=f"{_who(actor)} failed to {verb} {_name(registration)}.",
        details={**registration_details(registration), **_reason_details(reasons)},
    )


def simple_failure(
    user: UserState, activity: Activity, reasons: list[Reason], now: datetime
) -> AuditEvent:
    """The one failure event of a denied review, cancel or snooze."""
    texts = {
        Activity.USER_REVIEWED: "User failed to review security info.",
        Activity.USER_CANCELED: "User failed to cancel security info registration.",
        Activity.USER_SNOOZED: "User failed to snooze the registration campaign.",
    }
    return _event(
        user,
        now,
        activity=activity,
        result=EventResult.FAILURE,
        reason=texts[activity],
        details=_reason_details(reasons),
    )


def reregistration_failure(
    user: UserState, reasons: list[Reason], now: datetime, actor: Actor
) -> AuditEvent:
    """The one failure event of a "Require re-register MFA" that is not an administrator's."""
    return _event(
        user,
        now,
        activity=Activity.USER_DELETED if actor is Actor.USER else Activity.ADMIN_DELETED,
        result=EventResult.FAILURE,
        actor=actor,
        reason=f"{_who(actor)} failed to require re-registration of security info.",
        details=_reason_details(reasons),
    )


def method_label(user: UserState, method: Method) -> str:
    """Entra's wording for a default method, e.g. ``Text a code to +1 XXXXXXXX34`` (the method
    row's ``sign_in_label``; a telephony label is followed by the masked number of the user's
    first phone of the method's kind)."""
    label = method.facts.sign_in_label
    if label is None:
        return method.value
    if not method.facts.telephony:
        return label
    number = next(
        (phone_number(r) for r in user.registrations if r.kind is method.kind),
        None,
    )
    return label if number is None else f"{label} {mask_phone(number)}"


def default_changed(user: UserState, method: Method, *, now: datetime, actor: Actor) -> AuditEvent:
    """ "User changed default security info" for *method*."""
    return _event(
        user,
        now,
        activity=Activity.USER_CHANGED_DEFAULT,
        actor=actor,
        target=method.value,
        reason=f"User changed the default security info for {method_label(user, method)}",
        details={"method": method.value},
    )


def default_failure(
    user: UserState, method: Method, reasons: list[Reason], now: datetime, actor: Actor
) -> AuditEvent:
    """The failure event of a denied default change."""
    return _event(
        user,
        now,
        activity=Activity.USER_CHANGED_DEFAULT,
        result=EventResult.FAILURE,
        actor=actor,
        target=method.value,
        reason=f"User failed to change the default security info for {method_label(user, method)}",
        details={"method": method.value, **_reason_details(reasons)},
    )


def default_reassigned(
    user: UserState,
    method: Method | None,
    *,
    now: datetime,
    previous: Method | None = None,
) -> AuditEvent:
    """ "Default security info reassigned" (actor ``system``)."""
    if method is None:
        reason = "Default security info cleared: no method can be the default."
    else:
        reason = f"Default security info reassigned to {method_label(user, method)}."
    details = {"method": "" if method is None else method.value}
    if previous is not None:
        details["previous"] = previous.value
    return _event(
        user,
        now,
        activity=Activity.DEFAULT_REASSIGNED,
        actor=Actor.SYSTEM,
        target=None if method is None else method.value,
        reason=reason,
        details=details,
    )


def reassigned_reason(method: Method | None) -> Reason:
    """The reason accompanying a reassigned default."""
    if method is None:
        return Reason(code="default_cleared", message="No method can be the stored default now.")
    return Reason(
        code="default_reassigned",
        message=f"The stored default method is now {method.value}.",
    )


def registered_all(user: UserState, *, now: datetime, actor: Actor) -> AuditEvent:
    """ "User registered all required security info" (success)."""
    return _event(
        user,
        now,
        activity=Activity.USER_REGISTERED_ALL,
        actor=actor,
        reason="User registered all required security info.",
    )


def reviewed(user: UserState, *, now: datetime) -> AuditEvent:
    """ "User reviewed security info" (success)."""
    return _event(
        user,
        now,
        activity=Activity.USER_REVIEWED,
        reason="User successfully reviewed security info.",
    )


def canceled(user: UserState, *, now: datetime) -> tuple[AuditEvent, AuditEvent]:
    """The two events of a cancel: the failure row of "registered all" and the cancel itself."""
    text = "User canceled security info registration"
    return (
        _event(
            user,
            now,
            activity=Activity.USER_REGISTERED_ALL,
            result=EventResult.FAILURE,
            reason=text,
        ),
        _event(
            user,
            now,
            activity=Activity.USER_CANCELED,
            reason=text,
        ),
    )


def cannot_cancel_reason(prompt: RegistrationPrompt) -> Reason:
    """Why a cancel is denied."""
    if prompt.mode is PromptMode.NUDGE:
        return Reason(
            code="cancel_not_applicable",
            message="A campaign nudge is postponed with snooze, not canceled.",
        )
    if prompt.mode is PromptMode.NONE:
        return Reason(code="nothing_to_cancel", message="The user has no prompt to cancel.")
    return Reason(code="not_skippable", message=f"The {prompt.mode.value} cannot be skipped.")


def cannot_snooze_reason(prompt: RegistrationPrompt) -> Reason:
    """Why a snooze is denied."""
    if prompt.mode is not PromptMode.NUDGE:
        return Reason(code="no_nudge", message="The user is not being nudged by the campaign.")
    return Reason(
        code="snoozes_exhausted",
        message="The user has used every allowed snooze: setup is required.",
    )


def snoozed(user: UserState, days: int, *, now: datetime) -> AuditEvent:
    """ "User snoozed registration campaign"."""
    return _event(
        user,
        now,
        activity=Activity.USER_SNOOZED,
        reason=f"User snoozed the registration campaign for {plural(days, 'day')}.",
        details={"snoozes": str(user.campaign.snoozes)},
    )


def usability_changed(
    user: UserState,
    registration: Registration,
    pairs: frozenset[tuple[Purpose, Method]],
    *,
    usable: bool,
    now: datetime,
) -> AuditEvent:
    """ "Security info became usable/unusable" for one registration after a policy edit."""
    changed = ",".join(
        f"{method.value}:{purpose.value}"
        for purpose, method in sorted(pairs, key=lambda p: (p[1].rank, p[0].value))
    )
    state = "usable" if usable else "unusable"
    return _event(
        user,
        now,
        activity=Activity.BECAME_USABLE if usable else Activity.BECAME_UNUSABLE,
        actor=Actor.SYSTEM,
        target=escape_label(registration.id),
        reason=f"A policy change made {_name(registration)} {state} for {changed}.",
        details={**registration_details(registration), "changed": changed},
    )
