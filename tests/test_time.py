"""Time arithmetic is in UTC: a day is 86,400 s even across a daylight-saving change, and a `now`
in any time zone gives the same result (invariant 8)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest

from secinfo import (
    AuthenticatorApp,
    CampaignSettings,
    Email,
    Method,
    MethodSetting,
    MfaSettings,
    Session,
    SsprSettings,
    TenantPolicy,
    UserState,
    cancel,
    dump_policy,
    dump_user,
    evaluate,
    load_user,
    register,
    required_registrations,
    review,
    snooze,
)
from secinfo._evidence import fresh
from secinfo._time import END_OF_TIME, START_OF_TIME, later
from secinfo.cli import main
from secinfo.testing import registration_for

NEW_YORK = ZoneInfo("America/New_York")
# Clocks in New York jump from 02:00 to 03:00 on 2026-03-08: that day has 23 hours.
BEFORE = datetime(2026, 3, 7, 12, 0, tzinfo=NEW_YORK)  # 17:00 UTC
AFTER = datetime(2026, 3, 8, 16, 30, tzinfo=UTC)  # 23.5 real hours later


def test_values_are_held_in_utc() -> None:
    session = Session(signed_in_at=BEFORE)
    assert session.signed_in_at.tzinfo is UTC
    assert session.signed_in_at == BEFORE


@pytest.mark.parametrize("now", [AFTER, AFTER.astimezone(NEW_YORK)], ids=["utc", "new-york"])
def test_grace_period_counts_real_days(now: datetime) -> None:
    policy = TenantPolicy(
        methods=[MethodSetting(method="push", mfa=True)],
        mfa=MfaSettings(enforced_for=["all"], grace_days=1),
    )
    user = UserState(user_id="u", first_prompted_at=BEFORE)
    prompt = required_registrations(policy, user, now=now)
    assert prompt.skippable  # 23.5 h < 1 day


@pytest.mark.parametrize("now", [AFTER, AFTER.astimezone(NEW_YORK)], ids=["utc", "new-york"])
def test_review_counts_real_days(now: datetime) -> None:
    policy = TenantPolicy(
        methods=[MethodSetting(method="push", sspr=True), MethodSetting(method="email", sspr=True)],
        sspr=SsprSettings(enabled_for=["all"], methods_required=2, reconfirm_days=1),
    )
    user = UserState(
        user_id="u",
        registrations=[
            AuthenticatorApp(id="a", registered_at=BEFORE, device_name="P", notifications=True),
            Email(id="e", registered_at=BEFORE, address="u@example.com"),
        ],
        last_reviewed_at=BEFORE,
    )
    assert required_registrations(policy, user, now=now).review_due is False
    later = now + timedelta(minutes=30)
    assert required_registrations(policy, user, now=later).review_due is True


def test_freshness_in_real_minutes_across_the_change() -> None:
    signed_in = datetime(2026, 3, 8, 1, 50, tzinfo=NEW_YORK)
    now = datetime(2026, 3, 8, 3, 4, tzinfo=NEW_YORK)  # 14 real minutes later
    session = Session(signed_in_at=signed_in)
    assert fresh(session.signed_in_at, now.astimezone(UTC), 15)


# ---- times near the end of time (issue 11): every addition saturates, nothing overflows ------

LATE = "9999-12-31T23:59:59Z"
ORDINARY_NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
EXTREME_POLICY = TenantPolicy(
    methods=[
        MethodSetting(method="push", mfa=True, sspr=True),
        MethodSetting(method="authenticator_code", mfa=True, sspr=True),
        MethodSetting(method="passkey", mfa=True),
        MethodSetting(method="email", sspr=True),
    ],
    mfa=MfaSettings(enforced_for=["all"], grace_days=365),
    sspr=SsprSettings(enabled_for=["all"], methods_required=2, reconfirm_days=730),
    campaign=CampaignSettings(state="enabled", method="passkey", snooze_days=14),
)


def _late_user(**times: str | None) -> UserState:
    """A user document whose times lie in late 9999: it loads."""
    document: dict[str, object] = {
        "schema": "secinfo/user/1",
        "user_id": "u-late",
        "registrations": [
            {
                "kind": "authenticator_app",
                "id": "a1",
                "registered_at": LATE,
                "device_name": "Pixel",
                "notifications": True,
            },
            {"kind": "email", "id": "e1", "registered_at": LATE, "address": "u@example.com"},
        ],
        "last_reviewed_at": times.get("last_reviewed_at"),
        "first_prompted_at": times.get("first_prompted_at"),
        "campaign": {"snoozes": 1, "last_snoozed_at": times.get("last_snoozed_at")},
    }
    if times.get("registrations") == "none":
        document["registrations"] = []
    return load_user(document)


LATE_USERS = {
    "first_prompted_at": _late_user(first_prompted_at=LATE, registrations="none"),
    "last_snoozed_at": _late_user(last_snoozed_at=LATE),
    "last_reviewed_at": _late_user(last_reviewed_at=LATE),
}


@pytest.mark.parametrize("now", [ORDINARY_NOW, END_OF_TIME], ids=["2026", "end-of-time"])
@pytest.mark.parametrize("which", sorted(LATE_USERS))
def test_late_times_never_overflow(which: str, now: datetime) -> None:
    user = LATE_USERS[which]
    mfa = Session(signed_in_at=now, mfa_at=now, mfa_method="push")
    password = Session(signed_in_at=now)
    evaluate(EXTREME_POLICY, user, now=now)
    evaluate(EXTREME_POLICY, user, now=now, session=mfa)
    for session in (mfa, password):
        cancel(EXTREME_POLICY, user, session=session, now=now)
        snooze(EXTREME_POLICY, user, session=session, now=now)
        review(EXTREME_POLICY, user, session=session, now=now)
        register(
            EXTREME_POLICY,
            user,
            registration_for(Method.PASSKEY, id="p9", now=now),
            session=session,
            now=now,
        )


def test_grace_period_from_late_9999_saturates() -> None:
    """The grace period that starts in late 9999 ends at the end of time: still inside it."""
    user = LATE_USERS["first_prompted_at"]
    prompt = required_registrations(EXTREME_POLICY, user, now=ORDINARY_NOW)
    assert prompt.mode == "interrupt"
    assert prompt.skippable
    assert cancel(
        EXTREME_POLICY, user, session=Session(signed_in_at=ORDINARY_NOW), now=ORDINARY_NOW
    ).allowed


def test_snooze_in_late_9999_hides_the_nudge() -> None:
    user = LATE_USERS["last_snoozed_at"]
    policy = attrs.evolve(EXTREME_POLICY, sspr=SsprSettings(enabled_for=["all"], reconfirm_days=0))
    session = Session(signed_in_at=ORDINARY_NOW, mfa_at=ORDINARY_NOW, mfa_method="push")
    prompt = required_registrations(policy, user, now=ORDINARY_NOW, session=session)
    assert prompt.mode != "nudge"
    assert "campaign_snoozed" in [r.code for r in prompt.reasons]


def test_later_saturates_both_ways() -> None:
    assert later(END_OF_TIME, timedelta(seconds=1)) == END_OF_TIME
    assert later(START_OF_TIME, -timedelta(days=1)) == START_OF_TIME
    assert later(ORDINARY_NOW, timedelta(days=1)) == ORDINARY_NOW + timedelta(days=1)


def test_cli_report_survives_late_times(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    users = tmp_path / "users.jsonl"
    users.write_text("\n".join(json.dumps(dump_user(user)) for user in LATE_USERS.values()) + "\n")
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(dump_policy(EXTREME_POLICY)))
    out = io.StringIO()
    code = main(["report", "--policy", str(policy), str(users), "--now", LATE], out=out)
    assert code == 0, capsys.readouterr().err
    assert len(out.getvalue().splitlines()) == len(LATE_USERS)
