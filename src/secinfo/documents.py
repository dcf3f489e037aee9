"""The JSON interface ([documents](docs/rules.md#documents)): load and dump policy, user and session
documents.

``load_*`` read a JSON-ready mapping (what :func:`json.load` returns), JSON text or the path of a
JSON file, and return the frozen model value; every problem is an
:class:`~secinfo.errors.InvalidDocument` whose ``path`` is the dotted path of the offending
element (``registrations.1.number``; ``""`` for the document itself) and whose message quotes
the offending value (phone numbers masked). Unknown keys are errors, omitted optional keys take
the defaults of [documents](docs/rules.md#documents).

``dump_*`` return the canonical form: every key written, sets as sorted lists, times as RFC 3339
in UTC with ``Z``. For every valid value ``x`` within the caps below, ``load(dump(x)) == x``.

Caps (documents beyond them are refused; ``dump_*`` does not check them):
:data:`MAX_REGISTRATIONS`, :data:`MAX_GROUPS`, :data:`MAX_TARGETS`, :data:`MAX_GROUP_LENGTH`,
:data:`MAX_LIMIT`, :data:`MAX_SNOOZES`, :data:`MAX_CREDENTIALS`, :data:`MAX_REGIONS`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import attrs

from . import _args, _fastread
from . import _reader as r
from ._fields import (
    MAX_GROUP_LENGTH,
    MAX_GROUPS,
    MAX_LIMIT,
    MAX_REGIONS,
    MAX_REGISTRATIONS,
    MAX_SNOOZES,
    MAX_TARGETS,
    Shape,
    Spec,
    specs,
)
from ._reader import Field
from .errors import InvalidDocument
from .methods import Kind, Method, Purpose, by_rank
from .policy import (
    MethodSetting,
    TenantPolicy,
)
from .registrations import REGISTRATION_TYPES, Registration
from .session import MAX_CREDENTIALS, Session
from .user import UserState

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


T = TypeVar("T")


def _parse(text: str | bytes, source: str | None) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = f"not JSON: {error.msg} (line {error.lineno}, column {error.colno})"
    except UnicodeDecodeError:
        message = "not JSON: the text is not UTF-8, UTF-16 or UTF-32"
    except RecursionError:
        message = "not JSON this reader can nest (too deeply nested)"
    raise InvalidDocument("", message, source=source)


def _from_source(doc: object, read: Callable[[object], T]) -> T:
    """*read* the document *doc*: a JSON-ready mapping, JSON text (``str`` or ``bytes``), or
    the path (:class:`os.PathLike`) of a JSON file, whose name every error then carries."""
    if isinstance(doc, os.PathLike):
        source = os.fsdecode(os.fspath(doc))
        try:
            with open(source, "rb") as file:
                text = file.read()
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise InvalidDocument("", f"cannot read the file ({reason})", source=source) from None
        try:
            return read(_parse(text, source))
        except InvalidDocument as error:
            if error.source is not None:
                raise
            raise InvalidDocument(error.path, error.detail, source=source) from None
    if isinstance(doc, str | bytes | bytearray):
        return read(_parse(bytes(doc) if isinstance(doc, bytearray) else doc, None))
    return read(doc)


def _group_set(max_items: int) -> Any:
    def read(value: object, path: str) -> frozenset[str]:
        return r.string_set(value, path, max_items=max_items, max_length=MAX_GROUP_LENGTH)

    return read


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


def _label(max_length: int) -> Any:
    def read(value: object, path: str) -> str:
        return r.string(value, path, max_length=max_length)

    return read


def _digits(max_length: int) -> Any:
    def read(value: object, path: str) -> str:
        text = r.string(value, path, max_length=max_length)
        if not (text.isascii() and text.isdigit()):
            r.fail(path, f"{r.quote(text)} is not 1–{max_length} ASCII digits")
        return text

    return read


def _string_set(max_items: int | None, max_length: int) -> Any:
    assert max_items is not None

    def read(value: object, path: str) -> frozenset[str]:
        return r.string_set(value, path, max_items=max_items, max_length=max_length)

    return read


def _regions(max_items: int) -> Any:
    def read(value: object, path: str) -> frozenset[str]:
        elements = r.items(value, path, max_items=max_items)
        regions: set[str] = set()
        for index, element in enumerate(elements):
            where = r.join(path, index)
            region = r.string(element, where, max_length=_REGION_LENGTH)
            letters = len(region) == 2 and region.isascii() and region.isalpha()
            if not (letters or region == _NON_GEOGRAPHIC):
                r.fail(where, f"{r.quote(region)} is not a two-letter region code (or 001)")
            regions.add(region)
        return frozenset(regions)

    return read


def _words(allowed: tuple[str, ...], max_items: int) -> Any:
    names = ", ".join(repr(word) for word in allowed)

    def read(value: object, path: str) -> tuple[str, ...]:
        elements = r.items(value, path, max_items=max_items)
        result: list[str] = []
        for index, element in enumerate(elements):
            if not isinstance(element, str) or element not in allowed:
                r.fail(r.join(path, index), f"{r.quote(element)} is not one of {names}")
            result.append(str.__str__(element))
        return tuple(result)

    return read


def _method_set(allowed: tuple[Any, ...]) -> Any:
    def read(value: object, path: str) -> frozenset[Method]:
        elements = r.items(value, path, max_items=len(Method))
        if not elements:
            r.fail(path, "the list is empty: at least one method is required")
        return frozenset(
            r.member(element, r.join(path, index), Method, allowed=allowed)
            for index, element in enumerate(elements)
        )

    return read


def _capable(method: Method, purpose: Purpose) -> Any:
    def read(value: object, path: str) -> bool:
        flag = r.boolean(value, path)
        if flag and not method.capable(purpose):
            r.fail(path, f"true: method {method.value!r} cannot serve {purpose.value}")
        return flag

    return read


# --------------------------------------------------------------------------------------------
# Readers and writers derived from the models' field specs
# --------------------------------------------------------------------------------------------


def _reader(spec: Spec) -> Any:
    """How a document gives a field of *spec*'s shape (bounds from the spec)."""
    read: Any
    match spec.shape:
        case Shape.TEXT | Shape.LABEL | Shape.EMAIL | Shape.NAME | Shape.GUID:
            read = _label(spec.upper)
        case Shape.DIGITS:
            read = _digits(spec.upper)
        case Shape.FLAG:
            read = _flag
        case Shape.INTEGER:
            read = _int(spec.low, spec.upper)
        case Shape.CHOICE:
            assert spec.enum_type is not None
            read = _enum(spec.enum_type, *spec.choices)
        case Shape.PHONE:
            read = r.phone_number
        case Shape.TIME:
            read = r.time
        case Shape.TARGETS:
            read = _group_set(spec.upper)
        case Shape.REGIONS:
            read = _regions(spec.upper)
        case Shape.GUIDS | Shape.NAMES:
            read = _string_set(spec.cap, spec.upper)
        case Shape.WORDS:
            read = _words(spec.words, spec.upper)
        case Shape.REGISTRATIONS:
            read = _registrations(spec.upper)
        case Shape.SECTION:
            assert spec.section is not None
            read = _section(spec.section)
        case Shape.METHODS:
            read = _method_set(spec.allowed)
    return r.optional(read) if spec.optional else read


def _fields_of(cls: type[Any], *, skip: tuple[str, ...] = ()) -> tuple[Field, ...]:
    """The document keys of the attrs class *cls*: one per field (but *skip*), required when
    the field has no default."""
    return tuple(
        Field(attribute.name, _reader(spec), required=attribute.default is attrs.NOTHING)
        for attribute, spec in specs(cls, skip=skip)
    )


def _section(cls: type[Any]) -> Any:
    fields = _fields_of(cls)

    def read(value: object, path: str) -> Any:
        return r.construct(path, cls, **r.fields(value, path, fields))

    return read


def _write(spec: Spec, value: Any) -> object:
    """The JSON form of a field value of *spec*'s shape."""
    if value is None:
        return None
    match spec.shape:
        case Shape.TIME:
            return _time(value)
        case Shape.CHOICE:
            return value.value
        case Shape.TARGETS | Shape.REGIONS | Shape.GUIDS | Shape.NAMES:
            return sorted(value)
        case Shape.METHODS:
            return [method.value for method in by_rank(value)]
        case Shape.WORDS:
            return list(value)
        case Shape.REGISTRATIONS:
            return [{"kind": item.kind.value, **_dump(item)} for item in value]
        case Shape.SECTION:
            return _dump(value)
    return value


def _dump(value: Any, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every field of the attrs instance *value* (but *skip*), in declaration order."""
    return {
        attribute.name: _write(spec, getattr(value, attribute.name))
        for attribute, spec in specs(type(value), skip=skip)
    }


# --------------------------------------------------------------------------------------------
# Policy
# --------------------------------------------------------------------------------------------

_SETTING_FIELDS = {field.name: field for field in _fields_of(MethodSetting, skip=("method",))}


def _method_setting(method: Method) -> tuple[Field, ...]:
    """A method's entry: the fields of :class:`MethodSetting` that belong to it
    (:meth:`MethodSetting.keys`: the common ones and its own), the purpose flags checked
    against the method's capability (so the message quotes the document's ``true``)."""
    return tuple(
        Field(name, _capable(method, Purpose(name)))
        if name in (Purpose.MFA, Purpose.SSPR)
        else _SETTING_FIELDS[name]
        for name in MethodSetting.keys(method)
    )


_SETTING_KEYS: dict[Method, tuple[Field, ...]] = {
    method: _method_setting(method) for method in Method
}


def _methods(value: object, path: str) -> tuple[MethodSetting, ...]:
    document = r.mapping(value, path)
    settings: list[MethodSetting] = []
    for key, entry in document.items():
        where = r.join(path, key)
        method = r.member(key, where, Method)
        kwargs = r.fields(entry, where, _SETTING_KEYS[method])
        settings.append(r.construct(where, MethodSetting, method=method, **kwargs))
    return tuple(settings)


_POLICY = (
    Field("schema", _schema(POLICY_SCHEMA), required=True),
    Field("methods", _methods),
    *_fields_of(TenantPolicy, skip=("methods",)),
)


def load_policy(doc: object) -> TenantPolicy:
    """Read a policy document ([documents](docs/rules.md#documents)); ``schema`` must be
    ``"secinfo/policy/1"``. *doc* is what :func:`json.load` returns, JSON text (``str`` or
    ``bytes``) or the path of a JSON file (:class:`os.PathLike`, whose name every error
    carries as ``source``); the other loaders take the same.

    >>> policy = load_policy({"schema": "secinfo/policy/1",
    ...                       "methods": {"sms": {"mfa": True}},
    ...                       "mfa": {"enforced_for": ["all"]}})
    >>> policy.enabled_for(Method.SMS, Purpose.MFA, frozenset()), policy.mfa.methods_required
    (True, 1)
    >>> load_policy('{"schema": "secinfo/policy/1", "bootstrap": "administrator"}').bootstrap
    <Bootstrap.ADMINISTRATOR: 'administrator'>
    >>> load_policy({"schema": "secinfo/policy/1", "methods": {"email": {"mfa": True}}})
    Traceback (most recent call last):
    ...
    secinfo.errors.InvalidDocument: methods.email.mfa: true: method 'email' cannot serve mfa
    """
    return _from_source(doc, _read_policy)


def _read_policy(doc: object) -> TenantPolicy:
    _check_schema(doc, POLICY_SCHEMA, required=True)
    kwargs = r.fields(doc, "", _POLICY)
    kwargs.pop("schema")
    return r.construct("", TenantPolicy, **kwargs)


def _dump_setting(setting: MethodSetting) -> dict[str, Any]:
    """A method's entry: the keys of :meth:`MethodSetting.keys` (its own settings included)."""
    keys = MethodSetting.keys(setting.method)
    return {name: value for name, value in _dump(setting, skip=("method",)).items() if name in keys}


def dump_policy(policy: TenantPolicy) -> dict[str, Any]:
    """The canonical policy document: every key, sets as sorted lists.

    >>> dump_policy(TenantPolicy())["mfa"]
    {'enforced_for': [], 'exclude': [], 'methods_required': 1, 'grace_days': 0}
    """
    policy = _args.instance("policy", policy, TenantPolicy)
    return {
        "schema": POLICY_SCHEMA,
        "methods": {setting.method.value: _dump_setting(setting) for setting in policy.methods},
        **_dump(policy, skip=("methods",)),
    }


# --------------------------------------------------------------------------------------------
# User
# --------------------------------------------------------------------------------------------

_KIND_SPECS: dict[Kind, tuple[Field, ...]] = {
    kind: (Field("kind", _enum(Kind), required=True), *_fields_of(cls))
    for kind, cls in REGISTRATION_TYPES.items()
}
"""The keys of each kind's registration: ``kind``, then the fields of its class."""


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


def _registrations(max_items: int) -> Any:
    def read(value: object, path: str) -> tuple[Registration, ...]:
        elements = r.items(value, path, max_items=max_items)
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

    return read


_USER = (
    Field("schema", _schema(USER_SCHEMA), required=True),
    *_fields_of(UserState),
)


def load_user(doc: object) -> UserState:
    """Read a user document ([documents](docs/rules.md#documents)); ``schema`` must be
    ``"secinfo/user/1"``.

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
    return _from_source(doc, _read_user)


def _read_user(doc: object) -> UserState:
    user = _fastread.read_user(doc)  # the common case, checked once; every doubt comes here
    if user is not _fastread.DEFER:
        return user
    return _read_user_plainly(doc)


def _read_user_plainly(doc: object) -> UserState:
    """The reference reader of user documents (every message comes from here)."""
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


def dump_user(user: UserState) -> dict[str, Any]:
    """The canonical user document: every key, groups sorted, times in UTC with ``Z``.

    >>> dump_user(UserState(user_id="u1"))["campaign"]
    {'snoozes': 0, 'last_snoozed_at': None}
    """
    user = _args.instance("user", user, UserState)
    return {"schema": USER_SCHEMA, **_dump(user)}


# --------------------------------------------------------------------------------------------
# Session
# --------------------------------------------------------------------------------------------


_SESSION = (
    Field("schema", _schema(SESSION_SCHEMA)),
    *_fields_of(Session),
)


def load_session(doc: object) -> Session:
    """Read a session document ([documents](docs/rules.md#documents)). ``schema`` is optional; when
    present it must be ``"secinfo/session/1"``.

    >>> session = load_session({"signed_in_at": "2026-11-25T11:55:00Z",
    ...                         "mfa_at": "2026-11-25T11:56:00Z", "mfa_method": "sms"})
    >>> session.signed_in_with, session.mfa_method
    (('password',), <Method.SMS: 'sms'>)
    >>> load_session({"signed_in_at": "2026-11-25T11:55:00"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    secinfo.errors.InvalidDocument: signed_in_at: '2026-11-25T11:55:00' is not an RFC 3339 ...
    """
    return _from_source(doc, _read_session)


def _read_session(doc: object) -> Session:
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
    return {"schema": SESSION_SCHEMA, **_dump(session)}
