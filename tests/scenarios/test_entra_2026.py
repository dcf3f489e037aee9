"""Entra conformance for today's Entra (rules R16–R23, docs/rules.md): each test names the
Entra scenario it comes from (Microsoft's Entra documentation, 2025–2026), then states the
policy, the user, the session and the expected outcome.

Sections are per rule so that the rules' tests can grow side by side.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs
import pytest

from secinfo import (
    Action,
    Activity,
    Actor,
    DefaultSource,
    ExternalAuthentication,
    GateOutcome,
    InvalidArgument,
    InvalidDocument,
    KeyRestrictions,
    Method,
    MethodSetting,
    Passkey,
    Purpose,
    ReasonCode,
    SystemPreferred,
    TenantPolicy,
    default_method,
    dump_policy,
    load_policy,
    load_user,
    mfa_count,
    policy_changed,
    register,
    remove,
    required_registrations,
    step_up,
    update,
    usable_methods,
)
from secinfo.results import PromptMode

from .._gate import (
    EARLIER,
    NOW,
    app,
    enforced,
    hello,
    mfa_session,
    mobile,
    password_session,
    settings,
    tap,
    tap_session,
    user,
)

YUBIKEY = "cb69481e-8ff7-4039-93ec-0a2729a154a8"
AUTHENTICATOR_IOS = "90a3ccdf-635c-4729-a248-9b709135078f"
CONTOSO = "0b1c2d3e-contoso-mfa"
FABRIKAM = "fabrikam-mfa"


def passkey(rid: str = "pk1", *, aaguid: str | None = None) -> Passkey:
    return Passkey(id=rid, registered_at=EARLIER, name="Security key", aaguid=aaguid)


def eam(
    rid: str = "x1", *, provider: str = CONTOSO, display_name: str = "Contoso MFA"
) -> ExternalAuthentication:
    return ExternalAuthentication(
        id=rid, registered_at=EARLIER, provider=provider, display_name=display_name
    )


def tenant(
    *methods: Method, own: dict[Method, dict[str, Any]] | None = None, **kwargs: Any
) -> TenantPolicy:
    """A policy enabling *methods* for every purpose they serve, for everyone, with the
    methods' own settings from *own*."""
    own = own or {}
    listed = [attrs.evolve(s, **own.get(s.method, {})) for s in settings(methods)]
    return TenantPolicy(methods=listed, **kwargs)


MFA = Purpose.MFA
A, S, D = GateOutcome.ALLOW, GateOutcome.STEP_UP, GateOutcome.DENY


# ============================================================================================
# R16 Windows Hello for Business: MFA only beside a usable passkey, never the default
# Source: authentication methods overview (concept-authentication-methods, 2025-11), footnote 1:
# Windows Hello for Business serves as step-up MFA only through FIDO2, for users enabled for
# passkeys who have one registered. System-preferred MFA's order has no Windows Hello.
# ============================================================================================

HELLO_AND_PASSKEY = tenant(Method.PASSKEY, Method.WINDOWS_HELLO, Method.SMS, mfa=enforced())


def test_r16_windows_hello_alone_is_no_mfa_method() -> None:
    """A user who set up only Windows Hello (no passkey): Entra does not accept it as MFA,
    so MFA registration is still required."""
    u = user(hello())
    assert usable_methods(HELLO_AND_PASSKEY, u, MFA, now=NOW) == frozenset()
    assert mfa_count(HELLO_AND_PASSKEY, u, now=NOW) == 0
    prompt = required_registrations(HELLO_AND_PASSKEY, u, now=NOW)
    assert prompt.mode is PromptMode.INTERRUPT


def test_r16_windows_hello_beside_a_passkey_is_mfa_and_listed_for_step_up() -> None:
    """Enabled for passkeys with one registered: Windows Hello is an MFA method (step-up lists
    it after the default) and counts as an independent registration."""
    u = user(passkey(), hello())
    assert usable_methods(HELLO_AND_PASSKEY, u, MFA, now=NOW) == {
        Method.PASSKEY,
        Method.WINDOWS_HELLO,
    }
    assert mfa_count(HELLO_AND_PASSKEY, u, now=NOW) == 2
    gate = step_up(HELLO_AND_PASSKEY, u, Action.VIEW, session=password_session(), now=NOW)
    assert (gate.outcome, gate.methods) == (S, (Method.PASSKEY, Method.WINDOWS_HELLO))


@pytest.mark.parametrize(
    ("passkey_setting", "held"),
    [
        ({"mfa": False}, passkey()),  # passkeys not enabled for the user
        ({"exclude": frozenset({"all"})}, passkey()),  # the user is excluded from passkeys
        (  # the user's passkey is not permitted by the key restrictions (R19)
            {"key_restrictions": KeyRestrictions(enforcement="allow", aaguids=[YUBIKEY])},
            passkey(aaguid=AUTHENTICATOR_IOS),
        ),
    ],
)
def test_r16_windows_hello_needs_a_passkey_that_is_itself_usable(
    passkey_setting: dict[str, object], held: Passkey
) -> None:
    p = tenant(Method.PASSKEY, Method.WINDOWS_HELLO, own={Method.PASSKEY: passkey_setting})
    assert usable_methods(p, user(held, hello()), MFA, now=NOW) == frozenset()


def test_r16_windows_hello_is_never_the_default() -> None:
    """System-preferred MFA offers the passkey, not Windows Hello; so does the completion rule
    (amends R11)."""
    u = user(hello(), passkey())
    syspref = attrs.evolve(HELLO_AND_PASSKEY, system_preferred=SystemPreferred(enabled=True))
    choice = default_method(syspref, u, now=NOW)
    assert (choice.method, choice.source) == (Method.PASSKEY, DefaultSource.SYSTEM_PREFERRED)
    choice = default_method(HELLO_AND_PASSKEY, u, now=NOW)
    assert (choice.method, choice.source) == (Method.PASSKEY, DefaultSource.COMPLETION)


def test_r16_deleting_the_passkey_takes_windows_hello_with_it() -> None:
    """Two methods required, passkey and Windows Hello held: deleting the passkey would leave
    none (Windows Hello stops counting), so R10 (4) refuses it."""
    p = attrs.evolve(HELLO_AND_PASSKEY, mfa=enforced(2))
    u = user(passkey(), hello())
    gate = step_up(p, u, Action.DELETE, session=mfa_session(method=Method.PASSKEY), now=NOW,
                   target="pk1")  # fmt: skip
    assert gate.outcome is D
    assert gate.reasons[-1].code is ReasonCode.DELETE_BREAKS_MFA_COMPLIANCE
    assert "leave 0 of the 2" in gate.reasons[-1].message


def test_r16_disabling_passkeys_reports_windows_hello_unusable() -> None:
    """An admin turns passkeys off: both the passkey and Windows Hello become unusable."""
    off = tenant(Method.WINDOWS_HELLO, Method.SMS)
    events = policy_changed(HELLO_AND_PASSKEY, off, user(passkey(), hello()), now=NOW)
    unusable = [e.target for e in events if e.activity is Activity.BECAME_UNUSABLE]
    assert unusable == ["pk1", "wh1"]


# ============================================================================================
# R17 External authentication methods (EAM, "External MFA")
# Source: how-to-authentication-external-method-manage (2024–2025, "Authentication method
# registration for EAMs": since Sept 2025 users register the EAM in Security info or the
# wizard, or an admin does); concept-system-preferred-multifactor-authentication (2025-03):
# TAP > passkey > EAM > Authenticator push > …
# ============================================================================================

EAM_POLICY = tenant(
    Method.EXTERNAL_AUTHENTICATION,
    Method.PUSH,
    Method.AUTHENTICATOR_CODE,
    Method.PASSKEY,
    own={Method.EXTERNAL_AUTHENTICATION: {"providers": frozenset({CONTOSO, FABRIKAM})}},
    mfa=enforced(),
)


def test_r17_eam_is_usable_only_while_its_provider_is_listed() -> None:
    u = user(eam(), eam("x2", provider="retired-provider"))
    assert usable_methods(EAM_POLICY, u, MFA, now=NOW) == {Method.EXTERNAL_AUTHENTICATION}
    assert mfa_count(EAM_POLICY, u, now=NOW) == 1
    unlisted = tenant(Method.EXTERNAL_AUTHENTICATION)  # providers [] by default
    assert usable_methods(unlisted, u, MFA, now=NOW) == frozenset()


def test_r17_a_user_registers_an_eam_in_the_wizard() -> None:
    """A new user, MFA enforced, EAM enabled: the interrupt offers it (after passkey, before
    push), and registering it ends the interrupt; the event names it by its display name,
    escaped."""
    prompt = required_registrations(EAM_POLICY, user(), now=NOW, session=password_session())
    assert prompt.mode is PromptMode.INTERRUPT
    assert prompt.slots[0].choices == (
        Method.PASSKEY,
        Method.EXTERNAL_AUTHENTICATION,
        Method.PUSH,
        Method.AUTHENTICATOR_CODE,
    )
    change = register(EAM_POLICY, user(), eam(display_name="Contoso\nMFA"),
                      session=password_session(), now=NOW)  # fmt: skip
    assert change.allowed
    assert change.events[0].reason == "User registered Contoso\\x0aMFA."
    assert dict(change.events[0].details)["label"] == "Contoso\\x0aMFA"
    assert required_registrations(EAM_POLICY, change.user, now=NOW).mode is PromptMode.NONE


def test_r17_no_provider_listed_means_no_eam_in_the_wizard() -> None:
    p = tenant(Method.EXTERNAL_AUTHENTICATION, Method.PUSH, mfa=enforced())
    prompt = required_registrations(p, user(), now=NOW)
    assert Method.EXTERNAL_AUTHENTICATION not in prompt.slots[0].choices


@pytest.mark.parametrize("actor", [Actor.USER, Actor.ADMIN])
def test_r17_one_registration_per_provider(actor: Actor) -> None:
    """A second registration of the same provider is a structural denial, for users and
    admins; another listed provider is fine and counts as a second independent method."""
    u = user(eam())
    session = None if actor is Actor.ADMIN else mfa_session(method=Method.EXTERNAL_AUTHENTICATION)
    again = register(EAM_POLICY, u, eam("x2"), session=session, now=NOW, actor=actor)
    assert not again.allowed
    assert again.reasons[0].code is ReasonCode.DUPLICATE_PROVIDER
    assert len(again.events) == 1
    other = register(EAM_POLICY, u, eam("x2", provider=FABRIKAM, display_name="Fabrikam"),
                     session=session, now=NOW, actor=actor)  # fmt: skip
    assert other.allowed
    assert mfa_count(EAM_POLICY, other.user, now=NOW) == 2


def test_r17_updating_an_eam_onto_another_held_provider_is_denied() -> None:
    u = user(eam(), eam("x2", provider=FABRIKAM))
    session = mfa_session(method=Method.EXTERNAL_AUTHENTICATION)
    change = update(EAM_POLICY, u, eam("x2", provider=CONTOSO), session=session, now=NOW)
    assert change.reasons[0].code is ReasonCode.DUPLICATE_PROVIDER


def test_r17_wizard_stops_offering_eam_once_every_provider_is_held() -> None:
    p = attrs.evolve(EAM_POLICY, mfa=enforced(2))
    u = user(eam(), eam("x2", provider=FABRIKAM, display_name="Fabrikam"))
    assert mfa_count(p, u, now=NOW) == 2
    one = user(eam())
    prompt = required_registrations(
        p, one, now=NOW, session=mfa_session(method=Method.EXTERNAL_AUTHENTICATION)
    )
    assert Method.EXTERNAL_AUTHENTICATION in prompt.slots[0].choices  # Fabrikam is still free
    only_contoso = tenant(
        Method.EXTERNAL_AUTHENTICATION,
        Method.PUSH,
        own={Method.EXTERNAL_AUTHENTICATION: {"providers": frozenset({CONTOSO})}},
        mfa=enforced(2),
    )
    prompt = required_registrations(only_contoso, one, now=NOW)
    assert Method.EXTERNAL_AUTHENTICATION not in prompt.slots[0].choices


def test_r17_system_preferred_order_puts_eam_after_passkey_and_before_push() -> None:
    syspref = attrs.evolve(EAM_POLICY, system_preferred=SystemPreferred(enabled=True))
    assert (
        default_method(syspref, user(app(), eam()), now=NOW).method
        is Method.EXTERNAL_AUTHENTICATION
    )
    assert default_method(syspref, user(app(), eam(), passkey()), now=NOW).method is Method.PASSKEY
    # Without system-preferred MFA the completion rule still prefers the app.
    assert default_method(EAM_POLICY, user(app(), eam()), now=NOW).method is Method.PUSH


def test_r17_eam_step_up_lists_it() -> None:
    gate = step_up(EAM_POLICY, user(eam()), Action.VIEW, session=password_session(), now=NOW)
    assert (gate.outcome, gate.methods) == (S, (Method.EXTERNAL_AUTHENTICATION,))


def test_r17_documents_carry_providers_and_the_kind() -> None:
    doc = {
        "schema": "secinfo/policy/1",
        "methods": {"external_authentication": {"mfa": True, "providers": [CONTOSO]}},
    }
    p = load_policy(doc)
    assert p.settings_of(Method.EXTERNAL_AUTHENTICATION).providers == {CONTOSO}
    assert dump_policy(p)["methods"]["external_authentication"]["providers"] == [CONTOSO]
    with pytest.raises(InvalidDocument, match=r"^methods\.sms\.providers: unknown key"):
        load_policy({"schema": "secinfo/policy/1", "methods": {"sms": {"providers": []}}})
    u = load_user({"schema": "secinfo/user/1", "user_id": "u1", "registrations": [
        {"kind": "external_authentication", "id": "x1", "registered_at": "2026-01-05T09:00:00Z",
         "provider": CONTOSO, "display_name": "Contoso MFA"}]})  # fmt: skip
    assert u.registrations == (eam(),)


# ============================================================================================
# R19 Passkey key restrictions (passkey profiles, AAGUID allow/block)
# Source: how-to-authentication-passkey-profiles (2026-03): "Enforce key restrictions" with an
# allow or block list of AAGUIDs; a key the restrictions exclude cannot be registered, and
# existing ones stop working for sign-in.
# ============================================================================================

ALLOW_YUBIKEY = KeyRestrictions(enforcement="allow", aaguids=[YUBIKEY])
BLOCK_YUBIKEY = KeyRestrictions(enforcement="block", aaguids=[YUBIKEY])


def restricted(restrictions: KeyRestrictions | None) -> TenantPolicy:
    return tenant(
        Method.PASSKEY,
        Method.PUSH,
        own={Method.PASSKEY: {"key_restrictions": restrictions}},
        mfa=enforced(),
    )


@pytest.mark.parametrize(
    ("restrictions", "aaguid", "usable"),
    [
        (None, None, True),
        (None, AUTHENTICATOR_IOS, True),
        (ALLOW_YUBIKEY, YUBIKEY, True),
        (ALLOW_YUBIKEY, AUTHENTICATOR_IOS, False),
        (ALLOW_YUBIKEY, None, False),  # an unknown AAGUID is not listed
        (BLOCK_YUBIKEY, YUBIKEY, False),
        (BLOCK_YUBIKEY, AUTHENTICATOR_IOS, True),
        (BLOCK_YUBIKEY, None, True),
    ],
)
def test_r19_key_restrictions_decide_usability(
    restrictions: KeyRestrictions | None, aaguid: str | None, usable: bool
) -> None:
    methods = usable_methods(restricted(restrictions), user(passkey(aaguid=aaguid)), MFA, now=NOW)
    assert (Method.PASSKEY in methods) is usable


@pytest.mark.parametrize("actor", [Actor.USER, Actor.ADMIN])
def test_r19_registering_a_restricted_passkey_is_denied(actor: Actor) -> None:
    session = None if actor is Actor.ADMIN else mfa_session()
    u = user(app())
    for restrictions, aaguid in ((ALLOW_YUBIKEY, None), (BLOCK_YUBIKEY, YUBIKEY.upper())):
        change = register(restricted(restrictions), u, passkey("pk9", aaguid=aaguid),
                          session=session, now=NOW, actor=actor)  # fmt: skip
        assert not change.allowed
        assert change.reasons[0].code is ReasonCode.PASSKEY_KEY_RESTRICTED
        assert change.reasons[1].code is ReasonCode.USE_PERMITTED_PASSKEY
        assert change.user == u
    allowed = register(restricted(ALLOW_YUBIKEY), u, passkey("pk9", aaguid=YUBIKEY),
                       session=session, now=NOW, actor=actor)  # fmt: skip
    assert allowed.allowed


def test_r19_updating_a_passkey_to_a_restricted_model_is_denied() -> None:
    u = user(app(), passkey(aaguid=YUBIKEY))
    change = update(restricted(ALLOW_YUBIKEY), u, passkey(aaguid=None),
                    session=mfa_session(), now=NOW)  # fmt: skip
    assert change.reasons[0].code is ReasonCode.PASSKEY_KEY_RESTRICTED


def test_r19_new_restrictions_make_existing_passkeys_unusable_without_deleting_them() -> None:
    u = user(app(), passkey(aaguid=AUTHENTICATOR_IOS))
    events = policy_changed(restricted(None), restricted(ALLOW_YUBIKEY), u, now=NOW)
    assert [(e.activity, e.target) for e in events] == [(Activity.BECAME_UNUSABLE, "pk1")]
    assert "passkey:mfa" in events[0].reason


def test_r19_an_empty_allow_list_offers_no_passkey_in_the_wizard() -> None:
    nothing = KeyRestrictions(enforcement="allow", aaguids=[])
    prompt = required_registrations(restricted(nothing), user(), now=NOW)
    assert prompt.slots[0].choices == (Method.PUSH,)
    prompt = required_registrations(restricted(ALLOW_YUBIKEY), user(), now=NOW)
    assert prompt.slots[0].choices == (Method.PASSKEY, Method.PUSH)


def test_r19_aaguids_are_guids_kept_in_lower_case() -> None:
    assert passkey(aaguid=YUBIKEY.upper()).aaguid == YUBIKEY
    with pytest.raises(InvalidArgument, match="aaguid"):
        passkey(aaguid="not-a-guid")
    with pytest.raises(
        InvalidDocument, match=r"^registrations\.0\.aaguid: 'yubikey' is not a GUID"
    ):
        load_user({"schema": "secinfo/user/1", "user_id": "u1", "registrations": [
            {"kind": "passkey", "id": "p1", "registered_at": "2026-01-05T09:00:00Z",
             "name": "Key", "aaguid": "yubikey"}]})  # fmt: skip
    block = {"enforcement": "block", "aaguids": [YUBIKEY.upper()]}
    doc = {"schema": "secinfo/policy/1", "methods": {"passkey": {"key_restrictions": block}}}
    p = load_policy(doc)
    assert p.settings_of(Method.PASSKEY).key_restrictions == BLOCK_YUBIKEY
    assert dump_policy(p)["methods"]["passkey"]["key_restrictions"] == {
        "enforcement": "block",
        "aaguids": [YUBIKEY],
    }
    with pytest.raises(InvalidDocument, match=r"key_restrictions\.enforcement"):
        load_policy({"schema": "secinfo/policy/1", "methods": {"passkey": {
            "key_restrictions": {"enforcement": "deny", "aaguids": []}}}})  # fmt: skip


def test_r18_self_service_is_a_passkey_document_key_defaulting_to_true() -> None:
    """The key only (its behaviour is R18's): v1 documents mean true, dumps write it."""
    p = load_policy({"schema": "secinfo/policy/1", "methods": {"passkey": {"mfa": True}}})
    assert p.settings_of(Method.PASSKEY).self_service is True
    off = load_policy({"schema": "secinfo/policy/1",
                       "methods": {"passkey": {"mfa": True, "self_service": False}}})  # fmt: skip
    assert dump_policy(off)["methods"]["passkey"]["self_service"] is False
    with pytest.raises(InvalidArgument, match="self_service: applies only to passkey"):
        MethodSetting(method=Method.SMS, self_service=False)


# ============================================================================================
# R20 Temporary Access Pass policy
# Source: howto-authentication-temporary-access-pass (lifetimes 10 minutes to 30 days, tenant
# default minimum 1 hour and maximum 8 hours; "one-time use" enforcement; "tokens end when the
# pass expires").
# ============================================================================================

TAP_POLICY = tenant(Method.TEMPORARY_ACCESS_PASS, Method.PUSH, Method.AUTHENTICATOR_CODE)


def tap_policy(**own: object) -> TenantPolicy:
    return tenant(
        Method.TEMPORARY_ACCESS_PASS,
        Method.PUSH,
        Method.AUTHENTICATOR_CODE,
        own={Method.TEMPORARY_ACCESS_PASS: own},
    )


@pytest.mark.parametrize(
    ("own", "lifetime", "allowed"),
    [
        ({}, timedelta(minutes=59, seconds=59), False),
        ({}, timedelta(minutes=60), True),
        ({}, timedelta(hours=8), True),
        ({}, timedelta(hours=8, seconds=1), False),
        ({"min_minutes": 10}, timedelta(minutes=10), True),
        ({"max_minutes": 43_200}, timedelta(days=30), True),
        ({"max_minutes": 43_200}, timedelta(days=30, seconds=1), False),
    ],
)
def test_r20_an_admin_issues_a_pass_within_the_lifetime_bounds(
    own: dict[str, object], lifetime: timedelta, allowed: bool
) -> None:
    issued = tap("tap9", starts_at=NOW, lifetime=lifetime)
    change = register(tap_policy(**own), user(app()), issued, session=None, now=NOW,
                      actor=Actor.ADMIN)  # fmt: skip
    assert change.allowed is allowed
    if not allowed:
        assert [r.code for r in change.reasons] == [
            ReasonCode.TAP_LIFETIME,
            ReasonCode.CHOOSE_TAP_LIFETIME,
        ]


def test_r20_one_time_only_refuses_multi_use_passes() -> None:
    p = tap_policy(one_time_only=True)
    multi = register(p, user(app()), tap("tap9", starts_at=NOW), session=None, now=NOW,
                     actor=Actor.ADMIN)  # fmt: skip
    assert [r.code for r in multi.reasons] == [
        ReasonCode.TAP_ONE_TIME_ONLY,
        ReasonCode.ISSUE_ONE_TIME_PASS,
    ]
    once = register(p, user(app()), tap("tap9", starts_at=NOW, one_time=True), session=None,
                    now=NOW, actor=Actor.ADMIN)  # fmt: skip
    assert once.allowed


def test_r20_a_multi_use_pass_is_unusable_while_one_time_only() -> None:
    """A multi-use pass issued before the tenant enforced one-time use stops working: it is not
    usable, and a TAP bootstrap does not accept a sign-in with it."""
    held = tap()
    assert Method.TEMPORARY_ACCESS_PASS in usable_methods(TAP_POLICY, user(held), MFA, now=NOW)
    strict = tap_policy(one_time_only=True)
    assert usable_methods(strict, user(held), MFA, now=NOW) == frozenset()
    bootstrap = attrs.evolve(strict, bootstrap="temporary_access_pass")
    gate = step_up(bootstrap, user(held), Action.ADD, session=tap_session(), now=NOW,
                   target=app("new"))  # fmt: skip
    assert gate.outcome is D
    events = policy_changed(TAP_POLICY, strict, user(held), now=NOW)
    assert [e.activity for e in events] == [Activity.BECAME_UNUSABLE, Activity.DEFAULT_REASSIGNED]


@pytest.mark.parametrize(
    ("expires_after_sign_in", "evidence"),
    [
        (timedelta(minutes=30), True),  # still valid now
        (timedelta(minutes=10, seconds=1), True),  # expires one second after now
        (timedelta(minutes=10), False),  # expires exactly now (half-open)
        (timedelta(minutes=5), False),  # expired five minutes ago
    ],
)
def test_r20_tap_sign_in_evidence_ends_when_the_pass_expires(
    expires_after_sign_in: timedelta, evidence: bool
) -> None:
    """Signed in with a TAP 10 minutes ago (fresh within the 15-minute window): the session is
    MFA evidence only while the pass has not expired."""
    signed_in = NOW - timedelta(minutes=10)
    held = tap(starts_at=signed_in - timedelta(minutes=1),
               lifetime=expires_after_sign_in + timedelta(minutes=1), used=True)  # fmt: skip
    gate = step_up(TAP_POLICY, user(app(), held), Action.VIEW,
                   session=tap_session(timedelta(minutes=10)), now=NOW)  # fmt: skip
    assert gate.outcome is (A if evidence else S)


def test_r20_documents_bound_the_lifetimes() -> None:
    base = {"schema": "secinfo/policy/1"}
    p = load_policy({**base, "methods": {"temporary_access_pass": {"mfa": True}}})
    setting = p.settings_of(Method.TEMPORARY_ACCESS_PASS)
    assert (setting.min_minutes, setting.max_minutes, setting.one_time_only) == (60, 480, False)
    for own, message in (
        ({"min_minutes": 9}, r"min_minutes: 9 is out of range \(10–43200\)"),
        ({"max_minutes": 43_201}, r"max_minutes: 43201 is out of range"),
        ({"min_minutes": 600}, r"max_minutes: 480 is below min_minutes \(600\)"),
    ):
        with pytest.raises(InvalidDocument, match=r"^methods\.temporary_access_pass\." + message):
            load_policy({**base, "methods": {"temporary_access_pass": own}})


def test_r20_an_admin_session_is_not_needed_but_users_never_issue_passes() -> None:
    change = register(TAP_POLICY, user(app()), tap("tap9", starts_at=NOW), session=mfa_session(),
                      now=NOW)  # fmt: skip
    assert change.reasons[0].code is ReasonCode.ADMIN_ONLY_KIND


def test_v1_documents_keep_loading_with_the_new_defaults() -> None:
    doc = {
        "schema": "secinfo/policy/1",
        "methods": {m: {"mfa": True} for m in ("passkey", "temporary_access_pass", "sms")},
    }
    p = load_policy(doc)
    assert p.settings_of(Method.PASSKEY).key_restrictions is None
    assert p.settings_of(Method.EXTERNAL_AUTHENTICATION).providers == frozenset()
    assert dump_policy(p)["methods"]["sms"] == {
        "mfa": True,
        "sspr": False,
        "include": ["all"],
        "exclude": [],
    }
    assert load_policy(dump_policy(p)) == p
    u = user(mobile(), passkey())
    assert usable_methods(p, u, MFA, now=NOW) == {Method.PASSKEY, Method.SMS}
    assert remove(p, u, "pk1", session=mfa_session(method=Method.SMS), now=NOW).allowed
