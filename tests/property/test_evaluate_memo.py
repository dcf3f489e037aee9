"""``evaluate`` keeps some decisions per policy (docs/decisions.md, "Decisions kept per policy"):
the default and the ``view`` gate, the interrupt (without the user's grace and review reasons)
and the predicate's answers for registrations whose answer depends only on their methods, each
keyed by what the policy's targets decide for the user's groups and the rest of what it reads.

A kept decision must equal the straightforward one: every result of a policy whose memos fill
up across many users is compared with the composition of the public functions on a fresh copy
of the policy (so nothing is shared with the evaluation under test), and users that differ only
in what the memos leave out (their id, first prompt, last review, snoozes) reach kept entries
with their own times."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from secinfo import (
    Evaluation,
    TenantPolicy,
    UserState,
    evaluate,
    load_policy,
    load_user,
)
from secinfo import evaluation as evaluation_module
from secinfo import requirements as requirements_module
from secinfo import usable as usable_module
from secinfo.methods import by_rank
from secinfo.policy import Memo
from secinfo.testing import REFERENCE_NOW, tenants
from secinfo.user import PREFERABLE_METHODS as PREFERABLE
from secinfo.user import CampaignProgress
from tests._composed import composed
from tests._synth import ROOT, example_policy, generated_users

NOW = REFERENCE_NOW
_DEFAULTS: Memo[Any, Any] = evaluation_module._DEFAULTS
_INTERRUPTS: Memo[Any, Any] = evaluation_module._INTERRUPTS
_SHORTFALLS: Memo[Any, Any] = requirements_module._SHORTFALLS
_REVIEWS: Memo[Any, Any] = requirements_module._REVIEWS
_REVIEW_REASONS: Memo[Any, Any] = requirements_module._REVIEW_REASONS
_GRACE_REASONS: Memo[Any, Any] = requirements_module._GRACE_REASONS


def recomputed(policy: TenantPolicy, user: UserState) -> dict[str, Any]:
    """The evaluation from the public functions, on a fresh copy of *policy* (empty memos)."""
    return composed(attrs.evolve(policy), user, NOW)


def _variant(user: UserState, index: int, shift: int) -> UserState:
    """*user* with another id, other times of the kinds the memos leave out, and perhaps
    another preference."""
    moved = timedelta(days=shift)

    def at(moment: Any) -> Any:
        return None if moment is None else moment - moved

    # Another preference among the methods the user holds (or none): another default, with
    # everything else the interrupt reads unchanged.
    held = [None, *by_rank(m for r in user.registrations for m in r.methods if m in PREFERABLE)]
    return attrs.evolve(
        user,
        user_id=f"{user.user_id}-{index}",
        preferred=held[shift % len(held)],
        first_prompted_at=NOW - moved if user.first_prompted_at is None else None,
        last_reviewed_at=at(user.last_reviewed_at),
        campaign=CampaignProgress(
            snoozes=(user.campaign.snoozes + shift) % 5,
            last_snoozed_at=at(user.campaign.last_snoozed_at),
        ),
    )


def _evaluate_observed(policy: TenantPolicy, user: UserState) -> Evaluation:
    """``evaluate``, reporting (as Hypothesis events) whether it reached kept entries."""
    defaults, interrupts = _DEFAULTS.size(policy), _INTERRUPTS.size(policy)
    shortfalls, reviews = _SHORTFALLS.size(policy), _REVIEWS.size(policy)
    result = evaluate(policy, user, now=NOW)
    event("default and gate: " + ("miss" if _DEFAULTS.size(policy) > defaults else "hit"))
    event("shortfall: " + ("miss" if _SHORTFALLS.size(policy) > shortfalls else "hit"))
    if result.prompt.mode.value == "review":
        event("review: " + ("miss" if _REVIEWS.size(policy) > reviews else "hit"))
    if result.prompt.mode.value == "interrupt" and not any(
        r.kind.value == "temporary_access_pass" for r in user.registrations
    ):
        grew = _INTERRUPTS.size(policy) > interrupts
        event("interrupt: " + ("miss" if grew else "hit"))
    return result


@settings(max_examples=150)
@given(tenants(min_users=2, max_users=6), st.lists(st.integers(0, 400), min_size=1, max_size=3))
def test_kept_decisions_equal_the_straightforward_ones(
    tenant: tuple[TenantPolicy, tuple[UserState, ...]], shifts: list[int]
) -> None:
    policy, members = tenant
    checked = 0
    for user in members:
        for index, shift in enumerate([0, *shifts]):
            variant = user if index == 0 else _variant(user, index, shift)
            result = _evaluate_observed(policy, variant)
            assert result.to_dict() == recomputed(policy, variant)
            checked += 1
    assert checked >= 2 * len(members)


@pytest.mark.parametrize("options", [{}, {"patterns": 300}])
def test_kept_decisions_on_the_example_tenant_hit_and_stay_equal(options: dict[str, Any]) -> None:
    """On the example tenant most users reach kept entries, and every result stays the
    straightforward one."""
    policy = example_policy()
    misses = 0
    users = [load_user(document) for document in generated_users(300, seed=5, **options)]
    results = []
    for user in users:
        before = _DEFAULTS.size(policy)
        result = evaluate(policy, user, now=NOW)
        misses += _DEFAULTS.size(policy) > before
        assert result.to_dict() == recomputed(policy, user)
        results.append(result)
    assert 0 < misses < len(users) // 2
    assert _INTERRUPTS.size(policy) > 0
    # Shortfalls are kept and shared by many users; review prompts are kept per day count, and a
    # second evaluation of the users under review reaches them and stays the same.
    assert 0 < _SHORTFALLS.size(policy) < len(users) // 2
    reviewed = [u for u, r in zip(users, results, strict=True) if r.prompt.mode.value == "review"]
    kept = _REVIEWS.size(policy)
    assert 0 < kept <= len(reviewed)
    for user in reviewed:
        assert evaluate(policy, user, now=NOW).to_dict() == recomputed(policy, user)
    assert _REVIEWS.size(policy) == kept
    assert 0 < _REVIEW_REASONS.size(policy) <= len(users)


def test_memos_stay_bounded_with_many_group_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a small bound, a tenant with far more patterns than the bound keeps at most that
    many entries per memo, drops the oldest, and still decides every user the same way."""
    memos = (
        _DEFAULTS,
        _INTERRUPTS,
        _SHORTFALLS,
        _REVIEWS,
        _REVIEW_REASONS,
        _GRACE_REASONS,
        usable_module._SHAPES,
        usable_module._TARGETING,
    )
    for memo in memos:
        monkeypatch.setattr(memo, "bound", 8)
    document = json.loads(Path(ROOT, "examples", "tenant", "policy.json").read_text())
    teams = [f"g-team-{n}" for n in range(200)]
    document["methods"]["software_oath"]["include"] += teams
    policy = load_policy(document)
    users = [load_user(d) for d in generated_users(200, seed=9, patterns=200)]
    assert len({policy.pattern(user.groups) for user in users}) > 50
    for user in users:
        assert evaluate(policy, user, now=NOW).to_dict() == recomputed(policy, user)
        for memo in memos:
            assert memo.size(policy) <= 8
    # The targeting (kept per pattern) reached its bound and dropped its oldest entries.
    assert usable_module._TARGETING.size(policy) >= 6
    assert usable_module._TARGETING.find(policy, policy.pattern(users[0].groups)) is None


def test_a_memo_drops_its_oldest_quarter_when_full() -> None:
    memo: Memo[int, str] = Memo("test", bound=8)
    policy = TenantPolicy()
    for n in range(8):
        memo.put(policy, n, str(n))
    assert memo.size(policy) == 8
    memo.put(policy, 3, "again")  # a kept key is replaced, nothing dropped
    assert memo.size(policy) == 8
    assert memo.find(policy, 3) == "again"
    memo.put(policy, 8, "8")
    assert memo.size(policy) == 7
    assert [memo.find(policy, n) for n in (0, 1, 2)] == [None, None, "2"]
    assert memo.find(policy, 8) == "8"
    assert memo.get(policy, 8, lambda: "never computed") == "8"
    assert memo.size(TenantPolicy()) == 0  # per policy object


@pytest.mark.parametrize("bound", [0, -1, True, 2.5, "8"])
def test_a_memo_bound_is_a_positive_integer(bound: object) -> None:
    from secinfo.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="bound"):
        Memo("test", bound=bound)  # type: ignore[arg-type]
