"""Invariant 11: ``check_policy(policy) == ()`` ⇒ every user of the policy can
reach compliance (from no registrations, by registering what the prompt offers, after at most
one administrator-issued TAP, with no business phone)."""

from __future__ import annotations

from datetime import timedelta

import attrs
from hypothesis import given, note, settings
from hypothesis import strategies as st

from secinfo import (
    Bootstrap,
    CampaignSettings,
    Method,
    PromptMode,
    Session,
    TenantPolicy,
    UserState,
    check_policy,
    mfa_count,
    required_registrations,
    sspr_count,
)
from secinfo.testing import REFERENCE_NOW, policies, registration_for

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
