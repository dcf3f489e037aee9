"""secinfo.graph end to end: Graph payloads → TenantPolicy / UserState → decisions, and
import → dump → load round trips. (Payloads that carry today's Entra settings — passkey
restrictions, TAP policy, external methods — are in ``test_graph_today.py``.)"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from secinfo import (
    CampaignState,
    InvalidDocument,
    Method,
    MfaSettings,
    SsprSettings,
    TenantPolicy,
    dump_policy,
    dump_user,
    evaluate,
    load_policy,
    load_user,
)
from secinfo.graph import (
    policy_document_from_graph,
    policy_from_graph,
    registration_details,
    user_document_from_graph,
    user_from_graph,
)

FIXTURES = Path(__file__).parent / "fixtures" / "graph"
NOW = datetime(2026, 3, 5, tzinfo=UTC)
USER = "9c3b2f51-7d4e-4a86-b1f0-6e2d8c4a7b13"
EXCLUDED = "dad4ae4a-730c-4e52-826c-0d9094971f04"
PILOT = "5f2a1c3e-8b4d-4e6f-9a7b-2c1d0e9f8a71"
TODAY = ("Fido2", "TemporaryAccessPass")  # configurations that carry today's Entra settings


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def classic_policy() -> dict[str, Any]:
    """The policy fixture without the configurations that map to today's Entra settings."""
    payload: dict[str, Any] = fixture("authentication-methods-policy.v1.json")
    payload["authenticationMethodConfigurations"] = [
        item for item in payload["authenticationMethodConfigurations"] if item["id"] not in TODAY
    ]
    return payload


def classic_methods() -> dict[str, Any]:
    """The methods fixture without the passkey (whose AAGUID is a today's-Entra field)."""
    payload: dict[str, Any] = fixture("user-authentication-methods.v1.json")
    payload["value"] = [m for m in payload["value"] if "fido2" not in m["@odata.type"]]
    return payload


MFA = {"enforced_for": ["all"], "exclude": [EXCLUDED]}
SSPR = {"enabled_for": ["all"], "methods_required": 2}


def test_the_classic_policy_imports_and_loads() -> None:
    result = policy_from_graph(classic_policy(), mfa=MFA, sspr=SSPR)
    policy = result.value
    assert policy == load_policy(
        policy_document_from_graph(classic_policy(), mfa=MFA, sspr=SSPR).value
    )
    assert [setting.method for setting in policy.methods] == [
        Method.PUSH,
        Method.SOFTWARE_OATH,
        Method.SMS,
        Method.EMAIL,
    ]
    push = policy.setting(Method.PUSH)
    assert push is not None
    assert (push.mfa, push.sspr, push.include, push.exclude) == (
        True,
        True,
        frozenset({"all", PILOT}),
        frozenset({EXCLUDED}),
    )
    assert policy.campaign.state is CampaignState.ENABLED
    assert (policy.campaign.method, policy.campaign.snooze_days) == (Method.PUSH, 3)
    assert policy.system_preferred.enabled
    assert policy.mfa == MfaSettings(enforced_for=["all"], exclude=[EXCLUDED])
    assert policy.sspr == SsprSettings(enabled_for=["all"], methods_required=2)
    assert result.warnings == ()


def test_the_classic_user_imports_and_loads() -> None:
    result = user_from_graph(
        classic_methods(),
        user_id=USER,
        imported_at=NOW,
        groups=[PILOT],
        sign_in_preferences=fixture("user-sign-in-preferences.beta.json"),
    )
    user = result.value
    assert [r.kind.value for r in user.registrations] == [
        "mobile_phone",
        "office_phone",
        "authenticator_app",
        "software_oath",
        "email",
    ]
    assert user.preferred is Method.PUSH
    assert user.registration("e37fc753-ff3b-4958-9484-eaa9425c82bc").registered_by.value == "admin"
    assert result.warnings == ()


def test_import_dump_load_round_trips() -> None:
    policy = policy_from_graph(classic_policy(), mfa=MFA, sspr=SSPR).value
    assert load_policy(dump_policy(policy)) == policy
    assert load_policy(json.loads(json.dumps(dump_policy(policy)))) == policy
    user = user_from_graph(classic_methods(), user_id=USER, imported_at=NOW).value
    assert load_user(dump_user(user)) == user
    assert load_user(json.loads(json.dumps(dump_user(user)))) == user


def test_the_imported_tenant_answers() -> None:
    policy = policy_from_graph(classic_policy(), mfa=MFA, sspr=SSPR).value
    megan = user_from_graph(classic_methods(), user_id=USER, imported_at=NOW).value
    pilot = user_from_graph(classic_methods(), user_id="u2", imported_at=NOW, groups=[PILOT]).value
    excluded = user_from_graph(
        classic_methods(), user_id="u3", imported_at=NOW, groups=[EXCLUDED]
    ).value
    # Megan is in no group: of her methods only the Authenticator (everyone) and the email
    # (SSPR, everyone) are usable; the pilot group also has SMS and software OATH.
    assert evaluate(policy, megan, now=NOW).usable_mfa == (Method.PUSH,)
    assert evaluate(policy, megan, now=NOW).usable_sspr == (Method.PUSH, Method.EMAIL)
    assert evaluate(policy, pilot, now=NOW).usable_mfa == (
        Method.PUSH,
        Method.SOFTWARE_OATH,
        Method.SMS,
    )
    # the excluded group may use nothing but email: MFA is not enforced for them, SSPR is,
    # and one kind of two is missing
    result = evaluate(policy, excluded, now=NOW)
    assert result.usable_mfa == ()
    assert result.prompt.mode.value == "interrupt"
    assert [[p.value for p in slot.purposes] for slot in result.prompt.slots] == [["sspr"]]
    assert result.prompt.slots[0].choices == ()  # nothing else they may register counts
    assert result.prompt.blocked is not None
    row = registration_details(policy, megan, now=NOW)
    assert (row["isMfaCapable"], row["isSsprCapable"], row["isPasswordlessCapable"]) == (
        True,
        True,
        False,
    )
    assert row["systemPreferredAuthenticationMethods"] == ["push"]
    assert row["userPreferredMethodForSecondaryAuthentication"] == "push"


def test_keyword_sections_are_checked_by_the_loader_with_document_paths() -> None:
    with pytest.raises(InvalidDocument) as caught:
        policy_from_graph(classic_policy(), mfa={"grace_days": 400}, sspr=SSPR)
    assert caught.value.path == "mfa.grace_days"
    with pytest.raises(InvalidDocument) as unknown:
        policy_from_graph(classic_policy(), mfa=MFA, sspr=SSPR, settings={"colour": "blue"})
    assert unknown.value.path == "colour"


def test_the_settings_argument_reaches_the_policy() -> None:
    policy = policy_from_graph(
        classic_policy(),
        mfa=MfaSettings(enforced_for=["all"], grace_days=14),
        sspr=SSPR,
        settings={"bootstrap": "temporary_access_pass", "office_phone_user_managed": True},
    ).value
    assert policy.mfa.grace_days == 14
    assert policy.bootstrap.value == "temporary_access_pass"
    assert policy.office_phone_user_managed


def test_a_payload_is_not_changed_by_an_import() -> None:
    payload = classic_policy()
    before = copy.deepcopy(payload)
    policy_from_graph(payload, mfa=MFA, sspr=SSPR)
    assert payload == before
    methods = classic_methods()
    snapshot = copy.deepcopy(methods)
    user_document_from_graph(methods, user_id="u1", imported_at=NOW)
    assert methods == snapshot


def test_an_imported_policy_is_the_same_for_a_reordered_payload() -> None:
    payload = classic_policy()
    reordered = copy.deepcopy(payload)
    reordered["authenticationMethodConfigurations"].reverse()
    first = policy_from_graph(payload, mfa=MFA, sspr=SSPR).value
    second = policy_from_graph(reordered, mfa=MFA, sspr=SSPR).value
    assert first == second
    assert isinstance(first, TenantPolicy)
