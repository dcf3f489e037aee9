"""A fast reader of user documents, generated once from the models' field specs.

:func:`read_user` takes what :func:`json.loads` returns and gives the :class:`UserState` the
reader of :mod:`secinfo.documents` would give — or :data:`DEFER`. It accepts only a subset of
what that reader accepts: plain ``dict``/``list``/``str``/``int`` values, times written as
``YYYY-MM-DDTHH:MM:SSZ`` (or with six digits of microseconds), every value well inside its
spec's bounds. Anything else — every refusal, and every case it is not sure of — is deferred,
and the caller reads the document again with the plain reader, whose messages are the only
ones a user sees.

The reader is Python source generated from the field specs (:mod:`secinfo._fields`) of
:class:`UserState`, :class:`CampaignProgress` and every registration class, compiled when this
module is imported: one straight-line function per class, with the bounds, patterns and choices
of its specs as constants. It builds the frozen values without running their validators (it has
checked what they check), except the checks a spec marks ``custom`` (which decide more than the
spec says), which it runs on the value it built. :data:`SOURCE` holds the generated text.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from datetime import datetime
from typing import Any

import attrs

from . import _validate as v
from ._fields import MAX_GROUP_LENGTH, Shape, Spec, specs
from .errors import InvalidArgument
from .registrations import REGISTRATION_TYPES
from .user import UserState

__all__ = ["DEFER", "SOURCE", "read_user"]


class _Defer:
    """The type of :data:`DEFER`."""

    def __repr__(self) -> str:
        return "DEFER"


DEFER: Any = _Defer()
"""What :func:`read_user` returns when the plain reader must decide."""

_MISSING: Any = object()

_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?Z", re.ASCII
)
"""The time forms read here: what :func:`secinfo.dump_user` writes (UTC, ``Z``, microseconds
when there are any)."""

_SCHEMA_VALUES = {"secinfo/user/1"}


class Constants:
    """The constants generated source refers to, each bound to a name once, and the pieces both
    generated readers take from the models (this module's and :mod:`secinfo._msgread`'s)."""

    constants: dict[str, object]

    def constant(self, value: object, hint: str) -> str:
        """A name bound to *value* in the generated module."""
        for name, known in self.constants.items():
            if known is value and name.startswith("_c"):
                return name
        name = f"_c{len(self.constants)}_{hint}"
        self.constants[name] = value
        return name

    def _setter(self, cls: type[Any], name: str) -> str:
        """A function setting the field *name* of an instance of *cls*: the slot's own
        descriptor (much cheaper than ``object.__setattr__``, which looks it up every time)."""
        slot = getattr(cls, name, None)
        if not isinstance(slot, types.MemberDescriptorType):  # pragma: no cover - guard
            raise TypeError(f"{cls.__name__}.{name} is not a slot")
        return self.constant(slot.__set__, f"set_{name}")

    @staticmethod
    def _default(attribute: attrs.Attribute[Any]) -> object:
        """The value of *attribute*'s default, converted (a factory is called once: its frozen
        value serves every user)."""
        default = attribute.default
        factory = getattr(default, "factory", None)
        if factory is not None:  # attrs.Factory
            if getattr(default, "takes_self", False):  # pragma: no cover - guard
                raise TypeError(f"{attribute.name}: a default that takes self")
            value = factory()
        else:
            value = default
        if attribute.converter is not None:
            value = attribute.converter(value)  # type: ignore[operator]
        return value


class _Generator(Constants):
    """Source text of the readers of some attrs classes, and the constants it refers to."""

    def __init__(self) -> None:
        self.constants: dict[str, object] = {
            "DEFER": DEFER,
            "_MISSING": _MISSING,
            "_new": object.__new__,
            "_time": _TIME.fullmatch,
            "_iso": datetime.fromisoformat,
            "_Invalid": InvalidArgument,
            "_frozenset": frozenset,
            "_tuple": tuple,
            "_len": len,
            "_str": str,
            "_int": int,
            "_dict": dict,
            "_list": list,
        }
        self.functions: dict[type[Any], str] = {}
        self.lines: list[str] = []

    def reader(self, cls: type[Any], *, skip: tuple[str, ...] = ()) -> str:
        """The name of the function reading an object of *cls* (generated on first use); keys in
        *skip* are present and checked by the caller."""
        name = self.functions.get(cls)
        if name is not None:
            return name
        name = self.functions[cls] = f"_read_{cls.__name__}"
        if getattr(cls, "__attrs_post_init__", None) is not None:  # pragma: no cover - guard
            raise TypeError(f"{cls.__name__} has a post-init step the fast reader cannot run")
        body: list[str] = [
            f"def {name}(d):",
            "    if type(d) is not _dict:",
            "        return DEFER",
            f"    n = {len(skip)}",
        ]
        built: list[tuple[attrs.Attribute[Any], Spec]] = []
        for attribute, spec in specs(cls):
            if attribute.name in skip:
                continue
            built.append((attribute, spec))
            body += self._field(attribute, spec)
        body += [
            "    if n != _len(d):",
            "        return DEFER",
            f"    inst = _new({self.constant(cls, cls.__name__)})",
        ]
        body += [f"    {self._setter(cls, a.name)}(inst, f_{a.name})" for a, _ in built]
        for attribute, spec in built:
            if spec.custom:
                check = self.constant(spec.check, f"check_{attribute.name}")
                field = self.constant(attribute, f"field_{attribute.name}")
                body += [
                    "    try:",
                    f"        {check}(inst, {field}, f_{attribute.name})",
                    "    except _Invalid:",
                    "        return DEFER",
                ]
        body.append("    return inst")
        self.lines += [*body, ""]
        return name

    def _field(self, attribute: attrs.Attribute[Any], spec: Spec) -> list[str]:
        target = f"f_{attribute.name}"
        lines = [f"    v = d.get({attribute.name!r}, _MISSING)", "    if v is _MISSING:"]
        default = attribute.default
        if default is attrs.NOTHING:
            lines.append("        return DEFER")
        else:
            value = self._default(attribute)
            lines.append(f"        {target} = {self.constant(value, 'default')}")
        lines.append("    else:")
        lines.append("        n += 1")
        check = self._value(attribute, spec, target)
        if spec.optional:
            lines += [
                "        if v is None:",
                f"            {target} = None",
                "        else:",
                *("    " + line for line in check),
            ]
        else:
            lines += check
        return lines

    def _value(self, attribute: attrs.Attribute[Any], spec: Spec, target: str) -> list[str]:
        """Lines (indented by 8) that set *target* from ``v`` or return :data:`DEFER`."""
        converter = attribute.converter
        match spec.shape:
            case Shape.TEXT | Shape.LABEL | Shape.EMAIL | Shape.NAME:
                tests = ["type(v) is not _str", f"not 0 < _len(v) <= {spec.upper}"]
                if spec.printable:
                    tests.append("not v.isprintable()")
                if spec.pattern is not None:
                    pattern = self.constant(re.compile(spec.pattern).fullmatch, "pattern")
                    tests.append(f"{pattern}(v) is None")
                return [*_unless(tests), f"        {target} = v"]
            case Shape.PHONE | Shape.DIGITS:
                assert spec.pattern is not None
                pattern = self.constant(re.compile(spec.pattern).fullmatch, "pattern")
                tests = ["type(v) is not _str", f"{pattern}(v) is None"]
                if spec.high is not None:
                    tests.append(f"_len(v) > {spec.high}")
                return [*_unless(tests), f"        {target} = v"]
            case Shape.GUID:
                _expect(attribute, converter, v.to_lower)
                guid = self.constant(v.GUID.fullmatch, "guid")
                tests = ["type(v) is not _str", "not v.isascii()", f"{guid}(v.lower()) is None"]
                return [*_unless(tests), f"        {target} = v.lower()"]
            case Shape.FLAG:
                return [*_unless(["v is not True and v is not False"]), f"        {target} = v"]
            case Shape.INTEGER:
                tests = ["type(v) is not _int", f"not {spec.low} <= v <= {spec.upper}"]
                return [*_unless(tests), f"        {target} = v"]
            case Shape.CHOICE:
                members = {member.value: member for member in spec.allowed}
                table = self.constant(members, f"{attribute.name}_choices")
                return [
                    f"        {target} = {table}.get(v) if type(v) is _str else None",
                    *_unless([f"{target} is None"]),
                ]
            case Shape.TIME:
                _expect(attribute, converter, v.to_utc)
                tests = ["type(v) is not _str", "_time(v) is None"]
                return [
                    *_unless(tests),
                    "        try:",
                    f"            {target} = _iso(v)",
                    "        except ValueError:",
                    "            return DEFER",
                ]
            case Shape.TARGETS:
                _expect(attribute, converter, v.to_frozenset)
                return [
                    *_unless(["type(v) is not _list", f"_len(v) > {spec.upper}"]),
                    "        for item in v:",
                    "            if type(item) is not _str or not 0 < _len(item) <= "
                    f"{MAX_GROUP_LENGTH}:",
                    "                return DEFER",
                    f"        {target} = _frozenset(v)",
                ]
            case Shape.SECTION:
                assert spec.section is not None
                read = self.reader(spec.section)
                return [f"        {target} = {read}(v)", *_unless([f"{target} is DEFER"])]
            case Shape.REGISTRATIONS:
                _expect(attribute, converter, v.to_tuple)
                kinds = {
                    kind.value: self.reader(cls, skip=("kind",))
                    for kind, cls in REGISTRATION_TYPES.items()
                }
                table = "{" + ", ".join(f"{k!r}: {f}" for k, f in kinds.items()) + "}"
                by_kind = f"_kinds_{attribute.name}"
                self.lines.append(f"{by_kind} = {table}")
                return [
                    *_unless(["type(v) is not _list", f"_len(v) > {spec.upper}"]),
                    "        seen = set()",
                    "        found = []",
                    "        for item in v:",
                    "            if type(item) is not _dict:",
                    "                return DEFER",
                    "            kind = item.get('kind')",
                    f"            read = {by_kind}.get(kind) if type(kind) is _str else None",
                    "            if read is None:",
                    "                return DEFER",
                    "            registration = read(item)",
                    "            if registration is DEFER or registration.id in seen:",
                    "                return DEFER",
                    "            seen.add(registration.id)",
                    "            found.append(registration)",
                    f"        {target} = _tuple(found)",
                ]
        # Any other shape (sets of regions, GUIDs, names, words, methods): the plain reader's.
        return ["        return DEFER"]


def _unless(tests: list[str]) -> list[str]:
    return [f"        if {' or '.join(tests)}:", "            return DEFER"]


def _expect(attribute: attrs.Attribute[Any], found: object, expected: Callable[..., Any]) -> None:
    if found is not expected:  # pragma: no cover - guard against a model change
        raise TypeError(f"{attribute.name}: the fast reader expects the converter {expected}")


def _generate() -> tuple[str, dict[str, object]]:
    generator = _Generator()
    user = generator.reader(UserState, skip=("schema",))
    schemas = generator.constant(frozenset(_SCHEMA_VALUES), "schemas")
    generator.lines += [
        "def read_user(d):",
        "    if type(d) is not _dict:",
        "        return DEFER",
        "    schema = d.get('schema')",
        f"    if type(schema) is not _str or schema not in {schemas}:",
        "        return DEFER",
        f"    return {user}(d)",
        "",
    ]
    return "\n".join(generator.lines), generator.constants


SOURCE, _NAMESPACE = _generate()
"""The generated source of the reader."""


def _compile() -> Callable[[object], Any]:
    namespace = dict(_NAMESPACE)
    exec(compile(SOURCE, "<secinfo._fastread>", "exec"), namespace)  # our own text
    function: Callable[[object], Any] = namespace["read_user"]  # type: ignore[assignment]
    return function


_read_user = _compile()


def read_user(document: object) -> UserState | Any:
    """The user of a user document (what :func:`json.loads` returns), or :data:`DEFER` when
    the plain reader must decide (every refusal included)."""
    return _read_user(document)
