"""Named regression tests for the peer failures of reference/failures.md that concern the
step-up gate and the default method (F01, F02, F05–F08, F11–F14)."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from secinfo import (
    Action,
    Bootstrap,
    DefaultSource,
    GateOutcome,
    Method,
    MfaSettings,
    Purpose,
    SsprSettings,
    TenantPolicy,
    UserState,
    default_method,
    mfa_count,
    usable_methods,
)
from secinfo.requirements import required_registrations
from secinfo.stepup import step_up
from secinfo.testing import registration_for

from ._gate import (
    ALL_METHODS,
    NOW,
    app,
    email,
    enforced,
    mfa_session,
    mobile,
    passkey,
    password_session,
    policy,
    questions,
    settings,
    software,
    user,
)

ALLOW = GateOutcome.ALLOW
STEP_UP = GateOutcome.STEP_UP
DENY = GateOutcome.DENY


def test_F01_disabled_default_never_loops() -> None:
    """F01 (the seed's loop): an admin disables the user's default (phone call) and SSPR needs
    another method. Step-up offers only usable methods; with no usable MFA method the bootstrap
    rule applies — the user can always open the page and register, never a loop."""
    sspr = SsprSettings(enabled_for=frozenset({"all"}), methods_required=2)
    u = user(mobile(verified_with=Method.VOICE_MOBILE), preferred=Method.VOICE_MOBILE)

    # Only phone call disabled: the phone still serves by text message, which is offered.
    p = TenantPolicy(methods=settings([Method.SMS, Method.PUSH, Method.EMAIL]), sspr=sspr)
    choice = default_method(p, u, now=NOW)
    assert (choice.method, choice.source) == (Method.SMS, DefaultSource.FALLBACK)
    gate = step_up(p, u, Action.VIEW, session=password_session(), now=NOW)
    assert gate.outcome is STEP_UP
    assert gate.methods == (Method.SMS,)
    assert Method.VOICE_MOBILE not in gate.methods
    # After passing step-up with that method, the user can add what SSPR asks for.
    prompt = required_registrations(p, u, now=NOW, session=mfa_session(method=Method.SMS))
    assert prompt.mode.value == "interrupt"
    assert prompt.blocked is None
    first = prompt.slots[0].choices[0]
    new = registration_for(first, id="new", now=NOW)
    gate = step_up(p, u, Action.ADD, session=mfa_session(method=Method.SMS), now=NOW, target=new)
    assert gate.outcome is ALLOW

    # Every phone method disabled for MFA: nothing usable, so the bootstrap rule decides.
    only_sspr = TenantPolicy(
        methods=[*settings([Method.EMAIL, Method.PUSH])],
        sspr=sspr,
    )
    assert default_method(only_sspr, u, now=NOW).method is None
    session = password_session()
    gate = step_up(only_sspr, u, Action.VIEW, session=session, now=NOW)
    assert gate.outcome is ALLOW
    assert [r.code for r in gate.reasons] == ["bootstrap_password"]
    prompt = required_registrations(only_sspr, u, now=NOW, session=session)
    assert prompt.mode.value == "interrupt"
    assert prompt.blocked is None
    new = registration_for(prompt.slots[0].choices[0], id="new", now=NOW)
    assert step_up(only_sspr, u, Action.ADD, session=session, now=NOW, target=new).outcome is ALLOW


@pytest.mark.parametrize("channel", [Method.SMS, Method.VOICE_MOBILE])
def test_F02_default_follows_the_verification_channel(channel: Method) -> None:
    """F02 (the seed's SMS bug): the default set at completion follows the channel the phone was
    verified with — registering by text message gives ``sms``, never phone call."""
    u = user(mobile(verified_with=channel))
    choice = default_method(policy(*ALL_METHODS), u, now=NOW)
    assert choice.method is channel
    assert choice.source is DefaultSource.COMPLETION
    # With an app as well, the app wins (the seed: "app"), whatever the phone's channel.
    assert (
        default_method(
            policy(*ALL_METHODS), user(mobile(verified_with=channel), app()), now=NOW
        ).method
        is Method.PUSH
    )


def test_F05_a_method_that_cannot_be_used_never_makes_step_up_required() -> None:
    """F05: leftovers that cannot serve MFA on their own (email, security questions, a
    registration whose method the policy disabled) never make step-up required; the bootstrap
    rule decides."""
    p = policy(Method.PUSH, Method.EMAIL, Method.SECURITY_QUESTIONS)  # software OATH disabled
    u = user(software(), email(), questions())
    assert usable_methods(p, u, Purpose.MFA, now=NOW) == frozenset()
    for action, target in ((Action.VIEW, None), (Action.DELETE, "sw1"), (Action.ADD, app())):
        gate = step_up(p, u, action, session=password_session(), now=NOW, target=target)
        assert gate.outcome is ALLOW
        assert not gate.methods


@pytest.mark.parametrize("mode", list(Bootstrap))
def test_F06_no_usable_mfa_method_is_never_asked_to_confirm(mode: Bootstrap) -> None:
    """F06: a user with no credential is never asked to "confirm it is you" with MFA: no usable
    MFA method ⇒ never ``step_up``, in every bootstrap mode and with any session."""
    p = attrs.evolve(policy(*ALL_METHODS), bootstrap=mode)
    nobody = UserState(user_id="u1")
    sessions = (None, password_session(), password_session(timedelta(hours=3)), mfa_session())
    for session in sessions:
        for action in (Action.VIEW, Action.REVIEW):
            gate = step_up(p, nobody, action, session=session, now=NOW)
            assert gate.outcome is not STEP_UP
            assert (gate.outcome is DENY) == (gate.remedy is not None)
    if mode is Bootstrap.PASSWORD:
        gate = step_up(p, nobody, Action.VIEW, session=password_session(), now=NOW)
        assert gate.outcome is ALLOW


def test_F07_delete_needs_a_satisfiable_step_up() -> None:
    """F07: deleting a method requires a satisfied step-up when the user has a usable MFA
    method (a password-only session never deletes), and that step-up is always satisfiable (the
    user can delete their only OTP once they prove it)."""
    p = policy(*ALL_METHODS)
    u = user(software())
    gate = step_up(p, u, Action.DELETE, session=password_session(), now=NOW, target="sw1")
    assert gate.outcome is STEP_UP
    assert gate.methods == (Method.SOFTWARE_OATH,)
    assert set(gate.methods) <= usable_methods(p, u, Purpose.MFA, now=NOW)
    done = mfa_session(method=Method.SOFTWARE_OATH)
    assert step_up(p, u, Action.DELETE, session=done, now=NOW, target="sw1").outcome is ALLOW
    assert step_up(p, u, Action.DELETE, session=None, now=NOW, target="sw1").outcome is STEP_UP


def test_F08_forced_mfa_still_lets_the_first_factor_be_registered() -> None:
    """F08: with MFA enforced, a user without MFA can register the first factor (bootstrap path),
    and requirements come from the policy and usable methods only: a factor the policy does not
    allow is never demanded."""
    p = TenantPolicy(methods=settings([Method.PUSH, Method.AUTHENTICATOR_CODE]), mfa=enforced())
    u = user(mobile())  # SMS/voice are not allowed by this policy
    session = password_session()
    gate = step_up(p, u, Action.VIEW, session=session, now=NOW)
    assert gate.outcome is ALLOW
    assert Method.SMS not in gate.methods
    prompt = required_registrations(p, u, now=NOW, session=session)
    assert prompt.mode.value == "interrupt"
    assert prompt.blocked is None
    assert all(
        m in (Method.PUSH, Method.AUTHENTICATOR_CODE) for s in prompt.slots for m in s.choices
    )
    new = registration_for(prompt.slots[0].choices[0], id="new", now=NOW)
    assert step_up(p, u, Action.ADD, session=session, now=NOW, target=new).outcome is ALLOW


def test_F11_skippability_follows_the_same_slots_and_usable_sets() -> None:
    """F11: whether a prompt can be skipped, and whether it is shown at all, come from the same
    usable sets and slots as step-up. A user whose only methods are unusable is not treated as
    having MFA: the interrupt is shown (not skippable without grace), the step-up gate lets them
    in by bootstrap, and when nothing can be registered the prompt says ``blocked`` with a
    remedy instead of looping."""
    p = TenantPolicy(methods=settings([Method.PUSH]), mfa=enforced())
    u = user(software())  # software OATH is disabled: it does not count
    session = password_session()
    prompt = required_registrations(p, u, now=NOW, session=session)
    assert prompt.mode.value == "interrupt"
    assert not prompt.skippable
    assert prompt.blocked is None
    assert prompt.slots[0].choices == (Method.PUSH,)
    assert step_up(p, u, Action.VIEW, session=session, now=NOW).outcome is ALLOW

    # Grace period: skippable, and still consistent with the gate.
    graced = attrs.evolve(p, mfa=MfaSettings(enforced_for=frozenset({"all"}), grace_days=7))
    assert required_registrations(graced, u, now=NOW, session=session).skippable

    # Nothing the user could register: blocked with a remedy, never an endless prompt.
    nothing = TenantPolicy(methods=settings([Method.SOFTWARE_OATH], exclude=["g1"]), mfa=enforced())
    stuck = user(groups={"g1"})
    prompt = required_registrations(nothing, stuck, now=NOW, session=session)
    assert prompt.mode.value == "interrupt"
    assert prompt.blocked is not None
    assert prompt.blocked.remedy.code

    # Once the user holds a usable method, MFA no longer drives an interrupt, and the gate
    # demands exactly that method.
    done = user(app())
    assert mfa_count(p, done, now=NOW) == 1
    assert required_registrations(p, done, now=NOW).mode.value != "interrupt"
    assert step_up(p, done, Action.VIEW, session=session, now=NOW).methods == (Method.PUSH,)


def test_F12_deleting_below_the_enforced_requirement_is_denied() -> None:
    """F12: deleting a usable method that would take an MFA-compliant user under enforcement
    below ``mfa.methods_required`` is denied with a remedy (register the replacement first)."""
    p = TenantPolicy(methods=settings([Method.PASSKEY]), mfa=enforced())  # "passkey only"
    u = user(passkey("pk1"))
    done = mfa_session(method=Method.PASSKEY)
    gate = step_up(p, u, Action.DELETE, session=done, now=NOW, target="pk1")
    assert gate.outcome is DENY
    assert gate.remedy is not None
    assert gate.remedy.code == "register_replacement_first"
    # Registering the replacement first makes the delete possible.
    both = user(passkey("pk1"), passkey("pk2"))
    assert step_up(p, both, Action.DELETE, session=done, now=NOW, target="pk1").outcome is ALLOW


def test_F13_default_and_step_up_order_come_from_usable_methods_and_rank() -> None:
    """F13: the default and the step-up order come from usable methods and the strength order
    only: a preselected method outside the allowed set is never first, and methods that cannot
    serve MFA (email, security questions — the "recovery codes") are never offered."""
    p = policy(Method.SOFTWARE_OATH, Method.SMS, Method.EMAIL, Method.SECURITY_QUESTIONS)
    u = user(email(), questions(), mobile(), software(), app(), preferred=Method.PUSH)
    choice = default_method(p, u, now=NOW)
    assert choice.method is Method.SMS  # push is not allowed; completion picks the phone
    gate = step_up(p, u, Action.VIEW, session=password_session(), now=NOW)
    assert gate.methods == (Method.SMS, Method.SOFTWARE_OATH)
    assert Method.EMAIL not in gate.methods
    assert Method.SECURITY_QUESTIONS not in gate.methods


def test_F14_removing_a_lost_factor_may_use_any_other_factor() -> None:
    """F14: step-up for deleting X may use any other usable MFA method — a user who lost the
    phone with their Authenticator proves it by text message and removes the app."""
    p = policy(*ALL_METHODS)
    u = user(app(), mobile(), preferred=Method.PUSH)
    gate = step_up(p, u, Action.DELETE, session=password_session(), now=NOW, target="app1")
    assert gate.outcome is STEP_UP
    assert {Method.SMS, Method.VOICE_MOBILE} <= set(gate.methods)
    by_sms = mfa_session(method=Method.SMS)
    assert step_up(p, u, Action.DELETE, session=by_sms, now=NOW, target="app1").outcome is ALLOW
