"""A user's Graph ``/authentication/methods`` list → a secinfo user document (see
:mod:`secinfo.graph`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from . import _graph_common as g
from . import _validate as v
from ._graph_common import ImportResult, WarningCode, Warnings
from ._mask import E164
from .documents import MAX_GROUP_LENGTH, MAX_GROUPS, MAX_REGISTRATIONS, USER_SCHEMA
from .errors import InvalidArgument, InvalidArgumentType, InvalidPhoneNumber
from .methods import Kind, Method
from .phone import PhoneRules
from .phone import parse as parse_phone
from .registrations import Email

__all__ = ["IGNORED_METHODS", "READERS", "UNMODELLED_METHODS", "user_document"]

_ID_LENGTH = 128
_LABEL_LENGTH = 256
_USER_ID_LENGTH = 256
_MIN_LIFETIME = 10
_MAX_LIFETIME = 43_200

UNMODELLED_METHODS: dict[str, str] = {
    "platformCredentialAuthenticationMethod": "a platform credential (Platform SSO)",
    "qrCodePinAuthenticationMethod": "QR code + PIN",
    "passwordlessMicrosoftAuthenticatorAuthenticationMethod": (
        "passwordless Microsoft Authenticator (deprecated)"
    ),
}
"""Method types Graph returns and secinfo does not model: a warning, then ignored."""

IGNORED_METHODS: frozenset[str] = frozenset({"passwordAuthenticationMethod"})
"""Method types ignored without a warning (the password is not security info)."""

_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_GRAPH_PHONE = re.compile(
    r"\+(?P<country>[0-9]{1,3}) ?(?P<subscriber>[0-9]{1,17})(?:\s*[xX](?P<extension>[0-9]+))?"
)

# --------------------------------------------------------------------------------------------
# Preferences
# --------------------------------------------------------------------------------------------

_PREFERENCES: dict[str, str | None] = {
    "push": "push",
    "oath": "oath",
    "voiceMobile": "voice_mobile",
    "voiceAlternateMobile": "voice_alternate",
    "voiceOffice": "voice_office",
    "sms": "sms",
    "none": None,
    "": None,
}
_OATH = (Method.AUTHENTICATOR_CODE, Method.SOFTWARE_OATH, Method.HARDWARE_OATH)


def _preference(value: object, warnings: Warnings) -> str | None:
    """``userPreferredMethodForSecondaryAuthentication`` as read (``oath`` still unresolved)."""
    if value is None:
        return None
    document = g.obj(value, "")
    return g.choice(
        document,
        "userPreferredMethodForSecondaryAuthentication",
        "",
        _PREFERENCES,
        warnings,
        meaning="no preference is imported",
    )


def _resolve_preference(
    preference: str | None, registrations: list[dict[str, Any]], warnings: Warnings
) -> str | None:
    """The stored ``preferred``: ``oath`` becomes the highest-ranked OATH method held."""
    if preference is None:
        return None
    held = {m for item in registrations for m in _provided(item["kind"])}
    where = "userPreferredMethodForSecondaryAuthentication"
    if preference == "oath":
        for method in sorted(_OATH, key=lambda m: m.rank):
            if method in held:
                return method.value
        warnings.add(
            WarningCode.PREFERENCE_NOT_HELD,
            where,
            "'oath' is preferred but the user holds no OATH method; no preference is imported",
        )
        return None
    if Method(preference) not in held:
        warnings.add(
            WarningCode.PREFERENCE_NOT_HELD,
            where,
            f"{preference!r} is preferred but the user has not registered it; it is kept (the "
            "default then falls back to a usable method)",
        )
    return preference


def _provided(kind: str) -> tuple[Method, ...]:
    return Kind(kind).methods


# --------------------------------------------------------------------------------------------
# Fields
# --------------------------------------------------------------------------------------------


def _label(
    document: Mapping[str, object],
    keys: tuple[str, ...],
    path: str,
    fallback: str,
    warnings: Warnings,
) -> str:
    """The first non-empty of *keys* (shortened to secinfo's label length), else *fallback*."""
    for key in keys:
        text = g.text(document, key, path, max_length=100_000)
        if text and text.strip():
            if len(text) > _LABEL_LENGTH:
                warnings.add(
                    WarningCode.LABEL_SHORTENED,
                    g.join(path, key),
                    f"{g.quote(text)} is longer than {_LABEL_LENGTH} characters; shortened",
                )
                return text[:_LABEL_LENGTH]
            return text
    return fallback


def _phone(
    document: Mapping[str, object], path: str, kind: str, warnings: Warnings
) -> tuple[str, str | None]:
    """Graph's ``"+1 2065555555"`` / ``"+1 4255550123x4501"`` → E.164 and the extension."""
    where = g.join(path, "phoneNumber")
    text = g.required_text(document, "phoneNumber", path, max_length=64)
    match = _GRAPH_PHONE.fullmatch(text.strip())
    if match is None:
        if any(char in text for char in "X*•"):
            g.fail(
                where,
                f"{g.quote(text, phone=True)} is masked: export the methods with a role that "
                "reads full phone numbers (a privileged authentication administrator)",
            )
        g.fail(
            where,
            f"{g.quote(text, phone=True)} is not a Graph phone number "
            "('+<country code> <number>' with an optional 'x<extension>')",
        )
    country, subscriber, extension = match.group("country", "subscriber", "extension")
    joined = f"+{country}{subscriber}"
    if extension is not None and len(extension) > 10:
        g.fail(where, f"the extension of {g.quote(joined, phone=True)} is longer than 10 digits")
    rules = PhoneRules(allow_voip=True, sms_required=kind == "mobile_phone", allow_extension=True)
    try:
        number = parse_phone(f"+{country} {subscriber}", rules=rules).e164
    except InvalidPhoneNumber as error:
        if not E164.fullmatch(joined):
            g.fail(where, f"{g.quote(joined, phone=True)} is not a phone number ({error})")
        warnings.add(
            WarningCode.PHONE_QUESTIONABLE,
            where,
            f"secinfo's phone rules would refuse it today ({error.reason}: {error}); it is "
            "imported as registered",
        )
        number = joined
    else:
        if number != joined:
            warnings.add(
                WarningCode.PHONE_NORMALISED,
                where,
                f"{g.quote(joined, phone=True)} is imported as {g.quote(number, phone=True)} "
                "(the national trunk prefix dropped)",
            )
    return number, extension


def _guid(text: str, path: str) -> str:
    if not _GUID.fullmatch(text):
        g.fail(path, f"{g.quote(text)} is not a GUID")
    return text.lower()


# --------------------------------------------------------------------------------------------
# One reader per method type: the kind-specific keys of the registration document
# --------------------------------------------------------------------------------------------

_Reader = Callable[[Mapping[str, object], str, "_Context"], dict[str, Any] | None]


class _Context:
    """What every reader needs besides the method itself."""

    def __init__(
        self, *, imported_at: datetime, preference: str | None, warnings: Warnings
    ) -> None:
        self.imported_at = imported_at
        self.preference = preference
        self.warnings = warnings


_PHONE_TYPES = {
    "mobile": "mobile_phone",
    "alternateMobile": "alternate_phone",
    "office": "office_phone",
}


def _read_phone(document: Mapping[str, object], path: str, ctx: _Context) -> dict[str, Any] | None:
    if document.get("phoneType") is None:
        g.fail(g.join(path, "phoneType"), "required key 'phoneType' is missing or null")
    kind = g.choice(
        document, "phoneType", path, _PHONE_TYPES, ctx.warnings, meaning="the phone is ignored"
    )
    if kind is None:
        return None
    number, extension = _phone(document, path, kind, ctx.warnings)
    if kind == "office_phone":
        return {"kind": kind, "registered_by": "admin", "number": number, "extension": extension}
    if extension is not None:
        ctx.warnings.add(
            WarningCode.EXTENSION_DROPPED,
            g.join(path, "phoneNumber"),
            "secinfo models extensions on office phones only; the extension is dropped",
        )
    if kind == "alternate_phone":
        return {"kind": kind, "number": number}
    channel = "voice_mobile" if ctx.preference == "voice_mobile" else "sms"
    return {"kind": kind, "number": number, "verified_with": channel}


def _read_authenticator(document: Mapping[str, object], path: str, ctx: _Context) -> dict[str, Any]:
    name = _label(document, ("displayName",), path, "Microsoft Authenticator", ctx.warnings)
    return {"kind": "authenticator_app", "device_name": name, "notifications": True}


def _read_software_oath(
    _document: Mapping[str, object], _path: str, _ctx: _Context
) -> dict[str, Any]:
    return {"kind": "software_oath", "name": "Software OATH token"}


def _read_hardware_oath(document: Mapping[str, object], path: str, ctx: _Context) -> dict[str, Any]:
    serial: str | None = None
    device = document.get("device")
    if device is not None:
        where = g.join(path, "device")
        serial = _label(
            g.obj(device, where), ("serialNumber", "displayName"), where, "", ctx.warnings
        )
    if not serial:
        serial = _label(document, ("displayName", "id"), path, "Hardware OATH token", ctx.warnings)
    return {"kind": "hardware_oath", "registered_by": "admin", "serial": serial}


def _read_passkey(document: Mapping[str, object], path: str, ctx: _Context) -> dict[str, Any]:
    name = _label(document, ("displayName", "model"), path, "Passkey", ctx.warnings)
    result: dict[str, Any] = {"kind": "passkey", "name": name}
    aaguid = g.text(document, "aaGuid", path, max_length=64)
    if aaguid:
        result["aaguid"] = _guid(aaguid, g.join(path, "aaGuid"))
    return result


def _read_windows_hello(document: Mapping[str, object], path: str, ctx: _Context) -> dict[str, Any]:
    name = _label(document, ("displayName",), path, "Windows Hello for Business", ctx.warnings)
    return {"kind": "windows_hello", "device_name": name}


def _read_email(document: Mapping[str, object], path: str, ctx: _Context) -> dict[str, Any]:
    address = g.required_text(document, "emailAddress", path, max_length=254)
    try:
        Email(id="check", registered_at=ctx.imported_at, address=address)
    except InvalidArgument:
        g.fail(g.join(path, "emailAddress"), f"{g.quote(address)} is not an email address")
    return {"kind": "email", "address": address}


_USED = "OneTimeUsed"


def _read_tap(document: Mapping[str, object], path: str, ctx: _Context) -> dict[str, Any]:
    starts = g.moment(document, "startDateTime", path) or g.moment(
        document, "createdDateTime", path
    )
    if starts is None:
        starts = ctx.imported_at
    if document.get("lifetimeInMinutes") is None:
        g.fail(g.join(path, "lifetimeInMinutes"), "required key 'lifetimeInMinutes' is missing")
    minutes = g.number(document, "lifetimeInMinutes", path, low=_MIN_LIFETIME, high=_MAX_LIFETIME)
    assert minutes is not None
    try:
        expires = starts + timedelta(minutes=minutes)
    except OverflowError:
        g.fail(g.join(path, "startDateTime"), "the pass would expire after the year 9999")
    reason = g.text(document, "methodUsabilityReason", path, max_length=256)
    return {
        "kind": "temporary_access_pass",
        "registered_by": "admin",
        "starts_at": g.rfc3339(starts),
        "expires_at": g.rfc3339(expires),
        "one_time": bool(g.flag(document, "isUsableOnce", path)),
        "used": reason is not None and reason.casefold() == _USED.casefold(),
    }


def _read_external(document: Mapping[str, object], path: str, ctx: _Context) -> dict[str, Any]:
    provider = g.required_text(document, "configurationId", path, max_length=256)
    name = _label(document, ("displayName",), path, provider, ctx.warnings)
    return {"kind": "external_authentication", "provider": provider, "display_name": name}


READERS: dict[str, _Reader] = {
    "phoneAuthenticationMethod": _read_phone,
    "microsoftAuthenticatorAuthenticationMethod": _read_authenticator,
    "softwareOathAuthenticationMethod": _read_software_oath,
    "hardwareOathAuthenticationMethod": _read_hardware_oath,
    "fido2AuthenticationMethod": _read_passkey,
    "windowsHelloForBusinessAuthenticationMethod": _read_windows_hello,
    "emailAuthenticationMethod": _read_email,
    "temporaryAccessPassAuthenticationMethod": _read_tap,
    "externalAuthenticationMethod": _read_external,
}
"""Each method type secinfo imports (``@odata.type`` without ``#microsoft.graph.``) and its
reader, which returns the kind and the kind's fields of the registration document (a phone
becomes a mobile, alternate or office phone by ``phoneType``)."""

_FOLDED = {name.casefold(): name for name in (*READERS, *UNMODELLED_METHODS, *IGNORED_METHODS)}


def _registration(
    value: object, path: str, ctx: _Context, seen: dict[str, str]
) -> dict[str, Any] | None:
    document = g.obj(value, path)
    raw_type = g.odata_type(document, path)
    name = _FOLDED.get(raw_type.casefold())
    if name in IGNORED_METHODS:
        return None
    if name is None or name in UNMODELLED_METHODS:
        code = WarningCode.UNKNOWN_METHOD if name is None else WarningCode.UNMODELLED_METHOD
        what = (
            f"method type {g.quote(raw_type)} is not known to secinfo"
            if name is None
            else f"{UNMODELLED_METHODS[name]} is not modelled by secinfo"
        )
        ctx.warnings.add(code, g.join(path, "@odata.type"), f"{what}; it is ignored")
        return None
    identifier = g.required_text(document, "id", path, max_length=_ID_LENGTH)
    if identifier in seen:
        g.fail(
            g.join(path, "id"), f"{g.quote(identifier)} is repeated (first at {seen[identifier]})"
        )
    seen[identifier] = path
    created = g.moment(document, "createdDateTime", path)
    fields = READERS[name](document, path, ctx)
    if fields is None:
        return None
    return {
        "kind": fields.pop("kind"),
        "id": identifier,
        "registered_at": g.rfc3339(created if created is not None else ctx.imported_at),
        "registered_by": fields.pop("registered_by", "user"),
        **fields,
    }


def _groups(groups: object) -> list[str]:
    if isinstance(groups, str | bytes) or not isinstance(groups, Iterable):
        raise InvalidArgumentType("groups", f"expected group ids, got {g.quote(groups)}")
    found: set[str] = set()
    for group in groups:
        if not isinstance(group, str) or not group or len(group) > MAX_GROUP_LENGTH:
            raise v.invalid(
                "groups",
                group,
                f"{g.quote(group)} is not a group id (1–{MAX_GROUP_LENGTH} characters)",
            )
        found.add(group)
        if len(found) > MAX_GROUPS:
            raise InvalidArgument("groups", f"more than {MAX_GROUPS} groups")
    return sorted(found)


def user_document(
    methods: object,
    *,
    user_id: object,
    imported_at: object,
    groups: object = (),
    sign_in_preferences: object = None,
) -> ImportResult[dict[str, Any]]:
    """See :func:`secinfo.graph.user_document_from_graph`."""
    if not isinstance(user_id, str) or not user_id or len(user_id) > _USER_ID_LENGTH:
        raise v.invalid(
            "user_id",
            user_id,
            f"{g.quote(user_id)} is not a user id (1–{_USER_ID_LENGTH} characters)",
        )
    moment = v.require_aware("imported_at", imported_at)
    group_ids = _groups(groups)
    warnings = Warnings()
    preference = _preference(sign_in_preferences, warnings)
    items, where = g.response_items(methods, "", "methods", warnings, max_items=MAX_REGISTRATIONS)
    ctx = _Context(imported_at=moment, preference=preference, warnings=warnings)
    seen: dict[str, str] = {}
    registrations = [
        registration
        for index, item in enumerate(items)
        if (registration := _registration(item, g.join(where, index), ctx, seen)) is not None
    ]
    document: dict[str, Any] = {
        "schema": USER_SCHEMA,
        "user_id": user_id,
        "groups": group_ids,
        "registrations": registrations,
        "preferred": _resolve_preference(preference, registrations, warnings),
    }
    return warnings.result(document)
