"""Unit tests for :mod:`secinfo.requirements`: one group per rule, R3–R9 and R12."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest

from secinfo import (
    AlternatePhone,
    AuthenticatorApp,
    CampaignProgress,
    CampaignSettings,
    CombinedRegistration,
    Email,
    InvalidArgument,
    Kind,
    Limits,
    Method,
    MethodSetting,
    MfaSettings,
    MobilePhone,
    OfficePhone,
    Passkey,
    PhoneSettings,
    PromptMode,
    Purpose,
    Registration,
    RegistrationStrength,
    Session,
    SsprSettings,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
    check_policy,
)
from secinfo.interrupts import interrupt_methods
from secinfo.requirements import (
    interrupt_choices,
    interrupt_kinds,
    required_registrations,
    shortfall,
)
from secinfo.testing import registration_for

from ._gate import app as gate_app
from ._gate import tap as gate_tap
from ._gate import tap_session

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
MFA, SSPR = Purpose.MFA, Purpose.SSPR


def ms(method: str, purposes: str = "mfa sspr", **targets: Any) -> MethodSetting:
    flags = purposes.split()
    return MethodSetting(method=method, mfa="mfa" in flags, sspr="sspr" in flags, **targets)


STANDARD = [
    ms("passkey", "mfa"),
    ms("push"),
    ms("authenticator_code"),
    ms("sms"),
    ms("voice_mobile"),
    ms("email", "sspr"),
]


def policy(
    methods: list[MethodSetting] | None = None,
    *,
    mfa: int | None = None,
    sspr: int | None = None,
    required: bool = True,
    **rest: Any,
) -> TenantPolicy:
    """MFA enforced for all requiring *mfa* methods, SSPR enabled for all requiring *sspr*."""
    return TenantPolicy(
        methods=STANDARD if methods is None else methods,
        mfa=(
            MfaSettings(enforced_for=frozenset({"all"}), methods_required=mfa)
            if mfa
            else MfaSettings()
        ),
        sspr=(
            SsprSettings(
                enabled_for=frozenset({"all"}),
                methods_required=sspr,
                registration_required=required,
                reconfirm_days=0,
            )
            if sspr
            else SsprSettings()
        ),
        **rest,
    )


def user(*registrations: Registration, **fields: Any) -> UserState:
    return UserState(user_id="u1", registrations=registrations, **fields)


def reg(method: str, rid: str) -> Registration:
    return registration_for(Method(method), id=rid, now=NOW - DAY)


def slots(prompt: Any) -> list[tuple[str, ...]]:
    return [
        (" ".join(p.value for p in s.purposes), *(m.value for m in s.choices)) for s in prompt.slots
    ]


def codes(prompt: Any) -> list[str]:
    return [reason.code for reason in prompt.reasons]


def add(state: UserState, registration: Registration) -> UserState:
    return attrs.evolve(state, registrations=(*state.registrations, registration))


# ------------------------------------------------------------------------------ arguments


def test_naive_now_is_invalid_argument() -> None:
    with pytest.raises(InvalidArgument):
        required_registrations(policy(), user(), now=datetime(2026, 11, 25, 12))


def test_interrupt_choices_needs_a_purpose() -> None:
    with pytest.raises(InvalidArgument) as refused:
        interrupt_choices(policy(), [], [])
    assert (refused.value.path, str(refused.value)) == (
        "purposes",
        "purposes: at least one purpose is required",
    )


def test_slot_choices_are_kept_per_membership_pattern() -> None:
    """The choices a policy's prompts are built from are computed once per membership pattern
    and business phone: a second pattern gets its own, never the first one's."""
    p = policy([ms("push", "mfa"), ms("sms", "mfa", include=["g-sms"])], mfa=1)
    texting = required_registrations(p, user(groups=["g-sms"]), now=NOW)
    plain = required_registrations(p, user(), now=NOW)
    assert (slots(texting), slots(plain)) == ([("mfa", "push", "sms")], [("mfa", "push")])
    managed = attrs.evolve(p, methods=[*p.methods, ms("voice_office", "mfa")])
    managed = attrs.evolve(managed, office_phone_user_managed=True)
    office = required_registrations(managed, user(business_phone="+16502530009"), now=NOW)
    plain = required_registrations(managed, user(), now=NOW)
    assert (slots(office), slots(plain)) == ([("mfa", "push", "voice_office")], [("mfa", "push")])


def test_interrupt_kinds_offer_the_office_phone_only_with_a_business_phone() -> None:
    p = attrs.evolve(policy([ms("voice_office", "mfa")]), office_phone_user_managed=True)
    assert interrupt_kinds(p, [], [MFA]) == set()
    assert interrupt_kinds(p, [], [MFA], business_phone="+16502530009") == {Kind.OFFICE_PHONE}


def test_interrupt_choices_rejects_strings_that_are_not_purposes() -> None:
    with pytest.raises(InvalidArgument):
        interrupt_choices(policy(), [], ["reset"])  # type: ignore[list-item]


def test_interrupt_choices_rejects_a_single_string_of_groups() -> None:
    with pytest.raises(InvalidArgument):
        interrupt_choices(policy(), "g-sales", [MFA])


def test_a_thousand_registrations_are_evaluated_quickly() -> None:
    """Linear work: a user with 1,000 registrations is evaluated in well under a second."""
    import time

    many = tuple(
        Email(id=f"e{i}", registered_at=NOW - DAY, address=f"a{i}@example.com") for i in range(1000)
    )
    state = user(*many, reg("push", "r1"), last_reviewed_at=NOW)
    p = policy(mfa=2, sspr=2)
    start = time.perf_counter()
    prompt = required_registrations(p, state, now=NOW)
    assert time.perf_counter() - start < 1.0
    assert slots(prompt) == [
        ("mfa", "passkey", "push", "authenticator_code", "sms", "voice_mobile")
    ]


def test_no_phone_offered_when_no_region_is_allowed() -> None:
    """R13: with no region both allowed and not blocked, no phone can be registered, so no
    phone method is a choice (the slot would otherwise offer what registration denies)."""
    closed = policy(mfa=1, phone=PhoneSettings(allowed_regions=frozenset()))
    assert interrupt_choices(closed, [], [MFA]) == (
        Method.PASSKEY,
        Method.PUSH,
        Method.AUTHENTICATOR_CODE,
    )
    blocked = PhoneSettings(allowed_regions=frozenset({"US"}), blocked_regions=frozenset({"US"}))
    assert Method.SMS not in interrupt_choices(policy(phone=blocked), [], [MFA])
    some = PhoneSettings(allowed_regions=frozenset({"US", "GB"}), blocked_regions=frozenset({"US"}))
    assert Method.SMS in interrupt_choices(policy(phone=some), [], [MFA])


def test_compiled_interrupt_methods_follow_the_policy() -> None:
    methods = [ms("windows_hello", "mfa"), ms("voice_office"), ms("push", "mfa")]
    assert interrupt_methods(policy(methods)) == (Method.PUSH,)
    managed = policy(methods, office_phone_user_managed=True)
    assert interrupt_methods(managed) == (Method.PUSH, Method.VOICE_OFFICE)


# ------------------------------------------------------------------------------ R3


def test_R3_mfa_drives_when_enforced_and_below_required() -> None:
    short = shortfall(policy(mfa=2), user(reg("push", "r1")), now=NOW)
    assert (short.mfa_drives, short.mfa, short.mfa_count) == (True, 1, 1)


def test_R3_mfa_not_enforced_for_excluded_group() -> None:
    p = attrs.evolve(
        policy(mfa=1), mfa=MfaSettings(enforced_for=frozenset({"all"}), exclude=frozenset({"g-x"}))
    )
    assert not shortfall(p, user(groups={"g-x"}), now=NOW).interrupt
    assert shortfall(p, user(groups={"g-y"}), now=NOW).mfa == 1


def test_R3_sspr_drives_only_when_enabled_and_required() -> None:
    assert shortfall(policy(sspr=1), user(), now=NOW).sspr_drives
    assert not shortfall(policy(sspr=1, required=False), user(), now=NOW).interrupt
    assert not shortfall(policy(), user(), now=NOW).interrupt


def test_R3_sspr_collected_with_mfa_even_if_not_required() -> None:
    short = shortfall(policy(mfa=1, sspr=2, required=False), user(), now=NOW)
    assert (short.mfa_drives, short.sspr_drives, short.mfa, short.sspr) == (True, False, 1, 2)
    prompt = required_registrations(policy(mfa=1, sspr=2, required=False), user(), now=NOW)
    assert codes(prompt) == ["mfa_methods_missing", "sspr_collected_with_mfa"]


def test_R3_no_sspr_collected_for_a_user_outside_sspr() -> None:
    p = attrs.evolve(policy(mfa=1, sspr=2), sspr=SsprSettings(enabled_for=frozenset({"g-sspr"})))
    assert shortfall(p, user(), now=NOW).sspr == 0


def test_R3_tap_never_counts_for_mfa() -> None:
    p = policy([ms("temporary_access_pass", "mfa"), ms("push")], mfa=1)
    tap = reg("temporary_access_pass", "t1")
    assert isinstance(tap, TemporaryAccessPass)
    short = shortfall(
        p, user(attrs.evolve(tap, starts_at=NOW - DAY, expires_at=NOW + DAY)), now=NOW
    )
    assert (short.mfa_count, short.mfa) == (0, 1)


def test_R3_phones_with_one_number_count_once() -> None:
    p = policy([ms("sms"), ms("voice_mobile"), ms("voice_alternate", "mfa")], mfa=2)
    mobile = MobilePhone(id="p1", registered_at=NOW, number="+16502530001")
    alternate = AlternatePhone(id="p2", registered_at=NOW, number="+16502530001")
    assert shortfall(p, user(mobile, alternate), now=NOW).mfa == 1
    other = AlternatePhone(id="p2", registered_at=NOW, number="+16502530002")
    assert shortfall(p, user(mobile, other), now=NOW).mfa == 0


def test_R3_sspr_counts_kinds_not_registrations() -> None:
    short = shortfall(policy(sspr=2), user(reg("push", "r1"), reg("push", "r2")), now=NOW)
    assert (short.sspr_count, short.sspr) == (1, 1)


# ------------------------------------------------------------------------------ R4


def test_R4_dual_slots_then_mfa_then_sspr_when_dual_kinds_run_out() -> None:
    p = policy([ms("push"), ms("passkey", "mfa"), ms("email", "sspr")], mfa=2, sspr=2)
    prompt = required_registrations(p, user(), now=NOW)
    # k = 1 (only the authenticator app counts for both): d = 1.
    assert slots(prompt) == [("mfa sspr", "push"), ("mfa", "passkey", "push"), ("sspr", "email")]


def test_R4_d_is_min_of_m_and_s() -> None:
    prompt = required_registrations(policy(mfa=2, sspr=1), user(), now=NOW)
    assert slots(prompt) == [
        ("mfa sspr", "push", "authenticator_code", "sms", "voice_mobile"),
        ("mfa", "passkey", "push", "authenticator_code", "sms", "voice_mobile"),
    ]
    prompt = required_registrations(policy(mfa=1, sspr=2), user(), now=NOW)
    assert slots(prompt) == [
        ("mfa sspr", "push", "authenticator_code", "sms", "voice_mobile"),
        ("sspr", "sms", "voice_mobile", "email"),
    ]


def test_R4_two_dual_slots_use_two_kinds() -> None:
    prompt = required_registrations(policy(mfa=2, sspr=2), user(), now=NOW)
    assert slots(prompt) == [
        ("mfa sspr", "push", "authenticator_code", "sms", "voice_mobile"),
        ("mfa sspr", "sms", "voice_mobile"),
    ]


def test_R4_separate_experience_lists_mfa_slots_first() -> None:
    p = policy(mfa=2, sspr=2, combined_registration=CombinedRegistration(enabled_for=frozenset()))
    prompt = required_registrations(p, user(), now=NOW)
    assert prompt.experience == "separate"
    # R18 (changed from v1): a newcomer holds no usable MFA method, so the first MFA slot offers
    # no passkey; the second may (the first slot's registration gives them MFA). The first
    # slot's first choice (push) counts for SSPR, so one SSPR slot remains, excluding the app.
    assert slots(prompt) == [
        ("mfa", "push", "authenticator_code", "sms", "voice_mobile"),
        ("mfa", "passkey", "push", "authenticator_code", "sms", "voice_mobile"),
        ("sspr", "sms", "voice_mobile", "email"),
    ]
    # A user who holds a usable TAP (which never counts, R1) may add passkeys from the first
    # slot: two passkeys (rank 2) count for MFA and not SSPR, so two SSPR slots follow.
    p = attrs.evolve(p, methods=[*p.methods, ms("temporary_access_pass", "mfa")])
    holder = user(registration_for(Method.TEMPORARY_ACCESS_PASS, id="tap", now=NOW))
    assert slots(required_registrations(p, holder, now=NOW)) == [
        ("mfa", "passkey", "push", "authenticator_code", "sms", "voice_mobile"),
        ("mfa", "passkey", "push", "authenticator_code", "sms", "voice_mobile"),
        ("sspr", "push", "authenticator_code", "sms", "voice_mobile", "email"),
        ("sspr", "sms", "voice_mobile", "email"),
    ]
    p = attrs.evolve(p, limits=Limits(passkey=1))
    prompt = required_registrations(p, holder, now=NOW)
    # The first MFA slot's first choice (passkey) does not count for SSPR; the second (push)
    # does, so one SSPR slot remains, excluding the app.
    assert slots(prompt) == [
        ("mfa", "passkey", "push", "authenticator_code", "sms", "voice_mobile"),
        ("mfa", "push", "authenticator_code", "sms", "voice_mobile"),
        ("sspr", "sms", "voice_mobile", "email"),
    ]


def test_R4_sspr_slot_excludes_kinds_already_counted() -> None:
    prompt = required_registrations(
        policy(sspr=2), user(reg("sms", "p1"), last_reviewed_at=NOW), now=NOW
    )
    assert slots(prompt) == [("sspr", "push", "authenticator_code", "email")]


def test_R4_dual_slot_excludes_kinds_already_counted_for_sspr() -> None:
    prompt = required_registrations(policy(mfa=1, sspr=2), user(reg("email", "e1")), now=NOW)
    assert slots(prompt) == [("mfa sspr", "push", "authenticator_code", "sms", "voice_mobile")]


def test_R4_registering_every_first_choice_makes_the_user_compliant() -> None:
    for p in (policy(mfa=2, sspr=2), policy(mfa=1, sspr=2), policy(mfa=2, sspr=1)):
        state = user()
        prompt = required_registrations(p, state, now=NOW)
        for index, slot in enumerate(prompt.slots):
            state = add(state, registration_for(slot.choices[0], id=f"n{index}", now=NOW))
        assert shortfall(p, state, now=NOW).interrupt is False


def test_R4_dual_first_choice_counts_for_both_with_split_enablement() -> None:
    """push enabled for MFA only, authenticator_code for SSPR only: an app with push counts
    for both, so push is a dual choice and authenticator_code (code-only app) is not."""
    p = policy([ms("push", "mfa"), ms("authenticator_code", "sspr")], mfa=1, sspr=1)
    assert interrupt_choices(p, [], [MFA, SSPR]) == (Method.PUSH,)
    prompt = required_registrations(p, user(), now=NOW)
    assert slots(prompt) == [("mfa sspr", "push")]
    done = add(user(), registration_for(Method.PUSH, id="n1", now=NOW))
    assert not shortfall(p, done, now=NOW).interrupt


def test_R4_code_only_app_is_not_a_dual_choice_when_push_serves_the_other_purpose() -> None:
    p = policy([ms("push", "sspr"), ms("authenticator_code", "mfa")])
    assert interrupt_choices(p, [], [MFA, SSPR]) == (Method.PUSH,)
    assert interrupt_choices(p, [], [MFA]) == (Method.AUTHENTICATOR_CODE,)
    assert interrupt_choices(p, [], [SSPR]) == (Method.PUSH,)


def test_R4_a_disabled_method_is_never_offered_through_its_sibling() -> None:
    p = policy([ms("push", ""), ms("authenticator_code")])
    assert interrupt_choices(p, [], [MFA, SSPR]) == (Method.AUTHENTICATOR_CODE,)


def test_R4_choices_respect_method_targets() -> None:
    p = policy([ms("push", include=frozenset({"g-a"})), ms("sms", exclude=frozenset({"g-b"}))])
    assert interrupt_choices(p, ["g-a"], [MFA]) == (Method.PUSH, Method.SMS)
    assert interrupt_choices(p, ["g-a", "g-b"], [MFA]) == (Method.PUSH,)
    assert interrupt_choices(p, [], [MFA]) == (Method.SMS,)


def test_R4_interrupt_kinds() -> None:
    assert interrupt_kinds(policy(), [], [SSPR]) == {
        Kind.AUTHENTICATOR_APP,
        Kind.MOBILE_PHONE,
        Kind.EMAIL,
    }
    assert interrupt_kinds(policy(), [], [MFA, SSPR]) == {Kind.AUTHENTICATOR_APP, Kind.MOBILE_PHONE}


def test_R4_limits_count_unusable_registrations() -> None:
    """A code-only app that is not usable (code disabled) still fills the app limit."""
    p = policy(
        [ms("push", "mfa"), ms("passkey", "mfa"), ms("temporary_access_pass", "mfa")],
        mfa=1,
        limits=Limits(authenticator_app=1),
    )
    unusable_app = AuthenticatorApp(
        id="a1", registered_at=NOW, device_name="old", notifications=False
    )
    # The user holds a usable TAP, so a passkey may be the first slot's choice (R18).
    tap = registration_for(Method.TEMPORARY_ACCESS_PASS, id="tap", now=NOW)
    assert slots(required_registrations(p, user(unusable_app, tap), now=NOW)) == [
        ("mfa", "passkey")
    ]
    roomy = attrs.evolve(p, limits=Limits(authenticator_app=2))
    prompt = required_registrations(roomy, user(unusable_app, tap), now=NOW)
    assert slots(prompt) == [("mfa", "passkey", "push")]
    # R18 (changed from v1): without the TAP the user holds no usable MFA method, so the
    # passkey is no choice and the full app limit leaves the slot empty.
    assert slots(required_registrations(p, user(unusable_app), now=NOW)) == [("mfa",)]


def test_R4_each_slot_s_first_choice_fills_one_place_of_its_kind_s_limit() -> None:
    """A later slot offers the first choice's kind again while the limit has room after one
    more registration of it: exactly one place per slot, counted on top of what is held."""
    p = policy([ms("push", "mfa"), ms("sms", "mfa")], mfa=2, limits=Limits(authenticator_app=2))
    assert slots(required_registrations(p, user(), now=NOW)) == [
        ("mfa", "push", "sms"),
        ("mfa", "push", "sms"),
    ]
    # One (unusable) app held: the first slot's app fills the limit of two.
    unusable_app = AuthenticatorApp(
        id="a1", registered_at=NOW, device_name="old", notifications=False
    )
    assert slots(required_registrations(p, user(unusable_app), now=NOW)) == [
        ("mfa", "push", "sms"),
        ("mfa", "sms"),
    ]


def test_R4_mfa_slots_share_the_limits() -> None:
    p = policy([ms("sms", "mfa"), ms("passkey", "mfa")], mfa=2)
    prompt = required_registrations(p, user(), now=NOW)
    # R18 (changed from v1): the newcomer's first slot offers no passkey, the second does
    # (and no longer sms: the first slot's phone fills the one-phone limit).
    assert slots(prompt) == [("mfa", "sms"), ("mfa", "passkey")]
    # With an MFA method already usable (a TAP), both slots offer it, and the limit is shared.
    p = policy(
        [ms("sms", "mfa"), ms("passkey", "mfa"), ms("temporary_access_pass", "mfa")],
        mfa=2,
        limits=Limits(passkey=1),
    )
    tap = registration_for(Method.TEMPORARY_ACCESS_PASS, id="tap", now=NOW)
    prompt = required_registrations(p, user(tap), now=NOW)
    assert slots(prompt) == [("mfa", "passkey", "sms"), ("mfa", "sms")]


# ------------------------------------------------------------------------------ R5


def test_R5_sspr_only_interrupt_is_skippable() -> None:
    assert required_registrations(policy(sspr=1), user(), now=NOW).skippable


def test_R5_mfa_interrupt_is_not_skippable_without_grace() -> None:
    assert not required_registrations(policy(mfa=1, sspr=1), user(), now=NOW).skippable


@pytest.mark.parametrize(
    ("first_prompted", "skippable", "code"),
    [
        (None, True, "mfa_grace_period"),
        (NOW, True, "mfa_grace_period"),
        (NOW - 7 * DAY + timedelta(seconds=1), True, "mfa_grace_period"),
        (NOW - 7 * DAY, False, "mfa_grace_expired"),
        (NOW - 30 * DAY, False, "mfa_grace_expired"),
    ],
)
def test_R5_grace_period(first_prompted: datetime | None, skippable: bool, code: str) -> None:
    p = attrs.evolve(policy(mfa=1), mfa=MfaSettings(enforced_for=frozenset({"all"}), grace_days=7))
    prompt = required_registrations(p, user(first_prompted_at=first_prompted), now=NOW)
    assert prompt.skippable is skippable
    assert codes(prompt) == ["mfa_methods_missing", code]


def test_R5_grace_reasons_say_when_it_ends() -> None:
    p = attrs.evolve(policy(mfa=1), mfa=MfaSettings(enforced_for=frozenset({"all"}), grace_days=7))

    def grace(first_prompted: datetime | None) -> list[str]:
        prompt = required_registrations(p, user(first_prompted_at=first_prompted), now=NOW)
        return [r.message for r in prompt.reasons if r.code.startswith("mfa_grace")]

    assert grace(None) == [
        "The user may skip MFA registration during a 7-day grace period, which starts when "
        "they first skip."
    ]
    assert grace(NOW - DAY) == [
        "The user may skip MFA registration until 2026-12-01T12:00:00+00:00, the end of the "
        "7-day grace period."
    ]
    assert grace(NOW - 7 * DAY) == [
        "The 7-day grace period for MFA registration is over; it cannot be skipped."
    ]


def test_R5_grace_does_not_apply_to_a_review_or_nudge() -> None:
    p = attrs.evolve(
        policy(sspr=1), sspr=SsprSettings(enabled_for=frozenset({"all"}), reconfirm_days=1)
    )
    prompt = required_registrations(p, user(reg("email", "e1")), now=NOW + 2 * DAY)
    assert (prompt.mode, prompt.skippable) == (PromptMode.REVIEW, True)


def test_F11_skippable_comes_from_the_same_shortfall_and_slots() -> None:
    """F11: "can skip" must check the same slots and usable sets: an SSPR-only prompt whose
    slot has no choice is still skippable (no loop), an MFA one is not, and both are blocked."""
    only_sspr = required_registrations(policy([], sspr=1), user(), now=NOW)
    assert (only_sspr.skippable, only_sspr.blocked is not None) == (True, True)
    mfa = required_registrations(policy([], mfa=1), user(), now=NOW)
    assert (mfa.skippable, mfa.blocked is not None) == (False, True)


# ------------------------------------------------------------------------------ R6


def test_R6_blocked_keeps_mode_and_every_slot() -> None:
    p = policy([ms("email", "sspr")], mfa=1, sspr=2)
    prompt = required_registrations(p, user(), now=NOW)
    assert prompt.mode is PromptMode.INTERRUPT
    assert slots(prompt) == [("mfa",), ("sspr", "email"), ("sspr",)]
    assert prompt.blocked is not None
    assert (prompt.blocked.code, prompt.blocked.requirement) == ("no_choice_for_slot", "mfa")
    assert prompt.blocked.remedy.code == "enable_method"
    assert codes(prompt).count("no_choice_for_slot") == 2


def test_R6_bootstrap_is_only_consulted_without_a_usable_mfa_method() -> None:
    p = policy(mfa=2, bootstrap="administrator")
    assert required_registrations(p, user(), now=NOW).blocked is not None
    assert required_registrations(p, user(reg("push", "r1")), now=NOW).blocked is None


def test_R6_active_tap_holder_is_not_blocked_by_tap_bootstrap() -> None:
    p = policy(
        [*STANDARD, ms("temporary_access_pass", "mfa")], mfa=1, bootstrap="temporary_access_pass"
    )
    tap = TemporaryAccessPass(
        id="t1", registered_at=NOW, registered_by="admin", starts_at=NOW - DAY, expires_at=NOW + DAY
    )
    assert required_registrations(p, user(tap), now=NOW).blocked is None
    assert required_registrations(p, user(), now=NOW).blocked is not None


def test_R6_password_bootstrap_uses_the_session_sign_in() -> None:
    p = policy([m for m in STANDARD if m.method is not Method.PASSKEY], mfa=1)
    fresh = Session(signed_in_at=NOW - timedelta(minutes=15))
    stale = Session(signed_in_at=NOW - timedelta(minutes=15, seconds=1))
    assert required_registrations(p, user(), now=NOW, session=fresh).blocked is None
    blocked = required_registrations(p, user(), now=NOW, session=stale).blocked
    assert blocked is not None
    assert blocked.remedy.code == "sign_in_again"
    # session=None: a password sign-in at now (R9).
    assert required_registrations(p, user(), now=NOW).blocked is None


def test_R6_bootstrap_window_is_the_one_for_adding_the_first_choice() -> None:
    """A passkey first choice is added under ``passkey_add_minutes`` (R9, R18), so the prompt
    blocks exactly when ``step_up(add)`` of that passkey would deny. Since R18 a passkey is the
    first choice only of a user who can already pass MFA: here, with a multi-use TAP under the
    TAP bootstrap, signed in with it (a one-time pass would serve for 10 minutes instead)."""
    p = policy(
        [*STANDARD, ms("temporary_access_pass", "mfa")], mfa=1, bootstrap="temporary_access_pass"
    )
    tap = registration_for(Method.TEMPORARY_ACCESS_PASS, id="tap", now=NOW - timedelta(minutes=30))
    holder = user(tap)
    assert required_registrations(p, holder, now=NOW).slots[0].choices[0] is Method.PASSKEY
    fresh = Session(
        signed_in_at=NOW - timedelta(minutes=5), signed_in_with=["temporary_access_pass"]
    )
    stale = attrs.evolve(fresh, signed_in_at=NOW - timedelta(minutes=5, seconds=1))
    assert required_registrations(p, holder, now=NOW, session=fresh).blocked is None
    # The TAP is still usable, so a stale sign-in is a step-up with it, not a block.
    assert required_registrations(p, holder, now=NOW, session=stale).blocked is None
    assert isinstance(tap, TemporaryAccessPass)
    spent = user(attrs.evolve(tap, used=True))
    assert required_registrations(p, spent, now=NOW, session=fresh).slots[0].choices[0] is (
        Method.PUSH
    )
    # A newcomer under the password bootstrap is never offered a passkey first (R18): the
    # window is session_minutes for the app.
    p = policy(mfa=1)
    assert required_registrations(p, user(), now=NOW).slots[0].choices[0] is Method.PUSH
    fresh = Session(signed_in_at=NOW - timedelta(minutes=15))
    stale = Session(signed_in_at=NOW - timedelta(minutes=15, seconds=1))
    assert required_registrations(p, user(), now=NOW, session=fresh).blocked is None
    blocked = required_registrations(p, user(), now=NOW, session=stale).blocked
    assert blocked is not None
    assert blocked.remedy.code == "sign_in_again"


def test_R6_bootstrap_block_is_reported_before_a_slot_block() -> None:
    prompt = required_registrations(policy([], mfa=1, bootstrap="administrator"), user(), now=NOW)
    assert prompt.blocked is not None
    assert prompt.blocked.code == "bootstrap_denied"
    assert codes(prompt) == ["mfa_methods_missing", "bootstrap_denied", "no_choice_for_slot"]


def test_R21_the_block_asks_the_gate_about_the_first_choice_s_kind() -> None:
    """R6/R21: the gate is asked about adding the first slot's first choice (a passkey here),
    with that kind's windows: a one-time pass sign-in serves 10 minutes for a passkey, the
    session's 15 for other methods. Past 10 minutes the passkey is denied (the strength accepts
    neither the app nor another method the user may register), so the prompt is blocked."""
    p = policy(
        [ms("passkey", "mfa"), ms("push", "mfa"), ms("temporary_access_pass", "mfa")],
        mfa=2,
        registration_strength=RegistrationStrength(methods=["passkey", "temporary_access_pass"]),
    )
    u = user(gate_app(), gate_tap(one_time=True, used=True))
    eight = required_registrations(p, u, now=NOW, session=tap_session(timedelta(minutes=8)))
    assert (slots(eight), eight.blocked) == ([("mfa", "passkey", "push")], None)
    twelve = required_registrations(p, u, now=NOW, session=tap_session(timedelta(minutes=12)))
    assert slots(twelve) == [("mfa", "passkey", "push")]
    assert twelve.blocked is not None
    assert (twelve.blocked.code, twelve.blocked.requirement) == (
        "registration_strength_denied",
        "registration_strength",
    )
    assert twelve.blocked.remedy.code == "registration_strength_unmet"


def test_R6_collected_sspr_that_cannot_be_registered_does_not_block() -> None:
    p = policy([ms("push", "mfa")], mfa=1, sspr=1, required=False)
    prompt = required_registrations(p, user(), now=NOW)
    assert (slots(prompt), prompt.blocked) == ([("mfa", "push")], None)
    assert "sspr_not_collectable" in codes(prompt)
    dropped = [r.message for r in prompt.reasons if r.code == "sspr_not_collectable"]
    assert dropped == [
        "No further password reset method can be registered at sign-in, so only the MFA "
        "registration is asked for."
    ]


# ------------------------------------------------------------------------------ R7


def review_policy(days: int, *, required: bool = True, enabled: bool = True) -> TenantPolicy:
    return TenantPolicy(
        methods=[ms("email", "sspr"), ms("push")],
        sspr=SsprSettings(
            enabled_for=frozenset({"all"} if enabled else set()),
            reconfirm_days=days,
            registration_required=required,
        ),
    )


def test_R7_review_is_skippable_and_has_no_slots() -> None:
    email = Email(id="e1", registered_at=NOW - 90 * DAY, address="a@example.com")
    state = user(email, last_reviewed_at=NOW - 30 * DAY)
    prompt = required_registrations(review_policy(30), state, now=NOW)
    assert (prompt.mode, prompt.skippable, prompt.slots, prompt.review_due) == (
        PromptMode.REVIEW,
        True,
        (),
        True,
    )
    assert codes(prompt) == ["review_due"]


def test_R7_review_needs_sspr_enabled_and_required() -> None:
    state = user(reg("email", "e1"), last_reviewed_at=NOW - 300 * DAY)
    assert not required_registrations(review_policy(30, enabled=False), state, now=NOW).review_due
    assert not required_registrations(review_policy(30, required=False), state, now=NOW).review_due


def test_R7_latest_of_review_and_sspr_usable_registration() -> None:
    p = review_policy(30)
    recent_email = Email(id="e1", registered_at=NOW - 29 * DAY, address="a@example.com")
    prompt = required_registrations(p, user(recent_email, last_reviewed_at=None), now=NOW)
    assert not prompt.review_due
    # A registration that is not SSPR-usable does not reset the clock.
    passkey = Passkey(id="k1", registered_at=NOW, name="key")
    old_email = Email(id="e1", registered_at=NOW - 40 * DAY, address="a@example.com")
    assert required_registrations(p, user(old_email, passkey), now=NOW).review_due


def test_R7_nothing_to_review_is_not_due() -> None:
    assert not required_registrations(review_policy(30), user(), now=NOW).review_due


# ------------------------------------------------------------------------------ R8


def campaign_policy(**campaign: Any) -> TenantPolicy:
    return TenantPolicy(
        methods=[ms("push", "mfa"), ms("sms", "mfa"), ms("passkey", "mfa")],
        campaign=CampaignSettings(**({"state": "enabled"} | campaign)),
    )


def test_R8_nudge_needs_a_usable_mfa_method() -> None:
    assert required_registrations(campaign_policy(), user(), now=NOW).mode is PromptMode.NONE


def test_R8_default_state_only_for_telephony_only_users() -> None:
    p = campaign_policy(state="default")
    assert required_registrations(p, user(reg("sms", "p1")), now=NOW).mode is PromptMode.NUDGE
    both = user(reg("sms", "p1"), reg("passkey", "k1"))
    assert required_registrations(p, both, now=NOW).mode is PromptMode.NONE


def test_R8_default_state_nudges_a_user_with_every_telephony_method() -> None:
    """Telephony-only includes holding all of them: text and voice on a mobile, the alternate
    and the office phone."""
    p = TenantPolicy(
        methods=[
            ms(m, "mfa") for m in ("push", "sms", "voice_mobile", "voice_alternate", "voice_office")
        ],
        campaign=CampaignSettings(state="default"),
    )
    every = user(reg("sms", "p1"), reg("voice_alternate", "a1"), reg("voice_office", "o1"))
    prompt = required_registrations(p, every, now=NOW)
    assert (prompt.mode, slots(prompt)) == (PromptMode.NUDGE, [("mfa", "push")])


def test_R8_campaign_method_must_be_enabled_and_not_usable() -> None:
    p = campaign_policy(method="passkey")
    prompt = required_registrations(p, user(reg("sms", "p1")), now=NOW)
    assert (prompt.mode, slots(prompt)) == (PromptMode.NUDGE, [("mfa", "passkey")])
    assert required_registrations(p, user(reg("passkey", "k1")), now=NOW).mode is PromptMode.NONE
    no_passkey = attrs.evolve(p, methods=[ms("sms", "mfa")])
    assert required_registrations(no_passkey, user(reg("sms", "p1")), now=NOW).mode == "none"


def test_R8_no_nudge_when_the_campaign_method_is_at_its_limit() -> None:
    p = attrs.evolve(campaign_policy(), limits=Limits(authenticator_app=1))
    code_only = AuthenticatorApp(id="a1", registered_at=NOW, device_name="x", notifications=False)
    state = user(reg("sms", "p1"), code_only)
    assert required_registrations(p, state, now=NOW).mode is PromptMode.NONE
    # Registrations of other kinds fill no place of the app's limit.
    assert required_registrations(p, user(reg("sms", "p1")), now=NOW).mode is PromptMode.NUDGE


def test_R8_session_evidence() -> None:
    p = campaign_policy()
    state = user(reg("sms", "p1"))
    password_only = Session(signed_in_at=NOW)
    prompt = required_registrations(p, state, now=NOW, session=password_only)
    assert (prompt.mode, codes(prompt)) == (
        PromptMode.NONE,
        ["nothing_required", "campaign_needs_mfa"],
    )
    future_mfa = Session(signed_in_at=NOW, mfa_at=NOW + timedelta(seconds=1), mfa_method="sms")
    assert required_registrations(p, state, now=NOW, session=future_mfa).mode is PromptMode.NONE
    fresh = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="sms")
    assert required_registrations(p, state, now=NOW, session=fresh).mode is PromptMode.NUDGE


def test_R8_snooze_limit() -> None:
    p = campaign_policy(snooze_days=0)
    for snoozes, skippable in [(0, True), (2, True), (3, False), (4, False)]:
        state = user(reg("sms", "p1"), campaign=CampaignProgress(snoozes=snoozes))
        prompt = required_registrations(p, state, now=NOW)
        assert (prompt.mode, prompt.skippable) == (PromptMode.NUDGE, skippable)
        assert ("snoozes_exhausted" in codes(prompt)) is not skippable


def test_R8_precedence_interrupt_over_nudge() -> None:
    p = attrs.evolve(
        campaign_policy(), mfa=MfaSettings(enforced_for=frozenset({"all"}), methods_required=2)
    )
    prompt = required_registrations(p, user(reg("sms", "p1")), now=NOW)
    assert prompt.mode is PromptMode.INTERRUPT
    assert slots(prompt) == [("mfa", "passkey", "push")]


def test_R8_experience_reported_in_every_mode() -> None:
    p = attrs.evolve(
        campaign_policy(), combined_registration=CombinedRegistration(enabled_for=frozenset())
    )
    assert required_registrations(p, user(), now=NOW).experience == "separate"
    assert required_registrations(p, user(reg("sms", "p1")), now=NOW).experience == "separate"


# ------------------------------------------------------------------------------ R12


def test_R12_office_phone_offered_only_when_user_managed_with_business_phone() -> None:
    methods = [ms("voice_office")]
    bp = "+16502530099"
    assert interrupt_choices(policy(methods), [], [MFA], business_phone=bp) == ()
    managed = policy(methods, office_phone_user_managed=True)
    assert interrupt_choices(managed, [], [MFA]) == ()
    assert interrupt_choices(managed, [], [MFA, SSPR], business_phone=bp) == (Method.VOICE_OFFICE,)


def test_R12_office_phone_with_a_held_number_does_not_count_again_for_mfa() -> None:
    bp = "+16502530099"
    p = policy(
        [ms("voice_office"), ms("voice_alternate", "mfa")], mfa=2, office_phone_user_managed=True
    )
    alternate = AlternatePhone(id="a1", registered_at=NOW, number=bp)
    prompt = required_registrations(p, user(alternate, business_phone=bp), now=NOW)
    assert slots(prompt) == [("mfa",)]
    other = user(alternate, business_phone="+16502530098")
    assert slots(required_registrations(p, other, now=NOW)) == [("mfa", "voice_office")]


def test_R12_office_phone_limit_is_one() -> None:
    bp = "+16502530099"
    p = policy(
        [ms("voice_office", "sspr"), ms("email", "sspr")], sspr=2, office_phone_user_managed=True
    )
    held = OfficePhone(id="o1", registered_at=NOW, number="+16502530001")
    prompt = required_registrations(
        attrs.evolve(p, methods=[ms("voice_office", "mfa"), ms("email", "sspr")]),
        user(held, business_phone=bp),
        now=NOW,
    )
    assert slots(prompt) == [("sspr", "email"), ("sspr",)]


# ------------------------------------------------------------------------------ F15


def test_F15_registering_a_slot_method_removes_that_slot() -> None:
    """F15: registering a slot's method removes the slot (no oscillation), and the new
    method is immediately usable."""
    p = policy(mfa=1, sspr=2)
    first = required_registrations(p, user(), now=NOW)
    assert len(first.slots) == 2
    state = add(user(), registration_for(first.slots[0].choices[0], id="n1", now=NOW))
    second = required_registrations(p, state, now=NOW)
    assert second.slots == first.slots[1:]
    state = add(state, registration_for(second.slots[0].choices[0], id="n2", now=NOW))
    assert required_registrations(p, state, now=NOW).mode is not PromptMode.INTERRUPT


def test_R4_separate_experience_one_kind_gains_sspr_once() -> None:
    """Two apps from two MFA slots add one SSPR kind, not two: an SSPR slot remains."""
    p = policy(
        [ms("push"), ms("email", "sspr")],
        mfa=2,
        sspr=2,
        combined_registration=CombinedRegistration(enabled_for=frozenset()),
    )
    prompt = required_registrations(p, user(), now=NOW)
    assert slots(prompt) == [("mfa", "push"), ("mfa", "push"), ("sspr", "email")]
    state = user()
    for index, slot in enumerate(prompt.slots):
        state = add(state, registration_for(slot.choices[0], id=f"n{index}", now=NOW))
    assert not shortfall(p, state, now=NOW).interrupt


def test_R4_sspr_already_counted_kind_gains_nothing() -> None:
    """An MFA slot's app does not add an SSPR kind the user already counts."""
    p = policy(
        [ms("push"), ms("authenticator_code", "sspr"), ms("email", "sspr")],
        mfa=2,
        sspr=2,
        combined_registration=CombinedRegistration(enabled_for=frozenset()),
    )
    code_only = AuthenticatorApp(id="a1", registered_at=NOW, device_name="x", notifications=False)
    prompt = required_registrations(p, user(code_only, last_reviewed_at=NOW), now=NOW)
    assert slots(prompt) == [("mfa", "push"), ("mfa", "push"), ("sspr", "email")]


def test_module_doctests() -> None:
    import doctest

    import secinfo.requirements

    result = doctest.testmod(secinfo.requirements, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5
    assert result.failed == 0


# ------------------------------------------------------------------------------ review fixes


def test_R4_an_mfa_choice_that_adds_no_sspr_kind_does_not_hide_its_kind_from_sspr() -> None:
    """Separate experience, push for SSPR only, the code for MFA only: the [mfa] slot's
    code-only app adds no SSPR kind, so the [sspr] slot may still offer an app with push."""
    p = policy(
        [ms("push", "sspr"), ms("authenticator_code", "mfa")],
        mfa=1,
        sspr=1,
        combined_registration=CombinedRegistration(enabled_for=[]),
    )
    prompt = required_registrations(p, user(), now=NOW)
    assert slots(prompt) == [("mfa", "authenticator_code"), ("sspr", "push")]
    assert prompt.blocked is None


def test_R12_office_phone_never_offered_when_its_number_is_already_held() -> None:
    """The office phone is registered with the business phone; a user who holds that number
    as another phone would be refused as a duplicate (R10 (1)), so no slot offers it."""
    held = MobilePhone(id="m", registered_at=NOW, number="+16502530000")
    p = policy(
        [ms("sms", "mfa sspr"), ms("voice_office", "sspr")],
        sspr=2,
        office_phone_user_managed=True,
    )
    prompt = required_registrations(p, user(held, business_phone="+16502530000"), now=NOW)
    assert slots(prompt) == [("sspr",)]
    assert prompt.blocked is not None
    other = required_registrations(p, user(held, business_phone="+16502530009"), now=NOW)
    assert slots(other) == [("sspr", "voice_office")]


def test_R13_phone_regions_are_case_insensitive_and_geographic() -> None:
    sms_and_mail = [ms("sms", "sspr"), ms("email", "sspr")]
    lower = policy(
        sms_and_mail, sspr=2, phone=PhoneSettings(allowed_regions=["us"], blocked_regions=["US"])
    )
    assert interrupt_choices(lower, [], [SSPR]) == (Method.EMAIL,)
    non_geographic = policy(sms_and_mail, sspr=2, phone=PhoneSettings(allowed_regions=["001"]))
    assert interrupt_choices(non_geographic, [], [SSPR]) == (Method.EMAIL,)
    assert check_policy(non_geographic)[0].code == "sspr_methods_required_unreachable"


def test_interrupt_choices_accept_purposes_as_wire_strings() -> None:
    p = policy()
    assert interrupt_choices(p, [], ["mfa", "sspr"]) == interrupt_choices(p, [], [MFA, SSPR])


# ---- messages: pluralisation and slot numbering -------------------------------------------

BOTH = [ms("push"), ms("sms")]


@pytest.mark.parametrize(
    ("required", "mfa_sentence", "sspr_sentence"),
    [
        (
            1,
            "MFA registration is enforced for the user, who has 0 of the 1 method required.",
            "Password reset requires 1 method and the user has 0.",
        ),
        (
            2,
            "MFA registration is enforced for the user, who has 0 of the 2 methods required.",
            "Password reset requires 2 methods and the user has 0.",
        ),
    ],
)
def test_missing_method_sentences_count_in_the_singular_and_plural(
    required: int, mfa_sentence: str, sspr_sentence: str
) -> None:
    policy = TenantPolicy(
        methods=BOTH,
        mfa=MfaSettings(enforced_for=["all"], methods_required=required),
        sspr=SsprSettings(enabled_for=["all"], methods_required=required),
    )
    prompt = required_registrations(policy, UserState(user_id="u"), now=NOW)
    assert [(r.code, r.message) for r in prompt.reasons] == [
        ("mfa_methods_missing", mfa_sentence),
        ("sspr_methods_missing", sspr_sentence),
    ]


@pytest.mark.parametrize(
    ("required", "sentence"),
    [
        (
            1,
            "Password reset methods (0 of 1 method) are collected with the MFA registration, "
            "although SSPR registration is not required.",
        ),
        (
            2,
            "Password reset methods (0 of 2 methods) are collected with the MFA registration, "
            "although SSPR registration is not required.",
        ),
    ],
)
def test_collected_sspr_sentence_counts_in_the_singular_and_plural(
    required: int, sentence: str
) -> None:
    policy = TenantPolicy(
        methods=BOTH,
        mfa=MfaSettings(enforced_for=["all"]),
        sspr=SsprSettings(
            enabled_for=["all"], methods_required=required, registration_required=False
        ),
    )
    prompt = required_registrations(policy, UserState(user_id="u"), now=NOW)
    assert ("sspr_collected_with_mfa", sentence) in [(r.code, r.message) for r in prompt.reasons]


def test_sspr_only_interrupt_sentence_says_it_returns() -> None:
    policy = TenantPolicy(methods=BOTH, sspr=SsprSettings(enabled_for=["all"]))
    prompt = required_registrations(policy, UserState(user_id="u"), now=NOW)
    assert [(r.code, r.message) for r in prompt.reasons] == [
        (
            "sspr_methods_missing",
            "Password reset requires 1 method and the user has 0. It can be skipped but "
            "returns at every sign-in.",
        )
    ]


def _slot_sentence(number: int, what: str) -> str:
    return (
        f"Slot {number} needs a new {what} method, but the user can register none in an interrupt."
    )


def test_blocked_slots_are_numbered_from_one() -> None:
    nothing = TenantPolicy(
        methods=[ms("email", "sspr")], mfa=MfaSettings(enforced_for=["all"], methods_required=2)
    )
    prompt = required_registrations(nothing, UserState(user_id="u"), now=NOW)
    assert [r.message for r in prompt.reasons if r.code == "no_choice_for_slot"] == [
        _slot_sentence(1, "MFA"),
        _slot_sentence(2, "MFA"),
    ]
    assert prompt.blocked is not None
    assert prompt.blocked.requirement == "mfa"
    assert prompt.blocked.remedy.message == (
        "An administrator must enable, for this user, another MFA method they can register at "
        "sign-in (or raise its limit)."
    )


def test_only_the_second_slot_blocked_is_slot_2() -> None:
    push_only = TenantPolicy(
        methods=[ms("push", "mfa")],
        mfa=MfaSettings(enforced_for=["all"], methods_required=2),
        limits=Limits(authenticator_app=1),
    )
    prompt = required_registrations(push_only, UserState(user_id="u"), now=NOW)
    assert [slot.choices for slot in prompt.slots] == [(Method.PUSH,), ()]
    assert [r.message for r in prompt.reasons if r.code == "no_choice_for_slot"] == [
        _slot_sentence(2, "MFA")
    ]


def test_a_blocked_password_reset_slot_says_password_reset() -> None:
    policy = TenantPolicy(
        methods=[ms("push", "mfa")],
        sspr=SsprSettings(enabled_for=["all"]),
        mfa=MfaSettings(enforced_for=["all"]),
    )
    prompt = required_registrations(policy, UserState(user_id="u"), now=NOW)
    sentences = [r.message for r in prompt.reasons if r.code == "no_choice_for_slot"]
    assert sentences == [_slot_sentence(len(prompt.slots), "password reset")]
    assert prompt.blocked is not None
    assert prompt.blocked.requirement == "sspr"
    assert "another password reset method" in prompt.blocked.remedy.message
