"""A typed reader of user lines with msgspec (the ``fast`` extra), generated from the field specs.

:func:`read_user` takes the raw bytes of a JSON line and gives the :class:`UserState` the plain
reader of :mod:`secinfo.documents` would give — or :data:`~secinfo._fastread.DEFER`. msgspec
decodes the line straight into :class:`msgspec.Struct` types generated here from the same field
specs (:mod:`secinfo._fields`) as :mod:`secinfo._fastread`, checking in C what those specs state
(types, lengths, integer bounds, choices, unknown keys, the registration kinds); the values are
then built as :mod:`secinfo._fastread` builds them (``object.__new__`` and the slots' setters),
running only what msgspec cannot check (or checks dearer than Python): printable ids, patterns,
AAGUIDs, the forms of times, unique registration ids and the checks a spec marks ``custom``.

It accepts a subset of what :mod:`secinfo._fastread` accepts (which accepts a subset of what the
plain reader accepts), with the same values: times are decoded as strings of
:mod:`secinfo._fastread`'s forms and parsed as it parses them (msgspec's own datetimes accept
more forms, and round where the plain reader truncates). Every msgspec error — a line that is not
JSON or not UTF-8, a lone surrogate escape, a byte-order mark, a duplicated ``kind``, an unknown
kind or key, a wrong type, a bound — defers, and the caller reads the line as before, whose
messages are the only ones a user sees. A key given twice is read as the standard library reads
it (the last one wins).

Without msgspec installed, :data:`read_user` is ``None``. :data:`SOURCE` holds the generated
text of the converter.
"""

from __future__ import annotations

import enum
import re
import types
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal, Union

import attrs

from . import _validate as v
from ._fastread import _SCHEMA_VALUES, _TIME, DEFER, Constants
from ._fields import MAX_GROUP_LENGTH, Shape, Spec, specs
from .errors import InvalidArgument
from .registrations import REGISTRATION_TYPES
from .user import UserState

try:
    import msgspec
except ImportError:  # pragma: no cover - the fast extra (and the test extra) bring msgspec
    msgspec = None  # type: ignore[assignment]

__all__ = ["DEFER", "SOURCE", "read_user"]


class _Generator(Constants):
    """The Struct types of some attrs classes, and the source text converting them."""

    def __init__(self) -> None:
        assert msgspec is not None
        self.constants: dict[str, object] = {
            "DEFER": DEFER,
            "_UNSET": msgspec.UNSET,
            "_new": object.__new__,
            "_iso": datetime.fromisoformat,
            "_Invalid": InvalidArgument,
            "_frozenset": frozenset,
            "_type": type,
            "_len": len,
        }
        self.structs: dict[type[Any], type[Any]] = {}
        self.functions: dict[type[Any], str] = {}
        self.lines: list[str] = []

    def struct(
        self,
        cls: type[Any],
        *,
        skip: tuple[str, ...] = (),
        extra: tuple[tuple[str, Any], ...] = (),
        tag: str | None = None,
    ) -> tuple[type[Any], str]:
        """The Struct type of *cls* (generated on first use) and the name of the function
        converting one to an instance of *cls*; fields in *skip* are not read, *extra* are
        required fields the caller checks, *tag* is the value of ``kind`` (a tagged union)."""
        known = self.structs.get(cls)
        if known is not None:
            return known, self.functions[cls]
        assert msgspec is not None
        if getattr(cls, "__attrs_post_init__", None) is not None:  # pragma: no cover - guard
            raise TypeError(f"{cls.__name__} has a post-init step the typed reader cannot run")
        name = f"_convert_{cls.__name__}"
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = list(extra)
        body: list[str] = [
            f"def {name}(s):",
            f"    inst = _new({self.constant(cls, cls.__name__)})",
        ]
        custom: list[tuple[attrs.Attribute[Any], Spec]] = []
        for attribute, spec in specs(cls, skip=skip):
            wire, convert = self._field(attribute, spec)
            setter = self._setter(cls, attribute.name)
            value = f"s.{attribute.name}"
            lines = [f"    v = {value}"]
            inner = [*convert, f"    {setter}(inst, v)"]
            if spec.optional:
                wire = wire | None
                if convert:
                    inner = ["    if v is not None:", *("    " + line for line in convert)]
                    inner.append(f"    {setter}(inst, v)")
            if attribute.default is attrs.NOTHING:
                fields.append((attribute.name, wire))
                lines += inner
            else:
                fields.append((attribute.name, wire | msgspec.UnsetType, msgspec.UNSET))
                default = self.constant(self._default(attribute), "default")
                lines += [
                    "    if v is _UNSET:",
                    f"        {setter}(inst, {default})",
                    "    else:",
                    *("    " + line for line in inner),
                ]
            body += lines
            if spec.custom:
                custom.append((attribute, spec))
        for attribute, spec in custom:
            check = self.constant(spec.check, f"check_{attribute.name}")
            field = self.constant(attribute, f"field_{attribute.name}")
            lines = [
                "    try:",
                f"        {check}(inst, {field}, inst.{attribute.name})",
                "    except _Invalid:",
                "        return DEFER",
            ]
            if spec.optional:  # the model's validator (the spec) skips None
                lines = [f"    if inst.{attribute.name} is not None:", *("    " + x for x in lines)]
            body += lines
        body.append("    return inst")
        options: dict[str, Any] = {}
        if tag is not None:
            options = {"tag_field": "kind", "tag": tag}
        struct = msgspec.defstruct(
            f"{cls.__name__}Line",
            fields,
            kw_only=True,
            forbid_unknown_fields=True,
            gc=False,
            **options,
        )
        self.structs[cls] = struct
        self.functions[cls] = name
        self.lines += [*body, ""]
        return struct, name

    def _match(self, pattern: str, flags: int = 0) -> list[str]:
        """Lines returning :data:`DEFER` unless ``v`` matches *pattern* in full. (Python's
        ``re`` called here: a ``msgspec.Meta`` pattern costs twice as much.)"""
        match = self.constant(re.compile(pattern, flags).fullmatch, "pattern")
        return [f"    if {match}(v) is None:", "        return DEFER"]

    def _time_form(self) -> list[str]:
        """Lines returning :data:`DEFER` unless ``v`` (20 to 27 characters) is in one of
        :data:`~secinfo._fastread._TIME`'s forms, given that :func:`datetime.fromisoformat`
        then parses it. With CPython's own ``fromisoformat`` (C, whose digits are ASCII digits
        only), the separators, ``Z`` and ASCII suffice, and cost less than a call of ``re``;
        any other ``fromisoformat`` gets the pattern."""
        if not isinstance(datetime.fromisoformat, types.BuiltinFunctionType):
            return self._match(_TIME.pattern, _TIME.flags)  # pragma: no cover - CPython has C
        return [
            "    f = v[4:20:3]",  # the separators (and a 'Z' at 19)
            "    if f != '--T::Z' or _len(v) != 20:",
            "        if f != '--T::.' or v[26:] != 'Z':",  # six fraction digits, then 'Z'
            "            return DEFER",
            "    if not v.isascii():",
            "        return DEFER",
        ]

    def _field(self, attribute: attrs.Attribute[Any], spec: Spec) -> tuple[Any, list[str]]:
        """The wire type of a field and the lines (indented by 4) turning ``v`` into the value,
        or returning :data:`DEFER`."""
        assert msgspec is not None
        meta = msgspec.Meta
        converter = attribute.converter
        match spec.shape:
            case Shape.TEXT | Shape.LABEL | Shape.EMAIL | Shape.NAME:
                lines = []
                if spec.printable:
                    lines = ["    if not v.isprintable():", "        return DEFER"]
                if spec.pattern is not None:
                    lines += self._match(spec.pattern)
                return Annotated[str, meta(min_length=1, max_length=spec.upper)], lines
            case Shape.PHONE | Shape.DIGITS:
                assert spec.pattern is not None
                wire = str if spec.high is None else Annotated[str, meta(max_length=spec.high)]
                return wire, self._match(spec.pattern)
            case Shape.GUID:
                _expect(attribute, converter, v.to_lower)
                guid = self.constant(v.GUID.fullmatch, "guid")
                return str, [
                    "    if not v.isascii():",
                    "        return DEFER",
                    "    v = v.lower()",
                    f"    if {guid}(v) is None:",
                    "        return DEFER",
                ]
            case Shape.FLAG:
                return bool, []
            case Shape.INTEGER:
                return Annotated[int, meta(ge=spec.low, le=spec.upper)], []
            case Shape.CHOICE:
                members: dict[str, enum.Enum] = {m.value: m for m in spec.allowed}
                if not all(isinstance(value, str) for value in members):  # pragma: no cover
                    raise TypeError(f"{attribute.name}: the typed reader expects string values")
                table = self.constant(members, f"{attribute.name}_choices")
                return Literal[tuple(members)], [f"    v = {table}[v]"]
            case Shape.TIME:
                _expect(attribute, converter, v.to_utc)
                return Annotated[str, meta(min_length=20, max_length=27)], [
                    *self._time_form(),
                    "    try:",
                    "        v = _iso(v)",
                    "    except ValueError:",
                    "        return DEFER",
                ]
            case Shape.TARGETS:
                _expect(attribute, converter, v.to_frozenset)
                item: Any = Annotated[str, meta(min_length=1, max_length=MAX_GROUP_LENGTH)]
                return Annotated[list[item], meta(max_length=spec.upper)], ["    v = _frozenset(v)"]
            case Shape.SECTION:
                assert spec.section is not None
                struct, convert = self.struct(spec.section)
                return struct, [
                    f"    v = {convert}(v)",
                    "    if v is DEFER:",
                    "        return DEFER",
                ]
            case Shape.REGISTRATIONS:
                _expect(attribute, converter, v.to_tuple)
                kinds = {
                    kind: self.struct(cls, skip=("kind",), tag=kind.value)
                    for kind, cls in REGISTRATION_TYPES.items()
                }
                table = ", ".join(
                    f"{self.constant(struct, struct.__name__)}: {convert}"
                    for struct, convert in kinds.values()
                )
                by_kind = f"_kinds_{attribute.name}"
                self.lines.append(f"{by_kind} = {{{table}}}")
                union: Any = Union[tuple(struct for struct, _ in kinds.values())]  # noqa: UP007
                return Annotated[list[union], meta(max_length=spec.upper)], [
                    "    seen = set()",
                    "    found = []",
                    "    for item in v:",
                    f"        registration = {by_kind}[_type(item)](item)",
                    "        if registration is DEFER or registration.id in seen:",
                    "            return DEFER",
                    "        seen.add(registration.id)",
                    "        found.append(registration)",
                    "    v = tuple(found)",
                ]
        # Any other shape (sets of regions, GUIDs, names, words, methods): the plain reader's.
        # The field may only be absent (present, msgspec refuses it and the line is deferred).
        return msgspec.UnsetType, ["    return DEFER"]


def _expect(attribute: attrs.Attribute[Any], found: object, expected: Callable[..., Any]) -> None:
    if found is not expected:  # pragma: no cover - guard against a model change
        raise TypeError(f"{attribute.name}: the typed reader expects the converter {expected}")


def _generate() -> tuple[str, Callable[[bytes], Any]]:
    assert msgspec is not None
    generator = _Generator()
    schema: Any = Literal[tuple(sorted(_SCHEMA_VALUES))]
    struct, convert = generator.struct(UserState, skip=("schema",), extra=(("schema", schema),))
    source = "\n".join(generator.lines)
    namespace = dict(generator.constants)
    exec(compile(source, "<secinfo._msgread>", "exec"), namespace)  # our own text
    converter: Callable[[Any], Any] = namespace[convert]  # type: ignore[assignment]
    decode = msgspec.json.Decoder(struct).decode
    error = msgspec.MsgspecError

    def read(raw: bytes) -> Any:
        try:
            line = decode(raw)
        except error:
            return DEFER
        return converter(line)

    return source, read


SOURCE: str = ""
"""The generated source of the converter (empty without msgspec)."""

read_user: Callable[[bytes], UserState | Any] | None = None
"""A JSON line (bytes, with or without its newline) → its user, or :data:`DEFER` when the
caller must read it as before (every refusal included); ``None`` without msgspec."""

if msgspec is not None:
    SOURCE, read_user = _generate()
