from __future__ import annotations

from typing import Any, cast

import pytest

from secinfo import (
    Bootstrap,
    CampaignSettings,
    CampaignState,
    InvalidArgument,
    Kind,
    Limits,
    Method,
    MethodSetting,
    MfaSettings,
    PhoneSettings,
    Purpose,
    SsprSettings,
    StepUpSettings,
    TenantPolicy,
)
from secinfo.policy import _ENABLED, MEMO_SIZE, in_targets


def test_policy_defaults() -> None:
    policy = TenantPolicy()
    assert policy.methods == ()
    assert policy.mfa == MfaSettings(enforced_for=(), methods_required=1, grace_days=0)
    assert policy.sspr.enabled_for == frozenset()
    assert policy.sspr.registration_required is True
    assert policy.sspr.methods_required == 1
    assert policy.sspr.reconfirm_days == 180
    assert policy.combined_registration.enabled_for == frozenset({"all"})
    assert policy.system_preferred.enabled is False
    assert policy.campaign.state is CampaignState.DISABLED
    assert policy.campaign.method is Method.PUSH
    assert policy.campaign.snooze_days == 1
    assert policy.campaign.limited_snoozes is True
    assert policy.step_up == StepUpSettings(session_minutes=15, passkey_add_minutes=5)
    assert policy.bootstrap is Bootstrap.PASSWORD
    assert policy.office_phone_user_managed is False
    assert policy.phone == PhoneSettings(allowed_regions=None, blocked_regions=(), allow_voip=False)
    assert policy.limits.of(Kind.AUTHENTICATOR_APP) == 5
    assert policy.limits.of(Kind.PASSKEY) == 10
    assert policy.limits.of(Kind.MOBILE_PHONE) == 1
    assert policy.limits.of(Kind.EMAIL) == 1


def test_method_setting_defaults() -> None:
    setting = MethodSetting(method="sms")
    assert setting.method is Method.SMS
    assert (setting.mfa, setting.sspr) == (False, False)
    assert setting.include == frozenset({"all"})
    assert setting.exclude == frozenset()


@pytest.mark.parametrize(
    ("method", "purpose"),
    [
        ("email", "mfa"),
        ("security_questions", "mfa"),
        ("passkey", "sspr"),
        ("voice_alternate", "sspr"),
    ],
)
def test_flag_for_a_purpose_the_method_cannot_serve(method: str, purpose: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        MethodSetting(method=method, **cast(dict[str, Any], {purpose: True}))
    assert info.value.path == purpose
    assert method in str(info.value)


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (MfaSettings, "methods_required", 0),
        (MfaSettings, "methods_required", 3),
        (MfaSettings, "grace_days", 366),
        (MfaSettings, "grace_days", -1),
        (SsprSettings, "methods_required", 3),
        (SsprSettings, "reconfirm_days", 731),
        (SsprSettings, "methods_required", True),
        (CampaignSettings, "snooze_days", 15),
        (StepUpSettings, "session_minutes", 0),
        (StepUpSettings, "passkey_add_minutes", 1441),
        (StepUpSettings, "session_minutes", 15.0),
        (Limits, "passkey", 0),
    ],
)
def test_ranges(factory: type, field: str, value: object) -> None:
    with pytest.raises(InvalidArgument) as info:
        factory(**{field: value})
    assert info.value.path == field


def test_campaign_method_only_push_or_passkey() -> None:
    assert CampaignSettings(method="passkey").method is Method.PASSKEY
    with pytest.raises(InvalidArgument, match="method"):
        CampaignSettings(method="sms")


def test_unknown_enum_values_rejected() -> None:
    with pytest.raises(InvalidArgument, match="bootstrap"):
        TenantPolicy(bootstrap="sms")
    with pytest.raises(InvalidArgument, match="state"):
        CampaignSettings(state="Enabled")


def test_targets_must_be_a_set_of_strings_not_a_string() -> None:
    with pytest.raises(InvalidArgument, match="include"):
        MethodSetting(method="sms", include="all")


def test_methods_sorted_by_rank_and_unique() -> None:
    policy = TenantPolicy(methods=[MethodSetting(method="sms"), MethodSetting(method="passkey")])
    assert [s.method for s in policy.methods] == [Method.PASSKEY, Method.SMS]
    with pytest.raises(InvalidArgument, match="repeated"):
        TenantPolicy(methods=[MethodSetting(method="sms"), MethodSetting(method="sms")])


def test_enabled_for_respects_purpose_and_targets() -> None:
    policy = TenantPolicy(
        methods=[MethodSetting(method="sms", mfa=True, include=["g1"], exclude=["g2"])]
    )
    assert policy.enabled_for(Method.SMS, Purpose.MFA, frozenset({"g1"}))
    assert not policy.enabled_for(Method.SMS, Purpose.SSPR, frozenset({"g1"}))
    assert not policy.enabled_for(Method.SMS, Purpose.MFA, frozenset({"g1", "g2"}))
    assert not policy.enabled_for(Method.SMS, Purpose.MFA, frozenset())
    assert not policy.enabled_for(Method.PUSH, Purpose.MFA, frozenset({"g1"}))


def test_in_targets_exclude_wins() -> None:
    everyone = frozenset({"all"})
    assert in_targets(frozenset(), everyone, frozenset())
    assert not in_targets(frozenset({"g"}), everyone, frozenset({"g"}))
    assert not in_targets(frozenset({"g"}), frozenset({"g"}), everyone)
    assert not in_targets(frozenset({"h"}), frozenset({"g"}), frozenset())


def test_named_groups() -> None:
    policy = TenantPolicy(
        methods=[MethodSetting(method="sms", include=["g1"])],
        mfa=MfaSettings(enforced_for=["all"], exclude=["g2"]),
        campaign=CampaignSettings(include=["g3"]),
    )
    assert policy.named_groups == frozenset({"g1", "g2", "g3"})


def test_region_codes() -> None:
    assert PhoneSettings(allowed_regions=["US"]).allowed_regions == frozenset({"US"})
    with pytest.raises(InvalidArgument, match="blocked_regions"):
        PhoneSettings(blocked_regions=["USA"])


def test_policy_is_hashable_and_equal_by_value() -> None:
    a = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True)])
    b = TenantPolicy(methods={"x": MethodSetting(method="sms", mfa=True)})
    assert a == b
    assert hash(a) == hash(b)


def test_non_geographic_region_can_be_allowed() -> None:
    assert PhoneSettings(allowed_regions=["001", "US"]).allowed_regions == frozenset({"001", "US"})
    with pytest.raises(InvalidArgument, match="allowed_regions"):
        PhoneSettings(allowed_regions=["01"])


def test_enabled_methods_per_pattern_and_memo_is_bounded() -> None:
    groups = [f"g{i}" for i in range(13)]
    policy = TenantPolicy(
        methods=[MethodSetting(method="sms", mfa=True, include=groups[:6], exclude=groups[6:])]
    )
    # Groups the policy never names do not change the answer.
    assert policy.pattern(frozenset({"g1", "elsewhere"})) == frozenset({"g1"})
    assert policy.enabled_methods(Purpose.MFA, frozenset({"g1", "elsewhere"})) == {Method.SMS}
    for mask in range(2**13):
        members = frozenset(g for i, g in enumerate(groups) if mask >> i & 1)
        expected = bool(members & set(groups[:6])) and not members & set(groups[6:])
        assert (Method.SMS in policy.enabled_methods(Purpose.MFA, members)) is expected
    # 8,192 patterns through a memo of 4,096: bounded, and the latest pattern is still kept
    assert _ENABLED.size(policy) <= MEMO_SIZE
    assert _ENABLED.find(policy, (Purpose.MFA, frozenset(groups))) == frozenset()
