"""secinfo values → Graph shapes: the registration report row and the directory audit record
(see :mod:`secinfo.graph`)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import attrs

from . import _args
from ._mask import describe, escape_label, mask_phone_like
from .audit import AuditEvent
from .default import default_method
from .errors import InvalidArgumentType
from .methods import MFA_METHODS, Method, Purpose
from .policy import TenantPolicy
from .registrations import Registration
from .results import DefaultSource
from .usable import mfa_count, sspr_count, usable_methods
from .user import PREFERABLE_METHODS

__all__ = [
    "DEFAULT_MFA_METHODS",
    "METHODS_REGISTERED",
    "OPERATION_TYPES",
    "SYSTEM_PREFERRED_METHODS",
    "USER_DEFAULT_METHODS",
    "directory_audit",
    "registration_row",
]

USER_DEFAULT_METHODS: dict[str, str] = {
    "push": "push",
    "authenticator_code": "oath",
    "software_oath": "oath",
    "hardware_oath": "oath",
    "sms": "sms",
    "voice_mobile": "voiceMobile",
    "voice_alternate": "voiceAlternateMobile",
    "voice_office": "voiceOffice",
}
"""Graph's ``userDefaultAuthenticationMethod`` for each method a user may prefer."""

DEFAULT_MFA_METHODS: dict[str, str] = {
    "push": "microsoftAuthenticatorPush",
    "authenticator_code": "softwareOneTimePasscode",
    "software_oath": "softwareOneTimePasscode",
    "hardware_oath": "softwareOneTimePasscode",
    "sms": "mobilePhone",
    "voice_mobile": "mobilePhone",
    "voice_alternate": "alternateMobilePhone",
    "voice_office": "officePhone",
}
"""Graph's (beta) ``defaultMfaMethodType`` for each method a user may prefer (it has no
hardware-token member: OATH codes are ``softwareOneTimePasscode``)."""

SYSTEM_PREFERRED_METHODS: dict[str, str] = {
    **USER_DEFAULT_METHODS,
    "temporary_access_pass": "temporaryAccessPass",
    "passkey": "fido2",
    "windows_hello": "windowsHelloForBusiness",
    "external_authentication": "externalAuthenticationMethod",
    "certificate": "x509Certificate",
}
"""The string ``systemPreferredAuthenticationMethods`` carries for each MFA method: Graph's
documented members where it has one, secinfo's camel-case name of the Graph method otherwise."""

METHODS_REGISTERED: dict[str, str | None] = {
    "email": "email",
    "mobile_phone": "mobilePhone",
    "alternate_phone": "alternateMobilePhone",
    "office_phone": "officePhone",
    "security_questions": "securityQuestion",
    "authenticator_app": "microsoftAuthenticatorPush",
    "software_oath": "softwareOneTimePasscode",
    "hardware_oath": "hardwareOneTimePasscode",
    "passkey": "passKeyDeviceBound",
    "windows_hello": "windowsHelloForBusiness",
    "temporary_access_pass": "temporaryAccessPass",
    "external_authentication": "externalAuthMethod",
    "certificate": None,
}
"""The ``methodsRegistered`` string of each registration kind, in the report's order. An
authenticator app without notifications is ``softwareOneTimePasscode``; certificates are not
listed (Graph's report does not list them either); passkeys are ``passKeyDeviceBound`` (secinfo
does not record whether a passkey is synced)."""

_PASSWORDLESS = frozenset({Method.PASSKEY, Method.WINDOWS_HELLO})


def _registered(registration: Registration) -> str | None:
    if registration.kind.value == "authenticator_app" and Method.PUSH not in registration.methods:
        return "softwareOneTimePasscode"
    return METHODS_REGISTERED[registration.kind.value]


def _without_system_preferred(policy: TenantPolicy) -> TenantPolicy:
    return attrs.evolve(
        policy, system_preferred=attrs.evolve(policy.system_preferred, enabled=False)
    )


def _time(moment: datetime) -> str:
    """Graph's form: UTC with seven fractional digits."""
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond:06d}0Z"


def registration_row(policy: object, user: object, *, now: object) -> dict[str, Any]:
    """See :func:`secinfo.graph.registration_details`."""
    policy, user, moment, _ = _args.check_call(policy, user, now=now)
    usable = usable_methods(policy, user, Purpose.MFA, now=moment)
    sspr_enabled = policy.sspr.applies_to(user.groups)
    sspr_registered = sspr_count(policy, user, now=moment) >= policy.sspr.methods_required
    effective = default_method(policy, user, now=moment)
    own = effective
    if effective.source is DefaultSource.SYSTEM_PREFERRED:
        own = default_method(_without_system_preferred(policy), user, now=moment)
    preferred = (
        own.method.value if own.method is not None and own.method in PREFERABLE_METHODS else None
    )
    present = {_registered(registration) for registration in user.registrations}
    return {
        "id": user.user_id,
        "isMfaRegistered": any(
            registration.kind.value != "temporary_access_pass"
            and any(method in MFA_METHODS for method in registration.methods)
            for registration in user.registrations
        ),
        "isMfaCapable": mfa_count(policy, user, now=moment) >= 1,
        "isSsprRegistered": sspr_registered,
        "isSsprEnabled": sspr_enabled,
        "isSsprCapable": sspr_enabled and sspr_registered,
        "isPasswordlessCapable": not usable.isdisjoint(_PASSWORDLESS),
        "methodsRegistered": [name for name in METHODS_REGISTERED.values() if name in present],
        "defaultMfaMethod": "" if preferred is None else DEFAULT_MFA_METHODS[preferred],
        "isSystemPreferredAuthenticationMethodEnabled": policy.system_preferred.applies_to(
            user.groups
        ),
        "systemPreferredAuthenticationMethods": (
            [SYSTEM_PREFERRED_METHODS[effective.method.value]]
            if effective.source is DefaultSource.SYSTEM_PREFERRED and effective.method
            else []
        ),
        "userPreferredMethodForSecondaryAuthentication": (
            "" if preferred is None else USER_DEFAULT_METHODS[preferred]
        ),
        "lastUpdatedDateTime": _time(moment),
    }


OPERATION_TYPES: dict[str, str] = {
    "User registered security info": "Add",
    "User registered all required security info": "Add",
    "Admin registered security info": "Add",
    "User deleted security info": "Delete",
    "Admin deleted security info": "Delete",
    "User updated security info": "Update",
    "Admin updated security info": "Update",
    "User changed default security info": "Update",
    "Default security info reassigned": "Update",
    "User reviewed security info": "Update",
    "User canceled security info registration": "Update",
    "User snoozed registration campaign": "Update",
    "Security info became unusable": "Update",
    "Security info became usable": "Update",
}
"""The ``operationType`` of each activity."""

_SERVICE_APP = {
    "appId": None,
    "displayName": "secinfo",
    "servicePrincipalId": None,
    "servicePrincipalName": None,
}


def _safe(text: str) -> str:
    """Control characters escaped and phone-like runs masked (a caller may have built the
    event by hand; what leaves secinfo is safe anyway)."""
    return mask_phone_like(escape_label(text))


def _initiator(event: AuditEvent) -> dict[str, Any]:
    if event.actor.value == "system":
        return {"user": None, "app": dict(_SERVICE_APP)}
    user_id = _safe(event.user_id) if event.actor.value == "user" else None
    return {
        "user": {"id": user_id, "displayName": None, "userPrincipalName": None, "ipAddress": None},
        "app": None,
    }


def directory_audit(event: object) -> dict[str, Any]:
    """See :func:`secinfo.graph.to_directory_audit`."""
    if not isinstance(event, AuditEvent):
        raise InvalidArgumentType("event", f"expected an AuditEvent, got {describe(event)}")
    fingerprint = json.dumps(event.to_dict(), sort_keys=True, ensure_ascii=True)
    details = [{"key": "actor", "value": event.actor.value}]
    if event.target is not None:
        details.append({"key": "target", "value": _safe(event.target)})
    details += [{"key": _safe(key), "value": _safe(value)} for key, value in event.details]
    return {
        "id": "secinfo_" + hashlib.sha256(fingerprint.encode()).hexdigest()[:32],
        "category": event.category,
        "correlationId": None,
        "result": event.result.value,
        "resultReason": _safe(event.reason),
        "activityDisplayName": event.activity.value,
        "activityDateTime": _time(event.at),
        "loggedByService": event.service,
        "operationType": OPERATION_TYPES[event.activity.value],
        "initiatedBy": _initiator(event),
        "targetResources": [
            {
                "id": _safe(event.user_id),
                "displayName": None,
                "type": "User",
                "userPrincipalName": None,
                "groupType": None,
                "modifiedProperties": [],
            }
        ],
        "additionalDetails": details,
    }
