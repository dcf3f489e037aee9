"""Every reason's message in the conformance table of ``test_requirements_scenarios.py``, word for
word: a prompt's explanation is part of its behaviour (a dropped or altered message, a wrong
count or plural, a wrong slot number is a defect). The remedy of a blocked prompt is listed last,
after ``remedy:``."""

from __future__ import annotations

import pytest

from secinfo.requirements import required_registrations

from .test_requirements_scenarios import NOW, SCENARIOS

MESSAGES: dict[str, tuple[str, ...]] = {
    "design-4.1-example-sspr-only-interrupt": (
        (
            "Password reset requires 2 methods and the user has 1. It can be skipped but "
            "returns at every sign-in."
        ),
    ),
    "s2.1-sspr-not-enabled-no-sspr-interrupt": (
        "The user meets the registration policy; nothing is asked.",
    ),
    "s2.1-sspr-enabled-registration-not-required-no-interrupt": (
        "The user meets the registration policy; nothing is asked.",
    ),
    "s2.1-mfa-interrupt-collects-sspr-even-if-not-required": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        (
            "Password reset methods (0 of 2 methods) are collected with the MFA "
            "registration, although SSPR registration is not required."
        ),
    ),
    "s2.1-mfa-interrupt-without-sspr-for-user-outside-sspr": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
    ),
    "s2.1-mfa-exclude-group-no-interrupt": (
        "The user meets the registration policy; nothing is asked.",
    ),
    "s2.2-sspr-only-interrupt-skippable": (
        (
            "Password reset requires 1 method and the user has 0. It can be skipped but "
            "returns at every sign-in."
        ),
    ),
    "s2.2-mfa-interrupt-not-skippable-without-grace": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
    ),
    "s2.1-R5-grace-not-started-skippable": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        (
            "The user may skip MFA registration during a 14-day grace period, which starts "
            "when they first skip."
        ),
    ),
    "s2.1-R5-grace-one-second-left-skippable": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        (
            "The user may skip MFA registration until 2026-11-25T12:00:01+00:00, the end of "
            "the 14-day grace period."
        ),
    ),
    "s2.1-R5-grace-boundary-exactly-grace-days-expired": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "The 14-day grace period for MFA registration is over; it cannot be skipped.",
    ),
    "s2.3-two-method-rule-first-slot-mfa-capable": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Password reset requires 2 methods and the user has 0.",
    ),
    "s2.3-worked-example-authenticator-and-phone-email-instead": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Password reset requires 2 methods and the user has 0.",
    ),
    "s2.3-most-to-least-secure-and-never-interrupt-kinds": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
    ),
    "s2.3-mfa-two-methods-two-mfa-slots": (
        ("MFA registration is enforced for the user, who has 0 of the 2 methods required."),
    ),
    "s2.4-partial-email-held-asks-only-mfa-dual": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Password reset requires 2 methods and the user has 1.",
    ),
    "s2.4-partial-phone-held-asks-other-sspr-kind": (
        (
            "Password reset requires 2 methods and the user has 1. It can be skipped but "
            "returns at every sign-in."
        ),
    ),
    "s2.4-partial-one-of-two-mfa": (
        ("MFA registration is enforced for the user, who has 1 of the 2 methods required."),
    ),
    "s2.4-compliant-user-nothing": ("The user meets the registration policy; nothing is asked.",),
    "s2.5-reconfirm-0-never": ("The user meets the registration policy; nothing is asked.",),
    "s2.5-reconfirm-boundary-exactly-reconfirm-days-due": (
        ("The user last confirmed their security info 90 days ago; SSPR asks every 90 days."),
    ),
    "s2.5-reconfirm-one-second-early-not-due": (
        "The user meets the registration policy; nothing is asked.",
    ),
    "s2.5-R7-recent-registration-resets-review": (
        "The user meets the registration policy; nothing is asked.",
    ),
    "s2.5-reconfirm-only-when-registration-required": (
        "The user meets the registration policy; nothing is asked.",
    ),
    "s2.5-R7-review-due-reported-during-interrupt": (
        (
            "Password reset requires 2 methods and the user has 1. It can be skipped but "
            "returns at every sign-in."
        ),
        ("The user last confirmed their security info 400 days ago; SSPR asks every 90 days."),
    ),
    "s2.5-R8-review-beats-nudge": (
        ("The user last confirmed their security info 100 days ago; SSPR asks every 30 days."),
    ),
    "s5-campaign-enabled-nudges-push": ("The registration campaign asks the user to set up push.",),
    "s5-campaign-default-nudges-sms-voice-users": (
        "The registration campaign asks the user to set up push.",
    ),
    "s5-campaign-default-not-for-totp-users": (
        "The user meets the registration policy; nothing is asked.",
    ),
    "s5-campaign-disabled": ("The user meets the registration policy; nothing is asked.",),
    "s5-authenticator-code-only-user-is-nudged": (
        "The registration campaign asks the user to set up push.",
    ),
    "s5-push-user-not-nudged": ("The user meets the registration policy; nothing is asked.",),
    "s5-campaign-push-not-enabled-no-nudge": (
        "The user meets the registration policy; nothing is asked.",
    ),
    "s5-excluded-group-wins": ("The user meets the registration policy; nothing is asked.",),
    "s5-RETIRE-passkey-campaign": ("The registration campaign asks the user to set up passkey.",),
    "s5-three-snoozes-then-required": (
        "The registration campaign asks the user to set up push.",
        "The user has used all 3 snoozes; setup is now required.",
    ),
    "s5-two-snoozes-still-skippable": ("The registration campaign asks the user to set up push.",),
    "s5-unlimited-snoozes": ("The registration campaign asks the user to set up push.",),
    "s5-snooze-days-0-every-mfa": ("The registration campaign asks the user to set up push.",),
    "s5-snoozed-within-snooze-days": (
        "The user meets the registration policy; nothing is asked.",
        "The user snoozed the campaign less than 2 days ago.",
    ),
    "s5-snooze-boundary-exactly-snooze-days": (
        "The registration campaign asks the user to set up push.",
    ),
    "s5-not-in-session-that-registered": (
        "The user meets the registration policy; nothing is asked.",
        ("The campaign is not shown in a session in which the user registered security info."),
    ),
    "s5-R9-only-after-fresh-mfa": (
        "The user meets the registration policy; nothing is asked.",
        "The campaign is shown only after a recent MFA in this session.",
    ),
    "s5-R9-after-fresh-mfa-session": ("The registration campaign asks the user to set up push.",),
    "s1.2-R12-office-phone-user-managed-with-business-phone": (
        (
            "Password reset requires 1 method and the user has 0. It can be skipped but "
            "returns at every sign-in."
        ),
    ),
    "s1.2-R12-office-phone-not-without-business-phone": (
        (
            "Password reset requires 1 method and the user has 0. It can be skipped but "
            "returns at every sign-in."
        ),
    ),
    "s1.2-R12-office-phone-not-when-admin-managed": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Slot 1 needs a new MFA method, but the user can register none in an interrupt.",
        (
            "remedy: An administrator must enable, for this user, another MFA method they "
            "can register at sign-in (or raise its limit)."
        ),
    ),
    "R4-separate-experience-mfa-then-sspr": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Password reset requires 2 methods and the user has 0.",
        (
            "The user is outside combined registration: MFA and password reset methods are "
            "asked for separately."
        ),
    ),
    "R4-separate-experience-mfa-first-choice-counts-for-sspr": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Password reset requires 1 method and the user has 0.",
        (
            "The user is outside combined registration: MFA and password reset methods are "
            "asked for separately."
        ),
    ),
    "R4-R18-separate-experience-no-passkey-for-a-newcomer-then-sspr": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Password reset requires 1 method and the user has 0.",
        (
            "The user is outside combined registration: MFA and password reset methods are "
            "asked for separately."
        ),
    ),
    "R4-combined-passkey-not-dual-push-first": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Password reset requires 1 method and the user has 0.",
    ),
    "s2.1-R3-collected-sspr-not-collectable-does-not-block": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        (
            "Password reset methods (0 of 2 methods) are collected with the MFA "
            "registration, although SSPR registration is not required."
        ),
        (
            "No further password reset method can be registered at sign-in, so only the MFA "
            "registration is asked for."
        ),
    ),
    "R4-combined-same-policy-one-dual-slot": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Password reset requires 1 method and the user has 0.",
    ),
    "R1-tap-never-counts-never-a-choice": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
    ),
    "R1-only-tap-enabled-blocked": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Slot 1 needs a new MFA method, but the user can register none in an interrupt.",
        (
            "remedy: An administrator must enable, for this user, another MFA method they "
            "can register at sign-in (or raise its limit)."
        ),
    ),
    "s1.2-R4-hello-alternate-hardware-cert-never-in-interrupt": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Slot 1 needs a new MFA method, but the user can register none in an interrupt.",
        (
            "remedy: An administrator must enable, for this user, another MFA method they "
            "can register at sign-in (or raise its limit)."
        ),
    ),
    "s1.2-admin-registered-kinds-still-count": (
        "The user meets the registration policy; nothing is asked.",
    ),
    "s1.2-limits-app-at-limit-not-offered": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
    ),
    "s1.2-limits-one-phone-two-mfa-slots-blocked": (
        ("MFA registration is enforced for the user, who has 0 of the 2 methods required."),
        "Slot 2 needs a new MFA method, but the user can register none in an interrupt.",
        (
            "remedy: An administrator must enable, for this user, another MFA method they "
            "can register at sign-in (or raise its limit)."
        ),
    ),
    "s1.2-limits-passkeys-two-mfa-slots": (
        ("MFA registration is enforced for the user, who has 1 of the 2 methods required."),
    ),
    "s7-method-target-exclude-wins": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
    ),
    "R4-split-push-mfa-code-sspr-dual-slot-offers-push": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Password reset requires 2 methods and the user has 0.",
    ),
    "R4-split-sms-mfa-voice-sspr-phone-counts-for-both": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Password reset requires 2 methods and the user has 0.",
    ),
    "R6-no-method-enabled-blocked": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "Slot 1 needs a new MFA method, but the user can register none in an interrupt.",
        (
            "remedy: An administrator must enable, for this user, another MFA method they "
            "can register at sign-in (or raise its limit)."
        ),
    ),
    "R6-sspr-second-kind-missing-blocked": (
        (
            "Password reset requires 2 methods and the user has 0. It can be skipped but "
            "returns at every sign-in."
        ),
        (
            "Slot 2 needs a new password reset method, but the user can register none in an "
            "interrupt."
        ),
        (
            "remedy: An administrator must enable, for this user, another password reset "
            "method they can register at sign-in (or raise its limit)."
        ),
    ),
    "s3.3-R6-tap-bootstrap-without-tap-evidence-blocked": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "No usable MFA method: the policy requires a Temporary Access Pass sign-in.",
        (
            "remedy: An administrator must issue a Temporary Access Pass so the user can "
            "sign in with it."
        ),
    ),
    "s3.3-R6-tap-bootstrap-with-tap-sign-in-not-blocked": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
    ),
    "R6-administrator-bootstrap-blocked": (
        (
            "Password reset requires 1 method and the user has 0. It can be skipped but "
            "returns at every sign-in."
        ),
        "No usable MFA method: only an administrator may register the first method.",
        "remedy: An administrator must register an authentication method for the user.",
    ),
    "R6-password-bootstrap-stale-sign-in-blocked": (
        "MFA registration is enforced for the user, who has 0 of the 1 method required.",
        "No usable MFA method and no fresh sign-in.",
        ("remedy: Sign in again: the password sign-in is too old to manage security info."),
    ),
    "seed-F01-disabled-default-not-blocked-user-keeps-usable-method": (
        "The user meets the registration policy; nothing is asked.",
    ),
}


@pytest.mark.parametrize("name", list(MESSAGES))
def test_every_reason_says_what_it_should(name: str) -> None:
    _, policy, state, session, _ = next(s for s in SCENARIOS if s[0] == name)
    prompt = required_registrations(policy, state, now=NOW, session=session)
    got = [reason.message for reason in prompt.reasons]
    if prompt.blocked is not None:
        got.append("remedy: " + prompt.blocked.remedy.message)
    assert tuple(got) == MESSAGES[name]


def test_every_scenario_has_its_messages() -> None:
    assert set(MESSAGES) == {name for name, *_ in SCENARIOS}
