"""Every audit event and reason text of the transitions, word for word (R14): one row per
transition and outcome — success and failure, by the user and by an administrator, the policy
edit's "became unusable"/"became usable" and the reassigned default.

The other event tests compare (activity, result, actor) or single fields; this table pins the
whole event (but its time) and the reasons, so a changed sentence, detail key or target fails.
Found by a mutation screen of the event builders (docs/mutation-testing.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import attrs
import pytest

from secinfo import (
    Actor,
    AuthenticatorApp,
    CampaignProgress,
    CampaignSettings,
    Limits,
    MethodSetting,
    Passkey,
    Session,
    UserState,
)
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
from tests.scenarios import test_event_sequences as sequences
from tests.scenarios.test_event_sequences import APP, EMAIL, NOW, PASSWORD, PHONE

# The event sequences' tenant, policy and registrations, with a campaign for push.
POLICY = attrs.evolve(
    sequences.POLICY, campaign=CampaignSettings(state="enabled", method="push", snooze_days=3)
)
FRESH = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="sms")
FRESH_PUSH = Session(signed_in_at=NOW, mfa_at=NOW, mfa_method="push")

NEWCOMER = UserState(user_id="alice")
APP_ONLY = UserState(user_id="alice", registrations=[APP])
PHONE_AND_EMAIL = UserState(user_id="alice", registrations=[PHONE, EMAIL])
SNOOZED_OUT = attrs.evolve(
    PHONE_AND_EMAIL, campaign=CampaignProgress(snoozes=3, last_snoozed_at=NOW - timedelta(days=10))
)
REVIEWED = UserState(user_id="alice", registrations=[APP, EMAIL], last_reviewed_at=NOW)
WITHOUT_SMS = attrs.evolve(
    POLICY,
    methods=[
        MethodSetting(method="push", mfa=True, sspr=True),
        MethodSetting(method="authenticator_code", mfa=True, sspr=True),
        MethodSetting(method="email", sspr=True),
        MethodSetting(method="voice_mobile", mfa=True),
    ],
)
WITHOUT_APP = attrs.evolve(
    POLICY,
    methods=[
        MethodSetting(method="sms", mfa=True, sspr=True),
        MethodSetting(method="email", sspr=True),
    ],
)
ALL_THREE = UserState(user_id="alice", registrations=[PHONE, EMAIL, APP], preferred="sms")
ONE_APP_ALLOWED = attrs.evolve(POLICY, limits=Limits(authenticator_app=1))
APP2 = AuthenticatorApp(id="app2", registered_at=NOW, device_name="iPhone", notifications=True)

CASES: list[tuple[str, Callable[[], object], list[dict[str, object]], list[dict[str, str]]]] = [
    (
        "first register",
        lambda: register(POLICY, NEWCOMER, APP, session=PASSWORD, now=NOW),
        [
            {
                "activity": "User registered security info",
                "result": "success",
                "user_id": "alice",
                "actor": "user",
                "target": "app",
                "reason": "User registered Authenticator app.",
                "details": {
                    "kind": "authenticator_app",
                    "label": "Pixel 9",
                    "methods": "push,authenticator_code",
                    "registration_id": "app",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [{"code": "registration_registered", "message": "The Authenticator app was registered."}],
    ),
    (
        "register after MFA by a method not held",
        lambda: register(POLICY, APP_ONLY, EMAIL, session=FRESH, now=NOW),
        [
            {
                "activity": "User registered security info",
                "result": "failure",
                "user_id": "alice",
                "actor": "user",
                "target": "email",
                "reason": "User failed to register Email.",
                "details": {
                    "address": "a***@example.com",
                    "kind": "email",
                    "methods": "email",
                    "reason_codes": "mfa_not_fresh,step_up_required",
                    "registration_id": "email",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [
            {
                "code": "mfa_not_fresh",
                "message": "The session has no MFA from the last 15 minutes, required for managing "
                "security info.",
            },
            {
                "code": "step_up_required",
                "message": "Complete MFA with one of: push, authenticator_code, then try again.",
            },
        ],
    ),
    (
        "register email completes",
        lambda: register(POLICY, APP_ONLY, EMAIL, session=FRESH_PUSH, now=NOW),
        [
            {
                "activity": "User registered security info",
                "result": "success",
                "user_id": "alice",
                "actor": "user",
                "target": "email",
                "reason": "User registered Email.",
                "details": {
                    "address": "a***@example.com",
                    "kind": "email",
                    "methods": "email",
                    "registration_id": "email",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            },
            {
                "activity": "User registered all required security info",
                "result": "success",
                "user_id": "alice",
                "actor": "user",
                "target": None,
                "reason": "User registered all required security info.",
                "details": {},
                "category": "UserManagement",
                "service": "Authentication Methods",
            },
            {
                "activity": "Default security info reassigned",
                "result": "success",
                "user_id": "alice",
                "actor": "system",
                "target": "push",
                "reason": "Default security info reassigned to Authenticator app notification.",
                "details": {"method": "push"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            },
        ],
        [
            {"code": "registration_registered", "message": "The Email was registered."},
            {"code": "default_reassigned", "message": "The stored default method is now push."},
            {
                "code": "registration_complete",
                "message": "The user registered all required security info.",
            },
        ],
    ),
    (
        "register without mfa",
        lambda: register(POLICY, PHONE_AND_EMAIL, APP, session=PASSWORD, now=NOW),
        [
            {
                "activity": "User registered security info",
                "result": "failure",
                "user_id": "alice",
                "actor": "user",
                "target": "app",
                "reason": "User failed to register Authenticator app.",
                "details": {
                    "kind": "authenticator_app",
                    "label": "Pixel 9",
                    "methods": "push,authenticator_code",
                    "reason_codes": "mfa_not_fresh,step_up_required",
                    "registration_id": "app",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [
            {
                "code": "mfa_not_fresh",
                "message": "The session has no MFA from the last 15 minutes, required for managing "
                "security info.",
            },
            {
                "code": "step_up_required",
                "message": "Complete MFA with one of: sms, voice_mobile, then try again.",
            },
        ],
    ),
    (
        "update without mfa",
        lambda: update(
            POLICY,
            PHONE_AND_EMAIL,
            attrs.evolve(EMAIL, address="b@example.com"),
            session=PASSWORD,
            now=NOW,
        ),
        [
            {
                "activity": "User updated security info",
                "result": "failure",
                "user_id": "alice",
                "actor": "user",
                "target": "email",
                "reason": "User failed to update Email.",
                "details": {
                    "address": "b***@example.com",
                    "kind": "email",
                    "methods": "email",
                    "reason_codes": "mfa_not_fresh,step_up_required",
                    "registration_id": "email",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [
            {
                "code": "mfa_not_fresh",
                "message": "The session has no MFA from the last 15 minutes, required for managing "
                "security info.",
            },
            {
                "code": "step_up_required",
                "message": "Complete MFA with one of: sms, voice_mobile, then try again.",
            },
        ],
    ),
    (
        "remove without mfa",
        lambda: remove(POLICY, PHONE_AND_EMAIL, "email", session=PASSWORD, now=NOW),
        [
            {
                "activity": "User deleted security info",
                "result": "failure",
                "user_id": "alice",
                "actor": "user",
                "target": "email",
                "reason": "User failed to delete Email.",
                "details": {
                    "address": "a***@example.com",
                    "kind": "email",
                    "methods": "email",
                    "reason_codes": "mfa_not_fresh,step_up_required",
                    "registration_id": "email",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [
            {
                "code": "mfa_not_fresh",
                "message": "The session has no MFA from the last 15 minutes, required for managing "
                "security info.",
            },
            {
                "code": "step_up_required",
                "message": "Complete MFA with one of: sms, voice_mobile, then try again.",
            },
        ],
    ),
    (
        "admin default",
        lambda: set_default(POLICY, PHONE_AND_EMAIL, "sms", session=None, now=NOW, actor="admin"),
        [
            {
                "activity": "User changed default security info",
                "result": "success",
                "user_id": "alice",
                "actor": "admin",
                "target": "sms",
                "reason": "User changed the default security info for Text a code to +1 XXXXXXXX00",
                "details": {"method": "sms"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [{"code": "default_changed", "message": "The default method is now sms."}],
    ),
    (
        "default refused",
        lambda: set_default(POLICY, PHONE_AND_EMAIL, "push", session=FRESH, now=NOW),
        [
            {
                "activity": "User changed default security info",
                "result": "failure",
                "user_id": "alice",
                "actor": "user",
                "target": "push",
                "reason": "User failed to change the default security info for Authenticator app "
                "notification",
                "details": {"method": "push", "reason_codes": "method_not_usable"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [{"code": "method_not_usable", "message": "push is not usable for MFA by this user now."}],
    ),
    (
        "review",
        lambda: review(POLICY, PHONE_AND_EMAIL, session=FRESH, now=NOW),
        [
            {
                "activity": "User reviewed security info",
                "result": "success",
                "user_id": "alice",
                "actor": "user",
                "target": None,
                "reason": "User successfully reviewed security info.",
                "details": {},
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [{"code": "reviewed", "message": "The user reviewed their security info."}],
    ),
    (
        "review refused",
        lambda: review(POLICY, PHONE_AND_EMAIL, session=PASSWORD, now=NOW),
        [
            {
                "activity": "User reviewed security info",
                "result": "failure",
                "user_id": "alice",
                "actor": "user",
                "target": None,
                "reason": "User failed to review security info.",
                "details": {"reason_codes": "mfa_not_fresh,step_up_required"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [
            {
                "code": "mfa_not_fresh",
                "message": "The session has no MFA from the last 15 minutes, required for managing "
                "security info.",
            },
            {
                "code": "step_up_required",
                "message": "Complete MFA with one of: sms, voice_mobile, then try again.",
            },
        ],
    ),
    (
        "snooze nudge",
        lambda: snooze(POLICY, PHONE_AND_EMAIL, session=FRESH, now=NOW),
        [
            {
                "activity": "User snoozed registration campaign",
                "result": "success",
                "user_id": "alice",
                "actor": "user",
                "target": None,
                "reason": "User snoozed the registration campaign for 3 days.",
                "details": {"snoozes": "1"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [
            {
                "code": "campaign_snooze_recorded",
                "message": "The user snoozed the campaign (1 so far).",
            }
        ],
    ),
    (
        "snooze exhausted",
        lambda: snooze(POLICY, SNOOZED_OUT, session=FRESH, now=NOW),
        [
            {
                "activity": "User snoozed registration campaign",
                "result": "failure",
                "user_id": "alice",
                "actor": "user",
                "target": None,
                "reason": "User failed to snooze the registration campaign.",
                "details": {"reason_codes": "snoozes_exhausted"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [
            {
                "code": "snoozes_exhausted",
                "message": "The user has used every allowed snooze: setup is required.",
            }
        ],
    ),
    (
        "snooze no nudge",
        lambda: snooze(POLICY, APP_ONLY, session=FRESH, now=NOW),
        [
            {
                "activity": "User snoozed registration campaign",
                "result": "failure",
                "user_id": "alice",
                "actor": "user",
                "target": None,
                "reason": "User failed to snooze the registration campaign.",
                "details": {"reason_codes": "no_nudge"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [{"code": "no_nudge", "message": "The user is not being nudged by the campaign."}],
    ),
    (
        "cancel nudge",
        lambda: cancel(POLICY, PHONE_AND_EMAIL, session=FRESH, now=NOW),
        [
            {
                "activity": "User canceled security info registration",
                "result": "failure",
                "user_id": "alice",
                "actor": "user",
                "target": None,
                "reason": "User failed to cancel security info registration.",
                "details": {"reason_codes": "cancel_not_applicable"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [
            {
                "code": "cancel_not_applicable",
                "message": "A campaign nudge is postponed with snooze, not canceled.",
            }
        ],
    ),
    (
        "cancel nothing",
        lambda: cancel(POLICY, REVIEWED, session=FRESH, now=NOW),
        [
            {
                "activity": "User canceled security info registration",
                "result": "failure",
                "user_id": "alice",
                "actor": "user",
                "target": None,
                "reason": "User failed to cancel security info registration.",
                "details": {"reason_codes": "nothing_to_cancel"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [{"code": "nothing_to_cancel", "message": "The user has no prompt to cancel."}],
    ),
    (
        "rereg admin",
        lambda: require_reregistration(POLICY, PHONE_AND_EMAIL, now=NOW),
        [
            {
                "activity": "Admin deleted security info",
                "result": "success",
                "user_id": "alice",
                "actor": "admin",
                "target": "phone",
                "reason": "Admin deleted Phone.",
                "details": {
                    "kind": "mobile_phone",
                    "methods": "sms,voice_mobile",
                    "number": "+1 XXXXXXXX00",
                    "registration_id": "phone",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [
            {
                "code": "reregistration_required",
                "message": "1 registration deleted: the user must register MFA again.",
            }
        ],
    ),
    (
        "rereg user",
        lambda: require_reregistration(POLICY, PHONE_AND_EMAIL, now=NOW, actor=Actor.USER),
        [
            {
                "activity": "User deleted security info",
                "result": "failure",
                "user_id": "alice",
                "actor": "user",
                "target": None,
                "reason": "User failed to require re-registration of security info.",
                "details": {"reason_codes": "admin_only_action"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [
            {
                "code": "admin_only_action",
                "message": "Only an administrator may require a user to register MFA again.",
            }
        ],
    ),
    (
        "policy changed",
        lambda: policy_changed(POLICY, WITHOUT_SMS, ALL_THREE, now=NOW),
        [
            {
                "activity": "Security info became unusable",
                "result": "success",
                "user_id": "alice",
                "actor": "system",
                "target": "phone",
                "reason": "A policy change made Phone unusable for "
                "sms:mfa,sms:sspr,voice_mobile:sspr.",
                "details": {
                    "changed": "sms:mfa,sms:sspr,voice_mobile:sspr",
                    "kind": "mobile_phone",
                    "methods": "sms,voice_mobile",
                    "number": "+1 XXXXXXXX00",
                    "registration_id": "phone",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            },
            {
                "activity": "Default security info reassigned",
                "result": "success",
                "user_id": "alice",
                "actor": "system",
                "target": "push",
                "reason": "Default security info reassigned to Authenticator app notification.",
                "details": {"method": "push", "previous": "sms"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            },
        ],
        [],
    ),
    (
        "policy changed back",
        lambda: policy_changed(WITHOUT_SMS, POLICY, ALL_THREE, now=NOW),
        [
            {
                "activity": "Security info became usable",
                "result": "success",
                "user_id": "alice",
                "actor": "system",
                "target": "phone",
                "reason": "A policy change made Phone usable for "
                "sms:mfa,sms:sspr,voice_mobile:sspr.",
                "details": {
                    "changed": "sms:mfa,sms:sspr,voice_mobile:sspr",
                    "kind": "mobile_phone",
                    "methods": "sms,voice_mobile",
                    "number": "+1 XXXXXXXX00",
                    "registration_id": "phone",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            },
            {
                "activity": "Default security info reassigned",
                "result": "success",
                "user_id": "alice",
                "actor": "system",
                "target": "sms",
                "reason": "Default security info reassigned to Text a code to +1 XXXXXXXX00.",
                "details": {"method": "sms", "previous": "push"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            },
        ],
        [],
    ),
    (
        "an administrator registers a passkey",
        lambda: register(
            POLICY,
            PHONE_AND_EMAIL,
            Passkey(id="pk", registered_at=NOW, name="YubiKey"),
            session=None,
            now=NOW,
            actor="admin",
        ),
        [
            {
                "activity": "Admin registered security info",
                "result": "success",
                "user_id": "alice",
                "actor": "admin",
                "target": "pk",
                "reason": "Admin registered Passkey.",
                "details": {
                    "kind": "passkey",
                    "label": "YubiKey",
                    "methods": "passkey",
                    "registration_id": "pk",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [{"code": "registration_registered", "message": "The Passkey was registered."}],
    ),
    (
        "admin register ok",
        lambda: register(POLICY, PHONE_AND_EMAIL, APP, session=None, now=NOW, actor="admin"),
        [
            {
                "activity": "Admin registered security info",
                "result": "success",
                "user_id": "alice",
                "actor": "admin",
                "target": "app",
                "reason": "Admin registered Authenticator app.",
                "details": {
                    "kind": "authenticator_app",
                    "label": "Pixel 9",
                    "methods": "push,authenticator_code",
                    "registration_id": "app",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [{"code": "registration_registered", "message": "The Authenticator app was registered."}],
    ),
    (
        "admin register over limit",
        lambda: register(ONE_APP_ALLOWED, APP_ONLY, APP2, session=None, now=NOW, actor="admin"),
        [
            {
                "activity": "Admin registered security info",
                "result": "failure",
                "user_id": "alice",
                "actor": "admin",
                "target": "app2",
                "reason": "Admin failed to register Authenticator app.",
                "details": {
                    "kind": "authenticator_app",
                    "label": "iPhone",
                    "methods": "push,authenticator_code",
                    "reason_codes": "limit_reached,delete_one_first",
                    "registration_id": "app2",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [
            {
                "code": "limit_reached",
                "message": "The user already holds 1 authenticator app registration; the limit "
                "is 1.",
            },
            {
                "code": "delete_one_first",
                "message": "Delete an authenticator app registration first.",
            },
        ],
    ),
    (
        "admin default refused",
        lambda: set_default(POLICY, PHONE_AND_EMAIL, "push", session=None, now=NOW, actor="admin"),
        [
            {
                "activity": "User changed default security info",
                "result": "failure",
                "user_id": "alice",
                "actor": "admin",
                "target": "push",
                "reason": "User failed to change the default security info for Authenticator app "
                "notification",
                "details": {"method": "push", "reason_codes": "method_not_usable"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            }
        ],
        [{"code": "method_not_usable", "message": "push is not usable for MFA by this user now."}],
    ),
    (
        "admin completes registration",
        lambda: register(POLICY, APP_ONLY, EMAIL, session=None, now=NOW, actor="admin"),
        [
            {
                "activity": "Admin registered security info",
                "result": "success",
                "user_id": "alice",
                "actor": "admin",
                "target": "email",
                "reason": "Admin registered Email.",
                "details": {
                    "address": "a***@example.com",
                    "kind": "email",
                    "methods": "email",
                    "registration_id": "email",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            },
            {
                "activity": "Default security info reassigned",
                "result": "success",
                "user_id": "alice",
                "actor": "system",
                "target": "push",
                "reason": "Default security info reassigned to Authenticator app notification.",
                "details": {"method": "push"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            },
        ],
        [
            {"code": "registration_registered", "message": "The Email was registered."},
            {"code": "default_reassigned", "message": "The stored default method is now push."},
        ],
    ),
    (
        "policy change: app unusable",
        lambda: policy_changed(POLICY, WITHOUT_APP, APP_ONLY, now=NOW),
        [
            {
                "activity": "Security info became unusable",
                "result": "success",
                "user_id": "alice",
                "actor": "system",
                "target": "app",
                "reason": "A policy change made Authenticator app unusable for "
                "push:mfa,push:sspr,authenticator_code:mfa,authenticator_code:sspr.",
                "details": {
                    "changed": "push:mfa,push:sspr,authenticator_code:mfa,authenticator_code:sspr",
                    "kind": "authenticator_app",
                    "label": "Pixel 9",
                    "methods": "push,authenticator_code",
                    "registration_id": "app",
                },
                "category": "UserManagement",
                "service": "Authentication Methods",
            },
            {
                "activity": "Default security info reassigned",
                "result": "success",
                "user_id": "alice",
                "actor": "system",
                "target": None,
                "reason": "Default security info cleared: no method can be the default.",
                "details": {"method": "", "previous": "push"},
                "category": "UserManagement",
                "service": "Authentication Methods",
            },
        ],
        [],
    ),
]


@pytest.mark.parametrize(
    ("call", "events", "reasons"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_every_event_and_reason_word_for_word(
    call: Callable[[], object], events: list[dict[str, object]], reasons: list[dict[str, str]]
) -> None:
    change = call()
    made = change if isinstance(change, tuple) else change.events  # type: ignore[attr-defined]
    assert [event.at for event in made] == [NOW] * len(made)
    assert [{k: v for k, v in event.to_dict().items() if k != "at"} for event in made] == events
    said = () if isinstance(change, tuple) else change.reasons  # type: ignore[attr-defined]
    assert [reason.to_dict() for reason in said] == reasons
