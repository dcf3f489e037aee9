"""Structural checks of a manage-page action (DESIGN.md R10 (1), R2, R12).

These are the denials that do not depend on the session: who may add or update which kind, office
phones, limits, an alternate phone without a mobile phone, duplicate numbers and addresses. They
are shared by :func:`secinfo.step_up` (always as the user) and by the transitions (as the user or
an administrator). Admins skip R10 (2)–(4) but not this step; they may, however, add and update
admin-only kinds and office phones.

Target resolution lives here too so that the gate and the transitions reject the same malformed
arguments with the same :class:`~secinfo.errors.InvalidArgument`.
"""

from __future__ import annotations

import attrs

from ._mask import describe, mask_phone
from .errors import InvalidArgument
from .methods import Action, Actor, Kind, Method
from .policy import TenantPolicy
from .reasons import Reason
from .registrations import (
    REGISTRATION_TYPES,
    Email,
    Registration,
    TemporaryAccessPass,
    phone_number,
)
from .user import UserState

__all__ = [
    "ADMIN_ONLY_KINDS",
    "Denial",
    "Target",
    "resolve_target",
    "structural_denial",
]

ADMIN_ONLY_KINDS: frozenset[Kind] = frozenset(
    {Kind.TEMPORARY_ACCESS_PASS, Kind.CERTIFICATE, Kind.HARDWARE_OATH}
)
"""Kinds only an administrator may add or update (R2); users may delete them."""

_REGISTRATION_CLASSES = tuple(REGISTRATION_TYPES.values())


@attrs.frozen(kw_only=True)
class Denial:
    """A structural denial: why, and what to do about it."""

    reason: Reason
    remedy: Reason


@attrs.frozen(kw_only=True)
class Target:
    """A resolved target.

    ``registration`` is the registration added (``add``), the replacement (``update``) or the one
    deleted (``delete``); ``replaced`` is the registration an ``update`` replaces; ``method`` is
    the method of ``set_default``. Everything is ``None`` for ``view`` and ``review``.
    """

    registration: Registration | None = None
    replaced: Registration | None = None
    method: Method | None = None


def resolve_target(user: UserState, action: Action, target: object) -> Target:
    """Check *target* against *action* and look up what it names.

    ``add`` takes a new registration (its id must not be in use); ``update`` a registration whose
    id names an existing registration of the same kind; ``delete`` an existing registration id;
    ``set_default`` a :class:`Method` (or its wire string); ``view`` and ``review`` nothing. Any
    other shape raises :class:`InvalidArgument` with field ``target``.
    """
    if action in (Action.VIEW, Action.REVIEW):
        if target is not None:
            raise InvalidArgument(
                "target", f"{action.value} takes no target, got {describe(target)}"
            )
        return Target()
    if target is None:
        raise InvalidArgument("target", f"{action.value} requires a target")
    if action is Action.ADD or action is Action.UPDATE:
        if not isinstance(target, _REGISTRATION_CLASSES):
            raise InvalidArgument(
                "target", f"{action.value} requires a registration, got {describe(target)}"
            )
        existing = user.find(target.id)
        if action is Action.ADD:
            if existing is not None:
                raise InvalidArgument(
                    "target", f"registration id {describe(target.id)} is already in use"
                )
            return Target(registration=target)
        if existing is None:
            raise InvalidArgument("target", f"no registration with id {describe(target.id)}")
        if existing.kind is not target.kind:
            raise InvalidArgument(
                "target",
                f"an update cannot change the kind ({existing.kind.value} to "
                f"{target.kind.value}); delete and add instead",
            )
        return Target(registration=target, replaced=existing)
    if action is Action.DELETE:
        if not isinstance(target, str):
            raise InvalidArgument(
                "target", f"delete requires a registration id, got {describe(target)}"
            )
        existing = user.find(target)
        if existing is None:
            raise InvalidArgument("target", f"no registration with id {describe(target)}")
        return Target(registration=existing)
    # set_default
    method = target
    if isinstance(target, str) and not isinstance(target, Method):
        try:
            method = Method(target)
        except ValueError:
            method = target
    if not isinstance(method, Method):
        raise InvalidArgument("target", f"set_default requires a method, got {describe(target)}")
    return Target(method=method)


def _deny(code: str, message: str, remedy_code: str, remedy: str) -> Denial:
    return Denial(
        reason=Reason(code=code, message=message), remedy=Reason(code=remedy_code, message=remedy)
    )


def structural_denial(
    policy: TenantPolicy, user: UserState, action: Action, target: Target, *, actor: Actor
) -> Denial | None:
    """R10 (1): the first structural reason *actor* may not perform *action*, or ``None``.

    Checked in this order: admin-only kinds (users may not add or update TAP, certificate or
    hardware OATH), office phones while not user-managed (users may not add, update or delete
    them), limits (``add`` only; every registration of the kind counts, usable or not; a new TAP
    replaces the old one, so TAPs have no limit here), an alternate phone without a mobile phone
    (``add`` and ``update``), and a phone number (compared as E.164) or email address (compared
    case-insensitively) already held by another registration (``add`` and ``update``).
    """
    registration = target.registration
    if registration is None or action in (Action.VIEW, Action.REVIEW, Action.SET_DEFAULT):
        return None
    kind = registration.kind
    is_user = actor is not Actor.ADMIN
    changes = action in (Action.ADD, Action.UPDATE)

    if is_user and changes and kind in ADMIN_ONLY_KINDS:
        return _deny(
            "admin_only_kind",
            f"Only an administrator may {action.value} a {kind.value.replace('_', ' ')}.",
            "ask_administrator",
            f"Ask an administrator to {action.value} the {kind.value.replace('_', ' ')}.",
        )
    if is_user and kind is Kind.OFFICE_PHONE and not policy.office_phone_user_managed:
        return _deny(
            "office_phone_not_user_managed",
            f"Users may not {action.value} an office phone in this tenant.",
            "ask_administrator",
            f"Ask an administrator to {action.value} the office phone.",
        )
    if not changes:
        return None

    others = tuple(r for r in user.registrations if r.id != registration.id)
    if action is Action.ADD and not isinstance(registration, TemporaryAccessPass):
        held = sum(1 for r in user.registrations if r.kind is kind)
        limit = policy.limits.of(kind)
        if held >= limit:
            return _deny(
                "limit_reached",
                f"The user already holds {held} {kind.value.replace('_', ' ')} "
                f"registration(s); the limit is {limit}.",
                "delete_one_first",
                f"Delete a {kind.value.replace('_', ' ')} registration first.",
            )
    if kind is Kind.ALTERNATE_PHONE and not any(r.kind is Kind.MOBILE_PHONE for r in others):
        return _deny(
            "alternate_phone_requires_mobile",
            "An alternate phone needs a mobile phone, and the user has none.",
            "register_mobile_phone_first",
            "Register a mobile phone first.",
        )
    number = phone_number(registration)
    if number is not None and any(phone_number(r) == number for r in others):
        return _deny(
            "duplicate_phone_number",
            f"The number {mask_phone(number)} is already registered as another phone.",
            "use_another_number",
            "Use a number that is not already registered, or update the existing phone.",
        )
    if isinstance(registration, Email):
        address = registration.address.casefold()
        if any(isinstance(r, Email) and r.address.casefold() == address for r in others):
            return _deny(
                "duplicate_email_address",
                "The email address is already registered.",
                "use_another_address",
                "Use an address that is not already registered, or update the existing one.",
            )
    return None
