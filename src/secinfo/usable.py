"""The one predicate ([the one predicate](docs/rules.md#one-predicate)): which methods count for a
user, and the counts.

Every other part of secinfo — requirements, step-up, the default, the campaign, reports —
asks :func:`registration_usable` (directly or through the functions below) and nothing else.
"""

from __future__ import annotations

from datetime import datetime

from . import _args
from .methods import MFA_BESIDE, Kind, Method, Purpose, PurposeName, by_rank
from .policy import TenantPolicy
from .registrations import (
    ExternalAuthentication,
    Passkey,
    Registration,
    TemporaryAccessPass,
    phone_number,
)
from .user import UserState

__all__ = [
    "counting_key",
    "mfa_count",
    "registration_usable",
    "sspr_count",
    "usable_methods",
    "usable_registrations",
]


def _active(policy: TenantPolicy, registration: Registration, now: datetime) -> bool:
    """Whether the registration itself may be used at *now* under the method's own settings:
    a TAP inside its window, not used, and one-time while the policy demands it
    ([R1](docs/rules.md#r1), [R20](docs/rules.md#r20)); a passkey whose AAGUID the key
    restrictions permit ([R19](docs/rules.md#r19)); an external method whose provider the
    policy lists ([R17](docs/rules.md#r17))."""
    if isinstance(registration, TemporaryAccessPass):
        setting = policy.settings_of(Method.TEMPORARY_ACCESS_PASS)
        permitted = registration.one_time or not setting.one_time_only
        return permitted and registration.active_at(now)
    if isinstance(registration, Passkey):
        restrictions = policy.settings_of(Method.PASSKEY).key_restrictions
        return restrictions is None or restrictions.permits(registration.aaguid)
    if isinstance(registration, ExternalAuthentication):
        return registration.provider in policy.settings_of(Method.EXTERNAL_AUTHENTICATION).providers
    return True


def registration_usable(
    policy: TenantPolicy,
    user: UserState,
    registration: Registration,
    purpose: Purpose | PurposeName,
    *,
    now: datetime,
) -> frozenset[Method]:
    """The methods *registration* provides that are usable for *purpose* at *now*.

    A method is usable when the registration is active (a TAP inside its window and not used,
    and one-time while the policy demands it; a passkey its key restrictions permit; an
    external method whose provider is listed), the method can serve the purpose, is enabled
    for it, and targets the user (exclude wins). Windows Hello is usable for MFA only while a
    passkey of the user is ([R16](docs/rules.md#r16)).

    >>> from datetime import datetime, timedelta, UTC
    >>> from secinfo import MethodSetting, Purpose, TemporaryAccessPass, TenantPolicy, UserState
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method="temporary_access_pass", mfa=True)])
    >>> tap = TemporaryAccessPass(id="t", registered_at=now, starts_at=now,
    ...                           expires_at=now + timedelta(hours=1), registered_by="admin")
    >>> user = UserState(user_id="u1", registrations=[tap])
    >>> sorted(registration_usable(policy, user, tap, Purpose.MFA, now=now))
    [<Method.TEMPORARY_ACCESS_PASS: 'temporary_access_pass'>]
    >>> registration_usable(policy, user, tap, Purpose.MFA, now=now + timedelta(hours=1))
    frozenset()
    """
    policy, user, now, _ = _args.check_call(policy, user, now=now)
    registration = _args.registration(registration)
    return _usable(policy, user, registration, _args.purpose(purpose), now)


def _usable(
    policy: TenantPolicy,
    user: UserState,
    registration: Registration,
    purpose: Purpose,
    now: datetime,
) -> frozenset[Method]:
    """:func:`registration_usable` for checked arguments (the loops below)."""
    if not _active(policy, registration, now):
        return frozenset()
    enabled = policy.enabled_methods(purpose, user.groups)
    return frozenset(
        method
        for method in registration.methods
        if method.capable(purpose)
        and method in enabled
        and (purpose is not Purpose.MFA or _beside(policy, user, method, now))
    )


def _beside(policy: TenantPolicy, user: UserState, method: Method, now: datetime) -> bool:
    """[R16](docs/rules.md#r16): a method the capability table marks ``mfa_beside`` (Windows
    Hello) is usable for MFA only while the user holds a registration whose ``mfa_beside``
    method (a passkey) is usable for MFA. The table guarantees that method needs no other, so
    this looks one step deep and never recurses further."""
    needed = MFA_BESIDE.get(method)
    if needed is None:
        return True
    return any(
        needed in registration.methods
        and needed in _usable(policy, user, registration, Purpose.MFA, now)
        for registration in user.registrations
    )


def usable_methods(
    policy: TenantPolicy, user: UserState, purpose: Purpose | PurposeName, *, now: datetime
) -> frozenset[Method]:
    """Every method the user could use for *purpose* at *now*.

    It does not look at SSPR enablement: for ``sspr`` it answers "could this method be used for
    reset".

    >>> from datetime import datetime, UTC
    >>> from secinfo import (AuthenticatorApp, Method, MethodSetting, Purpose, TenantPolicy,
    ...                      UserState)
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method=Method.PUSH, mfa=True)])
    >>> user = UserState(user_id="u1", registrations=[AuthenticatorApp(
    ...     id="r1", registered_at=now, device_name="Pixel", notifications=True)])
    >>> sorted(usable_methods(policy, user, Purpose.MFA, now=now))
    [<Method.PUSH: 'push'>]
    """
    policy, user, now, _ = _args.check_call(policy, user, now=now)
    purpose = _args.purpose(purpose)
    found: set[Method] = set()
    for registration in user.registrations:
        found |= _usable(policy, user, registration, purpose, now)
    return frozenset(found)


def usable_registrations(
    policy: TenantPolicy, user: UserState, purpose: Purpose | PurposeName, *, now: datetime
) -> tuple[Registration, ...]:
    """The registrations that provide at least one usable method for *purpose*.

    >>> from datetime import datetime, UTC
    >>> from secinfo import Email, MethodSetting, Purpose, TenantPolicy, UserState
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> user = UserState(user_id="u1", registrations=[
    ...     Email(id="e", registered_at=now, address="u1@example.com")])
    >>> [r.id for r in usable_registrations(
    ...     TenantPolicy(methods=[MethodSetting(method="email", sspr=True)]),
    ...     user, Purpose.SSPR, now=now)]
    ['e']
    """
    policy, user, now, _ = _args.check_call(policy, user, now=now)
    purpose = _args.purpose(purpose)
    return tuple(
        registration
        for registration in user.registrations
        if _usable(policy, user, registration, purpose, now)
    )


def counting_key(registration: Registration) -> str:
    """The independence key ([counting](docs/rules.md#counting)): the number for phones, the id
    otherwise.

    >>> from datetime import datetime, UTC
    >>> from secinfo import MobilePhone
    >>> counting_key(MobilePhone(id="m", registered_at=datetime(2026, 1, 1, tzinfo=UTC),
    ...                          number="+16502530000"))
    'phone:+16502530000'
    """
    registration = _args.registration(registration)
    number = phone_number(registration)
    return "id:" + registration.id if number is None else "phone:" + number


def mfa_count(policy: TenantPolicy, user: UserState, *, now: datetime) -> int:
    """The number of independent registrations that provide a usable MFA method (no TAP).

    Phones count by number (a mobile and an alternate phone with one number count once), every
    other kind by registration.

    >>> from datetime import datetime, UTC
    >>> from secinfo import (AlternatePhone, MethodSetting, MobilePhone, TenantPolicy,
    ...                      UserState)
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True),
    ...                                MethodSetting(method="voice_alternate", mfa=True)])
    >>> user = UserState(user_id="u1", registrations=[
    ...     MobilePhone(id="m", registered_at=now, number="+16502530000"),
    ...     AlternatePhone(id="a", registered_at=now, number="+16502530000")])
    >>> mfa_count(policy, user, now=now)
    1
    """
    policy, user, now, _ = _args.check_call(policy, user, now=now)
    return len(
        {
            counting_key(registration)
            for registration in usable_registrations(policy, user, Purpose.MFA, now=now)
            if registration.kind is not Kind.TEMPORARY_ACCESS_PASS
        }
    )


def sspr_count(policy: TenantPolicy, user: UserState, *, now: datetime) -> int:
    """The number of distinct kinds that provide a usable SSPR method (two Authenticator apps
    are one SSPR method).

    >>> from datetime import datetime, UTC
    >>> from secinfo import AuthenticatorApp, Email, MethodSetting, TenantPolicy, UserState
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method="push", sspr=True),
    ...                                MethodSetting(method="email", sspr=True)])
    >>> apps = [AuthenticatorApp(id=i, registered_at=now, device_name=i, notifications=True)
    ...         for i in ("a1", "a2")]
    >>> user = UserState(user_id="u1", registrations=[
    ...     *apps, Email(id="e", registered_at=now, address="u1@example.com")])
    >>> sspr_count(policy, user, now=now)
    2
    """
    policy, user, now, _ = _args.check_call(policy, user, now=now)
    return len(sspr_kinds(policy, user, now=now))


def sspr_kinds(policy: TenantPolicy, user: UserState, *, now: datetime) -> frozenset[Kind]:
    """The kinds that provide a usable SSPR method (what the SSPR count counts)."""
    return frozenset(
        registration.kind
        for registration in usable_registrations(policy, user, Purpose.SSPR, now=now)
    )


def ranked_usable(
    policy: TenantPolicy, user: UserState, purpose: Purpose | PurposeName, *, now: datetime
) -> tuple[Method, ...]:
    """:func:`usable_methods` in rank order."""
    return by_rank(usable_methods(policy, user, purpose, now=now))
