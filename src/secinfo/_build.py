"""Internal construction of result values from values secinfo computed itself.

The public constructors of the frozen attrs classes convert and validate every field, which is
right for a caller's input and wasted on values the evaluators build from already-checked
inputs (a per-user evaluation builds a dozen of them). :func:`trusted` sets the fields directly.
It is for values computed inside the package only — never for a caller's input — and every field
must already be in its converted form (tuples, enum members, UTC datetimes): the test suite
rebuilds results through the public constructors and compares them.
"""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

T = TypeVar("T")

_NEW = object.__new__
_SET = object.__setattr__
_MISSING = object()
_FIELDS: dict[type, tuple[tuple[str, object, bool], ...]] = {}


def _fields(cls: type) -> tuple[tuple[str, object, bool], ...]:
    found = []
    for field in attrs.fields(cls):
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            if default.takes_self:
                raise TypeError(f"{cls.__name__}.{field.name}: a factory taking self")
            found.append((field.name, default.factory, True))
        else:
            found.append((field.name, _MISSING if default is attrs.NOTHING else default, False))
    _FIELDS[cls] = fields = tuple(found)
    return fields


def trusted(cls: type[T], /, **values: Any) -> T:
    """An instance of the attrs class *cls* with *values* (defaults for the others), without
    converters or validators. Internal: for values computed by secinfo from checked inputs."""
    fields = _FIELDS.get(cls) or _fields(cls)
    instance: T = _NEW(cls)
    for name, default, factory in fields:
        value = values.get(name, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                raise TypeError(f"{cls.__name__}: {name} is required")
            value = default() if factory else default  # type: ignore[operator]
        _SET(instance, name, value)
    return instance
