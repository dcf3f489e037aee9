"""Properties of secinfo.graph.

- The registration report row agrees with ``evaluate`` (the one predicate) on generated
  policies and users.
- A user written out in Graph's shapes imports back to the same registrations (up to what
  Graph does not carry), and the import round-trips through ``dump_user``/``load_user``.
- Any well-formed Graph policy — every configuration type, random states, targets and
  unknown enum members — imports without an error, enables exactly the enabled
  configurations' methods, and loads.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import jsonschema
import phonenumbers
from hypothesis import given
from hypothesis import strategies as st

from secinfo import (
    AlternatePhone,
    AuthenticatorApp,
    Certificate,
    Email,
    ExternalAuthentication,
    HardwareOath,
    Method,
    MobilePhone,
    OfficePhone,
    Passkey,
    Registration,
    SecurityQuestions,
    SoftwareOath,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
    WindowsHello,
    dump_user,
    evaluate,
    load_policy,
    load_user,
    sspr_count,
)
from secinfo.graph import (
    policy_document_from_graph,
    registration_details,
    user_document_from_graph,
    user_from_graph,
)
from secinfo.results import DefaultSource
from secinfo.schema import policy_schema, user_schema
from secinfo.testing import REFERENCE_NOW, policies, registration_for, users
from secinfo.user import PREFERABLE_METHODS

NOW = REFERENCE_NOW
POLICY_SCHEMA = jsonschema.Draft202012Validator(policy_schema())
USER_SCHEMA = jsonschema.Draft202012Validator(user_schema())
IMPORTED_AT = datetime(2026, 11, 20, tzinfo=UTC)

# --------------------------------------------------------------------------------------------
# registration_details agrees with evaluate
# --------------------------------------------------------------------------------------------

_PREFERRED_GRAPH = {
    "push": "push",
    "authenticator_code": "oath",
    "software_oath": "oath",
    "hardware_oath": "oath",
    "sms": "sms",
    "voice_mobile": "voiceMobile",
    "voice_alternate": "voiceAlternateMobile",
    "voice_office": "voiceOffice",
}


def _graph_preference(method: Method | None) -> str:
    return "" if method is None or method not in PREFERABLE_METHODS else _PREFERRED_GRAPH[method]


@st.composite
def _tenants(draw: st.DrawFn) -> tuple[TenantPolicy, UserState]:
    """A policy (system-preferred MFA on half the time) and a user who often holds registrations
    of methods the policy enables (so that the report's answers vary)."""
    policy = draw(policies())
    if draw(st.booleans()):
        policy = attrs.evolve(
            policy, system_preferred=attrs.evolve(policy.system_preferred, enabled=True)
        )
    user = draw(users(policy=policy))
    enabled = [setting.method for setting in policy.methods]
    if enabled:
        extra = draw(st.lists(st.sampled_from(enabled), max_size=3, unique=True))
        user = attrs.evolve(
            user,
            registrations=user.registrations
            + tuple(registration_for(m, id=f"x{i}", now=NOW) for i, m in enumerate(extra)),
        )
    return policy, user


@given(_tenants())
def test_registration_details_agree_with_evaluate(pair: tuple[TenantPolicy, UserState]) -> None:
    policy, user = pair
    row = registration_details(policy, user, now=NOW)
    result = evaluate(policy, user, now=NOW)
    usable = set(result.usable_mfa)
    assert row["id"] == user.user_id
    assert row["isMfaCapable"] == bool(usable - {Method.TEMPORARY_ACCESS_PASS})
    assert row["isPasswordlessCapable"] == bool(usable & {Method.PASSKEY, Method.WINDOWS_HELLO})
    if row["isMfaCapable"]:
        assert row["isMfaRegistered"]
    assert row["isSsprEnabled"] == policy.sspr.applies_to(user.groups)
    assert row["isSsprCapable"] == (row["isSsprEnabled"] and row["isSsprRegistered"])
    assert row["isSsprRegistered"] == (
        sspr_count(policy, user, now=NOW) >= policy.sspr.methods_required
    )
    reasons = {reason.code for reason in result.prompt.reasons}
    assert ("sspr_methods_missing" in reasons) == (
        row["isSsprEnabled"] and policy.sspr.registration_required and not row["isSsprRegistered"]
    )
    if row["isSsprRegistered"]:
        assert not set(result.usable_sspr).isdisjoint(
            {m for r in user.registrations for m in r.methods}
        )
    default = result.default
    system = default.source is DefaultSource.SYSTEM_PREFERRED
    assert row["isSystemPreferredAuthenticationMethodEnabled"] == (
        policy.system_preferred.applies_to(user.groups)
    )
    if system:
        assert row["isSystemPreferredAuthenticationMethodEnabled"]
        assert default.method is not None
        assert len(row["systemPreferredAuthenticationMethods"]) == 1
        own = evaluate(
            attrs.evolve(
                policy, system_preferred=attrs.evolve(policy.system_preferred, enabled=False)
            ),
            user,
            now=NOW,
        ).default.method
    else:
        assert row["systemPreferredAuthenticationMethods"] == []
        own = default.method
    assert row["userPreferredMethodForSecondaryAuthentication"] == _graph_preference(own)
    assert (row["defaultMfaMethod"] == "") == (
        row["userPreferredMethodForSecondaryAuthentication"] == ""
    )
    kinds = {registration.kind.value for registration in user.registrations}
    assert ("mobilePhone" in row["methodsRegistered"]) == ("mobile_phone" in kinds)
    assert ("email" in row["methodsRegistered"]) == ("email" in kinds)
    assert len(row["methodsRegistered"]) == len(set(row["methodsRegistered"]))


# --------------------------------------------------------------------------------------------
# Users: Graph's shapes and back
# --------------------------------------------------------------------------------------------


def _graph_number(e164: str) -> str:
    parsed = phonenumbers.parse(e164)
    return f"+{parsed.country_code} {parsed.national_number}"


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _graph_method(registration: Registration) -> dict[str, Any] | None:
    """How Graph lists *registration* (``None``: Graph has no such method)."""
    common = {"id": registration.id, "createdDateTime": _time(registration.registered_at)}
    graph = "#microsoft.graph."
    match registration:
        case MobilePhone() | AlternatePhone() | OfficePhone():
            phone_type = {
                MobilePhone: "mobile",
                AlternatePhone: "alternateMobile",
                OfficePhone: "office",
            }[type(registration)]
            number = _graph_number(registration.number)
            if isinstance(registration, OfficePhone) and registration.extension is not None:
                number += f"x{registration.extension}"
            return {
                "@odata.type": f"{graph}phoneAuthenticationMethod",
                "id": registration.id,
                "phoneNumber": number,
                "phoneType": phone_type,
                "smsSignInState": "notSupported",
            }
        case AuthenticatorApp():
            return {
                "@odata.type": f"{graph}microsoftAuthenticatorAuthenticationMethod",
                **common,
                "displayName": registration.device_name,
                "deviceTag": "",
                "phoneAppVersion": "6.8.12",
            }
        case SoftwareOath():
            return {
                "@odata.type": f"{graph}softwareOathAuthenticationMethod",
                **common,
                "secretKey": None,
            }
        case HardwareOath():
            return {
                "@odata.type": f"{graph}hardwareOathAuthenticationMethod",
                **common,
                "device": {"serialNumber": registration.serial},
            }
        case Passkey():
            return {
                "@odata.type": f"{graph}fido2AuthenticationMethod",
                **common,
                "displayName": registration.name,
                "aaGuid": registration.aaguid,
                "model": None,
                "attestationLevel": "notAttested",
                "attestationCertificates": [],
            }
        case WindowsHello():
            return {
                "@odata.type": f"{graph}windowsHelloForBusinessAuthenticationMethod",
                **common,
                "displayName": registration.device_name,
                "keyStrength": "normal",
            }
        case Email():
            return {
                "@odata.type": f"{graph}emailAuthenticationMethod",
                "id": registration.id,
                "emailAddress": registration.address,
            }
        case TemporaryAccessPass():
            seconds = (registration.expires_at - registration.starts_at).total_seconds()
            if seconds % 60 or not 10 <= seconds // 60 <= 43_200:
                return None
            return {
                "@odata.type": f"{graph}temporaryAccessPassAuthenticationMethod",
                **common,
                "startDateTime": _time(registration.starts_at),
                "lifetimeInMinutes": int(seconds // 60),
                "isUsableOnce": registration.one_time,
                "methodUsabilityReason": "OneTimeUsed" if registration.used else "EnabledByPolicy",
                "temporaryAccessPass": None,
            }
        case ExternalAuthentication():
            return {
                "@odata.type": f"{graph}externalAuthenticationMethod",
                **common,
                "configurationId": registration.provider,
                "displayName": registration.display_name,
            }
        case Certificate() | SecurityQuestions():
            return None
    raise AssertionError(registration)


def _label(text: str, fallback: str) -> str:
    return text if text.strip() else fallback


def _expected(registration: Registration, preferred: Method | None) -> Registration | None:
    """What the importer makes of *registration* listed by Graph."""
    if _graph_method(registration) is None:
        return None
    by = (
        "admin"
        if isinstance(registration, OfficePhone | HardwareOath | TemporaryAccessPass)
        else "user"
    )
    changes: dict[str, Any] = {"registered_by": by}
    match registration:
        case MobilePhone():
            changes["verified_with"] = (
                Method.VOICE_MOBILE if preferred is Method.VOICE_MOBILE else Method.SMS
            )
            changes["registered_at"] = IMPORTED_AT
        case AlternatePhone() | OfficePhone() | Email():
            changes["registered_at"] = IMPORTED_AT
        case AuthenticatorApp():
            changes["notifications"] = True
            changes["device_name"] = _label(registration.device_name, "Microsoft Authenticator")
        case SoftwareOath():
            changes["name"] = "Software OATH token"
        case HardwareOath():
            changes["serial"] = _label(registration.serial, registration.id)
        case Passkey():
            changes["name"] = _label(registration.name, "Passkey")
        case WindowsHello():
            changes["device_name"] = _label(registration.device_name, "Windows Hello for Business")
        case ExternalAuthentication():
            changes["display_name"] = _label(registration.display_name, registration.provider)
    return attrs.evolve(registration, **changes)


def _expected_preference(user: UserState, registrations: list[Registration]) -> Method | None:
    preferred = user.preferred
    if preferred is None:
        return None
    held = {m for registration in registrations for m in registration.kind.methods}
    if _PREFERRED_GRAPH[preferred] == "oath":
        oath = [
            m
            for m in (Method.AUTHENTICATOR_CODE, Method.SOFTWARE_OATH, Method.HARDWARE_OATH)
            if m in held
        ]
        return oath[0] if oath else None
    return preferred


@given(users(now=NOW, max_registrations=8))
def test_a_user_in_graphs_shapes_imports_back(user: UserState) -> None:
    methods = [m for r in user.registrations if (m := _graph_method(r)) is not None]
    preference = None if user.preferred is None else _PREFERRED_GRAPH[user.preferred]
    result = user_from_graph(
        {"value": methods},
        user_id=user.user_id,
        imported_at=IMPORTED_AT,
        groups=user.groups,
        sign_in_preferences={"userPreferredMethodForSecondaryAuthentication": preference},
    )
    expected = [e for r in user.registrations if (e := _expected(r, user.preferred)) is not None]
    imported = result.value
    USER_SCHEMA.validate(
        user_document_from_graph(
            {"value": methods}, user_id=user.user_id, imported_at=IMPORTED_AT, groups=user.groups
        ).value
    )
    assert list(imported.registrations) == expected
    assert imported.groups == user.groups
    assert imported.preferred == _expected_preference(user, expected)
    assert {w.code.value for w in result.warnings} <= {"preference_not_held"}
    assert load_user(dump_user(imported)) == imported


@given(users(now=NOW))
def test_a_users_import_is_the_same_from_a_bare_list(user: UserState) -> None:
    methods = [m for r in user.registrations if (m := _graph_method(r)) is not None]
    from_list = user_from_graph(methods, user_id=user.user_id, imported_at=IMPORTED_AT)
    from_response = user_from_graph(
        {"value": methods}, user_id=user.user_id, imported_at=IMPORTED_AT
    )
    assert from_list == from_response


# --------------------------------------------------------------------------------------------
# Policies: any well-formed Graph policy imports
# --------------------------------------------------------------------------------------------

_GROUPS = st.sampled_from(["all_users", "g1", "g2", "ALL_USERS"])
_TARGET_TYPES = st.sampled_from(["group", "group", "user", "unknownFutureValue", "aNewType"])
_CLASSIC = {  # configuration types whose documents every secinfo version loads
    "microsoftAuthenticatorAuthenticationMethodConfiguration": ["push", "authenticator_code"],
    "smsAuthenticationMethodConfiguration": ["sms"],
    "voiceAuthenticationMethodConfiguration": ["voice_mobile", "voice_alternate", "voice_office"],
    "emailAuthenticationMethodConfiguration": ["email"],
    "softwareOathAuthenticationMethodConfiguration": ["software_oath"],
    "hardwareOathAuthenticationMethodConfiguration": ["hardware_oath"],
    "x509CertificateAuthenticationMethodConfiguration": ["certificate"],
    "fido2AuthenticationMethodConfiguration": ["passkey", "windows_hello"],
    "temporaryAccessPassAuthenticationMethodConfiguration": ["temporary_access_pass"],
    "qrCodePinAuthenticationMethodConfiguration": [],
    "verifiableCredentialsAuthenticationMethodConfiguration": [],
    "someFutureAuthenticationMethodConfiguration": [],
}


def _targets(*, extra: dict[str, st.SearchStrategy[Any]] | None = None) -> st.SearchStrategy[Any]:
    target = st.fixed_dictionaries(
        {"id": _GROUPS, "targetType": _TARGET_TYPES}, optional=extra or {}
    )
    return st.lists(target, max_size=3)


@st.composite
def _configuration(draw: st.DrawFn, odata: str) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    include_extra: dict[str, st.SearchStrategy[Any]] = {"isRegistrationRequired": st.booleans()}
    if odata.startswith("microsoftAuthenticator"):
        extra["isSoftwareOathEnabled"] = draw(st.none() | st.booleans())
        include_extra["authenticationMode"] = st.sampled_from(
            ["any", "push", "deviceBasedPush", "unknownFutureValue"]
        )
    if odata.startswith("voice"):
        extra["isOfficePhoneAllowed"] = draw(st.none() | st.booleans())
    if odata.startswith("x509"):
        extra["authenticationModeConfiguration"] = {
            "x509CertificateAuthenticationDefaultMode": draw(
                st.sampled_from(
                    [
                        "x509CertificateSingleFactor",
                        "x509CertificateMultiFactor",
                        "unknownFutureValue",
                    ]
                )
            ),
            "rules": [],
        }
    return {
        "@odata.type": f"#microsoft.graph.{odata}",
        "id": odata[:10],
        "state": draw(st.sampled_from(["enabled", "disabled", "unknownFutureValue"])),
        "includeTargets": draw(_targets(extra=include_extra)),
        "excludeTargets": draw(_targets()),
        **extra,
    }


@st.composite
def _graph_policy(draw: st.DrawFn) -> dict[str, Any]:
    types = draw(st.lists(st.sampled_from(sorted(_CLASSIC)), unique=True))
    payload: dict[str, Any] = {
        "authenticationMethodConfigurations": [draw(_configuration(t)) for t in types],
        "policyMigrationState": draw(
            st.sampled_from(
                [
                    None,
                    "preMigration",
                    "migrationInProgress",
                    "migrationComplete",
                    "unknownFutureValue",
                ]
            )
        ),
    }
    if draw(st.booleans()):
        payload["systemCredentialPreferences"] = {
            "state": draw(
                st.sampled_from(["default", "enabled", "disabled", "unknownFutureValue"])
            ),
            "includeTargets": draw(_targets()),
            "excludeTargets": draw(_targets()),
        }
    if draw(st.booleans()):
        payload["registrationEnforcement"] = {
            "authenticationMethodsRegistrationCampaign": {
                "state": draw(
                    st.sampled_from(["default", "enabled", "disabled", "unknownFutureValue"])
                ),
                "snoozeDurationInDays": draw(st.integers(0, 14)),
                "includeTargets": draw(
                    _targets(
                        extra={
                            "targetedAuthenticationMethod": st.sampled_from(
                                ["microsoftAuthenticator", "Fido2", "unknownFutureValue"]
                            )
                        }
                    ).map(
                        lambda ts: [
                            {"targetedAuthenticationMethod": "microsoftAuthenticator", **t}
                            for t in ts
                        ]
                    )
                ),
                "excludeTargets": draw(_targets()),
            }
        }
    if draw(st.booleans()):
        payload["reconfirmationInDays"] = draw(st.integers(0, 730))
    return payload


@given(_graph_policy())
def test_any_well_formed_graph_policy_imports_and_loads(payload: dict[str, Any]) -> None:
    result = policy_document_from_graph(payload, mfa={"enforced_for": ["all"]}, sspr={})
    methods = result.value["methods"]
    enabled = {
        item["@odata.type"].removeprefix("#microsoft.graph."): item
        for item in payload["authenticationMethodConfigurations"]
        if item["state"] == "enabled"
    }
    possible = {m for odata in enabled for m in _CLASSIC[odata]}
    assert set(methods) <= possible
    for odata, item in enabled.items():
        first = _CLASSIC[odata][:1]
        if first and first[0] not in ("certificate",):
            assert first[0] in methods
            targets = {
                "all" if t["id"].lower() == "all_users" else t["id"] for t in item["includeTargets"]
            }
            assert set(methods[first[0]]["include"]) == targets
    POLICY_SCHEMA.validate(result.value)
    policy = load_policy(result.value)
    assert {setting.method.value for setting in policy.methods} == set(methods)


@given(_graph_policy())
def test_a_graph_policy_never_enables_a_disabled_configuration(payload: dict[str, Any]) -> None:
    for item in payload["authenticationMethodConfigurations"]:
        item["state"] = "disabled"
    result = policy_document_from_graph(payload, mfa={}, sspr={})
    assert result.value["methods"] == {}
    # a disabled configuration changes nothing, so nothing about it is worth a warning
    assert not [
        warning
        for warning in result.warnings
        if warning.path.startswith("authenticationMethodConfigurations.")
        and warning.code.value != "unknown_configuration"
    ]


def test_the_round_trip_helpers_cover_every_registration_class() -> None:
    now = NOW
    examples: list[Registration] = [
        TemporaryAccessPass(
            id="t",
            registered_at=now,
            starts_at=now,
            expires_at=now + timedelta(hours=1),
            registered_by="admin",
        ),
        Certificate(id="c", registered_at=now, subject="CN=x", registered_by="admin"),
        SecurityQuestions(id="q", registered_at=now, answered=3),
    ]
    assert _graph_method(examples[0]) is not None
    assert _graph_method(examples[1]) is None
    assert _graph_method(examples[2]) is None
