"""``evaluate`` shares the one predicate's answers between its decisions (one View per call) and
builds its results on an internal path: its output must stay the straightforward composition of
the public functions, so the sharing can never drift from the rules."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secinfo import (
    Session,
    TenantPolicy,
    UserState,
    evaluate,
    load_user,
)
from secinfo.testing import REFERENCE_NOW, policies, sessions, users
from tests._composed import composed
from tests._synth import example_policy, generated_users

NOW = REFERENCE_NOW


@pytest.mark.parametrize("name", ["policy.json", "policy-no-telephony.json"])
@pytest.mark.parametrize("options", [{}, {"patterns": 50}, {"registrations": 6}])
def test_evaluate_is_the_composition_on_the_example_tenant(
    name: str, options: dict[str, Any]
) -> None:
    policy = example_policy(name)
    seen_modes = set()
    for document in generated_users(400, seed=7, **options):
        user = load_user(document)
        result = evaluate(policy, user, now=NOW)
        assert result.to_dict() == composed(policy, user, NOW)
        seen_modes.add(result.prompt.mode)
    # The users reach more than one kind of prompt (the comparison covers several paths).
    assert len(seen_modes) >= 2


@settings(max_examples=300)
@given(
    policies().flatmap(lambda p: st.tuples(st.just(p), users(policy=p))),
    st.none() | sessions(),
)
def test_evaluate_is_the_composition(
    policy_and_user: tuple[TenantPolicy, UserState], session: Session | None
) -> None:
    policy, user = policy_and_user
    assert evaluate(policy, user, now=NOW, session=session).to_dict() == composed(
        policy, user, NOW, session
    )


def test_results_built_internally_equal_validated_ones() -> None:
    """An evaluation rebuilt, value by value, through the public (converting and validating)
    constructors is equal to the one ``evaluate`` built internally, with equal hashes."""
    for name in ("policy.json", "policy-no-telephony.json"):
        policy = example_policy(name)
        for document in generated_users(300, seed=11):
            result = evaluate(policy, load_user(document), now=NOW)
            rebuilt = _rebuild(result)
            assert rebuilt == result
            assert hash(rebuilt) == hash(result)
            assert rebuilt.to_dict() == result.to_dict()


def _rebuild(value: Any) -> Any:
    """*value* rebuilt through its class's public constructor, its parts first."""
    if isinstance(value, tuple):
        return tuple(_rebuild(item) for item in value)
    if not attrs.has(type(value)):
        return value
    return type(value)(
        **{field.name: _rebuild(getattr(value, field.name)) for field in attrs.fields(type(value))}
    )
