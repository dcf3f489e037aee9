"""Invariants 3, 6, 8 and 9 for :func:`required_registrations`, on generated
policies and users (``secinfo.testing``)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from secinfo import (
    Action,
    CampaignState,
    ExternalAuthentication,
    GateOutcome,
    MethodSetting,
    PromptMode,
    RegistrationPrompt,
    Session,
    TenantPolicy,
    UserState,
    usable_methods,
)
from secinfo.methods import PASSWORDLESS_KINDS, Kind, Method, Purpose, by_rank
from secinfo.registrations import PHONE_KINDS, Registration
from secinfo.requirements import (
    CAMPAIGN_SNOOZE_LIMIT,
    interrupt_choices,
    required_registrations,
    shortfall,
)
from secinfo.stepup import step_up
from secinfo.testing import (
    REFERENCE_NOW,
    policies,
    registration_for,
    registrations,
    sessions,
    users,
)

NOW = REFERENCE_NOW
NEVER_IN_INTERRUPTS = frozenset(
    {
        Method.TEMPORARY_ACCESS_PASS,
        Method.WINDOWS_HELLO,
        Method.VOICE_ALTERNATE,
        Method.HARDWARE_OATH,
        Method.CERTIFICATE,
    }
)

policy_and_user = policies().flatmap(lambda p: st.tuples(st.just(p), users(policy=p)))

# Users with few registrations under a password bootstrap: mostly interrupts that can proceed.
newcomers = (
    policies()
    .map(lambda p: attrs.evolve(p, bootstrap="password"))
    .flatmap(lambda p: st.tuples(st.just(p), users(policy=p, max_registrations=3)))
)


def _campaigning(policy: TenantPolicy) -> TenantPolicy:
    """*policy* with no interrupt or review, and a campaign for everyone whose method is
    enabled for MFA for everyone."""
    method = policy.campaign.method
    return attrs.evolve(
        policy,
        methods=[
            *(s for s in policy.methods if s.method is not method),
            MethodSetting(method=method, mfa=True),
        ],
        mfa=attrs.evolve(policy.mfa, enforced_for=frozenset()),
        sspr=attrs.evolve(policy.sspr, enabled_for=frozenset()),
        campaign=attrs.evolve(
            policy.campaign,
            state=CampaignState.ENABLED,
            include=frozenset({"all"}),
            exclude=frozenset(),
        ),
    )


campaigners = policies().map(_campaigning).flatmap(lambda p: st.tuples(st.just(p), users(policy=p)))


def _numbers(user: UserState) -> set[str]:
    return {
        getattr(registration, "number")  # noqa: B009 - phone kinds only
        for registration in user.registrations
        if registration.kind in PHONE_KINDS
    }


def fresh_registration(
    user: UserState, method: Method, *, now: datetime, policy: TenantPolicy
) -> Registration:
    """A registration providing *method* with an id the user does not hold and, for phones, a
    number the user does not hold; one the method's own settings under *policy* permit (an
    external method of a listed provider the user does not hold, a passkey the key
    restrictions permit: R17, R19)."""
    ids = {registration.id for registration in user.registrations}
    numbers = _numbers(user)
    serial = len(ids)
    while True:
        serial += 1
        candidate = registration_for(method, id=f"new{serial}", now=now, policy=policy, user=user)
        if candidate.id in ids:
            continue
        if candidate.kind in PHONE_KINDS and getattr(candidate, "number") in numbers:  # noqa: B009
            continue
        return candidate


def add(user: UserState, registration: Registration) -> UserState:
    return attrs.evolve(user, registrations=(*user.registrations, registration))


def register_first_choices(
    policy: TenantPolicy, user: UserState, *, now: datetime, max_steps: int
) -> tuple[RegistrationPrompt, int]:
    """Invariant 3's loop: while the prompt is an interrupt that is not blocked, register the
    first choice of its first slot — through ``step_up(add)`` with a session that satisfied any
    step-up it asked for — and re-evaluate. Returns the last prompt and the number of
    registrations made (stops after *max_steps* + 1 so a loop cannot hang the test).

    The gate must never deny a slot's first choice: a slot only offers what the user may add.
    """
    session = Session(signed_in_at=now)  # the sign-in that raised the interrupt
    prompt = required_registrations(policy, user, now=now, session=session)
    steps = 0
    while prompt.mode is PromptMode.INTERRUPT and prompt.blocked is None and steps <= max_steps:
        method = prompt.slots[0].choices[0]
        registration = fresh_registration(user, method, now=now, policy=policy)
        gate = step_up(policy, user, Action.ADD, session=session, now=now, target=registration)
        if gate.outcome is GateOutcome.STEP_UP:
            assert gate.methods
            session = Session(signed_in_at=now, mfa_at=now, mfa_method=gate.methods[0])
            gate = step_up(policy, user, Action.ADD, session=session, now=now, target=registration)
        assert gate.outcome is GateOutcome.ALLOW, gate
        user = add(user, registration)
        steps += 1
        # Having just registered, the user proved the new method: the session carries it.
        session = Session(signed_in_at=now, mfa_at=now, mfa_method=method)
        prompt = required_registrations(policy, user, now=now, session=session)
    return prompt, steps


@settings(
    max_examples=200, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(newcomers)
def test_invariant_3_no_loop(pair: tuple[TenantPolicy, UserState]) -> None:
    """Registering each first choice ends the interrupt within the original len(slots)
    registrations, and never runs into a block on the way (F15: no oscillation)."""
    policy, user = pair
    first = required_registrations(policy, user, now=NOW, session=Session(signed_in_at=NOW))
    assume(first.mode is PromptMode.INTERRUPT and first.blocked is None)
    last, steps = register_first_choices(policy, user, now=NOW, max_steps=len(first.slots))
    assert last.mode is not PromptMode.INTERRUPT, last
    assert steps <= len(first.slots)


@settings(max_examples=300)
@given(policy_and_user)
def test_interrupt_slots_are_well_formed(pair: tuple[TenantPolicy, UserState]) -> None:
    """F11: skippability and blocking come from the same slots; choices are ranked, never a
    kind the interrupt cannot register; only an interrupt can be blocked."""
    policy, user = pair
    prompt = required_registrations(policy, user, now=NOW)
    short = shortfall(policy, user, now=NOW)
    assert (prompt.mode is PromptMode.INTERRUPT) == short.interrupt
    if prompt.mode is not PromptMode.INTERRUPT:
        assert prompt.blocked is None
        return
    assert len(prompt.slots) >= max(short.mfa, 1)
    assert sum(1 for slot in prompt.slots if "mfa" in slot.purposes) == short.mfa
    assert len(prompt.slots) <= short.mfa + short.sspr
    for slot in prompt.slots:
        assert list(slot.choices) == sorted(slot.choices, key=lambda m: m.rank)
        assert not NEVER_IN_INTERRUPTS & set(slot.choices)
    if any(not slot.choices for slot in prompt.slots):
        assert prompt.blocked is not None
    if not short.mfa_drives:
        assert prompt.skippable


def _documented_codes() -> frozenset[str]:
    """The codes of the "Registration prompt" section of docs/reference/reasons.md."""
    text = (Path(__file__).parents[2] / "docs" / "reference" / "reasons.md").read_text("utf-8")
    section = text.split("## Registration prompt", 1)[1].split("\n## ", 1)[0]
    return frozenset(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))


DOCUMENTED = _documented_codes()


@settings(max_examples=300)
@given(st.one_of(policy_and_user, newcomers), st.none() | sessions())
def test_every_reason_code_is_documented(
    pair: tuple[TenantPolicy, UserState], session: Session | None
) -> None:
    policy, user = pair
    prompt = required_registrations(policy, user, now=NOW, session=session)
    assert prompt.reasons
    for reason in prompt.reasons:
        assert reason.code in DOCUMENTED
        assert reason.message.endswith(".")
    if prompt.blocked is not None:
        assert prompt.blocked.code in DOCUMENTED
        assert prompt.blocked.remedy.code in DOCUMENTED


@settings(max_examples=300)
@given(
    policy_and_user,
    registrations(ids=st.just("added-by-test")),
)
def test_invariant_6_adding_never_raises_missing(
    pair: tuple[TenantPolicy, UserState], registration: Registration
) -> None:
    policy, user = pair
    assume(all(r.id != registration.id for r in user.registrations))
    before = shortfall(policy, user, now=NOW)
    after = shortfall(policy, add(user, registration), now=NOW)
    assert after.mfa <= before.mfa
    assert after.sspr <= before.sspr


@settings(max_examples=200, suppress_health_check=[HealthCheck.filter_too_much])
@given(newcomers, st.data())
def test_invariant_6_adding_a_slot_choice_lowers_missing(
    pair: tuple[TenantPolicy, UserState], data: st.DataObject
) -> None:
    """Registering a first choice of a slot lowers the missing count of each of its purposes."""
    policy, user = pair
    prompt = required_registrations(policy, user, now=NOW)
    assume(prompt.mode is PromptMode.INTERRUPT and prompt.slots and prompt.slots[0].choices)
    slot = prompt.slots[0]
    method = data.draw(st.sampled_from(slot.choices))
    before = shortfall(policy, user, now=NOW)
    after = shortfall(
        policy, add(user, fresh_registration(user, method, now=NOW, policy=policy)), now=NOW
    )
    for purpose in slot.purposes:
        if purpose == "mfa":
            assert after.mfa < before.mfa or after.mfa == 0
        else:
            assert after.sspr < before.sspr or after.sspr == 0


def _disable(policy: TenantPolicy, method: Method, how: str) -> TenantPolicy:
    settings_: list[MethodSetting] = []
    for setting in policy.methods:
        if setting.method is not method:
            settings_.append(setting)
        elif how == "mfa":
            settings_.append(attrs.evolve(setting, mfa=False))
        elif how == "sspr":
            settings_.append(attrs.evolve(setting, sspr=False))
        elif how == "exclude":
            settings_.append(attrs.evolve(setting, exclude=setting.exclude | {"all"}))
    return attrs.evolve(policy, methods=settings_)


@settings(max_examples=300)
@given(policy_and_user, st.data())
def test_invariant_6_disabling_never_lowers_missing(
    pair: tuple[TenantPolicy, UserState], data: st.DataObject
) -> None:
    policy, user = pair
    assume(policy.methods)
    method = data.draw(st.sampled_from([s.method for s in policy.methods]))
    how = data.draw(st.sampled_from(["mfa", "sspr", "exclude", "remove"]))
    before = shortfall(policy, user, now=NOW)
    after = shortfall(_disable(policy, method, how), user, now=NOW)
    assert after.mfa >= before.mfa
    assert after.sspr >= before.sspr


@settings(max_examples=200)
@given(st.one_of(policy_and_user, campaigners), st.none() | sessions())
def test_invariant_9_exhausted_snoozes_make_the_nudge_required(
    pair: tuple[TenantPolicy, UserState], session: Session | None
) -> None:
    policy, user = pair
    prompt = required_registrations(policy, user, now=NOW, session=session)
    if prompt.mode is not PromptMode.NUDGE:
        return
    exhausted = policy.campaign.limited_snoozes and user.campaign.snoozes >= CAMPAIGN_SNOOZE_LIMIT
    assert prompt.skippable is not exhausted
    assert [slot.choices for slot in prompt.slots] == [(policy.campaign.method,)]


@settings(
    max_examples=50, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)
@given(campaigners, st.integers(min_value=0, max_value=CAMPAIGN_SNOOZE_LIMIT + 2))
def test_invariant_9_snoozes_within_limit_are_skippable(
    pair: tuple[TenantPolicy, UserState], snoozes: int
) -> None:
    """A nudge is skippable exactly while the user has snoozes left (or snoozes are
    unlimited): changing only the snooze count never turns a nudge into anything else."""
    policy, user = pair
    user = attrs.evolve(
        user, campaign=attrs.evolve(user.campaign, snoozes=snoozes, last_snoozed_at=None)
    )
    prompt = required_registrations(policy, user, now=NOW)
    assume(prompt.mode is PromptMode.NUDGE)
    for count in range(CAMPAIGN_SNOOZE_LIMIT + 3):
        other = attrs.evolve(user, campaign=attrs.evolve(user.campaign, snoozes=count))
        again = required_registrations(policy, other, now=NOW)
        assert again.mode is PromptMode.NUDGE
        assert again.skippable is (
            not policy.campaign.limited_snoozes or count < CAMPAIGN_SNOOZE_LIMIT
        )


@settings(max_examples=200)
@given(
    policy_and_user,
    st.none() | sessions(),
    st.integers(min_value=-23 * 60, max_value=23 * 60),
)
def test_invariant_8_time_zone_of_now_does_not_matter(
    pair: tuple[TenantPolicy, UserState], session: Session | None, offset: int
) -> None:
    policy, user = pair
    shifted = NOW.astimezone(timezone(timedelta(minutes=offset)))
    first = required_registrations(policy, user, now=NOW, session=session)
    second = required_registrations(policy, user, now=shifted, session=session)
    assert first == second


@settings(max_examples=100)
@given(policy_and_user)
def test_tap_and_admin_kinds_are_never_asked_for(pair: tuple[TenantPolicy, UserState]) -> None:
    """R1: a TAP is never a slot choice (and never counts); R4: no admin-only kind."""
    policy, user = pair
    prompt = required_registrations(policy, user, now=NOW)
    for slot in prompt.slots:
        assert all(m.kind not in (Kind.TEMPORARY_ACCESS_PASS,) for m in slot.choices)


def _limit(policy: TenantPolicy, kind: Kind) -> int:
    """How many registrations of *kind* a user may hold: one external method per listed
    provider (R17), the policy's limit otherwise."""
    if kind is Kind.EXTERNAL_AUTHENTICATION:
        return len(policy.settings_of(Method.EXTERNAL_AUTHENTICATION).providers)
    return policy.limits.of(kind)


def _reachable(policy: TenantPolicy, user: UserState, *, now: datetime, budget: int) -> bool:
    """Brute force: can at most *budget* interrupt registrations (within limits) end the
    interrupt? Independent of the slot planner: it only uses interrupt_choices and shortfall."""
    candidates = by_rank(
        interrupt_choices(policy, user.groups, [Purpose.MFA], business_phone=user.business_phone)
        + interrupt_choices(policy, user.groups, [Purpose.SSPR], business_phone=user.business_phone)
    )
    held = Counter(r.kind for r in user.registrations)
    can_mfa = bool(usable_methods(policy, user, Purpose.MFA, now=now))
    listed = policy.settings_of(Method.EXTERNAL_AUTHENTICATION).providers
    held[Kind.EXTERNAL_AUTHENTICATION] = len(
        {r.provider for r in user.registrations if isinstance(r, ExternalAuthentication)} & listed
    )
    for size in range(1, budget + 1):
        for combo in itertools.combinations_with_replacement(candidates, size):
            kinds = Counter(m.kind for m in combo)
            if any(held[k] + n > _limit(policy, k) for k, n in kinds.items()):
                continue
            # R18: a passkey needs MFA first: a user without a usable MFA method must register
            # some other MFA method of the set before it.
            if not can_mfa and any(m.kind in PASSWORDLESS_KINDS for m in combo):
                others = [m for m in combo if m.kind not in PASSWORDLESS_KINDS]
                if not any(policy.enabled_for(m, Purpose.MFA, user.groups) for m in others):
                    continue
            state = user
            for method in combo:
                state = add(state, fresh_registration(state, method, now=now, policy=policy))
            if not shortfall(policy, state, now=now).interrupt:
                return True
    return False


@settings(max_examples=150, suppress_health_check=[HealthCheck.filter_too_much])
@given(newcomers)
def test_no_false_block(pair: tuple[TenantPolicy, UserState]) -> None:
    """R6: ``no_choice_for_slot`` only when no set of interrupt registrations could end the
    interrupt; and when the slots are not blocked, they can (checked by invariant 3)."""
    policy, user = pair
    prompt = required_registrations(policy, user, now=NOW)
    assume(prompt.blocked is not None and prompt.blocked.code == "no_choice_for_slot")
    short = shortfall(policy, user, now=NOW)
    assert not _reachable(policy, user, now=NOW, budget=short.mfa + short.sspr)


def _passkeys_for_all(policy: TenantPolicy) -> TenantPolicy:
    """*policy* with passkeys enabled for MFA and MFA enforced for everyone (its passkey
    self-service switch kept)."""
    passkey = MethodSetting(
        method=Method.PASSKEY, mfa=True, self_service=policy.self_service(Method.PASSKEY)
    )
    return attrs.evolve(
        policy,
        methods=[*(s for s in policy.methods if s.method is not Method.PASSKEY), passkey],
        mfa=attrs.evolve(policy.mfa, enforced_for=frozenset({"all"}), exclude=frozenset()),
    )


passkey_tenants = (
    policies()
    .map(_passkeys_for_all)
    .flatmap(lambda p: st.tuples(st.just(p), users(policy=p, max_registrations=3)))
)


@settings(max_examples=200)
@given(st.one_of(policy_and_user, passkey_tenants), st.none() | sessions())
def test_r18_passkey_choices_only_for_users_who_can_pass_mfa(
    pair: tuple[TenantPolicy, UserState], session: Session | None
) -> None:
    """R18: a passwordless credential is a slot choice only when the user holds a usable MFA
    method or a slot before it is an MFA slot, and a passkey never while ``self_service`` is
    off."""
    policy, user = pair
    prompt = required_registrations(policy, user, now=NOW, session=session)
    can_mfa = bool(usable_methods(policy, user, Purpose.MFA, now=NOW))
    for index, slot in enumerate(prompt.slots):
        offered = {m.kind for m in slot.choices} & PASSWORDLESS_KINDS
        if not offered:
            continue
        assert can_mfa or any(Purpose.MFA in s.purposes for s in prompt.slots[:index])
        assert policy.self_service(Method.PASSKEY)
