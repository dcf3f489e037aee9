"""Bad arguments to the public evaluators are typed errors naming the argument, never a stray
builtin exception; wire strings are accepted wherever an enum is."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from secinfo import (
    Actor,
    AuthenticatorApp,
    CampaignProgress,
    CampaignSettings,
    Email,
    InvalidArgument,
    InvalidArgumentType,
    Limits,
    Method,
    MethodSetting,
    MfaSettings,
    Purpose,
    SecurityQuestions,
    Session,
    SoftwareOath,
    SsprSettings,
    StepUpSettings,
    TenantPolicy,
    UserState,
    check_policy,
    default_method,
    dump_policy,
    dump_session,
    dump_user,
    evaluate,
    mfa_count,
    register,
    required_registrations,
    set_default,
    sspr_count,
    usable_methods,
)

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
POLICY = TenantPolicy(
    methods=[
        MethodSetting(method="push", mfa=True),
        MethodSetting(method="authenticator_code", mfa=True),
        MethodSetting(method="email", sspr=True),
    ],
    mfa=MfaSettings(enforced_for=["all"]),
)
USER = UserState(
    user_id="u",
    registrations=[
        AuthenticatorApp(id="a", registered_at=NOW, device_name="P", notifications=True),
        Email(id="e", registered_at=NOW, address="u@example.com"),
    ],
    preferred="push",
)
SESSION = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="push")


def test_purpose_as_a_wire_string_gives_the_same_answer_and_keeps_the_cache_right() -> None:
    policy = TenantPolicy(methods=POLICY.methods, mfa=POLICY.mfa)  # a fresh memo
    assert usable_methods(policy, USER, "mfa", now=NOW) == {
        Method.PUSH,
        Method.AUTHENTICATOR_CODE,
    }
    assert usable_methods(policy, USER, Purpose.MFA, now=NOW) == {
        Method.PUSH,
        Method.AUTHENTICATOR_CODE,
    }
    assert usable_methods(policy, USER, "sspr", now=NOW) == {Method.EMAIL}
    assert Method.EMAIL.capable("mfa") is False


@pytest.mark.parametrize("purpose", ["MFA", "bogus", 5, None])
def test_unknown_purpose_is_an_invalid_argument(purpose: Any) -> None:
    with pytest.raises(InvalidArgument) as info:
        usable_methods(POLICY, USER, purpose, now=NOW)
    assert info.value.path == "purpose"
    with pytest.raises(InvalidArgument):
        Method.EMAIL.capable(purpose)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: default_method(None, USER, now=NOW), "policy"),  # type: ignore[arg-type]
        (lambda: default_method(POLICY, None, now=NOW), "user"),  # type: ignore[arg-type]
        (lambda: evaluate(POLICY, None, now=NOW), "user"),  # type: ignore[arg-type]
        (lambda: evaluate(None, USER, now=NOW), "policy"),  # type: ignore[arg-type]
        (lambda: evaluate(POLICY, USER, now=NOW, session=1.5), "session"),  # type: ignore[arg-type]
        (lambda: required_registrations(POLICY, "", now=NOW), "user"),  # type: ignore[arg-type]
        (lambda: required_registrations(POLICY, USER, now=NOW, session=5), "session"),  # type: ignore[arg-type]
        (lambda: usable_methods(None, USER, Purpose.MFA, now=NOW), "policy"),  # type: ignore[arg-type]
        (lambda: mfa_count(POLICY, USER, now="now"), "now"),  # type: ignore[arg-type]
        (lambda: sspr_count(POLICY, [], now=NOW), "user"),  # type: ignore[arg-type]
        # issue 11: these raised AttributeError
        (lambda: check_policy(None), "policy"),  # type: ignore[arg-type]
        (lambda: dump_policy(None), "policy"),  # type: ignore[arg-type]
        (lambda: dump_policy(USER), "policy"),  # type: ignore[arg-type]
        (lambda: dump_user(None), "user"),  # type: ignore[arg-type]
        (lambda: dump_user(POLICY), "user"),  # type: ignore[arg-type]
        (lambda: dump_session(None), "session"),  # type: ignore[arg-type]
        (lambda: dump_session({"signed_in_at": "2026-11-25T12:00:00Z"}), "session"),  # type: ignore[arg-type]
    ],
)
def test_wrong_types_name_the_argument(call: Any, field: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        call()
    assert info.value.path == field


def test_actor_as_a_wire_string() -> None:
    token = SoftwareOath(id="s", registered_at=NOW, name="Authy")
    change = register(POLICY, USER, token, session=None, now=NOW, actor="admin")
    assert change.allowed
    assert change.events[0].actor is Actor.ADMIN
    with pytest.raises(InvalidArgument) as info:
        register(POLICY, USER, token, session=SESSION, now=NOW, actor="root")  # type: ignore[arg-type]
    assert info.value.path == "actor"


def test_a_phone_number_given_where_a_method_belongs_is_masked_in_the_error() -> None:
    with pytest.raises(InvalidArgument) as info:
        set_default(POLICY, USER, "+14255550134", session=SESSION, now=NOW)  # type: ignore[arg-type]
    assert "4255550134" not in str(info.value)
    assert "+1 XXXXXXXX34" in str(info.value)


@pytest.mark.parametrize(
    "call",
    [
        lambda: default_method(None, USER, now=NOW),  # type: ignore[arg-type]
        lambda: evaluate(POLICY, USER, now=NOW, session=1.5),  # type: ignore[arg-type]
        lambda: mfa_count(POLICY, USER, now="now"),  # type: ignore[arg-type]
        lambda: usable_methods(POLICY, USER, 5, now=NOW),  # type: ignore[arg-type]
        lambda: SoftwareOath(id=7, registered_at=NOW, name="Authy"),  # type: ignore[arg-type]
        lambda: UserState(user_id="u1", registrations=[{"kind": "email"}]),
        lambda: TenantPolicy(mfa={"enforced_for": ["all"]}),  # type: ignore[arg-type]
    ],
)
def test_a_wrong_type_is_an_invalid_argument_and_a_type_error(call: Any) -> None:
    with pytest.raises(InvalidArgumentType) as info:
        call()
    assert isinstance(info.value, InvalidArgument)
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, ValueError)
    assert info.value.code == "invalid_argument_type"


@pytest.mark.parametrize(
    "call",
    [
        lambda: usable_methods(POLICY, USER, "bogus", now=NOW),  # type: ignore[arg-type]
        lambda: SoftwareOath(id="", registered_at=NOW, name="Authy"),
        lambda: MfaSettings(methods_required=3),
        lambda: mfa_count(POLICY, USER, now=datetime(2026, 1, 1)),
    ],
)
def test_a_bad_value_of_the_right_type_is_not_a_type_error(call: Any) -> None:
    with pytest.raises(InvalidArgument) as info:
        call()
    assert not isinstance(info.value, TypeError)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        # issue 11: a bare TypeError (unhashable) or ValueError (int too large to print) escaped
        (lambda: UserState(user_id="u", preferred=[]), "preferred"),
        (lambda: UserState(user_id="u", preferred={}), "preferred"),
        (lambda: UserState(user_id="u", groups=[["g"]]), "groups"),
        (lambda: Session(signed_in_at=NOW, signed_in_with=[["password"]]), "signed_in_with"),
        (lambda: MethodSetting(method="sms", include=[{}]), "include"),  # type: ignore[list-item]
        (lambda: MfaSettings(grace_days=10**5000), "grace_days"),
        (lambda: SsprSettings(methods_required=-(10**5000)), "methods_required"),
        (lambda: StepUpSettings(session_minutes=10**5000), "session_minutes"),
        (lambda: CampaignSettings(snooze_days=10**5000), "snooze_days"),
        (lambda: CampaignProgress(snoozes=-(10**5000)), "snoozes"),
        (lambda: Limits(passkey=-(10**5000)), "passkey"),
        (lambda: SecurityQuestions(id="q", registered_at=NOW, answered=10**5000), "answered"),
    ],
)
def test_constructors_raise_typed_errors_naming_the_field(build: Any, field: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        build()
    assert info.value.path == field
    assert len(str(info.value)) < 200  # never the digits of a huge number


@pytest.mark.parametrize(
    ("given", "described"),
    [
        ([], "a list of 0 items"),
        ((USER,), "a tuple of 1 item"),
        (frozenset({1, 2}), "a set of 2 items"),
        ({"user_id": "u"}, "an object with 1 key"),
    ],
)
def test_a_container_given_for_the_user_is_named_as_the_caller_gave_it(
    given: Any, described: str
) -> None:
    with pytest.raises(InvalidArgumentType) as info:
        evaluate(POLICY, given, now=NOW)
    assert info.value.path == "user"
    assert str(info.value).endswith(f"expected a UserState, got {described}")
