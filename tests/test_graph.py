"""secinfo.graph: the document layer (Graph payloads → secinfo documents, compared as dicts),
warnings, malformed payloads, and the export shapes (registration report row, directory audit).

End-to-end imports that load documents are in ``test_graph_import.py``.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

from secinfo import (
    Activity,
    Actor,
    AuditEvent,
    AuthenticatorApp,
    Email,
    InvalidArgument,
    InvalidArgumentType,
    InvalidDocument,
    Kind,
    Method,
    MethodSetting,
    MfaSettings,
    MobilePhone,
    OfficePhone,
    Passkey,
    SoftwareOath,
    SsprSettings,
    SystemPreferred,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
    register,
)
from secinfo._graph_export import (
    DEFAULT_MFA_METHODS,
    METHODS_REGISTERED,
    OPERATION_TYPES,
    SYSTEM_PREFERRED_METHODS,
    USER_DEFAULT_METHODS,
)
from secinfo._graph_policy import CONFIGURATIONS, capability
from secinfo.graph import (
    ImportWarning,
    WarningCode,
    policy_document_from_graph,
    registration_details,
    to_directory_audit,
    user_document_from_graph,
)
from secinfo.methods import MFA_METHODS, Purpose
from secinfo.schema import policy_schema, user_schema
from secinfo.user import PREFERABLE_METHODS

FIXTURES = Path(__file__).parent / "fixtures" / "graph"
NOW = datetime(2026, 3, 5, tzinfo=UTC)
USER = "9c3b2f51-7d4e-4a86-b1f0-6e2d8c4a7b13"
EXCLUDED = "dad4ae4a-730c-4e52-826c-0d9094971f04"
PILOT = "5f2a1c3e-8b4d-4e6f-9a7b-2c1d0e9f8a71"
HELPDESK = "b185b746-e7db-4fa2-bafc-69ecf18850dd"
KEYS = [
    "90a3ccdf-635c-4729-a248-9b709135078f",
    "2fc0579f-8113-47ea-b116-bb5a8db9202a",
    "ee882879-721c-4913-9775-3dfcce97072a",
]
PHONE_TYPE = "#microsoft.graph.phoneAuthenticationMethod"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def graph_policy() -> dict[str, Any]:
    payload: dict[str, Any] = fixture("authentication-methods-policy.v1.json")
    return payload


def configuration(payload: dict[str, Any], config_id: str) -> dict[str, Any]:
    for item in payload["authenticationMethodConfigurations"]:
        if item["id"] == config_id:
            found: dict[str, Any] = item
            return found
    raise AssertionError(config_id)


def codes(warnings: tuple[ImportWarning, ...]) -> list[tuple[str, str]]:
    return [(warning.code.value, warning.path) for warning in warnings]


def config(odata: str, config_id: str, state: str = "enabled", **extra: Any) -> dict[str, Any]:
    return {
        "@odata.type": f"#microsoft.graph.{odata}",
        "id": config_id,
        "state": state,
        "excludeTargets": [],
        "includeTargets": [{"id": "all_users", "targetType": "group"}],
        **extra,
    }


def minimal(*configs: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {
        "policyMigrationState": "migrationComplete",
        "systemCredentialPreferences": {
            "state": "disabled",
            "includeTargets": [],
            "excludeTargets": [],
        },
        "authenticationMethodConfigurations": list(configs),
        **top,
    }


def methods_of(payload: dict[str, Any], **keywords: Any) -> dict[str, Any]:
    result = policy_document_from_graph(payload, mfa={}, sspr={}, **keywords)
    found: dict[str, Any] = result.value["methods"]
    return found


def entry(*, mfa: bool, sspr: bool, include: list[str], exclude: list[str]) -> dict[str, Any]:
    return {"mfa": mfa, "sspr": sspr, "include": include, "exclude": exclude}


# --------------------------------------------------------------------------------------------
# The policy fixture
# --------------------------------------------------------------------------------------------

FIXTURE_POLICY: dict[str, Any] = {
    "schema": "secinfo/policy/1",
    "methods": {
        "passkey": {
            **entry(mfa=True, sspr=False, include=["all"], exclude=[EXCLUDED]),
            "self_service": True,
            "key_restrictions": {"enforcement": "allow", "aaguids": KEYS},
        },
        "push": entry(mfa=True, sspr=True, include=["all", PILOT], exclude=[EXCLUDED]),
        "sms": entry(mfa=True, sspr=True, include=[PILOT], exclude=[EXCLUDED]),
        "email": entry(mfa=False, sspr=True, include=["all"], exclude=[]),
        "software_oath": entry(mfa=True, sspr=True, include=[PILOT], exclude=[]),
        "temporary_access_pass": {
            **entry(mfa=True, sspr=False, include=[HELPDESK], exclude=[EXCLUDED]),
            "min_minutes": 60,
            "max_minutes": 480,
            "one_time_only": True,
        },
        "windows_hello": entry(mfa=True, sspr=False, include=["all"], exclude=[EXCLUDED]),
    },
    "mfa": {"enforced_for": ["all"]},
    "sspr": {"enabled_for": ["all"], "methods_required": 2},
    "system_preferred": {"enabled": True, "include": ["all"], "exclude": []},
    "campaign": {
        "state": "enabled",
        "method": "push",
        "include": ["all"],
        "exclude": [EXCLUDED],
        "snooze_days": 3,
        "limited_snoozes": True,
    },
}


def test_the_policy_fixture_maps_to_the_expected_document() -> None:
    result = policy_document_from_graph(
        graph_policy(),
        mfa={"enforced_for": ["all"]},
        sspr={"enabled_for": ["all"], "methods_required": 2},
    )
    assert result.value == FIXTURE_POLICY
    assert codes(result.warnings) == [
        ("assumed_default", "authenticationMethodConfigurations")  # Windows Hello
    ]


def test_without_mfa_and_sspr_arguments_the_defaults_apply_with_warnings() -> None:
    result = policy_document_from_graph(graph_policy())
    assert "mfa" not in result.value
    assert "sspr" not in result.value
    assert codes(result.warnings)[1:] == [("assumed_default", ""), ("assumed_default", "")]
    assert "nobody must register for MFA" in result.warnings[1].message
    assert "SSPR is enabled for nobody" in result.warnings[2].message


BETA_ONLY = ("systemCredentialPreferences", "reportSuspiciousActivitySettings")


def strip_beta(payload: dict[str, Any]) -> dict[str, Any]:
    """What a v1.0 tenant (the LIVE capture) returns: no beta-only property."""
    stripped = copy.deepcopy(payload)
    for key in BETA_ONLY:
        del stripped[key]
    campaign = stripped["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]
    del campaign["enforceRegistrationAfterAllowedSnoozes"]
    features = configuration(stripped, "MicrosoftAuthenticator")["featureSettings"]
    del features["numberMatchingRequiredState"], features["companionAppAllowedState"]
    stripped["authenticationMethodConfigurations"] = [
        item
        for item in stripped["authenticationMethodConfigurations"]
        if item["id"] != "HardwareOath"
    ]
    return stripped


def test_beta_fields_stripped_import_with_documented_defaults() -> None:
    result = policy_document_from_graph(
        strip_beta(graph_policy()),
        mfa={"enforced_for": ["all"]},
        sspr={"enabled_for": ["all"], "methods_required": 2},
    )
    # the same document: Microsoft managed system-preferred MFA is enabled for everyone, and
    # an absent enforceRegistrationAfterAllowedSnoozes means limited snoozes
    assert result.value == FIXTURE_POLICY
    assert codes(result.warnings) == [
        ("assumed_default", "authenticationMethodConfigurations"),
        ("assumed_default", "systemCredentialPreferences"),
    ]


def test_a_legacy_minimal_payload_imports() -> None:
    payload: dict[str, Any] = {"authenticationMethodConfigurations": []}
    result = policy_document_from_graph(payload, mfa={}, sspr={})
    assert result.value == {
        "schema": "secinfo/policy/1",
        "methods": {},
        "mfa": {},
        "sspr": {},
        "system_preferred": {"enabled": True, "include": ["all"], "exclude": []},
    }
    assert [w.code for w in result.warnings] == [
        WarningCode.LEGACY_POLICIES,
        WarningCode.ASSUMED_DEFAULT,
    ]


# --------------------------------------------------------------------------------------------
# Unknown enum members, unknown configuration types, unmodelled methods
# --------------------------------------------------------------------------------------------


def test_unknown_enum_members_are_warnings_with_a_conservative_reading() -> None:
    payload = graph_policy()
    campaign = payload["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]
    campaign["state"] = "unknownFutureValue"
    payload["systemCredentialPreferences"]["state"] = "unknownFutureValue"
    payload["policyMigrationState"] = "unknownFutureValue"
    configuration(payload, "Sms")["state"] = "unknownFutureValue"
    configuration(payload, "Email")["includeTargets"][0]["targetType"] = "unknownFutureValue"
    authenticator = configuration(payload, "MicrosoftAuthenticator")
    authenticator["includeTargets"][1]["authenticationMode"] = "somethingNew"
    configuration(payload, "Fido2")["keyRestrictions"]["enforcementType"] = "unknownFutureValue"
    result = policy_document_from_graph(payload, mfa={}, sspr={})
    methods = result.value["methods"]
    assert "sms" not in methods  # an unknown state: read as disabled
    assert "key_restrictions" not in methods["passkey"]  # an unknown enforcement: not applied
    assert methods["email"]["include"] == ["all"]  # an unknown target type: id kept
    assert methods["push"]["include"] == ["all", PILOT]  # an unknown mode: target kept
    assert result.value["campaign"]["state"] == "disabled"
    assert result.value["system_preferred"]["enabled"] is True
    configs = "authenticationMethodConfigurations"
    assert codes(result.warnings) == [
        ("unknown_value", "policyMigrationState"),
        ("unknown_value", f"{configs}.2.state"),
        ("unknown_value", f"{configs}.0.keyRestrictions.enforcementType"),
        ("approximated", f"{configs}.0.passkeyProfiles.0.keyRestrictions"),
        ("unknown_value", f"{configs}.1.includeTargets.1.authenticationMode"),
        ("unknown_value", f"{configs}.4.includeTargets.0.targetType"),
        ("assumed_default", configs),
        ("unknown_value", "systemCredentialPreferences.state"),
        (
            "unknown_value",
            "registrationEnforcement.authenticationMethodsRegistrationCampaign.state",
        ),
    ]
    assert "'unknownFutureValue' is not one of 'enabled', 'disabled'; read as disabled" in str(
        result.warnings[1]
    )


def test_unknown_configuration_types_are_ignored_with_a_warning() -> None:
    payload = graph_policy()
    payload["authenticationMethodConfigurations"].insert(
        0,
        config("quantumAuthenticationMethodConfiguration", "Quantum", futureSetting={"x": 1}),
    )
    result = policy_document_from_graph(payload, mfa={}, sspr={})
    assert result.value["methods"] == FIXTURE_POLICY["methods"]
    assert codes(result.warnings)[0] == (
        "unknown_configuration",
        "authenticationMethodConfigurations.0.@odata.type",
    )
    assert "'quantumAuthenticationMethodConfiguration' (id 'Quantum')" in str(result.warnings[0])


@pytest.mark.parametrize(
    ("odata", "name"),
    [
        ("qrCodePinAuthenticationMethodConfiguration", "QR code + PIN"),
        ("verifiableCredentialsAuthenticationMethodConfiguration", "Verified ID"),
        ("platformCredentialAuthenticationMethodConfiguration", "platform credentials"),
    ],
)
def test_unmodelled_methods_warn_only_when_enabled(odata: str, name: str) -> None:
    enabled = policy_document_from_graph(minimal(config(odata, "X")), mfa={}, sspr={})
    assert enabled.value["methods"] == {}
    assert codes(enabled.warnings) == [
        ("unmodelled_method", "authenticationMethodConfigurations.0")
    ]
    assert name in enabled.warnings[0].message
    disabled = policy_document_from_graph(
        minimal(config(odata, "X", state="disabled")), mfa={}, sspr={}
    )
    assert disabled.warnings == ()


def test_configuration_types_compare_case_insensitively() -> None:
    payload = minimal(config("SMSAuthenticationMethodConfiguration", "Sms"))
    assert methods_of(payload) == {"sms": entry(mfa=True, sspr=True, include=["all"], exclude=[])}


def test_warnings_about_a_disabled_configuration_are_not_reported() -> None:
    authenticator = config(
        "microsoftAuthenticatorAuthenticationMethodConfiguration",
        "MicrosoftAuthenticator",
        state="disabled",
    )
    authenticator["includeTargets"] = [{"id": "u1", "targetType": "user"}]
    result = policy_document_from_graph(minimal(authenticator), mfa={}, sspr={})
    assert result.value["methods"] == {}
    assert result.warnings == ()


# --------------------------------------------------------------------------------------------
# Configuration by configuration
# --------------------------------------------------------------------------------------------

ALL = ["all"]


def test_authenticator_codes_follow_is_software_oath_enabled() -> None:
    odata = "microsoftAuthenticatorAuthenticationMethodConfiguration"
    with_codes = methods_of(minimal(config(odata, "A", isSoftwareOathEnabled=True)))
    assert with_codes == {
        "push": entry(mfa=True, sspr=True, include=ALL, exclude=[]),
        "authenticator_code": entry(mfa=True, sspr=True, include=ALL, exclude=[]),
    }
    absent = policy_document_from_graph(minimal(config(odata, "A")), mfa={}, sspr={})
    assert list(absent.value["methods"]) == ["push"]
    assert codes(absent.warnings) == [
        ("assumed_default", "authenticationMethodConfigurations.0.isSoftwareOathEnabled")
    ]


def test_passwordless_phone_sign_in_targets_are_modelled_as_push() -> None:
    odata = "microsoftAuthenticatorAuthenticationMethodConfiguration"
    item = config(odata, "A", isSoftwareOathEnabled=False)
    item["includeTargets"] = [
        {"id": "g-pwless", "targetType": "group", "authenticationMode": "deviceBasedPush"}
    ]
    result = policy_document_from_graph(minimal(item), mfa={}, sspr={})
    assert result.value["methods"]["push"]["include"] == ["g-pwless"]
    assert codes(result.warnings) == [
        ("approximated", "authenticationMethodConfigurations.0.includeTargets.0.authenticationMode")
    ]


@pytest.mark.parametrize(
    ("office", "methods"),
    [
        (True, ["voice_mobile", "voice_alternate", "voice_office"]),
        (False, ["voice_mobile", "voice_alternate"]),
        (None, ["voice_mobile", "voice_alternate"]),
    ],
)
def test_voice_enables_office_phones_only_when_allowed(
    office: bool | None, methods: list[str]
) -> None:
    found = methods_of(
        minimal(
            config(
                "voiceAuthenticationMethodConfiguration",
                "Voice",
                isOfficePhoneAllowed=office,
                callerIdNumber=None,
            )
        )
    )
    assert list(found) == methods
    assert found["voice_alternate"] == entry(mfa=True, sspr=False, include=ALL, exclude=[])
    if office:
        assert found["voice_office"] == entry(mfa=True, sspr=True, include=ALL, exclude=[])


@pytest.mark.parametrize(
    ("odata", "method", "sspr"),
    [
        ("smsAuthenticationMethodConfiguration", "sms", True),
        ("emailAuthenticationMethodConfiguration", "email", True),
        ("softwareOathAuthenticationMethodConfiguration", "software_oath", True),
        ("hardwareOathAuthenticationMethodConfiguration", "hardware_oath", True),
        ("windowsHelloForBusinessAuthenticationMethodConfiguration", "windows_hello", False),
    ],
)
def test_simple_configurations(odata: str, method: str, sspr: bool) -> None:
    item = config(odata, "X")
    item["excludeTargets"] = [{"id": "g-x", "targetType": "group"}]
    assert methods_of(minimal(item)) == {
        method: entry(mfa=method != "email", sspr=sspr, include=ALL, exclude=["g-x"])
    }


def test_a_windows_hello_configuration_replaces_the_passkey_assumption() -> None:
    fido2 = config("fido2AuthenticationMethodConfiguration", "Fido2")
    hello = config("windowsHelloForBusinessAuthenticationMethodConfiguration", "WHfB")
    hello["includeTargets"] = [{"id": "g-devices", "targetType": "group"}]
    result = policy_document_from_graph(minimal(fido2, hello), mfa={}, sspr={})
    assert result.value["methods"]["windows_hello"]["include"] == ["g-devices"]
    assert result.warnings == ()


def test_passkey_settings() -> None:
    fido2 = config(
        "fido2AuthenticationMethodConfiguration",
        "Fido2",
        isSelfServiceRegistrationAllowed=False,
        keyRestrictions={
            "isEnforced": True,
            "enforcementType": "block",
            "aaGuids": [
                "CB69481E-8FF7-4039-93EC-0A2729A154A8",
                "cb69481e-8ff7-4039-93ec-0a2729a154a8",
            ],
        },
    )
    assert methods_of(minimal(fido2))["passkey"] == {
        **entry(mfa=True, sspr=False, include=ALL, exclude=[]),
        "self_service": False,
        "key_restrictions": {
            "enforcement": "block",
            "aaguids": ["cb69481e-8ff7-4039-93ec-0a2729a154a8"],
        },
    }


@pytest.mark.parametrize("enforced", [False, None])
def test_key_restrictions_that_are_not_enforced_are_left_out(enforced: bool | None) -> None:
    fido2 = config(
        "fido2AuthenticationMethodConfiguration",
        "Fido2",
        keyRestrictions={"isEnforced": enforced, "enforcementType": "allow", "aaGuids": KEYS},
    )
    assert methods_of(minimal(fido2))["passkey"] == entry(
        mfa=True, sspr=False, include=ALL, exclude=[]
    )


def test_passkey_profiles() -> None:
    payload = graph_policy()
    fido2 = configuration(payload, "Fido2")
    fido2["keyRestrictions"] = None
    fido2["passkeyProfiles"].append(
        {
            "id": "00000000-0000-0000-0000-000000000002",
            "name": "Admins",
            "passkeyTypes": "deviceBound",
            "attestationEnforcement": "registrationOnly",
            "keyRestrictions": {
                "isEnforced": True,
                "enforcementType": "allow",
                "aaGuids": KEYS[:1],
            },
        }
    )
    result = policy_document_from_graph(payload, mfa={}, sspr={})
    # the default profile's restrictions apply; the other profile's are an approximation
    assert result.value["methods"]["passkey"]["key_restrictions"] == {
        "enforcement": "allow",
        "aaguids": KEYS,
    }
    assert codes(result.warnings)[0] == (
        "approximated",
        "authenticationMethodConfigurations.0.passkeyProfiles.1.keyRestrictions",
    )
    assert "passkeyProfiles.0.keyRestrictions" in result.warnings[0].message


def test_tap_lifetimes_and_one_time_only() -> None:
    tap = config(
        "temporaryAccessPassAuthenticationMethodConfiguration",
        "TemporaryAccessPass",
        minimumLifetimeInMinutes=10,
        maximumLifetimeInMinutes=43200,
        isUsableOnce=False,
        defaultLifetimeInMinutes=60,
        defaultLength=8,
    )
    assert methods_of(minimal(tap)) == {
        "temporary_access_pass": {
            **entry(mfa=True, sspr=False, include=ALL, exclude=[]),
            "min_minutes": 10,
            "max_minutes": 43200,
            "one_time_only": False,
        }
    }
    bare = config("temporaryAccessPassAuthenticationMethodConfiguration", "TemporaryAccessPass")
    assert methods_of(minimal(bare)) == {
        "temporary_access_pass": entry(mfa=True, sspr=False, include=ALL, exclude=[])
    }


def test_certificates_count_only_in_multi_factor_mode() -> None:
    odata = "x509CertificateAuthenticationMethodConfiguration"
    multi = config(
        odata,
        "X509Certificate",
        authenticationModeConfiguration={
            "x509CertificateAuthenticationDefaultMode": "x509CertificateMultiFactor",
            "rules": [
                {
                    "x509CertificateRuleType": "policyOID",
                    "identifier": "1.2.3",
                    "x509CertificateAuthenticationMode": "x509CertificateSingleFactor",
                }
            ],
        },
    )
    result = policy_document_from_graph(minimal(multi), mfa={}, sspr={})
    assert result.value["methods"] == {
        "certificate": entry(mfa=True, sspr=False, include=ALL, exclude=[])
    }
    assert codes(result.warnings) == [
        (
            "approximated",
            "authenticationMethodConfigurations.0.authenticationModeConfiguration.rules",
        )
    ]
    single = policy_document_from_graph(minimal(config(odata, "X509Certificate")), mfa={}, sspr={})
    assert single.value["methods"] == {}
    assert codes(single.warnings) == [("approximated", "authenticationMethodConfigurations.0")]


def test_each_external_method_is_a_provider() -> None:
    odata = "externalAuthenticationMethodConfiguration"
    first = config(odata, "0b1c2d3e-contoso-mfa", displayName="Contoso MFA", appId="a")
    first["excludeTargets"] = [{"id": "g-x", "targetType": "group"}]
    second = config(odata, "7f00aa00-fabrikam", displayName="Fabrikam MFA", appId="b")
    second["includeTargets"] = [{"id": "g-partners", "targetType": "group"}]
    second["excludeTargets"] = [{"id": "g-x", "targetType": "group"}]
    off = config(odata, "disabled-provider", state="disabled", displayName="Off", appId="c")
    result = policy_document_from_graph(minimal(first, off, second), mfa={}, sspr={})
    assert result.value["methods"] == {
        "external_authentication": {
            **entry(mfa=True, sspr=False, include=["all", "g-partners"], exclude=["g-x"]),
            "providers": ["0b1c2d3e-contoso-mfa", "7f00aa00-fabrikam"],
        }
    }
    assert codes(result.warnings) == [("approximated", "authenticationMethodConfigurations.2")]
    only_off = policy_document_from_graph(minimal(off), mfa={}, sspr={})
    assert only_off.value["methods"] == {}


def test_user_targets_are_kept_as_group_ids_with_a_warning() -> None:
    sms = config("smsAuthenticationMethodConfiguration", "Sms")
    sms["includeTargets"] = [
        {"id": "all_users", "targetType": "group"},
        {"id": "u-42", "targetType": "user", "isRegistrationRequired": False},
        {"id": "ALL_USERS", "targetType": "group"},
    ]
    result = policy_document_from_graph(minimal(sms), mfa={}, sspr={})
    assert result.value["methods"]["sms"]["include"] == ["all", "u-42"]
    assert codes(result.warnings) == [
        ("user_target", "authenticationMethodConfigurations.0.includeTargets.1.id")
    ]


# --------------------------------------------------------------------------------------------
# Campaign, system-preferred MFA, reconfirmation, migration state
# --------------------------------------------------------------------------------------------


def campaign_payload(**campaign: Any) -> dict[str, Any]:
    body = {"state": "enabled", "snoozeDurationInDays": 0, "excludeTargets": [], **campaign}
    return minimal(registrationEnforcement={"authenticationMethodsRegistrationCampaign": body})


def test_a_passkey_campaign() -> None:
    payload = campaign_payload(
        state="default",
        enforceRegistrationAfterAllowedSnoozes=False,
        includeTargets=[
            {"id": "g1", "targetType": "group", "targetedAuthenticationMethod": "Fido2"}
        ],
    )
    result = policy_document_from_graph(payload, mfa={}, sspr={})
    assert result.value["campaign"] == {
        "state": "default",
        "method": "passkey",
        "include": ["g1"],
        "exclude": [],
        "snooze_days": 0,
        "limited_snoozes": False,
    }
    assert result.warnings == ()


def test_campaign_targets_asking_for_another_method_are_left_out() -> None:
    payload = campaign_payload(
        includeTargets=[
            {
                "id": "g1",
                "targetType": "group",
                "targetedAuthenticationMethod": "microsoftAuthenticator",
            },
            {"id": "g2", "targetType": "group", "targetedAuthenticationMethod": "fido2"},
            {"id": "g3", "targetType": "group", "targetedAuthenticationMethod": "quantumKey"},
        ]
    )
    result = policy_document_from_graph(payload, mfa={}, sspr={})
    assert result.value["campaign"]["method"] == "push"
    assert result.value["campaign"]["include"] == ["g1"]
    where = "registrationEnforcement.authenticationMethodsRegistrationCampaign.includeTargets"
    assert codes(result.warnings) == [
        ("approximated", f"{where}.1.targetedAuthenticationMethod"),
        ("unknown_value", f"{where}.2.targetedAuthenticationMethod"),
    ]


def test_system_preferred_mfa_states() -> None:
    for state, enabled in (("default", True), ("enabled", True), ("disabled", False)):
        payload = minimal()
        payload["systemCredentialPreferences"] = {
            "state": state,
            "includeTargets": [{"id": "g1", "targetType": "group"}],
            "excludeTargets": [{"id": "g2", "targetType": "group"}],
        }
        result = policy_document_from_graph(payload, mfa={}, sspr={})
        assert result.value["system_preferred"] == {
            "enabled": enabled,
            "include": ["g1"],
            "exclude": ["g2"],
        }


def test_reconfirmation_days_fill_sspr_and_the_sspr_argument_wins() -> None:
    payload = minimal(reconfirmationInDays=90)
    alone = policy_document_from_graph(payload, mfa={}, sspr={"enabled_for": ["all"]})
    assert alone.value["sspr"] == {"enabled_for": ["all"], "reconfirm_days": 90}
    assert alone.warnings == ()
    without = policy_document_from_graph(payload, mfa={})
    assert without.value["sspr"] == {"reconfirm_days": 90}
    same = policy_document_from_graph(payload, mfa={}, sspr={"reconfirm_days": 90})
    assert same.warnings == ()
    overridden = policy_document_from_graph(payload, mfa={}, sspr={"reconfirm_days": 30})
    assert overridden.value["sspr"] == {"reconfirm_days": 30}
    assert codes(overridden.warnings) == [("overridden", "reconfirmationInDays")]


@pytest.mark.parametrize("state", ["preMigration", "migrationInProgress", None])
def test_legacy_policies_are_a_warning(state: str | None) -> None:
    payload = minimal(policyMigrationState=state)
    result = policy_document_from_graph(payload, mfa={}, sspr={})
    assert codes(result.warnings) == [("legacy_policies", "policyMigrationState")]


# --------------------------------------------------------------------------------------------
# Keyword arguments
# --------------------------------------------------------------------------------------------


def test_keyword_sections_accept_mappings_and_model_values() -> None:
    result = policy_document_from_graph(
        minimal(),
        mfa=MfaSettings(enforced_for=["g1"], methods_required=2),
        sspr={"enabled_for": ["all"]},
        registration_strength={"methods": ["passkey"]},
        settings={"bootstrap": "temporary_access_pass", "step_up": {"session_minutes": 10}},
    )
    assert result.value["mfa"] == {
        "enforced_for": ["g1"],
        "exclude": [],
        "methods_required": 2,
        "grace_days": 0,
    }
    assert result.value["sspr"] == {"enabled_for": ["all"]}
    assert result.value["registration_strength"] == {"methods": ["passkey"]}
    assert result.value["bootstrap"] == "temporary_access_pass"
    assert result.value["step_up"] == {"session_minutes": 10}


@pytest.mark.parametrize(
    ("keywords", "field", "wrong_type"),
    [
        ({"mfa": ["all"]}, "mfa", True),
        ({"sspr": SystemPreferred()}, "sspr", True),
        ({"mfa": {1: 2}}, "mfa", True),
        ({"settings": {"methods": {}}}, "settings", False),
        ({"settings": {"campaign": {}}}, "settings", False),
        ({"settings": {"mfa": {}}}, "settings", False),
        ({"settings": "bootstrap"}, "settings", True),
        ({"settings": {2: "x"}}, "settings", True),
    ],
)
def test_bad_keyword_arguments(keywords: dict[str, Any], field: str, wrong_type: bool) -> None:
    with pytest.raises(InvalidArgument) as caught:
        policy_document_from_graph(minimal(), **keywords)
    assert caught.value.path == field
    assert isinstance(caught.value, TypeError) == wrong_type


def test_the_document_layer_does_not_change_its_arguments() -> None:
    payload = graph_policy()
    before = copy.deepcopy(payload)
    sspr = {"enabled_for": ["all"]}
    policy_document_from_graph(minimal(reconfirmationInDays=30), sspr=sspr)
    policy_document_from_graph(payload, sspr=sspr)
    assert payload == before
    assert sspr == {"enabled_for": ["all"]}


# --------------------------------------------------------------------------------------------
# Malformed policy payloads
# --------------------------------------------------------------------------------------------

C = "authenticationMethodConfigurations"


def broken(change: Any) -> dict[str, Any]:
    payload = graph_policy()
    change(payload)
    return payload


MALFORMED_POLICIES = [
    ([], ""),
    ({}, C),
    ({C: {"x": 1}}, C),
    (broken(lambda p: p[C].append("Sms")), f"{C}.11"),
    (broken(lambda p: p[C][2].pop("@odata.type")), f"{C}.2.@odata.type"),
    (broken(lambda p: p[C][2].update({"@odata.type": 7})), f"{C}.2.@odata.type"),
    (broken(lambda p: p[C][2].pop("state")), f"{C}.2.state"),
    (broken(lambda p: p[C][2].update({"state": True})), f"{C}.2.state"),
    (broken(lambda p: p[C][2]["includeTargets"][0].pop("id")), f"{C}.2.includeTargets.0.id"),
    (broken(lambda p: p[C][2].update({"excludeTargets": {}})), f"{C}.2.excludeTargets"),
    (
        broken(lambda p: p[C][0]["keyRestrictions"]["aaGuids"].append("yubikey")),
        f"{C}.0.keyRestrictions.aaGuids.3",
    ),
    (
        broken(lambda p: p[C][0]["keyRestrictions"].pop("enforcementType")),
        f"{C}.0.keyRestrictions.enforcementType",
    ),
    (
        broken(lambda p: p[C][0].update({"isSelfServiceRegistrationAllowed": "yes"})),
        f"{C}.0.isSelfServiceRegistrationAllowed",
    ),
    (
        broken(lambda p: p[C][7].update({"minimumLifetimeInMinutes": 600})),
        f"{C}.7.maximumLifetimeInMinutes",
    ),
    (
        broken(lambda p: p[C][7].update({"maximumLifetimeInMinutes": 50_000})),
        f"{C}.7.maximumLifetimeInMinutes",
    ),
    (broken(lambda p: p[C][7].update({"isUsableOnce": 1})), f"{C}.7.isUsableOnce"),
    (broken(lambda p: p[C].append(copy.deepcopy(p[C][2]))), f"{C}.11"),
    (broken(lambda p: p.update({"reconfirmationInDays": 1000})), "reconfirmationInDays"),
    (broken(lambda p: p.update({"reconfirmationInDays": 9.5})), "reconfirmationInDays"),
    (
        broken(
            lambda p: p["registrationEnforcement"].update(
                {"authenticationMethodsRegistrationCampaign": []}
            )
        ),
        "registrationEnforcement.authenticationMethodsRegistrationCampaign",
    ),
    (
        broken(
            lambda p: p["registrationEnforcement"][
                "authenticationMethodsRegistrationCampaign"
            ].update({"snoozeDurationInDays": 15})
        ),
        "registrationEnforcement.authenticationMethodsRegistrationCampaign.snoozeDurationInDays",
    ),
    (
        broken(
            lambda p: p["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"][
                "includeTargets"
            ][0].pop("targetedAuthenticationMethod")
        ),
        "registrationEnforcement.authenticationMethodsRegistrationCampaign.includeTargets.0"
        ".targetedAuthenticationMethod",
    ),
    (
        broken(lambda p: p.update({"systemCredentialPreferences": "default"})),
        "systemCredentialPreferences",
    ),
    (broken(lambda p: p.update({"policyMigrationState": 3})), "policyMigrationState"),
]


@pytest.mark.parametrize(("payload", "path"), MALFORMED_POLICIES)
def test_malformed_policy_payloads_name_the_path(payload: Any, path: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        policy_document_from_graph(payload, mfa={}, sspr={})
    assert caught.value.path == path


def test_a_second_configuration_of_a_type_is_refused_with_both_paths() -> None:
    payload = broken(lambda p: p[C].append(copy.deepcopy(p[C][2])))
    with pytest.raises(
        InvalidDocument,
        match=rf"a second smsAuthenticationMethodConfiguration \(the first is at {C}\.2\)",
    ):
        policy_document_from_graph(payload, mfa={}, sspr={})


def test_configuration_tables_agree_with_the_method_table() -> None:
    for methods in CONFIGURATIONS.values():
        for method in methods:
            assert capability(method) == (
                Method(method).capable(Purpose.MFA),
                Method(method).capable(Purpose.SSPR),
            )
    covered = {method for methods in CONFIGURATIONS.values() for method in methods}
    # every method but the SSPR-only security questions (legacy SSPR policy) has a configuration
    assert {m.value for m in Method} - covered == {"security_questions"}


# --------------------------------------------------------------------------------------------
# Users: the fixture
# --------------------------------------------------------------------------------------------

FIXTURE_USER: dict[str, Any] = {
    "schema": "secinfo/user/1",
    "user_id": USER,
    "groups": [PILOT],
    "registrations": [
        {
            "kind": "mobile_phone",
            "id": "3179e48a-750b-4051-897c-87b9720928f7",
            "registered_at": "2026-03-05T00:00:00Z",
            "registered_by": "user",
            "number": "+12065555555",
            "verified_with": "sms",
        },
        {
            "kind": "office_phone",
            "id": "e37fc753-ff3b-4958-9484-eaa9425c82bc",
            "registered_at": "2026-03-05T00:00:00Z",
            "registered_by": "admin",
            "number": "+14255550123",
            "extension": "4501",
        },
        {
            "kind": "authenticator_app",
            "id": "6803c096-c096-6803-96c0-036896c00368",
            "registered_at": "2025-09-18T15:02:44Z",
            "registered_by": "user",
            "device_name": "iPhone 15 Pro",
            "notifications": True,
        },
        {
            "kind": "software_oath",
            "id": "b172893e-893e-b172-3e89-72b13e8972b1",
            "registered_at": "2025-09-18T15:03:10Z",
            "registered_by": "user",
            "name": "Software OATH token",
        },
        {
            "kind": "passkey",
            "id": "-2_GRUg2-HYz6_1YG4YRAQ2",
            "registered_at": "2026-01-12T10:21:05Z",
            "registered_by": "user",
            "name": "YubiKey 5 NFC",
            "aaguid": "2fc0579f-8113-47ea-b116-bb5a8db9202a",
        },
        {
            "kind": "email",
            "id": "3ddfcfc8-9383-446f-83cc-3ab9be4be18f",
            "registered_at": "2026-03-05T00:00:00Z",
            "registered_by": "user",
            "address": "megan.bowen@fabrikam.example",
        },
    ],
    "preferred": "push",
}


def import_user(methods: Any, preferences: Any = None, **keywords: Any) -> Any:
    keywords.setdefault("user_id", "u1")
    keywords.setdefault("imported_at", NOW)
    return user_document_from_graph(methods, sign_in_preferences=preferences, **keywords)


def test_the_user_fixture_maps_to_the_expected_document() -> None:
    result = import_user(
        fixture("user-authentication-methods.v1.json"),
        fixture("user-sign-in-preferences.beta.json"),
        user_id=USER,
        groups=[PILOT, PILOT],
    )
    assert result.value == FIXTURE_USER
    assert result.warnings == ()


def test_a_bare_list_and_a_response_object_import_alike_with_their_own_paths() -> None:
    response = fixture("user-authentication-methods.v1.json")
    assert import_user(response["value"]).value == import_user(response).value
    response["value"][3]["displayName"] = 42
    with pytest.raises(InvalidDocument) as in_response:
        import_user(response)
    assert in_response.value.path == "value.3.displayName"
    with pytest.raises(InvalidDocument) as in_list:
        import_user(response["value"])
    assert in_list.value.path == "3.displayName"


def phone(number: str, phone_type: str = "mobile", method_id: str = "p1") -> dict[str, Any]:
    return {
        "@odata.type": PHONE_TYPE,
        "id": method_id,
        "phoneNumber": number,
        "phoneType": phone_type,
        "smsSignInState": "notSupported",
    }


@pytest.mark.parametrize(
    ("graph", "kind", "fields"),
    [
        (
            "+1 2065550123",
            "mobile",
            {"kind": "mobile_phone", "number": "+12065550123", "verified_with": "sms"},
        ),
        ("+1 2065550123", "alternateMobile", {"kind": "alternate_phone", "number": "+12065550123"}),
        (
            "+1 4255550123x123",
            "office",
            {
                "kind": "office_phone",
                "number": "+14255550123",
                "extension": "123",
                "registered_by": "admin",
            },
        ),
        (
            "+1 4255550123 x123",
            "office",
            {
                "kind": "office_phone",
                "number": "+14255550123",
                "extension": "123",
                "registered_by": "admin",
            },
        ),
        (
            "+1 4255550123",
            "office",
            {
                "kind": "office_phone",
                "number": "+14255550123",
                "extension": None,
                "registered_by": "admin",
            },
        ),
        (
            "+447911123456",
            "mobile",
            {"kind": "mobile_phone", "number": "+447911123456", "verified_with": "sms"},
        ),
    ],
)
def test_phones(graph: str, kind: str, fields: dict[str, Any]) -> None:
    result = import_user([phone(graph, kind)])
    assert result.value["registrations"] == [
        {"id": "p1", "registered_at": "2026-03-05T00:00:00Z", "registered_by": "user", **fields}
    ]
    assert result.warnings == ()


def test_a_trunk_prefix_is_dropped_with_a_warning() -> None:
    result = import_user([phone("+44 07911123456")])
    assert result.value["registrations"][0]["number"] == "+447911123456"
    assert codes(result.warnings) == [("phone_normalised", "0.phoneNumber")]
    assert "07911123456" not in str(result.warnings[0])


def test_a_number_the_phone_rules_refuse_is_imported_with_a_warning() -> None:
    result = import_user([phone("+1 9005550123")])  # premium rate
    assert result.value["registrations"][0]["number"] == "+19005550123"
    assert codes(result.warnings) == [("phone_questionable", "0.phoneNumber")]
    assert "premium_rate" in result.warnings[0].message
    assert "9005550123" not in str(result.warnings[0])


def test_an_extension_on_a_mobile_phone_is_dropped_with_a_warning() -> None:
    result = import_user([phone("+1 2065550123x12")])
    assert result.value["registrations"][0]["number"] == "+12065550123"
    assert "extension" not in result.value["registrations"][0]
    assert codes(result.warnings) == [("extension_dropped", "0.phoneNumber")]


def test_an_unknown_phone_type_is_ignored_with_a_warning() -> None:
    result = import_user([phone("+1 2065550123", "unknownFutureValue")])
    assert result.value["registrations"] == []
    assert codes(result.warnings) == [("unknown_value", "0.phoneType")]


@pytest.mark.parametrize(
    ("preference", "channel"),
    [
        ("voiceMobile", "voice_mobile"),
        ("sms", "sms"),
        ("push", "sms"),
        (None, "sms"),
    ],
)
def test_the_mobile_phone_channel_follows_the_preference(
    preference: str | None, channel: str
) -> None:
    result = import_user(
        [phone("+1 2065550123")],
        {"userPreferredMethodForSecondaryAuthentication": preference},
    )
    assert result.value["registrations"][0]["verified_with"] == channel


APP = {
    "@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
    "id": "a1",
    "displayName": "Pixel 9",
}
SOFTWARE = {
    "@odata.type": "#microsoft.graph.softwareOathAuthenticationMethod",
    "id": "s1",
    "secretKey": None,
}
HARDWARE = {
    "@odata.type": "#microsoft.graph.hardwareOathAuthenticationMethod",
    "id": "h1",
    "device": {"serialNumber": "SN-1234", "displayName": None},
}


@pytest.mark.parametrize(
    ("methods", "preference", "preferred"),
    [
        ([APP], "push", "push"),
        ([HARDWARE, SOFTWARE, APP], "oath", "authenticator_code"),
        ([HARDWARE, SOFTWARE], "oath", "software_oath"),
        ([HARDWARE], "OATH", "hardware_oath"),
        ([phone("+1 2065550123")], "voiceMobile", "voice_mobile"),
        ([phone("+1 2065550123")], "sms", "sms"),
        ([phone("+1 2065550123", "alternateMobile")], "voiceAlternateMobile", "voice_alternate"),
        ([phone("+1 2065550123", "office")], "voiceOffice", "voice_office"),
        ([APP], "", None),
        ([APP], "none", None),
        ([APP], None, None),
    ],
)
def test_preferences(methods: list[Any], preference: str | None, preferred: str | None) -> None:
    result = import_user(
        methods,
        {
            "userPreferredMethodForSecondaryAuthentication": preference,
            "isSystemPreferredAuthenticationMethodEnabled": True,
        },
    )
    assert result.value["preferred"] == preferred
    assert result.warnings == ()


def test_preferences_the_user_does_not_hold() -> None:
    oath = import_user([], {"userPreferredMethodForSecondaryAuthentication": "oath"})
    assert oath.value["preferred"] is None
    assert codes(oath.warnings) == [
        ("preference_not_held", "userPreferredMethodForSecondaryAuthentication")
    ]
    sms = import_user([APP], {"userPreferredMethodForSecondaryAuthentication": "sms"})
    assert sms.value["preferred"] == "sms"
    assert codes(sms.warnings) == [
        ("preference_not_held", "userPreferredMethodForSecondaryAuthentication")
    ]
    unknown = import_user(
        [APP], {"userPreferredMethodForSecondaryAuthentication": "unknownFutureValue"}
    )
    assert unknown.value["preferred"] is None
    assert codes(unknown.warnings) == [
        ("unknown_value", "userPreferredMethodForSecondaryAuthentication")
    ]


def test_other_method_types() -> None:
    methods = [
        {
            "@odata.type": "#microsoft.graph.passwordAuthenticationMethod",
            "id": "28c10230-6103-485e-b985-444c60001490",
            "password": None,
            "createdDateTime": None,
        },
        HARDWARE,
        {
            "@odata.type": "#microsoft.graph.windowsHelloForBusinessAuthenticationMethod",
            "id": "w1",
            "displayName": "LAPTOP-42",
            "keyStrength": "normal",
            "createdDateTime": "2025-01-02T03:04:05.1234567Z",
        },
        {
            "@odata.type": "#microsoft.graph.fido2AuthenticationMethod",
            "id": "f1",
            "displayName": None,
            "model": "Feitian ePass",
            "aaGuid": None,
        },
        {
            "@odata.type": "#microsoft.graph.fido2AuthenticationMethod",
            "id": "f2",
            "displayName": "",
            "model": None,
        },
        {
            "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
            "id": "t1",
            "createdDateTime": "2026-03-04T08:00:00Z",
            "startDateTime": "2026-03-04T09:00:00Z",
            "lifetimeInMinutes": 60,
            "isUsableOnce": True,
            "isUsable": False,
            "methodUsabilityReason": "OneTimeUsed",
            "temporaryAccessPass": None,
        },
        {
            "@odata.type": "#microsoft.graph.externalAuthenticationMethod",
            "id": "x1",
            "configurationId": "0b1c2d3e-contoso-mfa",
            "displayName": "Contoso MFA",
        },
        {
            "@odata.type": "#microsoft.graph.platformCredentialAuthenticationMethod",
            "id": "pc",
            "displayName": "MacBook",
            "keyStrength": "normal",
            "platform": "macOS",
        },
        {"@odata.type": "#microsoft.graph.holographicAuthenticationMethod", "id": "future"},
    ]
    result = import_user({"value": methods, "@odata.nextLink": "https://graph.microsoft.com/…"})
    assert result.value["registrations"] == [
        {
            "kind": "hardware_oath",
            "id": "h1",
            "registered_at": "2026-03-05T00:00:00Z",
            "registered_by": "admin",
            "serial": "SN-1234",
        },
        {
            "kind": "windows_hello",
            "id": "w1",
            "registered_at": "2025-01-02T03:04:05.123456Z",
            "registered_by": "user",
            "device_name": "LAPTOP-42",
        },
        {
            "kind": "passkey",
            "id": "f1",
            "registered_at": "2026-03-05T00:00:00Z",
            "registered_by": "user",
            "name": "Feitian ePass",
        },
        {
            "kind": "passkey",
            "id": "f2",
            "registered_at": "2026-03-05T00:00:00Z",
            "registered_by": "user",
            "name": "Passkey",
        },
        {
            "kind": "temporary_access_pass",
            "id": "t1",
            "registered_at": "2026-03-04T08:00:00Z",
            "registered_by": "admin",
            "starts_at": "2026-03-04T09:00:00Z",
            "expires_at": "2026-03-04T10:00:00Z",
            "one_time": True,
            "used": True,
        },
        {
            "kind": "external_authentication",
            "id": "x1",
            "registered_at": "2026-03-05T00:00:00Z",
            "registered_by": "user",
            "provider": "0b1c2d3e-contoso-mfa",
            "display_name": "Contoso MFA",
        },
    ]
    assert codes(result.warnings) == [
        ("more_pages", "@odata.nextLink"),
        ("unmodelled_method", "value.7.@odata.type"),
        ("unknown_method", "value.8.@odata.type"),
    ]


def test_a_tap_without_a_start_starts_when_created_or_when_imported() -> None:
    tap = {
        "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
        "id": "t1",
        "lifetimeInMinutes": 480,
        "isUsableOnce": False,
    }
    imported = import_user([tap]).value["registrations"][0]
    assert (imported["starts_at"], imported["expires_at"]) == (
        "2026-03-05T00:00:00Z",
        "2026-03-05T08:00:00Z",
    )
    assert (imported["one_time"], imported["used"]) == (False, False)
    created = import_user([{**tap, "createdDateTime": "2026-03-01T00:00:00Z"}])
    assert created.value["registrations"][0]["starts_at"] == "2026-03-01T00:00:00Z"


def test_hardware_tokens_without_a_device_use_their_display_name_or_id() -> None:
    bare = {"@odata.type": "#microsoft.graph.hardwareOathAuthenticationMethod", "id": "h9"}
    assert import_user([bare]).value["registrations"][0]["serial"] == "h9"


def test_long_labels_are_shortened_with_a_warning() -> None:
    result = import_user([{**APP, "displayName": "x" * 300}])
    assert result.value["registrations"][0]["device_name"] == "x" * 256
    assert codes(result.warnings) == [("label_shortened", "0.displayName")]


def test_the_user_id_and_groups_are_written_as_given() -> None:
    result = import_user([], user_id="alice@contoso.example", groups=("g2", "g1", "g2"))
    assert result.value == {
        "schema": "secinfo/user/1",
        "user_id": "alice@contoso.example",
        "groups": ["g1", "g2"],
        "registrations": [],
        "preferred": None,
    }


# --------------------------------------------------------------------------------------------
# Malformed methods
# --------------------------------------------------------------------------------------------

MALFORMED_METHODS = [
    ("not a list", ""),
    ({"@odata.context": "…"}, "value"),
    ({"value": [3]}, "value.0"),
    ({"value": [{"id": "x"}]}, "value.0.@odata.type"),
    (
        {
            "value": [
                {"@odata.type": PHONE_TYPE, "phoneNumber": "+1 2065550123", "phoneType": "mobile"}
            ]
        },
        "value.0.id",
    ),
    ({"value": [APP, {**APP, "displayName": "again"}]}, "value.1.id"),
    ({"value": [{**phone("+1 2065550123"), "phoneType": None}]}, "value.0.phoneType"),
    ({"value": [APP, SOFTWARE, HARDWARE, phone("2065550123")]}, "value.3.phoneNumber"),
    ({"value": [phone("+1 XXXXXXXX23")]}, "value.0.phoneNumber"),
    ({"value": [phone("+1 206-555-0123")]}, "value.0.phoneNumber"),
    ({"value": [phone("+1 2065550123x12345678901")]}, "value.0.phoneNumber"),
    ({"value": [phone("+0 12345678")]}, "value.0.phoneNumber"),
    ({"value": [{**phone("+1 2065550123"), "phoneNumber": 12065550123}]}, "value.0.phoneNumber"),
    ({"value": [{**APP, "createdDateTime": "2025-09-18 15:02:44"}]}, "value.0.createdDateTime"),
    ({"value": [{**APP, "createdDateTime": "2025-09-18T15:02:44"}]}, "value.0.createdDateTime"),
    (
        {
            "value": [
                {
                    "@odata.type": "#microsoft.graph.emailAuthenticationMethod",
                    "id": "e",
                    "emailAddress": "not an address",
                }
            ]
        },
        "value.0.emailAddress",
    ),
    (
        {"value": [{"@odata.type": "#microsoft.graph.emailAuthenticationMethod", "id": "e"}]},
        "value.0.emailAddress",
    ),
    (
        {
            "value": [
                {
                    "@odata.type": "#microsoft.graph.fido2AuthenticationMethod",
                    "id": "f",
                    "aaGuid": "yubikey",
                }
            ]
        },
        "value.0.aaGuid",
    ),
    (
        {
            "value": [
                {
                    "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
                    "id": "t",
                }
            ]
        },
        "value.0.lifetimeInMinutes",
    ),
    (
        {
            "value": [
                {
                    "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
                    "id": "t",
                    "lifetimeInMinutes": 5,
                }
            ]
        },
        "value.0.lifetimeInMinutes",
    ),
    (
        {
            "value": [
                {
                    "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
                    "id": "t",
                    "lifetimeInMinutes": 60,
                    "startDateTime": "9999-12-31T23:00:00Z",
                }
            ]
        },
        "value.0.startDateTime",
    ),
    (
        {
            "value": [
                {
                    "@odata.type": "#microsoft.graph.externalAuthenticationMethod",
                    "id": "x",
                    "displayName": "Contoso",
                }
            ]
        },
        "value.0.configurationId",
    ),
    ({"value": [{**APP, "id": "x" * 129}]}, "value.0.id"),
]


@pytest.mark.parametrize(("methods", "path"), MALFORMED_METHODS)
def test_malformed_methods_name_the_path(methods: Any, path: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        import_user(methods)
    assert caught.value.path == path


def test_error_messages_mask_phone_numbers() -> None:
    for text in ("+1 XXXXXXXX23", "2065550123", "+1 206-555-0123", "+1 2065550123x12345678901"):
        with pytest.raises(InvalidDocument) as caught:
            import_user({"value": [phone(text)]})
        assert "2065550123" not in str(caught.value)
        assert "206-555" not in str(caught.value)
    with pytest.raises(InvalidDocument, match="is masked: export the methods with a role"):
        import_user([phone("+1 XXXXXXXX23")])


def test_malformed_sign_in_preferences() -> None:
    with pytest.raises(InvalidDocument) as caught:
        import_user([], "push")
    assert caught.value.path == ""
    with pytest.raises(InvalidDocument) as wrong_type:
        import_user([], {"userPreferredMethodForSecondaryAuthentication": 1})
    assert wrong_type.value.path == "userPreferredMethodForSecondaryAuthentication"


@pytest.mark.parametrize(
    ("keywords", "field", "wrong_type"),
    [
        ({"user_id": ""}, "user_id", False),
        ({"user_id": "u" * 257}, "user_id", False),
        ({"user_id": 7}, "user_id", True),
        ({"imported_at": datetime(2026, 3, 5)}, "imported_at", False),
        ({"imported_at": "2026-03-05T00:00:00Z"}, "imported_at", True),
        ({"groups": "g1"}, "groups", True),
        ({"groups": 3}, "groups", True),
        ({"groups": ["g1", ""]}, "groups", False),
        ({"groups": [1]}, "groups", True),
    ],
)
def test_bad_user_arguments(keywords: dict[str, Any], field: str, wrong_type: bool) -> None:
    with pytest.raises(InvalidArgument) as caught:
        import_user([], **keywords)
    assert caught.value.path == field
    assert isinstance(caught.value, TypeError) == wrong_type


# --------------------------------------------------------------------------------------------
# registration_details
# --------------------------------------------------------------------------------------------

REPORT_KEYS = {
    "id",
    "isMfaRegistered",
    "isMfaCapable",
    "isSsprRegistered",
    "isSsprEnabled",
    "isSsprCapable",
    "isPasswordlessCapable",
    "methodsRegistered",
    "defaultMfaMethod",
    "isSystemPreferredAuthenticationMethodEnabled",
    "systemPreferredAuthenticationMethods",
    "userPreferredMethodForSecondaryAuthentication",
    "lastUpdatedDateTime",
}
T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)


def test_registration_details_keys_are_graphs() -> None:
    graph_row = fixture("user-registration-details.beta.json")["value"][0]
    assert set(graph_row) >= REPORT_KEYS
    directory_only = {"userPrincipalName", "userDisplayName", "userType", "isAdmin"}
    assert set(graph_row) - REPORT_KEYS == directory_only


def test_registration_details_of_a_user_with_nothing() -> None:
    row = registration_details(TenantPolicy(), UserState(user_id="guest"), now=NOW)
    guest = fixture("user-registration-details.beta.json")["value"][1]
    assert row == {
        "id": "guest",
        **{
            key: guest[key]
            for key in REPORT_KEYS
            - {"id", "lastUpdatedDateTime", "isSystemPreferredAuthenticationMethodEnabled"}
        },
        "isSystemPreferredAuthenticationMethodEnabled": False,
        "lastUpdatedDateTime": "2026-03-05T00:00:00.0000000Z",
    }


def test_registration_details_of_a_phone_and_app_user() -> None:
    policy = TenantPolicy(
        methods=[
            MethodSetting(method=m, mfa=True, sspr=m.capable(Purpose.SSPR))
            for m in (
                Method.PUSH,
                Method.AUTHENTICATOR_CODE,
                Method.SMS,
                Method.VOICE_MOBILE,
                Method.PASSKEY,
            )
        ]
        + [MethodSetting(method=Method.EMAIL, sspr=True)],
        sspr=SsprSettings(enabled_for=["g-staff"], methods_required=2),
        system_preferred=SystemPreferred(enabled=True, exclude=["g-legacy"]),
    )
    user = UserState(
        user_id="u1",
        groups=["g-staff"],
        preferred="voice_mobile",
        registrations=[
            MobilePhone(id="m", registered_at=T0, number="+14255550134"),
            OfficePhone(id="o", registered_at=T0, number="+14255550135", registered_by="admin"),
            AuthenticatorApp(id="a", registered_at=T0, device_name="Pixel", notifications=True),
            AuthenticatorApp(id="b", registered_at=T0, device_name="iPad", notifications=False),
            SoftwareOath(id="s", registered_at=T0, name="Authy"),
            Passkey(id="k", registered_at=T0, name="YubiKey"),
            Email(id="e", registered_at=T0, address="u1@example.com"),
            TemporaryAccessPass(
                id="t",
                registered_at=T0,
                starts_at=T0,
                expires_at=T0 + timedelta(hours=1),
                registered_by="admin",
            ),
        ],
    )
    assert registration_details(policy, user, now=NOW) == {
        "id": "u1",
        "isMfaRegistered": True,
        "isMfaCapable": True,
        "isSsprRegistered": True,
        "isSsprEnabled": True,
        "isSsprCapable": True,
        "isPasswordlessCapable": True,
        "methodsRegistered": [
            "email",
            "mobilePhone",
            "officePhone",
            "microsoftAuthenticatorPush",
            "softwareOneTimePasscode",
            "passKeyDeviceBound",
            "temporaryAccessPass",
        ],
        "defaultMfaMethod": "mobilePhone",
        "isSystemPreferredAuthenticationMethodEnabled": True,
        "systemPreferredAuthenticationMethods": ["fido2"],
        "userPreferredMethodForSecondaryAuthentication": "voiceMobile",
        "lastUpdatedDateTime": "2026-03-05T00:00:00.0000000Z",
    }
    legacy = attrs.evolve(user, groups=frozenset({"g-legacy"}))
    row = registration_details(policy, legacy, now=NOW)
    assert row["isSystemPreferredAuthenticationMethodEnabled"] is False
    assert row["systemPreferredAuthenticationMethods"] == []
    assert (row["isSsprEnabled"], row["isSsprCapable"], row["isSsprRegistered"]) == (
        False,
        False,
        True,
    )


def test_registration_details_registered_but_not_capable() -> None:
    user = UserState(
        user_id="u1",
        registrations=[
            MobilePhone(id="m", registered_at=T0, number="+14255550134"),
            TemporaryAccessPass(
                id="t",
                registered_at=T0,
                starts_at=T0,
                expires_at=T0 + timedelta(days=400),
                registered_by="admin",
            ),
        ],
    )
    only_tap = TenantPolicy(methods=[MethodSetting(method="temporary_access_pass", mfa=True)])
    row = registration_details(only_tap, user, now=NOW)
    assert (row["isMfaRegistered"], row["isMfaCapable"]) == (True, False)
    assert row["defaultMfaMethod"] == ""  # the TAP default is not in Graph's enum
    assert row["userPreferredMethodForSecondaryAuthentication"] == ""
    tap_only_user = UserState(user_id="u2", registrations=user.registrations[1:])
    assert registration_details(only_tap, tap_only_user, now=NOW)["isMfaRegistered"] is False


def test_registration_details_arguments_are_checked() -> None:
    with pytest.raises(InvalidArgument) as caught:
        registration_details(TenantPolicy(), UserState(user_id="u"), now=datetime(2026, 1, 1))
    assert caught.value.path == "now"
    with pytest.raises(InvalidArgument):
        registration_details({}, UserState(user_id="u"), now=NOW)  # type: ignore[arg-type]


def test_graph_vocabulary_tables_cover_secinfos_tables() -> None:
    assert set(METHODS_REGISTERED) >= {kind.value for kind in Kind}
    assert set(SYSTEM_PREFERRED_METHODS) >= {m.value for m in MFA_METHODS}
    assert set(USER_DEFAULT_METHODS) == {m.value for m in PREFERABLE_METHODS}
    assert set(DEFAULT_MFA_METHODS) == {m.value for m in PREFERABLE_METHODS}
    assert set(OPERATION_TYPES) == {activity.value for activity in Activity}
    assert set(OPERATION_TYPES.values()) == {"Add", "Update", "Delete"}


# --------------------------------------------------------------------------------------------
# to_directory_audit
# --------------------------------------------------------------------------------------------


def test_directory_audit_has_graphs_shape() -> None:
    graph_record = fixture("directory-audits-authentication-methods.v1.json")["value"][0]
    policy = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True)])
    user = UserState(user_id=USER)
    change = register(
        policy,
        user,
        MobilePhone(id="m1", registered_at=NOW, number="+14255550134"),
        session=None,
        now=NOW,
        actor=Actor.ADMIN,
    )
    record = to_directory_audit(change.events[0])
    assert set(record) == set(graph_record)
    assert set(record["targetResources"][0]) == set(graph_record["targetResources"][0])
    assert set(record["initiatedBy"]) == set(graph_record["initiatedBy"])
    assert record["activityDisplayName"] == "Admin registered security info"
    assert (record["category"], record["loggedByService"], record["operationType"]) == (
        "UserManagement",
        "Authentication Methods",
        "Add",
    )
    assert record["result"] == "success"
    assert record["targetResources"][0]["id"] == USER
    assert record["targetResources"][0]["type"] == "User"
    assert record["initiatedBy"]["user"]["id"] is None  # the administrator is not known
    assert {"key": "number", "value": "+1 XXXXXXXX34"} in record["additionalDetails"]
    assert {"key": "actor", "value": "admin"} in record["additionalDetails"]
    assert {"key": "target", "value": "m1"} in record["additionalDetails"]
    assert "4255550134" not in json.dumps(record)
    assert record == to_directory_audit(change.events[0])
    assert record["id"].startswith("secinfo_")


def test_directory_audit_initiators() -> None:
    def event(actor: str) -> AuditEvent:
        return AuditEvent(
            activity="Default security info reassigned",
            result="success",
            at=NOW,
            user_id="u1",
            actor=actor,
            reason="r",
        )

    assert to_directory_audit(event("user"))["initiatedBy"]["user"]["id"] == "u1"
    system = to_directory_audit(event("system"))["initiatedBy"]
    assert system["user"] is None
    assert system["app"]["displayName"] == "secinfo"
    assert to_directory_audit(event("user"))["id"] != to_directory_audit(event("system"))["id"]


def test_directory_audit_masks_and_escapes_what_a_caller_put_in_an_event() -> None:
    event = AuditEvent(
        activity=Activity.USER_UPDATED,
        result="failure",
        at=datetime(2026, 3, 4, 15, 2, 44, 551237, tzinfo=UTC),
        user_id="+14255550134",
        actor="user",
        target="+1 425 555 0199\n",
        reason="Call +44 20 7946 0958 now\x1b[31m",
        details={"number": "+14255550177"},
    )
    record = to_directory_audit(event)
    text = json.dumps(record)
    for digits in ("4255550134", "425 555 0199", "20 7946 0958", "4255550177"):
        assert digits not in text
    assert "\x1b" not in record["resultReason"]
    assert record["activityDateTime"] == "2026-03-04T15:02:44.5512370Z"
    assert record["result"] == "failure"
    assert record["operationType"] == "Update"


def test_directory_audit_needs_an_event() -> None:
    with pytest.raises(InvalidArgumentType) as caught:
        to_directory_audit({"activity": "User registered security info"})  # type: ignore[arg-type]
    assert caught.value.path == "event"


# --------------------------------------------------------------------------------------------
# The documents the importers write are valid against the shipped JSON Schemas
# --------------------------------------------------------------------------------------------


def test_imported_documents_are_valid_against_the_json_schemas() -> None:
    policy = policy_document_from_graph(graph_policy(), mfa={"enforced_for": ["all"]}, sspr={})
    jsonschema.Draft202012Validator(policy_schema()).validate(policy.value)
    user = import_user(
        fixture("user-authentication-methods.v1.json"),
        fixture("user-sign-in-preferences.beta.json"),
    )
    jsonschema.Draft202012Validator(user_schema()).validate(user.value)
    assert FIXTURE_POLICY["methods"].keys() <= policy.value["methods"].keys()
