"""One user's state: groups, registrations, default preference, review and campaign progress."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from . import _fields as f
from . import _validate as v
from ._fields import MAX_SNOOZES
from ._mask import describe, mask_phone
from .errors import InvalidArgument, InvalidArgumentType
from .methods import STORABLE_DEFAULT_METHODS, Method, by_rank
from .registrations import REGISTRATION_CLASSES, Registration

__all__ = ["PREFERABLE_METHODS", "CampaignProgress", "UserState"]


def _to_optional_method(value: object) -> Any:
    return None if value is None else v.enum_value(Method, value)


PREFERABLE_METHODS: frozenset[Method] = STORABLE_DEFAULT_METHODS
"""Methods a user may store as ``preferred`` (Graph's
``userPreferredMethodForSecondaryAuthentication``): the ``storable_default`` rows of
:data:`secinfo.methods.METHOD_TABLE`."""


@attrs.frozen(kw_only=True)
class CampaignProgress:
    """How often, and when last, the user snoozed the registration campaign."""

    snoozes: int = attrs.field(default=0, validator=f.integer(0, cap=MAX_SNOOZES))
    last_snoozed_at: datetime | None = attrs.field(
        default=None, converter=v.to_utc, validator=f.time(optional=True)
    )


def _registrations(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise InvalidArgumentType(attribute.name, f"expected a tuple, got {describe(value)}")
    seen: set[str] = set()
    for index, item in enumerate(value):
        if not isinstance(item, REGISTRATION_CLASSES):
            raise InvalidArgumentType(
                f"{attribute.name}.{index}", f"{describe(item)} is not a registration"
            )
        if item.id in seen:
            raise InvalidArgument(
                f"{attribute.name}.{index}.id", f"registration id {describe(item.id)} is repeated"
            )
        seen.add(item.id)


def _preferred(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not (isinstance(value, Method) and value in PREFERABLE_METHODS):
        raise v.invalid(
            attribute.name, value, f"{describe(value)} cannot be a preferred (default) method"
        )


def _masked(value: object) -> str:
    return repr(mask_phone(value)) if isinstance(value, str) else repr(value)


@attrs.frozen(kw_only=True)
class UserState:
    """Everything secinfo knows about one user. Immutable: transitions return a new one.

    ``user_id`` is written into every audit event as it is, so it may not contain a control,
    format (bidirectional, zero-width) or separator character (see docs/decisions.md).

    >>> from datetime import datetime, UTC
    >>> from secinfo import Email
    >>> user = UserState(user_id="u1", registrations=[Email(
    ...     id="e1", registered_at=datetime(2026, 1, 1, tzinfo=UTC), address="a@example.com")])
    >>> user.registration("e1").address
    'a@example.com'
    """

    user_id: str = attrs.field(validator=f.text(max_length=256, printable=True))
    groups: frozenset[str] = attrs.field(
        default=frozenset(), converter=v.to_frozenset, validator=f.groups()
    )
    registrations: tuple[Registration, ...] = attrs.field(
        default=(), converter=v.to_tuple, validator=f.registrations(_registrations)
    )
    preferred: Method | None = attrs.field(
        default=None,
        converter=_to_optional_method,
        validator=f.choice(Method, *by_rank(PREFERABLE_METHODS), optional=True, check=_preferred),
    )
    last_reviewed_at: datetime | None = attrs.field(
        default=None, converter=v.to_utc, validator=f.time(optional=True)
    )
    first_prompted_at: datetime | None = attrs.field(
        default=None, converter=v.to_utc, validator=f.time(optional=True)
    )
    campaign: CampaignProgress = attrs.field(
        factory=CampaignProgress, validator=f.section(CampaignProgress)
    )
    business_phone: str | None = attrs.field(
        default=None, validator=f.phone(optional=True), repr=_masked
    )

    def find(self, registration_id: str) -> Registration | None:
        """The registration with *registration_id*, or ``None``."""
        for registration in self.registrations:
            if registration.id == registration_id:
                return registration
        return None

    def registration(self, registration_id: str) -> Registration:
        """The registration with *registration_id*; :class:`InvalidArgument` if there is none."""
        found = self.find(registration_id)
        if found is not None:
            return found
        raise InvalidArgument(
            "registration_id", f"no registration with id {describe(registration_id)}"
        )
