from __future__ import annotations

from datetime import UTC, datetime

import pytest

from secinfo import (
    CampaignProgress,
    Email,
    InvalidArgument,
    Method,
    Session,
    SoftwareOath,
    UserState,
)

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def _email(id: str) -> Email:
    return Email(id=id, registered_at=NOW, address=f"{id}@example.com")


def test_user_defaults() -> None:
    user = UserState(user_id="u1")
    assert user.groups == frozenset()
    assert user.registrations == ()
    assert user.preferred is None
    assert user.last_reviewed_at is None
    assert user.first_prompted_at is None
    assert user.campaign == CampaignProgress(snoozes=0, last_snoozed_at=None)
    assert user.business_phone is None


def test_registration_ids_unique() -> None:
    with pytest.raises(InvalidArgument) as info:
        UserState(user_id="u1", registrations=[_email("a"), _email("a")])
    assert info.value.path == "registrations.1.id"


def test_registrations_must_be_registrations() -> None:
    with pytest.raises(InvalidArgument, match=r"registrations\.0"):
        UserState(user_id="u1", registrations=[{"kind": "email"}])


@pytest.mark.parametrize("method", ["passkey", "email", "temporary_access_pass", "certificate"])
def test_preferred_only_from_the_allowed_set(method: str) -> None:
    with pytest.raises(InvalidArgument, match="preferred"):
        UserState(user_id="u1", preferred=method)


def test_preferred_accepts_wire_value() -> None:
    assert UserState(user_id="u1", preferred="sms").preferred is Method.SMS


def test_registration_lookup() -> None:
    user = UserState(
        user_id="u1", registrations=[SoftwareOath(id="s", registered_at=NOW, name="app")]
    )
    assert user.registration("s").id == "s"
    with pytest.raises(InvalidArgument, match="registration_id"):
        user.registration("missing")


def test_business_phone_masked_in_repr() -> None:
    user = UserState(user_id="u1", business_phone="+14255550134")
    assert "4255550134" not in repr(user)


def test_session_defaults_and_validation() -> None:
    session = Session(signed_in_at=NOW)
    assert session.signed_in_with == ("password",)
    assert session.mfa_at is None
    assert session.registered_in_session is False
    with pytest.raises(InvalidArgument, match="signed_in_with"):
        Session(signed_in_at=NOW, signed_in_with=["magic"])
    with pytest.raises(InvalidArgument, match="mfa_at"):
        Session(signed_in_at=NOW, mfa_at=datetime(2026, 1, 1))
    with pytest.raises(InvalidArgument, match="mfa_method"):
        Session(signed_in_at=NOW, mfa_method="fingerprint")
    assert Session(signed_in_at=NOW, mfa_method="push").mfa_method is Method.PUSH


def test_campaign_progress_non_negative() -> None:
    with pytest.raises(InvalidArgument, match="snoozes"):
        CampaignProgress(snoozes=-1)


@pytest.mark.parametrize(
    "user_id", ["victim\nFAKE event", "u\u202e1", "u\u200b1", "u\u2028", "\ufeffu"]
)
def test_user_id_with_control_bidi_or_zero_width_characters_is_refused(user_id: str) -> None:
    """Issue 11: the user id is written into every audit event as it is, so it is refused."""
    with pytest.raises(InvalidArgument) as info:
        UserState(user_id=user_id)
    assert info.value.path == "user_id"
    assert str(info.value).isprintable()


def test_email_address_masked_in_repr_and_errors() -> None:
    user = UserState(user_id="u1", registrations=[_email("alice")])
    assert "alice@example.com" not in repr(user)
    assert "a***@example.com" in repr(user)
    with pytest.raises(InvalidArgument) as info:
        Email(id="e", registered_at=NOW, address="alice@example")
    assert "alice@example" not in str(info.value)
    assert "a***@example" in str(info.value)
