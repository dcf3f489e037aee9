"""``evaluate`` shares the one predicate's answers between its decisions (one View per call) and
builds its results on an internal path: its output must stay the straightforward composition of
the public functions, so the sharing can never drift from the rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from secinfo import (
    Action,
    Evaluation,
    Session,
    TenantPolicy,
    UserState,
    default_method,
    evaluate,
    load_policy,
    load_user,
    required_registrations,
    step_up,
    usable_methods,
)
from secinfo.methods import Purpose, by_rank
from secinfo.testing import REFERENCE_NOW, policies, sessions, users
from tests._synth import ROOT, generated_users

NOW = REFERENCE_NOW


def composed(
    policy: TenantPolicy, user: UserState, session: Session | None = None
) -> dict[str, Any]:
    """What ``evaluate`` must return, from the public functions one by one."""
    return Evaluation(
        user_id=user.user_id,
        usable_mfa=by_rank(usable_methods(policy, user, Purpose.MFA, now=NOW)),
        usable_sspr=by_rank(usable_methods(policy, user, Purpose.SSPR, now=NOW)),
        prompt=required_registrations(policy, user, now=NOW, session=session),
        default=default_method(policy, user, now=NOW),
        step_up=step_up(policy, user, Action.VIEW, session=session, now=NOW),
    ).to_dict()


def _tenant(name: str) -> TenantPolicy:
    return load_policy(json.loads(Path(ROOT, "examples", "tenant", name).read_text()))


@pytest.mark.parametrize("name", ["policy.json", "policy-no-telephony.json"])
@pytest.mark.parametrize("options", [{}, {"patterns": 50}, {"registrations": 6}])
def test_evaluate_is_the_composition_on_the_example_tenant(
    name: str, options: dict[str, Any]
) -> None:
    policy = _tenant(name)
    seen_modes = set()
    for document in generated_users(400, seed=7, **options):
        user = load_user(document)
        result = evaluate(policy, user, now=NOW)
        assert result.to_dict() == composed(policy, user)
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
        policy, user, session
    )


def test_results_built_internally_equal_validated_ones() -> None:
    """An evaluation rebuilt through the public (validating) constructors is equal, field for
    field, to the one ``evaluate`` built."""
    policy = _tenant("policy.json")
    for document in generated_users(200, seed=11):
        user = load_user(document)
        result = evaluate(policy, user, now=NOW)
        rebuilt = Evaluation(
            user_id=result.user_id,
            usable_mfa=result.usable_mfa,
            usable_sspr=result.usable_sspr,
            prompt=type(result.prompt)(**_fields(result.prompt)),
            default=type(result.default)(**_fields(result.default)),
            step_up=type(result.step_up)(**_fields(result.step_up)),
        )
        assert rebuilt == result
        assert hash(rebuilt) == hash(result)


def _fields(value: Any) -> dict[str, Any]:
    import attrs

    return {field.name: getattr(value, field.name) for field in attrs.fields(type(value))}
