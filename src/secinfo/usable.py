"""The one predicate (DESIGN.md §3): which methods count for a user, and the counts.

Every other part of secinfo — requirements, step-up, the default, the campaign, reports —
asks :func:`registration_usable` (directly or through the functions below) and nothing else.
"""

from __future__ import annotations

from datetime import datetime

from . import _args
from .methods import Kind, Method, Purpose, by_rank
from .policy import TenantPolicy
from .registrations import PHONE_KINDS, Registration, TemporaryAccessPass
from .user import UserState

__all__ = [
    "counting_key",
    "mfa_count",
    "registration_usable",
    "sspr_count",
    "usable_methods",
    "usable_registrations",
]


def _active(registration: Registration, now: datetime) -> bool:
    if isinstance(registration, TemporaryAccessPass):
        return registration.active_at(now)
    return True


def registration_usable(
    policy: TenantPolicy,
    user: UserState,
    registration: Registration,
    purpose: Purpose,
    *,
    now: datetime,
) -> frozenset[Method]:
    """The methods *registration* provides that are usable for *purpose* at *now*.

    A method is usable when the registration is active (a TAP inside its window and not used),
    the method can serve the purpose, is enabled for it, and targets the user (exclude wins).
    """
    purpose = _args.purpose(purpose)
    if not _active(registration, now):
        return frozenset()
    enabled = policy.enabled_methods(purpose, user.groups)
    return frozenset(
        method for method in registration.methods if method.capable(purpose) and method in enabled
    )


def usable_methods(
    policy: TenantPolicy, user: UserState, purpose: Purpose, *, now: datetime
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
        found |= registration_usable(policy, user, registration, purpose, now=now)
    return frozenset(found)


def usable_registrations(
    policy: TenantPolicy, user: UserState, purpose: Purpose, *, now: datetime
) -> tuple[Registration, ...]:
    """The registrations that provide at least one usable method for *purpose*."""
    return tuple(
        registration
        for registration in user.registrations
        if registration_usable(policy, user, registration, purpose, now=now)
    )


def counting_key(registration: Registration) -> str:
    """The independence key of DESIGN.md §3: the number for phones, the id otherwise."""
    if registration.kind in PHONE_KINDS:
        number: str = getattr(registration, "number")  # noqa: B009 - phone kinds only
        return "phone:" + number
    return "id:" + registration.id


def mfa_count(policy: TenantPolicy, user: UserState, *, now: datetime) -> int:
    """The number of independent registrations that provide a usable MFA method (no TAP)."""
    policy, user, now, _ = _args.check_call(policy, user, now=now)
    return len(
        {
            counting_key(registration)
            for registration in usable_registrations(policy, user, Purpose.MFA, now=now)
            if registration.kind is not Kind.TEMPORARY_ACCESS_PASS
        }
    )


def sspr_count(policy: TenantPolicy, user: UserState, *, now: datetime) -> int:
    """The number of distinct kinds that provide a usable SSPR method."""
    policy, user, now, _ = _args.check_call(policy, user, now=now)
    return len(sspr_kinds(policy, user, now=now))


def sspr_kinds(policy: TenantPolicy, user: UserState, *, now: datetime) -> frozenset[Kind]:
    """The kinds that provide a usable SSPR method (what the SSPR count counts)."""
    return frozenset(
        registration.kind
        for registration in usable_registrations(policy, user, Purpose.SSPR, now=now)
    )


def ranked_usable(
    policy: TenantPolicy, user: UserState, purpose: Purpose, *, now: datetime
) -> tuple[Method, ...]:
    """:func:`usable_methods` in rank order."""
    return by_rank(usable_methods(policy, user, purpose, now=now))
