"""``evaluate`` keeps the one predicate's answers per policy, targeting and registration shapes
(``usable.Kept``), and with them the decisions that follow (default, gate, shortfall, interrupt,
the campaign up to the snoozes), for users who hold no TAP and no external method
(docs/decisions.md, "Decisions kept per policy"). Per user it reads only the user's own values:
phone numbers (counting), dates (latest SSPR registration, grace, review, snoozes), the mobile
phone's channel, the preference and the business phone.

A user reaching a kept entry must be decided exactly as the composition of the public
functions decides them on a fresh copy of the policy. Users of one tenant are evaluated with
the policy's memos warm, then again with the user's own values redrawn (same registration
classes, so the same kept entry when the answers match), and once on a cold copy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from secinfo import Kind, Method, TenantPolicy, UserState, evaluate
from secinfo import usable as usable_module
from secinfo.policy import Memo
from secinfo.registrations import (
    REGISTRATION_TYPES,
    ExternalAuthentication,
    MobilePhone,
    PhoneRegistration,
    TemporaryAccessPass,
)
from secinfo.testing import REFERENCE_NOW, policies, registrations, tenants, users
from secinfo.user import PREFERABLE_METHODS, CampaignProgress
from tests._composed import composed

NOW = REFERENCE_NOW
_KEPT: Memo[Any, Any] = usable_module._KEPT
_SEEN: Memo[Any, Any] = usable_module._SEEN
_NUMBERS = ("+16502530000", "+16502530001", "+14155550100")
_PREFERABLE = sorted(PREFERABLE_METHODS, key=lambda m: m.rank)


def _kept_path(user: UserState) -> bool:
    """Whether *user* reaches the kept answers (no TAP, no external method, and only the
    registration classes secinfo defines)."""
    return not any(
        isinstance(r, TemporaryAccessPass | ExternalAuthentication)
        or type(r) not in REGISTRATION_TYPES.values()
        for r in user.registrations
    )


@st.composite
def _own_values(draw: st.DrawFn, user: UserState) -> UserState:
    """*user* with every value the kept entries leave to the user redrawn: phone numbers (often
    repeated, so phones dedupe or not), registration dates, the mobile phone's channel, the
    preference, the business phone, the first prompt, the last review and the snoozes."""
    ago = st.integers(0, 500).map(lambda days: NOW - timedelta(days=days))
    registrations = []
    for registration in user.registrations:
        changes: dict[str, Any] = {}
        if not isinstance(registration, TemporaryAccessPass):
            changes["registered_at"] = draw(st.sampled_from([registration.registered_at]) | ago)
        if isinstance(registration, PhoneRegistration):
            changes["number"] = draw(st.sampled_from(_NUMBERS))
        if isinstance(registration, MobilePhone):
            changes["verified_with"] = draw(st.sampled_from([Method.SMS, Method.VOICE_MOBILE]))
        registrations.append(attrs.evolve(registration, **changes))
    return attrs.evolve(
        user,
        user_id=user.user_id + "-own",
        registrations=tuple(registrations),
        preferred=draw(st.none() | st.sampled_from(_PREFERABLE)),
        business_phone=draw(st.none() | st.sampled_from(_NUMBERS)),
        first_prompted_at=draw(st.none() | ago),
        last_reviewed_at=draw(st.none() | ago),
        campaign=CampaignProgress(
            snoozes=draw(st.integers(0, 4)), last_snoozed_at=draw(st.none() | ago)
        ),
    )


def _evaluated(policy: TenantPolicy, user: UserState) -> dict[str, Any]:
    """``evaluate`` with *policy*'s memos as they are, reporting which path the user took and
    whether it reached a kept entry."""
    kept, seen = _KEPT.size(policy), _SEEN.size(policy)
    result = evaluate(policy, user, now=NOW).to_dict()
    if _kept_path(user):
        if _KEPT.size(policy) > kept:
            event("kept path: new entry (second user of the shapes)")
        elif _SEEN.size(policy) > seen:
            event("kept path: shapes seen first (no entry)")
        else:
            event("kept path: kept entry")
    else:
        event("not kept (TAP or external method)")
    return result


@settings(max_examples=200)
@given(tenants(min_users=2, max_users=6), st.data())
def test_kept_answers_decide_like_the_composition(
    tenant: tuple[TenantPolicy, tuple[UserState, ...]], data: st.DataObject
) -> None:
    policy, members = tenant
    checked = 0
    for user in members:
        for variant in (user, data.draw(_own_values(user)), data.draw(_own_values(user))):
            expected = composed(attrs.evolve(policy), variant, NOW)
            assert _evaluated(policy, variant) == expected  # memos warm
            assert evaluate(attrs.evolve(policy), variant, now=NOW).to_dict() == expected  # cold
            checked += 1
    assert checked == 3 * len(members)


_PHONES = [Kind.MOBILE_PHONE, Kind.ALTERNATE_PHONE, Kind.OFFICE_PHONE]
_PHONE_METHODS = frozenset(m for kind in _PHONES for m in kind.methods)
_SHARED_KINDS = [
    k for k in Kind if k not in (Kind.TEMPORARY_ACCESS_PASS, Kind.EXTERNAL_AUTHENTICATION)
]


@st.composite
def _policy_and_user(draw: st.DrawFn) -> tuple[TenantPolicy, UserState]:
    """A policy listing the phone methods (among others) whose counts and review period vary,
    and a user of it with no TAP and no external method, often with several phones sharing
    numbers from a small pool."""
    listed = st.frozensets(st.sampled_from(sorted(Method, key=lambda m: m.rank)), max_size=6)
    policy = draw(policies(methods=listed.map(lambda methods: methods | _PHONE_METHODS)))
    policy = attrs.evolve(
        policy,
        mfa=attrs.evolve(policy.mfa, methods_required=draw(st.integers(1, 2))),
        sspr=attrs.evolve(
            policy.sspr,
            methods_required=draw(st.integers(1, 2)),
            reconfirm_days=draw(st.sampled_from([0, 30, 180])),
        ),
    )
    kinds = st.sampled_from(_SHARED_KINDS) | st.sampled_from(_PHONES)  # phones often
    numbers = st.sampled_from(_NUMBERS[:2])
    user = draw(users(policy=policy, registrations=registrations(kinds=kinds, numbers=numbers)))
    return policy, user


@settings(max_examples=200)
@given(_policy_and_user(), st.data())
def test_users_sharing_a_kept_entry_are_decided_by_their_own_values(
    policy_and_user: tuple[TenantPolicy, UserState], data: st.DataObject
) -> None:
    """A user and users with the same registration classes and other own values: after the
    first, each reaches the kept entry (when the predicate's answers match) and must still be
    decided by their own numbers, dates, channel, preference and business phone."""
    policy, user = policy_and_user
    variants = [user, *(data.draw(_own_values(user)) for _ in range(4))]
    for variant in variants:
        fresh = attrs.evolve(policy)
        assert usable_module.View(fresh, variant, NOW).kept is None  # shapes seen once
        answers = usable_module.View(fresh, variant, NOW)
        assert answers.kept is not None  # kept from the second user of the shapes on
        phones = answers.kept.phones
        if len({answers.user.registrations[i].number for i in phones}) < len(phones):  # type: ignore[union-attr]
            event("phones sharing a number both count for MFA")
        if answers.phone is not None and answers.phone[0] is Method.VOICE_MOBILE:
            event("the mobile phone was verified by voice")
        if len(answers.kept.sspr_at) > 1:
            event("several registrations give SSPR (the latest date decides the review)")
        result = _evaluated(policy, variant)
        assert result == composed(attrs.evolve(policy), variant, NOW)
        event(f"prompt: {result['prompt']['mode']}")


def test_users_of_one_shape_share_one_entry() -> None:
    """Users whose registrations have the same shapes under one targeting share one kept entry,
    whatever their own values (here: the number, date and channel of a mobile phone), and are
    each decided by their own values."""
    from tests._synth import example_policy

    policy = example_policy()
    phone = MobilePhone(id="m", registered_at=NOW - timedelta(days=1), number=_NUMBERS[0])
    first = UserState(user_id="a", registrations=(phone,))
    second = UserState(
        user_id="b",
        registrations=(
            attrs.evolve(
                phone,
                number=_NUMBERS[1],
                verified_with=Method.VOICE_MOBILE,
                registered_at=NOW - timedelta(days=300),
            ),
        ),
    )
    results = [evaluate(policy, user, now=NOW).to_dict() for user in (first, second)]
    assert _KEPT.size(policy) == 1  # kept from the second user on
    assert results == [composed(attrs.evolve(policy), user, NOW) for user in (first, second)]
    assert results[0]["prompt"] != results[1]["prompt"]  # the second one's review is due


def test_kept_entries_and_their_decisions_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """With small bounds, many users of many shapes keep at most that many entries, and an
    entry at most that many decisions, and every user is still decided like the composition."""
    from secinfo import evaluation as evaluation_module
    from secinfo import load_user
    from tests._synth import example_policy, generated_users

    monkeypatch.setattr(_KEPT, "bound", 8)
    monkeypatch.setattr(evaluation_module, "_DECIDED_BOUND", 4)
    policy = example_policy()
    users = [load_user(document) for document in generated_users(150, seed=11)]
    phone = MobilePhone(id="m", registered_at=NOW - timedelta(days=1), number=_NUMBERS[0])
    # One shape, many preferences and channels: many decisions for one entry.
    users += [
        UserState(
            user_id=f"p{index}",
            registrations=(attrs.evolve(phone, verified_with=channel),),
            preferred=preferred,
        )
        for index, (preferred, channel) in enumerate(
            (p, c) for p in [None, *_PREFERABLE] for c in (Method.SMS, Method.VOICE_MOBILE)
        )
    ]
    for user in users:
        assert evaluate(policy, user, now=NOW).to_dict() == composed(
            attrs.evolve(policy), user, NOW
        )
        assert _KEPT.size(policy) <= 8
    tables = policy._compiled.memos[_KEPT].values()
    assert all(len(entry.decided) <= 4 for entry in tables)
    assert max(len(entry.decided) for entry in tables) == 4  # the last entry's table filled up
