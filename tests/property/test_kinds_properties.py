"""Invariants 4, 5 and 6 with the kinds and settings of R16, R17, R19 and R20: Windows Hello
beside passkeys, external authentication methods with listed and unlisted providers, key
restrictions and one-time-only passes, drawn often."""

from __future__ import annotations

import attrs
from hypothesis import given, note, settings
from hypothesis import strategies as st

from secinfo import (
    Kind,
    Method,
    Purpose,
    TenantPolicy,
    UserState,
    default_method,
    usable_methods,
)
from secinfo.requirements import shortfall
from secinfo.testing import REFERENCE_NOW, policies, registration_for, registrations, users

NOW = REFERENCE_NOW
_METHODS = (
    Method.PASSKEY,
    Method.WINDOWS_HELLO,
    Method.EXTERNAL_AUTHENTICATION,
    Method.TEMPORARY_ACCESS_PASS,
    Method.PUSH,
    Method.SMS,
    Method.EMAIL,
)
_KINDS = (
    Kind.PASSKEY,
    Kind.PASSKEY,
    Kind.WINDOWS_HELLO,
    Kind.WINDOWS_HELLO,
    Kind.EXTERNAL_AUTHENTICATION,
    Kind.EXTERNAL_AUTHENTICATION,
    Kind.TEMPORARY_ACCESS_PASS,
    Kind.MOBILE_PHONE,
)


def _open(policy: TenantPolicy) -> TenantPolicy:
    """*policy* with every listed method enabled for every purpose it serves, for everyone."""
    return attrs.evolve(
        policy,
        methods=tuple(
            attrs.evolve(
                s,
                mfa=s.method.capable(Purpose.MFA),
                sspr=s.method.capable(Purpose.SSPR),
                include=frozenset({"all"}),
                exclude=frozenset(),
            )
            for s in policy.methods
        ),
    )


@st.composite
def _cases(draw: st.DrawFn) -> tuple[TenantPolicy, UserState]:
    listed = draw(st.frozensets(st.sampled_from(_METHODS), min_size=2))
    always = {Method.WINDOWS_HELLO, Method.PASSKEY, Method.EXTERNAL_AUTHENTICATION}
    policy = draw(policies(methods=st.just(listed | always)))
    if draw(st.booleans()):
        policy = _open(policy)  # the other half keeps the strategy's targets and excludes
    user = draw(users(policy=policy, max_registrations=2))
    extra = draw(
        st.lists(
            registrations(kinds=st.sampled_from(_KINDS), ids=st.integers(1, 30).map(str)),
            min_size=1,
            max_size=4,
            unique_by=lambda r: r.id,
        )
    )
    return policy, attrs.evolve(user, registrations=(*user.registrations, *extra))


cases = _cases()


@settings(max_examples=300)
@given(cases)
def test_r16_windows_hello_counts_only_beside_a_usable_passkey(
    case: tuple[TenantPolicy, UserState],
) -> None:
    policy, user = case
    usable = usable_methods(policy, user, Purpose.MFA, now=NOW)
    note(f"usable: {sorted(usable)}")
    if Method.WINDOWS_HELLO in usable:
        assert Method.PASSKEY in usable
    holds_hello = any(r.kind is Kind.WINDOWS_HELLO for r in user.registrations)
    enabled = policy.enabled_for(Method.WINDOWS_HELLO, Purpose.MFA, user.groups)
    if holds_hello and enabled and Method.PASSKEY in usable:
        assert Method.WINDOWS_HELLO in usable


@settings(max_examples=300)
@given(cases)
def test_invariant_4_default_is_usable_never_windows_hello(
    case: tuple[TenantPolicy, UserState],
) -> None:
    policy, user = case
    usable = usable_methods(policy, user, Purpose.MFA, now=NOW)
    for system_preferred in (False, True):
        p = attrs.evolve(
            policy, system_preferred=attrs.evolve(policy.system_preferred, enabled=system_preferred)
        )
        method = default_method(p, user, now=NOW).method
        assert (method is None) == (not usable)
        assert method is None or method in usable
        assert method is not Method.WINDOWS_HELLO


@settings(max_examples=200)
@given(cases, st.sampled_from(_METHODS))
def test_invariant_5_disabling_a_method_removes_it_and_what_stands_beside_it(
    case: tuple[TenantPolicy, UserState], method: Method
) -> None:
    policy, user = case
    disabled = attrs.evolve(
        policy, methods=tuple(s for s in policy.methods if s.method is not method)
    )
    after = usable_methods(disabled, user, Purpose.MFA, now=NOW)
    assert method not in after
    if method is Method.PASSKEY:
        assert Method.WINDOWS_HELLO not in after
    assert after <= usable_methods(policy, user, Purpose.MFA, now=NOW)
    assert default_method(disabled, user, now=NOW).method in (after | {None})


@settings(max_examples=200)
@given(cases, st.sampled_from(_METHODS), st.booleans())
def test_invariant_6_adding_a_registration_never_raises_the_missing_counts(
    case: tuple[TenantPolicy, UserState], method: Method, fitted: bool
) -> None:
    """Adding any registration (fitted to the policy's own settings, or not) never raises the
    missing MFA or SSPR count; a fitted external method or passkey that is enabled for the user
    lowers a missing MFA count."""
    policy, user = case
    before = shortfall(policy, user, now=NOW)
    extra = registration_for(
        method,
        id="added",
        now=NOW,
        policy=policy if fitted else None,
        user=user if fitted else None,
    )
    grown = attrs.evolve(user, registrations=(*user.registrations, extra))
    after = shortfall(policy, grown, now=NOW)
    assert after.mfa <= before.mfa
    assert after.sspr <= before.sspr
    gains = Method.PASSKEY in usable_methods(
        policy, attrs.evolve(user, registrations=(extra,)), Purpose.MFA, now=NOW
    ) or Method.EXTERNAL_AUTHENTICATION in usable_methods(
        policy, attrs.evolve(user, registrations=(extra,)), Purpose.MFA, now=NOW
    )
    if gains and before.mfa > 0:
        assert after.mfa < before.mfa
