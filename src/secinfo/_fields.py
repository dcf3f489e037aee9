"""Field specs: each attrs field of a model class states its shape and bounds once, and the
model's validator, the document reader and writer (:mod:`secinfo.documents`) and the Hypothesis
strategies (:mod:`secinfo.testing`) are all derived from it.

A spec *is* the field's validator: a model writes ``attrs.field(default=1,
validator=integer(1, 2))`` (converters stay explicit, so type checkers see what ``__init__``
accepts), and :func:`spec` reads the shape back from the attrs field. Document caps (most items
of a list, largest value of an unbounded integer) are in this module too, so that every bound is
stated in one place.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from . import _validate as v
from ._mask import E164, describe
from .errors import InvalidArgument

__all__ = [
    "GUID_LENGTH",
    "MAX_AAGUIDS",
    "MAX_GROUPS",
    "MAX_GROUP_LENGTH",
    "MAX_LIMIT",
    "MAX_NAME_LENGTH",
    "MAX_PROVIDERS",
    "MAX_REGIONS",
    "MAX_REGISTRATIONS",
    "MAX_SNOOZES",
    "MAX_TARGETS",
    "Shape",
    "Spec",
    "choice",
    "digits",
    "email",
    "flag",
    "groups",
    "guid",
    "guids",
    "integer",
    "label",
    "methods",
    "name",
    "names",
    "phone",
    "regions",
    "registrations",
    "section",
    "spec",
    "specs",
    "targets",
    "text",
    "time",
    "words",
]

MAX_REGISTRATIONS = 1000
"""Most registrations a user document may hold."""
MAX_GROUPS = 10_000
"""Most groups a user document may list."""
MAX_TARGETS = 10_000
"""Most entries of one target list (``include``, ``exclude``, ``enforced_for``, …)."""
MAX_GROUP_LENGTH = 256
"""Longest group id (in targets and in a user's ``groups``)."""
MAX_LIMIT = MAX_REGISTRATIONS
"""Largest value of a ``limits`` entry."""
MAX_SNOOZES = 1_000_000
"""Largest ``campaign.snoozes`` of a user."""
MAX_REGIONS = 300
"""Most entries of ``phone.allowed_regions`` / ``phone.blocked_regions``."""
MAX_AAGUIDS = 1000
"""Most entries of ``methods.passkey.key_restrictions.aaguids``."""
MAX_PROVIDERS = 100
"""Most entries of ``methods.external_authentication.providers``."""
MAX_NAME_LENGTH = 256
"""Longest identifier in a set of names (an external authentication provider)."""
GUID_LENGTH = 36
"""The length of a GUID string."""

_Check = Callable[[Any, "attrs.Attribute[Any]", Any], None]


class Shape(enum.Enum):
    """What kind of value a field holds (its JSON form follows from it)."""

    TEXT = "text"  # a bounded string (an id)
    LABEL = "label"  # a user-chosen name (a device name, a token serial): escaped in events
    EMAIL = "email"  # an email address
    DIGITS = "digits"  # ASCII digits (an extension)
    FLAG = "flag"  # true or false
    INTEGER = "integer"  # an integer in [low, high]
    CHOICE = "choice"  # a member of an enum (optionally of some members only)
    PHONE = "phone"  # an E.164 number
    TIME = "time"  # an aware datetime (RFC 3339 in documents)
    TARGETS = "targets"  # a set of group ids (``all`` for everyone)
    REGIONS = "regions"  # a set of region codes
    GUID = "guid"  # a lower-case GUID (an AAGUID)
    GUIDS = "guids"  # a set of lower-case GUIDs
    NAME = "name"  # an identifier (an external authentication provider)
    NAMES = "names"  # a set of identifiers (external authentication providers)
    SECTION = "section"  # a nested attrs class (a section of a document)
    METHODS = "methods"  # a non-empty set of methods (of ``choices`` when given)
    REGISTRATIONS = "registrations"  # a list of registrations (each of its kind's class)
    WORDS = "words"  # a list of strings from a fixed vocabulary (``words``)


@attrs.frozen(kw_only=True)
class Spec:
    """The shape and bounds of one field, and its validator (a spec is called like one).

    ``low``/``high``: an integer's range, a string's longest length or a list's most items
    (``high``); ``cap``: the largest value a document may give an integer the model leaves
    unbounded; ``choices``: the members a choice allows (every member of ``enum_type`` when
    empty); ``words``: the strings a list of words (or of region codes) may hold; ``pattern``:
    a regular expression (Python's and JSON Schema's common subset) every string of the field
    matches in full; ``optional``: ``None`` (JSON ``null``) is allowed; ``section``: the class of
    a nested section; ``check``: the model's validation; ``printable``: a string may hold no
    control, format or separator character but the space; ``custom``: ``check`` decides more
    than the shape and bounds above say (a fast reader must run it on the value it built).
    """

    shape: Shape
    check: _Check = attrs.field(repr=False)
    low: int = 0
    high: int | None = None
    cap: int | None = None
    enum_type: type[enum.Enum] | None = None
    choices: tuple[enum.Enum, ...] = ()
    words: tuple[str, ...] = ()
    pattern: str | None = None
    optional: bool = False
    section: type[Any] | None = None
    printable: bool = False
    custom: bool = False

    def __call__(self, inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and self.optional:
            return
        self.check(inst, attribute, value)

    @property
    def upper(self) -> int:
        """The largest value (or length) a document may hold: ``high``, else ``cap``."""
        bound = self.high if self.high is not None else self.cap
        if bound is None:
            raise ValueError("an unbounded integer needs a document cap")
        return bound

    @property
    def allowed(self) -> tuple[Any, ...]:
        """The members a choice allows."""
        assert self.enum_type is not None
        return self.choices or tuple(self.enum_type)


def spec(attribute: attrs.Attribute[Any]) -> Spec:
    """The spec of an attrs field whose validator is a :class:`Spec`."""
    found = attribute.validator
    if not isinstance(found, Spec):
        raise TypeError(f"field {attribute.name!r} has no spec")
    return found


def specs(
    cls: type[Any], *, skip: tuple[str, ...] = ()
) -> tuple[tuple[attrs.Attribute[Any], Spec], ...]:
    """Every field of the attrs class *cls* (but those named in *skip*) with its spec, in
    declaration order."""
    return tuple(
        (attribute, spec(attribute))
        for attribute in attrs.fields(cls)
        if attribute.name not in skip
    )


def text(max_length: int, *, printable: bool = False) -> Spec:
    """A non-empty string of at most *max_length* characters; with *printable*, one without any
    control, format (bidirectional, zero-width) or separator character but the space."""
    check = v.text(max_length=max_length, printable=printable)
    return Spec(shape=Shape.TEXT, high=max_length, printable=printable, check=check)


def label(max_length: int = 256) -> Spec:
    """A user-chosen name of at most *max_length* characters."""
    return Spec(shape=Shape.LABEL, high=max_length, check=v.text(max_length=max_length))


def email(check: _Check, *, pattern: str, max_length: int = 254) -> Spec:
    """An email address matching *pattern* (*check* decides what the model accepts)."""
    return Spec(shape=Shape.EMAIL, high=max_length, pattern=pattern, check=check)


def digits(check: _Check, *, max_length: int, optional: bool = False) -> Spec:
    """Up to *max_length* ASCII digits (*check* decides what the model accepts)."""
    return Spec(
        shape=Shape.DIGITS,
        high=max_length,
        pattern=f"[0-9]{{1,{max_length}}}",
        optional=optional,
        check=check,
    )


def flag(check: _Check = v.flag) -> Spec:
    """``True`` or ``False`` (*check* may add a rule)."""
    return Spec(shape=Shape.FLAG, custom=check is not v.flag, check=check)


def integer(low: int, high: int | None = None, *, cap: int | None = None) -> Spec:
    """An integer in ``[low, high]`` (unbounded above when *high* is ``None``; documents then
    stop at *cap*)."""
    return Spec(shape=Shape.INTEGER, low=low, high=high, cap=cap, check=v.int_range(low, high))


def phone(*, optional: bool = False) -> Spec:
    """An E.164 phone number."""
    return Spec(shape=Shape.PHONE, pattern=E164.pattern, optional=optional, check=v.e164)


def _choice_check(enum_type: type[enum.Enum], choices: tuple[enum.Enum, ...]) -> _Check:
    if not choices:
        return v.member(enum_type)
    names = " or ".join(repr(choice.value) for choice in choices)

    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            raise v.invalid(attribute.name, value, f"{describe(value)} is not {names}")

    return check


def choice(
    enum_type: type[enum.Enum],
    *choices: enum.Enum,
    optional: bool = False,
    check: _Check | None = None,
) -> Spec:
    """A member of *enum_type*, one of *choices* when given (the field's converter turns wire
    strings into members); *check* replaces the model's default check (to word its message)."""
    return Spec(
        shape=Shape.CHOICE,
        enum_type=enum_type,
        choices=choices,
        optional=optional,
        custom=check is not None,
        check=check if check is not None else _choice_check(enum_type, choices),
    )


def time(*, optional: bool = False, check: _Check = v.aware) -> Spec:
    """An aware datetime (the field's converter keeps it in UTC); *check* replaces the model's
    check (to relate the time to another field)."""
    return Spec(shape=Shape.TIME, optional=optional, custom=check is not v.aware, check=check)


def targets() -> Spec:
    """A set of group ids (the field's converter accepts any iterable of strings)."""
    return Spec(shape=Shape.TARGETS, high=MAX_TARGETS, check=v.string_set)


def groups() -> Spec:
    """A user's groups: a set of group ids, like targets (``all`` has no special meaning)."""
    return Spec(shape=Shape.TARGETS, high=MAX_GROUPS, check=v.string_set)


def regions(check: _Check, *, known: Iterable[str], optional: bool = False) -> Spec:
    """A set of region codes, each one of *known* (in any case; *check* is the model's)."""
    return Spec(
        shape=Shape.REGIONS,
        high=MAX_REGIONS,
        words=tuple(sorted(known)),
        optional=optional,
        check=check,
    )


def registrations(check: _Check) -> Spec:
    """A list of registrations (*check* is the model's: classes, unique ids)."""
    return Spec(shape=Shape.REGISTRATIONS, high=MAX_REGISTRATIONS, check=check)


def words(check: _Check, *, allowed: Iterable[str], max_items: int) -> Spec:
    """A list of at most *max_items* strings, each one of *allowed* (*check* is the model's)."""
    return Spec(shape=Shape.WORDS, high=max_items, words=tuple(sorted(allowed)), check=check)


def guid(*, optional: bool = False) -> Spec:
    """A lower-case GUID (the field's converter lower-cases a string)."""
    return Spec(shape=Shape.GUID, high=GUID_LENGTH, optional=optional, check=v.guid)


def guids(*, max_items: int = MAX_AAGUIDS) -> Spec:
    """A set of lower-case GUIDs (the field's converter accepts any iterable of strings and
    lower-cases them); documents stop at *max_items*."""
    return Spec(shape=Shape.GUIDS, high=GUID_LENGTH, cap=max_items, check=v.guid_set)


def name() -> Spec:
    """A non-empty identifier of at most :data:`MAX_NAME_LENGTH` characters (an external
    authentication provider's id)."""
    return Spec(shape=Shape.NAME, high=MAX_NAME_LENGTH, check=v.text(max_length=MAX_NAME_LENGTH))


def names(*, max_items: int = MAX_PROVIDERS) -> Spec:
    """A set of non-empty identifiers of at most :data:`MAX_NAME_LENGTH` characters;
    documents stop at *max_items*."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        v.string_set(inst, attribute, value)
        assert isinstance(value, frozenset)
        for item in value:
            if len(item) > MAX_NAME_LENGTH:
                message = f"{describe(item)} is longer than {MAX_NAME_LENGTH} characters"
                raise InvalidArgument(attribute.name, message)

    return Spec(shape=Shape.NAMES, high=MAX_NAME_LENGTH, cap=max_items, check=check)


def section(cls: type[Any], *, optional: bool = False) -> Spec:
    """A nested section: an instance of the attrs class *cls* (or ``None`` when *optional*)."""

    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            message = f"expected {cls.__name__}, got {describe(value)}"
            raise v.invalid(attribute.name, value, message, expected=cls)

    return Spec(shape=Shape.SECTION, section=cls, optional=optional, check=check)


def methods(enum_type: type[enum.Enum], *choices: enum.Enum) -> Spec:
    """A non-empty set of members of *enum_type*, each one of *choices* when given (the field's
    converter turns wire strings into members)."""
    allowed = choices or tuple(enum_type)
    names = ", ".join(repr(choice.value) for choice in allowed)

    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, frozenset):
            message = f"expected a set of methods, got {describe(value)}"
            raise v.invalid(attribute.name, value, message, expected=frozenset)
        if not value:
            raise v.invalid(
                attribute.name, value, "at least one method is required", expected=frozenset
            )
        for item in value:
            if item not in allowed:
                raise v.invalid(attribute.name, item, f"{describe(item)} is not one of {names}")

    return Spec(shape=Shape.METHODS, enum_type=enum_type, choices=tuple(allowed), check=check)
