"""secinfo.testing: registration_for and the Hypothesis strategies."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import phonenumbers
import pytest
from hypothesis import Phase, given, settings
from hypothesis import find as _find
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument as HypothesisInvalidArgument
from phonenumbers import PhoneNumberType

from secinfo import (
    AlternatePhone,
    AuthenticatorApp,
    InvalidArgument,
    Kind,
    Method,
    MobilePhone,
    OfficePhone,
    Purpose,
    Registration,
    Session,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
)
from secinfo.methods import Actor
from secinfo.policy import ALL, CampaignState, MfaSettings
from secinfo.registrations import REGISTRATION_TYPES
from secinfo.testing import (
    DEFAULT_GROUPS,
    REFERENCE_NOW,
    aware_datetimes,
    phone_numbers,
    policies,
    registration_for,
    registrations,
    sessions,
    tenants,
    users,
)
from secinfo.user import PREFERABLE_METHODS

T = TypeVar("T")
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)

EXPECTED_METHODS: dict[Method, tuple[Method, ...]] = {
    Method.PUSH: (Method.PUSH, Method.AUTHENTICATOR_CODE),
    Method.AUTHENTICATOR_CODE: (Method.AUTHENTICATOR_CODE,),
    Method.SMS: (Method.SMS, Method.VOICE_MOBILE),
    Method.VOICE_MOBILE: (Method.SMS, Method.VOICE_MOBILE),
}
ADMIN_METHODS = {Method.TEMPORARY_ACCESS_PASS, Method.HARDWARE_OATH, Method.CERTIFICATE}


def find(strategy: st.SearchStrategy[T], condition: Callable[[T], bool]) -> T:
    """The first example satisfying *condition* (no shrinking: we only need existence)."""
    quick = settings(phases=[Phase.generate], max_examples=5000, database=None)
    return _find(strategy, condition, settings=quick)


def assert_realistic(number: str) -> None:
    parsed = phonenumbers.parse(number)
    assert phonenumbers.is_valid_number(parsed), number
    assert phonenumbers.number_type(parsed) in MOBILE_TYPES, number


def phone_of(registration: Registration) -> str | None:
    if isinstance(registration, MobilePhone | AlternatePhone | OfficePhone):
        return registration.number
    return None


# ------------------------------------------------------------------------------------------
# registration_for
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", list(Method))
def test_registration_for_provides_the_method(method: Method) -> None:
    registration = registration_for(method, id="r1", now=NOW)
    assert registration.kind is method.kind
    assert method in registration.methods
    assert registration.methods == EXPECTED_METHODS.get(method, (method,))
    assert registration.id == "r1"
    assert registration.registered_at == NOW
    expected_actor = Actor.ADMIN if method in ADMIN_METHODS else Actor.USER
    assert registration.registered_by is expected_actor
    number = phone_of(registration)
    if number is not None:
        assert_realistic(number)


def test_registration_for_phones_follow_the_channel() -> None:
    sms = registration_for(Method.SMS, id="r1", now=NOW)
    voice = registration_for(Method.VOICE_MOBILE, id="r1", now=NOW)
    assert isinstance(sms, MobilePhone)
    assert isinstance(voice, MobilePhone)
    assert (sms.verified_with, voice.verified_with) == (Method.SMS, Method.VOICE_MOBILE)
    app = registration_for(Method.AUTHENTICATOR_CODE, id="r1", now=NOW)
    assert isinstance(app, AuthenticatorApp)
    assert app.notifications is False


def test_registration_for_tap_is_active_for_one_hour_from_now() -> None:
    tap = registration_for(Method.TEMPORARY_ACCESS_PASS, id="t1", now=NOW)
    assert isinstance(tap, TemporaryAccessPass)
    assert (tap.starts_at, tap.expires_at, tap.used) == (NOW, NOW + timedelta(hours=1), False)
    assert tap.active_at(NOW)
    assert tap.active_at(NOW + timedelta(minutes=59))
    assert not tap.active_at(NOW + timedelta(hours=1))
    assert not tap.active_at(NOW - timedelta(seconds=1))


def test_registration_for_derives_distinct_numbers_from_ids() -> None:
    numbers = {
        phone_of(registration_for(Method.SMS, id=f"r{index}", now=NOW)) for index in range(2000)
    }
    assert len(numbers) == 2000
    for number in list(numbers)[:200]:
        assert number is not None
        assert_realistic(number)
    mixed = {
        phone_of(registration_for(Method.VOICE_ALTERNATE, id=prefix + str(n), now=NOW))
        for prefix in ("m", "a", "office-", "phone") for n in range(50)
    }  # fmt: skip
    assert len(mixed) == 200
    same = registration_for(Method.SMS, id="x", now=NOW)
    again = registration_for(Method.VOICE_ALTERNATE, id="x", now=NOW)
    assert phone_of(same) == phone_of(again)


def test_registration_for_accepts_odd_ids() -> None:
    for odd in ("a b@c", "Ünïcødé", "x" * 128):
        email = registration_for(Method.EMAIL, id=odd, now=NOW)
        assert email.id == odd
        assert email.methods == (Method.EMAIL,)
        phone = phone_of(registration_for(Method.VOICE_OFFICE, id=odd, now=NOW))
        assert phone is not None
        assert_realistic(phone)


# ------------------------------------------------------------------------------------------
# Strategies produce valid, realistic, varied values
# ------------------------------------------------------------------------------------------


@given(aware_datetimes())
def test_aware_datetimes_are_aware_and_bounded(moment: datetime) -> None:
    assert moment.utcoffset() is not None
    assert datetime(2000, 1, 1) <= moment.replace(tzinfo=None) <= datetime(2100, 1, 1)


def test_aware_datetimes_vary_their_zone() -> None:
    non_utc = find(aware_datetimes(), lambda m: m.utcoffset() not in (None, timedelta(0)))
    assert non_utc.utcoffset() != timedelta(0)


@given(phone_numbers())
def test_phone_numbers_are_realistic(number: str) -> None:
    assert_realistic(number)


@given(registrations())
def test_registrations_are_valid(registration: Registration) -> None:
    assert registration.registered_at.utcoffset() is not None
    assert registration.methods
    number = phone_of(registration)
    if number is not None:
        assert_realistic(number)


@given(registrations(kinds=st.just(Kind.PASSKEY), ids=st.just("p9")))
def test_registrations_honour_kinds_and_ids(registration: Registration) -> None:
    assert registration.kind is Kind.PASSKEY
    assert registration.id == "p9"


def _tap(predicate: object) -> TemporaryAccessPass:
    def check(registration: Registration) -> bool:
        return isinstance(registration, TemporaryAccessPass) and bool(
            predicate(registration)  # type: ignore[operator]
        )

    found = find(registrations(kinds=st.just(Kind.TEMPORARY_ACCESS_PASS)), check)
    assert isinstance(found, TemporaryAccessPass)
    return found


def test_registrations_include_active_expired_future_and_used_taps() -> None:
    assert _tap(lambda t: t.active_at(REFERENCE_NOW)).active_at(REFERENCE_NOW)
    assert _tap(lambda t: t.expires_at <= REFERENCE_NOW).expires_at <= REFERENCE_NOW
    assert _tap(lambda t: t.expires_at == REFERENCE_NOW).expires_at == REFERENCE_NOW
    assert _tap(lambda t: t.starts_at > REFERENCE_NOW).starts_at > REFERENCE_NOW
    assert _tap(lambda t: t.used and t.starts_at <= REFERENCE_NOW < t.expires_at).used


@given(policies())
def test_policies_are_valid(policy: TenantPolicy) -> None:
    assert policy.named_groups <= set(DEFAULT_GROUPS)
    for setting in policy.methods:
        assert not setting.mfa or setting.method.capable(Purpose.MFA)
        assert not setting.sspr or setting.method.capable(Purpose.SSPR)


@given(policies(groups=st.sampled_from(["g1", "g2"]), methods=st.just(frozenset({Method.SMS}))))
def test_policies_honour_groups_and_methods(policy: TenantPolicy) -> None:
    assert policy.named_groups <= {"g1", "g2"}
    assert [setting.method for setting in policy.methods] == [Method.SMS]


def test_policies_are_often_interesting() -> None:
    enforced_for_all = find(
        policies(),
        lambda p: (
            ALL in p.mfa.enforced_for
            and not p.mfa.exclude
            and p.sspr.methods_required == 2
            and ALL in p.sspr.enabled_for
            and sum(1 for s in p.methods if s.mfa) >= 3
        ),
    )
    assert enforced_for_all.sspr.methods_required == 2
    some_groups = find(
        policies(),
        lambda p: (
            bool(p.mfa.enforced_for) and ALL not in p.mfa.enforced_for and bool(p.mfa.exclude)
        ),
    )
    assert ALL not in some_groups.mfa.enforced_for
    targeted = find(
        policies(),
        lambda p: any(s.include and ALL not in s.include and s.exclude for s in p.methods),
    )
    assert targeted.methods
    campaign = find(
        policies(),
        lambda p: p.campaign.state is CampaignState.ENABLED and p.system_preferred.enabled,
    )
    assert campaign.system_preferred.enabled


@given(policies().flatmap(lambda policy: st.tuples(st.just(policy), users(policy=policy))))
def test_users_of_a_policy_are_valid(pair: tuple[TenantPolicy, UserState]) -> None:
    policy, user = pair
    assert user.groups <= policy.named_groups | {"g-other", "g-unrelated"}
    assert len({item.id for item in user.registrations}) == len(user.registrations)
    assert user.preferred is None or user.preferred in PREFERABLE_METHODS
    for registration in user.registrations:
        number = phone_of(registration)
        if number is not None:
            assert_realistic(number)
    if user.business_phone is not None:
        assert_realistic(user.business_phone)


def test_users_draw_the_groups_a_policy_names() -> None:
    policy = TenantPolicy(mfa=MfaSettings(enforced_for=frozenset({"g-north"})))
    user = find(users(policy=policy), lambda u: "g-north" in u.groups)
    assert "g-north" in user.groups


def _shares_a_number(user: UserState) -> bool:
    phones = [r.number for r in user.registrations if isinstance(r, MobilePhone | AlternatePhone)]
    return len(set(phones)) < len(phones)


def test_users_are_varied() -> None:
    assert find(users(), lambda u: u.preferred is None).preferred is None
    with_default = find(users(), lambda u: u.preferred is not None)
    assert with_default.preferred in PREFERABLE_METHODS
    kinds = find(users(), lambda u: len({r.kind for r in u.registrations}) >= 4)
    assert len(kinds.registrations) >= 4
    shared = find(users(), _shares_a_number)
    assert shared.registrations


@given(users(registrations=registrations(kinds=st.just(Kind.EMAIL)), max_registrations=3))
def test_users_honour_a_registrations_strategy(user: UserState) -> None:
    assert all(item.kind is Kind.EMAIL for item in user.registrations)
    assert len(user.registrations) <= 3


@given(sessions())
def test_sessions_are_valid(session: Session) -> None:
    assert session.signed_in_at.utcoffset() is not None
    assert session.mfa_at is None or session.mfa_at.utcoffset() is not None


def test_sessions_hit_the_freshness_boundaries() -> None:
    exact = find(sessions(), lambda s: s.mfa_at == REFERENCE_NOW - timedelta(minutes=15))
    assert exact.mfa_at == REFERENCE_NOW - timedelta(minutes=15)
    future = find(sessions(), lambda s: s.signed_in_at > REFERENCE_NOW)
    assert future.signed_in_at > REFERENCE_NOW
    tap = find(sessions(), lambda s: s.signed_in_with == ("temporary_access_pass",))
    assert tap.signed_in_with == ("temporary_access_pass",)


def test_importing_secinfo_does_not_import_hypothesis() -> None:
    code = (
        "import sys, secinfo, secinfo.documents; "
        "assert 'hypothesis' not in sys.modules, 'hypothesis imported'; "
        "import secinfo.testing; assert 'hypothesis' in sys.modules"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------------------------
# A Hypothesis extension: st.from_type, argument checks, tenants(), the string form
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cls", [TenantPolicy, UserState, Session, *REGISTRATION_TYPES.values()], ids=str
)
def test_from_type_draws_through_the_registered_strategies(cls: type[object]) -> None:
    seen: list[object] = []

    @settings(max_examples=10, database=None)
    @given(st.from_type(cls))
    def check(value: object) -> None:
        assert type(value) is cls
        seen.append(value)

    check()
    assert len(seen) == 10


def test_from_type_user_is_varied() -> None:
    user = find(st.from_type(UserState), lambda u: len(u.registrations) >= 3 and bool(u.groups))
    assert len(user.registrations) >= 3


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_the_entry_point_registers_the_strategies_without_importing_secinfo_testing() -> None:
    code = (
        "import sys\n"
        "from hypothesis import given, settings, strategies as st\n"
        "from secinfo import TenantPolicy, UserState\n"
        "drawn = []\n"
        "@settings(max_examples=5, database=None)\n"
        "@given(st.from_type(UserState), st.from_type(TenantPolicy))\n"
        "def check(user, policy):\n"
        "    drawn.append((user, policy))\n"
        "check()\n"
        "assert len(drawn) == 5 and isinstance(drawn[0][0], UserState), drawn\n"
        "print('loaded by hypothesis:', 'secinfo.testing' in sys.modules)\n"
    )
    result = _run(code)
    assert result.returncode == 0, result.stderr
    assert "loaded by hypothesis: True" in result.stdout


def test_importing_secinfo_testing_without_hypothesis_says_what_to_install() -> None:
    result = _run("import sys; sys.modules['hypothesis'] = None; import secinfo.testing")
    assert result.returncode == 1
    assert "ImportError: secinfo.testing needs Hypothesis: pip install 'secinfo[testing]'" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: users(policy=policies()), "policy="),  # type: ignore[arg-type]
        (lambda: users(policy={"mfa": {}}), "TenantPolicy or None"),  # type: ignore[arg-type]
        (lambda: policies(groups=["g1", "g2"]), "st.sampled_from"),  # type: ignore[arg-type]
        (lambda: policies(methods={Method.SMS}), "strategy"),  # type: ignore[arg-type]
        (lambda: registrations(kinds=Kind.EMAIL), "kinds="),  # type: ignore[arg-type]
        (lambda: registrations(now=datetime(2026, 1, 1)), "timezone-aware"),
        (lambda: users(max_registrations=-1), "at least 0"),
        (lambda: users(user_ids="u1"), "user_ids="),  # type: ignore[arg-type]
        (lambda: sessions(now="2026-11-25T12:00:00Z"), "a datetime"),  # type: ignore[arg-type]
        (lambda: aware_datetimes(min_value=NOW), "naive or both aware"),
        (lambda: aware_datetimes(max_value="2030"), "max_value="),  # type: ignore[arg-type]
        (
            lambda: aware_datetimes(min_value=datetime(2030, 1, 1), max_value=datetime(2020, 1, 1)),
            "after",
        ),
        (lambda: tenants(min_users=3, max_users=2), "more than"),
        (lambda: tenants(policies=TenantPolicy()), "policies="),  # type: ignore[arg-type]
    ],
)
def test_strategy_arguments_are_checked_with_hypothesis_invalid_argument(
    make: Callable[[], object], message: str
) -> None:
    with pytest.raises(HypothesisInvalidArgument, match=re.escape(message)):
        make()


def test_registration_for_takes_the_string_form() -> None:
    assert registration_for("sms", id="r1", now=NOW) == registration_for(
        Method.SMS, id="r1", now=NOW
    )
    with pytest.raises(InvalidArgument):
        registration_for("fax", id="r1", now=NOW)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        registration_for("sms", id="r1", now=datetime(2026, 1, 1))


@settings(max_examples=30)
@given(tenants(max_users=4))
def test_tenants_draw_a_policy_with_users_of_it(
    tenant: tuple[TenantPolicy, tuple[UserState, ...]],
) -> None:
    policy, members = tenant
    assert 1 <= len(members) <= 4
    assert [user.user_id for user in members] == [f"u{i + 1}" for i in range(len(members))]
    for user in members:
        assert user.groups <= policy.named_groups | {"g-other", "g-unrelated"}


def test_tenants_reach_users_in_the_policy_groups() -> None:
    policy, members = find(
        tenants(min_users=2),
        lambda t: any(user.groups & t[0].named_groups for user in t[1]),
    )
    assert any(user.groups & policy.named_groups for user in members)
