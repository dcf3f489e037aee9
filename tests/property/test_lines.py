"""The report's line encoder (:mod:`secinfo._lines`) gives exactly the bytes of
``_jsonl.encode(result.to_dict())``, whatever it keeps, with either codec."""

from __future__ import annotations

import json
import pickle
from datetime import timedelta

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from secinfo import (
    Evaluation,
    Session,
    TenantPolicy,
    UserState,
    _jsonl,
    evaluate,
    load_user,
)
from secinfo._lines import EvaluationLines
from secinfo.testing import REFERENCE_NOW, sessions, tenants
from tests._synth import example_policy, generated_users

NOW = REFERENCE_NOW

# Shared across examples on purpose: later examples meet pieces kept by earlier ones, and the
# small bound empties the store again and again.
_SHARED = EvaluationLines()
_SMALL = EvaluationLines(limit=3)


@settings(max_examples=150)
@given(
    tenants(min_users=1, max_users=5),
    st.integers(0, 400),
    st.none() | sessions(),
)
def test_lines_are_the_reference_encoding(
    tenant: tuple[TenantPolicy, tuple[UserState, ...]], days: int, session: Session | None
) -> None:
    policy, members = tenant
    now = NOW + timedelta(days=days)
    for user in members:
        result = evaluate(policy, user, now=now, session=session)
        expected = _jsonl.encode(result.to_dict())
        before = _kept(_SHARED)
        assert _SHARED(result) == expected
        assert _SMALL(result) == expected
        assert _SHARED(result) == expected  # the second time from kept pieces
        event("kept pieces reused" if _kept(_SHARED) == before else "new pieces kept")
        json.loads(expected)  # one JSON document


def _kept(lines: EvaluationLines) -> int:
    stores = (lines._usable, lines._prompts, lines._decisions, lines._parts, lines._reasons)
    return sum(len(store) for store in stores)


def _example_results(count: int) -> list[Evaluation]:
    policy = example_policy()
    return [
        evaluate(policy, load_user(document), now=NOW)
        for document in generated_users(count, seed=3)
    ]


@pytest.mark.parametrize("limit", [1, 2, 50, 1024])
def test_the_example_tenant_encodes_identically_at_any_bound(limit: int) -> None:
    results = _example_results(400)
    lines = EvaluationLines(limit=limit)
    for _ in range(2):
        for result in results:
            assert lines(result) == _jsonl.encode(result.to_dict())
    assert len(lines._prompts) <= limit
    assert len(lines._reasons) <= limit
    assert max(len(lines._usable), len(lines._decisions), len(lines._parts)) <= limit


def test_a_ranked_set_met_with_two_others_keeps_both_pairs() -> None:
    """The ranked tuples are shared per set of methods: one MFA tuple paired with two SSPR
    tuples is two entries, each encoded once (an entry under the MFA tuple alone was replaced
    by every other pair it met, about half of the example tenant's lines)."""
    results = _example_results(400)
    pairs = {(r.usable_mfa, r.usable_sspr) for r in results}
    assert len({mfa for mfa, _ in pairs}) < len(pairs)  # some MFA tuple is met twice
    lines = EvaluationLines()
    for result in results:
        lines(result)
    encoded = dict(lines._usable)
    for result in results:
        lines(result)
    assert lines._usable == encoded  # nothing encoded again
    assert len(encoded) == len({(id(m), id(s)) for m, s in pairs})


def test_the_standard_library_codec_gives_its_own_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without orjson, every piece (and so the line) is the standard library's encoding."""
    monkeypatch.setattr(_jsonl, "_encode", _jsonl._stdlib_encode)
    lines = EvaluationLines()
    for result in _example_results(100):
        expected = json.dumps(
            result.to_dict(),
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        assert lines(result) == expected


def test_a_worker_receives_an_empty_store_with_the_same_bound() -> None:
    lines = EvaluationLines(limit=7)
    for result in _example_results(20):
        lines(result)
    assert _kept(lines)
    copy = pickle.loads(pickle.dumps(lines))
    assert _kept(copy) == 0
    assert copy._limit == 7
