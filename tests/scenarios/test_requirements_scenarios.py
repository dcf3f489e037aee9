"""Entra conformance table for :func:`secinfo.requirements.required_registrations`.

Every scenario cites the section of ``reference/entra-rules.md`` (``§``) or the rule
(``R``) it checks, in its id. Each one states the whole prompt it expects: mode, skippable,
slots with their choices in order, blocked (code, requirement, remedy code), review_due and the
reason codes in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest

from secinfo import (
    AlternatePhone,
    AuthenticatorApp,
    CampaignProgress,
    CampaignSettings,
    Certificate,
    CombinedRegistration,
    Email,
    HardwareOath,
    Limits,
    Method,
    MethodSetting,
    MfaSettings,
    MobilePhone,
    Passkey,
    Purpose,
    Registration,
    Session,
    SoftwareOath,
    SsprSettings,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
    WindowsHello,
)
from secinfo.requirements import required_registrations

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
OLD = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

# ---------------------------------------------------------------------------- builders


def ms(method: str, purposes: str = "mfa sspr", **targets: Any) -> MethodSetting:
    """A method setting: *purposes* lists what it is enabled for."""
    flags = purposes.split()
    return MethodSetting(method=method, mfa="mfa" in flags, sspr="sspr" in flags, **targets)


def example_methods() -> list[MethodSetting]:
    """The methods of the example policy document."""
    return [
        ms("push"),
        ms("authenticator_code"),
        ms("sms"),
        ms("voice_mobile"),
        ms("email", "sspr"),
    ]


def pol(
    methods: Iterable[MethodSetting] | None = None,
    *,
    mfa: dict[str, Any] | None = None,
    sspr: dict[str, Any] | None = None,
    **rest: Any,
) -> TenantPolicy:
    """A policy; ``mfa``/``sspr`` are keyword dicts (``{}`` = the defaults, ``None`` = off)."""
    return TenantPolicy(
        methods=list(example_methods() if methods is None else methods),
        mfa=MfaSettings(**({"enforced_for": ["all"]} | mfa)) if mfa is not None else MfaSettings(),
        sspr=(
            SsprSettings(**({"enabled_for": ["all"]} | sspr))
            if sspr is not None
            else SsprSettings()
        ),
        **rest,
    )


def app(rid: str = "r1", *, push: bool = True, at: datetime = OLD) -> AuthenticatorApp:
    return AuthenticatorApp(id=rid, registered_at=at, device_name="Pixel 9", notifications=push)


def phone(rid: str = "p1", number: str = "+16502530001", at: datetime = OLD) -> MobilePhone:
    return MobilePhone(id=rid, registered_at=at, number=number, verified_with="sms")


def email(rid: str = "e1", at: datetime = OLD) -> Email:
    return Email(id=rid, registered_at=at, address="alice@example.com")


def tap(rid: str = "t1", *, used: bool = False, start: datetime = NOW - DAY) -> Registration:
    return TemporaryAccessPass(
        id=rid,
        registered_at=start,
        registered_by="admin",
        starts_at=start,
        expires_at=start + 2 * DAY,
        used=used,
    )


def user(*registrations: Registration, **fields: Any) -> UserState:
    return UserState(user_id="u1", registrations=registrations, **fields)


def sms_session(*, minutes_ago: int = 1, registered: bool = False) -> Session:
    at = NOW - timedelta(minutes=minutes_ago)
    return Session(
        signed_in_at=at,
        signed_in_with=("password", "sms"),
        mfa_at=at,
        mfa_method="sms",
        registered_in_session=registered,
    )


# ---------------------------------------------------------------------------- expectations


@attrs.frozen(kw_only=True)
class Expect:
    mode: str
    skippable: bool
    slots: tuple[tuple[str, str], ...] = ()
    blocked: tuple[str, str, str] | None = None
    review_due: bool = False
    codes: tuple[str, ...] = ()
    experience: str = "combined"


def interrupt(
    *slots: tuple[str, str],
    skippable: bool,
    codes: tuple[str, ...],
    blocked: tuple[str, str, str] | None = None,
    **rest: Any,
) -> Expect:
    return Expect(
        mode="interrupt", skippable=skippable, slots=slots, codes=codes, blocked=blocked, **rest
    )


NONE = Expect(mode="none", skippable=False, codes=("nothing_required",))
BOTH = "mfa sspr"
PUSH_CODE_PHONE = "push authenticator_code sms voice_mobile"
SSPR_ALL = "push authenticator_code sms voice_mobile email"


def nudge(method: str = "push", *, skippable: bool = True, codes: tuple[str, ...] = ()) -> Expect:
    return Expect(
        mode="nudge",
        skippable=skippable,
        slots=(("mfa", method),),
        codes=("campaign_nudge", *codes),
    )


# ---------------------------------------------------------------------------- the table

campaign_enabled = CampaignSettings(state="enabled")
campaign_default = CampaignSettings(state="default")
LEGACY = CombinedRegistration(exclude=frozenset({"g-legacy"}))
sms_mfa = [ms("push", "mfa"), ms("sms", "mfa"), ms("voice_mobile", "mfa")]

SCENARIOS: list[tuple[str, TenantPolicy, UserState, Session | None, Expect]] = [
    (
        "design-4.1-example-sspr-only-interrupt",
        pol(mfa={}, sspr={"methods_required": 2}),
        user(app(), last_reviewed_at=datetime(2026, 6, 1, tzinfo=UTC), preferred="push"),
        None,
        interrupt(
            ("sspr", "sms voice_mobile email"), skippable=True, codes=("sspr_methods_missing",)
        ),
    ),
    (
        "s2.1-sspr-not-enabled-no-sspr-interrupt",
        pol(sspr=None),
        user(),
        None,
        NONE,
    ),
    (
        "s2.1-sspr-enabled-registration-not-required-no-interrupt",
        pol(sspr={"registration_required": False}),
        user(),
        None,
        NONE,
    ),
    (
        "s2.1-mfa-interrupt-collects-sspr-even-if-not-required",
        pol(mfa={}, sspr={"registration_required": False, "methods_required": 2}),
        user(),
        None,
        interrupt(
            (BOTH, PUSH_CODE_PHONE),
            ("sspr", "sms voice_mobile email"),
            skippable=False,
            codes=("mfa_methods_missing", "sspr_collected_with_mfa"),
        ),
    ),
    (
        "s2.1-mfa-interrupt-without-sspr-for-user-outside-sspr",
        pol(mfa={}, sspr={"enabled_for": ["g-other"]}),
        user(),
        None,
        interrupt(("mfa", PUSH_CODE_PHONE), skippable=False, codes=("mfa_methods_missing",)),
    ),
    (
        "s2.1-mfa-exclude-group-no-interrupt",
        pol(mfa={"exclude": ["g-guests"]}),
        user(groups=["g-guests"]),
        None,
        NONE,
    ),
    (
        "s2.2-sspr-only-interrupt-skippable",
        pol(sspr={}),
        user(),
        None,
        interrupt(("sspr", SSPR_ALL), skippable=True, codes=("sspr_methods_missing",)),
    ),
    (
        "s2.2-mfa-interrupt-not-skippable-without-grace",
        pol(mfa={}),
        user(),
        None,
        interrupt(("mfa", PUSH_CODE_PHONE), skippable=False, codes=("mfa_methods_missing",)),
    ),
    (
        "s2.1-R5-grace-not-started-skippable",
        pol(mfa={"grace_days": 14}),
        user(),
        None,
        interrupt(
            ("mfa", PUSH_CODE_PHONE),
            skippable=True,
            codes=("mfa_methods_missing", "mfa_grace_period"),
        ),
    ),
    (
        "s2.1-R5-grace-one-second-left-skippable",
        pol(mfa={"grace_days": 14}),
        user(first_prompted_at=NOW - 14 * DAY + timedelta(seconds=1)),
        None,
        interrupt(
            ("mfa", PUSH_CODE_PHONE),
            skippable=True,
            codes=("mfa_methods_missing", "mfa_grace_period"),
        ),
    ),
    (
        "s2.1-R5-grace-boundary-exactly-grace-days-expired",
        pol(mfa={"grace_days": 14}),
        user(first_prompted_at=NOW - 14 * DAY),
        None,
        interrupt(
            ("mfa", PUSH_CODE_PHONE),
            skippable=False,
            codes=("mfa_methods_missing", "mfa_grace_expired"),
        ),
    ),
    (
        "s2.3-two-method-rule-first-slot-mfa-capable",
        pol(
            [
                ms("passkey", "mfa"),
                ms("push"),
                ms("email", "sspr"),
                ms("security_questions", "sspr"),
            ],
            mfa={},
            sspr={"methods_required": 2},
        ),
        user(),
        None,
        interrupt(
            (BOTH, "push"),
            ("sspr", "email security_questions"),
            skippable=False,
            codes=("mfa_methods_missing", "sspr_methods_missing"),
        ),
    ),
    (
        "s2.3-worked-example-authenticator-and-phone-email-instead",
        pol(
            [ms("push"), ms("sms"), ms("voice_mobile"), ms("email", "sspr")],
            mfa={},
            sspr={"methods_required": 2},
        ),
        user(),
        None,
        interrupt(
            (BOTH, "push sms voice_mobile"),
            ("sspr", "sms voice_mobile email"),
            skippable=False,
            codes=("mfa_methods_missing", "sspr_methods_missing"),
        ),
    ),
    (
        "s2.3-most-to-least-secure-and-never-interrupt-kinds",
        pol(
            [ms(m.value, "mfa") for m in Method if m.capable(Purpose.MFA)],
            mfa={},
            office_phone_user_managed=True,
        ),
        user(business_phone="+16502530099"),
        None,
        # R18 (changed from v1): no passkey for a newcomer, who holds no usable MFA method.
        interrupt(
            ("mfa", "push authenticator_code software_oath sms voice_mobile voice_office"),
            skippable=False,
            codes=("mfa_methods_missing",),
        ),
    ),
    (
        "s2.3-mfa-two-methods-two-mfa-slots",
        pol(mfa={"methods_required": 2}),
        user(),
        None,
        interrupt(
            ("mfa", PUSH_CODE_PHONE),
            ("mfa", PUSH_CODE_PHONE),
            skippable=False,
            codes=("mfa_methods_missing",),
        ),
    ),
    (
        "s2.4-partial-email-held-asks-only-mfa-dual",
        pol(mfa={}, sspr={"methods_required": 2}),
        user(email(), last_reviewed_at=NOW),
        None,
        interrupt(
            (BOTH, PUSH_CODE_PHONE),
            skippable=False,
            codes=("mfa_methods_missing", "sspr_methods_missing"),
        ),
    ),
    (
        "s2.4-partial-phone-held-asks-other-sspr-kind",
        pol(mfa={}, sspr={"methods_required": 2}),
        user(phone(), last_reviewed_at=NOW),
        None,
        interrupt(
            ("sspr", "push authenticator_code email"),
            skippable=True,
            codes=("sspr_methods_missing",),
        ),
    ),
    (
        "s2.4-partial-one-of-two-mfa",
        pol(mfa={"methods_required": 2}),
        user(app()),
        None,
        interrupt(("mfa", PUSH_CODE_PHONE), skippable=False, codes=("mfa_methods_missing",)),
    ),
    (
        "s2.4-compliant-user-nothing",
        pol(mfa={}, sspr={"methods_required": 2}),
        user(app(), email(), last_reviewed_at=NOW),
        None,
        NONE,
    ),
    (
        "s2.5-reconfirm-0-never",
        pol(sspr={"reconfirm_days": 0}),
        user(email(at=OLD - 1000 * DAY), last_reviewed_at=OLD - 1000 * DAY),
        None,
        NONE,
    ),
    (
        "s2.5-reconfirm-boundary-exactly-reconfirm-days-due",
        pol(sspr={"reconfirm_days": 90}),
        user(email(at=NOW - 200 * DAY), last_reviewed_at=NOW - 90 * DAY),
        None,
        Expect(mode="review", skippable=True, review_due=True, codes=("review_due",)),
    ),
    (
        "s2.5-reconfirm-one-second-early-not-due",
        pol(sspr={"reconfirm_days": 90}),
        user(email(at=NOW - 200 * DAY), last_reviewed_at=NOW - 90 * DAY + timedelta(seconds=1)),
        None,
        NONE,
    ),
    (
        "s2.5-R7-recent-registration-resets-review",
        pol(sspr={"reconfirm_days": 90}),
        user(email(at=NOW - 10 * DAY), last_reviewed_at=NOW - 400 * DAY),
        None,
        NONE,
    ),
    (
        "s2.5-reconfirm-only-when-registration-required",
        pol(sspr={"reconfirm_days": 90, "registration_required": False}),
        user(email(at=NOW - 400 * DAY), last_reviewed_at=NOW - 400 * DAY),
        None,
        NONE,
    ),
    (
        "s2.5-R7-review-due-reported-during-interrupt",
        pol(sspr={"reconfirm_days": 90, "methods_required": 2}),
        user(email(at=NOW - 400 * DAY), last_reviewed_at=NOW - 400 * DAY),
        None,
        interrupt(
            ("sspr", PUSH_CODE_PHONE),
            skippable=True,
            review_due=True,
            codes=("sspr_methods_missing", "review_due"),
        ),
    ),
    (
        "s2.5-R8-review-beats-nudge",
        pol(
            [ms("push", "mfa"), ms("sms"), ms("voice_mobile", "mfa")],
            sspr={"reconfirm_days": 30},
            campaign=campaign_enabled,
        ),
        user(phone(at=NOW - 100 * DAY), last_reviewed_at=NOW - 100 * DAY),
        None,
        Expect(mode="review", skippable=True, review_due=True, codes=("review_due",)),
    ),
    (
        "s5-campaign-enabled-nudges-push",
        pol(sms_mfa, campaign=campaign_enabled),
        user(phone()),
        None,
        nudge(),
    ),
    (
        "s5-campaign-default-nudges-sms-voice-users",
        pol(sms_mfa, campaign=campaign_default),
        user(phone()),
        None,
        nudge(),
    ),
    (
        "s5-campaign-default-not-for-totp-users",
        pol([*sms_mfa, ms("software_oath", "mfa")], campaign=campaign_default),
        user(SoftwareOath(id="o1", registered_at=OLD, name="Authy")),
        None,
        NONE,
    ),
    (
        "s5-campaign-disabled",
        pol(sms_mfa, campaign=CampaignSettings(state="disabled")),
        user(phone()),
        None,
        NONE,
    ),
    (
        "s5-authenticator-code-only-user-is-nudged",
        pol([ms("push", "mfa"), ms("authenticator_code", "mfa")], campaign=campaign_enabled),
        user(app(push=False)),
        None,
        nudge(),
    ),
    (
        "s5-push-user-not-nudged",
        pol(sms_mfa, campaign=campaign_enabled),
        user(app()),
        None,
        NONE,
    ),
    (
        "s5-campaign-push-not-enabled-no-nudge",
        pol([ms("sms", "mfa")], campaign=campaign_enabled),
        user(phone()),
        None,
        NONE,
    ),
    (
        "s5-excluded-group-wins",
        pol(sms_mfa, campaign=CampaignSettings(state="enabled", exclude=frozenset({"g1"}))),
        user(phone(), groups=["g1"]),
        None,
        NONE,
    ),
    (
        "s5-RETIRE-passkey-campaign",
        pol(
            [*sms_mfa, ms("passkey", "mfa")],
            campaign=CampaignSettings(state="default", method="passkey"),
        ),
        user(phone()),
        None,
        nudge("passkey"),
    ),
    (
        "s5-three-snoozes-then-required",
        pol(sms_mfa, campaign=campaign_enabled),
        user(phone(), campaign=CampaignProgress(snoozes=3, last_snoozed_at=NOW - 2 * DAY)),
        None,
        nudge(skippable=False, codes=("snoozes_exhausted",)),
    ),
    (
        "s5-two-snoozes-still-skippable",
        pol(sms_mfa, campaign=campaign_enabled),
        user(phone(), campaign=CampaignProgress(snoozes=2, last_snoozed_at=NOW - 2 * DAY)),
        None,
        nudge(),
    ),
    (
        "s5-unlimited-snoozes",
        pol(sms_mfa, campaign=CampaignSettings(state="enabled", limited_snoozes=False)),
        user(phone(), campaign=CampaignProgress(snoozes=5, last_snoozed_at=NOW - 2 * DAY)),
        None,
        nudge(),
    ),
    (
        "s5-snooze-days-0-every-mfa",
        pol(sms_mfa, campaign=CampaignSettings(state="enabled", snooze_days=0)),
        user(phone(), campaign=CampaignProgress(snoozes=1, last_snoozed_at=NOW)),
        None,
        nudge(),
    ),
    (
        "s5-snoozed-within-snooze-days",
        pol(sms_mfa, campaign=CampaignSettings(state="enabled", snooze_days=2)),
        user(phone(), campaign=CampaignProgress(snoozes=1, last_snoozed_at=NOW - DAY)),
        None,
        Expect(mode="none", skippable=False, codes=("nothing_required", "campaign_snoozed")),
    ),
    (
        "s5-snooze-boundary-exactly-snooze-days",
        pol(sms_mfa, campaign=CampaignSettings(state="enabled", snooze_days=2)),
        user(phone(), campaign=CampaignProgress(snoozes=1, last_snoozed_at=NOW - 2 * DAY)),
        None,
        nudge(),
    ),
    (
        "s5-not-in-session-that-registered",
        pol(sms_mfa, campaign=campaign_enabled),
        user(phone()),
        sms_session(registered=True),
        Expect(
            mode="none", skippable=False, codes=("nothing_required", "campaign_after_registration")
        ),
    ),
    (
        "s5-R9-only-after-fresh-mfa",
        pol(sms_mfa, campaign=campaign_enabled),
        user(phone()),
        sms_session(minutes_ago=16),
        Expect(mode="none", skippable=False, codes=("nothing_required", "campaign_needs_mfa")),
    ),
    (
        "s5-R9-after-fresh-mfa-session",
        pol(sms_mfa, campaign=campaign_enabled),
        user(phone()),
        sms_session(minutes_ago=15),
        nudge(),
    ),
    (
        "s1.2-R12-office-phone-user-managed-with-business-phone",
        pol(
            [ms("voice_office", "sspr"), ms("email", "sspr")],
            sspr={},
            office_phone_user_managed=True,
        ),
        user(business_phone="+16502530099"),
        None,
        interrupt(("sspr", "voice_office email"), skippable=True, codes=("sspr_methods_missing",)),
    ),
    (
        "s1.2-R12-office-phone-not-without-business-phone",
        pol(
            [ms("voice_office", "sspr"), ms("email", "sspr")],
            sspr={},
            office_phone_user_managed=True,
        ),
        user(),
        None,
        interrupt(("sspr", "email"), skippable=True, codes=("sspr_methods_missing",)),
    ),
    (
        "s1.2-R12-office-phone-not-when-admin-managed",
        pol([ms("voice_office")], mfa={}),
        user(business_phone="+16502530099"),
        None,
        interrupt(
            ("mfa", ""),
            skippable=False,
            codes=("mfa_methods_missing", "no_choice_for_slot"),
            blocked=("no_choice_for_slot", "mfa", "enable_method"),
        ),
    ),
    (
        "R4-separate-experience-mfa-then-sspr",
        pol(mfa={}, sspr={"methods_required": 2}, combined_registration=LEGACY),
        user(groups=["g-legacy"]),
        None,
        interrupt(
            ("mfa", PUSH_CODE_PHONE),
            ("sspr", "sms voice_mobile email"),
            skippable=False,
            experience="separate",
            codes=("mfa_methods_missing", "sspr_methods_missing", "separate_experience"),
        ),
    ),
    (
        "R4-separate-experience-mfa-first-choice-counts-for-sspr",
        pol(mfa={}, sspr={}, combined_registration=LEGACY),
        user(groups=["g-legacy"]),
        None,
        interrupt(
            ("mfa", PUSH_CODE_PHONE),
            skippable=False,
            experience="separate",
            codes=("mfa_methods_missing", "sspr_methods_missing", "separate_experience"),
        ),
    ),
    (
        "R4-R18-separate-experience-no-passkey-for-a-newcomer-then-sspr",
        pol(
            [ms("passkey", "mfa"), ms("push"), ms("email", "sspr")],
            mfa={},
            sspr={},
            combined_registration=LEGACY,
        ),
        user(groups=["g-legacy"]),
        None,
        # R18 (changed from v1, where the passkey came first): the newcomer holds no usable MFA
        # method; the app registered first counts for SSPR too, so no SSPR slot follows.
        interrupt(
            ("mfa", "push"),
            skippable=False,
            experience="separate",
            codes=("mfa_methods_missing", "sspr_methods_missing", "separate_experience"),
        ),
    ),
    (
        "R4-combined-passkey-not-dual-push-first",
        pol([ms("passkey", "mfa"), ms("push"), ms("email", "sspr")], mfa={}, sspr={}),
        user(),
        None,
        interrupt(
            (BOTH, "push"),
            skippable=False,
            codes=("mfa_methods_missing", "sspr_methods_missing"),
        ),
    ),
    (
        "s2.1-R3-collected-sspr-not-collectable-does-not-block",
        pol(
            [ms("push", "mfa"), ms("email", "sspr")],
            mfa={},
            sspr={"registration_required": False, "methods_required": 2},
        ),
        user(),
        None,
        interrupt(
            ("mfa", "push"),
            ("sspr", "email"),
            skippable=False,
            codes=("mfa_methods_missing", "sspr_collected_with_mfa", "sspr_not_collectable"),
        ),
    ),
    (
        "R4-combined-same-policy-one-dual-slot",
        pol(mfa={}, sspr={}, combined_registration=LEGACY),
        user(),
        None,
        interrupt(
            (BOTH, PUSH_CODE_PHONE),
            skippable=False,
            codes=("mfa_methods_missing", "sspr_methods_missing"),
        ),
    ),
    (
        "R1-tap-never-counts-never-a-choice",
        pol([ms("temporary_access_pass", "mfa"), ms("push", "mfa")], mfa={}),
        user(tap()),
        None,
        interrupt(("mfa", "push"), skippable=False, codes=("mfa_methods_missing",)),
    ),
    (
        "R1-only-tap-enabled-blocked",
        pol([ms("temporary_access_pass", "mfa")], mfa={}),
        user(tap()),
        None,
        interrupt(
            ("mfa", ""),
            skippable=False,
            codes=("mfa_methods_missing", "no_choice_for_slot"),
            blocked=("no_choice_for_slot", "mfa", "enable_method"),
        ),
    ),
    (
        "s1.2-R4-hello-alternate-hardware-cert-never-in-interrupt",
        pol(
            [
                ms("windows_hello", "mfa"),
                ms("voice_alternate", "mfa"),
                ms("hardware_oath"),
                ms("certificate", "mfa"),
            ],
            mfa={},
        ),
        user(phone()),
        None,
        interrupt(
            ("mfa", ""),
            skippable=False,
            codes=("mfa_methods_missing", "no_choice_for_slot"),
            blocked=("no_choice_for_slot", "mfa", "enable_method"),
        ),
    ),
    (
        "s1.2-admin-registered-kinds-still-count",
        pol([ms("windows_hello", "mfa"), ms("hardware_oath")], mfa={}, sspr={}),
        user(
            WindowsHello(id="w1", registered_at=OLD, device_name="Laptop"),
            HardwareOath(id="h1", registered_at=OLD, registered_by="admin", serial="X1"),
            AlternatePhone(id="a1", registered_at=OLD, number="+16502530002"),
            Certificate(id="c1", registered_at=OLD, registered_by="admin", subject="CN=u1"),
            last_reviewed_at=NOW,
        ),
        None,
        NONE,
    ),
    (
        "s1.2-limits-app-at-limit-not-offered",
        pol(
            [ms("push", "mfa"), ms("authenticator_code", "sspr"), ms("sms", "mfa")],
            mfa={},
            limits=Limits(authenticator_app=1),
        ),
        user(app(push=False)),
        None,
        interrupt(("mfa", "sms"), skippable=False, codes=("mfa_methods_missing",)),
    ),
    (
        "s1.2-limits-one-phone-two-mfa-slots-blocked",
        pol([ms("sms", "mfa"), ms("voice_mobile", "mfa")], mfa={"methods_required": 2}),
        user(),
        None,
        interrupt(
            ("mfa", "sms voice_mobile"),
            ("mfa", ""),
            skippable=False,
            codes=("mfa_methods_missing", "no_choice_for_slot"),
            blocked=("no_choice_for_slot", "mfa", "enable_method"),
        ),
    ),
    (
        "s1.2-limits-passkeys-two-mfa-slots",
        pol([ms("passkey", "mfa")], mfa={"methods_required": 2}),
        user(Passkey(id="k1", registered_at=OLD, name="Yubikey"), preferred=None),
        None,
        interrupt(("mfa", "passkey"), skippable=False, codes=("mfa_methods_missing",)),
    ),
    (
        "s7-method-target-exclude-wins",
        pol([ms("push", exclude=["g-frontline"]), ms("sms")], mfa={}),
        user(groups=["g-frontline"]),
        None,
        interrupt(("mfa", "sms"), skippable=False, codes=("mfa_methods_missing",)),
    ),
    (
        "R4-split-push-mfa-code-sspr-dual-slot-offers-push",
        pol(
            [ms("push", "mfa"), ms("authenticator_code", "sspr"), ms("email", "sspr")],
            mfa={},
            sspr={"methods_required": 2},
        ),
        user(),
        None,
        interrupt(
            (BOTH, "push"),
            ("sspr", "email"),
            skippable=False,
            codes=("mfa_methods_missing", "sspr_methods_missing"),
        ),
    ),
    (
        "R4-split-sms-mfa-voice-sspr-phone-counts-for-both",
        pol(
            [ms("sms", "mfa"), ms("voice_mobile", "sspr"), ms("email", "sspr")],
            mfa={},
            sspr={"methods_required": 2},
        ),
        user(),
        None,
        interrupt(
            (BOTH, "sms voice_mobile"),
            ("sspr", "email"),
            skippable=False,
            codes=("mfa_methods_missing", "sspr_methods_missing"),
        ),
    ),
    (
        "R6-no-method-enabled-blocked",
        pol([], mfa={}),
        user(),
        None,
        interrupt(
            ("mfa", ""),
            skippable=False,
            codes=("mfa_methods_missing", "no_choice_for_slot"),
            blocked=("no_choice_for_slot", "mfa", "enable_method"),
        ),
    ),
    (
        "R6-sspr-second-kind-missing-blocked",
        pol([ms("email", "sspr")], sspr={"methods_required": 2}),
        user(),
        None,
        interrupt(
            ("sspr", "email"),
            ("sspr", ""),
            skippable=True,
            codes=("sspr_methods_missing", "no_choice_for_slot"),
            blocked=("no_choice_for_slot", "sspr", "enable_method"),
        ),
    ),
    (
        "s3.3-R6-tap-bootstrap-without-tap-evidence-blocked",
        pol(mfa={}, bootstrap="temporary_access_pass"),
        user(),
        None,
        interrupt(
            ("mfa", PUSH_CODE_PHONE),
            skippable=False,
            codes=("mfa_methods_missing", "bootstrap_denied"),
            blocked=("bootstrap_denied", "bootstrap", "issue_temporary_access_pass"),
        ),
    ),
    (
        "s3.3-R6-tap-bootstrap-with-tap-sign-in-not-blocked",
        pol(
            [*example_methods(), ms("temporary_access_pass", "mfa")],
            mfa={},
            bootstrap="temporary_access_pass",
        ),
        user(tap(used=True, start=NOW - timedelta(minutes=30))),
        Session(signed_in_at=NOW - timedelta(minutes=2), signed_in_with=["temporary_access_pass"]),
        interrupt(("mfa", PUSH_CODE_PHONE), skippable=False, codes=("mfa_methods_missing",)),
    ),
    (
        "R6-administrator-bootstrap-blocked",
        pol(sspr={}, bootstrap="administrator"),
        user(),
        None,
        interrupt(
            ("sspr", SSPR_ALL),
            skippable=True,
            codes=("sspr_methods_missing", "bootstrap_denied"),
            blocked=("bootstrap_denied", "bootstrap", "admin_registers_method"),
        ),
    ),
    (
        "R6-password-bootstrap-stale-sign-in-blocked",
        pol(mfa={}),
        user(),
        Session(signed_in_at=NOW - timedelta(minutes=16)),
        interrupt(
            ("mfa", PUSH_CODE_PHONE),
            skippable=False,
            codes=("mfa_methods_missing", "bootstrap_denied"),
            blocked=("bootstrap_denied", "bootstrap", "sign_in_again"),
        ),
    ),
    (
        "seed-F01-disabled-default-not-blocked-user-keeps-usable-method",
        pol(
            [ms("push"), ms("sms", "sspr"), ms("email", "sspr")],
            mfa={},
            sspr={"methods_required": 2},
        ),
        user(app(), phone(), preferred="voice_mobile", last_reviewed_at=NOW),
        None,
        NONE,
    ),
]


@pytest.mark.parametrize(
    ("policy", "state", "session", "expect"),
    [pytest.param(p, u, s, e, id=name) for name, p, u, s, e in SCENARIOS],
)
def test_scenario(
    policy: TenantPolicy, state: UserState, session: Session | None, expect: Expect
) -> None:
    prompt = required_registrations(policy, state, now=NOW, session=session)
    got = Expect(
        mode=prompt.mode.value,
        skippable=prompt.skippable,
        slots=tuple(
            (" ".join(p.value for p in slot.purposes), " ".join(m.value for m in slot.choices))
            for slot in prompt.slots
        ),
        blocked=(
            None
            if prompt.blocked is None
            else (prompt.blocked.code, prompt.blocked.requirement, prompt.blocked.remedy.code)
        ),
        review_due=prompt.review_due,
        codes=tuple(reason.code for reason in prompt.reasons),
        experience=prompt.experience.value,
    )
    assert got == expect
    assert all(reason.message for reason in prompt.reasons)


def test_there_are_at_least_thirty_scenarios() -> None:
    assert len(SCENARIOS) >= 30
    assert len({name for name, *_ in SCENARIOS}) == len(SCENARIOS)


def test_design_4_1_example_prompt_exactly() -> None:
    """The documented prompt JSON, key for key (messages aside)."""
    policy, state = SCENARIOS[0][1], SCENARIOS[0][2]
    document = required_registrations(policy, state, now=NOW).to_dict()
    assert [r["code"] for r in document.pop("reasons")] == ["sspr_methods_missing"]
    assert document == {
        "mode": "interrupt",
        "experience": "combined",
        "skippable": True,
        "review_due": False,
        "slots": [{"purposes": ["sspr"], "choices": ["sms", "voice_mobile", "email"]}],
        "blocked": None,
    }
