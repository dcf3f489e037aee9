"""Graph's ``authenticationMethodsPolicy`` → a secinfo policy document (see :mod:`secinfo.graph`).

One table, :data:`CONFIGURATIONS`, says which secinfo methods each ``@odata.type`` of an
``authenticationMethodConfiguration`` enables; the readers below add what each type carries
beyond its targets (passkey self-service and key restrictions, TAP lifetimes, …).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from . import _graph_common as g
from ._graph_common import ImportResult, WarningCode, Warnings
from .documents import MAX_GROUP_LENGTH, MAX_TARGETS, POLICY_SCHEMA, dump_policy
from .errors import InvalidArgument, InvalidArgumentType
from .methods import Method, Purpose
from .policy import TenantPolicy

__all__ = ["CONFIGURATIONS", "UNMODELLED_CONFIGURATIONS", "policy_document"]

MAX_CONFIGURATIONS = 1000
"""Most entries of ``authenticationMethodConfigurations``."""

_MAX_MINUTES = 43_200  # 30 days: Graph's bound on TAP lifetimes
_MIN_MINUTES = 10
_ALL_USERS = "all_users"
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

CONFIGURATIONS: dict[str, tuple[str, ...]] = {
    "fido2AuthenticationMethodConfiguration": ("passkey",),
    "windowsHelloForBusinessAuthenticationMethodConfiguration": ("windows_hello",),
    "externalAuthenticationMethodConfiguration": ("external_authentication",),
    "microsoftAuthenticatorAuthenticationMethodConfiguration": ("push", "authenticator_code"),
    "softwareOathAuthenticationMethodConfiguration": ("software_oath",),
    "hardwareOathAuthenticationMethodConfiguration": ("hardware_oath",),
    "smsAuthenticationMethodConfiguration": ("sms",),
    "voiceAuthenticationMethodConfiguration": ("voice_mobile", "voice_alternate", "voice_office"),
    "x509CertificateAuthenticationMethodConfiguration": ("certificate",),
    "emailAuthenticationMethodConfiguration": ("email",),
    "temporaryAccessPassAuthenticationMethodConfiguration": ("temporary_access_pass",),
}
"""Each configuration type secinfo models (``@odata.type`` without ``#microsoft.graph.``) and
the methods it can enable, as wire strings. Some are conditional: ``authenticator_code`` only
with ``isSoftwareOathEnabled``, ``voice_office`` only with ``isOfficePhoneAllowed``,
``certificate`` only in multi-factor mode."""

UNMODELLED_CONFIGURATIONS: dict[str, str] = {
    "qrCodePinAuthenticationMethodConfiguration": "QR code + PIN",
    "verifiableCredentialsAuthenticationMethodConfiguration": "Verified ID",
    "platformCredentialAuthenticationMethodConfiguration": "platform credentials",
    "passwordlessMicrosoftAuthenticatorAuthenticationMethodConfiguration": (
        "passwordless Microsoft Authenticator"
    ),
}
"""Configuration types Graph knows and secinfo does not model: a warning when enabled."""


def capability(method: str) -> tuple[bool, bool]:
    """Whether the method named *method* can serve MFA and SSPR (secinfo's capability table)."""
    member = Method(method)
    return member.capable(Purpose.MFA), member.capable(Purpose.SSPR)


# --------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------

_TARGET_TYPES = {"group": "group", "user": "user"}


def _target(entry: object, path: str, warnings: Warnings) -> str:
    document = g.obj(entry, path)
    target = g.required_text(document, "id", path, max_length=MAX_GROUP_LENGTH)
    kind = g.choice(
        document,
        "targetType",
        path,
        _TARGET_TYPES,
        warnings,
        meaning="the id is kept as a group id",
    )
    if target.casefold() == _ALL_USERS:
        return "all"
    if kind == "user":
        warnings.add(
            WarningCode.USER_TARGET,
            g.join(path, "id"),
            f"the target {g.quote(target)} is a user: secinfo targets groups, so it is kept as "
            "a group id; list it in that user's groups (secinfo graph-import does)",
        )
    return target


def _targets(document: Mapping[str, object], key: str, path: str, warnings: Warnings) -> list[str]:
    """The ids of a target list (``all_users`` → ``all``), in order, without repeats."""
    where = g.join(path, key)
    found: list[str] = []
    for index, entry in enumerate(g.optional_array(document, key, path, max_items=MAX_TARGETS)):
        target = _target(entry, g.join(where, index), warnings)
        if target not in found:
            found.append(target)
    return found


def _method_entry(
    method: str, include: list[str], exclude: list[str], *, mfa: bool = True
) -> dict[str, Any]:
    can_mfa, can_sspr = capability(method)
    return {
        "mfa": mfa and can_mfa,
        "sspr": can_sspr,
        "include": list(include),
        "exclude": list(exclude),
    }


@attrs.frozen(kw_only=True)
class _Configuration:
    """One configuration as read: its type, where it is, state and targets."""

    type: str
    path: str
    document: Mapping[str, object]
    enabled: bool
    include: list[str]
    exclude: list[str]
    notes: Warnings = attrs.field(eq=False)
    """Warnings about this configuration, reported only when it is enabled (a disabled one
    changes nothing)."""


# --------------------------------------------------------------------------------------------
# Per-type readers: each returns ``{method: entry}`` for an enabled configuration
# --------------------------------------------------------------------------------------------

_Reader = Callable[[_Configuration, Warnings], dict[str, dict[str, Any]]]


def _simple(config: _Configuration, _warnings: Warnings) -> dict[str, dict[str, Any]]:
    return {
        method: _method_entry(method, config.include, config.exclude)
        for method in CONFIGURATIONS[config.type]
    }


def _aaguids(document: Mapping[str, object], path: str) -> list[str]:
    where = g.join(path, "aaGuids")
    found: list[str] = []
    for index, value in enumerate(g.optional_array(document, "aaGuids", path, max_items=1000)):
        item = g.join(where, index)
        text = g.string(value, item, max_length=64)
        if not _GUID.fullmatch(text):
            g.fail(item, f"{g.quote(text)} is not an AAGUID (a GUID string)")
        if text.lower() not in found:
            found.append(text.lower())
    return found


def _key_restrictions(value: object, path: str, warnings: Warnings) -> dict[str, Any] | None:
    """``fido2KeyRestrictions`` → ``key_restrictions`` (``None`` when not enforced)."""
    if value is None:
        return None
    document = g.obj(value, path)
    aaguids = _aaguids(document, path)
    if not g.flag(document, "isEnforced", path):
        return None
    enforcement = g.choice(
        document,
        "enforcementType",
        path,
        {"allow": "allow", "block": "block"},
        warnings,
        meaning="the key restrictions are not applied",
    )
    if enforcement is None:
        if document.get("enforcementType") is None:
            g.fail(g.join(path, "enforcementType"), "is missing while isEnforced is true")
        return None
    return {"enforcement": enforcement, "aaguids": aaguids}


def _passkey(config: _Configuration, warnings: Warnings) -> dict[str, dict[str, Any]]:
    document, path = config.document, config.path
    entry = _method_entry("passkey", config.include, config.exclude)
    self_service = g.flag(document, "isSelfServiceRegistrationAllowed", path)
    if self_service is not None:
        entry["self_service"] = self_service
    restrictions_path = g.join(path, "keyRestrictions")
    restrictions = _key_restrictions(document.get("keyRestrictions"), restrictions_path, warnings)
    profiles = _profiles(document, path, warnings)
    default_profile = g.text(document, "defaultPasskeyProfile", path, max_length=64)
    if document.get("keyRestrictions") is None and default_profile is not None:
        for profile_id, (profile_path, profile_restrictions) in profiles.items():
            if profile_id.casefold() == default_profile.casefold():
                restrictions, restrictions_path = profile_restrictions, profile_path
    for profile_id, (profile_path, profile_restrictions) in profiles.items():
        if profile_restrictions != restrictions:
            warnings.add(
                WarningCode.APPROXIMATED,
                profile_path,
                f"passkey profile {g.quote(profile_id)} restricts keys differently; secinfo "
                f"applies one set of key restrictions to everyone (those at {restrictions_path})",
            )
    if restrictions is not None:
        entry["key_restrictions"] = restrictions
    return {"passkey": entry}


def _profiles(
    document: Mapping[str, object], path: str, warnings: Warnings
) -> dict[str, tuple[str, dict[str, Any] | None]]:
    """Passkey profiles by id: where each is and its key restrictions."""
    where = g.join(path, "passkeyProfiles")
    found: dict[str, tuple[str, dict[str, Any] | None]] = {}
    for index, value in enumerate(
        g.optional_array(document, "passkeyProfiles", path, max_items=1000)
    ):
        item = g.join(where, index)
        profile = g.obj(value, item)
        profile_id = g.required_text(profile, "id", item, max_length=64)
        restrictions_path = g.join(item, "keyRestrictions")
        found[profile_id] = (
            restrictions_path,
            _key_restrictions(profile.get("keyRestrictions"), restrictions_path, warnings),
        )
    return found


_AUTHENTICATION_MODES = {"any": "any", "push": "push", "deviceBasedPush": "deviceBasedPush"}


def _authenticator(config: _Configuration, warnings: Warnings) -> dict[str, dict[str, Any]]:
    document, path = config.document, config.path
    where = g.join(path, "includeTargets")
    for index, value in enumerate(
        g.optional_array(document, "includeTargets", path, max_items=MAX_TARGETS)
    ):
        item = g.join(where, index)
        mode = g.choice(
            g.obj(value, item),
            "authenticationMode",
            item,
            _AUTHENTICATION_MODES,
            warnings,
            meaning="the target is kept for push notifications",
        )
        if mode == "deviceBasedPush":
            warnings.add(
                WarningCode.APPROXIMATED,
                g.join(item, "authenticationMode"),
                "passwordless phone sign-in ('deviceBasedPush') is modelled as push "
                "notifications (secinfo has no passwordless Authenticator method)",
            )
    methods = {"push": _method_entry("push", config.include, config.exclude)}
    codes = g.flag(document, "isSoftwareOathEnabled", path)
    if codes is None:
        warnings.add(
            WarningCode.ASSUMED_DEFAULT,
            g.join(path, "isSoftwareOathEnabled"),
            "is absent: codes from Microsoft Authenticator are treated as not allowed",
        )
    if codes:
        methods["authenticator_code"] = _method_entry(
            "authenticator_code", config.include, config.exclude
        )
    return methods


def _voice(config: _Configuration, _warnings: Warnings) -> dict[str, dict[str, Any]]:
    methods = {
        method: _method_entry(method, config.include, config.exclude)
        for method in ("voice_mobile", "voice_alternate")
    }
    if g.flag(config.document, "isOfficePhoneAllowed", config.path):
        methods["voice_office"] = _method_entry("voice_office", config.include, config.exclude)
    return methods


def _tap(config: _Configuration, _warnings: Warnings) -> dict[str, dict[str, Any]]:
    document, path = config.document, config.path
    entry = _method_entry("temporary_access_pass", config.include, config.exclude)
    low = g.number(document, "minimumLifetimeInMinutes", path, low=_MIN_MINUTES, high=_MAX_MINUTES)
    high = g.number(document, "maximumLifetimeInMinutes", path, low=_MIN_MINUTES, high=_MAX_MINUTES)
    if low is not None and high is not None and low > high:
        g.fail(
            g.join(path, "maximumLifetimeInMinutes"),
            f"{high} is below minimumLifetimeInMinutes ({low})",
        )
    if low is not None:
        entry["min_minutes"] = low
    if high is not None:
        entry["max_minutes"] = high
    once = g.flag(document, "isUsableOnce", path)
    if once is not None:
        entry["one_time_only"] = once
    return {"temporary_access_pass": entry}


_CERTIFICATE_MODES = {"x509CertificateSingleFactor": False, "x509CertificateMultiFactor": True}


def _certificate(config: _Configuration, warnings: Warnings) -> dict[str, dict[str, Any]]:
    document, path = config.document, config.path
    mode_value = document.get("authenticationModeConfiguration")
    multi_factor: bool | None = None
    rules = 0
    if mode_value is not None:
        where = g.join(path, "authenticationModeConfiguration")
        modes = g.obj(mode_value, where)
        multi_factor = g.choice(
            modes,
            "x509CertificateAuthenticationDefaultMode",
            where,
            _CERTIFICATE_MODES,
            warnings,
            meaning="read as single-factor",
        )
        rules = len(g.optional_array(modes, "rules", where, max_items=10_000))
        if rules:
            warnings.add(
                WarningCode.APPROXIMATED,
                g.join(where, "rules"),
                f"{rules} per-certificate rule(s) are not modelled; the default mode applies "
                "to every certificate",
            )
    if not multi_factor:
        warnings.add(
            WarningCode.APPROXIMATED,
            path,
            "certificate-based authentication is single-factor here; secinfo models "
            "certificates as an MFA method only, so it is not enabled",
        )
        return {}
    return {"certificate": _method_entry("certificate", config.include, config.exclude)}


_READERS: dict[str, _Reader] = {
    "fido2AuthenticationMethodConfiguration": _passkey,
    "microsoftAuthenticatorAuthenticationMethodConfiguration": _authenticator,
    "voiceAuthenticationMethodConfiguration": _voice,
    "temporaryAccessPassAuthenticationMethodConfiguration": _tap,
    "x509CertificateAuthenticationMethodConfiguration": _certificate,
}


# --------------------------------------------------------------------------------------------
# The configurations
# --------------------------------------------------------------------------------------------

_STATES = {"enabled": True, "disabled": False}
_FOLDED = {name.casefold(): name for name in (*CONFIGURATIONS, *UNMODELLED_CONFIGURATIONS)}


def _configuration(value: object, path: str, warnings: Warnings) -> _Configuration | None:
    document = g.obj(value, path)
    raw_type = g.odata_type(document, path)
    name = _FOLDED.get(raw_type.casefold())
    if document.get("state") is None:
        g.fail(g.join(path, "state"), "required key 'state' is missing or null")
    enabled = g.choice(document, "state", path, _STATES, warnings, meaning="read as disabled")
    notes = Warnings()
    include = _targets(document, "includeTargets", path, notes)
    exclude = _targets(document, "excludeTargets", path, notes)
    config_id = g.text(document, "id", path, max_length=256)
    if name is None:
        warnings.add(
            WarningCode.UNKNOWN_CONFIGURATION,
            g.join(path, "@odata.type"),
            f"configuration type {g.quote(raw_type)} (id {g.quote(config_id)}) is not known "
            "to secinfo and is ignored",
        )
        return None
    if name in UNMODELLED_CONFIGURATIONS:
        if enabled:
            warnings.add(
                WarningCode.UNMODELLED_METHOD,
                path,
                f"{UNMODELLED_CONFIGURATIONS[name]} is enabled; secinfo does not model it, so "
                "it is ignored",
            )
        return None
    return _Configuration(
        type=name,
        path=path,
        document=document,
        enabled=bool(enabled),
        include=include,
        exclude=exclude,
        notes=notes,
    )


def _methods(configurations: list[_Configuration], warnings: Warnings) -> dict[str, dict[str, Any]]:
    methods: dict[str, dict[str, Any]] = {}
    first: dict[str, str] = {}
    external: list[_Configuration] = []
    for config in configurations:
        if config.type == "externalAuthenticationMethodConfiguration":
            g.required_text(config.document, "id", config.path, max_length=256)
            external.append(config)
            continue
        if config.type in first:
            g.fail(
                config.path,
                f"a second {config.type} (the first is at {first[config.type]})",
            )
        first[config.type] = config.path
        reader = _READERS.get(config.type, _simple)
        entries = reader(config, config.notes)
        if config.enabled:
            methods.update(entries)
            warnings.items += config.notes.items
    _external(external, methods, warnings)
    _windows_hello(configurations, methods, warnings)
    return methods


def _external(
    configurations: list[_Configuration],
    methods: dict[str, dict[str, Any]],
    warnings: Warnings,
) -> None:
    """Each enabled external method is a provider of ``external_authentication``; their
    targets are merged (include: any provider's; exclude: excluded from every provider)."""
    enabled = [config for config in configurations if config.enabled]
    if not enabled:
        return
    providers: list[str] = []
    include: list[str] = []
    for config in enabled:
        warnings.items += config.notes.items
        provider = g.required_text(config.document, "id", config.path, max_length=256)
        if provider not in providers:
            providers.append(provider)
        include += [target for target in config.include if target not in include]
    exclude = [t for t in enabled[0].exclude if all(t in c.exclude for c in enabled[1:])]
    shapes = {(frozenset(c.include), frozenset(c.exclude)) for c in enabled}
    if len(shapes) > 1:
        warnings.add(
            WarningCode.APPROXIMATED,
            enabled[1].path,
            "external authentication providers target different users; secinfo has one target "
            "list for the method, so it includes anyone a provider includes and excludes only "
            "those every provider excludes",
        )
    entry = _method_entry("external_authentication", include, exclude)
    entry["providers"] = providers
    methods["external_authentication"] = entry


def _windows_hello(
    configurations: list[_Configuration],
    methods: dict[str, dict[str, Any]],
    warnings: Warnings,
) -> None:
    """Windows Hello for Business is not governed by the authentication methods policy; when
    the policy has no configuration for it, it follows the passkey's targets (it counts for MFA
    only beside a usable passkey)."""
    types = {config.type for config in configurations}
    if "windowsHelloForBusinessAuthenticationMethodConfiguration" in types:
        return
    passkey = methods.get("passkey")
    if passkey is None:
        return
    methods["windows_hello"] = _method_entry(
        "windows_hello", passkey["include"], passkey["exclude"]
    )
    warnings.add(
        WarningCode.ASSUMED_DEFAULT,
        "authenticationMethodConfigurations",
        "no Windows Hello for Business configuration: Entra does not govern it here, so "
        "secinfo enables it for the passkey (FIDO2) targets",
    )


# --------------------------------------------------------------------------------------------
# Campaign, system-preferred MFA, migration state
# --------------------------------------------------------------------------------------------

_CAMPAIGN_STATES = {"enabled": "enabled", "default": "default", "disabled": "disabled"}
_CAMPAIGN_METHODS = {"microsoftAuthenticator": "push", "fido2": "passkey"}


def _campaign(payload: Mapping[str, object], warnings: Warnings) -> dict[str, Any] | None:
    enforcement = payload.get("registrationEnforcement")
    if enforcement is None:
        return None
    path = "registrationEnforcement"
    value = g.obj(enforcement, path).get("authenticationMethodsRegistrationCampaign")
    if value is None:
        return None
    path = g.join(path, "authenticationMethodsRegistrationCampaign")
    document = g.obj(value, path)
    state = g.choice(
        document, "state", path, _CAMPAIGN_STATES, warnings, meaning="read as disabled"
    )
    campaign: dict[str, Any] = {"state": state or "disabled"}
    method, include = _campaign_targets(document, path, warnings)
    campaign["method"] = method
    campaign["include"] = include
    campaign["exclude"] = _targets(document, "excludeTargets", path, warnings)
    snooze = g.number(document, "snoozeDurationInDays", path, low=0, high=14)
    if snooze is not None:
        campaign["snooze_days"] = snooze
    limited = g.flag(document, "enforceRegistrationAfterAllowedSnoozes", path)
    campaign["limited_snoozes"] = True if limited is None else limited
    return campaign


def _campaign_targets(
    document: Mapping[str, object], path: str, warnings: Warnings
) -> tuple[str, list[str]]:
    """The campaign's method (the first target's) and the targets that ask for it."""
    where = g.join(path, "includeTargets")
    method: str | None = None
    include: list[str] = []
    for index, value in enumerate(
        g.optional_array(document, "includeTargets", path, max_items=MAX_TARGETS)
    ):
        item = g.join(where, index)
        target = _target(value, item, warnings)
        if g.obj(value, item).get("targetedAuthenticationMethod") is None:
            g.fail(g.join(item, "targetedAuthenticationMethod"), "is missing or null")
        wanted = g.choice(
            g.obj(value, item),
            "targetedAuthenticationMethod",
            item,
            _CAMPAIGN_METHODS,
            warnings,
            meaning="the target is left out of the campaign",
        )
        if wanted is None:
            continue
        if method is None:
            method = wanted
        if wanted != method:
            warnings.add(
                WarningCode.APPROXIMATED,
                g.join(item, "targetedAuthenticationMethod"),
                f"this target is asked for {wanted} while the first asks for {method}; secinfo's "
                "campaign has one method, so the target is left out",
            )
            continue
        if target not in include:
            include.append(target)
    return method or "push", include


_SYSTEM_STATES = {"default": True, "enabled": True, "disabled": False}


def _system_preferred(payload: Mapping[str, object], warnings: Warnings) -> dict[str, Any]:
    value = payload.get("systemCredentialPreferences")
    path = "systemCredentialPreferences"
    if value is None:
        warnings.add(
            WarningCode.ASSUMED_DEFAULT,
            path,
            "is absent (a beta property): system-preferred MFA is assumed Microsoft managed, "
            "which Entra documents as enabled for everyone",
        )
        return {"enabled": True, "include": ["all"], "exclude": []}
    document = g.obj(value, path)
    enabled = g.choice(
        document,
        "state",
        path,
        _SYSTEM_STATES,
        warnings,
        meaning="read as Microsoft managed (enabled)",
    )
    return {
        "enabled": True if enabled is None else enabled,
        "include": _targets(document, "includeTargets", path, warnings),
        "exclude": _targets(document, "excludeTargets", path, warnings),
    }


_MIGRATION_STATES = {
    "preMigration": "preMigration",
    "migrationInProgress": "migrationInProgress",
    "migrationComplete": "migrationComplete",
}


def _migration(payload: Mapping[str, object], warnings: Warnings) -> None:
    path = "policyMigrationState"
    state = g.choice(
        payload,
        path,
        "",
        _MIGRATION_STATES,
        warnings,
        meaning="secinfo reads this policy alone",
    )
    if state == "migrationComplete":
        return
    if state is None and payload.get(path) is None:
        warnings.add(
            WarningCode.LEGACY_POLICIES,
            path,
            "is null: secinfo cannot tell whether the legacy MFA and SSPR policies still apply; "
            "it reads this policy alone",
        )
    elif state is not None:
        warnings.add(
            WarningCode.LEGACY_POLICIES,
            path,
            f"is {state!r}: the legacy MFA and SSPR policies, which Graph does not expose, "
            "still apply too; secinfo reads this policy alone",
        )


# --------------------------------------------------------------------------------------------
# Keyword arguments: what Graph does not express
# --------------------------------------------------------------------------------------------

_DERIVED = frozenset({"schema", "methods", "campaign", "system_preferred"})
_KEYWORDS = frozenset({"mfa", "sspr", "registration_strength"})


def fragment(name: str, value: object) -> dict[str, Any] | None:
    """A keyword argument as a document fragment: ``None``, a mapping (copied; the loader checks
    it) or a model value (``MfaSettings``, …) dumped to its document form."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        for key in value:
            if not isinstance(key, str):
                raise InvalidArgumentType(name, f"key {g.quote(key)} is not a string")
        return g.as_dict(value)
    if attrs.has(type(value)):
        try:
            section_of: dict[str, Any] = {name: value}
            document = dump_policy(TenantPolicy(**section_of))
        except (InvalidArgument, TypeError):
            raise InvalidArgumentType(
                name, f"{g.quote(value)} is not a {name} setting or its document form"
            ) from None
        section: dict[str, Any] = document[name]
        return section
    raise InvalidArgumentType(
        name, f"expected a mapping (the {name!r} section), got {g.quote(value)}"
    )


def _settings(value: object) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidArgumentType("settings", f"expected a mapping, got {g.quote(value)}")
    for key in value:
        if not isinstance(key, str):
            raise InvalidArgumentType("settings", f"key {g.quote(key)} is not a string")
        if key in _DERIVED:
            raise InvalidArgument(
                "settings", f"{key!r} comes from Graph and cannot be given in settings"
            )
        if key in _KEYWORDS:
            raise InvalidArgument("settings", f"give {key!r} as its own keyword argument")
    return g.as_dict(value)


def _sspr(
    payload: Mapping[str, object], given: dict[str, Any] | None, warnings: Warnings
) -> dict[str, Any] | None:
    days = g.number(payload, "reconfirmationInDays", "", low=0, high=730)
    if days is None:
        return given
    section = {} if given is None else dict(given)
    if "reconfirm_days" in section:
        if section["reconfirm_days"] != days:
            warnings.add(
                WarningCode.OVERRIDDEN,
                "reconfirmationInDays",
                f"Graph says {days}; the sspr argument's reconfirm_days "
                f"{g.quote(section['reconfirm_days'])} is used",
            )
    else:
        section["reconfirm_days"] = days
    return section


def policy_document(
    payload: object,
    *,
    mfa: object = None,
    sspr: object = None,
    registration_strength: object = None,
    settings: object = None,
) -> ImportResult[dict[str, Any]]:
    """See :func:`secinfo.graph.policy_document_from_graph`."""
    mfa_section = fragment("mfa", mfa)
    sspr_section = fragment("sspr", sspr)
    strength = fragment("registration_strength", registration_strength)
    extra = _settings(settings)
    warnings = Warnings()
    document = g.obj(payload, "")
    if document.get("authenticationMethodConfigurations") is None:
        g.fail(
            "authenticationMethodConfigurations",
            "required key 'authenticationMethodConfigurations' is missing or null "
            "(GET /policies/authenticationMethodsPolicy returns it expanded)",
        )
    _migration(document, warnings)
    items = g.array(
        document["authenticationMethodConfigurations"],
        "authenticationMethodConfigurations",
        max_items=MAX_CONFIGURATIONS,
    )
    configurations = [
        config
        for index, item in enumerate(items)
        if (
            config := _configuration(
                item, g.join("authenticationMethodConfigurations", index), warnings
            )
        )
        is not None
    ]
    result: dict[str, Any] = {
        "schema": POLICY_SCHEMA,
        "methods": _methods(configurations, warnings),
    }
    if mfa_section is None:
        warnings.add(
            WarningCode.ASSUMED_DEFAULT,
            "",
            "MFA registration enforcement is not in Graph and no mfa argument was given: "
            "nobody must register for MFA",
        )
    else:
        result["mfa"] = mfa_section
    if sspr is None:
        warnings.add(
            WarningCode.ASSUMED_DEFAULT,
            "",
            "the SSPR settings (who may reset, how many methods) are not in Graph and no sspr "
            "argument was given: SSPR is enabled for nobody",
        )
    sspr_section = _sspr(document, sspr_section, warnings)
    if sspr_section is not None:
        result["sspr"] = sspr_section
    result["system_preferred"] = _system_preferred(document, warnings)
    campaign = _campaign(document, warnings)
    if campaign is not None:
        result["campaign"] = campaign
    if strength is not None:
        result["registration_strength"] = strength
    result.update(extra)
    return warnings.result(result)
