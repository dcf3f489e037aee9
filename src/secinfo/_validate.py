"""attrs validators and converters that raise :class:`InvalidArgument` naming the field."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from itertools import repeat
from typing import Any, TypeVar

import attrs

from ._mask import E164, describe, is_safe_text
from .errors import InvalidArgument, InvalidArgumentType

E = TypeVar("E", bound=enum.Enum)
_Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def invalid(field: str, value: object, message: str, *, expected: type = str) -> InvalidArgument:
    """The error for a refused *value*: :class:`InvalidArgumentType` (also a ``TypeError``) when
    it is not even an instance of *expected*, else :class:`InvalidArgument`."""
    if isinstance(value, expected):
        return InvalidArgument(field, message)
    return InvalidArgumentType(field, message)


def require_aware(field: str, value: object) -> datetime:
    """*value* in UTC if it is a timezone-aware datetime, else raise InvalidArgument.

    Everything secinfo computes with time is in UTC, so that a day is 86,400 s even in a zone
    with daylight saving time (Python adds a timedelta to a zoned datetime in wall-clock time).
    """
    if not isinstance(value, datetime):
        raise InvalidArgumentType(field, f"expected an aware datetime, got {describe(value)}")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise InvalidArgument(field, f"naive datetime {value} (a time zone is required)")
    if value.tzinfo is UTC:
        return value
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise InvalidArgument(field, f"{value} cannot be expressed in UTC") from None


def to_utc(value: object) -> Any:
    """Converter: an aware datetime to the same instant in UTC; anything else passes through
    for the validator to report."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        offset = value.tzinfo.utcoffset(value)
        if offset is not None:
            try:
                return value.astimezone(UTC)
            except OverflowError:
                return value
    return value


def aware(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: an aware datetime."""
    require_aware(attribute.name, value)


def optional_aware(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: ``None`` or an aware datetime."""
    if value is not None:
        require_aware(attribute.name, value)


def text(
    *, allow_empty: bool = False, max_length: int = 256, printable: bool = False
) -> _Validator:
    """Validator: a ``str`` (non-empty unless allowed) of bounded length; with *printable*, one
    that needs no escaping (no control, format or separator character but the space: what
    :func:`secinfo._mask.escape_label` would escape is refused)."""

    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            raise InvalidArgumentType(attribute.name, f"expected a string, got {describe(value)}")
        if not value and not allow_empty:
            raise InvalidArgument(attribute.name, "must not be empty")
        if len(value) > max_length:
            raise InvalidArgument(attribute.name, f"longer than {max_length} characters")
        if printable and not is_safe_text(value):
            what = (
                "a lone surrogate"
                if any("\ud800" <= char <= "\udfff" for char in value)
                else "a control, format (bidirectional or zero-width) or separator character"
            )
            raise InvalidArgument(attribute.name, f"{describe(value)} contains {what}")

    return check


def flag(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: a real ``bool``."""
    if not isinstance(value, bool):
        raise InvalidArgumentType(attribute.name, f"expected true or false, got {describe(value)}")


def int_range(low: int, high: int | None = None) -> _Validator:
    """Validator: an ``int`` (not a bool) in ``[low, high]``."""

    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidArgumentType(attribute.name, f"expected an integer, got {describe(value)}")
        if value < low or (high is not None and value > high):
            bounds = f"{low}–{high}" if high is not None else f"at least {low}"
            raise InvalidArgument(attribute.name, f"{describe(value)} is out of range ({bounds})")

    return check


def e164(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: an E.164 string (``+`` and 8–15 digits)."""
    if not isinstance(value, str) or not E164.fullmatch(value):
        raise invalid(
            attribute.name,
            value,
            f"{describe(value, phone=True)} is not an E.164 number (+ and 8–15 digits)",
        )


def optional_e164(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: ``None`` or an E.164 string."""
    if value is not None:
        e164(inst, attribute, value)


def member(enum_type: type[E]) -> _Validator:
    """Validator: an instance of *enum_type* (converters turn strings into members first)."""

    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, enum_type):
            raise invalid(attribute.name, value, f"{describe(value)} is not a {enum_type.__name__}")

    return check


def enum_value(enum_type: type[E], value: object) -> Any:
    """Convert a wire string (or a member) to a member; other values pass through so that
    the field's validator reports them."""
    if isinstance(value, enum_type):
        return value
    if isinstance(value, str):
        try:
            return enum_type(value)
        except ValueError:
            return value
    return value


def to_frozenset(value: object) -> object:
    """Converter: any non-string iterable of hashable items to a frozenset; other values (an
    unhashable item, an iterator that fails) pass through, as a tuple when they were iterable,
    for the validator to report."""
    if isinstance(value, frozenset):
        return value
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return value
    items = to_tuple(value)
    if not isinstance(items, tuple):
        return items
    try:
        return frozenset(items)
    except TypeError:  # an unhashable item: the validator names it
        return items


def to_tuple(value: object) -> object:
    """Converter: any non-string iterable to a tuple; other values pass through."""
    if isinstance(value, tuple):
        return value
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        return value
    try:
        return tuple(value)
    except Exception:  # a broken iterable is reported by the validator, as the value itself
        return value


def group_set(field: str, value: object) -> frozenset[str]:
    """A function argument that is a collection of group ids (any non-string iterable of
    strings), as a frozenset; anything else is :class:`InvalidArgumentType` naming *field*."""
    # The common case, a frozenset of strings, checked without a Python-level loop.
    if type(value) is frozenset and all(map(isinstance, value, repeat(str))):
        return value
    converted = to_frozenset(value)
    if not isinstance(converted, frozenset) or not all(isinstance(i, str) for i in converted):
        raise InvalidArgumentType(
            field, f"expected a collection of group ids, got {describe(value)}"
        )
    return converted


GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
"""A lower-case GUID (an authenticator's AAGUID)."""


def to_lower(value: object) -> Any:
    """Converter: a string in lower case (GUIDs compare case-insensitively); anything else
    passes through for the validator to report."""
    return value.lower() if isinstance(value, str) else value


def to_lower_set(value: object) -> object:
    """Converter: :func:`to_frozenset`, each string in lower case."""
    converted = to_frozenset(value)
    if isinstance(converted, frozenset):
        return frozenset(to_lower(item) for item in converted)
    return converted


def guid(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: a lower-case GUID string (``xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx``)."""
    if not isinstance(value, str) or not GUID.fullmatch(value):
        raise invalid(attribute.name, value, f"{describe(value)} is not a GUID")


def guid_set(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: a frozenset of lower-case GUID strings."""
    if not isinstance(value, frozenset):
        raise InvalidArgumentType(attribute.name, f"expected a set of GUIDs, got {describe(value)}")
    for item in value:
        if not isinstance(item, str) or not GUID.fullmatch(item):
            raise invalid(attribute.name, item, f"{describe(item)} is not a GUID")


def string_set(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: a frozenset of non-empty strings."""
    if not isinstance(value, frozenset):
        raise InvalidArgumentType(
            attribute.name, f"expected a set of strings, got {describe(value)}"
        )
    for item in value:
        if not isinstance(item, str) or not item:
            raise InvalidArgument(attribute.name, f"{describe(item)} is not a non-empty string")
