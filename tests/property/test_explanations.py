"""Every decision explains itself: each gate, default choice, prompt and change carries at least
one reason, and every reason (remedies and blocks included) has a documented
:class:`~secinfo.reasons.ReasonCode` and a non-empty sentence."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import event, given, settings
from hypothesis import strategies as st

from secinfo import (
    Action,
    Method,
    Reason,
    ReasonCode,
    Session,
    TenantPolicy,
    UserState,
    default_method,
)
from secinfo.requirements import required_registrations
from secinfo.results import Change, GateOutcome
from secinfo.stepup import step_up
from secinfo.testing import REFERENCE_NOW, policies, registrations, sessions, users
from secinfo.transitions import cancel, register, remove, review, set_default, snooze

from .test_stepup_properties import Case, cases

NOW = REFERENCE_NOW
METHODS = list(Method)
DOC = Path(__file__).parents[2] / "docs" / "reference" / "reasons.md"
DOCUMENTED = frozenset(re.findall(r"^\| `([a-z0-9_]+)` \|", DOC.read_text("utf-8"), re.MULTILINE))


def check(reason: object) -> None:
    """A well-formed reason: a ReasonCode listed in the reference, a sentence (non-empty, no
    stray whitespace, ending with a full stop)."""
    assert isinstance(reason, Reason)
    assert isinstance(reason.code, ReasonCode)
    assert reason.code.value in DOCUMENTED
    assert isinstance(reason.message, str)
    assert reason.message.strip()
    assert reason.message == reason.message.strip()
    assert reason.message.endswith(".")


def check_all(reasons: tuple[Reason, ...]) -> None:
    assert reasons
    for reason in reasons:
        check(reason)


@settings(max_examples=100)
@given(cases())
def test_every_gate_explains_itself(case: Case) -> None:
    policy, user, session, action, target = case
    gate = step_up(policy, user, action, session=session, now=NOW, target=target)
    event(f"gate: {gate.outcome.value}")
    check_all(gate.reasons)
    if gate.outcome is GateOutcome.DENY:
        assert gate.remedy is not None
        check(gate.remedy)


policy_and_user = policies().flatmap(lambda p: st.tuples(st.just(p), users(policy=p)))


@settings(max_examples=100)
@given(policy_and_user, st.none() | sessions())
def test_every_default_and_prompt_explains_itself(
    pair: tuple[TenantPolicy, UserState], session: Session | None
) -> None:
    policy, user = pair
    choice = default_method(policy, user, now=NOW)
    event(f"default: {choice.source.value}")
    check_all(choice.reasons)
    prompt = required_registrations(policy, user, now=NOW, session=session)
    event(f"prompt: {prompt.mode.value}{', blocked' if prompt.blocked else ''}")
    check_all(prompt.reasons)
    if prompt.blocked is not None:
        assert prompt.blocked.code in DOCUMENTED
        check(prompt.blocked.remedy)


def _changes(case: Case, data: st.DataObject) -> tuple[str, Change]:
    policy, user, session, action, target = case
    session = session or Session(signed_in_at=NOW)
    name = data.draw(
        st.sampled_from(["register", "remove", "set_default", "review", "cancel", "snooze"])
    )
    if name == "register":
        new = data.draw(registrations(ids=st.just(f"new{len(user.registrations)}"), now=NOW))
        return name, register(policy, user, new, session=session, now=NOW)
    if name == "remove" and user.registrations:
        victim = data.draw(st.sampled_from(user.registrations)).id
        return name, remove(policy, user, victim, session=session, now=NOW)
    if name == "set_default":
        method = (
            target
            if isinstance(target, Method) and action is Action.SET_DEFAULT
            else data.draw(st.sampled_from(METHODS))
        )
        return name, set_default(policy, user, method, session=session, now=NOW)
    if name == "cancel":
        return name, cancel(policy, user, session=session, now=NOW)
    if name == "snooze":
        return name, snooze(policy, user, session=session, now=NOW)
    return "review", review(policy, user, session=session, now=NOW)


@settings(max_examples=150)
@given(cases(), st.data())
def test_every_change_explains_itself(case: Case, data: st.DataObject) -> None:
    """Allowed, refused and no-op changes alike carry reasons; a refusal's reasons are those of
    its single failure event."""
    name, change = _changes(case, data)
    event(f"{name}: {'allowed' if change.allowed else 'refused'}")
    check_all(change.reasons)
    if not change.allowed:
        (failure,) = change.events
        codes = dict(failure.details).get("reason_codes", "").split(",")
        assert codes == [reason.code.value for reason in change.reasons]
