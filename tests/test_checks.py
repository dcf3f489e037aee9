"""check_policy (rule R15)."""

from __future__ import annotations

import itertools

import attrs
import pytest

from secinfo import (
    Bootstrap,
    CampaignSettings,
    CombinedRegistration,
    Limits,
    Method,
    MethodSetting,
    MfaSettings,
    Severity,
    SsprSettings,
    SystemPreferred,
    TenantPolicy,
)
from secinfo.checks import _run_rules, check_policy, membership_patterns

GOOD = TenantPolicy(
    methods=[
        MethodSetting(method="push", mfa=True, sspr=True),
        MethodSetting(method="authenticator_code", mfa=True, sspr=True),
        MethodSetting(method="sms", mfa=True, sspr=True),
        MethodSetting(method="email", sspr=True),
    ],
    mfa=MfaSettings(enforced_for=["all"]),
    sspr=SsprSettings(enabled_for=["all"], methods_required=2),
)


def codes(policy: TenantPolicy) -> list[str]:
    return [problem.code for problem in check_policy(policy)]


def test_a_sound_policy_has_no_problem() -> None:
    assert check_policy(GOOD) == ()


def test_empty_policy_has_no_problem() -> None:
    assert check_policy(TenantPolicy()) == ()


def test_mfa_enforced_without_interrupt_registrable_method() -> None:
    policy = TenantPolicy(
        methods=[
            MethodSetting(method="voice_alternate", mfa=True),
            MethodSetting(method="windows_hello", mfa=True),
            MethodSetting(method="hardware_oath", mfa=True),
            MethodSetting(method="certificate", mfa=True),
            MethodSetting(method="temporary_access_pass", mfa=True),
        ],
        mfa=MfaSettings(enforced_for=["all"]),
    )
    (problem,) = check_policy(policy)
    assert problem.code == "mfa_no_interrupt_method"
    assert problem.path == "mfa.enforced_for"


def test_only_one_group_lacks_a_method() -> None:
    policy = TenantPolicy(
        methods=[MethodSetting(method="push", mfa=True, exclude=["contractors"])],
        mfa=MfaSettings(enforced_for=["all"]),
    )
    (problem,) = check_policy(policy)
    assert problem.code == "mfa_no_interrupt_method"
    assert "contractors" in problem.message


def test_excluded_from_mfa_is_fine() -> None:
    policy = TenantPolicy(
        methods=[MethodSetting(method="push", mfa=True, exclude=["contractors"])],
        mfa=MfaSettings(enforced_for=["all"], exclude=["contractors"]),
    )
    assert check_policy(policy) == ()


def test_mfa_methods_required_beyond_capacity() -> None:
    # R18 (changed from v1, which used a passkey-only policy: a newcomer cannot start with a
    # passkey any more, see the test below).
    policy = TenantPolicy(
        methods=[MethodSetting(method="software_oath", mfa=True)],
        mfa=MfaSettings(enforced_for=["all"], methods_required=2),
        limits=Limits(software_oath=1),
    )
    assert codes(policy) == ["mfa_methods_required_unreachable"]
    assert check_policy(attrs.evolve(policy, limits=Limits())) == ()


def test_r18_a_passkey_alone_needs_the_temporary_access_pass() -> None:
    policy = TenantPolicy(
        methods=[MethodSetting(method="passkey", mfa=True)],
        mfa=MfaSettings(enforced_for=["all"]),
    )
    assert codes(policy) == ["mfa_no_interrupt_method"]
    assert "needs MFA first" in check_policy(policy)[0].message
    with_tap = attrs.evolve(
        policy,
        methods=[*policy.methods, MethodSetting(method="temporary_access_pass", mfa=True)],
    )
    assert check_policy(with_tap) == ()


def test_only_telephony() -> None:
    policy = TenantPolicy(
        methods=[
            MethodSetting(method="sms", mfa=True),
            MethodSetting(method="voice_mobile", mfa=True),
        ],
        mfa=MfaSettings(enforced_for=["all"]),
    )
    assert codes(policy) == ["only_telephony_mfa"]


def test_sspr_methods_required_beyond_registrable_kinds() -> None:
    policy = TenantPolicy(
        methods=[
            MethodSetting(method="push", sspr=True),
            MethodSetting(method="authenticator_code", sspr=True),
            MethodSetting(method="voice_office", sspr=True),
        ],
        sspr=SsprSettings(enabled_for=["all"], methods_required=2),
    )
    (problem,) = check_policy(policy)
    assert problem.code == "sspr_methods_required_unreachable"
    assert problem.path == "sspr.methods_required"
    assert problem.message == (
        "SSPR requires 2 methods, but users in none of the policy's groups can register only "
        "1 kind of SSPR method at sign-in."
    )


def test_sspr_reachability_is_checked_even_when_registration_is_not_required() -> None:
    """R15: password reset with 2 methods and only one kind users can register never works,
    whether or not registration is required."""
    policy = TenantPolicy(
        methods=[MethodSetting(method="push", sspr=True)],
        sspr=SsprSettings(enabled_for=["all"], methods_required=2, registration_required=False),
    )
    assert codes(policy) == ["sspr_methods_required_unreachable"]
    one = attrs.evolve(
        policy,
        sspr=SsprSettings(enabled_for=["all"], methods_required=1, registration_required=False),
    )
    assert check_policy(one) == ()


def test_campaign_method_not_enabled() -> None:
    policy = TenantPolicy(
        methods=[MethodSetting(method="push", mfa=True)],
        campaign=CampaignSettings(state="enabled", method="passkey"),
    )
    assert codes(policy) == ["campaign_method_not_enabled"]
    disabled = TenantPolicy(
        methods=policy.methods, campaign=CampaignSettings(state="disabled", method="passkey")
    )
    assert check_policy(disabled) == ()


@pytest.mark.parametrize(
    ("tap_enabled", "expected"), [(False, ["bootstrap_tap_not_enabled"]), (True, [])]
)
def test_bootstrap_tap_needs_tap_enabled(tap_enabled: bool, expected: list[str]) -> None:
    policy = TenantPolicy(
        methods=[MethodSetting(method="temporary_access_pass", mfa=tap_enabled)],
        bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS,
    )
    assert codes(policy) == expected


def test_administrator_bootstrap_with_mfa_enforced() -> None:
    policy = TenantPolicy(
        methods=GOOD.methods, mfa=GOOD.mfa, sspr=GOOD.sspr, bootstrap=Bootstrap.ADMINISTRATOR
    )
    assert codes(policy) == ["bootstrap_administrator_with_mfa_enforced"]


def test_patterns_are_the_reachable_combinations_of_applied_targets() -> None:
    """Issue 11 replaces "every subset of the group classes" (R15's patterns) by one pattern per
    combination of applied targets that some user can have: a and b appear in exactly the same
    lists (one class), and a member of c — with or without a — is excluded from push just as a
    user in no group is not included: the same combination as the empty pattern."""
    policy = TenantPolicy(
        methods=[MethodSetting(method="push", mfa=True, include=["a", "b"], exclude=["c"])]
    )
    assert [sorted(p) for p in membership_patterns(policy)] == [[], ["a"]]


def test_classes_beyond_the_limit_are_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 11: a remaining limit is an error (the policy does not pass), never a warning, and
    the rules within the limit still report what they find."""
    methods = list(Method)
    groups = [f"g{i}" for i in range(len(methods))]
    policy = TenantPolicy(
        methods=[
            MethodSetting(method=m, include=[g]) for m, g in zip(methods, groups, strict=True)
        ],
        mfa=MfaSettings(enforced_for=["extra"]),
    )
    # The methods are not enabled: their targets matter to no rule, so nothing is too many.
    assert codes(policy) == ["mfa_no_interrupt_method"]
    many = attrs.evolve(
        policy,
        methods=[
            MethodSetting(method="push", mfa=True, include=groups[:5], exclude=groups[5:]),
            MethodSetting(method="sms", mfa=True, include=groups[3:8], exclude=groups[:2]),
        ],
        mfa=MfaSettings(enforced_for=groups[1:7], exclude=["g0"]),
    )
    monkeypatch.setattr("secinfo.checks.MAX_GROUP_CLASSES", 3)
    problems = check_policy(many)
    assert [(p.code, p.severity.value) for p in problems] == [("too_many_group_patterns", "error")]


def test_administrator_bootstrap_with_sspr_registration_required() -> None:
    policy = TenantPolicy(
        methods=[MethodSetting(method="email", sspr=True)],
        sspr=SsprSettings(enabled_for=["all"]),
        bootstrap=Bootstrap.ADMINISTRATOR,
    )
    assert codes(policy) == ["bootstrap_administrator_with_sspr_required"]
    optional = attrs.evolve(
        policy, sspr=SsprSettings(enabled_for=["all"], registration_required=False)
    )
    assert check_policy(optional) == ()


def _sixteen_groups_one_locked_out() -> TenantPolicy:
    """16 groups, each in its own combination of target lists; members of g15 alone can
    register no MFA method (push excludes them, the code does not include them)."""
    groups = [f"g{i:02d}" for i in range(16)]

    def with_bit(bit: int) -> list[str]:
        return [g for i, g in enumerate(groups) if i >> bit & 1]

    return TenantPolicy(
        methods=[
            MethodSetting(method="push", mfa=True, sspr=True, exclude=["g15"]),
            MethodSetting(method="authenticator_code", mfa=True, sspr=True, include=groups[:15]),
            MethodSetting(method="email", sspr=True),
        ],
        mfa=MfaSettings(enforced_for=["all"]),
        sspr=SsprSettings(enabled_for=["all"]),
        combined_registration=CombinedRegistration(enabled_for=with_bit(0), exclude=with_bit(1)),
        system_preferred=SystemPreferred(enabled=True, include=with_bit(2), exclude=with_bit(3)),
    )


def test_a_lock_out_among_sixteen_groups_is_reported() -> None:
    """Issue 11: beyond 14 group classes the old check reported only the advisory
    ``too_many_group_patterns`` and missed this lock-out."""
    problems = check_policy(_sixteen_groups_one_locked_out())
    assert [(p.code, p.severity) for p in problems] == [("mfa_no_interrupt_method", Severity.ERROR)]
    assert problems[0].message.startswith("MFA registration is enforced for members of g15,")


def test_fifty_independently_targeted_groups_are_checked_completely() -> None:
    groups = [f"g{i:02d}" for i in range(50)]
    methods = ["push", "authenticator_code", "sms", "voice_mobile", "email", "passkey"]
    policy = TenantPolicy(
        methods=[
            MethodSetting(
                method=m,
                mfa=m != "email",
                sspr=m not in ("passkey",),
                include=["all"] if n % 2 else groups[n::6],
                exclude=groups[n + 3 :: 7],
            )
            for n, m in enumerate(methods)
        ],
        mfa=MfaSettings(enforced_for=groups[::2], exclude=groups[1::5]),
        sspr=SsprSettings(enabled_for=["all"], exclude=groups[::9], methods_required=2),
    )
    codes = {p.code for p in check_policy(policy)}
    assert "too_many_group_patterns" not in codes

    def up_to_two_groups(policy: TenantPolicy, targets: object) -> list[frozenset[str]]:
        return [frozenset(c) for n in range(3) for c in itertools.combinations(groups, n)]

    # Whatever some user in at most two groups shows, the complete check shows too.
    small = {p.code for p in _run_rules(policy, up_to_two_groups)}
    assert small, "the policy is meant to have problems among small patterns"
    assert small <= codes


def test_group_names_in_messages_are_escaped() -> None:
    policy = TenantPolicy(
        methods=[MethodSetting(method="push", mfa=True, exclude=["ops\n\u202eFAKE"])],
        mfa=MfaSettings(enforced_for=["all"]),
    )
    (problem,) = check_policy(policy)
    assert problem.message.isprintable()
    assert "ops\\x0a\\u202eFAKE" in problem.message


def test_severity_error_for_contradictions_and_warning_for_advice() -> None:
    telephony = TenantPolicy(
        methods=[MethodSetting(method=Method.SMS, mfa=True)],
        mfa=MfaSettings(enforced_for=frozenset({"all"})),
    )
    (advice,) = check_policy(telephony)
    assert (advice.code, advice.severity) == ("only_telephony_mfa", Severity.WARNING)
    assert advice.to_dict()["severity"] == "warning"
    (contradiction,) = check_policy(TenantPolicy(mfa=MfaSettings(enforced_for=frozenset({"all"}))))
    assert contradiction.severity is Severity.ERROR


def test_r21_registration_strength_unreachable_without_an_accepted_tap() -> None:
    from secinfo import RegistrationStrength

    base = TenantPolicy(
        methods=[
            MethodSetting(method="passkey", mfa=True),
            MethodSetting(method="push", mfa=True),
            MethodSetting(method="temporary_access_pass", mfa=True),
        ],
        mfa=MfaSettings(enforced_for=["all"]),
    )
    strong = attrs.evolve(
        base,
        registration_strength=RegistrationStrength(methods=["passkey", "temporary_access_pass"]),
    )
    assert check_policy(strong) == ()
    # The strength does not list the TAP: a user holding no passkey can never get in.
    no_tap = attrs.evolve(strong, registration_strength=RegistrationStrength(methods=["passkey"]))
    problems = check_policy(no_tap)
    assert [p.code for p in problems] == ["registration_strength_unreachable"]
    assert problems[0].path == "registration_strength.methods"
    # Listed but not enabled for the pattern: the same.
    disabled = attrs.evolve(
        strong, methods=[s for s in strong.methods if s.method != "temporary_access_pass"]
    )
    assert "registration_strength_unreachable" in codes(disabled)
    # A group the strength excludes is not affected; members of the others are.
    scoped = attrs.evolve(
        no_tap,
        registration_strength=RegistrationStrength(
            methods=["passkey"], include=["g-pilot"], exclude=["g-pilot-exempt"]
        ),
    )
    (problem,) = check_policy(scoped)
    assert problem.message == (
        "The registration strength applies to members of g-pilot, but a user there who holds none "
        "of its methods can never meet it: registering one needs the strength first, and no "
        "Temporary Access Pass it accepts is enabled for them."
    )
