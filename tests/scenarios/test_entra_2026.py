"""Entra conformance for today's Entra (rules R16–R23, docs/rules.md): each test names the
Entra scenario it comes from (Microsoft's Entra documentation, 2025–2026), then states the
policy, the user, the session and the expected outcome.

Sections are per rule so that the rules' tests can grow side by side.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs
import pytest

from secinfo import (
    Action,
    Activity,
    Actor,
    Bootstrap,
    CampaignSettings,
    Gate,
    GateOutcome,
    InvalidArgument,
    InvalidDocument,
    Method,
    PromptMode,
    Registration,
    RegistrationStrength,
    TenantPolicy,
    dump_policy,
    load_policy,
    register,
    remove,
    require_reregistration,
    required_registrations,
    step_up,
    update,
)

from .._gate import (
    EARLIER,
    NOW,
    app,
    email,
    enforced,
    hardware,
    hello,
    mfa_session,
    mobile,
    office,
    passkey,
    password_session,
    settings,
    software,
    tap,
    tap_session,
    user,
)

ALLOW, STEP_UP, DENY = GateOutcome.ALLOW, GateOutcome.STEP_UP, GateOutcome.DENY
PHISHING_RESISTANT_AND_TAP = ["passkey", "windows_hello", "certificate", "temporary_access_pass"]


def gate_tenant(*, passkey_self_service: bool = True, **kwargs: Any) -> TenantPolicy:
    """Authenticator app, phone, email, passkeys, Windows Hello and the Temporary Access Pass
    enabled for everyone, MFA enforced for everyone; *kwargs* override."""
    methods = [
        attrs.evolve(s, self_service=passkey_self_service) if s.method is Method.PASSKEY else s
        for s in settings(
            [
                Method.TEMPORARY_ACCESS_PASS,
                Method.PASSKEY,
                Method.WINDOWS_HELLO,
                Method.PUSH,
                Method.AUTHENTICATOR_CODE,
                Method.SMS,
                Method.VOICE_MOBILE,
                Method.EMAIL,
            ]
        )
    ]
    return TenantPolicy(**{"methods": methods, "mfa": enforced(), **kwargs})


def remedy(gate: Gate) -> str:
    assert gate.outcome is DENY
    assert gate.remedy is not None
    return str(gate.remedy.code)


def remedy_message(gate: Gate) -> str:
    remedy(gate)
    assert gate.remedy is not None
    return gate.remedy.message


# ============================================================================================
# R18 Passwordless credentials are registered with MFA
# Entra: "MFA is required for all passwordless credential registration"; passkey profiles (MFA
# within the past five minutes before adding or modifying a passkey, "Allow self-service set
# up"); TAP how-to (a one-time pass registers passwordless methods within ten minutes).
# ============================================================================================


def test_r18_a_newcomer_never_adds_a_passkey_on_a_password_alone() -> None:
    # Entra: a user with no MFA method signs in with a password; the passkey needs MFA first.
    p, newcomer, signed_in = gate_tenant(), user(), password_session(timedelta(minutes=1))
    gate = step_up(p, newcomer, Action.ADD, session=signed_in, now=NOW, target=passkey())
    assert remedy(gate) == "register_other_method_first"
    assert gate.reasons[0].code == "passwordless_needs_mfa"
    assert remedy(step_up(p, newcomer, Action.ADD, session=signed_in, now=NOW, target=hello())) == (
        "register_other_method_first"
    )
    # The password bootstrap still lets them register an Authenticator app.
    assert step_up(p, newcomer, Action.ADD, session=signed_in, now=NOW, target=app()).outcome is (
        ALLOW
    )
    change = register(p, newcomer, passkey(), session=signed_in, now=NOW)
    assert not change.allowed
    assert [(e.activity, e.result.value) for e in change.events] == [
        (Activity.USER_REGISTERED, "failure")
    ]


def test_r18_after_the_app_a_passkey_is_added_within_passkey_add_minutes() -> None:
    # Entra: the user registered the app, passes MFA with it and adds the passkey in 5 minutes.
    p, u = gate_tenant(), user(app())
    assert step_up(p, u, Action.ADD, session=mfa_session(timedelta(minutes=5)), now=NOW,
                   target=passkey()).outcome is ALLOW  # fmt: skip
    late = step_up(p, u, Action.ADD, session=mfa_session(timedelta(minutes=6)), now=NOW,
                   target=passkey())  # fmt: skip
    assert (late.outcome, late.methods) == (STEP_UP, (Method.PUSH, Method.AUTHENTICATOR_CODE))


@pytest.mark.parametrize("registration", [passkey(), hello()], ids=["passkey", "windows_hello"])
def test_r18_updating_a_passwordless_credential_needs_mfa_within_passkey_add_minutes(
    registration: Any,
) -> None:
    # Entra passkey profiles: "adding or modifying" a passkey needs MFA in the past 5 minutes.
    p = gate_tenant()
    u = user(app(), passkey(), hello())
    renamed = attrs.evolve(registration, registered_at=EARLIER + timedelta(days=1))
    six = mfa_session(timedelta(minutes=6))
    assert step_up(p, u, Action.UPDATE, session=six, now=NOW, target=renamed).outcome is STEP_UP
    four = mfa_session(timedelta(minutes=4))
    assert step_up(p, u, Action.UPDATE, session=four, now=NOW, target=renamed).outcome is ALLOW
    assert update(p, u, renamed, session=four, now=NOW).allowed
    # Deleting one needs only the session window.
    assert step_up(p, u, Action.DELETE, session=six, now=NOW, target=registration.id).outcome is (
        ALLOW
    )


def test_r18_a_one_time_pass_serves_ten_minutes_for_a_passkey() -> None:
    # Entra TAP how-to: after signing in with a one-time pass, the user has 10 minutes to
    # register a passwordless method.
    p = gate_tenant(bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS)
    u = user(tap(one_time=True, used=True))  # the sign-in spent the pass
    nine = tap_session(timedelta(minutes=9))
    assert step_up(p, u, Action.ADD, session=nine, now=NOW, target=passkey()).outcome is ALLOW
    assert register(p, u, passkey(), session=nine, now=NOW).allowed
    eleven = tap_session(timedelta(minutes=11))
    gate = step_up(p, u, Action.ADD, session=eleven, now=NOW, target=passkey())
    # The remedy does not tell someone who just used a pass that an administrator issues one:
    # the sign-in still serves (session_minutes) for another method, which then serves as MFA.
    assert remedy(gate) == "register_other_method_first"
    assert "issue" not in remedy_message(gate).lower()
    assert step_up(p, u, Action.ADD, session=eleven, now=NOW, target=app()).outcome is ALLOW


def test_r18_a_multi_use_pass_serves_passkey_add_minutes() -> None:
    p = gate_tenant(bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS)
    u = user(tap(one_time=False))  # still active, so it is a usable MFA method: step-up
    five = tap_session(timedelta(minutes=5))
    assert step_up(p, u, Action.ADD, session=five, now=NOW, target=passkey()).outcome is ALLOW
    gate = step_up(p, u, Action.ADD, session=tap_session(timedelta(minutes=6)), now=NOW,
                   target=passkey())  # fmt: skip
    assert (gate.outcome, gate.methods) == (STEP_UP, (Method.TEMPORARY_ACCESS_PASS,))


@pytest.mark.parametrize(
    ("pass_", "expected"),
    [
        (tap(one_time=True, used=True), "temporary_access_pass_spent"),
        # active at the sign-in 20 minutes ago, expired since
        (tap(starts_at=NOW - timedelta(minutes=70)), "temporary_access_pass_spent"),
        (None, "issue_temporary_access_pass"),
    ],
    ids=["one-time-spent", "expired", "never-signed-in-with-a-pass"],
)
def test_r18_the_remedy_after_a_stale_pass_sign_in(pass_: Any, expected: str) -> None:
    # Entra TAP bootstrap: a user whose pass sign-in no longer serves is told what happened to
    # their pass, not asked for a pass as if they never had one.
    p = gate_tenant(bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS)
    u = user() if pass_ is None else user(pass_)
    old = tap_session(timedelta(minutes=20))
    gate = step_up(p, u, Action.VIEW, session=old, now=NOW)
    assert remedy(gate) == expected


def test_r18_a_still_valid_multi_use_pass_is_a_step_up_not_a_denial() -> None:
    p = gate_tenant(bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS)
    gate = step_up(p, user(tap()), Action.VIEW, session=tap_session(timedelta(minutes=20)), now=NOW)
    assert (gate.outcome, gate.methods) == (STEP_UP, (Method.TEMPORARY_ACCESS_PASS,))


def test_r18_a_passkey_is_a_slot_choice_only_for_a_user_who_can_pass_mfa() -> None:
    # Entra's interrupt registers a passkey only after MFA (or with a TAP sign-in).
    p = gate_tenant()
    newcomer = required_registrations(p, user(), now=NOW, session=password_session())
    assert Method.PASSKEY not in newcomer.slots[0].choices
    assert newcomer.slots[0].choices[0] is Method.PUSH
    holder = required_registrations(p, user(tap()), now=NOW, session=tap_session())
    assert holder.slots[0].choices[0] is Method.PASSKEY  # a TAP included
    # Two MFA slots: the second may offer the passkey (the first gives the user MFA).
    two = attrs.evolve(p, mfa=enforced(2))
    slots = required_registrations(two, user(), now=NOW, session=password_session()).slots
    assert (Method.PASSKEY in slots[0].choices, Method.PASSKEY in slots[1].choices) == (
        False,
        True,
    )


def test_r18_self_service_off_makes_adding_and_updating_passkeys_admin_only() -> None:
    # Entra passkey profiles: "Allow self-service set up" = No.
    p = gate_tenant(passkey_self_service=False)
    u = user(app(), passkey())
    fresh = mfa_session()
    gate = step_up(p, u, Action.ADD, session=fresh, now=NOW, target=passkey("pk2"))
    assert (remedy(gate), gate.reasons[0].code) == ("ask_administrator", "admin_only_kind")
    renamed = attrs.evolve(passkey(), registered_at=NOW)
    assert remedy(step_up(p, u, Action.UPDATE, session=fresh, now=NOW, target=renamed)) == (
        "ask_administrator"
    )
    # Users may still delete passkeys; administrators may still register them.
    assert step_up(p, u, Action.DELETE, session=fresh, now=NOW, target="pk1").outcome is ALLOW
    assert remove(p, u, "pk1", session=fresh, now=NOW).allowed
    assert register(p, u, passkey("pk2"), session=None, now=NOW, actor=Actor.ADMIN).allowed
    # And the passkey is never a slot choice, even for a user who can pass MFA.
    two = attrs.evolve(p, mfa=enforced(2))
    prompt = required_registrations(two, user(app()), now=NOW, session=fresh)
    assert all(Method.PASSKEY not in slot.choices for slot in prompt.slots)


# ============================================================================================
# R21 Registration strength
# Entra: Conditional Access, user action "Register security information", with an
# authentication strength (concept-authentication-strength-how-it-works, "registering security
# info"): only the strength's methods satisfy it; a TAP when the strength includes it.
# ============================================================================================


def strength_tenant(methods: list[str] | None = None, **kwargs: Any) -> TenantPolicy:
    strength = RegistrationStrength(
        methods=PHISHING_RESISTANT_AND_TAP if methods is None else methods, **kwargs
    )
    return gate_tenant(registration_strength=strength)


def test_r21_a_phone_only_user_is_denied_and_told_an_administrator_issues_a_pass() -> None:
    # Entra's example: the strength is phishing-resistant MFA or a TAP; the user has a phone.
    p, u = strength_tenant(), user(mobile())
    gate = step_up(p, u, Action.VIEW, session=mfa_session(method=Method.SMS), now=NOW)
    assert remedy(gate) == "registration_strength_unmet"
    assert gate.reasons[0].code == "no_method_of_required_strength"
    assert "Temporary Access Pass" in remedy_message(gate)
    # The administrator issues a one-time pass; the user signs in with it (spending it) and
    # registers a passkey.
    u = user(mobile(), tap(one_time=True, used=True))
    signed_in = tap_session(timedelta(minutes=2))
    assert step_up(p, u, Action.ADD, session=signed_in, now=NOW, target=passkey()).outcome is (
        ALLOW
    )
    after = register(p, u, passkey(), session=signed_in, now=NOW)
    assert after.allowed
    # From then on the passkey satisfies the strength; the phone never does.
    later = step_up(p, after.user, Action.VIEW, session=password_session(), now=NOW)
    assert (later.outcome, later.methods) == (STEP_UP, (Method.PASSKEY,))


def test_r21_step_up_lists_only_the_strength_s_methods_and_only_they_are_evidence() -> None:
    p, u = strength_tenant(), user(app(), passkey())
    gate = step_up(p, u, Action.VIEW, session=password_session(), now=NOW)
    assert (gate.outcome, gate.methods) == (STEP_UP, (Method.PASSKEY,))
    assert step_up(p, u, Action.VIEW, session=mfa_session(), now=NOW).outcome is STEP_UP  # push
    passed = mfa_session(method=Method.PASSKEY)
    assert step_up(p, u, Action.VIEW, session=passed, now=NOW).outcome is ALLOW


def test_r21_without_a_pass_in_the_strength_the_remedy_is_a_method_of_that_strength() -> None:
    p = strength_tenant(["passkey", "certificate"])
    gate = step_up(p, user(mobile()), Action.VIEW, session=mfa_session(method=Method.SMS), now=NOW)
    assert remedy(gate) == "registration_strength_unmet"
    assert "Temporary Access Pass" not in remedy_message(gate)
    assert "passkey, certificate" in remedy_message(gate)
    # A TAP sign-in is not evidence when the strength does not list the pass.
    u = user(tap(one_time=True, used=True))
    assert remedy(step_up(p, u, Action.VIEW, session=tap_session(), now=NOW)) == (
        "registration_strength_unmet"
    )


def test_r21_a_newcomer_under_the_password_bootstrap_is_denied() -> None:
    # Entra: the password alone never satisfies a registration strength.
    p = strength_tenant()
    gate = step_up(p, user(), Action.ADD, session=password_session(), now=NOW, target=app())
    assert remedy(gate) == "registration_strength_unmet"
    prompt = required_registrations(p, user(), now=NOW, session=password_session())
    assert prompt.mode is PromptMode.INTERRUPT
    assert prompt.blocked is not None
    assert (prompt.blocked.code, prompt.blocked.requirement) == ("bootstrap_denied", "bootstrap")
    assert prompt.blocked.remedy.code == "registration_strength_unmet"


def test_r21_the_interrupt_keeps_its_slots_and_is_blocked_when_its_first_choice_is_denied() -> None:
    # Entra: a user with one phone, two methods required, under a strength the phone cannot
    # meet: the slots are the same, but the registration cannot proceed.
    p = attrs.evolve(strength_tenant(), mfa=enforced(2))
    u = user(mobile())
    without = required_registrations(attrs.evolve(p, registration_strength=None), u, now=NOW)
    prompt = required_registrations(p, u, now=NOW)
    assert prompt.slots == without.slots
    assert without.blocked is None
    assert prompt.blocked is not None
    assert (prompt.blocked.code, prompt.blocked.requirement) == (
        "registration_strength_denied",
        "registration_strength",
    )
    assert prompt.blocked.remedy.code == "registration_strength_unmet"


def test_r21_the_strength_s_exclude_wins() -> None:
    p = strength_tenant(include=["all"], exclude=["g-exempt"])
    exempt = user(mobile(), groups=["g-exempt"])
    texted = mfa_session(method=Method.SMS)
    assert step_up(p, exempt, Action.VIEW, session=texted, now=NOW).outcome is ALLOW


def test_r21_no_nudge_while_the_strength_cannot_be_met() -> None:
    # Entra: Conditional Access blocks the registration, so the campaign does not show.
    campaign = CampaignSettings(state="enabled", method="push")
    p = attrs.evolve(strength_tenant(["passkey"]), mfa=enforced(1), campaign=campaign)
    u = user(mobile(), email())
    plain = required_registrations(attrs.evolve(p, registration_strength=None), u, now=NOW)
    assert plain.mode is PromptMode.NUDGE
    prompt = required_registrations(p, u, now=NOW)
    assert prompt.mode is PromptMode.NONE
    assert "campaign_strength_unmet" in [r.code for r in prompt.reasons]


def test_r21_documents_carry_registration_strength() -> None:
    v1 = {"schema": "secinfo/policy/1", "methods": {"sms": {"mfa": True}}}
    assert load_policy(v1).registration_strength is None  # v1 documents keep loading
    assert dump_policy(load_policy(v1))["registration_strength"] is None
    doc = {
        **v1,
        "registration_strength": {
            "methods": ["temporary_access_pass", "passkey", "certificate", "windows_hello"],
            "include": ["g1"],
        },
    }
    policy = load_policy(doc)
    assert policy.registration_strength == RegistrationStrength(
        methods=PHISHING_RESISTANT_AND_TAP, include=["g1"]
    )
    assert dump_policy(policy)["registration_strength"] == {
        "methods": ["temporary_access_pass", "passkey", "windows_hello", "certificate"],
        "include": ["g1"],
        "exclude": [],
    }
    for bad, path in [
        ({"methods": []}, "registration_strength.methods"),
        ({"methods": ["email"]}, "registration_strength.methods.0"),
        ({"include": ["all"]}, "registration_strength.methods"),
        ({"methods": ["passkey"], "level": "high"}, "registration_strength.level"),
    ]:
        with pytest.raises(InvalidDocument) as error:
            load_policy({**v1, "registration_strength": bad})
        assert error.value.path == path
    with pytest.raises(InvalidArgument, match="methods"):
        RegistrationStrength(methods=[])


# ============================================================================================
# R22 Require re-registration
# Entra: the administrator action "Require re-register MFA" (howto-mfa-userdevicesettings).
# ============================================================================================


def test_r22_deletes_phones_apps_and_oath_and_keeps_the_rest() -> None:
    p = gate_tenant(methods=[*gate_tenant().methods, *settings([Method.SOFTWARE_OATH])])
    kept: list[Registration] = [email(), passkey(), hello(), tap()]
    deleted: list[Registration] = [app(), mobile(), software(), hardware()]
    u = user(*deleted, *kept, preferred=Method.PUSH)
    change = require_reregistration(p, u, now=NOW)
    assert change.allowed
    assert [r.id for r in change.user.registrations] == [r.id for r in kept]
    activities = [(e.activity, e.actor, e.target) for e in change.events]
    assert activities == [
        *((Activity.ADMIN_DELETED, Actor.ADMIN, r.id) for r in deleted),
        (Activity.DEFAULT_REASSIGNED, Actor.SYSTEM, activities[-1][2]),
    ]
    assert change.user.preferred is None  # no storable default is left (passkey, TAP are not)
    # The passkey still counts; a user left with no MFA method is interrupted at the next
    # sign-in.
    assert required_registrations(p, change.user, now=NOW).mode is PromptMode.NONE
    bare = require_reregistration(p, user(app(), mobile(), email()), now=NOW).user
    assert required_registrations(p, bare, now=NOW).mode is PromptMode.INTERRUPT


def test_r22_nothing_to_delete_is_a_no_op() -> None:
    u = user(email(), passkey())
    change = require_reregistration(gate_tenant(), u, now=NOW)
    assert (change.allowed, change.user, change.events) == (True, u, ())


def test_r22_a_stored_default_that_stays_usable_is_kept() -> None:
    # The only deleted registration is an app; the preferred method is not provided by it.
    p = gate_tenant(methods=[*gate_tenant().methods, *settings([Method.VOICE_OFFICE])])
    u = user(app(), office(), preferred=Method.VOICE_OFFICE)
    change = require_reregistration(p, u, now=NOW)
    assert [e.activity for e in change.events] == [Activity.ADMIN_DELETED]
    assert change.user.preferred is Method.VOICE_OFFICE
    # The preferred app is deleted: the completion rule stores the office phone's call.
    change = require_reregistration(p, attrs.evolve(u, preferred=Method.PUSH), now=NOW)
    assert [e.activity for e in change.events] == [
        Activity.ADMIN_DELETED,
        Activity.DEFAULT_REASSIGNED,
    ]
    assert change.user.preferred is Method.VOICE_OFFICE


def test_r22_only_an_administrator_may_require_it() -> None:
    u = user(app(), mobile())
    change = require_reregistration(gate_tenant(), u, now=NOW, actor=Actor.USER)
    assert not change.allowed
    assert change.user == u
    assert [(e.result.value, e.actor) for e in change.events] == [("failure", Actor.USER)]
    assert change.reasons[0].code == "admin_only_action"
    with pytest.raises(InvalidArgument, match="actor"):
        require_reregistration(gate_tenant(), u, now=NOW, actor=Actor.SYSTEM)


# ============================================================================================
# R23 Evidence is checked against what the user holds
# Entra (authentication strengths): "the method must be allowed, registered by the user, and
# satisfy the authentication strength".
# ============================================================================================


def test_r23_a_session_claiming_a_method_the_user_does_not_hold_is_no_evidence() -> None:
    p, u = gate_tenant(), user(mobile())
    claimed = mfa_session(method=Method.PUSH)  # the user has no Authenticator app
    gate = step_up(p, u, Action.VIEW, session=claimed, now=NOW)
    assert (gate.outcome, gate.methods) == (STEP_UP, (Method.SMS, Method.VOICE_MOBILE))
    assert step_up(p, u, Action.VIEW, session=mfa_session(method=Method.SMS), now=NOW).outcome is (
        ALLOW
    )


def test_r23_a_method_the_policy_disabled_since_is_no_evidence() -> None:
    # The session says MFA was done with a text a minute ago; text messages are disabled since.
    p = gate_tenant()
    u = user(app(), mobile())
    texted = mfa_session(timedelta(minutes=1), method=Method.SMS)
    assert step_up(p, u, Action.VIEW, session=texted, now=NOW).outcome is ALLOW
    no_sms = attrs.evolve(p, methods=[s for s in p.methods if s.method is not Method.SMS])
    gate = step_up(no_sms, u, Action.VIEW, session=texted, now=NOW)
    assert gate.outcome is STEP_UP
    assert Method.SMS not in gate.methods


def test_r23_mfa_with_a_pass_spent_by_it_is_read_like_a_pass_sign_in() -> None:
    # Step-up with a one-time pass spends it; the MFA it gave still counts while fresh.
    p = gate_tenant()
    u = user(app(), tap(one_time=True, used=True))
    with_pass = mfa_session(timedelta(minutes=2), method=Method.TEMPORARY_ACCESS_PASS)
    assert step_up(p, u, Action.VIEW, session=with_pass, now=NOW).outcome is ALLOW
    stale = mfa_session(timedelta(minutes=16), method=Method.TEMPORARY_ACCESS_PASS)
    assert step_up(p, u, Action.VIEW, session=stale, now=NOW).outcome is STEP_UP
    # A pass the user never held is no evidence.
    assert step_up(p, user(app()), Action.VIEW, session=with_pass, now=NOW).outcome is STEP_UP


# ============================================================================================
# R10 (4) deliberate deviation: Entra lets users delete any method; secinfo refuses a delete
# that would take an enforced, compliant user below mfa.methods_required.
# ============================================================================================


def test_deviation_deleting_the_last_mfa_method_under_enforcement_is_refused() -> None:
    p, u = gate_tenant(), user(app(), email())
    gate = step_up(p, u, Action.DELETE, session=mfa_session(), now=NOW, target="app1")
    assert remedy(gate) == "register_replacement_first"
    # Outside enforcement it is allowed, as in Entra.
    free = attrs.evolve(p, mfa=attrs.evolve(p.mfa, enforced_for=frozenset()))
    gate = step_up(free, u, Action.DELETE, session=mfa_session(), now=NOW, target="app1")
    assert gate.outcome is ALLOW
