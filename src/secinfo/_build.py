"""Internal construction of result values from values secinfo computed itself.

The public constructors of the frozen attrs classes convert and validate every field, which is
right for a caller's input and wasted on values the evaluators build from already-checked
inputs (a per-user evaluation builds a dozen of them). :func:`trusted` sets the fields directly.
It is for values computed inside the package only — never for a caller's input — and every field
must already be in its converted form (tuples, enum members, UTC datetimes): the test suite
rebuilds results through the public constructors and compares them.

For each class, a builder taking the fields as keyword arguments is generated once (like attrs
generates ``__init__``): the fields are set in the class's order, defaults filled in, without
converters, validators or ``__attrs_post_init__``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

T = TypeVar("T")

_MISSING = object()
_BUILDERS: dict[type, Callable[..., Any]] = {}


def builder(cls: type[T]) -> Callable[..., T]:
    """The builder of the attrs class *cls*: ``build(*, field=…, …)`` returning an instance, as
    :func:`trusted` (for a hot path that builds many)."""
    return _BUILDERS.get(cls) or _builder(cls)


def _builder(cls: type) -> Callable[..., Any]:
    """Generate the builder of *cls*."""
    namespace: dict[str, Any] = {
        "_cls": cls,
        "_new": object.__new__,
        "_set": object.__setattr__,
        "_missing": _MISSING,
    }
    parameters: list[str] = []
    body: list[str] = ["    instance = _new(_cls)"]
    for index, field in enumerate(attrs.fields(cls)):
        name = field.name
        if not name.isidentifier() or name.startswith("_"):
            raise TypeError(f"{cls.__name__}.{name}: not a plain field name")
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            if default.takes_self:
                raise TypeError(f"{cls.__name__}.{name}: a factory taking self")
            namespace[f"_factory{index}"] = default.factory
            parameters.append(f"{name}=_missing")
            body.append(f"    if {name} is _missing:\n        {name} = _factory{index}()")
        elif default is attrs.NOTHING:
            parameters.append(name)
        else:
            namespace[f"_default{index}"] = default
            parameters.append(f"{name}=_default{index}")
        body.append(f"    _set(instance, {name!r}, {name})")
    header = f"def build(*, {', '.join(parameters)}):"
    # Generated from the class's own field names (identifiers, checked above).
    exec("\n".join([header, *body, "    return instance"]), namespace)
    build: Callable[..., Any] = namespace["build"]
    _BUILDERS[cls] = build
    return build


def trusted(cls: type[T], /, **values: Any) -> T:
    """An instance of the attrs class *cls* with *values* (defaults for the others), without
    converters or validators. Internal: for values computed by secinfo from checked inputs."""
    build = _BUILDERS.get(cls) or _builder(cls)
    instance: T = build(**values)
    return instance
