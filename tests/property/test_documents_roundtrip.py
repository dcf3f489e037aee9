"""Properties of secinfo.documents: round trips, and nothing but InvalidDocument on bad input."""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable
from typing import Any

import attrs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from secinfo import (
    InvalidDocument,
    Method,
    MethodSetting,
    Purpose,
    Session,
    TenantPolicy,
    UserState,
)
from secinfo._fields import Shape, Spec, specs
from secinfo.documents import (
    dump_policy,
    dump_session,
    dump_user,
    load_policy,
    load_session,
    load_user,
)
from secinfo.testing import SAMPLE_AAGUIDS, SAMPLE_PROVIDERS, policies, sessions, users


def _deep(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def _deep_object(depth: int) -> Any:
    value: Any = {}
    for _ in range(depth):
        value = {"k": value}
    return value


HUGE_STRING = "9" * 1_000_000

Path = tuple[str | int, ...]

# Replacement values of every JSON type (and a few non-JSON ones a caller might pass).
REPLACEMENTS: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 1, 2, 3, 10**40, 2**63]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, 1.0, 0.0]),
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            "all",
            "SMS",
            "Push",
            "+14255550134",
            "2026-01-05T09:00:00",
            "2026-13-01T00:00:00Z",
            "2026-01-05T09:00:00+01:00",
            "secinfo/user/1",
        ]
    ),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=4),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    # fresh objects each time: a later mutation may edit what an earlier one inserted
    st.sampled_from([HUGE_STRING, (), b"bytes"]),
    st.builds(lambda: _deep(10_000)),
    st.builds(lambda: _deep_object(10_000)),
    st.builds(lambda: [0] * 100_000),
    st.builds(lambda: {1: 2}),
)


def _paths(node: Any, prefix: Path = ()) -> list[Path]:
    """Every path into *node*, not descending into the deep or huge replacement values."""
    found = [prefix]
    if len(prefix) > 8:
        return found
    if isinstance(node, dict) and len(node) <= 50:
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list) and len(node) <= 50:
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _phone_values(doc: Any) -> list[str]:
    """The strings under phone keys (``number``, ``business_phone``) of *doc*."""
    found: list[str] = []
    for path in _paths(doc):
        if path and path[-1] in ("number", "business_phone"):
            value = _at(doc, path)
            if isinstance(value, str) and len(value) >= 6:
                found.append(value)
    return found


def _at(node: Any, path: Path) -> Any:
    for step in path:
        node = node[step]
    return node


def _rename(value: Any) -> Any:
    if isinstance(value, str) and value:
        return value.upper() if value != value.upper() else value.lower() + "_x"
    return "renamed"


@st.composite
def mutated(draw: st.DrawFn, documents: st.SearchStrategy[dict[str, Any]]) -> Any:
    """A valid document with one to three random mutations: a key deleted, an unknown key
    added, a value replaced by one of another type / null / deep nesting / a huge value, an
    enum value renamed, a list element duplicated."""
    doc: Any = copy.deepcopy(draw(documents))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        target = _at(doc, path)
        operation = draw(
            st.sampled_from(["delete", "add", "replace", "rename", "duplicate", "root"])
        )
        if operation == "root":
            doc = draw(REPLACEMENTS)
            continue
        if not path:
            if isinstance(doc, dict) and operation == "add":
                doc[draw(st.text(max_size=8))] = draw(REPLACEMENTS)
            continue
        parent, last = _at(doc, path[:-1]), path[-1]
        if operation == "delete":
            del parent[last]
        elif operation == "add" and isinstance(target, dict):
            target[draw(st.text(max_size=8))] = draw(REPLACEMENTS)
        elif operation == "duplicate" and isinstance(parent, list):
            parent.append(target)
        elif operation == "rename":
            parent[last] = _rename(target)
        else:
            parent[last] = draw(REPLACEMENTS)
        if not isinstance(doc, dict | list):
            break
    return doc


def _json(doc: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(json.dumps(doc))
    return result


@given(policies())
def test_policy_round_trip(policy: TenantPolicy) -> None:
    doc = dump_policy(policy)
    again = load_policy(_json(doc))
    assert again == policy
    assert dump_policy(again) == doc


@given(users())
def test_user_round_trip(user: UserState) -> None:
    doc = dump_user(user)
    again = load_user(_json(doc))
    assert again == user
    assert dump_user(again) == doc


@given(policies().flatmap(lambda policy: users(policy=policy)))
def test_user_of_a_policy_round_trip(user: UserState) -> None:
    assert load_user(dump_user(user)) == user


@given(sessions())
def test_session_round_trip(session: Session) -> None:
    doc = dump_session(session)
    again = load_session(_json(doc))
    assert again == session
    assert dump_session(again) == doc


def _only_invalid_document(
    load: Callable[[Any], Any], dump: Callable[[Any], Any], doc: Any
) -> None:
    error: InvalidDocument | None = None
    try:
        value = load(doc)
    except InvalidDocument as caught:
        error = caught
    if error is not None:
        assert isinstance(error.path, str)
        assert len(str(error)) < 500
        for number in _phone_values(doc):
            assert number[1:-2] not in str(error), "a phone number leaked into the message"
    else:
        # whatever a loader accepts is a valid value, and it round-trips
        assert load(dump(value)) == value


MUTATION_SETTINGS = settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None
)


@MUTATION_SETTINGS
@given(mutated(policies().map(dump_policy)))
def test_policy_loader_raises_only_invalid_document(doc: Any) -> None:
    _only_invalid_document(load_policy, dump_policy, doc)


@MUTATION_SETTINGS
@given(mutated(users().map(dump_user)))
def test_user_loader_raises_only_invalid_document(doc: Any) -> None:
    _only_invalid_document(load_user, dump_user, doc)


@MUTATION_SETTINGS
@given(mutated(sessions().map(dump_session)))
def test_session_loader_raises_only_invalid_document(doc: Any) -> None:
    _only_invalid_document(load_session, dump_session, doc)


@MUTATION_SETTINGS
@given(mutated(users().map(dump_user)))
def test_every_loader_refuses_every_mutated_document_cleanly(doc: Any) -> None:
    # documents of one type fed to the other loaders
    _only_invalid_document(load_policy, dump_policy, doc)
    _only_invalid_document(load_session, dump_session, doc)


# --------------------------------------------------------------------------------------------
# Every policy field at a value other than its default
# --------------------------------------------------------------------------------------------

_GROUPS = st.sampled_from(["g1", "g2", "all"])
_REGION_CODES = st.sampled_from(["US", "GB", "DE", "FR", "001"])


def _non_default(attribute: attrs.Attribute[Any], spec: Spec) -> st.SearchStrategy[Any]:
    """Values of one field, never its default (read from the field's spec)."""
    default = attribute.default
    factory = getattr(default, "factory", None)
    if factory is not None:
        default = factory()
    values: st.SearchStrategy[Any]
    match spec.shape:
        case Shape.FLAG:
            return st.just(not default)
        case Shape.INTEGER:
            values = st.integers(spec.low, spec.upper)
        case Shape.CHOICE:
            values = st.sampled_from(spec.allowed)
        case Shape.TARGETS:
            values = st.frozensets(_GROUPS, min_size=1)
        case Shape.REGIONS:
            values = st.frozensets(_REGION_CODES, min_size=1)
        case Shape.METHODS:
            values = st.frozensets(st.sampled_from(spec.allowed), min_size=1)
        case Shape.GUIDS:
            values = st.frozensets(st.sampled_from(SAMPLE_AAGUIDS), min_size=1)
        case Shape.NAMES:
            values = st.frozensets(st.sampled_from(SAMPLE_PROVIDERS), min_size=1)
        case Shape.SECTION:
            assert spec.section is not None
            return _non_default_section(spec.section)
        case _:  # pragma: no cover - a policy field of another shape needs a strategy here
            raise AssertionError(spec.shape)
    return values.filter(lambda value: value != default)


def _non_default_section(cls: type[Any], **fixed: Any) -> st.SearchStrategy[Any]:
    drawn = {
        attribute.name: _non_default(attribute, spec)
        for attribute, spec in specs(cls, skip=tuple(fixed))
    }
    return st.builds(cls, **{name: st.just(value) for name, value in fixed.items()}, **drawn)


def _own_fields(method: Method) -> frozenset[str]:
    """The fields of *method*'s setting that can leave their default: its keys (the common ones
    and its own, R17–R20), but a purpose flag it cannot serve."""
    incapable = {purpose.value for purpose in Purpose if not method.capable(purpose)}
    return frozenset(MethodSetting.keys(method)) - incapable


@st.composite
def _non_default_setting(draw: st.DrawFn, method: Method) -> MethodSetting:
    own = _own_fields(method)
    kwargs = {
        attribute.name: draw(_non_default(attribute, spec))
        for attribute, spec in specs(MethodSetting, skip=("method",))
        if attribute.name in own
    }
    if "min_minutes" in kwargs:  # 10 ≤ min ≤ max (R20)
        low, high = sorted((kwargs["min_minutes"], kwargs["max_minutes"]))
        assume(low != 60 and high != 480)
        kwargs.update(min_minutes=low, max_minutes=high)
    return MethodSetting(method=method, **kwargs)


@st.composite
def _non_default_policies(draw: st.DrawFn) -> TenantPolicy:
    listed = draw(st.lists(st.sampled_from(list(Method)), min_size=1, max_size=5, unique=True))
    settings_ = [draw(_non_default_setting(method)) for method in listed]
    policy: TenantPolicy = draw(_non_default_section(TenantPolicy, methods=tuple(settings_)))
    return policy


def _differs_everywhere(
    value: Any, default: Any, path: str, *, only: frozenset[str] | None = None
) -> None:
    for attribute in attrs.fields(type(value)):
        if only is not None and attribute.name not in only:
            continue
        mine, theirs = getattr(value, attribute.name), getattr(default, attribute.name)
        if attrs.has(type(mine)) and theirs is not None:
            _differs_everywhere(mine, theirs, f"{path}{attribute.name}.")
        else:
            assert mine != theirs, f"{path}{attribute.name} is at its default"


@given(_non_default_policies())
def test_every_policy_field_round_trips_at_a_non_default_value(policy: TenantPolicy) -> None:
    assert policy.methods
    _differs_everywhere(
        policy,
        TenantPolicy(),
        "",
        only=frozenset(a.name for a in attrs.fields(TenantPolicy)) - {"methods"},
    )
    for setting in policy.methods:
        _differs_everywhere(
            setting,
            MethodSetting(method=setting.method),
            f"methods.{setting.method.value}.",
            only=_own_fields(setting.method),
        )
    document = json.loads(json.dumps(dump_policy(policy)))
    assert load_policy(document) == policy
    assert dump_policy(load_policy(document)) == document
