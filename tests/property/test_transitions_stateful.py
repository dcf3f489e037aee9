"""A user driven through random allowed and denied changes and policy edits; every invariant
that concerns a single state is checked after every step (issue: transitions)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import attrs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from secinfo import (
    Action,
    Actor,
    AuthenticatorApp,
    Change,
    GateOutcome,
    Method,
    MethodSetting,
    Purpose,
    Session,
    TenantPolicy,
    UserState,
    default_method,
    usable_methods,
)
from secinfo.audit import Activity, AuditEvent, EventResult
from secinfo.methods import REREGISTER_KINDS
from secinfo.requirements import required_registrations
from secinfo.results import PromptMode
from secinfo.stepup import step_up
from secinfo.testing import REFERENCE_NOW, policies, registration_for, users
from secinfo.transitions import (
    cancel,
    policy_changed,
    register,
    remove,
    require_reregistration,
    review,
    set_default,
    snooze,
    update,
)

PRIMARY = {
    "register": {Activity.USER_REGISTERED, Activity.ADMIN_REGISTERED},
    "update": {Activity.USER_UPDATED, Activity.ADMIN_UPDATED},
    "remove": {Activity.USER_DELETED, Activity.ADMIN_DELETED},
    "set_default": {Activity.USER_CHANGED_DEFAULT},
    "review": {Activity.USER_REVIEWED},
    "cancel": {Activity.USER_CANCELED},
    "snooze": {Activity.USER_SNOOZED},
}
COMPANIONS = {
    "register": {Activity.USER_REGISTERED_ALL, Activity.DEFAULT_REASSIGNED},
    "update": {Activity.USER_REGISTERED_ALL, Activity.DEFAULT_REASSIGNED},
    "remove": {Activity.DEFAULT_REASSIGNED},
    "set_default": set(),
    "review": set(),
    "cancel": {Activity.USER_REGISTERED_ALL},
    "snooze": set(),
}
PHONE = re.compile(r"\+[1-9][0-9]{7,14}")


def check_change(name: str, before: UserState, change: Change) -> None:
    """Invariant 7 and the denial contract."""
    if not change.allowed:
        assert change.user == before
        assert len(change.events) == 1
        assert change.events[0].result is EventResult.FAILURE
        assert change.events[0].activity in PRIMARY[name]
        assert change.reasons
        return
    if not change.events:
        assert change.user == before  # a no-op changes nothing
        return
    primary = [e for e in change.events if e.activity in PRIMARY[name]]
    assert len(primary) == 1
    assert primary[0].result is EventResult.SUCCESS
    for event in change.events:
        assert event is primary[0] or event.activity in COMPANIONS[name]
    if name == "cancel":
        assert [e.result for e in change.events if e is not primary[0]] == [EventResult.FAILURE]


def check_no_numbers(numbers: set[str], texts: list[str]) -> None:
    """Invariant 10: no unmasked phone number anywhere a change shows."""
    for text in texts:
        for number in numbers:
            assert number[1:] not in text, text


class SecurityInfo(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.policy = TenantPolicy()
        self.user = UserState(user_id="u")
        self.now: datetime = REFERENCE_NOW
        self.counter = 0
        self.numbers: set[str] = set()

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        self.policy = data.draw(policies())
        self.user = data.draw(users(policy=self.policy, now=self.now))
        self.user = attrs.evolve(
            self.user,
            campaign=attrs.evolve(self.user.campaign, snoozes=min(self.user.campaign.snoozes, 3)),
        )
        self._remember(self.user)

    def _remember(self, user: UserState) -> None:
        for registration in user.registrations:
            number = getattr(registration, "number", None)
            if isinstance(number, str):
                self.numbers.add(number)

    def _session(self, data: st.DataObject) -> Session:
        usable = sorted(usable_methods(self.policy, self.user, Purpose.MFA, now=self.now))
        kind = data.draw(st.sampled_from(["mfa", "password", "stale", "tap"]))
        if kind == "mfa" and usable:
            method = data.draw(st.sampled_from(usable))
            return Session(signed_in_at=self.now, mfa_at=self.now, mfa_method=method)
        if kind == "stale":
            return Session(signed_in_at=self.now - timedelta(hours=2))
        if kind == "tap":
            return Session(signed_in_at=self.now, signed_in_with=["temporary_access_pass"])
        return Session(signed_in_at=self.now)

    def _apply(self, name: str, change: Change) -> None:
        check_change(name, self.user, change)
        texts = [repr(change)] + [str(e.to_dict()) for e in change.events]
        check_no_numbers(self.numbers, texts)
        self.user = change.user
        self._remember(self.user)

    def _actor(self, data: st.DataObject) -> Actor:
        return data.draw(st.sampled_from([Actor.USER, Actor.USER, Actor.ADMIN]))

    @rule(data=st.data(), method=st.sampled_from(list(Method)))
    def add(self, data: st.DataObject, method: Method) -> None:
        self.counter += 1
        registration = registration_for(
            method, id=f"n{self.counter}", now=self.now, policy=self.policy, user=self.user
        )
        number = getattr(registration, "number", None)
        if isinstance(number, str):
            self.numbers.add(number)
        actor = self._actor(data)
        session = None if actor is Actor.ADMIN else self._session(data)
        self._apply(
            "register",
            register(
                self.policy, self.user, registration, session=session, now=self.now, actor=actor
            ),
        )

    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        if not self.user.registrations:
            return
        target = data.draw(st.sampled_from([r.id for r in self.user.registrations]))
        actor = self._actor(data)
        session = None if actor is Actor.ADMIN else self._session(data)
        self._apply(
            "remove",
            remove(self.policy, self.user, target, session=session, now=self.now, actor=actor),
        )

    @rule(data=st.data())
    def reregister(self, data: st.DataObject) -> None:
        """R22 and invariant 7: one "Admin deleted security info" per deleted registration and
        at most one reassigned default; a user actor gets one failure event."""
        actor = self._actor(data)
        before = self.user
        change = require_reregistration(self.policy, before, now=self.now, actor=actor)
        deleted = [r for r in before.registrations if r.kind in REREGISTER_KINDS]
        if actor is not Actor.ADMIN:
            assert (change.allowed, change.user) == (False, before)
            assert [e.result for e in change.events] == [EventResult.FAILURE]
            return
        activities = [e.activity for e in change.events]
        assert activities[: len(deleted)] == [Activity.ADMIN_DELETED] * len(deleted)
        assert activities[len(deleted) :] in ([], [Activity.DEFAULT_REASSIGNED])
        assert (activities == []) == (change.user == before)
        assert not any(r.kind in REREGISTER_KINDS for r in change.user.registrations)
        check_no_numbers(self.numbers, [repr(change)] + [str(e.to_dict()) for e in change.events])
        self.user = change.user

    @rule(data=st.data())
    def toggle_notifications(self, data: st.DataObject) -> None:
        apps = [r for r in self.user.registrations if isinstance(r, AuthenticatorApp)]
        if not apps:
            return
        app = data.draw(st.sampled_from(apps))
        replacement = attrs.evolve(app, notifications=not app.notifications)
        actor = self._actor(data)
        session = None if actor is Actor.ADMIN else self._session(data)
        self._apply(
            "update",
            update(self.policy, self.user, replacement, session=session, now=self.now, actor=actor),
        )

    @rule(data=st.data(), method=st.sampled_from(list(Method)))
    def choose_default(self, data: st.DataObject, method: Method) -> None:
        self._apply(
            "set_default",
            set_default(self.policy, self.user, method, session=self._session(data), now=self.now),
        )

    @rule(data=st.data())
    def looks_good(self, data: st.DataObject) -> None:
        self._apply(
            "review", review(self.policy, self.user, session=self._session(data), now=self.now)
        )

    @rule(data=st.data())
    def skip(self, data: st.DataObject) -> None:
        self._apply(
            "cancel", cancel(self.policy, self.user, session=self._session(data), now=self.now)
        )

    @rule(data=st.data())
    def later(self, data: st.DataObject) -> None:
        before = self.user.campaign.snoozes
        change = snooze(self.policy, self.user, session=self._session(data), now=self.now)
        self._apply("snooze", change)
        if change.allowed:
            assert self.user.campaign.snoozes == before + 1
            if self.policy.campaign.limited_snoozes:
                assert self.user.campaign.snoozes <= 3  # invariant 9

    @rule(hours=st.integers(min_value=1, max_value=24 * 40))
    def wait(self, hours: int) -> None:
        self.now = self.now + timedelta(hours=hours)

    @rule(method=st.sampled_from(list(Method)), purpose=st.sampled_from(list(Purpose)))
    def edit_policy(self, method: Method, purpose: Purpose) -> None:
        if not method.capable(purpose):
            return
        setting = self.policy.setting(method) or MethodSetting(method=method)
        if purpose is Purpose.MFA:
            flipped = attrs.evolve(setting, mfa=not setting.mfa)
        else:
            flipped = attrs.evolve(setting, sspr=not setting.sspr)
        others = tuple(s for s in self.policy.methods if s.method is not method)
        new = attrs.evolve(self.policy, methods=(*others, flipped))
        events: tuple[AuditEvent, ...] = policy_changed(self.policy, new, self.user, now=self.now)
        allowed = {Activity.BECAME_USABLE, Activity.BECAME_UNUSABLE, Activity.DEFAULT_REASSIGNED}
        assert {e.activity for e in events} <= allowed
        check_no_numbers(self.numbers, [str(e.to_dict()) for e in events])
        old_default = default_method(self.policy, self.user, now=self.now).method
        new_default = default_method(new, self.user, now=self.now).method
        assert (Activity.DEFAULT_REASSIGNED in {e.activity for e in events}) == (
            old_default != new_default
        )
        self.policy = new

    # ---- invariants after every step ----------------------------------------------------

    @invariant()
    def gates_are_satisfiable(self) -> None:
        usable = usable_methods(self.policy, self.user, Purpose.MFA, now=self.now)
        session = Session(signed_in_at=self.now - timedelta(hours=1))
        for action in (Action.VIEW, Action.REVIEW):
            gate = step_up(self.policy, self.user, action, session=session, now=self.now)
            if gate.outcome is GateOutcome.STEP_UP:  # invariant 1
                assert gate.methods
                assert set(gate.methods) <= usable
            if not usable:  # invariant 2
                assert gate.outcome is not GateOutcome.STEP_UP
            if gate.outcome is GateOutcome.DENY:
                assert gate.remedy is not None

    @invariant()
    def default_is_usable(self) -> None:
        usable = usable_methods(self.policy, self.user, Purpose.MFA, now=self.now)
        choice = default_method(self.policy, self.user, now=self.now)
        if choice.method is None:  # invariant 4
            assert not usable
        else:
            assert choice.method in usable

    @invariant()
    def prompt_is_coherent(self) -> None:
        prompt = required_registrations(self.policy, self.user, now=self.now)
        if prompt.mode is PromptMode.NUDGE and self.policy.campaign.limited_snoozes:
            assert prompt.skippable == (self.user.campaign.snoozes < 3)  # invariant 9
        if prompt.mode is PromptMode.INTERRUPT and prompt.blocked is None:
            assert all(slot.choices for slot in prompt.slots)
        check_no_numbers(self.numbers, [repr(prompt), repr(self.user)])

    @invariant()
    def snoozes_within_limit(self) -> None:
        if self.policy.campaign.limited_snoozes:
            assert self.user.campaign.snoozes <= 3


SecurityInfo.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestSecurityInfo = SecurityInfo.TestCase
