"""Transitions (rules R2, R10–R14)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest

from secinfo import (
    Action,
    Actor,
    AlternatePhone,
    AuthenticatorApp,
    CampaignProgress,
    CampaignSettings,
    Email,
    HardwareOath,
    InvalidArgument,
    InvalidArgumentType,
    Method,
    MethodSetting,
    MfaSettings,
    MobilePhone,
    OfficePhone,
    Reason,
    Session,
    SsprSettings,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
)
from secinfo._mask import escape_label
from secinfo.audit import Activity, EventResult
from secinfo.requirements import required_registrations
from secinfo.results import GateOutcome
from secinfo.stepup import step_up
from secinfo.transitions import (
    cancel,
    policy_changed,
    register,
    remove,
    review,
    set_default,
    snooze,
    update,
)

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
POLICY = TenantPolicy(
    methods=[
        MethodSetting(method="push", mfa=True, sspr=True),
        MethodSetting(method="authenticator_code", mfa=True, sspr=True),
        MethodSetting(method="sms", mfa=True, sspr=True),
        MethodSetting(method="voice_mobile", mfa=True, sspr=True),
        MethodSetting(method="voice_alternate", mfa=True),
        MethodSetting(method="email", sspr=True),
        MethodSetting(method="temporary_access_pass", mfa=True),
    ],
    mfa=MfaSettings(enforced_for=["all"]),
    sspr=SsprSettings(enabled_for=["all"], methods_required=2),
)
PASSWORD = Session(signed_in_at=NOW)
MFA = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="push")
MOBILE = "+16502530000"
ALTERNATE = "+16502530001"


def app(id: str = "app", *, notifications: bool = True) -> AuthenticatorApp:
    return AuthenticatorApp(
        id=id, registered_at=NOW, device_name="Pixel 9", notifications=notifications
    )


def mobile(id: str = "mobile", *, verified_with: str = "sms", number: str = MOBILE) -> MobilePhone:
    return MobilePhone(id=id, registered_at=NOW, number=number, verified_with=verified_with)


def email(id: str = "email") -> Email:
    return Email(id=id, registered_at=NOW, address="alice@example.com")


def activities(change: object) -> list[tuple[str, str]]:
    return [(e.activity.value, e.result.value) for e in change.events]  # type: ignore[attr-defined]


COMPLETE = UserState(user_id="u1", registrations=[app(), mobile()], preferred="push")


# ---- register ---------------------------------------------------------------------------


def test_first_method_with_a_fresh_password_sign_in() -> None:
    change = register(POLICY, UserState(user_id="u1"), app(), session=PASSWORD, now=NOW)
    assert change.allowed
    assert change.user.registrations == (app(),)
    assert activities(change) == [("User registered security info", "success")]
    # still interrupted for SSPR: the preference is stored when the interrupt ends.
    assert change.user.preferred is None


def test_registration_that_ends_the_interrupt() -> None:
    user = UserState(user_id="u1", registrations=[app()])
    change = register(POLICY, user, mobile(), session=MFA, now=NOW)
    assert change.allowed
    assert activities(change) == [
        ("User registered security info", "success"),
        ("User registered all required security info", "success"),
        ("Default security info reassigned", "success"),
    ]
    assert change.user.preferred is Method.PUSH
    assert change.events[2].actor is Actor.SYSTEM


def test_F02_phone_only_registration_sets_default_to_the_verified_channel() -> None:
    """F02: registering a phone by text message sets the stored default to sms, not a call."""
    policy = attrs.evolve(POLICY, sspr=SsprSettings(enabled_for=["all"], methods_required=1))
    change = register(policy, UserState(user_id="u1"), mobile(), session=PASSWORD, now=NOW)
    assert change.user.preferred is Method.SMS
    voice = register(
        policy,
        UserState(user_id="u1"),
        mobile(verified_with="voice_mobile"),
        session=PASSWORD,
        now=NOW,
    )
    assert voice.user.preferred is Method.VOICE_MOBILE


def test_registration_needs_step_up_when_the_user_has_mfa() -> None:
    user = UserState(user_id="u1", registrations=[app()])
    change = register(POLICY, user, mobile(), session=PASSWORD, now=NOW)
    assert not change.allowed
    assert change.user is user
    assert activities(change) == [("User registered security info", "failure")]
    assert "step_up_required" in [r.code for r in change.reasons]


def test_user_cannot_register_admin_only_kinds_but_admin_can() -> None:
    token = HardwareOath(id="hw", registered_at=NOW, serial="SN1", registered_by="admin")
    denied = register(POLICY, COMPLETE, token, session=MFA, now=NOW)
    assert not denied.allowed
    assert "admin_only_kind" in [r.code for r in denied.reasons]
    allowed = register(POLICY, COMPLETE, token, session=None, now=NOW, actor=Actor.ADMIN)
    assert allowed.allowed
    assert activities(allowed) == [("Admin registered security info", "success")]
    assert allowed.events[0].actor is Actor.ADMIN


def test_new_tap_replaces_the_old_one() -> None:
    def tap(id: str) -> TemporaryAccessPass:
        return TemporaryAccessPass(
            id=id,
            registered_at=NOW,
            starts_at=NOW,
            expires_at=NOW + timedelta(hours=1),
            registered_by="admin",
        )

    first = register(POLICY, COMPLETE, tap("t1"), session=None, now=NOW, actor=Actor.ADMIN)
    second = register(POLICY, first.user, tap("t2"), session=None, now=NOW, actor=Actor.ADMIN)
    assert [r.id for r in second.user.registrations] == ["app", "mobile", "t2"]


def test_alternate_phone_needs_a_mobile_phone() -> None:
    user = UserState(user_id="u1", registrations=[app()], preferred="push")
    alternate = AlternatePhone(id="alt", registered_at=NOW, number=ALTERNATE)
    denied = register(POLICY, user, alternate, session=MFA, now=NOW)
    assert not denied.allowed
    assert "alternate_phone_requires_mobile" in [r.code for r in denied.reasons]
    allowed = register(POLICY, COMPLETE, alternate, session=MFA, now=NOW)
    assert allowed.allowed


def test_duplicate_number_denied() -> None:
    alternate = AlternatePhone(id="alt", registered_at=NOW, number=MOBILE)
    change = register(POLICY, COMPLETE, alternate, session=MFA, now=NOW)
    assert not change.allowed
    assert "duplicate_phone_number" in [r.code for r in change.reasons]


def test_phone_rules_refuse_premium_numbers() -> None:
    premium = mobile(number="+19005550123")
    change = register(POLICY, UserState(user_id="u1"), premium, session=PASSWORD, now=NOW)
    assert not change.allowed
    assert [r.code for r in change.reasons] == ["phone_premium_rate"]
    assert "9005550123" not in repr(change)


def test_limits() -> None:
    policy = attrs.evolve(POLICY, limits=attrs.evolve(POLICY.limits, authenticator_app=1))
    change = register(policy, COMPLETE, app("app2"), session=MFA, now=NOW)
    assert not change.allowed
    assert "limit_reached" in [r.code for r in change.reasons]


def test_office_phone_users_cannot_touch_it_unless_user_managed() -> None:
    office = OfficePhone(id="o", registered_at=NOW, number="+16502530002", extension="12")
    assert not register(POLICY, COMPLETE, office, session=MFA, now=NOW).allowed
    managed = attrs.evolve(POLICY, office_phone_user_managed=True)
    assert register(managed, COMPLETE, office, session=MFA, now=NOW).allowed
    with_office = attrs.evolve(COMPLETE, registrations=(*COMPLETE.registrations, office))
    assert not remove(POLICY, with_office, "o", session=MFA, now=NOW).allowed
    assert remove(POLICY, with_office, "o", session=None, now=NOW, actor=Actor.ADMIN).allowed


def test_session_required_for_users_and_actor_checked() -> None:
    with pytest.raises(InvalidArgument, match="session") as refused:
        register(POLICY, COMPLETE, email(), session=None, now=NOW)
    assert refused.value.path == "session"
    assert str(refused.value) == "session: a user's change needs the sign-in session"
    with pytest.raises(InvalidArgument, match="actor"):
        register(POLICY, COMPLETE, email(), session=MFA, now=NOW, actor=Actor.SYSTEM)
    with pytest.raises(InvalidArgument, match="now"):
        register(POLICY, COMPLETE, email(), session=MFA, now=datetime(2026, 1, 1))
    with pytest.raises(InvalidArgument, match="target"):
        register(POLICY, COMPLETE, app(), session=MFA, now=NOW)  # id already in use


# ---- update -------------------------------------------------------------------------------


def test_update_phone_number_is_gated_like_an_add() -> None:
    new_number = mobile(number="+16502530005")
    assert not update(POLICY, COMPLETE, new_number, session=PASSWORD, now=NOW).allowed
    change = update(POLICY, COMPLETE, new_number, session=MFA, now=NOW)
    assert change.allowed
    assert activities(change) == [("User updated security info", "success")]
    assert change.user.registrations[1] == new_number
    assert dict(change.events[0].details)["number"] == "+1 XXXXXXXX05"


def test_update_to_the_same_value_is_a_no_op() -> None:
    change = update(POLICY, COMPLETE, mobile(), session=MFA, now=NOW)
    assert change.allowed
    assert [(r.code, r.message) for r in change.reasons] == [
        ("no_change", "The registration is unchanged.")
    ]
    assert change.events == ()
    assert change.user == COMPLETE


def test_update_cannot_change_kind() -> None:
    with pytest.raises(InvalidArgument, match="kind"):
        update(POLICY, COMPLETE, email(id="mobile"), session=MFA, now=NOW)


# ---- remove -------------------------------------------------------------------------------


def test_delete_the_default_phone_reassigns_the_default() -> None:
    user = UserState(user_id="u1", registrations=[app(), mobile()], preferred="sms")
    change = remove(POLICY, user, "mobile", session=MFA, now=NOW)
    assert change.allowed
    assert activities(change) == [
        ("User deleted security info", "success"),
        ("Default security info reassigned", "success"),
    ]
    assert change.user.preferred is Method.PUSH


def test_delete_needs_step_up_and_keeps_mfa_compliance() -> None:
    assert not remove(POLICY, COMPLETE, "app", session=PASSWORD, now=NOW).allowed
    only_app = UserState(user_id="u1", registrations=[app()], preferred="push")
    denied = remove(POLICY, only_app, "app", session=MFA, now=NOW)
    assert not denied.allowed
    assert activities(denied) == [("User deleted security info", "failure")]
    assert denied.user is only_app


def test_admin_delete_skips_the_compliance_rule() -> None:
    only_app = UserState(user_id="u1", registrations=[app()], preferred="push")
    change = remove(POLICY, only_app, "app", session=None, now=NOW, actor=Actor.ADMIN)
    assert change.allowed
    assert activities(change) == [
        ("Admin deleted security info", "success"),
        ("Default security info reassigned", "success"),
    ]
    assert change.user.preferred is None


def test_F10_denied_change_is_never_half_applied() -> None:
    """F10 (Keycloak #32479/#38593): a change applies whole or not at all — a denied delete or
    a refused replacement leaves every registration in place."""
    only_app = UserState(user_id="u1", registrations=[app()], preferred="push")
    denied = remove(POLICY, only_app, "app", session=MFA, now=NOW)
    assert denied.user == only_app
    refused = update(POLICY, COMPLETE, mobile(number="+19005550123"), session=MFA, now=NOW)
    assert not refused.allowed
    assert refused.user == COMPLETE
    assert len(refused.events) == 1


# ---- set_default --------------------------------------------------------------------------


def test_set_default_event_names_the_method_as_entra_does() -> None:
    change = set_default(POLICY, COMPLETE, Method.SMS, session=MFA, now=NOW)
    assert change.allowed
    assert change.user.preferred is Method.SMS
    (event,) = change.events
    assert event.activity is Activity.USER_CHANGED_DEFAULT
    assert event.reason == "User changed the default security info for Text a code to +1 XXXXXXXX00"


def test_an_administrator_sets_a_default_without_a_session() -> None:
    """An administrator's change passes only the structural checks (R10 (1)), no step-up."""
    change = set_default(POLICY, COMPLETE, "sms", session=None, now=NOW, actor=Actor.ADMIN)
    assert (change.allowed, change.user.preferred) == (True, Method.SMS)
    assert [(e.actor, e.result) for e in change.events] == [(Actor.ADMIN, EventResult.SUCCESS)]
    assert [(r.code, r.message) for r in change.reasons] == [
        ("default_changed", "The default method is now sms.")
    ]


def test_set_default_to_the_current_preference_is_a_no_op() -> None:
    change = set_default(POLICY, COMPLETE, Method.PUSH, session=MFA, now=NOW)
    assert change.allowed
    assert change.events == ()


def test_set_default_must_be_usable_and_preferable() -> None:
    denied = set_default(POLICY, COMPLETE, Method.VOICE_ALTERNATE, session=MFA, now=NOW)
    assert not denied.allowed
    assert activities(denied) == [("User changed default security info", "failure")]
    assert [r.code for r in denied.reasons] == ["method_not_usable"]


# ---- review, cancel, snooze -----------------------------------------------------------------


def test_review_sets_last_reviewed_at() -> None:
    change = review(POLICY, COMPLETE, session=MFA, now=NOW)
    assert change.user.last_reviewed_at == NOW
    assert [(r.code, r.message) for r in change.reasons] == [
        ("reviewed", "The user reviewed their security info.")
    ]
    assert activities(change) == [("User reviewed security info", "success")]
    with pytest.raises(InvalidArgument, match="actor"):
        review(POLICY, COMPLETE, session=MFA, now=NOW, actor=Actor.ADMIN)


def test_a_review_without_fresh_mfa_is_refused_with_the_gate_s_reasons() -> None:
    stale = Session(
        signed_in_at=NOW - timedelta(hours=1), mfa_at=NOW - timedelta(hours=1), mfa_method="push"
    )
    change = review(POLICY, COMPLETE, session=stale, now=NOW)
    assert (change.allowed, change.user) == (False, COMPLETE)
    assert [r.code for r in change.reasons] == ["mfa_not_fresh", "step_up_required"]
    (event,) = change.events
    assert (event.activity, event.result) == (Activity.USER_REVIEWED, EventResult.FAILURE)
    assert event.reason == "User failed to review security info."
    assert dict(event.details) == {"reason_codes": "mfa_not_fresh,step_up_required"}


def test_cancel_an_sspr_interrupt() -> None:
    user = UserState(user_id="u1", registrations=[app()], preferred="push")
    change = cancel(POLICY, user, session=MFA, now=NOW)
    assert change.allowed
    assert activities(change) == [
        ("User registered all required security info", "failure"),
        ("User canceled security info registration", "success"),
    ]
    assert change.events[0].reason == "User canceled security info registration"
    assert change.user.first_prompted_at is None  # SSPR drove it: no grace period starts


def test_cancel_an_mfa_interrupt_only_inside_grace() -> None:
    new_user = UserState(user_id="u1")
    denied = cancel(POLICY, new_user, session=PASSWORD, now=NOW)
    assert not denied.allowed
    assert denied.user == new_user  # a refused change returns the user unchanged
    assert activities(denied) == [("User canceled security info registration", "failure")]
    graceful = attrs.evolve(POLICY, mfa=MfaSettings(enforced_for=["all"], grace_days=14))
    first = cancel(graceful, new_user, session=PASSWORD, now=NOW)
    assert first.allowed
    assert first.user.first_prompted_at == NOW
    later = cancel(graceful, first.user, session=PASSWORD, now=NOW + timedelta(days=13))
    assert later.allowed
    assert later.user.first_prompted_at == NOW
    expired = cancel(graceful, first.user, session=PASSWORD, now=NOW + timedelta(days=14))
    assert not expired.allowed


@pytest.mark.parametrize(
    ("action", "what"),
    [
        (review, "review their security info"),
        (cancel, "cancel a registration prompt"),
        (snooze, "snooze the registration campaign"),
    ],
)
def test_only_the_user_reviews_cancels_or_snoozes(action: Any, what: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        action(POLICY, COMPLETE, session=MFA, now=NOW, actor=Actor.ADMIN)
    assert (refused.value.path, str(refused.value)) == ("actor", f"actor: only the user can {what}")


def test_cancel_with_nothing_to_cancel_is_denied() -> None:
    denied = cancel(POLICY, COMPLETE, session=MFA, now=NOW)
    assert not denied.allowed
    assert [r.code for r in denied.reasons] == ["nothing_to_cancel"]


def test_snooze_counts_and_exhausts() -> None:
    policy = attrs.evolve(
        POLICY,
        methods=(*POLICY.methods, MethodSetting(method="passkey", mfa=True)),
        campaign=CampaignSettings(state="enabled", method="passkey"),
    )
    user = UserState(user_id="u1", registrations=[app(), mobile()], preferred="push")
    for expected in (1, 2, 3):
        at = NOW + timedelta(days=expected * 2)
        session = Session(signed_in_at=at, mfa_at=at, mfa_method="push")
        change = snooze(policy, user, session=session, now=at)
        assert change.allowed, change.reasons
        assert change.user.campaign.snoozes == expected
        assert activities(change) == [("User snoozed registration campaign", "success")]
        user = change.user
    at = NOW + timedelta(days=10)
    session = Session(signed_in_at=at, mfa_at=at, mfa_method="push")
    exhausted = snooze(policy, user, session=session, now=at)
    assert not exhausted.allowed
    assert [r.code for r in exhausted.reasons] == ["snoozes_exhausted"]
    assert exhausted.user.campaign == CampaignProgress(
        snoozes=3, last_snoozed_at=NOW + timedelta(days=6)
    )


def test_snooze_asks_the_prompt_under_the_session() -> None:
    """The nudge shows only after a recent MFA in the session (R8), so only then can it be
    snoozed: a password-only session is refused with the prompt's reason."""
    policy = attrs.evolve(
        POLICY,
        methods=(*POLICY.methods, MethodSetting(method="passkey", mfa=True)),
        campaign=CampaignSettings(state="enabled", method="passkey"),
    )
    user = UserState(user_id="u1", registrations=[app(), mobile()], preferred="push")
    change = snooze(policy, user, session=MFA, now=NOW)
    assert change.allowed
    assert [(r.code, r.message) for r in change.reasons] == [
        ("campaign_snooze_recorded", "The user snoozed the campaign (1 so far).")
    ]
    refused = snooze(policy, user, session=PASSWORD, now=NOW)
    assert (refused.allowed, refused.user) == (False, user)
    assert [r.code for r in refused.reasons] == ["no_nudge"]


def test_snooze_without_a_nudge_is_denied() -> None:
    denied = snooze(POLICY, COMPLETE, session=MFA, now=NOW)
    assert not denied.allowed
    assert activities(denied) == [("User snoozed registration campaign", "failure")]


# ---- policy_changed -------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["old", "new"])
def test_policy_changed_refuses_what_is_not_a_policy_naming_it(which: str) -> None:
    policies = {"old": POLICY, "new": POLICY} | {which: "a policy"}
    with pytest.raises(InvalidArgumentType) as refused:
        policy_changed(policies["old"], policies["new"], COMPLETE, now=NOW)  # type: ignore[arg-type]
    assert (refused.value.path, str(refused.value)) == (which, f"{which}: expected a TenantPolicy")


def test_policy_change_events() -> None:
    without_sms = attrs.evolve(
        POLICY, methods=tuple(s for s in POLICY.methods if s.method is not Method.SMS)
    )
    user = attrs.evolve(COMPLETE, preferred="sms")
    events = policy_changed(POLICY, without_sms, user, now=NOW)
    assert [(e.activity.value, e.target) for e in events] == [
        ("Security info became unusable", "mobile"),
        ("Default security info reassigned", "push"),
    ]
    back = policy_changed(without_sms, POLICY, user, now=NOW)
    assert [(e.activity.value, e.target) for e in back] == [
        ("Security info became usable", "mobile"),
        ("Default security info reassigned", "sms"),
    ]
    assert policy_changed(POLICY, POLICY, user, now=NOW) == ()


def test_events_are_well_formed() -> None:
    change = register(
        POLICY, UserState(user_id="u1", registrations=[app()]), mobile(), session=MFA, now=NOW
    )
    for event in change.events:
        data = event.to_dict()
        assert data["category"] == "UserManagement"
        assert data["service"] == "Authentication Methods"
        assert data["at"] == "2026-11-25T12:00:00Z"
        assert data["user_id"] == "u1"
        assert "6502530000" not in str(data)
    assert {e.result for e in change.events} == {EventResult.SUCCESS}


def test_issuing_a_tap_never_stores_or_clears_the_default() -> None:
    """R1: a TAP never counts, so it is never "the user's first usable MFA registration"."""
    without_push = attrs.evolve(
        POLICY, methods=tuple(s for s in POLICY.methods if s.method is not Method.PUSH)
    )
    user = UserState(user_id="u1", registrations=[app()], preferred="push")  # push disabled
    tap = TemporaryAccessPass(
        id="t",
        registered_at=NOW,
        starts_at=NOW,
        expires_at=NOW + timedelta(hours=1),
        registered_by="admin",
    )
    code_only = attrs.evolve(
        without_push,
        methods=tuple(s for s in without_push.methods if s.method is not Method.AUTHENTICATOR_CODE),
    )
    change = register(code_only, user, tap, session=None, now=NOW, actor=Actor.ADMIN)
    assert change.allowed
    assert change.user.preferred is Method.PUSH
    assert activities(change) == [("Admin registered security info", "success")]


def test_event_targets_escape_control_characters() -> None:
    odd = Email(id="e\nforged", registered_at=NOW, address="bob@example.com")
    change = register(POLICY, COMPLETE, odd, session=MFA, now=NOW)
    assert change.allowed
    assert change.events[0].target == "e\\x0aforged"


def test_grace_period_ends_once_mfa_is_met_even_if_sspr_still_asks() -> None:
    """R5: ``first_prompted_at`` belongs to the MFA requirement; meeting it clears the grace
    period although an (always skippable) SSPR interrupt remains."""
    graceful = attrs.evolve(POLICY, mfa=MfaSettings(enforced_for=["all"], grace_days=14))
    skipped = UserState(user_id="u1", first_prompted_at=NOW - timedelta(days=1))
    change = register(graceful, skipped, app(), session=PASSWORD, now=NOW)
    assert change.allowed
    assert change.user.first_prompted_at is None
    assert required_registrations(graceful, change.user, now=NOW).mode == "interrupt"


# ---- issue 11: the transition decides registered_by and registered_at -------------------------

LONG_AGO = NOW - timedelta(days=400)


def test_a_user_register_cannot_forge_an_admin_record() -> None:
    forged = attrs.evolve(email(), registered_by=Actor.ADMIN, registered_at=NOW + timedelta(days=9))
    change = register(POLICY, COMPLETE, forged, session=MFA, now=NOW)
    assert change.allowed
    stored = change.user.registration("email")
    assert (stored.registered_by, stored.registered_at) == (Actor.USER, NOW)


def test_an_admin_register_is_recorded_as_the_admins() -> None:
    change = register(POLICY, COMPLETE, email(), session=None, now=NOW, actor=Actor.ADMIN)
    assert change.user.registration("email").registered_by is Actor.ADMIN


def test_an_update_keeps_registered_at_unless_the_secret_changes() -> None:
    """Renaming an app keeps its registration time, whatever the caller writes (R7's review
    timing reads it); a new number is a new credential, recorded at ``now``."""
    old = UserState(
        user_id="u1",
        registrations=[
            attrs.evolve(app(), registered_at=LONG_AGO),
            attrs.evolve(mobile(), registered_at=LONG_AGO),
        ],
        preferred="push",
    )
    renamed = AuthenticatorApp(
        id="app", registered_at=NOW, device_name="Pixel 10", notifications=True
    )
    change = update(POLICY, old, renamed, session=MFA, now=NOW)
    assert change.allowed
    assert change.user.registration("app").registered_at == LONG_AGO
    assert change.user.registration("app").device_name == "Pixel 10"  # type: ignore[union-attr]
    renumbered = attrs.evolve(mobile(number="+16502530005"), registered_at=LONG_AGO)
    change = update(POLICY, old, renumbered, session=MFA, now=NOW)
    assert change.user.registration("mobile").registered_at == NOW


def test_a_back_dated_update_cannot_postpone_the_review() -> None:
    reviewing = attrs.evolve(
        POLICY, sspr=SsprSettings(enabled_for=["all"], methods_required=2, reconfirm_days=180)
    )
    old = UserState(
        user_id="u1",
        registrations=[
            attrs.evolve(app(), registered_at=LONG_AGO),
            attrs.evolve(mobile(), registered_at=LONG_AGO),
        ],
        preferred="push",
    )
    assert required_registrations(reviewing, old, now=NOW).review_due
    touched = AuthenticatorApp(
        id="app", registered_at=NOW, device_name="Pixel 9", notifications=False
    )
    change = update(reviewing, old, touched, session=MFA, now=NOW)
    assert change.allowed
    assert required_registrations(reviewing, change.user, now=NOW).review_due


def test_resubmitting_an_admin_registration_unchanged_is_a_no_op() -> None:
    by_admin = attrs.evolve(mobile(), registered_by=Actor.ADMIN, registered_at=LONG_AGO)
    user = UserState(user_id="u1", registrations=[app(), by_admin], preferred="push")
    change = update(POLICY, user, mobile(), session=MFA, now=NOW)
    assert change.allowed
    assert change.events == ()
    assert change.user == user


@pytest.mark.parametrize(
    "label", ["Key\u202egnp.exe", "a\u200bb", "x\u2028y", "\ufeffz", "q\u2066r"]
)
def test_labels_with_bidi_and_zero_width_characters_are_escaped_in_events(label: str) -> None:
    token = AuthenticatorApp(id="k", registered_at=NOW, device_name=label, notifications=False)
    change = register(POLICY, COMPLETE, token, session=MFA, now=NOW)
    event = change.events[0]
    assert dict(event.details)["label"] == escape_label(label) != label
    for text in (event.user_id, event.target, event.reason, *dict(event.details).values()):
        assert text is None or text.isprintable()


def test_every_event_of_a_hostile_user_is_printable() -> None:
    """Ids and labels full of control, bidirectional and zero-width characters: every event
    field secinfo writes is escaped."""
    hostile = "x\n\u202e\u200b\u2028\ufeff"
    token = AuthenticatorApp(
        id=f"k{hostile}", registered_at=NOW, device_name=hostile, notifications=False
    )
    user = attrs.evolve(COMPLETE, registrations=(*COMPLETE.registrations, token))
    changes = [
        register(POLICY, COMPLETE, token, session=MFA, now=NOW),
        remove(POLICY, user, token.id, session=MFA, now=NOW),
        remove(POLICY, user, token.id, session=PASSWORD, now=NOW),  # denied: a failure event
        update(POLICY, user, attrs.evolve(token, device_name=hostile * 2), session=MFA, now=NOW),
    ]
    events = [event for change in changes for event in change.events]
    events += list(policy_changed(POLICY, TenantPolicy(), user, now=NOW))
    assert len(events) >= 5
    for event in events:
        record = event.to_dict()
        texts = [record["user_id"], record["target"] or "", record["reason"]]
        texts += [*record["details"], *record["details"].values()]
        assert all(text.isprintable() for text in texts), record


def test_change_to_dict_is_json_with_the_user_as_a_document() -> None:
    import json

    from secinfo.documents import load_user

    change = set_default(POLICY, COMPLETE, "sms", session=MFA, now=NOW)
    assert change.allowed
    data = json.loads(json.dumps(change.to_dict()))
    assert sorted(data) == ["allowed", "events", "reasons", "user"]
    assert data["allowed"] is True
    assert load_user(data["user"]) == change.user
    assert [event["activity"] for event in data["events"]] == [
        event.activity.value for event in change.events
    ]
    assert data["reasons"] == [reason.to_dict() for reason in change.reasons]
    refused = set_default(POLICY, COMPLETE, "email", session=MFA, now=NOW).to_dict()
    assert refused["allowed"] is False
    assert refused["reasons"]


# ---- the stored default (R11) and what a change explains ---------------------------------

OPEN = TenantPolicy(methods=POLICY.methods)  # nothing enforced: no interrupt


def test_first_usable_mfa_registration_outside_an_interrupt_stores_the_default() -> None:
    assert required_registrations(OPEN, UserState(user_id="u1"), now=NOW).mode == "none"
    change = register(OPEN, UserState(user_id="u1"), mobile(), session=PASSWORD, now=NOW)
    assert change.allowed
    assert change.user.preferred is Method.SMS
    assert activities(change) == [
        ("User registered security info", "success"),
        ("Default security info reassigned", "success"),
    ]
    assert [r.code for r in change.reasons] == ["registration_registered", "default_reassigned"]


def test_a_second_usable_registration_outside_an_interrupt_stores_nothing() -> None:
    """Only the *first* usable MFA registration stores a default: with one already usable,
    ``preferred`` stays unset (the completion rule keeps deciding) and no event is added."""
    user = UserState(user_id="u1", registrations=[mobile()])
    change = register(
        OPEN, user, app(), session=Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="sms"), now=NOW
    )
    assert change.allowed
    assert change.user.preferred is None
    assert activities(change) == [("User registered security info", "success")]


def test_ending_an_interrupt_keeps_a_default_the_user_chose_and_can_use() -> None:
    user = UserState(user_id="u1", registrations=[mobile()], preferred="voice_mobile")
    assert required_registrations(POLICY, user, now=NOW).mode == "interrupt"
    session = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="sms")
    change = register(POLICY, user, app(), session=session, now=NOW)
    assert change.allowed
    assert required_registrations(POLICY, change.user, now=NOW).mode != "interrupt"
    assert change.user.preferred is Method.VOICE_MOBILE
    assert activities(change) == [
        ("User registered security info", "success"),
        ("User registered all required security info", "success"),
    ]
    assert [r.code for r in change.reasons] == ["registration_registered", "registration_complete"]


def test_ending_an_interrupt_keeps_a_chosen_default_the_new_registration_makes_usable() -> None:
    user = UserState(user_id="u1", registrations=[mobile()], preferred="authenticator_code")
    session = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="sms")
    change = register(POLICY, user, app(), session=session, now=NOW)
    assert change.user.preferred is Method.AUTHENTICATOR_CODE
    assert Activity.DEFAULT_REASSIGNED not in {e.activity for e in change.events}


def test_ending_an_interrupt_replaces_a_chosen_default_the_user_cannot_use() -> None:
    user = UserState(user_id="u1", registrations=[mobile()], preferred="voice_alternate")
    session = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="sms")
    change = register(POLICY, user, app(), session=session, now=NOW)
    assert change.user.preferred is Method.PUSH
    reassigned = change.events[-1]
    assert reassigned.activity is Activity.DEFAULT_REASSIGNED
    assert reassigned.target == "push"


def test_default_reassigned_event_content() -> None:
    user = UserState(user_id="u1", registrations=[app()])
    change = register(POLICY, user, mobile(), session=MFA, now=NOW)
    event = change.events[-1]
    assert event.activity is Activity.DEFAULT_REASSIGNED
    assert event.result is EventResult.SUCCESS
    assert event.actor is Actor.SYSTEM
    assert event.at == NOW
    assert event.user_id == "u1"
    assert event.target == "push"
    assert event.reason == "Default security info reassigned to Authenticator app notification."
    assert dict(event.details) == {"method": "push"}
    assert change.reasons[1:] == (
        Reason(code="default_reassigned", message="The stored default method is now push."),
        Reason(
            code="registration_complete",
            message="The user registered all required security info.",
        ),
    )


def test_default_reassigned_to_a_phone_names_the_masked_number() -> None:
    user = UserState(user_id="u1", registrations=[app(), mobile()], preferred="push")
    change = remove(
        POLICY,
        user,
        "app",
        session=Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="sms"),
        now=NOW,
        actor=Actor.USER,
    )
    assert change.allowed
    event = change.events[-1]
    assert event.activity is Activity.DEFAULT_REASSIGNED
    assert event.actor is Actor.SYSTEM
    assert event.target == "sms"
    assert event.reason == "Default security info reassigned to Text a code to +1 XXXXXXXX00."
    assert dict(event.details) == {"method": "sms"}


def test_default_cleared_event_content() -> None:
    only_app = UserState(user_id="u1", registrations=[app()], preferred="push")
    change = remove(POLICY, only_app, "app", session=None, now=NOW, actor=Actor.ADMIN)
    event = change.events[-1]
    assert event.activity is Activity.DEFAULT_REASSIGNED
    assert event.actor is Actor.SYSTEM
    assert event.target is None
    assert event.reason == "Default security info cleared: no method can be the default."
    assert dict(event.details) == {"method": ""}
    assert change.reasons[-1] == Reason(
        code="default_cleared", message="No method can be the stored default now."
    )


def test_policy_change_reassignment_names_the_previous_default() -> None:
    user = UserState(user_id="u1", registrations=[app(), mobile()], preferred="push")
    without_push = attrs.evolve(
        POLICY, methods=tuple(s for s in POLICY.methods if s.method is not Method.PUSH)
    )
    events = policy_changed(POLICY, without_push, user, now=NOW)
    reassigned = [e for e in events if e.activity is Activity.DEFAULT_REASSIGNED]
    assert len(reassigned) == 1
    assert reassigned[0].actor is Actor.SYSTEM
    assert reassigned[0].target == "authenticator_code"
    assert dict(reassigned[0].details) == {"method": "authenticator_code", "previous": "push"}


def test_a_refused_change_keeps_the_gates_remedy_in_its_reasons() -> None:
    only_app = UserState(user_id="u1", registrations=[app()], preferred="push")
    gate = step_up(POLICY, only_app, Action.DELETE, session=MFA, now=NOW, target="app")
    assert gate.outcome is GateOutcome.DENY
    assert gate.remedy is not None
    denied = remove(POLICY, only_app, "app", session=MFA, now=NOW)
    assert not denied.allowed
    assert denied.reasons == (*gate.reasons, gate.remedy)
    (event,) = denied.events
    codes = dict(event.details)["reason_codes"].split(",")
    assert codes == [r.code.value for r in denied.reasons]
    assert gate.remedy.code.value in codes


def test_a_refused_admin_change_gives_the_structural_reason_and_its_remedy() -> None:
    full = UserState(user_id="u1", registrations=[email("e1")])
    denied = register(POLICY, full, email("e2"), session=None, now=NOW, actor=Actor.ADMIN)
    assert not denied.allowed
    assert [r.code for r in denied.reasons] == ["limit_reached", "delete_one_first"]


def test_a_change_that_needs_step_up_names_the_methods_to_use() -> None:
    denied = register(POLICY, COMPLETE, email(), session=PASSWORD, now=NOW)
    assert not denied.allowed
    assert denied.reasons[-1] == Reason(
        code="step_up_required",
        message="Complete MFA with one of: push, authenticator_code, sms, voice_mobile, "
        "then try again.",
    )
