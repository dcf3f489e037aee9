"""Properties of today's Entra rules as they land (R16–R23), each with events showing how often
it reaches its point: external methods count only while their provider is listed (R17), key
restrictions decide a passkey's use (R19), and an administrator's Temporary Access Pass is stored
only within the policy's lifetime bounds and one-time rule (R20). Windows Hello beside a passkey
(R16) is in ``test_kinds_properties.py``."""

from __future__ import annotations

from datetime import timedelta

import attrs
from hypothesis import event, given, settings
from hypothesis import strategies as st

from secinfo import (
    Actor,
    ExternalAuthentication,
    KeyRestrictions,
    Method,
    MethodSetting,
    Passkey,
    Purpose,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
    usable_methods,
)
from secinfo.testing import REFERENCE_NOW, policies
from secinfo.transitions import register

NOW = REFERENCE_NOW
PROVIDERS = ["p-contoso", "p-fabrikam", "p-tailspin"]
AAGUIDS = [
    "cb69481e-8ff7-4039-93ec-0a2729a154a8",
    "ee882879-721c-4913-9775-3dfcce97072a",
    "fa2b99dc-9e39-4257-8f92-4a30d23c4118",
]


def _with(policy: TenantPolicy, setting: MethodSetting) -> TenantPolicy:
    kept = tuple(s for s in policy.methods if s.method is not setting.method)
    return attrs.evolve(policy, methods=(*kept, setting))


@settings(max_examples=100)
@given(
    policies(),
    st.frozensets(st.sampled_from(PROVIDERS)),
    st.sampled_from(PROVIDERS),
    st.sampled_from([True, False]),
)
def test_r17_an_external_method_counts_only_while_its_provider_is_listed(
    policy: TenantPolicy, listed: frozenset[str], provider: str, enabled: bool
) -> None:
    setting = MethodSetting(method=Method.EXTERNAL_AUTHENTICATION, mfa=enabled, providers=listed)
    policy = _with(policy, setting)
    eam = ExternalAuthentication(
        id="x1", registered_at=NOW, provider=provider, display_name="Provider MFA"
    )
    user = UserState(user_id="u", registrations=[eam])
    usable = Method.EXTERNAL_AUTHENTICATION in usable_methods(policy, user, Purpose.MFA, now=NOW)
    event(f"listed: {provider in listed}, enabled: {enabled}")
    assert usable == (enabled and provider in listed)


@settings(max_examples=100)
@given(
    policies(),
    st.one_of(
        st.builds(
            KeyRestrictions,
            enforcement=st.sampled_from(["allow", "block"]),
            aaguids=st.frozensets(st.sampled_from(AAGUIDS), min_size=1),
        ),
        st.none(),
    ),
    st.sampled_from(AAGUIDS) | st.sampled_from(AAGUIDS).map(str.upper) | st.none(),
)
def test_r19_key_restrictions_decide_whether_a_passkey_counts(
    policy: TenantPolicy, restrictions: KeyRestrictions | None, aaguid: str | None
) -> None:
    setting = MethodSetting(method=Method.PASSKEY, mfa=True, key_restrictions=restrictions)
    policy = _with(policy, setting)
    key = Passkey(id="k1", registered_at=NOW, name="Key", aaguid=aaguid)
    user = UserState(user_id="u", registrations=[key])
    usable = Method.PASSKEY in usable_methods(policy, user, Purpose.MFA, now=NOW)
    listed = (
        aaguid is not None and restrictions is not None and aaguid.lower() in restrictions.aaguids
    )
    if restrictions is None:
        expected = True
    elif restrictions.enforcement == "allow":
        expected = listed
    else:
        expected = not listed
    event(
        f"restrictions: {None if restrictions is None else restrictions.enforcement.value}, "
        f"usable: {expected}"
    )
    assert usable == expected


@settings(max_examples=150)
@given(
    policies(),
    st.integers(10, 600),
    st.integers(0, 600),
    st.sampled_from([True, False]),
    st.integers(-20, 20),
    st.sampled_from([True, False]),
)
def test_r20_an_issued_pass_is_stored_only_within_the_policys_bounds(
    policy: TenantPolicy,
    low: int,
    extra: int,
    one_time_only: bool,
    offset: int,
    one_time: bool,
) -> None:
    """Lifetimes around both bounds (*offset* minutes below the minimum, beyond the maximum or
    inside), multi-use and one-time passes under both settings."""
    minutes = max(1, low + offset if offset < 0 else low + (extra + offset if offset > 10 else 0))
    setting = MethodSetting(
        method=Method.TEMPORARY_ACCESS_PASS,
        mfa=True,
        min_minutes=low,
        max_minutes=low + extra,
        one_time_only=one_time_only,
    )
    policy = _with(policy, setting)
    tap = TemporaryAccessPass(
        id="t1",
        registered_at=NOW,
        registered_by="admin",
        starts_at=NOW,
        expires_at=NOW + timedelta(minutes=minutes),
        one_time=one_time,
    )
    change = register(policy, UserState(user_id="u"), tap, session=None, now=NOW, actor=Actor.ADMIN)
    within = low <= minutes <= low + extra
    allowed_use = one_time or not one_time_only
    event(f"within bounds: {within}, use allowed: {allowed_use}")
    assert change.allowed == (within and allowed_use)
    codes = {r.code.value for r in change.reasons}
    if not within:
        assert "tap_lifetime" in codes
    elif not allowed_use:
        assert "tap_one_time_only" in codes
