"""secinfo.graph end to end on payloads that carry today's Entra settings (rules R16–R23):
passkey self-service and key restrictions, the TAP policy, external authentication methods,
passkey AAGUIDs, the registration strength. Every fixture imports, loads, answers and
round-trips; the how-to page's command-line path runs.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shlex
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secinfo import (
    ExternalAuthentication,
    Passkey,
    dump_policy,
    dump_user,
    evaluate,
    load_policy,
    load_user,
)
from secinfo.cli import main
from secinfo.graph import (
    policy_from_graph,
    registration_details,
    user_from_graph,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "graph"
NOW = datetime(2026, 3, 5, tzinfo=UTC)
MEGAN = "9c3b2f51-7d4e-4a86-b1f0-6e2d8c4a7b13"
EXCLUDED = "dad4ae4a-730c-4e52-826c-0d9094971f04"
PILOT = "5f2a1c3e-8b4d-4e6f-9a7b-2c1d0e9f8a71"
HELPDESK = "b185b746-e7db-4fa2-bafc-69ecf18850dd"
KEYS = [
    "90a3ccdf-635c-4729-a248-9b709135078f",
    "2fc0579f-8113-47ea-b116-bb5a8db9202a",
    "ee882879-721c-4913-9775-3dfcce97072a",
]
MFA = {"enforced_for": ["all"], "exclude": [EXCLUDED]}
SSPR = {"enabled_for": ["all"], "methods_required": 2}


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def configuration(payload: dict[str, Any], config_id: str) -> dict[str, Any]:
    for item in payload["authenticationMethodConfigurations"]:
        if item["id"] == config_id:
            found: dict[str, Any] = item
            return found
    raise AssertionError(config_id)


def tenant_policy(payload: dict[str, Any] | None = None, **keywords: Any) -> Any:
    keywords.setdefault("mfa", MFA)
    keywords.setdefault("sspr", SSPR)
    graph = fixture("authentication-methods-policy.v1.json") if payload is None else payload
    return policy_from_graph(graph, **keywords)


def megan(methods: Any = None, **keywords: Any) -> Any:
    keywords.setdefault("user_id", MEGAN)
    keywords.setdefault("imported_at", NOW)
    keywords.setdefault("sign_in_preferences", fixture("user-sign-in-preferences.beta.json"))
    graph = fixture("user-authentication-methods.v1.json") if methods is None else methods
    return user_from_graph(graph, **keywords)


# --------------------------------------------------------------------------------------------
# Every fixture imports and loads
# --------------------------------------------------------------------------------------------


def test_the_policy_fixture_imports_with_its_passkey_and_tap_settings() -> None:
    result = tenant_policy()
    document = dump_policy(result.value)
    passkey = document["methods"]["passkey"]
    assert passkey["self_service"] is True
    assert passkey["key_restrictions"]["enforcement"] == "allow"
    assert sorted(passkey["key_restrictions"]["aaguids"]) == sorted(KEYS)
    assert (passkey["include"], passkey["exclude"]) == (["all"], [EXCLUDED])
    tap = document["methods"]["temporary_access_pass"]
    assert (tap["min_minutes"], tap["max_minutes"], tap["one_time_only"]) == (60, 480, True)
    assert tap["include"] == [HELPDESK]
    assert document["methods"]["windows_hello"]["mfa"] is True
    assert [w.code.value for w in result.warnings] == ["assumed_default"]
    assert load_policy(document) == result.value


def test_the_user_fixture_imports_with_its_passkey_aaguid() -> None:
    user = megan().value
    document = dump_user(user)
    passkeys = [r for r in document["registrations"] if r["kind"] == "passkey"]
    assert [(p["name"], p["aaguid"]) for p in passkeys] == [
        ("YubiKey 5 NFC", "2fc0579f-8113-47ea-b116-bb5a8db9202a")
    ]
    assert load_user(document) == user
    assert load_user(json.loads(json.dumps(document))) == user


def test_the_beta_stripped_variant_imports_and_loads() -> None:
    payload = fixture("authentication-methods-policy.v1.json")
    del payload["systemCredentialPreferences"], payload["reportSuspiciousActivitySettings"]
    campaign = payload["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]
    del campaign["enforceRegistrationAfterAllowedSnoozes"]
    payload["authenticationMethodConfigurations"] = [
        c for c in payload["authenticationMethodConfigurations"] if c["id"] != "HardwareOath"
    ]
    stripped = tenant_policy(payload).value
    assert stripped == tenant_policy().value


def test_unknown_members_and_types_import_and_load() -> None:
    payload = fixture("authentication-methods-policy.v1.json")
    payload["authenticationMethodConfigurations"].append(
        {
            "@odata.type": "#microsoft.graph.quantumAuthenticationMethodConfiguration",
            "id": "Quantum",
            "state": "enabled",
            "includeTargets": [],
            "excludeTargets": [],
        }
    )
    configuration(payload, "Fido2")["keyRestrictions"]["enforcementType"] = "unknownFutureValue"
    configuration(payload, "Sms")["state"] = "unknownFutureValue"
    campaign = payload["registrationEnforcement"]["authenticationMethodsRegistrationCampaign"]
    campaign["includeTargets"][0]["targetedAuthenticationMethod"] = "somethingNew"
    result = tenant_policy(payload)
    document = dump_policy(result.value)
    assert document["methods"]["passkey"]["key_restrictions"] is None
    assert "sms" not in document["methods"]
    assert document["campaign"]["include"] == []
    assert {w.code.value for w in result.warnings} >= {"unknown_value", "unknown_configuration"}


def test_the_registration_strength_argument_reaches_the_policy() -> None:
    # Graph holds no registration strength (a Conditional Access setting): none by default
    assert dump_policy(tenant_policy().value)["registration_strength"] is None
    strength = {"methods": ["passkey", "temporary_access_pass"], "include": ["all"], "exclude": []}
    policy = tenant_policy(registration_strength=strength).value
    written = dump_policy(policy)["registration_strength"]
    assert sorted(written["methods"]) == sorted(strength["methods"])
    assert (written["include"], written["exclude"]) == (["all"], [])
    again = tenant_policy(registration_strength=policy.registration_strength).value
    assert again == policy


# --------------------------------------------------------------------------------------------
# The imported tenant answers (R16, R17, R19, R20)
# --------------------------------------------------------------------------------------------


def test_the_fixture_tenant_answers_for_megan() -> None:
    policy = tenant_policy().value
    user = megan().value
    result = evaluate(policy, user, now=NOW)
    # her YubiKey's AAGUID is on the allow list (R19); SMS and software OATH target the pilot
    # group only; system-preferred MFA offers the passkey first
    assert result.usable_mfa == ("passkey", "push")
    assert result.default.method == "passkey"
    assert result.default.source.value == "system_preferred"
    blocked_key = copy.deepcopy(fixture("user-authentication-methods.v1.json"))
    for method in blocked_key["value"]:
        if method["@odata.type"].endswith("fido2AuthenticationMethod"):
            method["aaGuid"] = "cb69481e-8ff7-4039-93ec-0a2729a154a8"
    other = megan(blocked_key).value
    assert evaluate(policy, other, now=NOW).usable_mfa == ("push",)


def test_the_report_row_agrees_with_graphs_row_for_megan() -> None:
    row = registration_details(tenant_policy().value, megan(groups=[PILOT]).value, now=NOW)
    graph_row = fixture("user-registration-details.beta.json")["value"][0]
    for key in (
        "isMfaRegistered",
        "isMfaCapable",
        "isSsprRegistered",
        "isSsprEnabled",
        "isSsprCapable",
        "isPasswordlessCapable",
        "methodsRegistered",
        "defaultMfaMethod",
        "isSystemPreferredAuthenticationMethodEnabled",
        "userPreferredMethodForSecondaryAuthentication",
    ):
        assert row[key] == graph_row[key], key
    # Entra's system-preferred order puts a passkey before push (the invented fixture row
    # says push); secinfo follows the documented order
    assert row["systemPreferredAuthenticationMethods"] == ["fido2"]


def external(provider: str, state: str = "enabled") -> dict[str, Any]:
    return {
        "@odata.type": "#microsoft.graph.externalAuthenticationMethodConfiguration",
        "id": provider,
        "state": state,
        "displayName": "Contoso MFA",
        "appId": "app",
        "openIdConnectSetting": {"clientId": "c", "discoveryUrl": "https://idp.example"},
        "excludeTargets": [],
        "includeTargets": [{"id": "all_users", "targetType": "group"}],
    }


def test_an_external_method_is_usable_only_from_an_enabled_provider() -> None:
    methods = [
        {
            "@odata.type": "#microsoft.graph.externalAuthenticationMethod",
            "id": "x1",
            "configurationId": "0b1c2d3e-contoso-mfa",
            "displayName": "Contoso MFA",
            "createdDateTime": "2026-01-01T00:00:00Z",
        }
    ]
    user = megan(methods, sign_in_preferences=None).value
    for providers, usable in (
        ([external("0b1c2d3e-contoso-mfa")], ("external_authentication",)),
        ([external("0b1c2d3e-contoso-mfa", "disabled")], ()),
        ([external("another-provider")], ()),
    ):
        payload = {
            "policyMigrationState": "migrationComplete",
            "authenticationMethodConfigurations": providers,
        }
        assert evaluate(tenant_policy(payload).value, user, now=NOW).usable_mfa == usable
    assert load_user(dump_user(user)) == user


def test_a_multi_use_pass_is_not_usable_when_passes_are_one_time_only() -> None:
    start = NOW - timedelta(minutes=30)
    tap = {
        "@odata.type": "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
        "id": "t1",
        "createdDateTime": start.isoformat(),
        "startDateTime": start.isoformat(),
        "lifetimeInMinutes": 120,
        "isUsableOnce": False,
        "isUsable": True,
        "methodUsabilityReason": "EnabledByPolicy",
    }
    user = megan([tap], sign_in_preferences=None, groups=[HELPDESK]).value
    policy = tenant_policy().value  # isUsableOnce true: one_time_only (R20)
    assert evaluate(policy, user, now=NOW).usable_mfa == ()
    payload = fixture("authentication-methods-policy.v1.json")
    configuration(payload, "TemporaryAccessPass")["isUsableOnce"] = False
    assert evaluate(tenant_policy(payload).value, user, now=NOW).usable_mfa == (
        "temporary_access_pass",
    )


# --------------------------------------------------------------------------------------------
# The command line, as the how-to page runs it
# --------------------------------------------------------------------------------------------


def test_the_how_to_pages_commands_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (ROOT / "docs" / "how-to" / "graph.md").read_text()
    block = re.search(r"```sh\n(.*?)```", page, re.DOTALL)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line.startswith("secinfo ")]
    assert [shlex.split(c)[1] for c in commands] == ["graph-import", "report"]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    outputs = []
    for command in commands:
        out = io.StringIO()
        assert main(shlex.split(command)[1:], out=out) == 0, capsys.readouterr().err
        outputs.append(out.getvalue())
    summary = json.loads(outputs[0])
    assert (summary["imported"], summary["skipped"]) == (3, 0)
    rows = [json.loads(line) for line in outputs[1].splitlines()]
    assert [row["user_id"] for row in rows] == [
        MEGAN,
        "4a1e6c0f-2b7d-4d3e-9f51-0c8a7b6d5e42",
        "7d3f9b2a-6c4e-4f1a-8b0d-3e2c1a9f8b76",
    ]
    by_user = {row["user_id"]: row for row in rows}
    assert by_user[MEGAN]["usable"]["mfa"] == ["passkey", "push", "software_oath", "sms"]
    new_hire = by_user["7d3f9b2a-6c4e-4f1a-8b0d-3e2c1a9f8b76"]
    assert new_hire["usable"]["mfa"] == ["temporary_access_pass"]
    assert new_hire["prompt"]["mode"] == "interrupt"


# --------------------------------------------------------------------------------------------
# Property: passkeys with AAGUIDs and external methods come back from Graph's shapes
# --------------------------------------------------------------------------------------------

_GUIDS = st.uuids().map(str)
_NAMES = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40
).filter(str.strip)


@given(
    passkeys=st.lists(st.tuples(_NAMES, st.none() | _GUIDS), max_size=3),
    providers=st.lists(st.tuples(_GUIDS, _NAMES), max_size=3, unique_by=lambda p: p[0]),
    upper=st.booleans(),
)
def test_passkeys_and_external_methods_come_back_from_graphs_shapes(
    passkeys: list[tuple[str, str | None]], providers: list[tuple[str, str]], upper: bool
) -> None:
    created = "2026-01-12T10:21:05Z"
    methods: list[dict[str, Any]] = []
    expected: list[Any] = []
    for index, (name, aaguid) in enumerate(passkeys):
        methods.append(
            {
                "@odata.type": "#microsoft.graph.fido2AuthenticationMethod",
                "id": f"k{index}",
                "displayName": name,
                "createdDateTime": created,
                "aaGuid": None if aaguid is None else (aaguid.upper() if upper else aaguid),
                "passkeyType": "synced",
            }
        )
        expected.append(
            Passkey(
                id=f"k{index}",
                registered_at=datetime(2026, 1, 12, 10, 21, 5, tzinfo=UTC),
                name=name,
                aaguid=aaguid,
            )
        )
    for index, (provider, name) in enumerate(providers):
        methods.append(
            {
                "@odata.type": "#microsoft.graph.externalAuthenticationMethod",
                "id": f"x{index}",
                "configurationId": provider,
                "displayName": name,
            }
        )
        expected.append(
            ExternalAuthentication(
                id=f"x{index}", registered_at=NOW, provider=provider, display_name=name
            )
        )
    result = user_from_graph({"value": methods}, user_id="u1", imported_at=NOW)
    assert list(result.value.registrations) == expected
    assert result.warnings == ()
    assert load_user(dump_user(result.value)) == result.value
