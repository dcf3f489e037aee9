"""secinfo.documents: the §4.1 examples, the §4.2 defaults and every class of malformed input."""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import secinfo
from secinfo import (
    AlternatePhone,
    AuthenticatorApp,
    Bootstrap,
    CampaignProgress,
    CampaignSettings,
    CampaignState,
    Certificate,
    CombinedRegistration,
    Email,
    ExternalAuthentication,
    HardwareOath,
    InvalidDocument,
    Limits,
    Method,
    MethodSetting,
    MfaSettings,
    MobilePhone,
    OfficePhone,
    Passkey,
    PhoneSettings,
    SecurityQuestions,
    Session,
    SoftwareOath,
    SsprSettings,
    StepUpSettings,
    SystemPreferred,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
    WindowsHello,
)
from secinfo.documents import (
    MAX_GROUPS,
    MAX_REGISTRATIONS,
    dump_policy,
    dump_session,
    dump_user,
    load_policy,
    load_session,
    load_user,
)
from secinfo.methods import Actor

EXAMPLE_POLICY = """
{"schema": "secinfo/policy/1",
 "methods": {"push": {"mfa": true, "sspr": true, "include": ["all"], "exclude": []},
             "authenticator_code": {"mfa": true, "sspr": true},
             "sms": {"mfa": true, "sspr": true}, "voice_mobile": {"mfa": true, "sspr": true},
             "email": {"sspr": true}},
 "mfa": {"enforced_for": ["all"], "exclude": [], "methods_required": 1, "grace_days": 0},
 "sspr": {"enabled_for": ["all"], "exclude": [], "registration_required": true,
          "methods_required": 2, "reconfirm_days": 180},
 "combined_registration": {"enabled_for": ["all"], "exclude": []},
 "system_preferred": {"enabled": false, "include": ["all"], "exclude": []},
 "campaign": {"state": "disabled", "method": "push", "include": ["all"], "exclude": [],
              "snooze_days": 1, "limited_snoozes": true},
 "step_up": {"session_minutes": 15, "passkey_add_minutes": 5},
 "bootstrap": "password",
 "office_phone_user_managed": false,
 "phone": {"allowed_regions": null, "blocked_regions": [], "allow_voip": false},
 "limits": {"authenticator_app": 5, "software_oath": 5, "hardware_oath": 5, "passkey": 10,
            "windows_hello": 10}}
"""

EXAMPLE_USER = """
{"schema": "secinfo/user/1", "user_id": "u1", "groups": ["g-sales"],
 "registrations": [
   {"kind": "authenticator_app", "id": "r1", "registered_at": "2026-01-05T09:00:00Z",
    "registered_by": "user", "device_name": "Pixel 9", "notifications": true}],
 "preferred": "push", "last_reviewed_at": "2026-06-01T00:00:00Z", "first_prompted_at": null,
 "campaign": {"snoozes": 0, "last_snoozed_at": null}, "business_phone": null}
"""

EXAMPLE_SESSION = """
{"signed_in_at": "2026-11-25T11:58:00Z", "signed_in_with": ["password"], "mfa_at": null,
 "mfa_method": null, "registered_in_session": false}
"""

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
PHONE = "+14255550134"

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def policy_doc(**keys: Any) -> dict[str, Any]:
    return {"schema": "secinfo/policy/1", **keys}


def user_doc(*registrations: dict[str, Any], **keys: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"schema": "secinfo/user/1", "user_id": "u1", **keys}
    if registrations:
        doc["registrations"] = list(registrations)
    return doc


def app(**keys: Any) -> dict[str, Any]:
    return {
        "kind": "authenticator_app",
        "id": "r1",
        "registered_at": "2026-01-05T09:00:00Z",
        "device_name": "Pixel 9",
        "notifications": True,
        **keys,
    }


def mobile(**keys: Any) -> dict[str, Any]:
    return {
        "kind": "mobile_phone",
        "id": "m1",
        "registered_at": "2026-01-05T09:00:00Z",
        "number": PHONE,
        "verified_with": "sms",
        **keys,
    }


def invalid(load: Callable[[Any], object], doc: object, path: str, *quoted: str) -> str:
    """Assert that *load* refuses *doc* at *path* with a message quoting every *quoted*."""
    with pytest.raises(InvalidDocument) as caught:
        load(doc)
    error = caught.value
    assert error.path == path, str(error)
    for text in quoted:
        assert text in error.message, (text, error.message)
    assert len(error.message) < 400
    return error.message


def deep(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def deep_object(depth: int) -> Any:
    value: Any = {}
    for _ in range(depth):
        value = {"x": value}
    return value


# ------------------------------------------------------------------------------------------
# The §4.1 examples
# ------------------------------------------------------------------------------------------


def test_example_policy_loads_with_its_values() -> None:
    policy = load_policy(json.loads(EXAMPLE_POLICY))
    everyone = frozenset({"all"})
    assert policy == TenantPolicy(
        methods=[
            MethodSetting(method=Method.PUSH, mfa=True, sspr=True),
            MethodSetting(method=Method.AUTHENTICATOR_CODE, mfa=True, sspr=True),
            MethodSetting(method=Method.SMS, mfa=True, sspr=True),
            MethodSetting(method=Method.VOICE_MOBILE, mfa=True, sspr=True),
            MethodSetting(method=Method.EMAIL, sspr=True),
        ],
        mfa=MfaSettings(enforced_for=everyone, methods_required=1, grace_days=0),
        sspr=SsprSettings(enabled_for=everyone, registration_required=True, methods_required=2),
    )
    assert [s.method for s in policy.methods] == [
        Method.PUSH,
        Method.AUTHENTICATOR_CODE,
        Method.SMS,
        Method.VOICE_MOBILE,
        Method.EMAIL,
    ]
    email = policy.setting(Method.EMAIL)
    assert email is not None
    assert (email.mfa, email.sspr, email.include, email.exclude) == (
        False,
        True,
        everyone,
        frozenset(),
    )
    assert policy.sspr.reconfirm_days == 180
    assert policy.campaign.state is CampaignState.DISABLED
    assert policy.campaign.method is Method.PUSH
    assert policy.step_up == StepUpSettings(session_minutes=15, passkey_add_minutes=5)
    assert policy.bootstrap is Bootstrap.PASSWORD
    assert policy.phone.allowed_regions is None
    assert policy.limits.passkey == 10
    assert policy.setting(Method.PASSKEY) is None


def test_example_user_loads_with_its_values() -> None:
    user = load_user(json.loads(EXAMPLE_USER))
    assert user == UserState(
        user_id="u1",
        groups=frozenset({"g-sales"}),
        registrations=[
            AuthenticatorApp(
                id="r1",
                registered_at=T0,
                registered_by=Actor.USER,
                device_name="Pixel 9",
                notifications=True,
            )
        ],
        preferred=Method.PUSH,
        last_reviewed_at=datetime(2026, 6, 1, tzinfo=UTC),
    )
    assert user.registrations[0].methods == (Method.PUSH, Method.AUTHENTICATOR_CODE)


def test_example_session_loads_with_its_values() -> None:
    session = load_session(json.loads(EXAMPLE_SESSION))
    assert session == Session(signed_in_at=datetime(2026, 11, 25, 11, 58, tzinfo=UTC))


def test_dump_of_the_examples_is_the_canonical_form() -> None:
    policy_out = dump_policy(load_policy(json.loads(EXAMPLE_POLICY)))
    expected = json.loads(EXAMPLE_POLICY)
    for name in ("authenticator_code", "sms", "voice_mobile"):
        expected["methods"][name].update(include=["all"], exclude=[])
    expected["methods"]["email"].update(mfa=False, include=["all"], exclude=[])
    expected["registration_strength"] = None  # R21: written by dump_policy, null by default
    assert policy_out == expected
    assert dump_user(load_user(json.loads(EXAMPLE_USER))) == json.loads(EXAMPLE_USER)
    session_out = dump_session(load_session(json.loads(EXAMPLE_SESSION)))
    assert session_out == {"schema": "secinfo/session/1", **json.loads(EXAMPLE_SESSION)}


def test_every_registration_kind_loads_and_dumps() -> None:
    at = "2026-01-05T09:00:00Z"
    docs = [
        app(),
        {"kind": "software_oath", "id": "s1", "registered_at": at, "name": "Authy"},
        {"kind": "hardware_oath", "id": "h1", "registered_at": at, "serial": "SN-1",
         "registered_by": "admin"},
        mobile(verified_with="voice_mobile"),
        {"kind": "alternate_phone", "id": "a1", "registered_at": at, "number": "+14255550135"},
        {"kind": "office_phone", "id": "o1", "registered_at": at, "number": "+14255550136",
         "extension": "1234"},
        {"kind": "email", "id": "e1", "registered_at": at, "address": "a@example.com"},
        {"kind": "security_questions", "id": "q1", "registered_at": at, "answered": 3},
        {"kind": "passkey", "id": "p1", "registered_at": at, "name": "YubiKey",
         "aaguid": "cb69481e-8ff7-4039-93ec-0a2729a154a8"},
        {"kind": "windows_hello", "id": "w1", "registered_at": at, "device_name": "Laptop"},
        {"kind": "external_authentication", "id": "x1", "registered_at": at,
         "provider": "0b1c2d3e-contoso-mfa", "display_name": "Contoso MFA"},
        {"kind": "certificate", "id": "c1", "registered_at": at, "subject": "CN=u1",
         "registered_by": "admin"},
        {"kind": "temporary_access_pass", "id": "t1", "registered_at": at, "registered_by":
         "admin", "starts_at": at, "expires_at": "2026-01-05T10:00:00Z", "one_time": True,
         "used": False},
    ]  # fmt: skip
    user = load_user(user_doc(*docs))
    assert user.registrations == (
        AuthenticatorApp(id="r1", registered_at=T0, device_name="Pixel 9", notifications=True),
        SoftwareOath(id="s1", registered_at=T0, name="Authy"),
        HardwareOath(id="h1", registered_at=T0, serial="SN-1", registered_by=Actor.ADMIN),
        MobilePhone(id="m1", registered_at=T0, number=PHONE, verified_with=Method.VOICE_MOBILE),
        AlternatePhone(id="a1", registered_at=T0, number="+14255550135"),
        OfficePhone(id="o1", registered_at=T0, number="+14255550136", extension="1234"),
        Email(id="e1", registered_at=T0, address="a@example.com"),
        SecurityQuestions(id="q1", registered_at=T0, answered=3),
        Passkey(
            id="p1",
            registered_at=T0,
            name="YubiKey",
            aaguid="cb69481e-8ff7-4039-93ec-0a2729a154a8",
        ),
        WindowsHello(id="w1", registered_at=T0, device_name="Laptop"),
        ExternalAuthentication(
            id="x1", registered_at=T0, provider="0b1c2d3e-contoso-mfa", display_name="Contoso MFA"
        ),
        Certificate(id="c1", registered_at=T0, subject="CN=u1", registered_by=Actor.ADMIN),
        TemporaryAccessPass(
            id="t1",
            registered_at=T0,
            registered_by=Actor.ADMIN,
            starts_at=T0,
            expires_at=T0 + timedelta(hours=1),
            one_time=True,
        ),
    )
    dumped = dump_user(user)["registrations"]
    for given, written in zip(docs, dumped, strict=True):
        assert written == {"registered_by": "user", **given}


# ------------------------------------------------------------------------------------------
# Times
# ------------------------------------------------------------------------------------------


def test_times_keep_their_instant_and_dump_in_utc_with_z() -> None:
    user = load_user(user_doc(app(registered_at="2026-01-05T10:30:00.1234567+01:30")))
    moment = user.registrations[0].registered_at
    assert moment == datetime(2026, 1, 5, 9, 0, 0, 123456, tzinfo=UTC)
    assert moment.utcoffset() == timedelta(0)  # values are kept in UTC
    assert dump_user(user)["registrations"][0]["registered_at"] == "2026-01-05T09:00:00.123456Z"
    lower = load_user(user_doc(app(registered_at="2026-01-05t09:00:00z")))
    assert lower.registrations[0].registered_at == T0


def test_dump_converts_other_zones_to_utc() -> None:
    zone = timezone(timedelta(hours=-8))
    session = Session(signed_in_at=datetime(2026, 11, 25, 4, 0, tzinfo=zone))
    assert dump_session(session)["signed_in_at"] == "2026-11-25T12:00:00Z"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2026-01-05T09:00:00", "offset"),  # naive
        ("2026-01-05 09:00:00", "offset"),  # naive, space separated
        ("2026-01-05", "RFC 3339"),  # date only
        ("20260105T090000Z", "RFC 3339"),  # basic ISO 8601 format
        ("2026-01-05T09:00Z", "RFC 3339"),  # no seconds
        ("2026-02-30T09:00:00Z", "valid"),  # no such day
        ("2026-01-05T24:00:00Z", "valid"),  # hour 24
        ("2026-06-30T23:59:60Z", "valid"),  # leap second
        ("2026-01-05T09:00:00+24:00", "valid"),  # offset out of range
        ("0000-01-01T00:00:00Z", "valid"),  # year 0
        ("2026-01-05T09:00:00+0100", "RFC 3339"),  # offset without colon
        ("٢٠٢٦-01-05T09:00:00Z", "RFC 3339"),  # non-ASCII digits
        ("yesterday", "RFC 3339"),
        ("", "RFC 3339"),
    ],
)
def test_malformed_times_are_refused(text: str, fragment: str) -> None:
    message = invalid(load_user, user_doc(app(registered_at=text)), "registrations.0.registered_at")
    assert fragment in message
    assert repr(text) in message


def test_a_time_of_the_wrong_type_is_refused() -> None:
    invalid(load_session, {"signed_in_at": 1764072000}, "signed_in_at", "1764072000")
    invalid(load_session, {"signed_in_at": None}, "signed_in_at", "null")


def test_a_tap_whose_window_is_empty_is_refused_at_expires_at() -> None:
    tap = {
        "kind": "temporary_access_pass",
        "id": "t1",
        "registered_at": "2026-01-05T09:00:00Z",
        "starts_at": "2026-01-05T10:00:00Z",
        "expires_at": "2026-01-05T10:00:00Z",
    }
    invalid(load_user, user_doc(tap), "registrations.0.expires_at", "after starts_at")


# ------------------------------------------------------------------------------------------
# Defaults (§4.2)
# ------------------------------------------------------------------------------------------


def test_an_empty_policy_has_every_default() -> None:
    policy = load_policy(policy_doc())
    assert policy == TenantPolicy()
    assert policy.methods == ()
    assert policy.mfa == MfaSettings(
        enforced_for=frozenset(), exclude=frozenset(), methods_required=1, grace_days=0
    )
    assert policy.sspr == SsprSettings(
        enabled_for=frozenset(),
        exclude=frozenset(),
        registration_required=True,
        methods_required=1,
        reconfirm_days=180,
    )
    assert policy.combined_registration == CombinedRegistration(
        enabled_for=frozenset({"all"}), exclude=frozenset()
    )
    assert policy.system_preferred == SystemPreferred(
        enabled=False, include=frozenset({"all"}), exclude=frozenset()
    )
    assert policy.campaign == CampaignSettings(
        state=CampaignState.DISABLED,
        method=Method.PUSH,
        include=frozenset({"all"}),
        exclude=frozenset(),
        snooze_days=1,
        limited_snoozes=True,
    )
    assert policy.step_up == StepUpSettings(session_minutes=15, passkey_add_minutes=5)
    assert policy.bootstrap is Bootstrap.PASSWORD
    assert policy.office_phone_user_managed is False
    assert policy.phone == PhoneSettings(
        allowed_regions=None, blocked_regions=frozenset(), allow_voip=False
    )
    assert policy.limits == Limits(
        authenticator_app=5, software_oath=5, hardware_oath=5, passkey=10, windows_hello=10
    )


def test_empty_sections_take_their_defaults() -> None:
    sections = ("mfa", "sspr", "combined_registration", "system_preferred", "campaign")
    doc = policy_doc(**{name: {} for name in sections}, step_up={}, phone={}, limits={})
    assert load_policy(doc) == TenantPolicy()


def test_an_unlisted_method_is_disabled_and_omitted_flags_and_targets_default() -> None:
    policy = load_policy(policy_doc(methods={"push": {}, "sms": {"mfa": True}}))
    assert policy.setting(Method.PUSH) == MethodSetting(
        method=Method.PUSH,
        mfa=False,
        sspr=False,
        include=frozenset({"all"}),
        exclude=frozenset(),
    )
    sms = policy.setting(Method.SMS)
    assert sms is not None
    assert (sms.mfa, sms.sspr) == (True, False)
    assert policy.setting(Method.VOICE_MOBILE) is None


def test_a_minimal_user_has_every_default() -> None:
    user = load_user(user_doc())
    assert user == UserState(user_id="u1")
    assert user.groups == frozenset()
    assert user.registrations == ()
    assert user.preferred is None
    assert user.last_reviewed_at is None
    assert user.first_prompted_at is None
    assert user.campaign == CampaignProgress(snoozes=0, last_snoozed_at=None)
    assert user.business_phone is None


def test_registration_defaults() -> None:
    at = "2026-01-05T09:00:00Z"
    office = {"kind": "office_phone", "id": "o1", "registered_at": at, "number": PHONE}
    tap = {
        "kind": "temporary_access_pass",
        "id": "t1",
        "registered_at": at,
        "starts_at": at,
        "expires_at": "2026-01-06T09:00:00Z",
    }
    plain_mobile = mobile()
    del plain_mobile["verified_with"]
    user = load_user(user_doc(app(), plain_mobile, office, tap))
    assert all(item.registered_by is Actor.USER for item in user.registrations)
    phone, office_phone, pass_ = user.registrations[1:]
    assert isinstance(phone, MobilePhone)
    assert phone.verified_with is Method.SMS
    assert isinstance(office_phone, OfficePhone)
    assert office_phone.extension is None
    assert isinstance(pass_, TemporaryAccessPass)
    assert (pass_.one_time, pass_.used) == (False, False)


def test_a_minimal_session_has_every_default_and_schema_is_optional() -> None:
    session = load_session({"signed_in_at": "2026-11-25T12:00:00Z"})
    assert session.signed_in_with == ("password",)
    assert session.mfa_at is None
    assert session.mfa_method is None
    assert session.registered_in_session is False
    assert load_session({"schema": "secinfo/session/1", **dump_session(session)}) == session


# ------------------------------------------------------------------------------------------
# Malformed input, one class at a time
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("root", [None, [], "[]", "3", 3, 1.5, True])
def test_a_document_that_is_not_an_object(root: object) -> None:
    # A string is JSON text since loaders accept it: "[]" is the list, "3" the number.
    for load in (load_policy, load_user, load_session):
        with pytest.raises(InvalidDocument) as caught:
            load(root)
        assert caught.value.path == ""
        assert "expected an object" in caught.value.message


@pytest.mark.parametrize("text", ["policy", "", "{", b"\xff\xfe\x00", "[" * 100_000])
def test_text_that_is_not_json(text: str | bytes) -> None:
    for load in (load_policy, load_user, load_session):
        with pytest.raises(InvalidDocument, match="not JSON") as caught:
            load(text)
        assert caught.value.path == ""
        assert caught.value.source is None


def test_loaders_read_json_text_and_bytes() -> None:
    text = (EXAMPLES / "policy.json").read_text(encoding="utf-8")
    expected = load_policy(json.loads(text))
    assert load_policy(text) == expected
    assert load_policy(text.encode("utf-8")) == expected
    assert load_policy(bytearray(text.encode("utf-16"))) == expected
    session = (EXAMPLES / "session.json").read_bytes()
    assert load_session(session) == load_session(json.loads(session))


def test_loaders_read_a_path_and_name_it_in_errors(tmp_path: Path) -> None:
    assert load_user(EXAMPLES / "users" / "u1.json").user_id == "u1"
    assert load_policy(EXAMPLES / "policy.json") == load_policy(
        json.loads((EXAMPLES / "policy.json").read_text(encoding="utf-8"))
    )
    bad = tmp_path / "bad-user.json"
    bad.write_text('{"schema": "secinfo/user/1", "user_id": "u1", "groups": "g1"}')
    with pytest.raises(InvalidDocument) as caught:
        load_user(bad)
    assert (caught.value.source, caught.value.path) == (str(bad), "groups")
    assert str(caught.value) == f"{bad}: groups: expected a list, got 'g1'"
    assert caught.value.detail == "expected a list, got 'g1'"
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(InvalidDocument, match="not JSON") as caught:
        load_policy(broken)
    assert caught.value.source == str(broken)
    with pytest.raises(InvalidDocument, match="cannot read the file") as caught:
        load_session(tmp_path / "missing.json")
    assert (caught.value.source, caught.value.path) == (str(tmp_path / "missing.json"), "")
    with pytest.raises(InvalidDocument, match="cannot read the file"):
        load_policy(tmp_path)  # a directory


def test_schema_is_required_and_checked() -> None:
    invalid(load_policy, {}, "schema", "'schema'", "missing")
    invalid(load_user, {"user_id": "u1"}, "schema", "'schema'", "missing")
    invalid(load_policy, {"schema": "secinfo/policy/2"}, "schema", "'secinfo/policy/2'")
    invalid(load_policy, json.loads(EXAMPLE_USER), "schema", "'secinfo/user/1'")
    invalid(load_user, json.loads(EXAMPLE_POLICY), "schema", "'secinfo/policy/1'")
    invalid(load_session, {"schema": "v1", "signed_in_at": "2026-11-25T12:00:00Z"}, "schema")


def test_wrong_types() -> None:
    invalid(load_policy, policy_doc(mfa=[]), "mfa", "expected an object", "a list of 0 items")
    invalid(load_policy, policy_doc(methods={"push": {"mfa": "yes"}}), "methods.push.mfa", "'yes'")
    invalid(load_policy, policy_doc(methods=["push"]), "methods", "a list of 1 item")
    invalid(load_policy, policy_doc(methods={"push": True}), "methods.push", "true")
    invalid(load_user, user_doc(app(device_name=9)), "registrations.0.device_name", "9")
    invalid(load_user, user_doc(user_id=42), "user_id", "42")
    invalid(load_user, user_doc(groups=[1]), "groups.0", "1")
    invalid(load_user, user_doc(registrations=[[]]), "registrations.0", "a list of 0 items")
    invalid(load_user, user_doc(groups=[{"a": 1}]), "groups.0", "an object with 1 key")
    invalid(load_user, user_doc(groups=[{"a": 1, "b": 2}]), "groups.0", "an object with 2 keys")


def test_non_string_keys() -> None:
    invalid(load_policy, {"schema": "secinfo/policy/1", 1: 2}, "", "key 1 is not a string")


def test_missing_required_keys() -> None:
    invalid(load_user, {"schema": "secinfo/user/1"}, "user_id", "'user_id'", "missing")
    number_missing = mobile()
    del number_missing["number"]
    invalid(load_user, user_doc(number_missing), "registrations.0.number", "'number'")
    kind_missing = app()
    del kind_missing["kind"]
    invalid(load_user, user_doc(kind_missing), "registrations.0.kind", "'kind'")
    invalid(load_user, user_doc(app(id=None)), "registrations.0.id", "null")
    invalid(load_session, {}, "signed_in_at", "'signed_in_at'", "missing")


def test_unknown_keys() -> None:
    invalid(load_policy, policy_doc(colour="red"), "colour", "unknown key 'colour'")
    invalid(load_policy, policy_doc(mfa={"grace": 1}), "mfa.grace", "'grace'")
    invalid(load_policy, policy_doc(methods={"sms": {"method": "sms"}}), "methods.sms.method")
    invalid(load_user, user_doc(app(colour="red")), "registrations.0.colour", "'colour'")
    # a key of another kind is unknown too
    invalid(load_user, user_doc(app(number=PHONE)), "registrations.0.number", "'number'")
    invalid(load_user, user_doc(campaign={"snoozed": 1}), "campaign.snoozed", "'snoozed'")
    invalid(load_session, {"signed_in_at": "2026-11-25T12:00:00Z", "ip": "1"}, "ip", "'ip'")


def test_unknown_enum_values_are_case_sensitive() -> None:
    invalid(load_policy, policy_doc(methods={"SMS": {"mfa": True}}), "methods.SMS", "'SMS'")
    invalid(load_policy, policy_doc(bootstrap="Password"), "bootstrap", "'Password'")
    invalid(load_policy, policy_doc(campaign={"state": "on"}), "campaign.state", "'on'")
    invalid(load_user, user_doc(app(kind="Authenticator_App")), "registrations.0.kind")
    invalid(load_user, user_doc(app(registered_by="ADMIN")), "registrations.0.registered_by")
    invalid(load_user, user_doc(preferred="Push"), "preferred", "'Push'")
    invalid(load_user, user_doc(mobile(verified_with="email")), "registrations.0.verified_with")
    invalid(
        load_session,
        {"signed_in_at": "2026-11-25T12:00:00Z", "mfa_method": "SMS"},
        "mfa_method",
        "'SMS'",
    )


def test_preferred_must_be_a_preferable_method() -> None:
    invalid(load_user, user_doc(preferred="temporary_access_pass"), "preferred")
    invalid(load_user, user_doc(preferred="email"), "preferred", "'email'")


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("mfa", "methods_required", 3),
        ("mfa", "methods_required", 0),
        ("mfa", "grace_days", 366),
        ("mfa", "grace_days", -1),
        ("sspr", "methods_required", 3),
        ("sspr", "reconfirm_days", 731),
        ("campaign", "snooze_days", 15),
        ("step_up", "session_minutes", 0),
        ("step_up", "passkey_add_minutes", 1441),
        ("limits", "passkey", 0),
        ("limits", "authenticator_app", 10**30),
    ],
)
def test_out_of_range_numbers(section: str, key: str, value: int) -> None:
    invalid(load_policy, policy_doc(**{section: {key: value}}), f"{section}.{key}", str(value))


def test_out_of_range_numbers_in_users() -> None:
    questions = {
        "kind": "security_questions",
        "id": "q1",
        "registered_at": "2026-01-05T09:00:00Z",
        "answered": 21,
    }
    invalid(load_user, user_doc(questions), "registrations.0.answered", "21")
    invalid(load_user, user_doc(campaign={"snoozes": -1}), "campaign.snoozes", "-1")
    invalid(load_user, user_doc(campaign={"snoozes": 10**400}), "campaign.snoozes", "very large")


def test_bool_where_an_int_is_expected_and_int_where_a_bool_is_expected() -> None:
    invalid(load_policy, policy_doc(mfa={"methods_required": True}), "mfa.methods_required", "true")
    doc = policy_doc(sspr={"registration_required": 1})
    invalid(load_policy, doc, "sspr.registration_required", "1")
    invalid(load_policy, policy_doc(methods={"sms": {"mfa": 0}}), "methods.sms.mfa", "0")
    invalid(load_user, user_doc(app(notifications=1)), "registrations.0.notifications", "1")
    invalid(load_user, user_doc(campaign={"snoozes": False}), "campaign.snoozes", "false")


@pytest.mark.parametrize("value", [1.0, 1.5, math.nan, math.inf])
def test_floats_are_refused(value: float) -> None:
    invalid(load_policy, policy_doc(mfa={"grace_days": value}), "mfa.grace_days", repr(value))
    invalid(load_policy, policy_doc(office_phone_user_managed=value), "office_phone_user_managed")


def test_a_string_where_a_list_is_expected() -> None:
    invalid(load_user, user_doc(groups="g-sales"), "groups", "'g-sales'")
    invalid(load_policy, policy_doc(mfa={"enforced_for": "all"}), "mfa.enforced_for", "'all'")
    invalid(load_user, user_doc(registrations="r1"), "registrations", "'r1'")
    invalid(
        load_session,
        {"signed_in_at": "2026-11-25T12:00:00Z", "signed_in_with": "password"},
        "signed_in_with",
        "'password'",
    )


def test_null_where_not_allowed() -> None:
    invalid(load_user, user_doc(user_id=None), "user_id", "null")
    invalid(load_user, user_doc(groups=None), "groups", "null")
    invalid(load_user, user_doc(campaign=None), "campaign", "null")
    invalid(load_policy, policy_doc(methods=None), "methods", "null")
    invalid(load_policy, policy_doc(phone={"blocked_regions": None}), "phone.blocked_regions")
    invalid(load_user, user_doc(app(notifications=None)), "registrations.0.notifications", "null")


def test_null_where_allowed() -> None:
    user = load_user(user_doc(preferred=None, last_reviewed_at=None, business_phone=None))
    assert (user.preferred, user.last_reviewed_at, user.business_phone) == (None, None, None)
    assert load_policy(policy_doc(phone={"allowed_regions": None})).phone.allowed_regions is None


def test_duplicate_registration_ids() -> None:
    doc = user_doc(app(id="r1"), mobile(id="r2"), mobile(id="r1", number="+14255550199"))
    invalid(load_user, doc, "registrations.2.id", "'r1'", "registrations.0")


def test_empty_and_overlong_strings() -> None:
    invalid(load_user, user_doc(app(id="")), "registrations.0.id", "''", "empty")
    invalid(load_user, user_doc(groups=[""]), "groups.0", "empty")
    invalid(load_user, user_doc(app(id="x" * 129)), "registrations.0.id", "128")
    invalid(load_user, user_doc(app(device_name="x" * 257)), "registrations.0.device_name")


def test_a_megabyte_string_is_refused_with_a_bounded_message() -> None:
    huge = "x" * 1_000_000
    message = invalid(load_user, user_doc(user_id=huge), "user_id", "'xxxx")
    assert len(message) < 200
    invalid(load_user, user_doc(groups=[huge]), "groups.0")
    invalid(load_user, user_doc(app(registered_at=huge)), "registrations.0.registered_at")
    invalid(load_policy, policy_doc(bootstrap=huge), "bootstrap")
    with pytest.raises(InvalidDocument) as caught:
        load_policy(policy_doc(**{huge: 1}))
    assert caught.value.path == "x" * 60 + "…"
    assert len(str(caught.value)) < 300


def test_deeply_nested_values_are_refused_without_recursing() -> None:
    nested = deep(10_000)
    nested_object = deep_object(10_000)
    invalid(load_policy, policy_doc(extra=nested), "extra", "unknown key")
    invalid(load_policy, policy_doc(mfa=nested), "mfa", "a list of 1 item")
    invalid(load_policy, policy_doc(mfa={"exclude": nested}), "mfa.exclude.0")
    invalid(load_user, user_doc(registrations=[nested_object]), "registrations.0.kind")
    invalid(load_user, user_doc(app(colour=nested_object)), "registrations.0.colour")
    invalid(load_user, user_doc(groups=[nested]), "groups.0", "a list of 1 item")
    invalid(load_session, {"signed_in_at": nested_object}, "signed_in_at", "an object")


def test_huge_lists_are_refused_by_the_caps() -> None:
    junk = [None] * 100_000
    invalid(load_user, user_doc(registrations=junk), "registrations", "100000", "1000")
    invalid(load_user, user_doc(groups=junk), "groups", "100000")
    invalid(load_policy, policy_doc(mfa={"enforced_for": junk}), "mfa.enforced_for", "100000")
    invalid(load_session, {"signed_in_at": "2026-11-25T12:00:00Z", "signed_in_with": junk},
            "signed_in_with")  # fmt: skip


def test_the_caps_themselves_are_accepted() -> None:
    groups = [f"g{i}" for i in range(MAX_GROUPS)]
    assert len(load_user(user_doc(groups=groups)).groups) == MAX_GROUPS
    many = [app(id=f"r{i}") for i in range(MAX_REGISTRATIONS)]
    assert len(load_user(user_doc(*many)).registrations) == MAX_REGISTRATIONS
    invalid(load_user, user_doc(*many, app(id="one-more")), "registrations", "1000")


def test_a_flag_for_a_purpose_the_method_cannot_serve() -> None:
    invalid(load_policy, policy_doc(methods={"email": {"mfa": True}}), "methods.email.mfa", "true")
    invalid(load_policy, policy_doc(methods={"passkey": {"sspr": True}}), "methods.passkey.sspr")
    # false is fine: the method simply is not enabled for that purpose
    policy = load_policy(policy_doc(methods={"email": {"mfa": False, "sspr": True}}))
    assert policy.setting(Method.EMAIL) == MethodSetting(method=Method.EMAIL, sspr=True)


def test_a_campaign_method_outside_push_and_passkey() -> None:
    invalid(load_policy, policy_doc(campaign={"method": "sms"}), "campaign.method", "'sms'")
    policy = load_policy(policy_doc(campaign={"method": "passkey"}))
    assert policy.campaign.method is Method.PASSKEY


def test_phone_numbers_are_masked_in_messages() -> None:
    for number in ("+1425555013456789", "14255550134", "+1-425-555-0134"):
        message = invalid(load_user, user_doc(mobile(number=number)), "registrations.0.number")
        assert "5550134" not in message
        assert "555" not in message
    message = invalid(load_user, user_doc(business_phone="+0425555013"), "business_phone")
    assert "425555" not in message
    assert "X" in message
    message = invalid(load_user, user_doc(business_phone=14255550134), "business_phone")
    assert "4255550134" not in message


def test_model_errors_are_translated_to_the_document_path() -> None:
    email = {"kind": "email", "id": "e1", "registered_at": "2026-01-05T09:00:00Z",
             "address": "not-an-email"}  # fmt: skip
    invalid(load_user, user_doc(email), "registrations.0.address", "'not-an-email'")
    office = {"kind": "office_phone", "id": "o1", "registered_at": "2026-01-05T09:00:00Z",
              "number": PHONE, "extension": "12a"}  # fmt: skip
    invalid(load_user, user_doc(office), "registrations.0.extension", "'12a'")
    invalid(load_policy, policy_doc(phone={"allowed_regions": ["USA"]}), "phone.allowed_regions.0")
    invalid(load_policy, policy_doc(phone={"blocked_regions": ["U1"]}), "phone.blocked_regions.0")


def test_session_credentials() -> None:
    doc = {"signed_in_at": "2026-11-25T12:00:00Z", "signed_in_with": ["password", "email"]}
    invalid(load_session, doc, "signed_in_with.1", "'email'")
    doc["signed_in_with"] = ["temporary_access_pass"]
    assert load_session(doc).signed_in_with == ("temporary_access_pass",)


def test_load_does_not_modify_its_input() -> None:
    doc = json.loads(EXAMPLE_USER)
    before = copy.deepcopy(doc)
    load_user(doc)
    assert doc == before


def test_phone_numbers_given_as_numbers_are_masked_too() -> None:
    for number in (14255550134, 14255550134.0):
        message = invalid(load_user, user_doc(mobile(number=number)), "registrations.0.number")
        assert "4255550" not in message


def test_the_docstring_examples_run() -> None:
    import doctest

    import secinfo.documents

    result = doctest.testmod(secinfo.documents, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 8
    assert result.failed == 0


def test_phone_numbers_in_other_fields_are_masked_too() -> None:
    message = invalid(load_user, user_doc(preferred=PHONE), "preferred", "+1 XXXXXXXX34")
    assert PHONE not in message
    with pytest.raises(InvalidDocument) as caught:
        load_user(user_doc(**{PHONE: 1}))
    assert caught.value.path == "+1 XXXXXXXX34"
    assert PHONE not in str(caught.value)


def test_invalid_argument_path_is_the_one_name_and_field_a_deprecated_alias() -> None:
    with pytest.raises(secinfo.InvalidArgument) as caught:
        UserState(user_id="u1", groups=[""])
    assert caught.value.path == "groups"
    with pytest.deprecated_call():
        assert caught.value.field == "groups"


@pytest.mark.parametrize("user_id", ["victim\nFAKE", "u\u202e1", "u\u200d"])
def test_user_id_with_unsafe_characters_does_not_load(user_id: str) -> None:
    with pytest.raises(InvalidDocument) as info:
        load_user(user_doc(user_id=user_id))
    assert info.value.path == "user_id"
    assert str(info.value).isprintable()


def test_email_address_is_masked_in_document_errors() -> None:
    address = "alice.personal@" + "x" * 250 + ".example.com"
    with pytest.raises(InvalidDocument) as info:
        load_user(
            user_doc(
                {
                    "kind": "email",
                    "id": "e",
                    "registered_at": "2026-01-05T09:00:00Z",
                    "address": address,
                }
            )
        )
    assert info.value.path == "registrations.0.address"
    assert "alice.personal" not in str(info.value)


def test_an_email_address_as_a_key_is_masked_in_the_path() -> None:
    """Found by the thorough fuzz profile: an unknown key that is an address leaked in the path."""
    with pytest.raises(InvalidDocument) as info:
        load_policy(policy_doc(methods={"alice.personal@example.com": {}}))
    assert "alice.personal" not in str(info.value)
    assert info.value.path == "methods.a***@example.com"
