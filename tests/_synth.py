"""The example tenant's user generator (``examples/generate_users.py``), imported for tests."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from secinfo import TenantPolicy, UserState, dump_user, load_policy

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "generate_users", ROOT / "examples" / "generate_users.py"
)
assert _spec is not None
assert _spec.loader is not None
generate_users_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_users_module)


def generated_users(count: int, *, seed: int = 1, **options: Any) -> Iterator[dict[str, Any]]:
    """``generate_users(count, seed=seed, **options)`` from the example generator."""
    users: Iterator[dict[str, Any]] = generate_users_module.generate_users(
        count, seed=seed, **options
    )
    return users


def example_policy(name: str = "policy.json") -> TenantPolicy:
    """The example tenant's policy *name* (``examples/tenant/``), loaded."""
    return load_policy(json.loads((ROOT / "examples" / "tenant" / name).read_text()))


def assert_same_user(got: UserState, expected: UserState) -> None:
    """*got* (from a fast reader) is the user the plain reader gave: equal, with the same
    ``repr`` (time zones and member types included), the same dump and registration types."""
    assert got == expected
    assert repr(got) == repr(expected)
    assert json.dumps(dump_user(got)) == json.dumps(dump_user(expected))
    for mine, theirs in zip(got.registrations, expected.registrations, strict=True):
        assert type(mine) is type(theirs)
