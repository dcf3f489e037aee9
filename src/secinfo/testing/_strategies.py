"""Hypothesis strategies for secinfo's domain values, and :func:`registration_for`."""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument as HypothesisInvalidArgument

from .. import _args
from .._fields import Shape, Spec, specs
from .._mask import describe
from .._time import later
from .._validate import require_aware
from ..errors import InvalidArgumentType
from ..methods import (
    ADMIN_ONLY_KINDS,
    MFA_METHODS,
    SSPR_METHODS,
    Actor,
    Kind,
    Method,
    MethodName,
    by_rank,
)
from ..policy import (
    ALL,
    TAP_MINUTES,
    Bootstrap,
    CampaignSettings,
    CampaignState,
    CombinedRegistration,
    KeyEnforcement,
    KeyRestrictions,
    Limits,
    MethodSetting,
    MfaSettings,
    PhoneSettings,
    RegistrationStrength,
    SsprSettings,
    StepUpSettings,
    SystemPreferred,
    TenantPolicy,
)
from ..registrations import (
    REGISTRATION_TYPES,
    ExternalAuthentication,
    Passkey,
    Registration,
    TemporaryAccessPass,
)
from ..session import SIGN_IN_CREDENTIALS, Session
from ..user import PREFERABLE_METHODS, CampaignProgress, UserState

__all__ = [
    "DEFAULT_GROUPS",
    "REFERENCE_NOW",
    "SAMPLE_AAGUIDS",
    "SAMPLE_PROVIDERS",
    "aware_datetimes",
    "phone_numbers",
    "policies",
    "register_type_strategies",
    "registration_for",
    "registrations",
    "sessions",
    "tenants",
    "users",
]

REFERENCE_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
"""The default reference time the strategies draw times around."""

DEFAULT_GROUPS: tuple[str, ...] = ("g-sales", "g-admins", "g-contractors", "g-pilot")
"""The group ids :func:`policies` targets unless given ``groups``."""

SAMPLE_AAGUIDS: tuple[str, ...] = (
    "cb69481e-8ff7-4039-93ec-0a2729a154a8",  # YubiKey 5 (USB-A, firmware 5.1)
    "90a3ccdf-635c-4729-a248-9b709135078f",  # Microsoft Authenticator (iOS)
    "de1e552d-db1d-4423-a619-566b625cdc84",  # Microsoft Authenticator (Android)
    "08987058-cadc-4b81-b6e1-30de50dcbe96",  # Windows Hello
)
"""The AAGUIDs :func:`policies` lists in key restrictions and :func:`registrations` gives
passkeys (besides none and random ones)."""

SAMPLE_PROVIDERS: tuple[str, ...] = ("0b1c2d3e-contoso-mfa", "duo-security", "rsa-securid")
"""The external authentication provider ids :func:`policies` lists and :func:`registrations`
draws (besides arbitrary ones)."""

_MIN_TIME = datetime(2000, 1, 1)
_MAX_TIME = datetime(2100, 1, 1)
_DAY = 86_400
_SPECIAL_DAYS = (0, 1, 3, 7, 14, 30, 90, 180, 365, 730)
_SPECIAL_MINUTES = (0, 1, 5, 15, 60, 1440)

# --------------------------------------------------------------------------------------------
# Argument checks: Hypothesis's InvalidArgument, as Hypothesis's own strategies raise
# --------------------------------------------------------------------------------------------


def _bad(name: str, expected: str, value: object) -> HypothesisInvalidArgument:
    return HypothesisInvalidArgument(f"{name}={describe(value)} must be {expected}")


def _strategy(name: str, value: object) -> None:
    """*value* is ``None`` or a strategy (a list where a strategy belongs is a common slip)."""
    if value is not None and not isinstance(value, st.SearchStrategy):
        hint = " (wrap values in st.sampled_from(...))" if isinstance(value, list | tuple) else ""
        raise _bad(name, f"a Hypothesis strategy or None{hint}", value)


def _moment(name: str, value: object) -> None:
    if not isinstance(value, datetime):
        raise _bad(name, "a datetime", value)
    if value.tzinfo is None or value.utcoffset() is None:
        raise _bad(name, "a timezone-aware datetime", value)


def _count(name: str, value: object, *, low: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _bad(name, f"an integer of at least {low}", value)
    return value


# --------------------------------------------------------------------------------------------
# Times
# --------------------------------------------------------------------------------------------


@functools.cache
def _zones() -> st.SearchStrategy[tzinfo]:
    offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59)
    return st.one_of(
        st.just(UTC),
        st.sampled_from([-480, -300, 60, 330, 345, 540, 840]).map(_zone),
        offsets.map(_zone),
    )


def _zone(minutes: int) -> tzinfo:
    return timezone(timedelta(minutes=minutes))


def aware_datetimes(
    *,
    min_value: datetime = _MIN_TIME,
    max_value: datetime = _MAX_TIME,
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes with local wall time in ``[min_value, max_value]`` (naive
    bounds, 2000–2100 by default), in UTC or a varied fixed-offset zone (whole minutes, up to
    ±23:59).

    >>> from hypothesis import given
    >>> @given(aware_datetimes())
    ... def test(moment):
    ...     assert moment.utcoffset() is not None
    >>> test()
    """
    for name, value in (("min_value", min_value), ("max_value", max_value)):
        if not isinstance(value, datetime):
            raise _bad(name, "a datetime", value)
    if (min_value.tzinfo is None) != (max_value.tzinfo is None):
        raise HypothesisInvalidArgument("min_value and max_value must both be naive or both aware")
    if min_value > max_value:
        raise HypothesisInvalidArgument(f"min_value={min_value} is after max_value={max_value}")
    return st.datetimes(min_value=min_value, max_value=max_value, timezones=_zones())


def _in_zone(moment: datetime, zone: tzinfo) -> datetime:
    return moment.astimezone(zone)


@functools.lru_cache(maxsize=64)
def _near(now: datetime, *, past_only: bool = False) -> st.SearchStrategy[datetime]:
    """Times around *now*: exact day/minute boundaries (± 1 s) and arbitrary offsets within two
    years, each shown in a random zone."""
    sign = st.just(-1) if past_only else st.sampled_from([-1, 1])
    boundary = st.builds(
        lambda s, days, minutes, nudge: (
            now + s * timedelta(days=days, minutes=minutes) + timedelta(seconds=nudge)
        ),
        sign,
        st.sampled_from(_SPECIAL_DAYS),
        st.sampled_from(_SPECIAL_MINUTES),
        st.sampled_from([0, 0, -1, 1]),
    )
    span = 2 * 365 * _DAY
    anywhere = st.integers(min_value=-span, max_value=0 if past_only else span).map(
        lambda seconds: now + timedelta(seconds=seconds)
    )
    return st.builds(_in_zone, st.one_of(boundary, anywhere), _zones())


# --------------------------------------------------------------------------------------------
# Phones
# --------------------------------------------------------------------------------------------

_US_EXCHANGES = 800  # every +1 650 NXX xxxx (N = 2–9) is a valid FIXED_LINE_OR_MOBILE number


def _us_number(index: int) -> str:
    index %= _US_EXCHANGES * 10_000
    return f"+1650{200 + index // 10_000:03d}{index % 10_000:04d}"


@functools.cache
def phone_numbers() -> st.SearchStrategy[str]:
    """Realistic E.164 numbers that :mod:`phonenumbers` reports valid and mobile-capable
    (``MOBILE`` or ``FIXED_LINE_OR_MOBILE``): mostly US ``+1 650 NXX XXXX``, also UK, German and
    French mobiles."""
    return st.one_of(
        st.integers(min_value=0, max_value=_US_EXCHANGES * 10_000 - 1).map(_us_number),
        st.integers(min_value=0, max_value=999_999).map(lambda n: f"+447400{n:06d}"),
        st.integers(min_value=0, max_value=9_999_999).map(lambda n: f"+49151{n:08d}"),
        st.integers(min_value=0, max_value=9_999_999).map(lambda n: f"+3361{n:07d}"),
    )


_SUFFIX = re.compile(r"(.*?)([0-9]{1,6})")


def _number_for(registration_id: str) -> str:
    """A valid US number derived from *registration_id*: ids that share a prefix and end in
    different numbers (``r1``, ``r2``, …, up to 6 digits) always get different numbers; other
    distinct ids almost always do."""
    match = _SUFFIX.fullmatch(registration_id)
    prefix, serial = (match.group(1), int(match.group(2))) if match else (registration_id, 0)
    digest = int.from_bytes(hashlib.sha256(prefix.encode("utf-8", "replace")).digest()[:8], "big")
    return _us_number(digest + serial)


def _address_for(registration_id: str) -> str:
    digest = hashlib.sha256(registration_id.encode("utf-8", "replace")).hexdigest()[:16]
    return f"user.{digest}@example.com"


# --------------------------------------------------------------------------------------------
# Registrations
# --------------------------------------------------------------------------------------------


_COMMON_FIELDS = ("id", "registered_at", "registered_by")


def _fixed_value(spec: Spec, method: Method, id: str, now: datetime, times: int) -> Any:
    """The value :func:`registration_for` gives a kind-specific field of *spec*'s shape."""
    match spec.shape:
        case Shape.PHONE:
            return _number_for(id)
        case Shape.EMAIL:
            return _address_for(id)
        case Shape.CHOICE:
            return method if method in spec.allowed else spec.allowed[0]
        case Shape.INTEGER:
            return spec.low
        case Shape.TIME:
            return later(now, timedelta(hours=times))  # a window: each an hour after the last
        case Shape.DIGITS:
            return None if spec.optional else "1"
        case Shape.NAME:
            return SAMPLE_PROVIDERS[0]
    return f"{method.value} {id}"[: spec.upper]  # a label or text


def registration_for(
    method: Method | MethodName,
    *,
    id: str,
    now: datetime,
    policy: TenantPolicy | None = None,
    user: UserState | None = None,
) -> Registration:
    """A registration, registered at *now*, that provides *method*, built from the fields of its
    kind's class.

    ``push`` → an :class:`AuthenticatorApp` with notifications, ``authenticator_code`` → one
    without; ``sms`` / ``voice_mobile`` → a :class:`MobilePhone` verified with that channel;
    ``voice_alternate`` / ``voice_office`` → an alternate / office phone;
    ``temporary_access_pass`` → an active TAP from *now* for one hour; admin-only kinds
    (TAP, ``hardware_oath``, ``certificate``) are registered by an admin; every other method →
    its kind. Phone numbers are valid US numbers derived from *id* (distinct for ``r1``,
    ``r2``, …). An external method's provider is ``SAMPLE_PROVIDERS[0]``, a passkey has no
    AAGUID.

    With *policy*, the registration is one the policy lets the user store and use as far as the
    method's own settings go ([R17](docs/rules.md#r17), [R19](docs/rules.md#r19),
    [R20](docs/rules.md#r20)): an external method of a listed provider (one *user* does not
    hold yet, when there is one), a passkey with an AAGUID the key restrictions permit (when
    one can be), a TAP one-time when ``one_time_only`` and with a lifetime within
    ``[min_minutes, max_minutes]`` (one hour when allowed).

    >>> from datetime import datetime, UTC
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> phone = registration_for(Method.VOICE_MOBILE, id="r1", now=now)
    >>> type(phone).__name__, phone.verified_with, phone.number != registration_for(
    ...     Method.SMS, id="r2", now=now).number
    ('MobilePhone', <Method.VOICE_MOBILE: 'voice_mobile'>, True)
    >>> registration_for("sms", id="r3", now=now).methods
    (<Method.SMS: 'sms'>, <Method.VOICE_MOBILE: 'voice_mobile'>)
    """
    method = _args.method(method)
    if not isinstance(id, str):
        raise InvalidArgumentType("id", f"expected a string, got {describe(id)}")
    now = require_aware("now", now)
    if policy is not None:
        policy = _args.instance("policy", policy, TenantPolicy)
    if user is not None:
        user = _args.instance("user", user, UserState)
    kind = method.kind
    cls: Any = REGISTRATION_TYPES[kind]
    kwargs: dict[str, Any] = {"id": id, "registered_at": now}
    if kind in ADMIN_ONLY_KINDS:
        kwargs["registered_by"] = Actor.ADMIN
    flags: list[str] = []
    times = 0
    for attribute, spec in specs(cls, skip=_COMMON_FIELDS):
        if attribute.default is not attrs.NOTHING and spec.shape is not Shape.CHOICE:
            continue  # an optional field keeps its default
        if spec.shape is Shape.FLAG:
            flags.append(attribute.name)
            continue
        kwargs[attribute.name] = _fixed_value(spec, method, id, now, times)
        times += spec.shape is Shape.TIME
    # Required flags (an app's notifications): the first setting, off before on, that provides
    # *method* (an app without notifications for the code, with them for push).
    for setting in itertools.product((False, True), repeat=len(flags)):
        registration: Registration = cls(**kwargs, **dict(zip(flags, setting, strict=True)))
        if method in registration.methods:
            return registration if policy is None else _fit(registration, policy, user, now)
    raise AssertionError(method)  # pragma: no cover - every kind's class can provide its methods


def _fit(
    registration: Registration, policy: TenantPolicy, user: UserState | None, now: datetime
) -> Registration:
    """*registration* changed so that the method's own settings under *policy* permit it."""
    if isinstance(registration, ExternalAuthentication):
        listed = sorted(policy.settings_of(Method.EXTERNAL_AUTHENTICATION).providers)
        held = {
            r.provider
            for r in (user.registrations if user is not None else ())
            if isinstance(r, ExternalAuthentication)
        }
        free = [provider for provider in listed if provider not in held] or listed
        return attrs.evolve(registration, provider=free[0]) if free else registration
    if isinstance(registration, Passkey):
        restrictions = policy.settings_of(Method.PASSKEY).key_restrictions
        if restrictions is None or restrictions.permits(None):
            return registration
        if restrictions.enforcement is KeyEnforcement.ALLOW:
            allowed = sorted(restrictions.aaguids)
            return attrs.evolve(registration, aaguid=allowed[0]) if allowed else registration
        unlisted = str(uuid.uuid5(uuid.NAMESPACE_OID, registration.id))
        return attrs.evolve(registration, aaguid=unlisted)
    if isinstance(registration, TemporaryAccessPass):
        setting = policy.settings_of(Method.TEMPORARY_ACCESS_PASS)
        minutes = min(max(60, setting.min_minutes), setting.max_minutes)
        return attrs.evolve(
            registration,
            starts_at=now,
            expires_at=now + timedelta(minutes=minutes),
            one_time=registration.one_time or setting.one_time_only,
        )
    return registration


_LABELS = st.one_of(
    st.sampled_from(["Pixel 9", "iPhone 16", "YubiKey 5", "Work laptop", "Authy", "Ünïcødé ☎"]),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=40),
)
_IDS = st.one_of(
    st.integers(min_value=1, max_value=999).map(lambda n: f"r{n}"),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=20),
)
_ADDRESSES = st.builds(
    lambda local, domain: f"{local}@{domain}",
    st.from_regex(r"[a-z][a-z0-9._+-]{0,19}", fullmatch=True),
    st.sampled_from(["example.com", "contoso.onmicrosoft.com", "mail.example.org"]),
)


@functools.cache
def _actors(default: Actor) -> st.SearchStrategy[Actor]:
    others = [actor for actor in Actor if actor is not default]
    return st.one_of(st.just(default), st.just(default), st.sampled_from(others))


@st.composite
def _tap(draw: st.DrawFn, *, id: str, now: datetime) -> TemporaryAccessPass:
    starts_at = draw(_near(now))
    lifetime = draw(
        st.one_of(
            st.sampled_from([timedelta(hours=1), timedelta(hours=8), timedelta(days=30)]),
            st.integers(min_value=1, max_value=30 * _DAY).map(lambda s: timedelta(seconds=s)),
            # exact: now is the expiry boundary (half-open window)
            st.just(None),
        )
    )
    if lifetime is None:
        expires_at = now if now > starts_at else starts_at + timedelta(seconds=1)
    else:
        expires_at = starts_at + lifetime
    return TemporaryAccessPass(
        id=id,
        registered_at=draw(_near(now, past_only=True)),
        registered_by=draw(_actors(Actor.ADMIN)),
        starts_at=starts_at,
        expires_at=expires_at.astimezone(draw(_zones())),
        one_time=draw(st.booleans()),
        used=draw(st.booleans()),
    )


def _field_values(spec: Spec, numbers: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """What :func:`registrations` draws for a kind-specific field of *spec*'s shape."""
    values: st.SearchStrategy[Any]
    match spec.shape:
        case Shape.PHONE:
            values = numbers
        case Shape.EMAIL:
            values = _ADDRESSES
        case Shape.DIGITS:
            values = st.from_regex(rf"[0-9]{{1,{spec.upper}}}", fullmatch=True)
        case Shape.FLAG:
            values = st.booleans()
        case Shape.INTEGER:
            values = st.integers(spec.low, spec.upper)
        case Shape.CHOICE:
            values = st.sampled_from(spec.allowed)
        case Shape.LABEL | Shape.TEXT:
            values = _LABELS
        case Shape.NAME:
            values = st.one_of(st.sampled_from(SAMPLE_PROVIDERS), _LABELS)
        case Shape.GUID:
            values = st.one_of(st.sampled_from(SAMPLE_AAGUIDS), st.uuids().map(str))
        case _:  # pragma: no cover - registrations have no other kind-specific shapes
            raise AssertionError(spec.shape)
    return st.none() | values if spec.optional else values


@st.composite
def _registration(
    draw: st.DrawFn,
    *,
    kind: Kind,
    id: str,
    now: datetime,
    numbers: st.SearchStrategy[str],
) -> Registration:
    if kind is Kind.TEMPORARY_ACCESS_PASS:
        return draw(_tap(id=id, now=now))
    cls: Any = REGISTRATION_TYPES[kind]
    fields: dict[str, Any] = {
        "id": id,
        "registered_at": draw(_near(now, past_only=True)),
        "registered_by": draw(_actors(Actor.ADMIN if kind in ADMIN_ONLY_KINDS else Actor.USER)),
    }
    for attribute, spec in specs(cls, skip=_COMMON_FIELDS):
        fields[attribute.name] = draw(_field_values(spec, numbers))
    registration: Registration = cls(**fields)
    return registration


def registrations(
    *,
    kinds: st.SearchStrategy[Kind] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    now: datetime = REFERENCE_NOW,
    numbers: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Registration]:
    """Registrations of every kind (or of the kinds *kinds* draws) with ids from *ids*.

    Times are near *now* (registered in the past; TAPs future, active, expired — sometimes
    exactly at ``now`` — and used), ``registered_by`` is mostly the usual actor for the kind;
    phone numbers come from *numbers* (default :func:`phone_numbers`).

    >>> from hypothesis import given
    >>> @given(registrations(kinds=st.just(Kind.MOBILE_PHONE)))
    ... def test(registration):
    ...     assert registration.methods == (Method.SMS, Method.VOICE_MOBILE)
    >>> test()
    """
    for name, value in (("kinds", kinds), ("ids", ids), ("numbers", numbers)):
        _strategy(name, value)
    _moment("now", now)
    kind_strategy = kinds if kinds is not None else st.sampled_from(list(Kind))
    id_strategy = ids if ids is not None else _IDS
    number_strategy = numbers if numbers is not None else phone_numbers()
    return st.tuples(kind_strategy, id_strategy).flatmap(
        lambda pair: _registration(kind=pair[0], id=pair[1], now=now, numbers=number_strategy)
    )


# --------------------------------------------------------------------------------------------
# Policies
# --------------------------------------------------------------------------------------------


_DAYS = st.one_of(st.sampled_from(_SPECIAL_DAYS), st.integers(0, 730))
_GRACE_DAYS = st.one_of(
    st.sampled_from([d for d in _SPECIAL_DAYS if d <= 365]), st.integers(0, 365)
)
_MINUTES = st.one_of(st.sampled_from([1, 5, 15, 60, 1440]), st.integers(1, 1440))
_REGIONS = st.frozensets(st.sampled_from(["US", "GB", "DE", "FR", "IN", "CN"]), max_size=3)
_LIMIT = st.one_of(st.sampled_from([1, 2, 5, 10]), st.integers(1, 20))


@functools.lru_cache(maxsize=64)
def _targets(
    groups: st.SearchStrategy[str], *, everyone: bool
) -> st.SearchStrategy[frozenset[str]]:
    some = st.frozensets(groups, min_size=1, max_size=3)
    mixed = some.map(lambda chosen: chosen | {ALL})
    if everyone:
        return st.one_of(st.just(frozenset({ALL})), some, st.just(frozenset()), mixed)
    return st.one_of(st.just(frozenset()), some, st.just(frozenset({ALL})), mixed)


@functools.lru_cache(maxsize=64)
def _excludes(groups: st.SearchStrategy[str]) -> st.SearchStrategy[frozenset[str]]:
    return st.one_of(
        st.just(frozenset()),
        st.just(frozenset()),
        st.frozensets(groups, min_size=1, max_size=2),
        st.just(frozenset({ALL})),
    )


_KEY_RESTRICTIONS = st.builds(
    KeyRestrictions,
    enforcement=st.sampled_from(list(KeyEnforcement)),
    aaguids=st.frozensets(st.sampled_from(SAMPLE_AAGUIDS), max_size=3),
)
_PROVIDERS = st.one_of(
    st.just(frozenset(SAMPLE_PROVIDERS[:1])),
    st.frozensets(st.sampled_from(SAMPLE_PROVIDERS), max_size=3),
)
_TAP_MINUTES = st.one_of(st.sampled_from([10, 60, 480, 1440]), st.integers(*TAP_MINUTES))


def _own_settings(draw: st.DrawFn, method: Method) -> dict[str, Any]:
    """The method's own settings ([R17](docs/rules.md#r17)–[R20](docs/rules.md#r20)), mostly
    their defaults."""
    if method is Method.PASSKEY:
        return {
            "self_service": draw(st.booleans() | st.just(True)),
            "key_restrictions": draw(st.none() | st.none() | _KEY_RESTRICTIONS),
        }
    if method is Method.EXTERNAL_AUTHENTICATION:
        return {"providers": draw(_PROVIDERS)}
    if method is Method.TEMPORARY_ACCESS_PASS:
        low, high = sorted((draw(_TAP_MINUTES), draw(_TAP_MINUTES)))
        if draw(st.booleans()):
            low, high = 60, 480
        return {"min_minutes": low, "max_minutes": high, "one_time_only": draw(st.booleans())}
    return {}


@st.composite
def _setting(draw: st.DrawFn, method: Method, groups: st.SearchStrategy[str]) -> MethodSetting:
    mfa = method in MFA_METHODS and draw(st.booleans() | st.just(True))
    sspr = method in SSPR_METHODS and draw(st.booleans() | st.just(True))
    return MethodSetting(
        method=method,
        mfa=mfa,
        sspr=sspr,
        include=draw(_targets(groups, everyone=True)),
        exclude=draw(_excludes(groups)),
        **_own_settings(draw, method),
    )


_STRONG = (Method.TEMPORARY_ACCESS_PASS, Method.PASSKEY, Method.WINDOWS_HELLO, Method.CERTIFICATE)


@st.composite
def _strength(draw: st.DrawFn, groups: st.SearchStrategy[str]) -> RegistrationStrength:
    """A registration strength: often the phishing-resistant methods and a TAP, sometimes any
    MFA methods."""
    methods = draw(
        st.one_of(
            st.frozensets(st.sampled_from(_STRONG), min_size=1),
            st.frozensets(st.sampled_from(by_rank(MFA_METHODS)), min_size=1, max_size=5),
        )
    )
    return RegistrationStrength(
        methods=methods,
        include=draw(_targets(groups, everyone=True)),
        exclude=draw(_excludes(groups)),
    )


_COMMON_METHODS = (
    Method.PUSH,
    Method.AUTHENTICATOR_CODE,
    Method.SMS,
    Method.VOICE_MOBILE,
    Method.EMAIL,
    Method.PASSKEY,
    Method.WINDOWS_HELLO,
    Method.EXTERNAL_AUTHENTICATION,
    Method.TEMPORARY_ACCESS_PASS,
)


@st.composite
def _policy(
    draw: st.DrawFn,
    groups: st.SearchStrategy[str],
    methods: st.SearchStrategy[frozenset[Method]],
) -> TenantPolicy:
    listed = by_rank(draw(methods))
    settings = [draw(_setting(method, groups)) for method in listed]
    mfa = MfaSettings(
        enforced_for=draw(_targets(groups, everyone=True)),
        exclude=draw(_excludes(groups)),
        methods_required=draw(st.integers(1, 2)),
        grace_days=draw(_GRACE_DAYS),
    )
    sspr = SsprSettings(
        enabled_for=draw(_targets(groups, everyone=True)),
        exclude=draw(_excludes(groups)),
        registration_required=draw(st.booleans() | st.just(True)),
        methods_required=draw(st.integers(1, 2)),
        reconfirm_days=draw(_DAYS),
    )
    combined = CombinedRegistration(
        enabled_for=draw(_targets(groups, everyone=True)), exclude=draw(_excludes(groups))
    )
    system_preferred = SystemPreferred(
        enabled=draw(st.booleans()),
        include=draw(_targets(groups, everyone=True)),
        exclude=draw(_excludes(groups)),
    )
    campaign = CampaignSettings(
        state=draw(st.sampled_from(list(CampaignState))),
        method=draw(st.sampled_from([Method.PUSH, Method.PASSKEY])),
        include=draw(_targets(groups, everyone=True)),
        exclude=draw(_excludes(groups)),
        snooze_days=draw(st.integers(0, 14)),
        limited_snoozes=draw(st.booleans()),
    )
    step_up = StepUpSettings(session_minutes=draw(_MINUTES), passkey_add_minutes=draw(_MINUTES))
    regions = _REGIONS
    phone = PhoneSettings(
        allowed_regions=draw(st.none() | regions),
        blocked_regions=draw(regions),
        allow_voip=draw(st.booleans()),
    )
    limits = Limits(**{attribute.name: draw(_LIMIT) for attribute in attrs.fields(Limits)})
    return TenantPolicy(
        methods=settings,
        mfa=mfa,
        sspr=sspr,
        combined_registration=combined,
        system_preferred=system_preferred,
        campaign=campaign,
        step_up=step_up,
        bootstrap=draw(st.sampled_from(list(Bootstrap))),
        office_phone_user_managed=draw(st.booleans()),
        phone=phone,
        limits=limits,
        registration_strength=draw(st.none() | st.none() | _strength(groups)),
    )


def policies(
    *,
    groups: st.SearchStrategy[str] | None = None,
    methods: st.SearchStrategy[frozenset[Method]] | None = None,
) -> st.SearchStrategy[TenantPolicy]:
    """Tenant policies, usually "interesting": several methods enabled (for MFA, SSPR or both)
    with group targets and excludes, MFA enforced for everyone or some groups, SSPR enabled with
    ``methods_required`` 1 or 2, sometimes system-preferred MFA, a campaign, passkeys that are
    not self-service or a registration strength ([R21](docs/rules.md#r21)).

    *groups* draws the group ids used in targets (default: :data:`DEFAULT_GROUPS`); *methods*
    draws the set of methods listed in ``methods`` (default: a few common ones, sometimes any).

    >>> from hypothesis import given
    >>> @given(policies(groups=st.sampled_from(["g1", "g2"])))
    ... def test(policy):
    ...     assert policy.named_groups <= {"g1", "g2"}
    >>> test()
    """
    _strategy("groups", groups)
    _strategy("methods", methods)
    group_strategy = groups if groups is not None else st.sampled_from(DEFAULT_GROUPS)
    method_strategy = (
        methods
        if methods is not None
        else st.one_of(
            st.frozensets(st.sampled_from(_COMMON_METHODS), min_size=2),
            st.frozensets(st.sampled_from(list(Method))),
        )
    )
    return _policy(group_strategy, method_strategy)


_policies = policies  # for tenants(), whose argument has the same name


# --------------------------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------------------------

_KIND_WEIGHTS: tuple[Kind, ...] = (
    *Kind,
    Kind.AUTHENTICATOR_APP,
    Kind.MOBILE_PHONE,
    Kind.EMAIL,
    Kind.PASSKEY,
    Kind.EXTERNAL_AUTHENTICATION,
)


@st.composite
def _user(
    draw: st.DrawFn,
    policy: TenantPolicy | None,
    registration_strategy: st.SearchStrategy[Registration] | None,
    now: datetime,
    user_ids: st.SearchStrategy[str],
    max_registrations: int,
) -> UserState:
    known = sorted(policy.named_groups) if policy is not None else list(DEFAULT_GROUPS)
    group_pool = [*known, "g-other", "g-unrelated"]
    groups = draw(st.frozensets(st.sampled_from(group_pool), max_size=4))
    if registration_strategy is not None:
        items: list[Registration] = draw(
            st.lists(registration_strategy, max_size=max_registrations, unique_by=lambda x: x.id)
        )
    else:
        kinds = draw(st.lists(st.sampled_from(_KIND_WEIGHTS), max_size=max_registrations))
        shared = draw(phone_numbers())
        numbers = st.one_of(phone_numbers(), phone_numbers(), st.just(shared))
        items = [
            draw(_registration(kind=kind, id=f"r{index + 1}", now=now, numbers=numbers))
            for index, kind in enumerate(kinds)
        ]
    provided = by_rank(m for item in items for m in item.methods if m in PREFERABLE_METHODS)
    preferred_choices: list[st.SearchStrategy[Method | None]] = [
        st.none(),
        st.sampled_from(by_rank(PREFERABLE_METHODS)),
    ]
    if provided:
        preferred_choices += [st.sampled_from(provided), st.sampled_from(provided)]
    times = st.none() | _near(now, past_only=True)
    return UserState(
        user_id=draw(user_ids),
        groups=groups,
        registrations=items,
        preferred=draw(st.one_of(preferred_choices)),
        last_reviewed_at=draw(times),
        first_prompted_at=draw(times),
        campaign=CampaignProgress(
            snoozes=draw(st.integers(0, 5)), last_snoozed_at=draw(st.none() | _near(now))
        ),
        business_phone=draw(st.none() | phone_numbers()),
    )


def users(
    *,
    policy: TenantPolicy | None = None,
    registrations: st.SearchStrategy[Registration] | None = None,
    now: datetime = REFERENCE_NOW,
    user_ids: st.SearchStrategy[str] | None = None,
    max_registrations: int = 6,
) -> st.SearchStrategy[UserState]:
    """Users whose groups come from the groups *policy* names (``policy.named_groups``, or
    :data:`DEFAULT_GROUPS`) plus unrelated ones.

    Registrations (at most *max_registrations*, unique ids) are drawn from *registrations*
    (default: every kind, ids ``r1``, ``r2``, …, sometimes a mobile and an alternate phone
    sharing a number); ``preferred`` is sometimes null, sometimes any preferable method, often
    one the user has; review, prompt and snooze times are near *now*.

    >>> from hypothesis import given
    >>> policy = TenantPolicy(mfa=MfaSettings(enforced_for={"g1"}))
    >>> @given(users(policy=policy))
    ... def test(user):
    ...     assert user.groups <= {"g1", "g-other", "g-unrelated"}
    >>> test()
    """
    if policy is not None and not isinstance(policy, TenantPolicy):
        hint = " (draw it first: policies().flatmap(lambda p: users(policy=p)), or tenants())"
        raise _bad("policy", f"a TenantPolicy or None{hint}", policy)
    _strategy("registrations", registrations)
    _strategy("user_ids", user_ids)
    _moment("now", now)
    _count("max_registrations", max_registrations)
    ids = user_ids if user_ids is not None else st.sampled_from(["u1", "u2", "alice", "bob"])
    return _user(policy, registrations, now, ids, max_registrations)


# --------------------------------------------------------------------------------------------
# Sessions
# --------------------------------------------------------------------------------------------

_MFA_CREDENTIALS = tuple(sorted(SIGN_IN_CREDENTIALS - {"password"}))


@st.composite
def _session(draw: st.DrawFn, now: datetime) -> Session:
    ago = st.one_of(
        st.sampled_from([0, 1, 5 * 60, 5 * 60 + 1, 15 * 60, 15 * 60 + 1, 3600, _DAY]),
        st.integers(min_value=-60, max_value=2 * _DAY),
    )
    signed_in_at = _in_zone(now - timedelta(seconds=draw(ago)), draw(_zones()))
    with_ = draw(
        st.one_of(
            st.just(("password",)),
            st.just(("temporary_access_pass",)),
            st.tuples(st.just("password"), st.sampled_from(_MFA_CREDENTIALS)),
            st.lists(st.sampled_from(sorted(SIGN_IN_CREDENTIALS)), max_size=3).map(tuple),
        )
    )
    mfa_at = draw(
        st.none()
        | st.just(signed_in_at)
        | ago.map(lambda seconds: _in_zone(now - timedelta(seconds=seconds), UTC))
    )
    method_choices: Sequence[Method] = by_rank(MFA_METHODS)
    return Session(
        signed_in_at=signed_in_at,
        signed_in_with=with_,
        mfa_at=mfa_at,
        mfa_method=None if mfa_at is None else draw(st.sampled_from(method_choices)),
        registered_in_session=draw(st.booleans()),
    )


def sessions(*, now: datetime = REFERENCE_NOW) -> st.SearchStrategy[Session]:
    """Sign-in sessions around *now*: signed in (and MFA'd) just now, exactly at the 5 and 15
    minute freshness boundaries (± 1 s), hours or days ago, or slightly in the future; with a
    password, a TAP, or a password plus an MFA method; sometimes no MFA at all.

    >>> from hypothesis import given
    >>> @given(sessions())
    ... def test(session):
    ...     assert session.mfa_at is None or session.mfa_method is not None
    >>> test()
    """
    _moment("now", now)
    return _session(now)


# --------------------------------------------------------------------------------------------
# Tenants: a policy with users of it
# --------------------------------------------------------------------------------------------


@st.composite
def _tenant(
    draw: st.DrawFn,
    policy_strategy: st.SearchStrategy[TenantPolicy],
    now: datetime,
    min_users: int,
    max_users: int,
) -> tuple[TenantPolicy, tuple[UserState, ...]]:
    policy = draw(policy_strategy)
    count = draw(st.integers(min_users, max_users))
    members = draw(
        st.lists(
            users(policy=policy, now=now, user_ids=st.just("_")),
            min_size=count,
            max_size=count,
        )
    )
    return policy, tuple(
        attrs.evolve(user, user_id=f"u{index + 1}") for index, user in enumerate(members)
    )


def tenants(
    *,
    policies: st.SearchStrategy[TenantPolicy] | None = None,
    now: datetime = REFERENCE_NOW,
    min_users: int = 1,
    max_users: int = 5,
) -> st.SearchStrategy[tuple[TenantPolicy, tuple[UserState, ...]]]:
    """A policy (from *policies*, default :func:`policies`) together with between *min_users*
    and *max_users* users of it (:func:`users` with ``policy=``), with distinct ids ``u1``,
    ``u2``, ….

    >>> from hypothesis import given
    >>> @given(tenants(max_users=3))
    ... def test(tenant):
    ...     policy, members = tenant
    ...     assert 1 <= len(members) <= 3
    ...     assert len({user.user_id for user in members}) == len(members)
    >>> test()
    """
    _strategy("policies", policies)
    _moment("now", now)
    low = _count("min_users", min_users)
    high = _count("max_users", max_users)
    if low > high:
        raise HypothesisInvalidArgument(f"min_users={low} is more than max_users={high}")
    return _tenant(policies if policies is not None else _policies(), now, low, high)


# --------------------------------------------------------------------------------------------
# st.from_type
# --------------------------------------------------------------------------------------------


def _registration_types() -> dict[type[Any], st.SearchStrategy[Any]]:
    return {cls: registrations(kinds=st.just(kind)) for kind, cls in REGISTRATION_TYPES.items()}


def register_type_strategies() -> None:
    """Teach ``st.from_type`` secinfo's values: :class:`TenantPolicy` (:func:`policies`),
    :class:`UserState` (:func:`users`), :class:`Session` (:func:`sessions`) and every
    registration class (:func:`registrations` of its kind).

    Importing :mod:`secinfo.testing` calls it, and so does Hypothesis at start-up through the
    ``hypothesis`` entry point of the installed package, so ``st.from_type(UserState)`` works
    without importing this module. Calling it again changes nothing.
    """
    st.register_type_strategy(TenantPolicy, policies())
    st.register_type_strategy(UserState, users())
    st.register_type_strategy(Session, sessions())
    for cls, strategy in _registration_types().items():
        st.register_type_strategy(cls, strategy)
