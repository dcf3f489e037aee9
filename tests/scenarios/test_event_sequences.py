"""Event sequences for the Entra scenarios (entra-rules.md §2.2, §4, §6; rule R14).

Each scenario runs a series of changes and compares the (activity, result, actor) triples of
every event produced, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from secinfo import (
    AuthenticatorApp,
    Change,
    Email,
    Method,
    MethodSetting,
    MfaSettings,
    MobilePhone,
    Purpose,
    Session,
    SsprSettings,
    TenantPolicy,
    UserState,
    usable_methods,
)
from secinfo.requirements import required_registrations
from secinfo.results import PromptMode
from secinfo.transitions import cancel, register, remove, review, set_default

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
POLICY = TenantPolicy(
    methods=[
        MethodSetting(method="push", mfa=True, sspr=True),
        MethodSetting(method="authenticator_code", mfa=True, sspr=True),
        MethodSetting(method="sms", mfa=True, sspr=True),
        MethodSetting(method="voice_mobile", mfa=True, sspr=True),
        MethodSetting(method="email", sspr=True),
    ],
    mfa=MfaSettings(enforced_for=["all"]),
    sspr=SsprSettings(enabled_for=["all"], methods_required=2, reconfirm_days=180),
)
PASSWORD = Session(signed_in_at=NOW)
AFTER_PUSH = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="push", registered_in_session=True)
APP = AuthenticatorApp(id="app", registered_at=NOW, device_name="Pixel 9", notifications=True)
PHONE = MobilePhone(id="phone", registered_at=NOW, number="+16502530000", verified_with="sms")
EMAIL = Email(id="email", registered_at=NOW, address="alice@example.com")

Step = Callable[[UserState], Change]
Triple = tuple[str, str, str]


def run(user: UserState, steps: list[Step]) -> tuple[UserState, list[Triple]]:
    log: list[Triple] = []
    for step in steps:
        change = step(user)
        log += [(e.activity.value, e.result.value, e.actor.value) for e in change.events]
        user = change.user
    return user, log


def test_register_two_methods_during_an_interrupt() -> None:
    """§2.3: MFA enforced and SSPR needs two methods: the app (dual slot) then the phone."""
    user, log = run(
        UserState(user_id="u1"),
        [
            lambda u: register(POLICY, u, APP, session=PASSWORD, now=NOW),
            lambda u: register(POLICY, u, PHONE, session=AFTER_PUSH, now=NOW),
        ],
    )
    assert log == [
        ("User registered security info", "success", "user"),
        ("User registered security info", "success", "user"),
        ("User registered all required security info", "success", "user"),
        ("Default security info reassigned", "success", "system"),
    ]
    assert required_registrations(POLICY, user, now=NOW).mode is PromptMode.NONE


def test_cancel_the_sspr_interrupt() -> None:
    """§2.2 and §6: cancelling writes the failure row of "registered all" and the cancel."""
    user = UserState(user_id="u1", registrations=[APP], preferred="push")
    _, log = run(user, [lambda u: cancel(POLICY, u, session=AFTER_PUSH, now=NOW)])
    assert log == [
        ("User registered all required security info", "failure", "user"),
        ("User canceled security info registration", "success", "user"),
    ]


def test_review_looks_good() -> None:
    """§2.5: at the reconfirmation interval the user confirms with "Looks good"."""
    old = NOW - timedelta(days=200)
    user = UserState(
        user_id="u1",
        registrations=[
            AuthenticatorApp(id="app", registered_at=old, device_name="P", notifications=True),
            MobilePhone(id="phone", registered_at=old, number="+16502530000"),
        ],
        preferred="push",
        last_reviewed_at=old,
    )
    assert required_registrations(POLICY, user, now=NOW).mode is PromptMode.REVIEW
    after, log = run(user, [lambda u: review(POLICY, u, session=AFTER_PUSH, now=NOW)])
    assert log == [("User reviewed security info", "success", "user")]
    assert required_registrations(POLICY, after, now=NOW).mode is PromptMode.NONE


def test_change_default_then_again_to_the_same() -> None:
    """§4.2: Change default writes one event; choosing the current default again writes none."""
    user = UserState(user_id="u1", registrations=[APP, PHONE], preferred="push")
    after, log = run(
        user,
        [
            lambda u: set_default(POLICY, u, "sms", session=AFTER_PUSH, now=NOW),
            lambda u: set_default(POLICY, u, "sms", session=AFTER_PUSH, now=NOW),
        ],
    )
    assert log == [("User changed default security info", "success", "user")]
    assert after.preferred == "sms"


def test_delete_the_default_phone() -> None:
    """UH-TEXT (§3.4, §4.2): deleting the phone that is the default moves the default."""
    user = UserState(user_id="u1", registrations=[APP, PHONE, EMAIL], preferred="sms")
    after, log = run(user, [lambda u: remove(POLICY, u, "phone", session=AFTER_PUSH, now=NOW)])
    assert log == [
        ("User deleted security info", "success", "user"),
        ("Default security info reassigned", "success", "system"),
    ]
    assert after.preferred == "push"


@pytest.mark.parametrize(
    ("session", "expected"),
    [
        (PASSWORD, [("User deleted security info", "failure", "user")]),
        (AFTER_PUSH, [("User deleted security info", "success", "user")]),
    ],
    ids=["password-only session (F07)", "after MFA"],
)
def test_delete_needs_mfa(session: Session, expected: list[Triple]) -> None:
    """§3.1 and F07: a password-only session cannot delete a method of an MFA user."""
    user = UserState(user_id="u1", registrations=[APP, PHONE, EMAIL], preferred="push")
    _, log = run(user, [lambda u: remove(POLICY, u, "email", session=session, now=NOW)])
    assert log == expected


def test_F15_registering_a_slot_method_removes_that_slot() -> None:
    """F15 (Zitadel #12148, Kratos #4285): registering a slot's first choice removes that slot
    (no oscillation), and the new method is usable at once."""
    user = UserState(user_id="u1")
    first = required_registrations(POLICY, user, now=NOW, session=PASSWORD)
    assert first.mode is PromptMode.INTERRUPT
    change = register(POLICY, user, APP, session=PASSWORD, now=NOW)
    second = required_registrations(POLICY, change.user, now=NOW, session=AFTER_PUSH)
    assert len(second.slots) == len(first.slots) - 1
    assert second.slots == first.slots[1:]
    assert Method.PUSH in usable_methods(POLICY, change.user, Purpose.MFA, now=NOW)
