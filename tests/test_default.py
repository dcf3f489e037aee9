"""Unit tests of the default method (rules R11, R1)."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs
import pytest

from secinfo import (
    DefaultSource,
    InvalidArgument,
    Method,
    Registration,
    SystemPreferred,
    TenantPolicy,
)
from secinfo.default import completion_method, default_method, storable_preference

from ._gate import (
    ALL_METHODS,
    NOW,
    alternate,
    app,
    certificate,
    email,
    hardware,
    hello,
    mobile,
    office,
    passkey,
    policy,
    questions,
    settings,
    software,
    tap,
    user,
)

EVERYTHING = policy(*ALL_METHODS)
USER = DefaultSource.USER
COMPLETION = DefaultSource.COMPLETION
FALLBACK = DefaultSource.FALLBACK
SYSTEM = DefaultSource.SYSTEM_PREFERRED


# --- completion rule -------------------------------------------------------------------------


class TestCompletion:
    def test_app_gives_push(self) -> None:
        choice = default_method(EVERYTHING, user(mobile(), app()), now=NOW)
        assert choice.method is Method.PUSH
        assert choice.source is COMPLETION
        assert [r.code for r in choice.reasons] == ["completion_rule"]

    def test_code_only_app_gives_authenticator_code(self) -> None:
        u = user(mobile(), app(notifications=False))
        assert default_method(EVERYTHING, u, now=NOW).method is Method.AUTHENTICATOR_CODE

    def test_app_with_push_disabled_gives_authenticator_code(self) -> None:
        p = policy(Method.AUTHENTICATOR_CODE, Method.SMS)
        assert default_method(p, user(app(), mobile()), now=NOW).method is Method.AUTHENTICATOR_CODE

    def test_app_wins_over_higher_ranked_passkey(self) -> None:
        assert default_method(EVERYTHING, user(passkey(), app()), now=NOW).method is Method.PUSH

    @pytest.mark.parametrize("channel", [Method.SMS, Method.VOICE_MOBILE])
    def test_phone_follows_its_verification_channel(self, channel: Method) -> None:
        u = user(mobile(verified_with=channel))
        choice = default_method(EVERYTHING, u, now=NOW)
        assert choice.method is channel
        assert choice.source is COMPLETION

    @pytest.mark.parametrize(
        ("channel", "other"), [(Method.SMS, Method.VOICE_MOBILE), (Method.VOICE_MOBILE, Method.SMS)]
    )
    def test_phone_falls_back_to_the_other_channel(self, channel: Method, other: Method) -> None:
        u = user(mobile(verified_with=channel))
        assert default_method(policy(other), u, now=NOW).method is other

    def test_mobile_phone_wins_over_higher_ranked_passkey_and_oath(self) -> None:
        u = user(passkey(), software(), mobile())
        assert default_method(EVERYTHING, u, now=NOW).method is Method.SMS

    def test_mobile_phone_with_both_channels_disabled_is_skipped(self) -> None:
        p = policy(Method.VOICE_ALTERNATE)
        u = user(mobile(), alternate())
        assert default_method(p, u, now=NOW).method is Method.VOICE_ALTERNATE

    @pytest.mark.parametrize(
        ("registrations", "expected"),
        [
            ((passkey(), software()), Method.PASSKEY),
            # R16: Windows Hello is never the default (and is usable only beside a passkey).
            ((hello(), software()), Method.SOFTWARE_OATH),
            ((hello(), passkey()), Method.PASSKEY),
            ((software(), office()), Method.SOFTWARE_OATH),
            ((hardware(), office()), Method.HARDWARE_OATH),
            ((office(), certificate()), Method.VOICE_OFFICE),
            ((certificate(),), Method.CERTIFICATE),
            ((tap(), office()), Method.VOICE_OFFICE),
        ],
    )
    def test_else_highest_ranked_non_tap(
        self, registrations: tuple[Registration, ...], expected: Method
    ) -> None:
        u = user(*registrations)
        assert default_method(EVERYTHING, u, now=NOW).method is expected

    def test_tap_only_when_alone(self) -> None:
        choice = default_method(EVERYTHING, user(tap(), email()), now=NOW)
        assert choice.method is Method.TEMPORARY_ACCESS_PASS
        assert choice.source is COMPLETION
        assert default_method(EVERYTHING, user(tap(), mobile()), now=NOW).method is Method.SMS

    def test_inactive_tap_is_not_a_default(self) -> None:
        expired = tap(starts_at=NOW - timedelta(hours=2))
        choice = default_method(EVERYTHING, user(expired), now=NOW)
        assert choice.method is None
        assert [r.code for r in choice.reasons] == ["no_usable_mfa_method"]

    def test_none_only_when_nothing_is_usable(self) -> None:
        for u in (user(), user(email(), questions())):
            choice = default_method(EVERYTHING, u, now=NOW)
            assert choice.method is None
            assert choice.source is COMPLETION
        # The registrations exist but no MFA method is enabled.
        assert default_method(policy(Method.EMAIL), user(app(), mobile()), now=NOW).method is None

    def test_completion_method_matches(self) -> None:
        assert completion_method(EVERYTHING, user(mobile()), now=NOW) is Method.SMS
        assert completion_method(EVERYTHING, user(), now=NOW) is None


# --- the user's preference -------------------------------------------------------------------


class TestPreference:
    def test_usable_preference_wins(self) -> None:
        u = user(app(), mobile(), preferred=Method.VOICE_MOBILE)
        choice = default_method(EVERYTHING, u, now=NOW)
        assert choice.method is Method.VOICE_MOBILE
        assert choice.source is USER
        assert [r.code for r in choice.reasons] == ["user_preference"]

    def test_disabled_preference_falls_back(self) -> None:
        # The seed's loop (F01): the user's default, phone call, is disabled by the admin.
        p = policy(Method.SMS, Method.PUSH)
        u = user(mobile(verified_with=Method.VOICE_MOBILE), preferred=Method.VOICE_MOBILE)
        choice = default_method(p, u, now=NOW)
        assert choice.method is Method.SMS
        assert choice.source is FALLBACK
        assert [r.code for r in choice.reasons] == ["preference_unusable", "completion_rule"]

    def test_preference_without_a_registration_falls_back(self) -> None:
        u = user(app(), preferred=Method.SMS)
        choice = default_method(EVERYTHING, u, now=NOW)
        assert (choice.method, choice.source) == (Method.PUSH, FALLBACK)

    def test_preference_excluded_by_targets_falls_back(self) -> None:
        p = TenantPolicy(
            methods=[
                *settings([Method.PUSH]),
                *settings([Method.SMS], exclude=["g-frontline"]),
            ]
        )
        u = user(app(), mobile(), preferred=Method.SMS, groups={"g-frontline"})
        assert default_method(p, u, now=NOW).method is Method.PUSH

    def test_unusable_preference_and_nothing_usable(self) -> None:
        choice = default_method(policy(Method.EMAIL), user(mobile(), preferred=Method.SMS), now=NOW)
        assert choice.method is None
        assert choice.source is FALLBACK
        assert [r.code for r in choice.reasons] == ["preference_unusable", "no_usable_mfa_method"]


# --- system-preferred MFA --------------------------------------------------------------------


class TestSystemPreferred:
    p = attrs.evolve(EVERYTHING, system_preferred=SystemPreferred(enabled=True))

    def test_overrides_the_user_default(self) -> None:
        u = user(mobile(), passkey(), preferred=Method.SMS)
        choice = default_method(self.p, u, now=NOW)
        assert choice.method is Method.PASSKEY
        assert choice.source is SYSTEM
        assert [r.code for r in choice.reasons] == ["system_preferred"]

    def test_may_offer_a_tap_first(self) -> None:
        u = user(mobile(), tap(), preferred=Method.SMS)
        assert default_method(self.p, u, now=NOW).method is Method.TEMPORARY_ACCESS_PASS

    def test_disabled_feature_keeps_the_user_default(self) -> None:
        u = user(mobile(), passkey(), preferred=Method.SMS)
        assert default_method(EVERYTHING, u, now=NOW).method is Method.SMS

    def test_targets(self) -> None:
        targeted = attrs.evolve(
            EVERYTHING,
            system_preferred=SystemPreferred(
                enabled=True, include=frozenset({"g-it"}), exclude=frozenset({"g-nps"})
            ),
        )
        base = user(mobile(), passkey(), preferred=Method.SMS)
        assert default_method(targeted, base, now=NOW).method is Method.SMS  # not included
        it = attrs.evolve(base, groups=frozenset({"g-it"}))
        assert default_method(targeted, it, now=NOW).source is SYSTEM
        both = attrs.evolve(base, groups=frozenset({"g-it", "g-nps"}))  # exclude wins
        choice = default_method(targeted, both, now=NOW)
        assert (choice.method, choice.source) == (Method.SMS, USER)

    def test_ignores_disabled_methods(self) -> None:
        p = attrs.evolve(policy(Method.SMS), system_preferred=SystemPreferred(enabled=True))
        u = user(mobile(), passkey(), app())
        assert default_method(p, u, now=NOW).method is Method.SMS

    def test_nothing_usable(self) -> None:
        assert default_method(self.p, user(email()), now=NOW).method is None


# --- misc ------------------------------------------------------------------------------------


def test_storable_preference() -> None:
    assert storable_preference(Method.SMS) is Method.SMS
    assert storable_preference(Method.PUSH) is Method.PUSH
    for method in (Method.TEMPORARY_ACCESS_PASS, Method.PASSKEY, Method.WINDOWS_HELLO, None):
        assert storable_preference(method) is None


def test_naive_now() -> None:
    with pytest.raises(InvalidArgument) as err:
        default_method(EVERYTHING, user(app()), now=datetime(2026, 11, 25))
    assert err.value.path == "now"
    with pytest.raises(InvalidArgument):
        completion_method(EVERYTHING, user(app()), now=datetime(2026, 11, 25))
