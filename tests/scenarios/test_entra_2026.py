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
    Bootstrap,
    CampaignSettings,
    DefaultSource,
    ExternalAuthentication,
    Gate,
    GateOutcome,
    InvalidArgument,
    InvalidDocument,
    KeyRestrictions,
    Method,
    MethodSetting,
    Passkey,
    PromptMode,
    Purpose,
    ReasonCode,
    Registration,
    RegistrationStrength,
    StepUpSettings,
    SystemPreferred,
    TenantPolicy,
    _evidence,
    default_method,
    dump_policy,
    load_policy,
    load_user,
    mfa_count,
    policy_changed,
    register,
    remove,
    require_reregistration,
    required_registrations,
    step_up,
    update,
    usable_methods,
)

from .._gate import (
    EARLIER,
    NOW,
    app,
    email,
    enforced,
    hardware,
    hello,
    mfa_session,
    mobile,
    office,
    password_session,
    settings,
    software,
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
    """A new user, MFA enforced, EAM enabled: the interrupt offers it (before push; the passkey,
    ranked above it, needs MFA first, R18), and registering it ends the interrupt; the event
    names it by its display name, escaped."""
    prompt = required_registrations(EAM_POLICY, user(), now=NOW, session=password_session())
    assert prompt.mode is PromptMode.INTERRUPT
    assert prompt.slots[0].choices == (
        Method.EXTERNAL_AUTHENTICATION,
        Method.PUSH,
        Method.AUTHENTICATOR_CODE,
    )
    # A user who can already pass MFA is offered the passkey first.
    holder = user(tap())
    tapped = attrs.evolve(
        EAM_POLICY,
        methods=[*EAM_POLICY.methods, *settings([Method.TEMPORARY_ACCESS_PASS])],
    )
    assert required_registrations(tapped, holder, now=NOW, session=tap_session()).slots[0].choices[
        :2
    ] == (Method.PASSKEY, Method.EXTERNAL_AUTHENTICATION)
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
    # Two methods required: the second slot may offer a passkey (the first needs MFA, R18).
    nothing = KeyRestrictions(enforcement="allow", aaguids=[])
    two = attrs.evolve(restricted(nothing), mfa=enforced(2))
    prompt = required_registrations(two, user(), now=NOW)
    assert prompt.slots[1].choices == (Method.PUSH,)
    two = attrs.evolve(restricted(ALLOW_YUBIKEY), mfa=enforced(2))
    prompt = required_registrations(two, user(), now=NOW)
    assert prompt.slots[1].choices == (Method.PASSKEY, Method.PUSH)


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


# ============================================================================================
# R18, R21, R22, R23 (the gate)
# ============================================================================================

ALLOW, STEP_UP, DENY = GateOutcome.ALLOW, GateOutcome.STEP_UP, GateOutcome.DENY
PHISHING_RESISTANT_AND_TAP = ["passkey", "windows_hello", "certificate", "temporary_access_pass"]


def gate_tenant(*, passkey_self_service: bool = True, **kwargs: Any) -> TenantPolicy:
    """Authenticator app, phone, email, passkeys, Windows Hello and the Temporary Access Pass
    enabled for everyone, MFA enforced for everyone; *kwargs* override."""
    methods = [
        attrs.evolve(s, self_service=passkey_self_service) if s.method is Method.PASSKEY else s
        for s in settings(
            [
                Method.TEMPORARY_ACCESS_PASS,
                Method.PASSKEY,
                Method.WINDOWS_HELLO,
                Method.PUSH,
                Method.AUTHENTICATOR_CODE,
                Method.SMS,
                Method.VOICE_MOBILE,
                Method.EMAIL,
            ]
        )
    ]
    return TenantPolicy(**{"methods": methods, "mfa": enforced(), **kwargs})


def remedy(gate: Gate) -> str:
    assert gate.outcome is DENY
    assert gate.remedy is not None
    return str(gate.remedy.code)


def remedy_message(gate: Gate) -> str:
    remedy(gate)
    assert gate.remedy is not None
    return gate.remedy.message


# ============================================================================================
# R18 Passwordless credentials are registered with MFA
# Entra: "MFA is required for all passwordless credential registration"; passkey profiles (MFA
# within the past five minutes before adding or modifying a passkey, "Allow self-service set
# up"); TAP how-to (a one-time pass registers passwordless methods within ten minutes).
# ============================================================================================


def test_r18_a_newcomer_never_adds_a_passkey_on_a_password_alone() -> None:
    # Entra: a user with no MFA method signs in with a password; the passkey needs MFA first.
    p, newcomer, signed_in = gate_tenant(), user(), password_session(timedelta(minutes=1))
    gate = step_up(p, newcomer, Action.ADD, session=signed_in, now=NOW, target=passkey())
    assert remedy(gate) == "register_other_method_first"
    assert gate.reasons[0].code == "passwordless_needs_mfa"
    assert remedy(step_up(p, newcomer, Action.ADD, session=signed_in, now=NOW, target=hello())) == (
        "register_other_method_first"
    )
    # The password bootstrap still lets them register an Authenticator app.
    assert step_up(p, newcomer, Action.ADD, session=signed_in, now=NOW, target=app()).outcome is (
        ALLOW
    )
    change = register(p, newcomer, passkey(), session=signed_in, now=NOW)
    assert not change.allowed
    assert [(e.activity, e.result.value) for e in change.events] == [
        (Activity.USER_REGISTERED, "failure")
    ]


def test_r18_the_remedy_names_only_the_methods_the_policy_offers() -> None:
    # "Register another MFA method first" names what this user may register themselves, never
    # a method the policy does not enable, a passkey or Windows Hello.
    signed_in = password_session(timedelta(minutes=1))

    def message(policy: TenantPolicy) -> str:
        return remedy_message(
            step_up(policy, user(), Action.ADD, session=signed_in, now=NOW, target=passkey())
        )

    everything = message(gate_tenant())
    assert "push" in everything
    assert "sms" in everything
    for refused in ("passkey,", "windows_hello", "temporary_access_pass"):
        assert refused not in everything
    sms_only = message(
        gate_tenant(methods=settings([Method.PASSKEY, Method.WINDOWS_HELLO, Method.SMS]))
    )
    assert "(sms)" in sms_only
    assert "push" not in sms_only
    assert "authenticator" not in sms_only
    nothing_else = message(gate_tenant(methods=settings([Method.PASSKEY, Method.WINDOWS_HELLO])))
    assert "administrator must register" in nothing_else
    assert "(" not in nothing_else


def test_r18_after_the_app_a_passkey_is_added_within_passkey_add_minutes() -> None:
    # Entra: the user registered the app, passes MFA with it and adds the passkey in 5 minutes.
    p, u = gate_tenant(), user(app())
    assert step_up(p, u, Action.ADD, session=mfa_session(timedelta(minutes=5)), now=NOW,
                   target=passkey()).outcome is ALLOW  # fmt: skip
    late = step_up(p, u, Action.ADD, session=mfa_session(timedelta(minutes=6)), now=NOW,
                   target=passkey())  # fmt: skip
    assert (late.outcome, late.methods) == (STEP_UP, (Method.PUSH, Method.AUTHENTICATOR_CODE))


@pytest.mark.parametrize("registration", [passkey(), hello()], ids=["passkey", "windows_hello"])
def test_r18_updating_a_passwordless_credential_needs_mfa_within_passkey_add_minutes(
    registration: Any,
) -> None:
    # Entra passkey profiles: "adding or modifying" a passkey needs MFA in the past 5 minutes.
    p = gate_tenant()
    u = user(app(), passkey(), hello())
    renamed = attrs.evolve(registration, registered_at=EARLIER + timedelta(days=1))
    six = mfa_session(timedelta(minutes=6))
    assert step_up(p, u, Action.UPDATE, session=six, now=NOW, target=renamed).outcome is STEP_UP
    four = mfa_session(timedelta(minutes=4))
    assert step_up(p, u, Action.UPDATE, session=four, now=NOW, target=renamed).outcome is ALLOW
    assert update(p, u, renamed, session=four, now=NOW).allowed
    # Deleting one needs only the session window.
    assert step_up(p, u, Action.DELETE, session=six, now=NOW, target=registration.id).outcome is (
        ALLOW
    )


def test_r18_a_one_time_pass_serves_ten_minutes_for_a_passkey() -> None:
    # Entra TAP how-to: after signing in with a one-time pass, the user has 10 minutes to
    # register a passwordless method.
    p = gate_tenant(bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS)
    u = user(tap(one_time=True, used=True))  # the sign-in spent the pass
    nine = tap_session(timedelta(minutes=9))
    assert step_up(p, u, Action.ADD, session=nine, now=NOW, target=passkey()).outcome is ALLOW
    assert register(p, u, passkey(), session=nine, now=NOW).allowed
    eleven = tap_session(timedelta(minutes=11))
    gate = step_up(p, u, Action.ADD, session=eleven, now=NOW, target=passkey())
    # The remedy does not tell someone who just used a pass that an administrator issues one:
    # the sign-in still serves (session_minutes) for another method, which then serves as MFA.
    assert remedy(gate) == "register_other_method_first"
    assert "issue" not in remedy_message(gate).lower()
    assert step_up(p, u, Action.ADD, session=eleven, now=NOW, target=app()).outcome is ALLOW


def test_r18_a_one_time_pass_sign_in_names_its_ten_minutes_in_the_reason() -> None:
    # The user holds an app too, so the evidence decides (R10 (3)): the one-time pass's sign-in
    # 8 minutes ago serves for the passkey, and the reason names the pass's 10 minutes, not
    # passkey_add_minutes (5).
    p = gate_tenant()
    u = user(app(), tap(one_time=True, used=True))
    eight = tap_session(timedelta(minutes=8))
    gate = step_up(p, u, Action.ADD, session=eight, now=NOW, target=passkey())
    assert gate.outcome is ALLOW
    assert [(r.code, r.message) for r in gate.reasons] == [
        (
            "mfa_fresh",
            "The session used a Temporary Access Pass in the last 10 minutes, which serves as MFA.",
        )
    ]
    # Past the 10 minutes: a step-up whose reason names both windows.
    late = step_up(p, u, Action.ADD, session=tap_session(timedelta(minutes=11)), now=NOW,
                   target=passkey())  # fmt: skip
    assert late.outcome is STEP_UP
    assert [(r.code, r.message) for r in late.reasons] == [
        (
            "mfa_not_fresh",
            "The session has no MFA from the last 5 minutes (nor a Temporary Access Pass "
            "sign-in from the last 10 minutes), required for adding or updating a passkey.",
        )
    ]
    # Another method: the session window (15 minutes), for MFA and pass alike.
    other = step_up(p, u, Action.ADD, session=tap_session(timedelta(minutes=11)), now=NOW,
                    target=email())  # fmt: skip
    assert [r.message for r in other.reasons] == [
        "The session used a Temporary Access Pass in the last 15 minutes, which serves as MFA."
    ]


@pytest.mark.parametrize(("window", "words"), [(1, "1 minute"), (2, "2 minutes")])
def test_the_evidence_window_is_pluralised(window: int, words: str) -> None:
    p = attrs.evolve(gate_tenant(), step_up=StepUpSettings(session_minutes=window))
    u = user(app())
    fresh_gate = step_up(p, u, Action.VIEW, session=mfa_session(timedelta(0)), now=NOW)
    assert fresh_gate.reasons[0].message == f"The session has MFA from the last {words}."
    stale = step_up(p, u, Action.VIEW, session=mfa_session(timedelta(minutes=3)), now=NOW)
    assert stale.reasons[0].message == (
        f"The session has no MFA from the last {words}, required for managing security info."
    )


def test_r18_a_multi_use_pass_serves_passkey_add_minutes() -> None:
    p = gate_tenant(bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS)
    u = user(tap(one_time=False))  # still active, so it is a usable MFA method: step-up
    five = tap_session(timedelta(minutes=5))
    assert step_up(p, u, Action.ADD, session=five, now=NOW, target=passkey()).outcome is ALLOW
    gate = step_up(p, u, Action.ADD, session=tap_session(timedelta(minutes=6)), now=NOW,
                   target=passkey())  # fmt: skip
    assert (gate.outcome, gate.methods) == (STEP_UP, (Method.TEMPORARY_ACCESS_PASS,))


@pytest.mark.parametrize(
    ("pass_", "expected"),
    [
        (tap(one_time=True, used=True), "temporary_access_pass_spent"),
        # active at the sign-in 20 minutes ago, expired since
        (tap(starts_at=NOW - timedelta(minutes=70)), "temporary_access_pass_spent"),
        (None, "issue_temporary_access_pass"),
    ],
    ids=["one-time-spent", "expired", "never-signed-in-with-a-pass"],
)
def test_r18_the_remedy_after_a_stale_pass_sign_in(pass_: Any, expected: str) -> None:
    # Entra TAP bootstrap: a user whose pass sign-in no longer serves is told what happened to
    # their pass, not asked for a pass as if they never had one.
    p = gate_tenant(bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS)
    u = user() if pass_ is None else user(pass_)
    old = tap_session(timedelta(minutes=20))
    gate = step_up(p, u, Action.VIEW, session=old, now=NOW)
    assert remedy(gate) == expected


def test_r18_a_still_valid_multi_use_pass_is_a_step_up_not_a_denial() -> None:
    p = gate_tenant(bootstrap=Bootstrap.TEMPORARY_ACCESS_PASS)
    gate = step_up(p, user(tap()), Action.VIEW, session=tap_session(timedelta(minutes=20)), now=NOW)
    assert (gate.outcome, gate.methods) == (STEP_UP, (Method.TEMPORARY_ACCESS_PASS,))


def test_r18_a_passkey_is_a_slot_choice_only_for_a_user_who_can_pass_mfa() -> None:
    # Entra's interrupt registers a passkey only after MFA (or with a TAP sign-in).
    p = gate_tenant()
    newcomer = required_registrations(p, user(), now=NOW, session=password_session())
    assert Method.PASSKEY not in newcomer.slots[0].choices
    assert newcomer.slots[0].choices[0] is Method.PUSH
    holder = required_registrations(p, user(tap()), now=NOW, session=tap_session())
    assert holder.slots[0].choices[0] is Method.PASSKEY  # a TAP included
    # Two MFA slots: the second may offer the passkey (the first gives the user MFA).
    two = attrs.evolve(p, mfa=enforced(2))
    slots = required_registrations(two, user(), now=NOW, session=password_session()).slots
    assert (Method.PASSKEY in slots[0].choices, Method.PASSKEY in slots[1].choices) == (
        False,
        True,
    )


def test_r18_self_service_off_makes_adding_and_updating_passkeys_admin_only() -> None:
    # Entra passkey profiles: "Allow self-service set up" = No.
    p = gate_tenant(passkey_self_service=False)
    u = user(app(), passkey())
    fresh = mfa_session()
    gate = step_up(p, u, Action.ADD, session=fresh, now=NOW, target=passkey("pk2"))
    assert (remedy(gate), gate.reasons[0].code) == ("ask_administrator", "admin_only_kind")
    renamed = attrs.evolve(passkey(), registered_at=NOW)
    assert remedy(step_up(p, u, Action.UPDATE, session=fresh, now=NOW, target=renamed)) == (
        "ask_administrator"
    )
    # Users may still delete passkeys; administrators may still register them.
    assert step_up(p, u, Action.DELETE, session=fresh, now=NOW, target="pk1").outcome is ALLOW
    assert remove(p, u, "pk1", session=fresh, now=NOW).allowed
    assert register(p, u, passkey("pk2"), session=None, now=NOW, actor=Actor.ADMIN).allowed
    # And the passkey is never a slot choice, even for a user who can pass MFA.
    two = attrs.evolve(p, mfa=enforced(2))
    prompt = required_registrations(two, user(app()), now=NOW, session=fresh)
    assert all(Method.PASSKEY not in slot.choices for slot in prompt.slots)


# ============================================================================================
# R21 Registration strength
# Entra: Conditional Access, user action "Register security information", with an
# authentication strength (concept-authentication-strength-how-it-works, "registering security
# info"): only the strength's methods satisfy it; a TAP when the strength includes it.
# ============================================================================================


def strength_tenant(methods: list[str] | None = None, **kwargs: Any) -> TenantPolicy:
    strength = RegistrationStrength(
        methods=PHISHING_RESISTANT_AND_TAP if methods is None else methods, **kwargs
    )
    return gate_tenant(registration_strength=strength)


def test_r21_a_phone_only_user_is_denied_and_told_an_administrator_issues_a_pass() -> None:
    # Entra's example: the strength is phishing-resistant MFA or a TAP; the user has a phone.
    p, u = strength_tenant(), user(mobile())
    gate = step_up(p, u, Action.VIEW, session=mfa_session(method=Method.SMS), now=NOW)
    assert remedy(gate) == "registration_strength_unmet"
    assert gate.reasons[0].code == "no_method_of_required_strength"
    assert "Temporary Access Pass" in remedy_message(gate)
    # The administrator issues a one-time pass; the user signs in with it (spending it) and
    # registers a passkey.
    u = user(mobile(), tap(one_time=True, used=True))
    signed_in = tap_session(timedelta(minutes=2))
    assert step_up(p, u, Action.ADD, session=signed_in, now=NOW, target=passkey()).outcome is (
        ALLOW
    )
    after = register(p, u, passkey(), session=signed_in, now=NOW)
    assert after.allowed
    # From then on the passkey satisfies the strength; the phone never does.
    later = step_up(p, after.user, Action.VIEW, session=password_session(), now=NOW)
    assert (later.outcome, later.methods) == (STEP_UP, (Method.PASSKEY,))


def test_r21_step_up_lists_only_the_strength_s_methods_and_only_they_are_evidence() -> None:
    p, u = strength_tenant(), user(app(), passkey())
    gate = step_up(p, u, Action.VIEW, session=password_session(), now=NOW)
    assert (gate.outcome, gate.methods) == (STEP_UP, (Method.PASSKEY,))
    assert step_up(p, u, Action.VIEW, session=mfa_session(), now=NOW).outcome is STEP_UP  # push
    passed = mfa_session(method=Method.PASSKEY)
    assert step_up(p, u, Action.VIEW, session=passed, now=NOW).outcome is ALLOW


def test_r21_without_a_pass_in_the_strength_the_remedy_is_a_method_of_that_strength() -> None:
    p = strength_tenant(["passkey", "certificate"])
    gate = step_up(p, user(mobile()), Action.VIEW, session=mfa_session(method=Method.SMS), now=NOW)
    assert remedy(gate) == "registration_strength_unmet"
    assert remedy_message(gate) == (
        "An administrator must register for the user a method of the strength required to "
        "register security info (passkey, certificate)."
    )
    # A TAP sign-in is not evidence when the strength does not list the pass.
    u = user(tap(one_time=True, used=True))
    assert remedy(step_up(p, u, Action.VIEW, session=tap_session(), now=NOW)) == (
        "registration_strength_unmet"
    )


@pytest.mark.parametrize("holds_app", [False, True], ids=["pass-only", "app-too"])
def test_r21_after_a_lapsed_pass_sign_in_the_remedy_names_no_method_below_the_strength(
    holds_app: bool,
) -> None:
    # A one-time pass sign-in 11 minutes ago still serves (15 minutes) for other methods, but not
    # for the passkey (10 minutes). The strength (phishing-resistant or a pass) accepts neither
    # the app nor a phone, and the user may register none of its other methods themselves
    # (certificate, Windows Hello): only a new pass helps.
    p = strength_tenant()
    u = (
        user(app(), tap(one_time=True, used=True))
        if holds_app
        else user(tap(one_time=True, used=True))
    )
    eleven = tap_session(timedelta(minutes=11))
    gate = step_up(p, u, Action.ADD, session=eleven, now=NOW, target=passkey())
    assert remedy(gate) == "registration_strength_unmet"
    assert remedy_message(gate) == (
        "The Temporary Access Pass sign-in is too old to add a passkey or Windows Hello, and the "
        "user may register no other method of the strength required to register security info: "
        "the user needs a new pass to sign in again."
    )


def test_r21_after_a_lapsed_pass_sign_in_the_remedy_names_the_strength_s_other_methods() -> None:
    # The strength accepts push: the user may register the Authenticator app (push; its code is
    # not in the strength), pass MFA with it and then add the passkey.
    p = strength_tenant(["passkey", "push", "temporary_access_pass"])
    u = user(tap(one_time=True, used=True))
    eleven = tap_session(timedelta(minutes=11))
    gate = step_up(p, u, Action.ADD, session=eleven, now=NOW, target=passkey())
    assert remedy(gate) == "registration_strength_unmet"
    assert remedy_message(gate) == (
        "Register another method of the strength required to register security info first "
        "(push), then pass MFA with it and add the passkey or Windows Hello."
    )
    assert step_up(p, u, Action.ADD, session=eleven, now=NOW, target=app()).outcome is ALLOW


def test_r21_a_newcomer_under_the_password_bootstrap_is_denied() -> None:
    # Entra: the password alone never satisfies a registration strength.
    p = strength_tenant()
    gate = step_up(p, user(), Action.ADD, session=password_session(), now=NOW, target=app())
    assert remedy(gate) == "registration_strength_unmet"
    prompt = required_registrations(p, user(), now=NOW, session=password_session())
    assert prompt.mode is PromptMode.INTERRUPT
    assert prompt.blocked is not None
    assert (prompt.blocked.code, prompt.blocked.requirement) == ("bootstrap_denied", "bootstrap")
    assert prompt.blocked.remedy.code == "registration_strength_unmet"


def test_r21_the_interrupt_keeps_its_slots_and_is_blocked_when_its_first_choice_is_denied() -> None:
    # Entra: a user with one phone, two methods required, under a strength the phone cannot
    # meet: the slots are the same, but the registration cannot proceed.
    p = attrs.evolve(strength_tenant(), mfa=enforced(2))
    u = user(mobile())
    without = required_registrations(attrs.evolve(p, registration_strength=None), u, now=NOW)
    prompt = required_registrations(p, u, now=NOW)
    assert prompt.slots == without.slots
    assert without.blocked is None
    assert prompt.blocked is not None
    assert (prompt.blocked.code, prompt.blocked.requirement) == (
        "registration_strength_denied",
        "registration_strength",
    )
    assert prompt.blocked.remedy.code == "registration_strength_unmet"


def test_r21_the_strength_s_exclude_wins() -> None:
    p = strength_tenant(include=["all"], exclude=["g-exempt"])
    exempt = user(mobile(), groups=["g-exempt"])
    texted = mfa_session(method=Method.SMS)
    assert step_up(p, exempt, Action.VIEW, session=texted, now=NOW).outcome is ALLOW


def test_r21_no_nudge_while_the_strength_cannot_be_met() -> None:
    # Entra: Conditional Access blocks the registration, so the campaign does not show.
    campaign = CampaignSettings(state="enabled", method="push")
    p = attrs.evolve(strength_tenant(["passkey"]), mfa=enforced(1), campaign=campaign)
    u = user(mobile(), email())
    plain = required_registrations(attrs.evolve(p, registration_strength=None), u, now=NOW)
    assert plain.mode is PromptMode.NUDGE
    prompt = required_registrations(p, u, now=NOW)
    assert prompt.mode is PromptMode.NONE
    assert [(r.code, r.message) for r in prompt.reasons][1:] == [
        (
            "campaign_strength_unmet",
            "The campaign is not shown while the user cannot meet the strength required to "
            "register security info.",
        )
    ]


def test_r21_the_nudge_shows_when_the_session_meets_the_strength() -> None:
    # A pass sign-in the strength accepts lets the phone user register the campaign's passkey,
    # so the campaign shows in that session (and not in one without such evidence).
    campaign = CampaignSettings(state="enabled", method="passkey")
    p = attrs.evolve(strength_tenant(["passkey", "temporary_access_pass"]), campaign=campaign)
    u = user(mobile(), tap(one_time=True, used=True))
    signed_in = tap_session(timedelta(minutes=2))
    prompt = required_registrations(p, u, now=NOW, session=signed_in)
    assert (prompt.mode, [r.code for r in prompt.reasons]) == (PromptMode.NUDGE, ["campaign_nudge"])
    texted = required_registrations(p, u, now=NOW, session=mfa_session(method=Method.SMS))
    assert texted.mode is PromptMode.NONE
    assert [r.code for r in texted.reasons] == ["nothing_required", "campaign_strength_unmet"]


def test_r21_documents_carry_registration_strength() -> None:
    v1 = {"schema": "secinfo/policy/1", "methods": {"sms": {"mfa": True}}}
    assert load_policy(v1).registration_strength is None  # v1 documents keep loading
    assert dump_policy(load_policy(v1))["registration_strength"] is None
    doc = {
        **v1,
        "registration_strength": {
            "methods": ["temporary_access_pass", "passkey", "certificate", "windows_hello"],
            "include": ["g1"],
        },
    }
    policy = load_policy(doc)
    assert policy.registration_strength == RegistrationStrength(
        methods=PHISHING_RESISTANT_AND_TAP, include=["g1"]
    )
    assert dump_policy(policy)["registration_strength"] == {
        "methods": ["temporary_access_pass", "passkey", "windows_hello", "certificate"],
        "include": ["g1"],
        "exclude": [],
    }
    for bad, path in [
        ({"methods": []}, "registration_strength.methods"),
        ({"methods": ["email"]}, "registration_strength.methods.0"),
        ({"include": ["all"]}, "registration_strength.methods"),
        ({"methods": ["passkey"], "level": "high"}, "registration_strength.level"),
    ]:
        with pytest.raises(InvalidDocument) as error:
            load_policy({**v1, "registration_strength": bad})
        assert error.value.path == path
    with pytest.raises(InvalidArgument, match="methods"):
        RegistrationStrength(methods=[])


# ============================================================================================
# R22 Require re-registration
# Entra: the administrator action "Require re-register MFA" (howto-mfa-userdevicesettings).
# ============================================================================================


def test_r22_deletes_phones_apps_and_oath_and_keeps_the_rest() -> None:
    p = gate_tenant(methods=[*gate_tenant().methods, *settings([Method.SOFTWARE_OATH])])
    kept: list[Registration] = [email(), passkey(), hello(), tap()]
    deleted: list[Registration] = [app(), mobile(), software(), hardware()]
    u = user(*deleted, *kept, preferred=Method.PUSH)
    change = require_reregistration(p, u, now=NOW)
    assert change.allowed
    assert [r.id for r in change.user.registrations] == [r.id for r in kept]
    activities = [(e.activity, e.actor, e.target) for e in change.events]
    assert activities == [
        *((Activity.ADMIN_DELETED, Actor.ADMIN, r.id) for r in deleted),
        (Activity.DEFAULT_REASSIGNED, Actor.SYSTEM, activities[-1][2]),
    ]
    assert change.user.preferred is None  # no storable default is left (passkey, TAP are not)
    assert [(r.code, r.message) for r in change.reasons] == [
        ("reregistration_required", "4 registrations deleted: the user must register MFA again."),
        ("default_cleared", "No method can be the stored default now."),
    ]
    # The passkey still counts; a user left with no MFA method is interrupted at the next
    # sign-in.
    assert required_registrations(p, change.user, now=NOW).mode is PromptMode.NONE
    bare = require_reregistration(p, user(app(), mobile(), email()), now=NOW).user
    assert required_registrations(p, bare, now=NOW).mode is PromptMode.INTERRUPT


def test_r22_nothing_to_delete_is_a_no_op() -> None:
    u = user(email(), passkey())
    change = require_reregistration(gate_tenant(), u, now=NOW)
    assert (change.allowed, change.user, change.events) == (True, u, ())
    assert [(r.code, r.message) for r in change.reasons] == [
        ("nothing_to_reregister", "The user holds no registration that re-registration deletes.")
    ]


def test_r22_a_stored_default_that_stays_usable_is_kept() -> None:
    # The only deleted registration is an app; the preferred method is not provided by it.
    p = gate_tenant(methods=[*gate_tenant().methods, *settings([Method.VOICE_OFFICE])])
    u = user(app(), office(), preferred=Method.VOICE_OFFICE)
    change = require_reregistration(p, u, now=NOW)
    assert [e.activity for e in change.events] == [Activity.ADMIN_DELETED]
    assert "1 registration deleted: the user must register MFA again." in [
        r.message for r in change.reasons
    ]
    assert change.user.preferred is Method.VOICE_OFFICE
    # The preferred app is deleted: the completion rule stores the office phone's call.
    change = require_reregistration(p, attrs.evolve(u, preferred=Method.PUSH), now=NOW)
    assert [e.activity for e in change.events] == [
        Activity.ADMIN_DELETED,
        Activity.DEFAULT_REASSIGNED,
    ]
    assert change.user.preferred is Method.VOICE_OFFICE


def test_r22_only_an_administrator_may_require_it() -> None:
    u = user(app(), mobile())
    change = require_reregistration(gate_tenant(), u, now=NOW, actor=Actor.USER)
    assert not change.allowed
    assert change.user == u
    assert [(e.result.value, e.actor) for e in change.events] == [("failure", Actor.USER)]
    assert [(r.code, r.message) for r in change.reasons] == [
        ("admin_only_action", "Only an administrator may require a user to register MFA again.")
    ]
    with pytest.raises(InvalidArgument, match="actor"):
        require_reregistration(gate_tenant(), u, now=NOW, actor=Actor.SYSTEM)


# ============================================================================================
# R23 Evidence is checked against what the user holds
# Entra (authentication strengths): "the method must be allowed, registered by the user, and
# satisfy the authentication strength".
# ============================================================================================


def test_r23_a_session_claiming_a_method_the_user_does_not_hold_is_no_evidence() -> None:
    p, u = gate_tenant(), user(mobile())
    claimed = mfa_session(method=Method.PUSH)  # the user has no Authenticator app
    gate = step_up(p, u, Action.VIEW, session=claimed, now=NOW)
    assert (gate.outcome, gate.methods) == (STEP_UP, (Method.SMS, Method.VOICE_MOBILE))
    assert step_up(p, u, Action.VIEW, session=mfa_session(method=Method.SMS), now=NOW).outcome is (
        ALLOW
    )


def test_r23_a_method_the_policy_disabled_since_is_no_evidence() -> None:
    # The session says MFA was done with a text a minute ago; text messages are disabled since.
    p = gate_tenant()
    u = user(app(), mobile())
    texted = mfa_session(timedelta(minutes=1), method=Method.SMS)
    assert step_up(p, u, Action.VIEW, session=texted, now=NOW).outcome is ALLOW
    no_sms = attrs.evolve(p, methods=[s for s in p.methods if s.method is not Method.SMS])
    gate = step_up(no_sms, u, Action.VIEW, session=texted, now=NOW)
    assert gate.outcome is STEP_UP
    assert Method.SMS not in gate.methods


def test_r23_mfa_with_a_pass_spent_by_it_is_read_like_a_pass_sign_in() -> None:
    # Step-up with a one-time pass spends it; the MFA it gave still counts while fresh.
    p = gate_tenant()
    u = user(app(), tap(one_time=True, used=True))
    with_pass = mfa_session(timedelta(minutes=2), method=Method.TEMPORARY_ACCESS_PASS)
    assert step_up(p, u, Action.VIEW, session=with_pass, now=NOW).outcome is ALLOW
    stale = mfa_session(timedelta(minutes=16), method=Method.TEMPORARY_ACCESS_PASS)
    assert step_up(p, u, Action.VIEW, session=stale, now=NOW).outcome is STEP_UP
    # A pass the user never held is no evidence.
    assert step_up(p, user(app()), Action.VIEW, session=with_pass, now=NOW).outcome is STEP_UP
    # The MFA's time counts, not the sign-in's: a password sign-in an hour ago, then MFA with
    # the pass 2 minutes ago.
    later_mfa = attrs.evolve(with_pass, signed_in_at=NOW - timedelta(hours=1))
    assert step_up(p, u, Action.VIEW, session=later_mfa, now=NOW).outcome is ALLOW


def test_r23_evidence_asks_the_one_predicate_when_the_caller_has_no_usable_methods() -> None:
    # The internal evidence check takes the usable methods when the caller has them; without
    # them it asks the one predicate, with the same answer.
    p, u = gate_tenant(), user(app(), mobile())
    for session in (mfa_session(), mfa_session(method=Method.SMS), password_session()):
        usable = usable_methods(p, u, MFA, now=NOW)
        window = p.step_up.session_minutes
        given = _evidence.session_evidence(p, u, session, NOW, window, usable=usable) is not None
        assert (_evidence.session_evidence(p, u, session, NOW, window) is not None) is given
        assert given is (session.mfa_method is not None)


# ============================================================================================
# R10 (4) deliberate deviation: Entra lets users delete any method; secinfo refuses a delete
# that would take an enforced, compliant user below mfa.methods_required.
# ============================================================================================


def test_deviation_deleting_the_last_mfa_method_under_enforcement_is_refused() -> None:
    p, u = gate_tenant(), user(app(), email())
    gate = step_up(p, u, Action.DELETE, session=mfa_session(), now=NOW, target="app1")
    assert remedy(gate) == "register_replacement_first"
    # Outside enforcement it is allowed, as in Entra.
    free = attrs.evolve(p, mfa=attrs.evolve(p.mfa, enforced_for=frozenset()))
    gate = step_up(free, u, Action.DELETE, session=mfa_session(), now=NOW, target="app1")
    assert gate.outcome is ALLOW
