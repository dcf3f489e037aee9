"""evaluate and Evaluation.to_dict."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from secinfo import (
    GateOutcome,
    InvalidArgument,
    MethodSetting,
    MfaSettings,
    PromptMode,
    Session,
    TenantPolicy,
    UserState,
    load_policy,
    load_user,
)
from secinfo.evaluation import evaluate

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def _without_messages(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_messages(v) for k, v in value.items() if k != "message"}
    if isinstance(value, list):
        return [_without_messages(v) for v in value]
    return value


def _example() -> tuple[TenantPolicy, UserState]:
    policy = load_policy(json.loads((ROOT / "examples" / "policy.json").read_text()))
    user = load_user(json.loads((ROOT / "examples" / "users" / "u1.json").read_text()))
    return policy, user


def test_design_example_is_reproduced_exactly() -> None:
    policy, user = _example()
    expected = json.loads((ROOT / "tests" / "fixtures" / "evaluation_example.json").read_text())
    actual = evaluate(policy, user, now=NOW).to_dict()
    assert _without_messages(actual) == _without_messages(expected)
    assert all(r["message"] for r in actual["prompt"]["reasons"])
    assert list(actual) == list(expected)
    assert list(actual["prompt"]) == list(expected["prompt"])


def test_evaluation_is_json_ready() -> None:
    policy, user = _example()
    data = evaluate(policy, user, now=NOW).to_dict()
    assert json.loads(json.dumps(data)) == data


def test_same_result_in_another_time_zone() -> None:
    policy, user = _example()
    shifted = NOW.astimezone(timezone(timedelta(hours=5, minutes=30)))
    assert evaluate(policy, user, now=shifted) == evaluate(policy, user, now=NOW)


def test_session_with_fresh_mfa_opens_the_view() -> None:
    policy, user = _example()
    session = Session(signed_in_at=NOW, mfa_at=NOW - timedelta(minutes=1), mfa_method="push")
    result = evaluate(policy, user, now=NOW, session=session)
    assert result.step_up.outcome is GateOutcome.ALLOW


def test_user_without_methods_gets_in_with_the_password_bootstrap() -> None:
    """R9: without a session the view gate assumes a password-only sign-in at now, so the
    password bootstrap allows a user with no usable MFA method (never a step-up)."""
    policy = TenantPolicy(
        methods=[MethodSetting(method="push", mfa=True)], mfa=MfaSettings(enforced_for=["all"])
    )
    result = evaluate(policy, UserState(user_id="new"), now=NOW)
    assert result.step_up.outcome is GateOutcome.ALLOW
    assert result.prompt.mode is PromptMode.INTERRUPT
    assert result.default.method is None


def test_naive_now_rejected() -> None:
    policy, user = _example()
    with pytest.raises(InvalidArgument, match="now"):
        evaluate(policy, user, now=datetime(2026, 11, 25, 12))
