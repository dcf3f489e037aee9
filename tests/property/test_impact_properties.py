"""Invariants of secinfo.impact: comparing a user with itself changes nothing, and comparing two
policies one way is the mirror of comparing them the other way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from secinfo import GateOutcome, TenantPolicy, UserState, evaluate
from secinfo.impact import impact_counts, policy_impact
from secinfo.testing import REFERENCE_NOW, policies, users

two_policies_and_a_user = st.tuples(policies(), policies()).flatmap(
    lambda pair: st.tuples(st.just(pair[0]), st.just(pair[1]), users(policy=pair[0]))
)


@settings(max_examples=60)
@given(policies().flatmap(lambda p: st.tuples(st.just(p), users(policy=p))))
def test_the_same_policy_at_the_same_time_affects_nobody(
    case: tuple[TenantPolicy, UserState],
) -> None:
    policy, user = case
    change = policy_impact(policy, policy, user, now=REFERENCE_NOW)
    assert not change.affected
    assert impact_counts(change) == {"users": 1}


@settings(max_examples=60)
@given(two_policies_and_a_user)
def test_impact_mirrors_and_matches_evaluate(
    case: tuple[TenantPolicy, TenantPolicy, UserState],
) -> None:
    old, new, user = case
    forward = policy_impact(old, new, user, now=REFERENCE_NOW)
    backward = policy_impact(new, old, user, now=REFERENCE_NOW)
    assert forward.before == evaluate(old, user, now=REFERENCE_NOW) == backward.after
    assert forward.after == evaluate(new, user, now=REFERENCE_NOW) == backward.before
    assert forward.mfa_lost == backward.mfa_gained
    assert forward.sspr_gained == backward.sspr_lost
    assert forward.newly_blocked == backward.unblocked
    assert forward.newly_interrupted == backward.no_longer_interrupted
    assert forward.nudge_started == backward.nudge_stopped
    assert forward.affected == backward.affected
    if forward.newly_blocked:
        assert (
            forward.after.prompt.blocked is not None
            or forward.after.step_up.outcome is GateOutcome.DENY
        )
    if forward.step_up_impossible:
        assert forward.after.step_up.remedy is not None
    counts = impact_counts(forward)
    assert counts["affected"] == forward.affected
    assert counts["mfa_lost"] == bool(forward.mfa_lost)
    assert sum(n for k, n in counts.items() if k.startswith("mfa_lost:")) == len(forward.mfa_lost)
