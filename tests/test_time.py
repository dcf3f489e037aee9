"""Time arithmetic is in UTC: a day is 86,400 s even across a daylight-saving change, and a `now`
in any time zone gives the same result (invariant 8)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from secinfo import (
    AuthenticatorApp,
    Email,
    MethodSetting,
    MfaSettings,
    Session,
    SsprSettings,
    TenantPolicy,
    UserState,
    required_registrations,
)
from secinfo._evidence import fresh

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
