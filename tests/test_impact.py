"""secinfo.impact: what a policy change (or time) does to a user, and the tenant's totals."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
import pytest

from secinfo import (
    AuthenticatorApp,
    Bootstrap,
    CampaignSettings,
    InvalidArgument,
    Method,
    MethodSetting,
    MfaSettings,
    MobilePhone,
    PromptMode,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
    load_policy,
    load_user,
    policy_changed,
)
from secinfo.impact import SUMMARY_KEYS, UserImpact, impact_counts, policy_impact, summarize

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
PHONES = [
    MethodSetting(method="sms", mfa=True, sspr=True),
    MethodSetting(method="voice_mobile", mfa=True, sspr=True),
]
APP = [
    MethodSetting(method="push", mfa=True, sspr=True),
    MethodSetting(method="authenticator_code", mfa=True, sspr=True),
]
OLD = TenantPolicy(methods=[*APP, *PHONES], mfa=MfaSettings(enforced_for=["all"]))
NO_PHONES = attrs.evolve(OLD, methods=APP)
PHONE_USER = UserState(
    user_id="phone-only",
    registrations=[
        MobilePhone(id="p1", registered_at=NOW, number="+16502530000", verified_with="sms")
    ],
)
APP_USER = UserState(
    user_id="app",
    registrations=[
        AuthenticatorApp(id="a1", registered_at=NOW, device_name="Pixel", notifications=True),
        MobilePhone(id="p1", registered_at=NOW, number="+16502530000", verified_with="sms"),
    ],
)


def test_losing_the_only_method_under_the_password_bootstrap_interrupts() -> None:
    change = policy_impact(OLD, NO_PHONES, PHONE_USER, now=NOW)
    assert change.mfa_lost == (Method.SMS, Method.VOICE_MOBILE)
    assert change.sspr_lost == (Method.SMS, Method.VOICE_MOBILE)
    assert change.mfa_gained == change.sspr_gained == ()
    assert change.newly_interrupted
    assert not change.newly_blocked  # a password sign-in lets them register the app
    assert change.after.prompt.slots[0].choices == (Method.PUSH, Method.AUTHENTICATOR_CODE)
    assert change.default_moved
    assert (change.before.default.method, change.after.default.method) == (Method.SMS, None)
    assert change.events == policy_changed(OLD, NO_PHONES, PHONE_USER, now=NOW)
    assert change.affected


def test_losing_the_only_method_under_the_tap_bootstrap_blocks() -> None:
    old = attrs.evolve(OLD, bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS)
    new = attrs.evolve(NO_PHONES, bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS)
    change = policy_impact(old, new, PHONE_USER, now=NOW)
    assert change.newly_interrupted
    assert change.newly_blocked
    assert change.after.prompt.blocked is not None
    assert change.step_up_impossible
    data = change.to_dict()
    assert data["newly_blocked"] is True
    assert data["blocked_after"]["remedy"]["code"] == change.after.prompt.blocked.remedy.code
    assert data["step_up"] == {
        "before": "step_up",
        "after": "deny",
        "remedy_after": change.after.step_up.remedy.to_dict(),  # type: ignore[union-attr]
    }
    back = policy_impact(new, old, PHONE_USER, now=NOW)
    assert back.unblocked
    assert back.no_longer_interrupted
    assert not back.newly_blocked


def test_a_user_with_another_method_only_loses_the_phone() -> None:
    change = policy_impact(OLD, NO_PHONES, APP_USER, now=NOW)
    assert change.mfa_lost == (Method.SMS, Method.VOICE_MOBILE)
    assert not change.newly_interrupted
    assert not change.newly_blocked
    assert not change.default_moved  # push stays the default
    assert [event.activity.value for event in change.events] == ["Security info became unusable"]


def test_nothing_changes_under_the_same_policy_at_the_same_time() -> None:
    change = policy_impact(OLD, OLD, APP_USER, now=NOW)
    assert not change.affected
    assert change.events == ()
    assert impact_counts(change) == {"users": 1}


def test_time_alone_expires_a_temporary_access_pass() -> None:
    tap_policy = attrs.evolve(
        OLD, methods=[*OLD.methods, MethodSetting(method="temporary_access_pass", mfa=True)]
    )
    user = UserState(
        user_id="new-hire",
        registrations=[
            TemporaryAccessPass(
                id="t1",
                registered_at=NOW,
                starts_at=NOW - timedelta(hours=1),
                expires_at=NOW + timedelta(hours=7),
                registered_by="admin",
            )
        ],
    )
    change = policy_impact(tap_policy, tap_policy, user, now=NOW, at=NOW + timedelta(hours=8))
    assert change.mfa_lost == (Method.TEMPORARY_ACCESS_PASS,)
    assert change.events == ()  # no policy edit, so no policy_changed events
    assert change.affected


def test_a_campaign_starts_nudges() -> None:
    campaign = attrs.evolve(
        OLD, campaign=CampaignSettings(state="enabled", method="push", include=["all"])
    )
    user = PHONE_USER
    change = policy_impact(OLD, campaign, user, now=NOW)
    assert change.nudge_started
    assert change.after.prompt.mode is PromptMode.NUDGE
    assert policy_impact(campaign, OLD, user, now=NOW).nudge_stopped


def test_summarize_adds_up_every_flag_and_method() -> None:
    changes = [
        policy_impact(OLD, NO_PHONES, user, now=NOW) for user in (PHONE_USER, APP_USER, APP_USER)
    ]
    total = summarize(changes)
    assert list(total)[: len(SUMMARY_KEYS)] == list(SUMMARY_KEYS)
    assert total["users"] == 3
    assert total["affected"] == 3
    assert total["mfa_lost"] == 3
    assert total["mfa_lost:sms"] == 3
    assert total["newly_interrupted"] == 1
    assert total["newly_blocked"] == 0
    assert total["event:Security info became unusable"] == 3
    assert total["event:Default security info reassigned"] == 1
    assert summarize([])["affected"] == 0


@pytest.mark.parametrize(("old", "new"), [(None, OLD), (OLD, "policy")])
def test_policies_must_be_policies(old: object, new: object) -> None:
    with pytest.raises(InvalidArgument):
        policy_impact(old, new, APP_USER, now=NOW)  # type: ignore[arg-type]


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(InvalidArgument, match="now"):
        policy_impact(OLD, NO_PHONES, APP_USER, now=datetime(2026, 11, 25))
    with pytest.raises(InvalidArgument, match="now"):
        policy_impact(OLD, NO_PHONES, APP_USER, now=NOW, at=datetime(2026, 11, 25))


# ---- the headline example: the example tenant without telephony ------------------------------

ROOT = Path(__file__).resolve().parent.parent
TENANT = ROOT / "examples" / "tenant"
HOWTO = ROOT / "docs" / "how-to" / "policy-change-impact.md"


def example_changes() -> list[UserImpact]:
    old = load_policy(json.loads((TENANT / "policy.json").read_text()))
    new = load_policy(json.loads((TENANT / "policy-no-telephony.json").read_text()))
    users = [load_user(json.loads(line)) for line in (TENANT / "users.jsonl").open()]
    return [policy_impact(old, new, user, now=NOW) for user in users]


def test_the_example_tenant_users_are_the_generators_output() -> None:
    from ._synth import generated_users

    expected = "".join(
        json.dumps(document, separators=(",", ":")) + "\n" for document in generated_users(1000)
    )
    assert (TENANT / "users.jsonl").read_text() == expected


def test_the_how_to_shows_the_computed_numbers() -> None:
    """The how-to's numbers are what ``secinfo impact`` computes now: when a rule changes them,
    re-run the command shown in the how-to and update the page."""
    changes = example_changes()
    summary = summarize(changes)
    page = HOWTO.read_text()
    block = page.split("<!-- impact-summary -->")[1]
    assert json.loads(block.split("```json")[1].split("```")[0]) == {"skipped": 0, **summary}
    why = Counter(
        change.after.prompt.blocked.code if change.after.prompt.blocked else "view gate"
        for change in changes
        if change.newly_blocked
    )
    prose = " ".join(page.split())
    for sentence in (
        f"**{summary['mfa_lost']:,} users lose a method**",
        f"**{summary['newly_interrupted']:,} users are newly interrupted**",
        f"**{summary['newly_blocked']:,} users are newly blocked**",
        f"{why['bootstrap_denied']:,} of them keep no MFA method at all",
        f"The other {why['no_choice_for_slot']:,} are frontline workers",
        f"**{summary['step_up_impossible']:,} users can no longer pass step-up**",
        f"{summary['default_moved']:,} users' default method moves",
    ):
        assert sentence in prose
    assert sum(why.values()) == summary["newly_blocked"] > 0  # lock-outs, computed here


def test_the_how_to_python_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    blocks = HOWTO.read_text().split("```python\n")[1:]
    assert blocks
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block.split("```")[0], str(HOWTO), "exec"), namespace)
    assert namespace["blocked"]
