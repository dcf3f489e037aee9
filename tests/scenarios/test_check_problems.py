"""check_policy (R15), one row per rule: the whole problem each rule reports — code, path,
message and severity — for a policy where only members of one group are affected.

The tests of tests/test_checks.py mostly use policies for everyone, where a problem names "users
in none of the policy's groups"; here the pattern named is a group, so a message that lost its
pattern, a path with another spelling or a changed severity fails. Found by a mutation screen of
``secinfo.checks`` (docs/mutation-testing.md).
"""

from __future__ import annotations

import pytest

from secinfo import (
    Bootstrap,
    CampaignSettings,
    Limits,
    Method,
    MethodSetting,
    MfaSettings,
    PolicyProblem,
    Severity,
    SsprSettings,
    TenantPolicy,
)
from secinfo.checks import check_policy, membership_patterns, policy_targets
from secinfo.errors import InvalidArgumentType

OPS = ["g-ops"]
"""The one group whose members each policy below leaves without a way."""


def push_for_others(*, mfa: bool = True, sspr: bool = False) -> MethodSetting:
    """Push for everyone but the members of g-ops: the others are fine."""
    return MethodSetting(method="push", mfa=mfa, sspr=sspr, exclude=OPS)


CASES: list[tuple[str, TenantPolicy, PolicyProblem]] = [
    (
        "no MFA method to register",
        TenantPolicy(methods=[push_for_others()], mfa=MfaSettings(enforced_for=OPS)),
        PolicyProblem(
            code="mfa_no_interrupt_method",
            path="mfa.enforced_for",
            message="MFA registration is enforced for members of g-ops, but no MFA method they "
            "could register at sign-in is enabled for them.",
            severity=Severity.ERROR,
        ),
    ),
    (
        "only a passkey, no TAP (R18)",
        TenantPolicy(
            methods=[MethodSetting(method="passkey", mfa=True), push_for_others()],
            mfa=MfaSettings(enforced_for=OPS),
        ),
        PolicyProblem(
            code="mfa_no_interrupt_method",
            path="mfa.enforced_for",
            message="MFA registration is enforced for members of g-ops, but the only MFA method "
            "they could register at sign-in is a passkey, which needs MFA first, and the "
            "Temporary Access Pass is not enabled for them.",
            severity=Severity.ERROR,
        ),
    ),
    (
        "more MFA methods required than the limits allow",
        TenantPolicy(
            methods=[MethodSetting(method="software_oath", mfa=True), push_for_others()],
            mfa=MfaSettings(enforced_for=OPS, methods_required=2),
            limits=Limits(software_oath=1),
        ),
        PolicyProblem(
            code="mfa_methods_required_unreachable",
            path="mfa.methods_required",
            message="2 MFA methods are required, but members of g-ops can register only 1 at "
            "sign-in.",
            severity=Severity.ERROR,
        ),
    ),
    (
        "only telephony",
        TenantPolicy(
            methods=[MethodSetting(method="sms", mfa=True), push_for_others()],
            mfa=MfaSettings(enforced_for=OPS),
        ),
        PolicyProblem(
            code="only_telephony_mfa",
            path="methods",
            message="The only MFA methods members of g-ops can register at sign-in are text or "
            "voice; enable at least one method that is not telephony.",
            severity=Severity.WARNING,
        ),
    ),
    (
        "more SSPR methods required than kinds",
        TenantPolicy(
            methods=[
                MethodSetting(method="push", sspr=True),
                MethodSetting(method="email", sspr=True, exclude=OPS),
            ],
            sspr=SsprSettings(enabled_for=OPS, methods_required=2),
        ),
        PolicyProblem(
            code="sspr_methods_required_unreachable",
            path="sspr.methods_required",
            message="SSPR requires 2 methods, but members of g-ops can register only 1 kind of "
            "SSPR method at sign-in.",
            severity=Severity.ERROR,
        ),
    ),
    (
        "more SSPR methods required than kinds, SSPR for everyone",
        TenantPolicy(
            methods=[
                MethodSetting(method="push", sspr=True),
                MethodSetting(method="email", sspr=True, exclude=OPS),
            ],
            sspr=SsprSettings(enabled_for=["all"], methods_required=2),
        ),
        PolicyProblem(
            code="sspr_methods_required_unreachable",
            path="sspr.methods_required",
            message="SSPR requires 2 methods, but members of g-ops can register only 1 kind of "
            "SSPR method at sign-in.",
            severity=Severity.ERROR,
        ),
    ),
    (
        "campaign method not enabled",
        TenantPolicy(
            methods=[
                MethodSetting(method="push", mfa=True),
                MethodSetting(method="passkey", mfa=True, exclude=OPS),
            ],
            campaign=CampaignSettings(state="enabled", method="passkey", include=OPS),
        ),
        PolicyProblem(
            code="campaign_method_not_enabled",
            path="campaign.method",
            message="The registration campaign nudges members of g-ops to register passkey, "
            "which is not enabled for MFA for them.",
            severity=Severity.ERROR,
        ),
    ),
    (
        "administrator bootstrap under MFA enforcement",
        TenantPolicy(
            methods=[MethodSetting(method="push", mfa=True)],
            mfa=MfaSettings(enforced_for=OPS),
            bootstrap=Bootstrap.ADMINISTRATOR,
        ),
        PolicyProblem(
            code="bootstrap_administrator_with_mfa_enforced",
            path="bootstrap",
            message="MFA registration is enforced for members of g-ops, but only an "
            "administrator may register a first method: there is no self-service path.",
            severity=Severity.ERROR,
        ),
    ),
    (
        "administrator bootstrap under required SSPR",
        TenantPolicy(
            methods=[
                MethodSetting(method="push", mfa=True, sspr=True),
                MethodSetting(method="email", sspr=True),
            ],
            sspr=SsprSettings(enabled_for=OPS),
            bootstrap=Bootstrap.ADMINISTRATOR,
        ),
        PolicyProblem(
            code="bootstrap_administrator_with_sspr_required",
            path="bootstrap",
            message="SSPR registration is required for members of g-ops, but a user without an "
            "MFA method cannot register anything until an administrator registers a first "
            "method.",
            severity=Severity.ERROR,
        ),
    ),
    (
        "TAP bootstrap without the TAP",
        TenantPolicy(
            methods=[MethodSetting(method="temporary_access_pass", mfa=True, exclude=OPS)],
            bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS,
        ),
        PolicyProblem(
            code="bootstrap_tap_not_enabled",
            path="bootstrap",
            message="The bootstrap is a Temporary Access Pass, but the Temporary Access Pass is "
            "not enabled for members of g-ops.",
            severity=Severity.ERROR,
        ),
    ),
]


@pytest.mark.parametrize(("policy", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_reports_its_whole_problem(policy: TenantPolicy, expected: PolicyProblem) -> None:
    assert check_policy(policy) == (expected,)


def test_the_rule_that_could_not_be_checked_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    methods = list(Method)
    groups = [f"g{i}" for i in range(len(methods))]
    policy = TenantPolicy(
        methods=[
            MethodSetting(method="push", mfa=True, include=groups[:5], exclude=groups[5:]),
            MethodSetting(method="sms", mfa=True, include=groups[3:8], exclude=groups[:2]),
        ],
        mfa=MfaSettings(enforced_for=groups[1:7], exclude=["g0"]),
    )
    monkeypatch.setattr("secinfo.checks.MAX_GROUP_CLASSES", 3)
    assert check_policy(policy) == (
        PolicyProblem(
            code="too_many_group_patterns",
            path="",
            message="The rule mfa_no_interrupt_method could not be checked (the groups form 7 "
            "classes, more than the 3 checked), so the policy does not pass.",
            severity=Severity.ERROR,
        ),
    )


def test_patterns_come_smallest_first_then_by_name() -> None:
    policy = TenantPolicy(
        methods=[
            MethodSetting(method="push", mfa=True, include=["b", "a"]),
            MethodSetting(method="sms", mfa=True, include=["c"]),
        ],
        mfa=MfaSettings(enforced_for=["z"]),
    )
    assert [sorted(p) for p in membership_patterns(policy)] == [
        [],
        ["a"],
        ["c"],
        ["z"],
        ["a", "c"],
        ["a", "z"],
        ["c", "z"],
        ["a", "c", "z"],
    ]


def test_a_pattern_of_two_groups_is_named_with_both() -> None:
    """Only a member of both a and b lacks a method: MFA is enforced for a, push excludes b."""
    policy = TenantPolicy(
        methods=[MethodSetting(method="push", mfa=True, exclude=["b"])],
        mfa=MfaSettings(enforced_for=["a"]),
    )
    (problem,) = check_policy(policy)
    assert problem.message == (
        "MFA registration is enforced for members of a, b, but no MFA method they could "
        "register at sign-in is enabled for them."
    )


def test_a_campaign_for_an_enabled_method_is_no_problem() -> None:
    policy = TenantPolicy(
        methods=[MethodSetting(method="push", mfa=True, include=OPS)],
        campaign=CampaignSettings(state="enabled", method="push", include=OPS),
    )
    assert check_policy(policy) == ()


def test_the_first_pattern_in_that_order_is_the_one_named() -> None:
    """Members of a and of b both lack a method: the problem names a (first by name)."""
    policy = TenantPolicy(
        methods=[MethodSetting(method="push", mfa=True, exclude=["b", "a"])],
        mfa=MfaSettings(enforced_for=["a", "b"]),
    )
    (problem,) = check_policy(policy)
    assert "members of a," in problem.message


@pytest.mark.parametrize("call", [check_policy, membership_patterns, policy_targets])
def test_a_policy_of_the_wrong_type_is_named(call: object) -> None:
    with pytest.raises(InvalidArgumentType) as raised:
        call("not a policy")  # type: ignore[operator]
    assert raised.value.path == "policy"
    assert str(raised.value) == "policy: expected a TenantPolicy, got 'not a policy'"


@pytest.mark.parametrize(
    ("targets", "described"),
    [(["not targets"], "a list of 1 item"), ("xy", "'xy'"), ((None, None), "a tuple of 2 items")],
)
def test_targets_of_the_wrong_type_are_named(targets: object, described: str) -> None:
    with pytest.raises(InvalidArgumentType) as raised:
        membership_patterns(TenantPolicy(), targets)  # type: ignore[arg-type]
    assert raised.value.path == "targets"
    assert str(raised.value) == f"targets: expected Targets values, got {described}"
