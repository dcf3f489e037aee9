"""Invariant 11: ``check_policy(policy) == ()`` ⇒ every user of the policy can
reach compliance (from no registrations, by registering what the prompt offers, after at most
one administrator-issued TAP, with no business phone)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import timedelta

import attrs
from hypothesis import event, given, note, settings, target
from hypothesis import strategies as st

from secinfo import (
    Action,
    Actor,
    Bootstrap,
    CampaignSettings,
    GateOutcome,
    Method,
    MethodSetting,
    PhoneSettings,
    PromptMode,
    Purpose,
    Session,
    TenantPolicy,
    UserState,
    check_policy,
    mfa_count,
    required_registrations,
    sspr_count,
)
from secinfo.checks import Targets, _run_rules, membership_patterns, policy_targets
from secinfo.methods import ADMIN_ONLY_KINDS
from secinfo.policy import in_targets
from secinfo.stepup import step_up
from secinfo.testing import REFERENCE_NOW, policies, registration_for
from secinfo.transitions import register

NOW = REFERENCE_NOW


def _calm(policy: TenantPolicy) -> TenantPolicy:
    return attrs.evolve(policy, campaign=CampaignSettings(), bootstrap=Bootstrap.PASSWORD)


@st.composite
def sound_policy_and_groups(draw: st.DrawFn) -> tuple[TenantPolicy, frozenset[str]]:
    # Half the policies drop the two settings that most often make a policy unsound, so that
    # enough sound policies (with interrupts) reach the assertions below.
    policy = draw(st.one_of(policies(), policies().map(_calm)))
    groups = draw(st.frozensets(st.sampled_from(sorted(policy.named_groups | {"other"}))))
    return policy, groups


@settings(max_examples=300, deadline=None)
@given(sound_policy_and_groups())
def test_sound_policy_lets_every_user_reach_compliance(
    case: tuple[TenantPolicy, frozenset[str]],
) -> None:
    policy, groups = case
    problems = check_policy(policy)
    note(f"problems: {problems}")
    if problems:
        return
    user = UserState(user_id="u", groups=groups)
    if policy.bootstrap is Bootstrap.TEMPORARY_ACCESS_PASS:
        tap = registration_for(Method.TEMPORARY_ACCESS_PASS, id="tap", now=NOW, policy=policy)
        user = attrs.evolve(user, registrations=(tap,))
        session = Session(signed_in_at=NOW, signed_in_with=["temporary_access_pass"])
    else:
        session = Session(signed_in_at=NOW)
    prompt = required_registrations(policy, user, now=NOW, session=session)
    if prompt.blocked is not None and not user.registrations:
        # R15's one administrator-issued TAP (R18: a newcomer offered only a passkey; R21: a
        # registration strength that accepts the TAP).
        tap = registration_for(Method.TEMPORARY_ACCESS_PASS, id="tap", now=NOW)
        user = attrs.evolve(user, registrations=(tap,))
        session = Session(signed_in_at=NOW, signed_in_with=["temporary_access_pass"])
        prompt = required_registrations(policy, user, now=NOW, session=session)
    budget = len(prompt.slots)
    for step in range(budget + 1):
        if prompt.mode is not PromptMode.INTERRUPT:
            break
        assert prompt.blocked is None, prompt
        assert step < budget, "the interrupt did not end within its slots"
        method = prompt.slots[0].choices[0]
        new = registration_for(method, id=f"r{step}", now=NOW, policy=policy, user=user)
        user = attrs.evolve(user, registrations=(*user.registrations, new))
        session = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method=method)
        prompt = required_registrations(policy, user, now=NOW, session=session)
    assert prompt.mode is not PromptMode.INTERRUPT
    if policy.mfa.applies_to(groups):
        assert mfa_count(policy, user, now=NOW) >= policy.mfa.methods_required
    if policy.sspr.applies_to(groups) and policy.sspr.registration_required:
        assert sspr_count(policy, user, now=NOW) >= policy.sspr.methods_required
    # A TAP is not needed once the user has registered: it may expire.
    later = NOW + timedelta(days=1)
    issued = bool(user.registrations) and user.registrations[0].id == "tap"
    assert required_registrations(policy, user, now=later).mode is not PromptMode.INTERRUPT or (
        issued and not user.registrations[1:]
    )


# ---- issue 11: the pattern search agrees with the brute-force enumeration of every subset -----

EIGHT_GROUPS = st.sampled_from([f"g{i}" for i in range(8)])


def every_subset(policy: TenantPolicy, targets: Sequence[Targets]) -> list[frozenset[str]]:
    """The old enumeration: every subset of the groups the policy names, smallest first."""
    groups = sorted(policy.named_groups)
    return [
        frozenset(chosen)
        for size in range(len(groups) + 1)
        for chosen in itertools.combinations(groups, size)
    ]


def applied(targets: Sequence[Targets], pattern: frozenset[str]) -> tuple[bool, ...]:
    return tuple(in_targets(pattern, t.include, t.exclude) for t in targets)


@settings(max_examples=150, deadline=None)
@given(policies(groups=EIGHT_GROUPS), st.data())
def test_pattern_search_finds_exactly_the_reachable_combinations(
    policy: TenantPolicy, data: st.DataObject
) -> None:
    every = policy_targets(policy)
    chosen = data.draw(st.lists(st.sampled_from(every), max_size=9) | st.just(list(every)))
    found = membership_patterns(policy, chosen)
    combinations = [applied(chosen, pattern) for pattern in found]
    expected = {applied(chosen, subset) for subset in every_subset(policy, chosen)}
    event(f"named groups: {len(policy.named_groups)}")
    event(f"combinations: at least {2 ** (len(expected).bit_length() - 1)}")
    assert len(combinations) == len(set(combinations)), "one pattern per combination"
    assert set(combinations) == expected
    assert found[0] == frozenset(), "users in no group come first"
    assert all(pattern <= policy.named_groups for pattern in found)


@settings(max_examples=150, deadline=None)
@given(policies(groups=EIGHT_GROUPS))
def test_check_policy_agrees_with_the_brute_force_enumeration(policy: TenantPolicy) -> None:
    fast = check_policy(policy)
    slow = _run_rules(policy, every_subset)
    event(f"problems: {len(slow)}")
    for problem in slow:
        event(f"found: {problem.code}")
    assert [(p.code, p.path, p.severity) for p in fast] == [
        (p.code, p.path, p.severity) for p in slow
    ]


def _drive(
    policy: TenantPolicy, user: UserState, session: Session, budget: int
) -> tuple[UserState, int, bool]:
    """R15's "reaching compliance" by transitions: while the prompt is an interrupt, the user
    registers its first slot's first choice with ``register`` (whose gate is ``step_up(add)``);
    a step-up is satisfied with a fresh MFA by the first method it offers; a denial that asks
    for a Temporary Access Pass gets R15's one administrator-issued pass (and a sign-in with
    it). Returns the user, the registrations made and whether a pass was issued."""
    issued = False
    made = 0
    for serial in range(budget + 2):
        prompt = required_registrations(policy, user, now=NOW, session=session)
        if prompt.mode is not PromptMode.INTERRUPT:
            break
        if prompt.blocked is not None and not issued:
            issued = True
            tap = registration_for(Method.TEMPORARY_ACCESS_PASS, id="tap", now=NOW)
            user = register(policy, user, tap, session=None, now=NOW, actor=Actor.ADMIN).user
            session = Session(signed_in_at=NOW, signed_in_with=["temporary_access_pass"])
            continue
        assert prompt.blocked is None, prompt
        method = prompt.slots[0].choices[0]
        new = registration_for(method, id=f"d{serial}", now=NOW, policy=policy, user=user)
        gate = step_up(policy, user, Action.ADD, session=session, now=NOW, target=new)
        if gate.outcome is GateOutcome.STEP_UP:
            session = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method=gate.methods[0])
        change = register(policy, user, new, session=session, now=NOW)
        assert change.allowed, change.reasons
        user = change.user
        made += 1
        session = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method=method)
    return user, made, issued


def _sound_leaning(policy: TenantPolicy) -> TenantPolicy:
    """*policy*, calmed, with push, text messages and e-mail enabled for everyone as well: most
    such policies are sound and still enforce MFA or SSPR for some groups."""
    extra = {
        Method.PUSH: MethodSetting(method=Method.PUSH, mfa=True, sspr=True),
        Method.SMS: MethodSetting(method=Method.SMS, mfa=True, sspr=True),
        Method.EMAIL: MethodSetting(method=Method.EMAIL, sspr=True),
    }
    kept = [s for s in policy.methods if s.method not in extra]
    return attrs.evolve(_open_phones(policy), methods=[*kept, *extra.values()])


def _open_phones(policy: TenantPolicy) -> TenantPolicy:
    """*policy*, calmed, accepting the (US) numbers ``registration_for`` gives: a user whose
    region is blocked registers another number, which this driver does not model."""
    return attrs.evolve(_calm(policy), phone=PhoneSettings())


@st.composite
def sound_policy_and_user(draw: st.DrawFn) -> tuple[TenantPolicy, UserState]:
    """A policy (often sound) and a user of it who already holds registrations: methods the
    policy enables for MFA or SSPR (within limits), and no business phone."""
    policy = draw(st.one_of(policies().map(_sound_leaning), policies().map(_open_phones)))
    groups = draw(st.frozensets(st.sampled_from(sorted(policy.named_groups | {"other"}))))
    enabled = [
        m
        for m in Method
        if m.kind not in ADMIN_ONLY_KINDS and any(policy.enabled_for(m, p, groups) for p in Purpose)
    ]
    held: list[Method] = []
    if enabled:
        held = draw(st.lists(st.sampled_from(enabled), min_size=1, max_size=2, unique=True))
    registrations = [registration_for(m, id=f"h{i}", now=NOW) for i, m in enumerate(held)]
    kinds = [r.kind for r in registrations]
    # every held kind keeps room for one more: the driver registers, it never deletes to make
    # room (R15 allows deletes; modelling them is left to the stateful machine)
    registrations = [r for r in registrations if kinds.count(r.kind) < policy.limits.of(r.kind)]
    return policy, UserState(user_id="u", groups=groups, registrations=registrations)


@settings(max_examples=150, deadline=None)
@given(sound_policy_and_user())
def test_sound_policy_lets_a_user_with_registrations_reach_compliance_by_transitions(
    case: tuple[TenantPolicy, UserState],
) -> None:
    """Invariant 11 from users who already hold registrations, through ``step_up`` and
    ``register`` (the transitions a user would make), not only from an empty user."""
    policy, user = case
    problems = check_policy(policy)
    if problems:
        event("unsound policy")
        return
    session = Session(signed_in_at=NOW)
    first = required_registrations(policy, user, now=NOW, session=session)
    budget = len(first.slots)
    after, made, issued = _drive(policy, user, session, budget)
    target(float(made), label="registrations made")
    event(
        f"reached: sound policy, {len(user.registrations)} held, {made} registered"
        + (", TAP issued" if issued else "")
    )
    assert made <= budget
    assert required_registrations(policy, after, now=NOW).mode is not PromptMode.INTERRUPT
    if policy.mfa.applies_to(after.groups):
        assert mfa_count(policy, after, now=NOW) >= policy.mfa.methods_required
    if policy.sspr.applies_to(after.groups) and policy.sspr.registration_required:
        assert sspr_count(policy, after, now=NOW) >= policy.sspr.methods_required
