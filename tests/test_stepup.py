"""Unit tests of the step-up gate (rules R9, R10, R2, R12)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import attrs
import pytest

from secinfo import (
    Action,
    Actor,
    Bootstrap,
    Gate,
    GateOutcome,
    InvalidArgument,
    InvalidArgumentType,
    Kind,
    Limits,
    Method,
    MethodSetting,
    MfaSettings,
    Session,
    StepUpSettings,
    SystemPreferred,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
)
from secinfo._structure import resolve_target, structural_denial
from secinfo.stepup import session_gate, step_up

from ._gate import (
    ALL_METHODS,
    MOBILE,
    NOW,
    OTHER_MOBILE,
    alternate,
    app,
    certificate,
    email,
    enforced,
    hardware,
    mfa_session,
    mobile,
    office,
    passkey,
    password_session,
    policy,
    questions,
    settings,
    software,
    tap,
    tap_session,
    user,
)

ALLOW = GateOutcome.ALLOW
STEP_UP = GateOutcome.STEP_UP
DENY = GateOutcome.DENY

EVERYTHING = policy(*ALL_METHODS)
FRESH = mfa_session()
STALE = password_session(timedelta(hours=2))


def codes(gate: Gate) -> list[str]:
    return [reason.code for reason in gate.reasons]


def check(gate: Gate) -> Gate:
    """Every gate has reasons; a deny always has a remedy."""
    assert gate.reasons
    assert (gate.outcome is DENY) == (gate.remedy is not None)
    return gate


# --- targets ---------------------------------------------------------------------------------


class TestTargets:
    u = user(app(), mobile())

    @pytest.mark.parametrize("action", [Action.VIEW, Action.REVIEW])
    def test_view_and_review_take_no_target(self, action: Action) -> None:
        assert step_up(EVERYTHING, self.u, action, session=FRESH, now=NOW).outcome is ALLOW
        with pytest.raises(InvalidArgument) as err:
            step_up(EVERYTHING, self.u, action, session=FRESH, now=NOW, target="app1")
        assert err.value.path == "target"

    @pytest.mark.parametrize(
        "action", [Action.ADD, Action.UPDATE, Action.DELETE, Action.SET_DEFAULT]
    )
    def test_missing_target(self, action: Action) -> None:
        with pytest.raises(InvalidArgument) as err:
            step_up(EVERYTHING, self.u, action, session=FRESH, now=NOW)
        assert err.value.path == "target"

    @pytest.mark.parametrize(
        ("action", "target"),
        [
            (Action.ADD, "app2"),
            (Action.ADD, Method.PUSH),
            (Action.UPDATE, "app1"),
            (Action.DELETE, app()),
            (Action.DELETE, 3),
            (Action.SET_DEFAULT, 3),
            (Action.SET_DEFAULT, "not-a-method"),
            (Action.SET_DEFAULT, app()),
        ],
    )
    def test_wrong_target_type(self, action: Action, target: object) -> None:
        with pytest.raises(InvalidArgument) as err:
            step_up(EVERYTHING, self.u, action, session=FRESH, now=NOW, target=target)
        assert err.value.path == "target"

    def test_unknown_ids(self) -> None:
        with pytest.raises(InvalidArgument, match="no registration"):
            step_up(EVERYTHING, self.u, Action.DELETE, session=FRESH, now=NOW, target="nope")
        with pytest.raises(InvalidArgument, match="no registration"):
            step_up(EVERYTHING, self.u, Action.UPDATE, session=FRESH, now=NOW, target=app("x"))

    def test_add_with_an_id_in_use(self) -> None:
        with pytest.raises(InvalidArgument, match="already in use"):
            step_up(EVERYTHING, self.u, Action.ADD, session=FRESH, now=NOW, target=passkey("app1"))

    def test_update_cannot_change_kind(self) -> None:
        with pytest.raises(InvalidArgument, match="cannot change the kind") as err:
            step_up(EVERYTHING, self.u, Action.UPDATE, session=FRESH, now=NOW, target=email("app1"))
        assert err.value.path == "target"

    def test_set_default_accepts_a_method_or_its_wire_string(self) -> None:
        for target in (Method.SMS, "sms"):
            gate = step_up(
                EVERYTHING, self.u, Action.SET_DEFAULT, session=FRESH, now=NOW, target=target
            )
            assert gate.outcome is ALLOW

    def test_action_as_wire_string(self) -> None:
        assert step_up(EVERYTHING, self.u, "view", session=FRESH, now=NOW).outcome is ALLOW
        with pytest.raises(InvalidArgument) as err:
            step_up(EVERYTHING, self.u, "peek", session=FRESH, now=NOW)  # type: ignore[arg-type]
        assert err.value.path == "action"

    def test_naive_now(self) -> None:
        with pytest.raises(InvalidArgument) as err:
            step_up(EVERYTHING, self.u, Action.VIEW, session=FRESH, now=datetime(2026, 11, 25))
        assert err.value.path == "now"

    def test_wrong_argument_types(self) -> None:
        with pytest.raises(InvalidArgument) as err:
            step_up(None, self.u, Action.VIEW, session=FRESH, now=NOW)  # type: ignore[arg-type]
        assert err.value.path == "policy"
        with pytest.raises(InvalidArgument) as err:
            step_up(EVERYTHING, None, Action.VIEW, session=FRESH, now=NOW)  # type: ignore[arg-type]
        assert err.value.path == "user"
        with pytest.raises(InvalidArgument) as err:
            step_up(EVERYTHING, self.u, Action.VIEW, session="s", now=NOW)  # type: ignore[arg-type]
        assert err.value.path == "session"


# --- (1) structural denials ------------------------------------------------------------------


class TestStructure:
    u = user(app(), mobile())

    @pytest.mark.parametrize("new", [tap("t9"), certificate("c9"), hardware("h9")])
    def test_user_may_not_add_admin_only_kinds(self, new: object) -> None:
        gate = check(step_up(EVERYTHING, self.u, Action.ADD, session=FRESH, now=NOW, target=new))
        assert gate.outcome is DENY
        assert codes(gate) == ["admin_only_kind"]
        assert gate.remedy is not None
        assert gate.remedy.code == "ask_administrator"

    @pytest.mark.parametrize("held", [tap(), certificate(), hardware()])
    def test_user_may_not_update_admin_only_kinds_but_may_delete_them(self, held: object) -> None:
        assert isinstance(held, type(tap()) | type(certificate()) | type(hardware()))
        u = user(app(), held)
        replacement = attrs.evolve(held, registered_at=NOW)
        gate = step_up(EVERYTHING, u, Action.UPDATE, session=FRESH, now=NOW, target=replacement)
        assert check(gate).outcome is DENY
        assert codes(gate) == ["admin_only_kind"]
        gate = step_up(EVERYTHING, u, Action.DELETE, session=FRESH, now=NOW, target=held.id)
        assert check(gate).outcome is ALLOW

    @pytest.mark.parametrize("action", [Action.ADD, Action.UPDATE, Action.DELETE])
    def test_office_phone_not_user_managed(self, action: Action) -> None:
        held = user(app(), office()) if action is not Action.ADD else self.u
        target: object = office().id if action is Action.DELETE else office()
        gate = step_up(EVERYTHING, held, action, session=FRESH, now=NOW, target=target)
        assert check(gate).outcome is DENY
        assert codes(gate) == ["office_phone_not_user_managed"]
        managed = attrs.evolve(EVERYTHING, office_phone_user_managed=True)
        gate = step_up(managed, held, action, session=FRESH, now=NOW, target=target)
        assert check(gate).outcome is ALLOW

    def test_limits_count_every_registration_usable_or_not(self) -> None:
        # software_oath is disabled: the held one is unusable but still counts toward the limit.
        p = TenantPolicy(methods=settings([Method.PUSH]), limits=Limits(software_oath=1))
        u = user(app(), software("sw1"))
        gate = step_up(p, u, Action.ADD, session=FRESH, now=NOW, target=software("sw2"))
        assert check(gate).outcome is DENY
        assert codes(gate) == ["limit_reached"]
        assert gate.remedy is not None
        assert gate.remedy.code == "delete_one_first"

    def test_limit_allows_up_to_the_limit(self) -> None:
        u = user(*(app(f"a{i}") for i in range(4)))
        gate = step_up(EVERYTHING, u, Action.ADD, session=FRESH, now=NOW, target=app("a4"))
        assert gate.outcome is ALLOW
        u5 = user(*(app(f"a{i}") for i in range(5)))
        gate = step_up(EVERYTHING, u5, Action.ADD, session=FRESH, now=NOW, target=app("a5"))
        assert gate.outcome is DENY
        assert codes(gate) == ["limit_reached"]

    def test_other_kinds_are_limited_to_one(self) -> None:
        gate = step_up(
            EVERYTHING,
            self.u,
            Action.ADD,
            session=FRESH,
            now=NOW,
            target=mobile("m2", number=OTHER_MOBILE),
        )
        assert gate.outcome is DENY
        assert codes(gate) == ["limit_reached"]

    def test_update_is_not_limited(self) -> None:
        u = user(*(app(f"a{i}") for i in range(5)))
        new = app("a0", notifications=False)
        assert (
            step_up(EVERYTHING, u, Action.UPDATE, session=FRESH, now=NOW, target=new).outcome
            is ALLOW
        )

    def test_alternate_phone_needs_a_mobile_phone(self) -> None:
        u = user(app())
        gate = step_up(EVERYTHING, u, Action.ADD, session=FRESH, now=NOW, target=alternate())
        assert check(gate).outcome is DENY
        assert codes(gate) == ["alternate_phone_requires_mobile"]
        assert gate.remedy is not None
        assert gate.remedy.code == "register_mobile_phone_first"
        gate = step_up(EVERYTHING, self.u, Action.ADD, session=FRESH, now=NOW, target=alternate())
        assert gate.outcome is ALLOW

    def test_duplicate_number_any_phone_kind(self) -> None:
        gate = step_up(
            EVERYTHING, self.u, Action.ADD, session=FRESH, now=NOW, target=alternate(number=MOBILE)
        )
        assert check(gate).outcome is DENY
        assert codes(gate) == ["duplicate_phone_number"]
        assert MOBILE not in gate.reasons[0].message  # masked, never the full number
        managed = attrs.evolve(EVERYTHING, office_phone_user_managed=True)
        gate = step_up(
            managed, self.u, Action.ADD, session=FRESH, now=NOW, target=office(number=MOBILE)
        )
        assert gate.outcome is DENY
        assert codes(gate) == ["duplicate_phone_number"]
        u = user(app(), mobile(), alternate())
        gate = step_up(
            EVERYTHING, u, Action.UPDATE, session=FRESH, now=NOW, target=alternate(number=MOBILE)
        )
        assert gate.outcome is DENY
        assert codes(gate) == ["duplicate_phone_number"]

    def test_updating_a_phone_to_its_own_number_is_not_a_duplicate(self) -> None:
        new = mobile(verified_with=Method.VOICE_MOBILE)
        gate = step_up(EVERYTHING, self.u, Action.UPDATE, session=FRESH, now=NOW, target=new)
        assert gate.outcome is ALLOW

    def test_duplicate_email_address_case_insensitive(self) -> None:
        u = user(
            app(), email("e1", address="ada@example.com"), email("e2", address="bob@example.com")
        )
        new = email("e2", address="ADA@Example.com")
        gate = step_up(EVERYTHING, u, Action.UPDATE, session=FRESH, now=NOW, target=new)
        assert check(gate).outcome is DENY
        assert codes(gate) == ["duplicate_email_address"]

    def test_structure_comes_before_bootstrap_and_step_up(self) -> None:
        for session in (None, STALE, FRESH):
            gate = step_up(EVERYTHING, user(), Action.ADD, session=session, now=NOW, target=tap())
            assert codes(gate) == ["admin_only_kind"]
            gate = step_up(EVERYTHING, self.u, Action.ADD, session=session, now=NOW, target=tap())
            assert codes(gate) == ["admin_only_kind"]


# --- (2) bootstrap ---------------------------------------------------------------------------


class TestBootstrap:
    nothing = user(email())  # email never serves MFA

    def test_password_fresh_sign_in_allows(self) -> None:
        for ago in (timedelta(0), timedelta(minutes=15)):
            gate = step_up(
                EVERYTHING, self.nothing, Action.VIEW, session=password_session(ago), now=NOW
            )
            assert check(gate).outcome is ALLOW
            assert codes(gate) == ["bootstrap_password"]

    def test_password_stale_or_missing_sign_in_denies(self) -> None:
        stale = password_session(timedelta(minutes=15, seconds=1))
        for action, session in ((Action.VIEW, stale), (Action.REVIEW, None)):
            gate = step_up(EVERYTHING, self.nothing, action, session=session, now=NOW)
            assert check(gate).outcome is DENY
            assert codes(gate) == ["bootstrap_sign_in_stale"]
            assert gate.remedy is not None
            assert gate.remedy.code == "sign_in_again"

    def test_view_without_a_session_is_a_password_sign_in_now(self) -> None:
        """R9: for the view gate ``session=None`` is a password-only sign-in at *now* — the same
        answer ``evaluate`` gives."""
        gate = step_up(EVERYTHING, self.nothing, Action.VIEW, session=None, now=NOW)
        assert check(gate).outcome is GateOutcome.ALLOW
        assert codes(gate) == ["bootstrap_password"]

    def test_password_sign_in_in_the_future_is_not_fresh(self) -> None:
        gate = step_up(
            EVERYTHING,
            self.nothing,
            Action.VIEW,
            session=password_session(-timedelta(seconds=1)),
            now=NOW,
        )
        assert gate.outcome is DENY

    def test_tap_mode(self) -> None:
        p = attrs.evolve(EVERYTHING, bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS)
        # A one-time TAP used by this very sign-in: not usable any more, but evidence.
        u = user(email(), tap(used=True, one_time=True))
        gate = step_up(
            p, u, Action.ADD, session=tap_session(timedelta(minutes=5)), now=NOW, target=app()
        )
        assert check(gate).outcome is ALLOW
        assert codes(gate) == ["bootstrap_tap"]
        for session in (password_session(), None):
            gate = step_up(p, u, Action.ADD, session=session, now=NOW, target=app())
            assert check(gate).outcome is DENY
            assert codes(gate) == ["bootstrap_tap_required"]
            assert gate.remedy is not None
            assert gate.remedy.code == "issue_temporary_access_pass"
        # No TAP held at all.
        gate = step_up(p, self.nothing, Action.VIEW, session=tap_session(), now=NOW)
        assert gate.outcome is DENY

    def test_administrator_mode(self) -> None:
        p = attrs.evolve(EVERYTHING, bootstrap=Bootstrap.ADMINISTRATOR)
        for session in (password_session(), FRESH, None):
            gate = step_up(p, self.nothing, Action.VIEW, session=session, now=NOW)
            assert check(gate).outcome is DENY
            assert codes(gate) == ["bootstrap_administrator"]
            assert gate.remedy is not None
            assert gate.remedy.code == "admin_registers_method"

    def test_disabled_methods_leave_the_user_to_bootstrap(self) -> None:
        p = policy(Method.EMAIL)
        u = user(app(), mobile())
        gate = step_up(p, u, Action.VIEW, session=password_session(), now=NOW)
        assert gate.outcome is ALLOW
        assert codes(gate) == ["bootstrap_password"]

    def test_bootstrap_for_passkey_add_uses_the_passkey_window(self) -> None:
        session = password_session(timedelta(minutes=6))
        gate = step_up(
            EVERYTHING, self.nothing, Action.ADD, session=session, now=NOW, target=passkey()
        )
        assert gate.outcome is DENY
        gate = step_up(EVERYTHING, self.nothing, Action.ADD, session=session, now=NOW, target=app())
        assert gate.outcome is ALLOW


# --- (3) evidence ----------------------------------------------------------------------------


class TestEvidence:
    u = user(app(), mobile())

    def test_freshness_boundaries(self) -> None:
        exactly = mfa_session(timedelta(minutes=15))
        assert step_up(EVERYTHING, self.u, Action.VIEW, session=exactly, now=NOW).outcome is ALLOW
        late = mfa_session(timedelta(minutes=15, seconds=1))
        gate = check(step_up(EVERYTHING, self.u, Action.VIEW, session=late, now=NOW))
        assert gate.outcome is STEP_UP
        assert codes(gate) == ["mfa_not_fresh"]
        future = mfa_session(-timedelta(seconds=1))
        assert step_up(EVERYTHING, self.u, Action.VIEW, session=future, now=NOW).outcome is STEP_UP

    def test_session_minutes_is_configurable(self) -> None:
        p = attrs.evolve(EVERYTHING, step_up=StepUpSettings(session_minutes=60))
        session = mfa_session(timedelta(minutes=60))
        assert step_up(p, self.u, Action.VIEW, session=session, now=NOW).outcome is ALLOW

    def test_passkey_add_uses_five_minutes(self) -> None:
        exactly = mfa_session(timedelta(minutes=5))
        gate = step_up(EVERYTHING, self.u, Action.ADD, session=exactly, now=NOW, target=passkey())
        assert gate.outcome is ALLOW
        late = mfa_session(timedelta(minutes=5, seconds=1))
        gate = step_up(EVERYTHING, self.u, Action.ADD, session=late, now=NOW, target=passkey())
        assert gate.outcome is STEP_UP
        # Other additions keep the 15-minute window.
        gate = step_up(EVERYTHING, self.u, Action.ADD, session=late, now=NOW, target=software())
        assert gate.outcome is ALLOW

    def test_passkey_update_uses_the_passkey_window_and_delete_the_session_window(self) -> None:
        # R18 (changed from v1, where an update used the session window): updating a passkey
        # needs MFA within passkey_add_minutes, like adding one; deleting it does not.
        u = user(app(), passkey())
        late = mfa_session(timedelta(minutes=10))
        new = attrs.evolve(passkey(), name="renamed")
        gate = step_up(EVERYTHING, u, Action.UPDATE, session=late, now=NOW, target=new)
        assert gate.outcome is STEP_UP
        assert (
            step_up(EVERYTHING, u, Action.DELETE, session=late, now=NOW, target="pk1").outcome
            is ALLOW
        )

    def test_no_session_means_no_evidence(self) -> None:
        gate = step_up(EVERYTHING, self.u, Action.VIEW, session=None, now=NOW)
        assert gate.outcome is STEP_UP

    def test_mfa_at_without_method_is_no_evidence(self) -> None:
        session = Session(signed_in_at=NOW, mfa_at=NOW)
        assert step_up(EVERYTHING, self.u, Action.VIEW, session=session, now=NOW).outcome is STEP_UP

    def test_registered_in_session_grants_nothing(self) -> None:
        session = Session(signed_in_at=NOW, registered_in_session=True)
        assert step_up(EVERYTHING, self.u, Action.VIEW, session=session, now=NOW).outcome is STEP_UP

    def test_tap_sign_in_is_evidence_when_the_tap_was_active_at_sign_in(self) -> None:
        signed_in = NOW - timedelta(minutes=10)
        held = tap(
            starts_at=signed_in - timedelta(minutes=1), lifetime=timedelta(minutes=60), used=True
        )
        u = user(app(), held)  # the TAP is used by now: ignored (R20: it must not have expired)
        gate = step_up(
            EVERYTHING, u, Action.VIEW, session=tap_session(timedelta(minutes=10)), now=NOW
        )
        assert gate.outcome is ALLOW

    def test_tap_sign_in_before_the_window_is_no_evidence(self) -> None:
        later = tap(starts_at=NOW - timedelta(minutes=5))
        u = user(app(), later)
        gate = step_up(
            EVERYTHING, u, Action.VIEW, session=tap_session(timedelta(minutes=10)), now=NOW
        )
        assert gate.outcome is STEP_UP

    def test_tap_sign_in_at_expiry_is_no_evidence(self) -> None:
        held = tap(starts_at=NOW - timedelta(minutes=20), lifetime=timedelta(minutes=10))
        u = user(app(), held)
        gate = step_up(
            EVERYTHING, u, Action.VIEW, session=tap_session(timedelta(minutes=10)), now=NOW
        )
        assert gate.outcome is STEP_UP

    def test_tap_sign_in_must_be_fresh(self) -> None:
        u = user(app(), tap(starts_at=NOW - timedelta(minutes=30)))
        gate = step_up(
            EVERYTHING, u, Action.VIEW, session=tap_session(timedelta(minutes=16)), now=NOW
        )
        assert gate.outcome is STEP_UP


# --- (3) step-up methods ---------------------------------------------------------------------


class TestStepUpMethods:
    def test_default_first_then_rank(self) -> None:
        u = user(passkey(), app(), mobile(), preferred=Method.SMS)
        gate = step_up(EVERYTHING, u, Action.VIEW, session=STALE, now=NOW)
        assert gate.methods == (
            Method.SMS,
            Method.PASSKEY,
            Method.PUSH,
            Method.AUTHENTICATOR_CODE,
            Method.VOICE_MOBILE,
        )

    def test_unusable_default_is_skipped(self) -> None:
        p = policy(Method.PASSKEY, Method.SMS)
        u = user(passkey(), mobile(), preferred=Method.VOICE_MOBILE)
        gate = step_up(p, u, Action.VIEW, session=STALE, now=NOW)
        # The default falls back to the completion rule (the sms channel), offered first.
        assert gate.methods == (Method.SMS, Method.PASSKEY)

    def test_system_preferred_default_first(self) -> None:
        p = attrs.evolve(EVERYTHING, system_preferred=SystemPreferred(enabled=True))
        u = user(mobile(), app(), preferred=Method.SMS)
        gate = step_up(p, u, Action.VIEW, session=STALE, now=NOW)
        assert gate.methods[0] is Method.PUSH

    def test_disabled_methods_are_never_demanded(self) -> None:
        p = policy(Method.SMS, Method.EMAIL)
        u = user(app(), mobile(), email(), questions())
        gate = step_up(p, u, Action.VIEW, session=STALE, now=NOW)
        assert gate.methods == (Method.SMS,)

    def test_delete_lists_the_methods_of_the_deleted_registration(self) -> None:
        u = user(app(), mobile())
        gate = step_up(EVERYTHING, u, Action.DELETE, session=STALE, now=NOW, target="mob1")
        assert set(gate.methods) == {
            Method.PUSH,
            Method.AUTHENTICATOR_CODE,
            Method.SMS,
            Method.VOICE_MOBILE,
        }

    def test_active_tap_is_offered(self) -> None:
        u = user(tap())
        gate = step_up(EVERYTHING, u, Action.VIEW, session=STALE, now=NOW)
        assert gate.methods == (Method.TEMPORARY_ACCESS_PASS,)


# --- (4) delete ------------------------------------------------------------------------------


class TestDelete:
    p = attrs.evolve(EVERYTHING, mfa=enforced())

    def test_deleting_the_last_method_under_enforcement_is_denied(self) -> None:
        u = user(app(), email())
        gate = check(step_up(self.p, u, Action.DELETE, session=FRESH, now=NOW, target="app1"))
        assert gate.outcome is DENY
        assert codes(gate) == ["mfa_fresh", "delete_breaks_mfa_compliance"]
        assert gate.reasons[1].message == (
            "Deleting it would leave 0 of the 1 MFA method the policy requires."
        )
        assert gate.remedy is not None
        assert gate.remedy.code == "register_replacement_first"

    def test_deleting_with_a_replacement_in_place_is_allowed(self) -> None:
        u = user(app(), mobile())
        assert (
            step_up(self.p, u, Action.DELETE, session=FRESH, now=NOW, target="app1").outcome
            is ALLOW
        )

    def test_two_required(self) -> None:
        p = attrs.evolve(EVERYTHING, mfa=enforced(2))
        u = user(app(), mobile())
        assert step_up(p, u, Action.DELETE, session=FRESH, now=NOW, target="app1").outcome is DENY
        u3 = user(app(), mobile(), passkey())
        assert step_up(p, u3, Action.DELETE, session=FRESH, now=NOW, target="app1").outcome is ALLOW

    def test_not_when_mfa_is_not_enforced(self) -> None:
        u = user(app())
        assert (
            step_up(EVERYTHING, u, Action.DELETE, session=FRESH, now=NOW, target="app1").outcome
            is ALLOW
        )
        excluded = attrs.evolve(
            self.p, mfa=MfaSettings(enforced_for=frozenset({"all"}), exclude=frozenset({"g1"}))
        )
        u = user(app(), groups={"g1"})
        gate = step_up(excluded, u, Action.DELETE, session=FRESH, now=NOW, target="app1")
        assert gate.outcome is ALLOW

    def test_never_for_an_unusable_registration(self) -> None:
        p = TenantPolicy(methods=settings([Method.PUSH]), mfa=enforced())
        u = user(app(), software())  # software OATH is disabled
        assert step_up(p, u, Action.DELETE, session=FRESH, now=NOW, target="sw1").outcome is ALLOW

    def test_not_when_the_user_is_not_compliant(self) -> None:
        p = attrs.evolve(EVERYTHING, mfa=enforced(2))
        u = user(app())
        assert step_up(p, u, Action.DELETE, session=FRESH, now=NOW, target="app1").outcome is ALLOW

    def test_a_tap_never_counts(self) -> None:
        u = user(app(), tap())
        assert (
            step_up(self.p, u, Action.DELETE, session=FRESH, now=NOW, target="tap1").outcome
            is ALLOW
        )

    def test_independence_by_number(self) -> None:
        # An alternate phone sharing the mobile's number counts once: deleting it changes nothing,
        # and deleting the mobile phone leaves the alternate (same number) counting.
        u = user(mobile(), alternate(number=MOBILE))
        # R23 (changed from v1): the session's MFA is by a method the user holds.
        fresh = mfa_session(method=Method.SMS)
        assert (
            step_up(self.p, u, Action.DELETE, session=fresh, now=NOW, target="alt1").outcome
            is ALLOW
        )
        assert (
            step_up(self.p, u, Action.DELETE, session=fresh, now=NOW, target="mob1").outcome
            is ALLOW
        )

    def test_step_up_comes_before_the_delete_rule(self) -> None:
        u = user(app())
        gate = step_up(self.p, u, Action.DELETE, session=STALE, now=NOW, target="app1")
        assert gate.outcome is STEP_UP
        assert gate.methods == (Method.PUSH, Method.AUTHENTICATOR_CODE)

    def test_deleting_an_sspr_only_registration_is_allowed(self) -> None:
        u = user(app(), email())
        assert (
            step_up(self.p, u, Action.DELETE, session=FRESH, now=NOW, target="em1").outcome is ALLOW
        )


# --- everything else -------------------------------------------------------------------------


@pytest.mark.parametrize("action", [Action.VIEW, Action.REVIEW])
def test_view_and_review_allow_with_evidence(action: Action) -> None:
    gate = check(step_up(EVERYTHING, user(app()), action, session=FRESH, now=NOW))
    assert gate.outcome is ALLOW
    assert codes(gate) == ["mfa_fresh"]


def test_now_in_another_time_zone_gives_the_same_gate() -> None:
    u = user(app(), mobile())
    other = NOW.astimezone(timezone(timedelta(hours=-8)))
    for session in (FRESH, STALE, mfa_session(timedelta(minutes=15)), None):
        assert step_up(EVERYTHING, u, Action.VIEW, session=session, now=NOW) == step_up(
            EVERYTHING, u, Action.VIEW, session=session, now=other
        )


# --- the shared structural check, as an administrator -----------------------------------------


class TestStructureForAdmins:
    """``_structure`` is reused by the transitions: admins may add admin-only kinds and office
    phones, but limits, the alternate-phone rule and duplicates still apply."""

    u = user(app(), mobile())

    def denial(
        self, action: Action, target: object, actor: Actor, u: UserState | None = None
    ) -> str | None:
        held = self.u if u is None else u
        resolved = resolve_target(held, action, target)
        found = structural_denial(EVERYTHING, held, action, resolved, actor=actor)
        return None if found is None else found.reason.code

    @pytest.mark.parametrize("new", [tap("t9"), certificate("c9"), hardware("h9"), office()])
    def test_admin_may_add_admin_only_kinds_and_office_phones(self, new: object) -> None:
        assert self.denial(Action.ADD, new, Actor.ADMIN) is None
        assert self.denial(Action.ADD, new, Actor.USER) is not None

    def test_admin_may_update_and_delete_office_phones(self) -> None:
        u = user(app(), office())
        assert self.denial(Action.UPDATE, office(), Actor.ADMIN, u) is None
        assert self.denial(Action.DELETE, "off1", Actor.ADMIN, u) is None

    def test_a_new_tap_replaces_the_old_one(self) -> None:
        u = user(app(), tap("t1"))
        assert self.denial(Action.ADD, tap("t2"), Actor.ADMIN, u) is None

    def test_admin_is_still_bound_by_limits_alternate_phone_and_duplicates(self) -> None:
        full = user(*(app(f"a{i}") for i in range(5)))
        assert self.denial(Action.ADD, app("a5"), Actor.ADMIN, full) == "limit_reached"
        assert self.denial(Action.ADD, alternate(), Actor.ADMIN, user(app())) == (
            "alternate_phone_requires_mobile"
        )
        assert self.denial(Action.ADD, alternate(number=MOBILE), Actor.ADMIN) == (
            "duplicate_phone_number"
        )

    def test_nothing_structural_for_view_review_and_set_default(self) -> None:
        for action, target in (
            (Action.VIEW, None),
            (Action.REVIEW, None),
            (Action.SET_DEFAULT, "sms"),
        ):
            assert self.denial(action, target, Actor.USER) is None


def test_tap_sign_in_counts_only_while_the_tap_is_enabled_for_the_user() -> None:
    """R9 with the one predicate: a TAP sign-in is evidence only for a TAP that was usable at
    the sign-in (enabled for MFA, targeting the user); only its ``used`` flag is ignored."""
    signed_in = NOW - timedelta(minutes=2)
    tap = TemporaryAccessPass(
        id="tap",
        registered_at=signed_in,
        starts_at=signed_in - timedelta(minutes=1),
        expires_at=NOW + timedelta(hours=1),
        used=True,
        registered_by="admin",
    )
    user = UserState(user_id="u", groups=["contractors"], registrations=[tap])
    session = Session(signed_in_at=signed_in, signed_in_with=["temporary_access_pass"])

    def tap_policy(exclude: list[str]) -> TenantPolicy:
        return TenantPolicy(
            methods=[
                MethodSetting(method="temporary_access_pass", mfa=True, exclude=exclude),
                MethodSetting(method="push", mfa=True),
            ],
            mfa=MfaSettings(enforced_for=["all"]),
            bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS,
        )

    allowed = step_up(tap_policy([]), user, Action.VIEW, session=session, now=NOW)
    assert allowed.outcome is GateOutcome.ALLOW
    denied = step_up(tap_policy(["contractors"]), user, Action.VIEW, session=session, now=NOW)
    assert denied.outcome is GateOutcome.DENY
    assert [r.code for r in denied.reasons] == ["bootstrap_tap_required"]


# ---- session_gate: steps (2) and (3) alone --------------------------------------------------


def test_session_gate_decides_on_the_session_with_the_window_of_what_is_added() -> None:
    p = policy(Method.PUSH, Method.AUTHENTICATOR_CODE, Method.PASSKEY)
    u = user(app())
    ten = mfa_session(timedelta(minutes=10))
    assert session_gate(p, u, session=ten, now=NOW).outcome is GateOutcome.ALLOW
    # A passkey needs MFA within passkey_add_minutes (5); the wire string is accepted.
    for adding in ("passkey", Kind.PASSKEY):
        gate = session_gate(p, u, session=ten, now=NOW, adding=adding)  # type: ignore[arg-type]
        assert (gate.outcome, gate.methods) == (
            GateOutcome.STEP_UP,
            (Method.PUSH, Method.AUTHENTICATOR_CODE),
        )
    # No usable MFA method: the bootstrap decides.
    fresh = session_gate(p, user(), session=password_session(), now=NOW)
    assert [r.code for r in fresh.reasons] == ["bootstrap_password"]


def test_session_gate_refuses_what_is_not_a_kind_naming_it() -> None:
    with pytest.raises(InvalidArgument) as refused:
        session_gate(policy(Method.PUSH), user(), session=None, now=NOW, adding="nope")  # type: ignore[arg-type]
    assert type(refused.value) is InvalidArgument  # a string of the wrong value, not type
    assert (refused.value.path, str(refused.value)) == (
        "adding",
        "adding: 'nope' is not a Kind or None",
    )
    with pytest.raises(InvalidArgumentType):
        session_gate(policy(Method.PUSH), user(), session=None, now=NOW, adding=3)  # type: ignore[arg-type]
