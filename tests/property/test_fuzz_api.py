"""Fuzz: random arguments for every public function, constructor and method (issue 11).

Every callable a module lists in ``__all__`` (and the public methods of the domain types) is
called with arguments that are mostly plausible — a policy, a user of it, a session, a time
anywhere from year 1 to 9999 in any offset, a registration, an id the user holds — and sometimes
anything at all. Only :class:`SecinfoError` subclasses may escape, with a printable message that
leaks no phone number or e-mail address; every event is printable and leak-free; and nothing is
ever allowed to a user without evidence (an independent, lenient reading of R9/R10).
"""

from __future__ import annotations

import enum
import importlib
import inspect
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from secinfo import (
    Action,
    Actor,
    AuditEvent,
    Change,
    Gate,
    GateOutcome,
    Kind,
    Method,
    Purpose,
    SecinfoError,
    Session,
    TenantPolicy,
    UserState,
    dump_policy,
    dump_session,
    dump_user,
    usable_methods,
)
from secinfo.testing import policies, registration_for, registrations, sessions, users

from ._fuzz import (
    NOW,
    assert_no_leak,
    assert_safe_event,
    assert_safe_text,
    bootstrap_allows,
    dumps,
    evidence,
    extreme_times,
    hostile_text,
    huge_ints,
    junk,
    personal,
    secrets_in,
)

MODULES = (
    "secinfo",
    "secinfo.audit",
    "secinfo.batch",
    "secinfo.checks",
    "secinfo.default",
    "secinfo.documents",
    "secinfo.evaluation",
    "secinfo.graph",
    "secinfo.impact",
    "secinfo.interrupts",
    "secinfo.methods",
    "secinfo.otp",
    "secinfo.phone",
    "secinfo.policy",
    "secinfo.reasons",
    "secinfo.registrations",
    "secinfo.requirements",
    "secinfo.results",
    "secinfo.schema",
    "secinfo.session",
    "secinfo.stepup",
    "secinfo.testing",
    "secinfo.transitions",
    "secinfo.usable",
    "secinfo.user",
)

NOT_FUZZED = {
    "main": "the command line: argparse exits on bad options by design (tests/test_cli.py)",
    "aware_datetimes": "a Hypothesis strategy: its arguments are strategies",
    "phone_numbers": "a Hypothesis strategy",
    "policies": "a Hypothesis strategy: its arguments are strategies",
    "registrations": "a Hypothesis strategy: its arguments are strategies",
    "sessions": "a Hypothesis strategy",
    "users": "a Hypothesis strategy: its arguments are strategies",
    "tenants": "a Hypothesis strategy: its arguments are strategies",
}

METHODS = {
    "TenantPolicy": ("setting", "enabled_for", "enabled_methods", "pattern"),
    "Limits": ("of",),
    "UserState": ("find", "registration"),
    "TemporaryAccessPass": ("active_at",),
    "MfaSettings": ("applies_to",),
    "SsprSettings": ("applies_to",),
    "CombinedRegistration": ("applies_to",),
    "SystemPreferred": ("applies_to",),
    "CampaignSettings": ("targets",),
    "Enrollment": ("provisioning_uri",),
}


def _public() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for attribute in module.__all__:
            value = getattr(module, attribute)
            if attribute in NOT_FUZZED or not (inspect.isroutine(value) or isinstance(value, type)):
                continue  # constants and type aliases (the ``*Name`` literals) are not called
            if isinstance(value, type) and issubclass(value, enum.Enum | BaseException):
                continue  # enum lookup and exception classes are Python's own protocols
            found.setdefault(attribute, value)
    return found


PUBLIC = _public()

# ---- plausible values by parameter name ----------------------------------------------------------

SECRETS = ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "jbswy3dp", "")
IDS = ("r1", "r2", "r3", "new-id", "u1")
NEW_IDS = st.sampled_from(["new-1", "new-2", "r1"])


class _Context:
    """The policy, user and session of one call, drawn only when a parameter needs them."""

    def __init__(self, draw: st.DrawFn, preset: dict[str, Any] | None = None) -> None:
        self._draw = draw
        self._values: dict[str, Any] = dict(preset or {})

    def __getitem__(self, key: str) -> Any:
        if key not in self._values:
            if key == "policy":
                self._values[key] = self._draw(policies())
            elif key == "user":
                self._values[key] = self._draw(users(policy=self["policy"]))
            else:
                self._values[key] = self._draw(sessions())
        return self._values[key]


# built once: Hypothesis pays for a new strategy object's set-up on its first draw
_BY_NAME: dict[str, st.SearchStrategy[Any]] = {
    "old": policies(),
    "now": st.sampled_from([NOW, NOW, NOW, None]).flatmap(
        lambda now: st.just(now) if now is not None else extreme_times
    ),
    "purpose": st.sampled_from([*Purpose, "mfa", "sspr"]),
    "purposes": st.lists(st.sampled_from([*Purpose, "mfa"]), max_size=2),
    "action": st.sampled_from([*Action, "view"]),
    "actor": st.sampled_from([Actor.USER, Actor.USER, "user", Actor.ADMIN, Actor.SYSTEM]),
    "method": st.sampled_from([*Method, "sms"]),
    "kind": st.sampled_from([*Kind, "mobile_phone"]),
    "groups": st.frozensets(st.sampled_from(["g-sales", "g-admins", "g-other", "all"])),
    "include": st.frozensets(st.sampled_from(["g-sales", "all"])),
    "exclude": st.frozensets(st.sampled_from(["g-admins", "all"])),
    "secret": st.sampled_from(SECRETS) | hostile_text,
    "code": st.from_regex(r"[0-9]{6,8}", fullmatch=True) | hostile_text,
    "counter": st.integers(0, 2**64 + 5) | huge_ints,
    "random_bytes": st.sampled_from([secrets.token_bytes, lambda n: b"\x00" * n]),
}


def _plausible(name: str, context: _Context) -> st.SearchStrategy[Any]:
    if name in ("policy", "new"):
        return st.just(context["policy"])
    if name == "settings":
        return st.just(context["policy"].phone)
    if name == "user":
        return st.just(context["user"])
    if name == "session":
        return st.sampled_from([context["session"]] * 3 + [None])
    if name == "doc":
        return st.sampled_from(
            [
                dump_policy(context["policy"]),
                dump_user(context["user"]),
                dump_session(context["session"]),
            ]
        )
    if name in ("registration", "registration_id", "target"):
        user: UserState = context["user"]
        held = [r.id for r in user.registrations] or ["r1"]
        return {
            "registration": st.one_of(
                registrations(ids=NEW_IDS),
                st.sampled_from(user.registrations or (None,)),
            ),
            "registration_id": st.sampled_from([*held, "nope"]),
            "target": st.one_of(
                st.none(),
                st.sampled_from(held),
                registrations(ids=NEW_IDS),
                st.sampled_from(list(Method)),
            ),
        }[name]
    if name in _BY_NAME:
        return _BY_NAME[name]
    if name in ("id", "user_id", "account", "issuer", "text", "number", "e164", "address"):
        return st.sampled_from([*IDS, "+14255550134", "alice@example.com"]) | hostile_text
    if name.endswith("_at"):
        return extreme_times
    return junk


@st.composite
def arguments(
    draw: st.DrawFn,
    target: Callable[..., Any],
    *,
    junk_odds: int = 10,
    preset: dict[str, Any] | None = None,
) -> tuple[list[Any], dict[str, Any]]:
    """Arguments for *target* by parameter name; one in *junk_odds* is anything at all (never,
    with ``junk_odds=0``); *preset* fixes the policy, user or session."""
    context = _Context(draw, preset)
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for parameter in inspect.signature(target).parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if parameter.default is not parameter.empty and draw(st.booleans()):
            continue  # leave the default
        if junk_odds and draw(st.integers(1, junk_odds)) == 1:
            value = draw(junk)
        else:
            value = draw(_plausible(parameter.name, context))
        if parameter.kind is parameter.POSITIONAL_OR_KEYWORD and not keywords:
            positional.append(value)
        else:
            keywords[parameter.name] = value
    return positional, keywords


def _targets() -> list[tuple[str, Callable[..., Any]]]:
    found = sorted(PUBLIC.items())
    for owner, names in METHODS.items():
        cls = PUBLIC[owner]
        found += [(f"{owner}.{name}", getattr(cls, name)) for name in names]
    return found


TARGETS = _targets()

FUZZ = settings(
    # a fifth of the profile's examples per callable, at least 10: 10 in CI (the ci profile's 40),
    # 20 locally, 400 with HYPOTHESIS_PROFILE=thorough
    max_examples=max(10, settings().max_examples // 5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _bound(name: str, function: Callable[..., Any]) -> st.SearchStrategy[Callable[..., Any]]:
    """The function itself, or for ``Owner.method`` that method of an instance of the owner."""
    if "." not in name:
        return st.just(function)
    owner = name.split(".")[0]
    instances: dict[str, st.SearchStrategy[Any]] = {
        "TenantPolicy": policies(),
        "Limits": policies().map(lambda p: p.limits),
        "UserState": users(),
        "TemporaryAccessPass": registrations(kinds=st.just(Kind.TEMPORARY_ACCESS_PASS)),
        "MfaSettings": policies().map(lambda p: p.mfa),
        "SsprSettings": policies().map(lambda p: p.sspr),
        "CombinedRegistration": policies().map(lambda p: p.combined_registration),
        "SystemPreferred": policies().map(lambda p: p.system_preferred),
        "CampaignSettings": policies().map(lambda p: p.campaign),
        "Enrollment": st.builds(
            lambda: PUBLIC["Enrollment"](secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        ),
    }
    return instances[owner].map(lambda instance: getattr(instance, name.split(".")[1]))


@FUZZ
@pytest.mark.parametrize(("name", "function"), TARGETS, ids=[name for name, _ in TARGETS])
@given(data=st.data())
def test_fuzz_public_api(name: str, function: Callable[..., Any], data: st.DataObject) -> None:
    call = data.draw(_bound(name, function))
    positional, keywords = data.draw(arguments(call))
    try:
        result = call(*positional, **keywords)
    except SecinfoError as error:
        failure: SecinfoError | None = error
    else:
        failure = None
    shown = secrets_in(positional, list(keywords.values()), *_dumped(positional, keywords))
    if failure is not None:
        where = getattr(failure, "path", "")
        event(f"{name}: {type(failure).__name__} {where}".rstrip())
        assert_safe_text(str(failure))
        assert_no_leak(str(failure), shown)
        return
    event(f"{name}: returned")
    if not isinstance(function, type):  # a constructor's value is checked by its own tests
        _check_result(name, result, positional, keywords, shown)


def _dumped(positional: list[Any], keywords: dict[str, Any]) -> list[Any]:
    found: list[Any] = []
    for value in (*positional, *keywords.values()):
        if isinstance(value, UserState):
            found.append(personal(dump_user(value)))
    return found


def _named(positional: list[Any], keywords: dict[str, Any], name: str, index: int) -> Any:
    return keywords[name] if name in keywords else positional[index]


def _check_result(
    name: str, result: Any, positional: list[Any], keywords: dict[str, Any], shown: set[str]
) -> None:
    """What a returned result must satisfy: leak-free events and reasons; no allow without
    evidence for a user's gated action."""
    if isinstance(result, Change):
        for item in result.events:
            assert_safe_event(item)
            assert_no_leak(dumps(item.to_dict()), shown)
    if isinstance(result, tuple) and all(isinstance(item, AuditEvent) for item in result):
        for item in result:  # policy_changed
            assert_safe_event(item)
            assert_no_leak(dumps(item.to_dict()), shown)
    if hasattr(result, "reasons"):
        for reason in result.reasons:
            assert_no_leak(reason.message, shown)
    if name not in GATED:
        return
    policy: TenantPolicy = _named(positional, keywords, "policy", 0)
    user: UserState = _named(positional, keywords, "user", 1)
    session: Session | None = keywords.get("session")
    now: datetime = keywords["now"]
    if name == "session_gate":
        allowed = isinstance(result, Gate) and result.outcome is GateOutcome.ALLOW
    elif name == "step_up":
        allowed = isinstance(result, Gate) and result.outcome is GateOutcome.ALLOW
        action = _named(positional, keywords, "action", 2)
        if action in (Action.VIEW, "view") and session is None:
            session = Session(signed_in_at=now)
    else:
        if keywords.get("actor", Actor.USER) not in (Actor.USER, "user"):
            return  # administrators are not gated by the user's evidence (R10)
        allowed = result.allowed
    if not allowed:
        event(f"{name}: not allowed")
        return
    if usable_methods(policy, user, Purpose.MFA, now=now):
        assert evidence(policy, user, session, now), "allowed without MFA evidence"
        event(f"{name}: allowed on evidence")
    else:
        assert bootstrap_allows(policy, session, now), "allowed without a fresh sign-in"
        event(f"{name}: allowed by the bootstrap")


GATED = ("step_up", "session_gate", "register", "update", "remove", "set_default", "review")


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(name=st.sampled_from(GATED), data=st.data())
def test_fuzz_nothing_is_allowed_without_evidence(name: str, data: st.DataObject) -> None:
    """The gated calls with plausible arguments only, so that the evidence check is reached."""
    function = PUBLIC[name]
    policy = data.draw(policies())
    user = data.draw(users(policy=policy))
    enabled = sorted(policy.enabled_methods(Purpose.MFA, user.groups) - {Method.WINDOWS_HELLO})
    session = data.draw(sessions())
    holds: bool = data.draw(st.booleans())
    if enabled and holds:  # a user holding a usable MFA method, often just past an MFA with it
        method = data.draw(st.sampled_from(enabled))
        held = registration_for(method, id="fz-mfa", now=NOW)
        user = attrs.evolve(user, registrations=(*user.registrations, held))
        ago = timedelta(minutes=data.draw(st.integers(0, 20)))
        if data.draw(st.booleans()):
            session = Session(signed_in_at=NOW - ago, mfa_at=NOW - ago, mfa_method=method)
    preset = {"policy": policy, "user": user, "session": session}
    positional, keywords = data.draw(arguments(function, junk_odds=0, preset=preset))
    keywords.pop("actor", None)  # the user's own action: the gate applies
    try:
        result = function(*positional, **keywords)
    except SecinfoError as error:  # an unknown id, an id in use, a user's change without session
        event(f"{name}: {type(error).__name__} {getattr(error, 'path', '')}")
        return
    _check_result(name, result, positional, keywords, secrets_in(positional, keywords))


def test_every_public_callable_is_fuzzed_or_excluded_with_a_reason() -> None:
    names = {name for name, _ in TARGETS}
    assert {"evaluate", "register", "check_policy", "load_user", "hotp_at", "parse"} <= names
    for module in MODULES:
        for attribute in importlib.import_module(module).__all__:
            value = getattr(importlib.import_module(module), attribute)
            if (inspect.isroutine(value) or isinstance(value, type)) and not (
                isinstance(value, type) and issubclass(value, enum.Enum | BaseException)
            ):
                assert attribute in names or attribute in NOT_FUZZED, attribute
