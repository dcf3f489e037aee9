"""Invariants 5 and 8 for the one predicate, checked against a brute-force
reading of the rule written independently of the library's memoised lookups."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from secinfo import (
    ExternalAuthentication,
    Method,
    MethodSetting,
    Passkey,
    Purpose,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
    mfa_count,
    sspr_count,
    usable_methods,
)
from secinfo.policy import in_targets
from secinfo.registrations import PHONE_KINDS, Registration
from secinfo.testing import REFERENCE_NOW, aware_datetimes, policies, users

policy_and_user = policies().flatmap(lambda p: st.tuples(st.just(p), users(policy=p)))
moments = aware_datetimes(
    min_value=REFERENCE_NOW - timedelta(days=2), max_value=REFERENCE_NOW + timedelta(days=2)
)


def _setting(policy: TenantPolicy, method: Method) -> MethodSetting | None:
    return next((s for s in policy.methods if s.method is method), None)


def _permitted(policy: TenantPolicy, registration: Registration, now: datetime) -> bool:
    """The registration's own conditions: R1/R20 for a TAP, R19 for a passkey, R17 for an
    external method."""
    if isinstance(registration, TemporaryAccessPass):
        tap = _setting(policy, Method.TEMPORARY_ACCESS_PASS)
        one_time_only = tap is not None and tap.one_time_only
        return (
            not registration.used
            and registration.starts_at <= now < registration.expires_at
            and (registration.one_time or not one_time_only)
        )
    if isinstance(registration, Passkey):
        passkey = _setting(policy, Method.PASSKEY)
        restrictions = None if passkey is None else passkey.key_restrictions
        if restrictions is None:
            return True
        listed = registration.aaguid is not None and registration.aaguid in restrictions.aaguids
        return listed if restrictions.enforcement == "allow" else not listed
    if isinstance(registration, ExternalAuthentication):
        eam = _setting(policy, Method.EXTERNAL_AUTHENTICATION)
        return eam is not None and registration.provider in eam.providers
    return True


def oracle(
    policy: TenantPolicy,
    user: UserState,
    registration: Registration,
    purpose: Purpose,
    now: datetime,
) -> set[Method]:
    if not _permitted(policy, registration, now):
        return set()
    found = set()
    for method in registration.methods:
        setting = _setting(policy, method)
        if setting is None or not method.capable(purpose):
            continue
        flag = setting.mfa if purpose is Purpose.MFA else setting.sspr
        if not (flag and in_targets(user.groups, setting.include, setting.exclude)):
            continue
        if method is Method.WINDOWS_HELLO and not any(
            isinstance(other, Passkey) and oracle(policy, user, other, Purpose.MFA, now)
            for other in user.registrations
        ):
            continue  # R16: only beside a passkey usable for MFA
        found.add(method)
    return found


@settings(max_examples=300, deadline=None)
@given(policy_and_user, st.sampled_from(list(Purpose)), moments)
def test_usable_methods_match_the_definition(
    pair: tuple[TenantPolicy, UserState], purpose: Purpose, now: datetime
) -> None:
    policy, user = pair
    expected: set[Method] = set()
    for registration in user.registrations:
        expected |= oracle(policy, user, registration, purpose, now)
    assert usable_methods(policy, user, purpose, now=now) == expected


@settings(max_examples=300, deadline=None)
@given(policy_and_user, moments)
def test_counts_match_the_definition(pair: tuple[TenantPolicy, UserState], now: datetime) -> None:
    policy, user = pair
    keys = set()
    kinds = set()
    for registration in user.registrations:
        if oracle(policy, user, registration, Purpose.MFA, now) and not isinstance(
            registration, TemporaryAccessPass
        ):
            number = getattr(registration, "number", None)
            keys.add(number if registration.kind in PHONE_KINDS else ("id", registration.id))
        if oracle(policy, user, registration, Purpose.SSPR, now):
            kinds.add(registration.kind)
    assert mfa_count(policy, user, now=now) == len(keys)
    assert sspr_count(policy, user, now=now) == len(kinds)


@settings(max_examples=200, deadline=None)
@given(policy_and_user, st.sampled_from(list(Purpose)), st.sampled_from(list(Method)))
def test_invariant_5_a_disabled_method_never_counts(
    pair: tuple[TenantPolicy, UserState], purpose: Purpose, method: Method
) -> None:
    policy, user = pair
    disabled = attrs.evolve(
        policy, methods=tuple(s for s in policy.methods if s.method is not method)
    )
    now = REFERENCE_NOW
    assert method not in usable_methods(disabled, user, purpose, now=now)
    assert usable_methods(disabled, user, purpose, now=now) <= usable_methods(
        policy, user, purpose, now=now
    )
    assert mfa_count(disabled, user, now=now) <= mfa_count(policy, user, now=now)
    assert sspr_count(disabled, user, now=now) <= sspr_count(policy, user, now=now)


@settings(max_examples=200, deadline=None)
@given(policy_and_user, st.sampled_from(list(Purpose)), st.integers(-14 * 60, 14 * 60))
def test_invariant_8_determinism_and_time_zones(
    pair: tuple[TenantPolicy, UserState], purpose: Purpose, offset: int
) -> None:
    policy, user = pair
    shifted = REFERENCE_NOW.astimezone(timezone(timedelta(minutes=offset)))
    first = usable_methods(policy, user, purpose, now=REFERENCE_NOW)
    assert usable_methods(policy, user, purpose, now=shifted) == first
    assert usable_methods(policy, user, purpose, now=REFERENCE_NOW) == first
    assert mfa_count(policy, user, now=shifted) == mfa_count(policy, user, now=REFERENCE_NOW)
