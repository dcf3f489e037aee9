"""What the Microsoft Graph importers share: the result and warning types, and tolerant readers.

Graph payloads are read *tolerantly*: unknown keys are ignored (Graph adds properties all the
time), and a string secinfo does not know where Graph declares an evolvable enum
(``unknownFutureValue`` and whatever comes after it) becomes a warning, never an error. What
cannot be read at all — a wrong JSON type, a missing required key, a malformed time or phone
number — is an :class:`~secinfo.errors.InvalidDocument` whose ``path`` is the dotted path inside
the Graph payload (``value.3.phoneNumber``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import attrs

from . import _reader as r
from ._mask import describe

__all__ = ["ImportResult", "ImportWarning", "WarningCode"]

T = TypeVar("T")


@enum.unique
class WarningCode(enum.StrEnum):
    """Why an importer warned. Each warning also carries a JSON path and a sentence."""

    UNKNOWN_CONFIGURATION = "unknown_configuration"
    """A policy configuration whose ``@odata.type`` secinfo does not know; it is ignored."""
    UNKNOWN_METHOD = "unknown_method"
    """A user's method whose ``@odata.type`` secinfo does not know; it is ignored."""
    UNMODELLED_METHOD = "unmodelled_method"
    """A method Graph knows and secinfo does not model (QR code + PIN, Verified ID, platform
    credentials, …); it is ignored."""
    UNKNOWN_VALUE = "unknown_value"
    """An enum member secinfo does not know (``unknownFutureValue`` or a newer one); the warning
    says how it was read."""
    APPROXIMATED = "approximated"
    """A setting secinfo models less finely than Graph expresses it; the warning says how."""
    ASSUMED_DEFAULT = "assumed_default"
    """Graph did not say (a beta-only property, a setting Graph does not hold); a documented
    default was used."""
    LEGACY_POLICIES = "legacy_policies"
    """The policy is not fully migrated: the legacy MFA and SSPR policies, which Graph does not
    expose, still apply too."""
    USER_TARGET = "user_target"
    """A target names a user, not a group; secinfo keeps the id as a group id."""
    OVERRIDDEN = "overridden"
    """A keyword argument replaced a value Graph gave."""
    PHONE_NORMALISED = "phone_normalised"
    """A phone number was rewritten to E.164 (a national trunk prefix dropped)."""
    PHONE_QUESTIONABLE = "phone_questionable"
    """A phone number secinfo's phone rules would refuse today; imported as it is."""
    EXTENSION_DROPPED = "extension_dropped"
    """An extension on a mobile or alternate phone, which secinfo does not model; dropped."""
    PREFERENCE_NOT_HELD = "preference_not_held"
    """The user's preferred method names something they have not registered."""
    LABEL_SHORTENED = "label_shortened"
    """A display name longer than secinfo's labels was shortened."""
    MORE_PAGES = "more_pages"
    """The payload has an ``@odata.nextLink``: only this page was imported."""


@attrs.frozen(kw_only=True)
class ImportWarning:
    """Something an importer could not carry over exactly.

    ``path`` is the dotted path inside the Graph payload (``""`` for the payload itself);
    ``message`` quotes Graph's values escaped, bounded and with phone numbers masked.

    >>> warning = ImportWarning(code=WarningCode.MORE_PAGES, path="@odata.nextLink",
    ...                         message="only the first page was imported")
    >>> warning.to_dict()["code"]
    'more_pages'
    """

    code: WarningCode
    path: str
    message: str

    def to_dict(self) -> dict[str, str]:
        """The JSON form: ``code``, ``path`` and ``message``."""
        return {"code": self.code.value, "path": self.path, "message": self.message}

    def __str__(self) -> str:
        where = self.path if self.path else "<payload>"
        return f"{where}: {self.message} [{self.code.value}]"


@attrs.frozen(kw_only=True)
class ImportResult(Generic[T]):
    """What an importer returns: the imported *value* and the warnings, in payload order.

    >>> ImportResult(value=1, warnings=()).warnings
    ()
    """

    value: T
    warnings: tuple[ImportWarning, ...] = ()


class Warnings:
    """Collects the warnings of one import, in the order they arise."""

    def __init__(self) -> None:
        self.items: list[ImportWarning] = []

    def add(self, code: WarningCode, path: str, message: str) -> None:
        """Record a warning."""
        self.items.append(ImportWarning(code=code, path=path, message=message))

    def result(self, value: T) -> ImportResult[T]:
        """The collected warnings with *value*."""
        return ImportResult(value=value, warnings=tuple(self.items))


# --------------------------------------------------------------------------------------------
# Tolerant readers: ``None`` for an absent key or ``null``, an error for a wrong type.
# --------------------------------------------------------------------------------------------

join = r.join
fail = r.fail
quote = describe


def obj(value: object, path: str) -> Mapping[str, object]:
    """A JSON object."""
    return r.mapping(value, path)


def array(value: object, path: str, *, max_items: int) -> Sequence[object]:
    """A JSON array of at most *max_items* elements."""
    return r.items(value, path, max_items=max_items)


def string(value: object, path: str, *, max_length: int) -> str:
    """A non-empty string of at most *max_length* characters."""
    return r.string(value, path, max_length=max_length)


def optional_array(
    document: Mapping[str, object], key: str, path: str, *, max_items: int
) -> Sequence[object]:
    """The array at *key*; an absent key or ``null`` is the empty array."""
    value = document.get(key)
    return () if value is None else array(value, join(path, key), max_items=max_items)


def text(document: Mapping[str, object], key: str, path: str, *, max_length: int) -> str | None:
    """The string at *key* (``None`` when absent or ``null``; the empty string is kept)."""
    value = document.get(key)
    if value is None:
        return None
    return r.string(value, join(path, key), max_length=max_length, allow_empty=True)


def required_text(document: Mapping[str, object], key: str, path: str, *, max_length: int) -> str:
    """The non-empty string at *key*, which must be present."""
    if document.get(key) is None:
        fail(join(path, key), f"required key {key!r} is missing or null")
    return r.string(document[key], join(path, key), max_length=max_length)


def flag(document: Mapping[str, object], key: str, path: str) -> bool | None:
    """The boolean at *key* (``None`` when absent or ``null``)."""
    value = document.get(key)
    return None if value is None else r.boolean(value, join(path, key))


def number(
    document: Mapping[str, object], key: str, path: str, *, low: int, high: int
) -> int | None:
    """The integer in ``[low, high]`` at *key* (``None`` when absent or ``null``)."""
    value = document.get(key)
    return None if value is None else r.integer(value, join(path, key), low=low, high=high)


def moment(document: Mapping[str, object], key: str, path: str) -> datetime | None:
    """The RFC 3339 time at *key* (``None`` when absent or ``null``); Graph's seven fractional
    digits are truncated to microseconds."""
    value = document.get(key)
    return None if value is None else r.time(value, join(path, key))


def choice(
    document: Mapping[str, object],
    key: str,
    path: str,
    known: Mapping[str, T],
    warnings: Warnings,
    *,
    meaning: str,
) -> T | None:
    """The member of *known* named by the string at *key* (compared case-insensitively, as
    Graph's casing differs between endpoints).

    ``None`` when the key is absent or ``null``; an unknown string (``unknownFutureValue`` or a
    newer member) is a warning whose message ends with *meaning* — what the importer does
    instead — and also gives ``None``.
    """
    value = document.get(key)
    if value is None:
        return None
    where = join(path, key)
    name = r.string(value, where, max_length=256, allow_empty=True)
    folded = {candidate.casefold(): candidate for candidate in known}
    candidate = folded.get(name.casefold())
    if candidate is None:
        names = ", ".join(repr(candidate) for candidate in known)
        warnings.add(
            WarningCode.UNKNOWN_VALUE,
            where,
            f"{quote(name)} is not one of {names}; {meaning}",
        )
        return None
    return known[candidate]


def odata_type(document: Mapping[str, object], path: str) -> str:
    """The ``@odata.type`` discriminator without its ``#microsoft.graph.`` prefix."""
    name = required_text(document, "@odata.type", path, max_length=256)
    for prefix in ("#microsoft.graph.", "microsoft.graph.", "#"):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def rfc3339(value: datetime) -> str:
    """A time as a secinfo document writes it: UTC with ``Z``."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def response_items(
    payload: object, path: str, what: str, warnings: Warnings, *, max_items: int
) -> tuple[Sequence[object], str]:
    """The elements of a Graph collection: a response object with ``value`` (warning when it has
    an ``@odata.nextLink``: only this page is read) or a bare list. Returns the elements and
    the path they sit under."""
    if isinstance(payload, Mapping):
        document = obj(payload, path)
        if "value" not in document:
            fail(join(path, "value"), f"required key 'value' (the list of {what}) is missing")
        if document.get("@odata.nextLink") is not None:
            warnings.add(
                WarningCode.MORE_PAGES,
                join(path, "@odata.nextLink"),
                f"the response has more pages; only the {what} of this page were imported",
            )
        where = join(path, "value")
        return array(document["value"], where, max_items=max_items), where
    return array(payload, path, max_items=max_items), path


def as_dict(value: Mapping[str, Any]) -> dict[str, Any]:
    """A shallow copy as a plain ``dict``."""
    return dict(value.items())
