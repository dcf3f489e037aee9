"""Audit events ([R14](docs/rules.md#r14)): what a change produced, in Entra's vocabulary."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import attrs

from . import _validate as v
from ._mask import describe
from .errors import InvalidArgumentType
from .methods import Actor

__all__ = ["CATEGORY", "SERVICE", "Activity", "AuditEvent", "EventResult"]

CATEGORY = "UserManagement"
"""The audit category of every event."""

SERVICE = "Authentication Methods"
"""The audit service of every event."""


class Activity(enum.StrEnum):
    """The activity (display name) of an audit event: Entra's names, and four of ours."""

    USER_REGISTERED = "User registered security info"
    USER_REGISTERED_ALL = "User registered all required security info"
    USER_DELETED = "User deleted security info"
    USER_UPDATED = "User updated security info"
    USER_CHANGED_DEFAULT = "User changed default security info"
    USER_REVIEWED = "User reviewed security info"
    USER_CANCELED = "User canceled security info registration"
    ADMIN_REGISTERED = "Admin registered security info"
    ADMIN_UPDATED = "Admin updated security info"
    ADMIN_DELETED = "Admin deleted security info"
    DEFAULT_REASSIGNED = "Default security info reassigned"
    BECAME_UNUSABLE = "Security info became unusable"
    BECAME_USABLE = "Security info became usable"
    USER_SNOOZED = "User snoozed registration campaign"


class EventResult(enum.StrEnum):
    """Whether the audited activity succeeded."""

    SUCCESS = "success"
    FAILURE = "failure"


def _to_activity(value: object) -> Any:
    return v.enum_value(Activity, value)


def _to_result(value: object) -> Any:
    return v.enum_value(EventResult, value)


def _to_actor(value: object) -> Any:
    return v.enum_value(Actor, value)


def _to_details(value: object) -> Any:
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    return v.to_tuple(value)


def _details(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(
        isinstance(item, tuple)
        and len(item) == 2
        and isinstance(item[0], str)
        and isinstance(item[1], str)
        for item in value
    ):
        raise InvalidArgumentType(
            attribute.name, f"expected str → str pairs, got {describe(value)}"
        )


@attrs.frozen(kw_only=True)
class AuditEvent:
    """One audit record. Never carries a secret, an OTP or a full phone number.

    ``details`` is a tuple of ``(key, value)`` string pairs (a mapping is accepted and sorted).

    >>> from datetime import datetime, UTC
    >>> event = AuditEvent(activity=Activity.USER_REVIEWED, result=EventResult.SUCCESS,
    ...     at=datetime(2026, 11, 25, 12, tzinfo=UTC), user_id="u1", actor=Actor.USER,
    ...     target=None, reason="User successfully reviewed security info.")
    >>> event.to_dict()["category"], event.to_dict()["at"]
    ('UserManagement', '2026-11-25T12:00:00Z')
    """

    activity: Activity = attrs.field(converter=_to_activity, validator=v.member(Activity))
    result: EventResult = attrs.field(converter=_to_result, validator=v.member(EventResult))
    at: datetime = attrs.field(converter=v.to_utc, validator=v.aware)
    user_id: str = attrs.field(validator=v.text(max_length=256))
    actor: Actor = attrs.field(converter=_to_actor, validator=v.member(Actor))
    target: str | None = attrs.field(default=None)
    reason: str = attrs.field(validator=v.text(allow_empty=True, max_length=1024))
    details: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_to_details, validator=_details
    )
    category: str = attrs.field(default=CATEGORY, init=False)
    service: str = attrs.field(default=SERVICE, init=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form; ``at`` in UTC (RFC 3339 with ``Z``)."""
        return {
            "activity": self.activity.value,
            "result": self.result.value,
            "at": self.at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "user_id": self.user_id,
            "actor": self.actor.value,
            "target": self.target,
            "reason": self.reason,
            "details": dict(self.details),
            "category": self.category,
            "service": self.service,
        }
