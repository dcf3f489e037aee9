"""JSON Schema (draft 2020-12) of the documents ([documents](docs/rules.md#documents)) and of the
evaluation output, generated from the same field specs that drive :mod:`secinfo.documents`.

Every key of a document has one spec on its model class (shape, bounds, choices, nullability,
default); the loader and these schemas are both derived from it, so a new field or kind appears
in both. The package also ships the generated schemas as files (``secinfo/schemas/*.json``,
read with :func:`importlib.resources.files`); a test keeps them equal to these functions.

A document the schema accepts is loaded, but for the cross-field rules a schema does not state
(listed in the documents reference, ``docs/documents.md``): unique registration ids, a TAP's
``expires_at`` after its ``starts_at``, real calendar dates and times, integers written with a
fraction (``1.0``), and a trailing newline under validators whose ``$`` allows one.

>>> schema = user_schema()
>>> schema["$schema"], schema["required"]
('https://json-schema.org/draft/2020-12/schema', ['schema', 'user_id'])
>>> policy_schema()["properties"]["mfa"]["$ref"]
'#/$defs/MfaSettings'
"""

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from . import _reader
from ._fields import MAX_GROUP_LENGTH, Shape, Spec, specs
from .documents import POLICY_SCHEMA, SESSION_SCHEMA, USER_SCHEMA, _write
from .methods import Method, Purpose
from .policy import MethodSetting, TenantPolicy
from .registrations import REGISTRATION_TYPES
from .results import Evaluation
from .session import Session
from .user import UserState

__all__ = [
    "DIALECT",
    "SCHEMAS",
    "evaluation_schema",
    "policy_schema",
    "session_schema",
    "user_schema",
]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every schema here."""

_Schema = dict[str, Any]
_Defs = dict[str, _Schema]


def _anchored(pattern: str) -> str:
    """*pattern* matched in full, without Python-only syntax (named groups)."""
    return "^(?:" + re.sub(r"\(\?P<\w+>", "(", pattern) + ")$"


_TIME: _Schema = {
    "type": "string",
    "format": "date-time",
    "maxLength": _reader.MAX_TIME_LENGTH,
    "pattern": _anchored(_reader._RFC3339.pattern),
}


_GUID = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
"""A GUID in any case (the loader lower-cases it)."""


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


def _fragment(spec: Spec, defs: _Defs) -> _Schema:
    """The schema of a value of *spec*'s shape."""
    schema: _Schema
    match spec.shape:
        case Shape.TEXT | Shape.LABEL | Shape.EMAIL | Shape.DIGITS | Shape.PHONE:
            schema = {"type": "string", "minLength": 1}
            if spec.shape is not Shape.PHONE:
                schema["maxLength"] = spec.upper
        case Shape.FLAG:
            schema = {"type": "boolean"}
        case Shape.INTEGER:
            schema = {"type": "integer", "minimum": spec.low, "maximum": spec.upper}
        case Shape.CHOICE:
            schema = {"enum": [member.value for member in spec.allowed]}
        case Shape.TIME:
            schema = dict(_TIME)
        case Shape.TARGETS:
            item = {"type": "string", "minLength": 1, "maxLength": MAX_GROUP_LENGTH}
            schema = {"type": "array", "maxItems": spec.upper, "items": item}
        case Shape.REGIONS:
            codes = "|".join(_any_case(word) for word in spec.words)
            item = {"type": "string", "pattern": f"^(?:{codes})$"}
            schema = {"type": "array", "maxItems": spec.upper, "items": item}
        case Shape.WORDS:
            schema = {"type": "array", "maxItems": spec.upper, "items": {"enum": list(spec.words)}}
        case Shape.REGISTRATIONS:
            kinds = [{"$ref": f"#/$defs/{_registration(cls, defs)}"} for cls in _classes()]
            schema = {"type": "array", "maxItems": spec.upper, "items": {"oneOf": kinds}}
        case Shape.GUID:
            schema = {"type": "string", "pattern": _GUID}
        case Shape.GUIDS:
            item = {"type": "string", "pattern": _GUID}
            schema = {"type": "array", "maxItems": spec.cap, "items": item}
        case Shape.NAME:
            schema = {"type": "string", "minLength": 1, "maxLength": spec.upper}
        case Shape.NAMES:
            item = {"type": "string", "minLength": 1, "maxLength": spec.upper}
            schema = {"type": "array", "maxItems": spec.cap, "items": item}
        case Shape.SECTION:
            assert spec.section is not None
            schema = {"$ref": f"#/$defs/{_section(spec.section, defs)}"}
        case Shape.METHODS:
            item = {"enum": [member.value for member in spec.allowed]}
            schema = {"type": "array", "minItems": 1, "maxItems": len(Method), "items": item}
    if spec.pattern is not None:
        schema["pattern"] = _anchored(spec.pattern)
    if spec.optional:
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


def _classes() -> tuple[type[Any], ...]:
    return tuple(REGISTRATION_TYPES.values())


def _default(attribute: attrs.Attribute[Any], spec: Spec) -> tuple[bool, object]:
    default: Any = attribute.default
    if default is attrs.NOTHING:
        return False, None
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]  # attrs types it as a function
        return True, _write(spec, default.factory())
    return True, _write(spec, default)


def _properties(
    cls: type[Any],
    defs: _Defs,
    *,
    skip: tuple[str, ...] = (),
    override: Callable[[str, _Schema], _Schema] | None = None,
) -> tuple[dict[str, _Schema], list[str]]:
    """The properties of *cls*'s fields (but *skip*) and the names of the required ones."""
    properties: dict[str, _Schema] = {}
    required: list[str] = []
    for attribute, spec in specs(cls, skip=skip):
        schema = _fragment(spec, defs)
        if override is not None:
            schema = override(attribute.name, schema)
        has_default, default = _default(attribute, spec)
        if has_default:
            schema = {**schema, "default": default}
        else:
            required.append(attribute.name)
        properties[attribute.name] = schema
    return properties, required


def _object(properties: dict[str, _Schema], required: list[str]) -> _Schema:
    schema: _Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    return schema


def _section(cls: type[Any], defs: _Defs) -> str:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # reserve the name (a section may be reached twice)
        defs[name] = _object(*_properties(cls, defs))
    return name


def _registration(cls: Any, defs: _Defs) -> str:
    name: str = cls.__name__
    if name not in defs:
        properties, required = _properties(cls, defs)
        kind = {"const": cls.kind.value}
        defs[name] = _object({"kind": kind, **properties}, ["kind", *required])
    return name


def _method_setting(method: Method, defs: _Defs) -> _Schema:
    """A method's entry of ``methods``: a purpose flag the method cannot serve is ``false``."""

    def override(name: str, schema: _Schema) -> _Schema:
        if name in set(Purpose) and not method.capable(Purpose(name)):
            return {"const": False}
        return schema

    own = set(MethodSetting.keys(method))
    skip = tuple(a.name for a in attrs.fields(MethodSetting) if a.name not in own)
    return _object(*_properties(MethodSetting, defs, skip=skip, override=override))


def _document(
    title: str, schema_id: str, properties: dict[str, _Schema], required: list[str], defs: _Defs
) -> _Schema:
    document: _Schema = {
        "$schema": DIALECT,
        "$id": f"urn:secinfo:schema:{schema_id.replace('/', ':')}",
        "title": title,
        **_object(properties, required),
    }
    if defs:
        document["$defs"] = dict(sorted(defs.items()))
    return document


def policy_schema() -> dict[str, Any]:
    """The JSON Schema of a policy document (``"schema": "secinfo/policy/1"``).

    >>> sorted(policy_schema()["properties"]["methods"]["properties"]["email"]["properties"])
    ['exclude', 'include', 'mfa', 'sspr']
    >>> policy_schema()["properties"]["methods"]["properties"]["email"]["properties"]["mfa"]
    {'const': False, 'default': False}
    """
    defs: _Defs = {}
    methods = _object({m.value: _method_setting(m, defs) for m in Method}, [])
    properties, required = _properties(TenantPolicy, defs, skip=("methods",))
    return _document(
        "secinfo policy document",
        POLICY_SCHEMA,
        {"schema": {"const": POLICY_SCHEMA}, "methods": {**methods, "default": {}}, **properties},
        ["schema", *required],
        defs,
    )


def user_schema() -> dict[str, Any]:
    """The JSON Schema of a user document (``"schema": "secinfo/user/1"``)."""
    defs: _Defs = {}
    properties, required = _properties(UserState, defs)
    return _document(
        "secinfo user document",
        USER_SCHEMA,
        {"schema": {"const": USER_SCHEMA}, **properties},
        ["schema", *required],
        defs,
    )


def session_schema() -> dict[str, Any]:
    """The JSON Schema of a session document (``schema`` optional)."""
    defs: _Defs = {}
    properties, required = _properties(Session, defs)
    return _document(
        "secinfo session document",
        SESSION_SCHEMA,
        {"schema": {"const": SESSION_SCHEMA}, **properties},
        required,
        defs,
    )


# --------------------------------------------------------------------------------------------
# The evaluation output: from the result classes' type annotations
# --------------------------------------------------------------------------------------------

_GROUPED: dict[type[Any], dict[str, dict[str, str]]] = {
    Evaluation: {"usable": {"mfa": "usable_mfa", "sspr": "usable_sspr"}},
}
"""Fields a ``to_dict`` writes grouped under one key: ``usable.mfa`` is ``usable_mfa``."""


def _typed(annotation: Any, defs: _Defs) -> _Schema:
    """The schema of the JSON form of a value annotated *annotation*."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [_typed(arg, defs) for arg in args if arg is not type(None)]
        schema = options[0] if len(options) == 1 else {"anyOf": options}
        return {"anyOf": [schema, {"type": "null"}]} if type(None) in args else schema
    if origin is tuple:
        return {"type": "array", "items": _typed(args[0], defs)}
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        defs.setdefault(annotation.__name__, {"enum": [member.value for member in annotation]})
        return {"$ref": f"#/$defs/{annotation.__name__}"}
    if annotation is bool:
        return {"type": "boolean"}
    if annotation is int:
        return {"type": "integer"}
    if annotation is str:
        return {"type": "string"}
    if attrs.has(annotation):
        return {"$ref": f"#/$defs/{_result(annotation, defs)}"}
    raise TypeError(f"no JSON form for {annotation!r}")  # pragma: no cover - a new result type


def _result(cls: type[Any], defs: _Defs) -> str:
    name = cls.__name__
    if name in defs:
        return name
    defs[name] = {}
    hints = typing.get_type_hints(cls)
    grouped = _GROUPED.get(cls, {})
    inside = {field for group in grouped.values() for field in group.values()}
    properties: dict[str, _Schema] = {}
    for attribute in attrs.fields(cls):
        if attribute.name in inside:
            continue
        properties[attribute.name] = _typed(hints[attribute.name], defs)
    for key, group in grouped.items():
        members = {name: _typed(hints[field], defs) for name, field in group.items()}
        properties[key] = _object(members, list(members))
    defs[name] = _object(properties, list(properties))
    return name


def evaluation_schema() -> dict[str, Any]:
    """The JSON Schema of :meth:`secinfo.Evaluation.to_dict` (what ``secinfo evaluate`` and
    ``secinfo report`` write per user), derived from the result classes' annotations."""
    defs: _Defs = {}
    root = _result(Evaluation, defs)
    top = defs.pop(root)
    return {
        "$schema": DIALECT,
        "$id": "urn:secinfo:schema:evaluation:1",
        "title": "secinfo evaluation",
        **top,
        "$defs": dict(sorted(defs.items())),
    }


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "policy": policy_schema,
    "user": user_schema,
    "session": session_schema,
    "evaluation": evaluation_schema,
}
"""Every schema by name; the package ships each as ``secinfo/schemas/<name>.schema.json``."""
