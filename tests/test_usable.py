"""The one predicate and the MFA/SSPR counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import attrs
import pytest

from secinfo import (
    AlternatePhone,
    AuthenticatorApp,
    Email,
    InvalidArgument,
    Kind,
    Method,
    MethodSetting,
    MobilePhone,
    Passkey,
    Purpose,
    SecurityQuestions,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
    mfa_count,
    sspr_count,
    usable_methods,
)

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
ALL_ON = TenantPolicy(
    methods=[
        MethodSetting(method=m, mfa=m.capable(Purpose.MFA), sspr=m.capable(Purpose.SSPR))
        for m in Method
    ]
)


def app(id: str, *, notifications: bool = True) -> AuthenticatorApp:
    return AuthenticatorApp(id=id, registered_at=NOW, device_name=id, notifications=notifications)


def phone(id: str, number: str = "+16502530000") -> MobilePhone:
    return MobilePhone(id=id, registered_at=NOW, number=number)


def tap(*, used: bool = False, start: datetime = NOW) -> TemporaryAccessPass:
    return TemporaryAccessPass(
        id="tap",
        registered_at=NOW,
        starts_at=start,
        expires_at=start + timedelta(hours=1),
        used=used,
        registered_by="admin",
    )


def test_usable_requires_enabled_capable_and_targeted() -> None:
    policy = TenantPolicy(
        methods=[
            MethodSetting(method="push", mfa=True, include=["g1"]),
            MethodSetting(method="authenticator_code", sspr=True),
        ]
    )
    user = UserState(user_id="u", groups=["g1"], registrations=[app("a")])
    assert usable_methods(policy, user, Purpose.MFA, now=NOW) == {Method.PUSH}
    assert usable_methods(policy, user, Purpose.SSPR, now=NOW) == {Method.AUTHENTICATOR_CODE}
    outsider = attrs.evolve(user, groups=frozenset())
    assert usable_methods(policy, outsider, Purpose.MFA, now=NOW) == frozenset()


def test_exclude_wins() -> None:
    policy = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True, exclude=["g1"])])
    user = UserState(user_id="u", groups=["g1", "g2"], registrations=[phone("p")])
    assert usable_methods(policy, user, Purpose.MFA, now=NOW) == frozenset()


def test_tap_usable_only_inside_window_and_unused() -> None:
    user = UserState(user_id="u", registrations=[tap()])
    assert Method.TEMPORARY_ACCESS_PASS in usable_methods(ALL_ON, user, Purpose.MFA, now=NOW)
    later = NOW + timedelta(hours=1)
    assert usable_methods(ALL_ON, user, Purpose.MFA, now=later) == frozenset()
    used = UserState(user_id="u", registrations=[tap(used=True)])
    assert usable_methods(ALL_ON, used, Purpose.MFA, now=NOW) == frozenset()


def test_tap_never_counts_toward_methods_required() -> None:
    user = UserState(user_id="u", registrations=[tap()])
    assert mfa_count(ALL_ON, user, now=NOW) == 0


def test_mfa_count_independence_by_number() -> None:
    same = UserState(
        user_id="u",
        registrations=[
            phone("p"),
            AlternatePhone(id="alt", registered_at=NOW, number="+16502530000"),
        ],
    )
    assert mfa_count(ALL_ON, same, now=NOW) == 1
    different = attrs.evolve(
        same,
        registrations=(
            phone("p"),
            AlternatePhone(id="alt", registered_at=NOW, number="+16502530001"),
        ),
    )
    assert mfa_count(ALL_ON, different, now=NOW) == 2


def test_two_authenticator_apps_are_two_mfa_registrations_but_one_sspr_kind() -> None:
    user = UserState(user_id="u", registrations=[app("a"), app("b")])
    assert mfa_count(ALL_ON, user, now=NOW) == 2
    assert sspr_count(ALL_ON, user, now=NOW) == 1


def test_sspr_counts_kinds() -> None:
    user = UserState(
        user_id="u",
        registrations=[
            app("a"),
            phone("p"),
            Email(id="e", registered_at=NOW, address="u@example.com"),
            SecurityQuestions(id="q", registered_at=NOW, answered=3),
            Passkey(id="k", registered_at=NOW, name="key"),
        ],
    )
    assert sspr_count(ALL_ON, user, now=NOW) == 4
    assert mfa_count(ALL_ON, user, now=NOW) == 3


def test_naive_now_rejected() -> None:
    with pytest.raises(InvalidArgument, match="now"):
        usable_methods(ALL_ON, UserState(user_id="u"), Purpose.MFA, now=datetime(2026, 1, 1))


def test_now_in_another_time_zone_same_answer() -> None:
    user = UserState(user_id="u", registrations=[tap(start=NOW)])
    shifted = NOW.astimezone(timezone(timedelta(hours=-7)))
    assert usable_methods(ALL_ON, user, Purpose.MFA, now=shifted) == usable_methods(
        ALL_ON, user, Purpose.MFA, now=NOW
    )


def test_F03_stale_capability_never_grants() -> None:
    """F03 (Kratos #2180): a registration counts only while it provides a usable method —
    an app without notifications does not provide push, and a disabled method provides nothing."""
    policy = TenantPolicy(methods=[MethodSetting(method="push", mfa=True)])
    user = UserState(user_id="u", registrations=[app("a", notifications=False)])
    assert usable_methods(policy, user, Purpose.MFA, now=NOW) == frozenset()
    assert mfa_count(policy, user, now=NOW) == 0


def test_F04_nothing_cached_between_calls() -> None:
    """F04 (Kratos #2225, GHSA-wc43-73w7-x2f5): everything derives from the registrations on
    every call — removing or adding a registration changes the answer at once."""
    with_app = UserState(user_id="u", registrations=[app("a")])
    without = attrs.evolve(with_app, registrations=())
    assert usable_methods(ALL_ON, with_app, Purpose.MFA, now=NOW)
    assert usable_methods(ALL_ON, without, Purpose.MFA, now=NOW) == frozenset()
    assert usable_methods(ALL_ON, with_app, Purpose.MFA, now=NOW)


def test_F09_one_predicate_for_has_and_can_use() -> None:
    """F09 (privacyIDEA #1217/#339): "has a token" and "can use a token" are one predicate — an
    expired TAP does not block or count, and a user with another usable method still counts."""
    expired = tap(start=NOW - timedelta(hours=2))
    user = UserState(user_id="u", registrations=[expired, app("a")])
    assert usable_methods(ALL_ON, user, Purpose.MFA, now=NOW) == {
        Method.PUSH,
        Method.AUTHENTICATOR_CODE,
    }
    assert mfa_count(ALL_ON, user, now=NOW) == 1


def test_F17_same_factor_never_counts_twice_and_email_never_mfa() -> None:
    """F17 (Kratos #4317): the same factor used twice counts once; email never counts for MFA."""
    user = UserState(
        user_id="u",
        registrations=[
            Email(id="e", registered_at=NOW, address="u@example.com"),
            phone("p"),
            AlternatePhone(id="alt", registered_at=NOW, number="+16502530000"),
        ],
    )
    assert Method.EMAIL not in usable_methods(ALL_ON, user, Purpose.MFA, now=NOW)
    assert mfa_count(ALL_ON, user, now=NOW) == 1


def test_the_predicate_s_other_answers_for_both_purposes() -> None:
    """registration_usable, usable_registrations, sspr_kinds, ranked_usable and counting_key
    give the one predicate's answers for each purpose."""
    from secinfo.usable import (
        counting_key,
        ranked_usable,
        registration_usable,
        sspr_kinds,
        usable_registrations,
    )

    mail = Email(id="e1", registered_at=NOW, address="ada@example.com")
    mobile, key = phone("p1"), Passkey(id="k1", registered_at=NOW, name="key")
    user = UserState(user_id="u1", registrations=[app("a1"), mobile, mail, key])
    assert registration_usable(ALL_ON, user, mail, Purpose.SSPR, now=NOW) == {Method.EMAIL}
    assert registration_usable(ALL_ON, user, mail, "mfa", now=NOW) == frozenset()
    assert usable_registrations(ALL_ON, user, "sspr", now=NOW) == (app("a1"), mobile, mail)
    assert usable_registrations(ALL_ON, user, Purpose.MFA, now=NOW) == (app("a1"), mobile, key)
    assert sspr_kinds(ALL_ON, user, now=NOW) == {
        Kind.AUTHENTICATOR_APP,
        Kind.MOBILE_PHONE,
        Kind.EMAIL,
    }
    assert ranked_usable(ALL_ON, user, Purpose.SSPR, now=NOW) == (
        Method.PUSH,
        Method.AUTHENTICATOR_CODE,
        Method.SMS,
        Method.VOICE_MOBILE,
        Method.EMAIL,
    )
    assert ranked_usable(ALL_ON, user, "mfa", now=NOW)[:2] == (Method.PASSKEY, Method.PUSH)
    assert (counting_key(mail), counting_key(mobile)) == ("id:e1", "phone:+16502530000")
