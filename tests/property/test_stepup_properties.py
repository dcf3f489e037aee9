"""Invariants 1, 2, 4, 5 and 8 for the step-up gate and the default method."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secinfo import (
    Action,
    GateOutcome,
    Method,
    Purpose,
    RegistrationStrength,
    Session,
    TenantPolicy,
    UserState,
    default_method,
    mfa_count,
    usable_methods,
)
from secinfo.methods import MFA_METHODS, PASSWORDLESS_KINDS, by_rank
from secinfo.stepup import step_up
from secinfo.testing import (
    REFERENCE_NOW,
    policies,
    registration_for,
    registrations,
    sessions,
    users,
)
from secinfo.usable import registration_usable

NOW = REFERENCE_NOW

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Case = tuple[TenantPolicy, UserState, Session | None, Action, object]


@st.composite
def targets(draw: st.DrawFn, user: UserState, only: Action | None = None) -> tuple[Action, object]:
    """An action (*only*, when given and possible) and a well-formed target for it."""
    choices = [Action.VIEW, Action.REVIEW, Action.ADD, Action.SET_DEFAULT]
    if user.registrations:
        choices += [Action.UPDATE, Action.DELETE]
    action = only if only in choices else draw(st.sampled_from(choices))
    if action in (Action.VIEW, Action.REVIEW):
        return action, None
    if action is Action.SET_DEFAULT:
        return action, draw(st.sampled_from(list(Method)))
    if action is Action.ADD:
        new_id = "new-" + str(len(user.registrations))
        return action, draw(registrations(ids=st.just(new_id), now=NOW))
    held = draw(st.sampled_from(user.registrations))
    if action is Action.DELETE:
        return action, held.id
    return action, draw(registrations(kinds=st.just(held.kind), ids=st.just(held.id), now=NOW))


@st.composite
def cases(draw: st.DrawFn, only: Action | None = None) -> Case:
    policy = draw(policies())
    user = draw(users(policy=policy, now=NOW))
    if draw(st.integers(0, 3)):
        # Make usable MFA methods common: add registrations providing enabled methods.
        enabled = [m for m in Method if policy.enabled_for(m, Purpose.MFA, user.groups)]
        if enabled:
            extra = draw(st.lists(st.sampled_from(enabled), min_size=1, max_size=3, unique=True))
            added = [registration_for(m, id=f"x{i}", now=NOW) for i, m in enumerate(extra)]
            user = attrs.evolve(user, registrations=(*user.registrations, *added))
    fresh_mfa = st.builds(
        lambda seconds, method: Session(
            signed_in_at=NOW - timedelta(hours=1),
            mfa_at=NOW - timedelta(seconds=seconds),
            mfa_method=method,
        ),
        st.integers(0, 5 * 60),
        st.sampled_from(sorted(m for m in Method if m.capable(Purpose.MFA))),
    )
    session = draw(st.none() | sessions(now=NOW) | fresh_mfa)
    action, target = draw(targets(user, only))
    return policy, user, session, action, target


@SETTINGS
@given(cases())
def test_invariant_1_step_up_is_satisfiable(case: Case) -> None:
    """outcome == step_up ⇒ methods non-empty, every one usable for MFA now, no repeats."""
    policy, user, session, action, target = case
    gate = step_up(policy, user, action, session=session, now=NOW, target=target)
    if gate.outcome is GateOutcome.STEP_UP:
        usable = usable_methods(policy, user, Purpose.MFA, now=NOW)
        assert gate.methods
        assert set(gate.methods) <= usable
        assert len(set(gate.methods)) == len(gate.methods)
        # every usable MFA method (of the registration strength, R21) is offered, the default
        # first when it is one of them
        accepted = policy.strength_for(user.groups)
        offered = usable if accepted is None else usable & accepted
        assert set(gate.methods) == offered
        default = default_method(policy, user, now=NOW).method
        if default in offered:
            assert gate.methods[0] == default
        rest = gate.methods[1:]
        assert list(rest) == sorted(rest, key=lambda m: m.rank)
    else:
        assert not gate.methods
    assert gate.reasons
    assert (gate.outcome is GateOutcome.DENY) == (gate.remedy is not None)


@SETTINGS
@given(cases())
def test_invariant_2_no_step_up_without_a_usable_mfa_method(case: Case) -> None:
    """No usable MFA method, or none that satisfies the registration strength (R21) ⇒ never
    step_up (the bootstrap rule or the strength's denial decides)."""
    policy, user, session, action, target = case
    gate = step_up(policy, user, action, session=session, now=NOW, target=target)
    usable = usable_methods(policy, user, Purpose.MFA, now=NOW)
    accepted = policy.strength_for(user.groups)
    if not usable or (accepted is not None and not usable & accepted):
        assert gate.outcome is not GateOutcome.STEP_UP


@SETTINGS
@given(policies().flatmap(lambda p: st.tuples(st.just(p), users(policy=p, now=NOW))))
def test_invariant_4_default_is_usable_or_none(pair: tuple[TenantPolicy, UserState]) -> None:
    """The default is usable or None, and None only when no MFA method is usable."""
    policy, user = pair
    usable = usable_methods(policy, user, Purpose.MFA, now=NOW)
    choice = default_method(policy, user, now=NOW)
    assert choice.reasons
    if usable:
        assert choice.method in usable
    else:
        assert choice.method is None


@SETTINGS
@given(cases())
def test_invariant_5_disabled_methods_never_count(case: Case) -> None:
    """A method disabled by policy (for the user) never counts, is never demanded in step-up and
    is never the default."""
    policy, user, session, action, target = case
    disabled = {m for m in Method if not policy.enabled_for(m, Purpose.MFA, user.groups)}
    usable = usable_methods(policy, user, Purpose.MFA, now=NOW)
    assert not disabled & usable
    gate = step_up(policy, user, action, session=session, now=NOW, target=target)
    assert not disabled & set(gate.methods)
    assert default_method(policy, user, now=NOW).method not in disabled
    # Registrations providing only disabled methods do not count: dropping them changes nothing.
    kept = tuple(
        r
        for r in user.registrations
        if registration_usable(policy, user, r, Purpose.MFA, now=NOW)
        or not set(r.methods) <= disabled
    )
    slim = UserState(
        user_id=user.user_id, groups=user.groups, registrations=kept, preferred=user.preferred
    )
    assert mfa_count(policy, slim, now=NOW) == mfa_count(policy, user, now=NOW)


ZONES = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@SETTINGS
@given(cases(), ZONES)
def test_invariant_8_determinism(case: Case, zone: timezone) -> None:
    """Equal inputs give equal outputs; ``now`` in another time zone gives the same result."""
    policy, user, session, action, target = case
    first = step_up(policy, user, action, session=session, now=NOW, target=target)
    again = step_up(policy, user, action, session=session, now=NOW, target=target)
    elsewhere: datetime = NOW.astimezone(zone)
    shifted = step_up(policy, user, action, session=session, now=elsewhere, target=target)
    assert first == again == shifted
    assert default_method(policy, user, now=NOW) == default_method(policy, user, now=elsewhere)


@SETTINGS
@given(cases(only=Action.DELETE))
def test_an_allowed_delete_keeps_an_enforced_compliant_user_compliant(case: Case) -> None:
    """R10 (4), F12: an allowed delete never takes a user who is MFA-compliant under
    enforcement below ``mfa.methods_required``."""
    policy, user, session, action, target = case
    if action is not Action.DELETE:
        return
    gate = step_up(policy, user, action, session=session, now=NOW, target=target)
    required = policy.mfa.methods_required
    if gate.outcome is not GateOutcome.ALLOW or not policy.mfa.applies_to(user.groups):
        return
    if mfa_count(policy, user, now=NOW) < required:
        return
    remaining = tuple(r for r in user.registrations if r.id != target)
    after = attrs.evolve(user, registrations=remaining)
    assert mfa_count(policy, after, now=NOW) >= required


@st.composite
def cases_with_held_evidence(draw: st.DrawFn) -> Case:
    """:func:`cases` whose session, half the time, is a fresh MFA by a method the user can use
    (so that the gate often allows)."""
    policy, user, session, action, target = draw(cases(only=draw(st.none() | st.just(Action.VIEW))))
    usable = sorted(usable_methods(policy, user, Purpose.MFA, now=NOW), key=lambda m: m.rank)
    forced = bool(usable) and draw(st.booleans())
    if forced:
        # A registration strength for everyone, often accepting some of the user's methods.
        some = st.sets(st.sampled_from(by_rank(MFA_METHODS)), min_size=1, max_size=4)
        methods = draw(some) | draw(st.sets(st.sampled_from(usable), max_size=2))
        strength = RegistrationStrength(methods=methods)
        policy = attrs.evolve(policy, registration_strength=strength)
    accepted = policy.strength_for(user.groups)
    strong = [m for m in usable if accepted is None or m in accepted]
    if usable and (forced or draw(st.booleans())):
        method = draw(st.sampled_from(strong or usable))
        session = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method=method)
    return policy, user, session, action, target


@SETTINGS
@given(cases_with_held_evidence())
def test_r21_r23_an_allowed_gate_rests_on_evidence_the_user_can_give(case: Case) -> None:
    """R23: a user with a usable MFA method is let in only on MFA by a method usable for them
    now, or on a Temporary Access Pass sign-in (or MFA) by a pass they hold; R21: by one the
    registration strength accepts."""
    policy, user, session, action, target = case
    gate = step_up(policy, user, action, session=session, now=NOW, target=target)
    usable = usable_methods(policy, user, Purpose.MFA, now=NOW)
    if gate.outcome is not GateOutcome.ALLOW or not usable or session is None:
        return
    accepted = policy.strength_for(user.groups)
    tap = Method.TEMPORARY_ACCESS_PASS
    by_method = session.mfa_method in usable or session.mfa_method is tap
    by_pass = "temporary_access_pass" in session.signed_in_with or session.mfa_method is tap
    assert by_method or by_pass
    if accepted is not None:
        assert session.mfa_method in accepted or (by_pass and tap in accepted)


@SETTINGS
@given(cases(only=Action.ADD))
def test_r18_no_passwordless_credential_on_a_password_alone(case: Case) -> None:
    """R18: adding a passkey or Windows Hello is allowed only on MFA evidence (a method the user
    holds, or a Temporary Access Pass sign-in), never on a password alone."""
    policy, user, _session, action, target = case
    if action is not Action.ADD or getattr(target, "kind", None) not in PASSWORDLESS_KINDS:
        return
    password_only = Session(signed_in_at=NOW)
    gate = step_up(policy, user, action, session=password_only, now=NOW, target=target)
    assert gate.outcome is not GateOutcome.ALLOW
