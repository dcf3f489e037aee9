"""Microsoft Graph interop: import a tenant's policy and users, export Graph's report shapes.

Two layers:

* The **document layer** maps Graph payloads to secinfo's JSON documents
  ([documents](docs/rules.md#documents)) and nothing else: :func:`policy_document_from_graph` and
  :func:`user_document_from_graph` return an :class:`ImportResult` whose ``value`` is a plain,
  JSON-ready ``dict``. It writes what Graph says and leaves out what Graph does not say, so the
  documented defaults apply.
* :func:`policy_from_graph` and :func:`user_from_graph` are that layer followed by
  :func:`~secinfo.load_policy` / :func:`~secinfo.load_user`: their ``value`` is a
  :class:`~secinfo.TenantPolicy` / :class:`~secinfo.UserState`.

Graph payloads are read tolerantly: unknown keys are ignored; configuration and method types
secinfo does not know, enum members it does not know (``unknownFutureValue`` and newer) and
methods it does not model are :class:`ImportWarning` values (one :class:`WarningCode` each, a
JSON path and a sentence), never errors. A payload that cannot be read — a wrong JSON type, a
missing required key, a malformed time or phone number — raises
:class:`~secinfo.InvalidDocument` whose ``path`` is inside the Graph payload
(``value.3.phoneNumber``).

The other direction: :func:`registration_details` is Graph's ``userRegistrationDetails`` row
for a user, computed from [the one predicate](docs/rules.md#one-predicate);
:func:`to_directory_audit` turns an :class:`~secinfo.AuditEvent` into Graph's
``directoryAudit`` shape.

The how-to page "From Microsoft Graph to a decision" (``docs/how-to/graph.md``) walks through a
whole tenant, and ``secinfo graph-import`` does it from the command line.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from . import _graph_export, _graph_policy, _graph_user
from ._graph_common import ImportResult, ImportWarning, WarningCode
from .audit import AuditEvent
from .documents import load_policy, load_user
from .policy import TenantPolicy
from .user import UserState

__all__ = [
    "ImportResult",
    "ImportWarning",
    "WarningCode",
    "policy_document_from_graph",
    "policy_from_graph",
    "registration_details",
    "to_directory_audit",
    "user_document_from_graph",
    "user_from_graph",
]


def policy_document_from_graph(
    authentication_methods_policy: object,
    *,
    mfa: object = None,
    sspr: object = None,
    registration_strength: object = None,
    settings: object = None,
) -> ImportResult[dict[str, Any]]:
    """Graph's ``authenticationMethodsPolicy`` (``GET /policies/authenticationMethodsPolicy``,
    configurations expanded) as a secinfo policy document.

    Each enabled ``authenticationMethodConfiguration``, by ``@odata.type``, enables methods for
    every purpose they can serve, with its include and exclude targets (``all_users`` is
    ``all``): Microsoft Authenticator → ``push`` and, with ``isSoftwareOathEnabled``,
    ``authenticator_code``; SMS → ``sms``; voice → ``voice_mobile``, ``voice_alternate`` and,
    with ``isOfficePhoneAllowed``, ``voice_office``; email → ``email``; software and hardware
    OATH; FIDO2 → ``passkey`` with ``self_service`` and, when enforced, ``key_restrictions``;
    Windows Hello for Business; the Temporary Access Pass with its lifetimes and
    ``one_time_only``; X.509 certificates (multi-factor mode); every external authentication
    method is a provider of ``external_authentication``. The registration campaign,
    system-preferred MFA (absent or ``default`` = Microsoft managed = enabled) and
    ``reconfirmationInDays`` (→ ``sspr.reconfirm_days``) are read too.

    What Graph does not hold comes from the keyword arguments, each a document section (a
    mapping, or the model value such as :class:`~secinfo.MfaSettings`): *mfa* (MFA registration
    enforcement), *sspr* (SSPR enablement and methods required; its ``reconfirm_days`` wins over
    Graph's, with a warning), *registration_strength*, and *settings* for the other sections
    (``combined_registration``, ``step_up``, ``bootstrap``, ``office_phone_user_managed``,
    ``phone``, ``limits``). A missing *mfa* or *sspr* is a warning: the defaults (nobody
    enforced, nobody enabled) apply. Sections are copied, not checked; :func:`policy_from_graph`
    checks the whole document.

    >>> payload = {"authenticationMethodConfigurations": [
    ...     {"@odata.type": "#microsoft.graph.smsAuthenticationMethodConfiguration",
    ...      "id": "Sms", "state": "enabled", "excludeTargets": [],
    ...      "includeTargets": [{"id": "all_users", "targetType": "group"}]}],
    ...     "systemCredentialPreferences": {"state": "disabled", "includeTargets": [],
    ...                                     "excludeTargets": []},
    ...     "policyMigrationState": "migrationComplete"}
    >>> result = policy_document_from_graph(payload, mfa={"enforced_for": ["all"]},
    ...                                     sspr={"enabled_for": ["all"]})
    >>> result.value["methods"]
    {'sms': {'mfa': True, 'sspr': True, 'include': ['all'], 'exclude': []}}
    >>> result.warnings
    ()
    """
    return _graph_policy.policy_document(
        authentication_methods_policy,
        mfa=mfa,
        sspr=sspr,
        registration_strength=registration_strength,
        settings=settings,
    )


def policy_from_graph(
    authentication_methods_policy: object,
    *,
    mfa: object = None,
    sspr: object = None,
    registration_strength: object = None,
    settings: object = None,
) -> ImportResult[TenantPolicy]:
    """:func:`policy_document_from_graph`, then :func:`~secinfo.load_policy`.

    A problem in the Graph payload is an :class:`~secinfo.InvalidDocument` with a path in the
    payload; one in a keyword section is an :class:`~secinfo.InvalidDocument` with a path in the
    policy document (``mfa.grace_days``).

    >>> payload = {"authenticationMethodConfigurations": [
    ...     {"@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration",
    ...      "id": "MicrosoftAuthenticator", "state": "enabled", "isSoftwareOathEnabled": True,
    ...      "excludeTargets": [{"id": "g-contractors", "targetType": "group"}],
    ...      "includeTargets": [{"id": "all_users", "targetType": "group",
    ...                          "authenticationMode": "any"}]}],
    ...     "policyMigrationState": None}
    >>> result = policy_from_graph(payload, mfa={"enforced_for": ["all"]})
    >>> [setting.method.value for setting in result.value.methods]
    ['push', 'authenticator_code']
    >>> [warning.code.value for warning in result.warnings]
    ['legacy_policies', 'assumed_default', 'assumed_default']
    """  # noqa: E501
    result = policy_document_from_graph(
        authentication_methods_policy,
        mfa=mfa,
        sspr=sspr,
        registration_strength=registration_strength,
        settings=settings,
    )
    return ImportResult(value=load_policy(result.value), warnings=result.warnings)


def user_document_from_graph(
    methods: object,
    *,
    user_id: str,
    imported_at: datetime,
    groups: Iterable[str] = (),
    sign_in_preferences: object = None,
) -> ImportResult[dict[str, Any]]:
    """A user's ``GET /users/{id}/authentication/methods`` (the response object with ``value``,
    or the bare list) as a secinfo user document.

    Phones (``"+1 2065555555"``, an optional ``x123`` extension) become mobile, alternate or
    office phones by ``phoneType``, checked by :mod:`secinfo.phone` (a number its rules would
    refuse is imported with a warning; a national trunk prefix is dropped, with a warning); a
    mobile phone's ``verified_with`` is ``voice_mobile`` when the user prefers ``voiceMobile``,
    else ``sms``; office phones, TAPs and hardware tokens are ``registered_by`` ``admin``.
    Microsoft Authenticator, software and hardware OATH, FIDO2 (with its ``aaGuid``), Windows
    Hello for Business, email, the Temporary Access Pass (start, lifetime, ``isUsableOnce``,
    ``OneTimeUsed``) and external methods (``configurationId``, ``displayName``) are imported;
    the password is ignored. Registration ids are Graph's; *imported_at* (an aware datetime)
    stands in for a missing ``createdDateTime``.

    *sign_in_preferences* is ``GET /beta/users/{id}/authentication/signInPreferences``: its
    ``userPreferredMethodForSecondaryAuthentication`` becomes ``preferred`` (``oath`` ⇒ the
    highest-ranked OATH method the user holds; ``""``, ``"none"`` or ``null`` ⇒ none).
    *groups* are the group ids the user is a member of.

    >>> from datetime import datetime, UTC
    >>> methods = {"value": [
    ...     {"@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
    ...      "id": "3179e48a-750b-4051-897c-87b9720928f7", "phoneNumber": "+1 2065550123",
    ...      "phoneType": "mobile", "smsSignInState": "notEnabled"}]}
    >>> result = user_document_from_graph(
    ...     methods, user_id="u1", imported_at=datetime(2026, 11, 25, tzinfo=UTC),
    ...     sign_in_preferences={"userPreferredMethodForSecondaryAuthentication": "voiceMobile"})
    >>> registration = result.value["registrations"][0]
    >>> registration["number"], registration["verified_with"], result.value["preferred"]
    ('+12065550123', 'voice_mobile', 'voice_mobile')
    >>> user_document_from_graph({"value": [{"@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
    ...     "id": "p", "phoneNumber": "2065550123", "phoneType": "mobile"}]},
    ...     user_id="u1", imported_at=datetime(2026, 11, 25, tzinfo=UTC))
    Traceback (most recent call last):
    ...
    secinfo.errors.InvalidDocument: value.0.phoneNumber: 'XXXXXXXX23' is not a Graph phone number ('+<country code> <number>' with an optional 'x<extension>')
    """  # noqa: E501
    return _graph_user.user_document(
        methods,
        user_id=user_id,
        imported_at=imported_at,
        groups=groups,
        sign_in_preferences=sign_in_preferences,
    )


def user_from_graph(
    methods: object,
    *,
    user_id: str,
    imported_at: datetime,
    groups: Iterable[str] = (),
    sign_in_preferences: object = None,
) -> ImportResult[UserState]:
    """:func:`user_document_from_graph`, then :func:`~secinfo.load_user`.

    >>> from datetime import datetime, UTC
    >>> methods = [{"@odata.type": "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod",
    ...             "id": "a1", "displayName": "Pixel 9", "createdDateTime": "2025-09-18T15:02:44Z"},
    ...            {"@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethod", "id": "q"}]
    >>> result = user_from_graph(methods, user_id="u1", groups=["g-sales"],
    ...                          imported_at=datetime(2026, 11, 25, tzinfo=UTC))
    >>> [r.kind.value for r in result.value.registrations], sorted(result.value.groups)
    (['authenticator_app'], ['g-sales'])
    >>> [str(warning) for warning in result.warnings]
    ['1.@odata.type: QR code + PIN is not modelled by secinfo; it is ignored [unmodelled_method]']
    """  # noqa: E501
    result = user_document_from_graph(
        methods,
        user_id=user_id,
        imported_at=imported_at,
        groups=groups,
        sign_in_preferences=sign_in_preferences,
    )
    return ImportResult(value=load_user(result.value), warnings=result.warnings)


def registration_details(policy: TenantPolicy, user: UserState, *, now: datetime) -> dict[str, Any]:
    """The user's row of Graph's registration report (``userRegistrationDetails``).

    Every answer comes from the one predicate and the public evaluators: ``isMfaCapable`` — at
    least one usable MFA registration (a TAP does not count:
    [counting](docs/rules.md#counting));
    ``isSsprRegistered`` — the SSPR count reaches ``sspr.methods_required``; ``isSsprEnabled``;
    ``isSsprCapable`` — both; ``isPasswordlessCapable`` — a usable passkey or Windows Hello;
    ``isMfaRegistered`` — the user holds an MFA-capable registration, usable or not (no TAP);
    ``methodsRegistered`` in Graph's strings; ``systemPreferredAuthenticationMethods`` — the
    default when system-preferred MFA chose it; ``userPreferredMethodForSecondaryAuthentication``
    and ``defaultMfaMethod`` — the default the user gets without system-preferred MFA (``""``
    when none, or when it is a method Graph's enum cannot name). Identity fields Graph takes
    from the directory (``userPrincipalName``, ``userDisplayName``, ``userType``, ``isAdmin``)
    are not produced; ``id`` is the user id and ``lastUpdatedDateTime`` is *now*.

    >>> from datetime import datetime, UTC
    >>> from secinfo import (AuthenticatorApp, MethodSetting, MfaSettings, SsprSettings,
    ...                      TenantPolicy, UserState)
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method="push", mfa=True, sspr=True)],
    ...                       sspr=SsprSettings(enabled_for=["all"]))
    >>> user = UserState(user_id="u1", registrations=[AuthenticatorApp(
    ...     id="r1", registered_at=now, device_name="Pixel 9", notifications=True)])
    >>> row = registration_details(policy, user, now=now)
    >>> row["isMfaCapable"], row["isSsprCapable"], row["methodsRegistered"]
    (True, True, ['microsoftAuthenticatorPush'])
    >>> row["userPreferredMethodForSecondaryAuthentication"], row["defaultMfaMethod"]
    ('push', 'microsoftAuthenticatorPush')
    """
    return _graph_export.registration_row(policy, user, now=now)


def to_directory_audit(event: AuditEvent) -> dict[str, Any]:
    """An :class:`~secinfo.AuditEvent` in the shape of Graph's ``directoryAudit``.

    ``activityDisplayName``, ``category`` (``UserManagement``), ``loggedByService``
    (``Authentication Methods``), ``operationType`` (``Add``, ``Update`` or ``Delete``),
    ``result``, ``resultReason``, ``initiatedBy`` (the user, an administrator, or the
    ``secinfo`` app for system events), ``targetResources`` (the user) and
    ``additionalDetails`` (the actor, the target and the event's details). ``id`` is derived
    from the event (equal events, equal ids); ``activityDateTime`` has Graph's seven fractional
    digits. Phone numbers appear only masked and control characters escaped, even in an event
    built by hand.

    >>> from datetime import datetime, UTC
    >>> from secinfo import AuditEvent
    >>> event = AuditEvent(activity="User changed default security info", result="success",
    ...     at=datetime(2026, 3, 4, 15, 2, 44, tzinfo=UTC), user_id="u1", actor="user",
    ...     target="sms",
    ...     reason="User changed the default security info for Text a code to +14255550134")
    >>> record = to_directory_audit(event)
    >>> record["operationType"], record["activityDateTime"], record["resultReason"]
    ('Update', '2026-03-04T15:02:44.0000000Z', 'User changed the default security info for Text a code to +1 XXXXXXXX34')
    """  # noqa: E501
    return _graph_export.directory_audit(event)
