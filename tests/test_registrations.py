from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import attrs
import pytest

from secinfo import (
    Actor,
    AlternatePhone,
    AuthenticatorApp,
    Email,
    InvalidArgument,
    Method,
    MobilePhone,
    OfficePhone,
    SecurityQuestions,
    TemporaryAccessPass,
)

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def test_authenticator_app_methods_follow_notifications() -> None:
    with_push = AuthenticatorApp(id="a", registered_at=NOW, device_name="P", notifications=True)
    without = attrs.evolve(with_push, notifications=False)
    assert with_push.methods == (Method.PUSH, Method.AUTHENTICATOR_CODE)
    assert without.methods == (Method.AUTHENTICATOR_CODE,)


def test_registered_by_defaults_to_user_and_accepts_wire_value() -> None:
    email = Email(id="e", registered_at=NOW, address="a@example.com")
    assert email.registered_by is Actor.USER
    admin = Email(id="e", registered_at=NOW, address="a@example.com", registered_by="admin")
    assert admin.registered_by is Actor.ADMIN


@pytest.mark.parametrize(
    "number", ["14255550134", "+1425", "+1234567890123456", "+0425555013", "+1 4255550134", 1]
)
def test_phone_syntax_is_e164(number: object) -> None:
    with pytest.raises(InvalidArgument) as info:
        MobilePhone(id="p", registered_at=NOW, number=number)  # type: ignore[arg-type]
    assert info.value.path == "number"


def test_phone_number_masked_in_repr_and_errors() -> None:
    phone = AlternatePhone(id="p", registered_at=NOW, number="+14255550134")
    assert "4255550134" not in repr(phone)
    assert "+1 XXXXXXXX34" in repr(phone)
    with pytest.raises(InvalidArgument) as info:
        MobilePhone(id="p", registered_at=NOW, number="+1425555013412345678")
    assert "5550134" not in str(info.value)


def test_verified_with_only_sms_or_voice_mobile() -> None:
    with pytest.raises(InvalidArgument, match="verified_with"):
        MobilePhone(id="p", registered_at=NOW, number="+14255550134", verified_with="push")
    phone = MobilePhone(id="p", registered_at=NOW, number="+14255550134", verified_with="sms")
    assert phone.verified_with is Method.SMS


def test_office_phone_extension_digits_only() -> None:
    ok = OfficePhone(id="o", registered_at=NOW, number="+14255550134", extension="123")
    assert ok.extension == "123"
    with pytest.raises(InvalidArgument, match="extension"):
        OfficePhone(id="o", registered_at=NOW, number="+14255550134", extension="12a")


def test_naive_datetime_rejected_naming_the_field() -> None:
    with pytest.raises(InvalidArgument) as info:
        Email(id="e", registered_at=datetime(2026, 1, 1), address="a@example.com")
    assert info.value.path == "registered_at"
    assert "naive" in str(info.value)


def test_email_syntax() -> None:
    with pytest.raises(InvalidArgument, match="address"):
        Email(id="e", registered_at=NOW, address="not an email")


def test_security_questions_answered_is_an_int_not_a_bool() -> None:
    with pytest.raises(InvalidArgument, match="answered"):
        SecurityQuestions(id="s", registered_at=NOW, answered=True)


def test_tap_window_is_half_open_and_used_tap_inactive() -> None:
    tap = TemporaryAccessPass(
        id="t", registered_at=NOW, starts_at=NOW, expires_at=NOW + timedelta(hours=1)
    )
    assert tap.active_at(NOW)
    assert tap.active_at(NOW + timedelta(minutes=59, seconds=59))
    assert not tap.active_at(NOW + timedelta(hours=1))
    assert not tap.active_at(NOW - timedelta(seconds=1))
    assert not attrs.evolve(tap, used=True).active_at(NOW)


def test_tap_window_in_another_time_zone_is_the_same_instant() -> None:
    plus_two = timezone(timedelta(hours=2))
    tap = TemporaryAccessPass(
        id="t",
        registered_at=NOW,
        starts_at=NOW.astimezone(plus_two),
        expires_at=NOW + timedelta(hours=1),
    )
    assert tap.active_at(NOW)


def test_tap_expires_after_it_starts() -> None:
    with pytest.raises(InvalidArgument, match="expires_at"):
        TemporaryAccessPass(id="t", registered_at=NOW, starts_at=NOW, expires_at=NOW)


def test_registrations_are_frozen() -> None:
    email = Email(id="e", registered_at=NOW, address="a@example.com")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        email.address = "b@example.com"  # type: ignore[misc]


def test_the_secret_of_each_kind_names_its_fields() -> None:
    """The fields an update must change to count as a new credential (issue 11) exist."""
    from secinfo.registrations import REGISTRATION_TYPES

    for cls in REGISTRATION_TYPES.values():
        names = {field.name for field in attrs.fields(cls)}
        assert set(cls.secret) <= names - {"id", "registered_at", "registered_by"}
    assert MobilePhone.secret == ("number",)
    assert AuthenticatorApp.secret == ()


def test_the_secret_table_in_the_docs_matches_the_classes() -> None:
    """docs/events.md lists each kind's secret fields; the table restates the classes."""
    from pathlib import Path

    from secinfo.registrations import REGISTRATION_TYPES

    text = (Path(__file__).resolve().parent.parent / "docs" / "events.md").read_text()
    lines = text.split("| kind | secret fields", 1)[1].splitlines()[2:]
    documented: dict[str, tuple[str, ...]] = {}
    for line in lines:
        if not line.startswith("|"):
            break
        kinds, fields = (cell.strip() for cell in line.strip("|").split("|"))
        secret = tuple(name.strip("` ") for name in fields.split("(")[0].split(",") if "`" in name)
        for kind in kinds.split(","):
            documented[kind.strip(" `")] = secret
    assert documented == {kind.value: cls.secret for kind, cls in REGISTRATION_TYPES.items()}


def test_a_label_that_looks_like_a_phone_number_is_masked_in_repr() -> None:
    """Found by the thorough fuzz profile: a device named after its number leaked in repr()."""
    app = AuthenticatorApp(
        id="a", registered_at=NOW, device_name="+14255550134", notifications=True
    )
    assert "4255550134" not in repr(app)
    assert app.device_name == "+14255550134"  # stored as given
