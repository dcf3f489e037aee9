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
from collections.abc import Callable
from typing import Any

import attrs

from . import _validate as v
from ._mask import describe

__all__ = [
    "MAX_GROUPS",
    "MAX_GROUP_LENGTH",
    "MAX_LIMIT",
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
    "integer",
    "label",
    "phone",
    "regions",
    "section",
    "spec",
    "specs",
    "targets",
    "text",
    "time",
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
    SECTION = "section"  # a nested attrs class (a section of a document)


@attrs.frozen(kw_only=True)
class Spec:
    """The shape and bounds of one field, and its validator (a spec is called like one).

    ``low``/``high``: an integer's range, or a string's longest length (``high``); ``cap``: the
    largest value a document may give an integer the model leaves unbounded; ``choices``: the
    members a choice allows (every member of ``enum_type`` when empty); ``optional``: ``None``
    (JSON ``null``) is allowed; ``section``: the class of a nested section; ``check``: the
    model's validation.
    """

    shape: Shape
    check: _Check = attrs.field(repr=False)
    low: int = 0
    high: int | None = None
    cap: int | None = None
    enum_type: type[enum.Enum] | None = None
    choices: tuple[enum.Enum, ...] = ()
    optional: bool = False
    section: type[Any] | None = None

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


def text(max_length: int) -> Spec:
    """A non-empty string of at most *max_length* characters."""
    return Spec(shape=Shape.TEXT, high=max_length, check=v.text(max_length=max_length))


def label(max_length: int = 256) -> Spec:
    """A user-chosen name of at most *max_length* characters."""
    return Spec(shape=Shape.LABEL, high=max_length, check=v.text(max_length=max_length))


def email(check: _Check, *, max_length: int = 254) -> Spec:
    """An email address (*check* decides what the model accepts)."""
    return Spec(shape=Shape.EMAIL, high=max_length, check=check)


def digits(check: _Check, *, max_length: int, optional: bool = False) -> Spec:
    """Up to *max_length* ASCII digits (*check* decides what the model accepts)."""
    return Spec(shape=Shape.DIGITS, high=max_length, optional=optional, check=check)


def flag(check: _Check = v.flag) -> Spec:
    """``True`` or ``False`` (*check* may add a rule)."""
    return Spec(shape=Shape.FLAG, check=check)


def integer(low: int, high: int | None = None, *, cap: int | None = None) -> Spec:
    """An integer in ``[low, high]`` (unbounded above when *high* is ``None``; documents then
    stop at *cap*)."""
    return Spec(shape=Shape.INTEGER, low=low, high=high, cap=cap, check=v.int_range(low, high))


def phone(*, optional: bool = False) -> Spec:
    """An E.164 phone number."""
    return Spec(shape=Shape.PHONE, optional=optional, check=v.e164)


def _choice_check(enum_type: type[enum.Enum], choices: tuple[enum.Enum, ...]) -> _Check:
    if not choices:
        return v.member(enum_type)
    names = " or ".join(repr(choice.value) for choice in choices)

    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            raise v.invalid(attribute.name, value, f"{describe(value)} is not {names}")

    return check


def choice(enum_type: type[enum.Enum], *choices: enum.Enum, optional: bool = False) -> Spec:
    """A member of *enum_type*, one of *choices* when given (the field's converter turns wire
    strings into members)."""
    return Spec(
        shape=Shape.CHOICE,
        enum_type=enum_type,
        choices=choices,
        optional=optional,
        check=_choice_check(enum_type, choices),
    )


def time(*, optional: bool = False, check: _Check = v.aware) -> Spec:
    """An aware datetime (the field's converter keeps it in UTC)."""
    return Spec(shape=Shape.TIME, optional=optional, check=check)


def targets() -> Spec:
    """A set of group ids (the field's converter accepts any iterable of strings)."""
    return Spec(shape=Shape.TARGETS, check=v.string_set)


def regions(check: _Check, *, optional: bool = False) -> Spec:
    """A set of region codes (*check* decides which the model knows)."""
    return Spec(shape=Shape.REGIONS, optional=optional, check=check)


def section(cls: type[Any]) -> Spec:
    """A nested section: an instance of the attrs class *cls*."""

    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            message = f"expected {cls.__name__}, got {describe(value)}"
            raise v.invalid(attribute.name, value, message, expected=cls)

    return Spec(shape=Shape.SECTION, section=cls, check=check)
