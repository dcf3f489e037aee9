"""Hand-written, path-aware readers for the JSON-ready documents of :mod:`secinfo.documents`.

Every function takes the raw value and its dotted path and either returns a checked Python value
or raises :class:`InvalidDocument` naming the path and quoting the offending value through
:func:`describe` (never recursing into it, so deep or huge values are harmless).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, NoReturn, TypeVar

import attrs

from ._mask import E164, describe, escape_label, mask_email_like, mask_phone
from .errors import InvalidArgument, InvalidDocument

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

MAX_PATH_KEY = 60
"""Longest key quoted verbatim in a path; longer keys are truncated with ``…``."""

MAX_TIME_LENGTH = 40
"""Longest string considered as an RFC 3339 time (longer ones are rejected unparsed)."""

_RFC3339 = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"[Tt](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?:\.(?P<fraction>[0-9]{1,9}))?"
    r"(?P<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})",
    re.ASCII,
)


def quote(value: object, *, phone: bool = False) -> str:
    """:func:`describe` *value*, masking it as a phone number when asked to or when it looks
    like one (an E.164 string in a non-phone field is still somebody's number)."""
    looks_like_phone = isinstance(value, str) and E164.fullmatch(value) is not None
    return describe(value, phone=phone or looks_like_phone)


def fail(path: str, message: str) -> NoReturn:
    """Raise :class:`InvalidDocument` at *path*."""
    raise InvalidDocument(path, message)


def join(path: str, key: str | int) -> str:
    """The dotted path of *key* below *path* (long keys truncated, unsafe characters escaped,
    phone numbers and e-mail addresses masked)."""
    if isinstance(key, int):
        part = str(key)
    else:
        part = (
            mask_phone(key)
            if E164.fullmatch(key)
            else mask_email_like(escape_label(key[: MAX_PATH_KEY + 1]))
        )
        if len(part) > MAX_PATH_KEY:
            part = part[:MAX_PATH_KEY] + "…"
    return f"{path}.{part}" if path else part


def mapping(value: object, path: str) -> Mapping[str, object]:
    """A JSON object (any :class:`~collections.abc.Mapping` with string keys)."""
    if not isinstance(value, Mapping):
        fail(path, f"expected an object, got {quote(value)}")
    for key in value:
        if not isinstance(key, str):
            fail(path, f"key {quote(key)} is not a string")
    return value


def items(value: object, path: str, *, max_items: int) -> Sequence[object]:
    """A JSON array (a ``list`` or ``tuple``) of at most *max_items* elements."""
    if not isinstance(value, list | tuple):
        fail(path, f"expected a list, got {quote(value)}")
    if len(value) > max_items:
        fail(path, f"{quote(value)} has more than {max_items} items")
    return value


def string(
    value: object, path: str, *, max_length: int, allow_empty: bool = False, phone: bool = False
) -> str:
    """A string of at most *max_length* characters (non-empty unless *allow_empty*)."""
    if not isinstance(value, str):
        fail(path, f"expected a string, got {quote(value, phone=phone)}")
    if len(value) > max_length:
        fail(path, f"{quote(value, phone=phone)} is longer than {max_length} characters")
    if not value and not allow_empty:
        fail(path, f"{quote(value)} must not be empty")
    return str.__str__(value)


def phone_number(value: object, path: str) -> str:
    """An E.164 phone number (``+`` and 8–15 digits); messages mask it."""
    number = string(value, path, max_length=16, phone=True)
    if not E164.fullmatch(number):
        fail(path, f"{quote(number, phone=True)} is not an E.164 number (+ and 8–15 digits)")
    return number


def boolean(value: object, path: str) -> bool:
    """``true`` or ``false`` (never an integer)."""
    if not isinstance(value, bool):
        fail(path, f"expected true or false, got {quote(value)}")
    return value


def integer(value: object, path: str, *, low: int, high: int) -> int:
    """An integer in ``[low, high]`` (never a bool or a float, even an integral one)."""
    if isinstance(value, bool) or not isinstance(value, int):
        fail(path, f"expected an integer, got {quote(value)}")
    if not low <= value <= high:
        fail(path, f"{quote(value)} is out of range ({low}–{high})")
    return int(value)


def member(value: object, path: str, enum_type: type[E], *, allowed: Sequence[E] = ()) -> E:
    """The member of *enum_type* whose value is the string *value* (case-sensitive), optionally
    restricted to *allowed*."""
    if isinstance(value, str) and len(value) <= 64:
        choice = _members(enum_type).get(value)
        if choice is not None and (not allowed or choice in allowed):
            return choice
    choices = allowed or tuple(enum_type)
    names = ", ".join(repr(choice.value) for choice in choices)  # only a refusal pays for it
    fail(path, f"{quote(value)} is not one of {names}")


_MEMBERS: dict[type[Any], dict[str, Any]] = {}


def _members(enum_type: type[E]) -> dict[str, E]:
    """*enum_type*'s members by their string value (built once per enum class)."""
    table = _MEMBERS.get(enum_type)
    if table is None:
        table = _MEMBERS[enum_type] = {
            member.value: member for member in enum_type if isinstance(member.value, str)
        }
    return table


def optional(read: Callable[[object, str], T]) -> Callable[[object, str], T | None]:
    """A reader that also accepts ``null``."""

    def read_optional(value: object, path: str) -> T | None:
        return None if value is None else read(value, path)

    return read_optional


def time(value: object, path: str) -> datetime:
    """An RFC 3339 date-time with ``Z`` or a numeric offset (``2026-01-05T09:00:00Z``).

    A naive time (no offset) or any other ISO 8601 variant is refused; fractions beyond
    microseconds are truncated. The result keeps the document's offset (``Z`` gives UTC).
    """
    if not isinstance(value, str):
        fail(path, f"expected an RFC 3339 time string, got {quote(value)}")
    match = _RFC3339.fullmatch(value) if len(value) <= MAX_TIME_LENGTH else None
    if match is None:
        hint = " (an offset such as Z or +01:00 is required)" if _naive(value) else ""
        fail(path, f"{quote(value)} is not an RFC 3339 time{hint}")
    fields = match.groupdict()
    offset = fields["offset"]
    try:
        if offset in ("Z", "z"):
            zone: timezone = UTC
        else:
            hours, minutes = int(offset[1:3]), int(offset[4:6])
            if hours > 23 or minutes > 59:
                raise ValueError
            sign = -1 if offset[0] == "-" else 1
            zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
        return datetime(
            int(fields["year"]),
            int(fields["month"]),
            int(fields["day"]),
            int(fields["hour"]),
            int(fields["minute"]),
            int(fields["second"]),
            int((fields["fraction"] or "0").ljust(6, "0")[:6]),
            tzinfo=zone,
        )
    except ValueError:
        fail(path, f"{quote(value)} is not a valid RFC 3339 time (date, time or offset)")


def _naive(value: str) -> bool:
    return len(value) <= MAX_TIME_LENGTH and bool(
        re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9:.]+", value, re.ASCII)
    )


def string_set(value: object, path: str, *, max_items: int, max_length: int) -> frozenset[str]:
    """A list of non-empty strings, as a set (duplicates are allowed and merged)."""
    elements = items(value, path, max_items=max_items)
    return frozenset(
        string(element, join(path, index), max_length=max_length)
        for index, element in enumerate(elements)
    )


_REQUIRED: Any = object()


@attrs.frozen
class Field:
    """One key of an object: how to read it and, when optional, that it may be omitted.

    An omitted optional key is simply not passed to the constructor, so the constructor's
    default applies (the defaults live in one place: the model).
    """

    name: str
    read: Callable[[object, str], object]
    required: bool = False


def fields(value: object, path: str, spec: Sequence[Field]) -> dict[str, Any]:
    """Read an object whose keys are exactly those of *spec* (optional ones may be omitted).

    Unknown keys are reported first (without looking at their values), then missing
    required keys, then each value in *spec* order.
    """
    document = mapping(value, path)
    known = {field.name: field for field in spec}
    for key in document:
        if key not in known:
            fail(join(path, key), f"unknown key {quote(key)}")
    result: dict[str, Any] = {}
    for field in spec:
        if field.name not in document:
            if field.required:
                fail(join(path, field.name), f"required key {field.name!r} is missing")
            continue
        result[field.name] = field.read(document[field.name], join(path, field.name))
    return result


def construct(path: str, build: Callable[..., T], **kwargs: Any) -> T:
    """Call a model constructor, translating its :class:`InvalidArgument` into
    :class:`InvalidDocument` at ``path.<field>``."""
    try:
        return build(**kwargs)
    except InvalidArgument as error:
        prefix = f"{error.path}: "
        message = (
            error.message[len(prefix) :] if error.message.startswith(prefix) else error.message
        )
        raise InvalidDocument(join(path, error.path) if error.path else path, message) from None
