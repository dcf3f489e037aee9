"""The structural denials of R10 (1), R12, R17, R19 and R20, word for word: each refused change
gives one failure event and exactly these two reasons (the denial and its remedy).

Each change is an administrator's, whom no step-up gate stops, so the structural rule alone
decides. Found by a mutation screen of the structural rules (docs/mutation-testing.md).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs
import pytest

from secinfo import (
    AlternatePhone,
    Change,
    Email,
    ExternalAuthentication,
    KeyRestrictions,
    MethodSetting,
    MobilePhone,
    Passkey,
    Registration,
    TemporaryAccessPass,
    TenantPolicy,
    UserState,
)
from secinfo.transitions import register, remove, update

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
PERMITTED = "cb69481e-8ff7-4039-93ec-0a2729a154a8"
OTHER = "00000000-0000-0000-0000-000000000001"
POLICY = TenantPolicy(
    methods=[
        MethodSetting(method="sms", mfa=True),
        MethodSetting(method="voice_alternate", mfa=True),
        MethodSetting(method="email", sspr=True),
        MethodSetting(
            method="passkey",
            mfa=True,
            key_restrictions=KeyRestrictions(enforcement="allow", aaguids=[PERMITTED]),
        ),
        MethodSetting(method="temporary_access_pass", mfa=True, one_time_only=True),
        MethodSetting(method="external_authentication", mfa=True, providers=["contoso"]),
    ]
)
PHONE = MobilePhone(id="phone", registered_at=NOW, number="+16502530000", verified_with="sms")
EMAIL = Email(id="email", registered_at=NOW, address="alice@example.com")
SECOND_EMAIL = Email(id="e2", registered_at=NOW, address="bob@example.com")
EXTERNAL = ExternalAuthentication(
    id="ext", registered_at=NOW, provider="contoso", display_name="Contoso MFA"
)
KEY = Passkey(id="pk", registered_at=NOW, name="YubiKey", aaguid=PERMITTED)
RESTRICTED_KEY = Passkey(id="old", registered_at=NOW, name="Old key", aaguid=OTHER)
USER = UserState(user_id="alice", registrations=[PHONE, EMAIL, EXTERNAL, KEY])


def add(registration: Registration, user: UserState = USER) -> Callable[[], Change]:
    return lambda: register(POLICY, user, registration, session=None, now=NOW, actor="admin")


CASES: list[tuple[str, Callable[[], Change], list[tuple[str, str]]]] = [
    (
        "an alternate phone without a mobile phone (R12)",
        add(
            AlternatePhone(id="alt", registered_at=NOW, number="+16502530001"),
            UserState(user_id="alice"),
        ),
        [
            (
                "alternate_phone_requires_mobile",
                "An alternate phone needs a mobile phone, and the user has none.",
            ),
            ("register_mobile_phone_first", "Register a mobile phone first."),
        ],
    ),
    (
        "a phone number already held",
        add(AlternatePhone(id="alt", registered_at=NOW, number="+16502530000")),
        [
            (
                "duplicate_phone_number",
                "The number +1 XXXXXXXX00 is already registered as another phone.",
            ),
            (
                "use_another_number",
                "Use a number that is not already registered, or update the existing phone.",
            ),
        ],
    ),
    (
        "an email address already held (compared case-insensitively)",
        lambda: update(
            POLICY,
            attrs.evolve(USER, registrations=[*USER.registrations, SECOND_EMAIL]),
            attrs.evolve(SECOND_EMAIL, address="ALICE@example.com"),
            session=None,
            now=NOW,
            actor="admin",
        ),
        [
            ("duplicate_email_address", "The email address is already registered."),
            (
                "use_another_address",
                "Use an address that is not already registered, or update the existing one.",
            ),
        ],
    ),
    (
        "a second method of one provider (R17)",
        add(
            ExternalAuthentication(
                id="ext2", registered_at=NOW, provider="contoso", display_name="Again"
            )
        ),
        [
            (
                "duplicate_provider",
                "An external authentication method of the provider 'contoso' is already "
                "registered.",
            ),
            ("delete_one_first", "Update or delete the registration of that provider instead."),
        ],
    ),
    (
        "a passkey the allow list does not name (R19)",
        add(Passkey(id="pk2", registered_at=NOW, name="Other", aaguid=OTHER)),
        [
            (
                "passkey_key_restricted",
                "The passkey's key restrictions do not permit the authenticator "
                f"{OTHER} (allow list).",
            ),
            ("use_permitted_passkey", "Use a passkey from an authenticator the tenant permits."),
        ],
    ),
    (
        "a passkey of no known authenticator (R19)",
        add(Passkey(id="pk3", registered_at=NOW, name="Other")),
        [
            (
                "passkey_key_restricted",
                "The passkey's key restrictions do not permit an unknown authenticator "
                "(allow list).",
            ),
            ("use_permitted_passkey", "Use a passkey from an authenticator the tenant permits."),
        ],
    ),
    (
        "a multi-use pass under one-time-only (R20)",
        add(
            TemporaryAccessPass(
                id="tap",
                registered_at=NOW,
                starts_at=NOW,
                expires_at=NOW + timedelta(hours=2),
                one_time=False,
            )
        ),
        [
            ("tap_one_time_only", "The policy allows only one-time Temporary Access Passes."),
            ("issue_one_time_pass", "Issue a one-time pass."),
        ],
    ),
]


@pytest.mark.parametrize(
    ("call", "reasons"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_each_denial_and_its_remedy_word_for_word(
    call: Callable[[], Change], reasons: list[tuple[str, str]]
) -> None:
    change = call()
    assert [(reason.code, reason.message) for reason in change.reasons] == reasons
    assert [(e.result.value, e.actor.value) for e in change.events] == [("failure", "admin")]


def test_a_restricted_passkey_may_be_deleted() -> None:
    """Key restrictions refuse adding or updating a passkey, never deleting one (R19)."""
    user = attrs.evolve(USER, registrations=[*USER.registrations, RESTRICTED_KEY])
    change = remove(POLICY, user, "old", session=None, now=NOW, actor="admin")
    assert [r.code for r in change.reasons] == ["registration_deleted"]
    assert "old" not in {r.id for r in change.user.registrations}
