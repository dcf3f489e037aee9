"""The JSON interface (DESIGN.md §4.1–§4.2): load and dump policy, user and session documents.

``load_*`` read a JSON-ready mapping (what :func:`json.load` returns) and return the frozen model
value; every problem is an :class:`~secinfo.errors.InvalidDocument` whose ``path`` is the dotted
path of the offending element (``registrations.1.number``; ``""`` for the document itself) and
whose message quotes the offending value (phone numbers masked). Unknown keys are errors, omitted
optional keys take the defaults of DESIGN.md §4.2.

``dump_*`` return the canonical form: every key written, sets as sorted lists, times as RFC 3339
in UTC with ``Z``. For every valid value ``x`` within the caps below, ``load(dump(x)) == x``.

Caps (documents beyond them are refused; ``dump_*`` does not check them):
:data:`MAX_REGISTRATIONS`, :data:`MAX_GROUPS`, :data:`MAX_TARGETS`, :data:`MAX_GROUP_LENGTH`,
:data:`MAX_LIMIT`, :data:`MAX_SNOOZES`, :data:`MAX_CREDENTIALS`, :data:`MAX_REGIONS`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs

from . import _args
from . import _reader as r
from ._reader import Field
from .methods import Actor, Kind, Method, Purpose, by_rank
from .policy import (
    Bootstrap,
    CampaignSettings,
    CampaignState,
    CombinedRegistration,
    Limits,
    MethodSetting,
    MfaSettings,
    PhoneSettings,
    SsprSettings,
    StepUpSettings,
    SystemPreferred,
    TenantPolicy,
)
from .registrations import REGISTRATION_TYPES, Registration
from .session import SIGN_IN_CREDENTIALS, Session
from .user import PREFERABLE_METHODS, CampaignProgress, UserState

__all__ = [
    "MAX_CREDENTIALS",
    "MAX_GROUPS",
    "MAX_GROUP_LENGTH",
    "MAX_LIMIT",
    "MAX_REGIONS",
    "MAX_REGISTRATIONS",
    "MAX_SNOOZES",
    "MAX_TARGETS",
    "POLICY_SCHEMA",
    "SESSION_SCHEMA",
    "USER_SCHEMA",
    "dump_policy",
    "dump_session",
    "dump_user",
    "load_policy",
    "load_session",
    "load_user",
]

POLICY_SCHEMA = "secinfo/policy/1"
"""The required ``schema`` of a policy document."""
USER_SCHEMA = "secinfo/user/1"
"""The required ``schema`` of a user document."""
SESSION_SCHEMA = "secinfo/session/1"
"""The optional ``schema`` of a session document (written by :func:`dump_session`)."""

MAX_REGISTRATIONS = 1000
"""Most registrations a user document may hold."""
MAX_GROUPS = 10_000
"""Most groups a user document may list."""
MAX_TARGETS = 10_000
"""Most entries of one target list (``include``, ``exclude``, ``enforced_for``, …)."""
MAX_GROUP_LENGTH = 256
"""Longest group id (in targets and in a user's ``groups``)."""
MAX_LIMIT = MAX_REGISTRATIONS
"""Largest value of a ``limits`` entry."""
MAX_SNOOZES = 1_000_000
"""Largest ``campaign.snoozes`` of a user."""
MAX_CREDENTIALS = 32
"""Most entries of a session's ``signed_in_with``."""
MAX_REGIONS = 300
"""Most entries of ``phone.allowed_regions`` / ``phone.blocked_regions``."""

_ID_LENGTH = 128
_USER_ID_LENGTH = 256
_LABEL_LENGTH = 256
_ADDRESS_LENGTH = 254
_EXTENSION_LENGTH = 10
_REGION_LENGTH = 3
_NON_GEOGRAPHIC = "001"  # phonenumbers' region of non-geographic numbers (+800, +882, …)

# --------------------------------------------------------------------------------------------
# Field readers
# --------------------------------------------------------------------------------------------


def _schema(expected: str) -> Any:
    def read(value: object, path: str) -> str:
        if value != expected or not isinstance(value, str):
            r.fail(path, f"{r.quote(value)} is not {expected!r}")
        return expected

    return read


def _check_schema(doc: object, expected: str, *, required: bool) -> None:
    """Check ``schema`` before anything else, so a document of the wrong type says so."""
    document = r.mapping(doc, "")
    if "schema" in document:
        _schema(expected)(document["schema"], "schema")
    elif required:
        r.fail("schema", f"required key 'schema' is missing (expected {expected!r})")


def _targets(value: object, path: str) -> frozenset[str]:
    return r.string_set(value, path, max_items=MAX_TARGETS, max_length=MAX_GROUP_LENGTH)


def _flag(value: object, path: str) -> bool:
    return r.boolean(value, path)


def _int(low: int, high: int) -> Any:
    def read(value: object, path: str) -> int:
        return r.integer(value, path, low=low, high=high)

    return read


def _enum(enum_type: type[Any], *allowed: Any) -> Any:
    def read(value: object, path: str) -> Any:
        return r.member(value, path, enum_type, allowed=allowed)

    return read


def _label(max_length: int = _LABEL_LENGTH) -> Any:
    def read(value: object, path: str) -> str:
        return r.string(value, path, max_length=max_length)

    return read


def _regions(value: object, path: str) -> frozenset[str]:
    elements = r.items(value, path, max_items=MAX_REGIONS)
    regions: set[str] = set()
    for index, element in enumerate(elements):
        where = r.join(path, index)
        region = r.string(element, where, max_length=_REGION_LENGTH)
        letters = len(region) == 2 and region.isascii() and region.isalpha()
        if not (letters or region == _NON_GEOGRAPHIC):
            r.fail(where, f"{r.quote(region)} is not a two-letter region code (or 001)")
        regions.add(region)
    return frozenset(regions)


def _capable(method: Method, purpose: Purpose) -> Any:
    def read(value: object, path: str) -> bool:
        flag = r.boolean(value, path)
        if flag and not method.capable(purpose):
            r.fail(path, f"true: method {method.value!r} cannot serve {purpose.value}")
        return flag

    return read


# --------------------------------------------------------------------------------------------
# Policy
# --------------------------------------------------------------------------------------------

_CAMPAIGN_METHODS = (Method.PUSH, Method.PASSKEY)
_LIMIT_KEYS = ("authenticator_app", "software_oath", "hardware_oath", "passkey", "windows_hello")

_MFA = (
    Field("enforced_for", _targets),
    Field("exclude", _targets),
    Field("methods_required", _int(1, 2)),
    Field("grace_days", _int(0, 365)),
)
_SSPR = (
    Field("enabled_for", _targets),
    Field("exclude", _targets),
    Field("registration_required", _flag),
    Field("methods_required", _int(1, 2)),
    Field("reconfirm_days", _int(0, 730)),
)
_COMBINED = (Field("enabled_for", _targets), Field("exclude", _targets))
_SYSTEM_PREFERRED = (
    Field("enabled", _flag),
    Field("include", _targets),
    Field("exclude", _targets),
)
_CAMPAIGN = (
    Field("state", _enum(CampaignState)),
    Field("method", _enum(Method, *_CAMPAIGN_METHODS)),
    Field("include", _targets),
    Field("exclude", _targets),
    Field("snooze_days", _int(0, 14)),
    Field("limited_snoozes", _flag),
)
_STEP_UP = (
    Field("session_minutes", _int(1, 1440)),
    Field("passkey_add_minutes", _int(1, 1440)),
)
_PHONE = (
    Field("allowed_regions", r.optional(_regions)),
    Field("blocked_regions", _regions),
    Field("allow_voip", _flag),
)
_LIMITS = tuple(Field(key, _int(1, MAX_LIMIT)) for key in _LIMIT_KEYS)


def _section(cls: type[Any], spec: tuple[Field, ...]) -> Any:
    def read(value: object, path: str) -> Any:
        return r.construct(path, cls, **r.fields(value, path, spec))

    return read


def _method_setting(method: Method) -> tuple[Field, ...]:
    return (
        Field("mfa", _capable(method, Purpose.MFA)),
        Field("sspr", _capable(method, Purpose.SSPR)),
        Field("include", _targets),
        Field("exclude", _targets),
    )


def _methods(value: object, path: str) -> tuple[MethodSetting, ...]:
    document = r.mapping(value, path)
    settings: list[MethodSetting] = []
    for key, entry in document.items():
        where = r.join(path, key)
        method = r.member(key, where, Method)
        kwargs = r.fields(entry, where, _method_setting(method))
        settings.append(r.construct(where, MethodSetting, method=method, **kwargs))
    return tuple(settings)


_POLICY = (
    Field("schema", _schema(POLICY_SCHEMA), required=True),
    Field("methods", _methods),
    Field("mfa", _section(MfaSettings, _MFA)),
    Field("sspr", _section(SsprSettings, _SSPR)),
    Field("combined_registration", _section(CombinedRegistration, _COMBINED)),
    Field("system_preferred", _section(SystemPreferred, _SYSTEM_PREFERRED)),
    Field("campaign", _section(CampaignSettings, _CAMPAIGN)),
    Field("step_up", _section(StepUpSettings, _STEP_UP)),
    Field("bootstrap", _enum(Bootstrap)),
    Field("office_phone_user_managed", _flag),
    Field("phone", _section(PhoneSettings, _PHONE)),
    Field("limits", _section(Limits, _LIMITS)),
)


def load_policy(doc: object) -> TenantPolicy:
    """Read a policy document (DESIGN.md §4.1); ``schema`` must be ``"secinfo/policy/1"``.

    >>> policy = load_policy({"schema": "secinfo/policy/1",
    ...                       "methods": {"sms": {"mfa": True}},
    ...                       "mfa": {"enforced_for": ["all"]}})
    >>> policy.enabled_for(Method.SMS, Purpose.MFA, frozenset()), policy.mfa.methods_required
    (True, 1)
    >>> load_policy({"schema": "secinfo/policy/1", "methods": {"email": {"mfa": True}}})
    Traceback (most recent call last):
    ...
    secinfo.errors.InvalidDocument: methods.email.mfa: true: method 'email' cannot serve mfa
    """
    _check_schema(doc, POLICY_SCHEMA, required=True)
    kwargs = r.fields(doc, "", _POLICY)
    kwargs.pop("schema")
    return r.construct("", TenantPolicy, **kwargs)


def _sorted(values: frozenset[str] | None) -> list[str] | None:
    return None if values is None else sorted(values)


def dump_policy(policy: TenantPolicy) -> dict[str, Any]:
    """The canonical policy document: every key, sets as sorted lists.

    >>> dump_policy(TenantPolicy())["mfa"]
    {'enforced_for': [], 'exclude': [], 'methods_required': 1, 'grace_days': 0}
    """
    policy = _args.instance("policy", policy, TenantPolicy)
    return {
        "schema": POLICY_SCHEMA,
        "methods": {
            setting.method.value: {
                "mfa": setting.mfa,
                "sspr": setting.sspr,
                "include": sorted(setting.include),
                "exclude": sorted(setting.exclude),
            }
            for setting in policy.methods
        },
        "mfa": {
            "enforced_for": sorted(policy.mfa.enforced_for),
            "exclude": sorted(policy.mfa.exclude),
            "methods_required": policy.mfa.methods_required,
            "grace_days": policy.mfa.grace_days,
        },
        "sspr": {
            "enabled_for": sorted(policy.sspr.enabled_for),
            "exclude": sorted(policy.sspr.exclude),
            "registration_required": policy.sspr.registration_required,
            "methods_required": policy.sspr.methods_required,
            "reconfirm_days": policy.sspr.reconfirm_days,
        },
        "combined_registration": {
            "enabled_for": sorted(policy.combined_registration.enabled_for),
            "exclude": sorted(policy.combined_registration.exclude),
        },
        "system_preferred": {
            "enabled": policy.system_preferred.enabled,
            "include": sorted(policy.system_preferred.include),
            "exclude": sorted(policy.system_preferred.exclude),
        },
        "campaign": {
            "state": policy.campaign.state.value,
            "method": policy.campaign.method.value,
            "include": sorted(policy.campaign.include),
            "exclude": sorted(policy.campaign.exclude),
            "snooze_days": policy.campaign.snooze_days,
            "limited_snoozes": policy.campaign.limited_snoozes,
        },
        "step_up": {
            "session_minutes": policy.step_up.session_minutes,
            "passkey_add_minutes": policy.step_up.passkey_add_minutes,
        },
        "bootstrap": policy.bootstrap.value,
        "office_phone_user_managed": policy.office_phone_user_managed,
        "phone": {
            "allowed_regions": _sorted(policy.phone.allowed_regions),
            "blocked_regions": sorted(policy.phone.blocked_regions),
            "allow_voip": policy.phone.allow_voip,
        },
        "limits": {key: getattr(policy.limits, key) for key in _LIMIT_KEYS},
    }


# --------------------------------------------------------------------------------------------
# User
# --------------------------------------------------------------------------------------------

_COMMON = (
    Field("id", _label(_ID_LENGTH), required=True),
    Field("registered_at", r.time, required=True),
    Field("registered_by", _enum(Actor)),
)


def _extension(value: object, path: str) -> str:
    extension = r.string(value, path, max_length=_EXTENSION_LENGTH)
    if not (extension.isascii() and extension.isdigit()):
        r.fail(path, f"{r.quote(extension)} is not 1–10 ASCII digits")
    return extension


def _address(value: object, path: str) -> str:
    return r.string(value, path, max_length=_ADDRESS_LENGTH)


_KIND_FIELDS: dict[Kind, tuple[Field, ...]] = {
    Kind.AUTHENTICATOR_APP: (
        Field("device_name", _label(), required=True),
        Field("notifications", _flag, required=True),
    ),
    Kind.SOFTWARE_OATH: (Field("name", _label(), required=True),),
    Kind.HARDWARE_OATH: (Field("serial", _label(), required=True),),
    Kind.MOBILE_PHONE: (
        Field("number", r.phone_number, required=True),
        Field("verified_with", _enum(Method, Method.SMS, Method.VOICE_MOBILE)),
    ),
    Kind.ALTERNATE_PHONE: (Field("number", r.phone_number, required=True),),
    Kind.OFFICE_PHONE: (
        Field("number", r.phone_number, required=True),
        Field("extension", r.optional(_extension)),
    ),
    Kind.EMAIL: (Field("address", _address, required=True),),
    Kind.SECURITY_QUESTIONS: (Field("answered", _int(1, 20), required=True),),
    Kind.PASSKEY: (Field("name", _label(), required=True),),
    Kind.WINDOWS_HELLO: (Field("device_name", _label(), required=True),),
    Kind.CERTIFICATE: (Field("subject", _label(), required=True),),
    Kind.TEMPORARY_ACCESS_PASS: (
        Field("starts_at", r.time, required=True),
        Field("expires_at", r.time, required=True),
        Field("one_time", _flag),
        Field("used", _flag),
    ),
}

_KIND_SPECS: dict[Kind, tuple[Field, ...]] = {
    kind: (Field("kind", _enum(Kind), required=True), *_COMMON, *extra)
    for kind, extra in _KIND_FIELDS.items()
}


def _registration(value: object, path: str) -> Registration:
    document = r.mapping(value, path)
    if "kind" not in document:
        r.fail(r.join(path, "kind"), "required key 'kind' is missing")
    kind = r.member(document["kind"], r.join(path, "kind"), Kind)
    kwargs = r.fields(document, path, _KIND_SPECS[kind])
    kwargs.pop("kind")
    cls: Any = REGISTRATION_TYPES[kind]
    registration: Registration = r.construct(path, cls, **kwargs)
    return registration


def _registrations(value: object, path: str) -> tuple[Registration, ...]:
    elements = r.items(value, path, max_items=MAX_REGISTRATIONS)
    seen: dict[str, int] = {}
    result: list[Registration] = []
    for index, element in enumerate(elements):
        where = r.join(path, index)
        registration = _registration(element, where)
        if registration.id in seen:
            first = r.join(path, seen[registration.id])
            r.fail(
                r.join(where, "id"),
                f"registration id {r.quote(registration.id)} is repeated (first at {first})",
            )
        seen[registration.id] = index
        result.append(registration)
    return tuple(result)


def _groups(value: object, path: str) -> frozenset[str]:
    return r.string_set(value, path, max_items=MAX_GROUPS, max_length=MAX_GROUP_LENGTH)


_CAMPAIGN_PROGRESS = (
    Field("snoozes", _int(0, MAX_SNOOZES)),
    Field("last_snoozed_at", r.optional(r.time)),
)

_USER = (
    Field("schema", _schema(USER_SCHEMA), required=True),
    Field("user_id", _label(_USER_ID_LENGTH), required=True),
    Field("groups", _groups),
    Field("registrations", _registrations),
    Field("preferred", r.optional(_enum(Method, *by_rank(PREFERABLE_METHODS)))),
    Field("last_reviewed_at", r.optional(r.time)),
    Field("first_prompted_at", r.optional(r.time)),
    Field("campaign", _section(CampaignProgress, _CAMPAIGN_PROGRESS)),
    Field("business_phone", r.optional(r.phone_number)),
)


def load_user(doc: object) -> UserState:
    """Read a user document (DESIGN.md §4.1); ``schema`` must be ``"secinfo/user/1"``.

    >>> user = load_user({"schema": "secinfo/user/1", "user_id": "u1", "registrations": [
    ...     {"kind": "mobile_phone", "id": "r1", "registered_at": "2026-01-05T10:00:00+01:00",
    ...      "number": "+14255550134", "verified_with": "sms"}]})
    >>> user.registrations[0].registered_at.isoformat(), user.preferred
    ('2026-01-05T09:00:00+00:00', None)
    >>> load_user({"schema": "secinfo/user/1", "user_id": "u1", "registrations": [
    ...     {"kind": "mobile_phone", "id": "r1", "registered_at": "2026-01-05T09:00:00Z",
    ...      "number": "14255550134"}]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    secinfo.errors.InvalidDocument: registrations.0.number: 'XXXXXXXXX34' is not an E.164 ...
    """
    _check_schema(doc, USER_SCHEMA, required=True)
    kwargs = r.fields(doc, "", _USER)
    kwargs.pop("schema")
    return r.construct("", UserState, **kwargs)


def _time(value: datetime) -> str:
    """RFC 3339 in UTC with ``Z`` (microseconds only when non-zero)."""
    try:
        moment = value.astimezone(UTC)
    except OverflowError:  # the first/last day of year 1/9999 may not convert: keep the offset
        return value.isoformat()
    text = moment.strftime("%Y-%m-%dT%H:%M:%S") if moment.year >= 1000 else _early(moment)
    if moment.microsecond:
        text += f".{moment.microsecond:06d}"
    return text + "Z"


def _early(moment: datetime) -> str:
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
    )


def _optional_time(value: datetime | None) -> str | None:
    return None if value is None else _time(value)


def _dump_value(value: object) -> object:
    if isinstance(value, datetime):
        return _time(value)
    if isinstance(value, Method | Actor):
        return value.value
    return value


def _dump_registration(registration: Registration) -> dict[str, Any]:
    document: dict[str, Any] = {"kind": registration.kind.value}
    for attribute in attrs.fields(type(registration)):
        document[attribute.name] = _dump_value(getattr(registration, attribute.name))
    return document


def dump_user(user: UserState) -> dict[str, Any]:
    """The canonical user document: every key, groups sorted, times in UTC with ``Z``.

    >>> dump_user(UserState(user_id="u1"))["campaign"]
    {'snoozes': 0, 'last_snoozed_at': None}
    """
    user = _args.instance("user", user, UserState)
    return {
        "schema": USER_SCHEMA,
        "user_id": user.user_id,
        "groups": sorted(user.groups),
        "registrations": [_dump_registration(item) for item in user.registrations],
        "preferred": None if user.preferred is None else user.preferred.value,
        "last_reviewed_at": _optional_time(user.last_reviewed_at),
        "first_prompted_at": _optional_time(user.first_prompted_at),
        "campaign": {
            "snoozes": user.campaign.snoozes,
            "last_snoozed_at": _optional_time(user.campaign.last_snoozed_at),
        },
        "business_phone": user.business_phone,
    }


# --------------------------------------------------------------------------------------------
# Session
# --------------------------------------------------------------------------------------------


def _credentials(value: object, path: str) -> tuple[str, ...]:
    elements = r.items(value, path, max_items=MAX_CREDENTIALS)
    result: list[str] = []
    for index, element in enumerate(elements):
        where = r.join(path, index)
        if not isinstance(element, str) or element not in SIGN_IN_CREDENTIALS:
            names = ", ".join(repr(name) for name in sorted(SIGN_IN_CREDENTIALS))
            r.fail(where, f"{r.quote(element)} is not one of {names}")
        result.append(str.__str__(element))
    return tuple(result)


_SESSION = (
    Field("schema", _schema(SESSION_SCHEMA)),
    Field("signed_in_at", r.time, required=True),
    Field("signed_in_with", _credentials),
    Field("mfa_at", r.optional(r.time)),
    Field("mfa_method", r.optional(_enum(Method))),
    Field("registered_in_session", _flag),
)


def load_session(doc: object) -> Session:
    """Read a session document (DESIGN.md §4.1). ``schema`` is optional; when present it must be
    ``"secinfo/session/1"``.

    >>> session = load_session({"signed_in_at": "2026-11-25T11:55:00Z",
    ...                         "mfa_at": "2026-11-25T11:56:00Z", "mfa_method": "sms"})
    >>> session.signed_in_with, session.mfa_method
    (('password',), <Method.SMS: 'sms'>)
    >>> load_session({"signed_in_at": "2026-11-25T11:55:00"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    secinfo.errors.InvalidDocument: signed_in_at: '2026-11-25T11:55:00' is not an RFC 3339 ...
    """
    _check_schema(doc, SESSION_SCHEMA, required=False)
    kwargs = r.fields(doc, "", _SESSION)
    kwargs.pop("schema", None)
    return r.construct("", Session, **kwargs)


def dump_session(session: Session) -> dict[str, Any]:
    """The canonical session document, with ``"schema": "secinfo/session/1"``.

    >>> from datetime import datetime, UTC
    >>> dump_session(Session(signed_in_at=datetime(2026, 11, 25, 12, tzinfo=UTC)))["signed_in_at"]
    '2026-11-25T12:00:00Z'
    """
    session = _args.instance("session", session, Session)
    return {
        "schema": SESSION_SCHEMA,
        "signed_in_at": _time(session.signed_in_at),
        "signed_in_with": list(session.signed_in_with),
        "mfa_at": _optional_time(session.mfa_at),
        "mfa_method": None if session.mfa_method is None else session.mfa_method.value,
        "registered_in_session": session.registered_in_session,
    }
