"""Structural checks of a manage-page action ([R10](docs/rules.md#r10) (1), [R2](docs/rules.md#r2),
[R12](docs/rules.md#r12)).

These are the denials that do not depend on the session: who may add or update which kind, office
phones, limits, an alternate phone without a mobile phone, duplicate numbers and addresses. They are
shared by :func:`secinfo.step_up` (always as the user) and by the transitions (as the user or an
administrator). Admins skip [R10](docs/rules.md#r10) (2)–(4) but not this step; they may, however,
add and update admin-only kinds and office phones.

Target resolution lives here too so that the gate and the transitions reject the same malformed
arguments with the same :class:`~secinfo.errors.InvalidArgument`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import attrs

from ._mask import describe, mask_phone
from ._validate import invalid
from ._words import plural
from .errors import InvalidArgument, InvalidArgumentType
from .methods import ADMIN_ONLY_KINDS, Action, Actor, Kind, Method
from .policy import TenantPolicy
from .reasons import Reason, ReasonCode
from .registrations import (
    REGISTRATION_CLASSES,
    Email,
    ExternalAuthentication,
    Passkey,
    Registration,
    TemporaryAccessPass,
    phone_number,
)
from .user import UserState

__all__ = [
    "ADMIN_ONLY_KINDS",
    "STRUCTURAL_RULES",
    "Denial",
    "Target",
    "resolve_target",
    "structural_denial",
]


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
        if not isinstance(target, REGISTRATION_CLASSES):
            raise InvalidArgumentType(
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
            raise InvalidArgumentType(
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
        raise invalid("target", target, f"set_default requires a method, got {describe(target)}")
    return Target(method=method)


def _deny(code: ReasonCode, message: str, remedy_code: ReasonCode, remedy: str) -> Denial:
    return Denial(
        reason=Reason(code=code, message=message), remedy=Reason(code=remedy_code, message=remedy)
    )


@attrs.frozen(kw_only=True)
class _Change:
    """What one structural rule looks at: the change, who makes it, and the user's other
    registrations (all but the one added, replaced or deleted)."""

    policy: TenantPolicy
    user: UserState
    action: Action
    registration: Registration
    is_user: bool
    others: tuple[Registration, ...]

    @property
    def kind(self) -> Kind:
        return self.registration.kind

    @property
    def noun(self) -> str:
        return self.registration.kind.value.replace("_", " ")

    @property
    def a_noun(self) -> str:
        """The noun with its article ("an office phone", "a passkey")."""
        noun = self.noun
        return ("an " if noun[0] in "aeiou" else "a ") + noun

    @property
    def changes(self) -> bool:
        """An add or an update (a delete changes nothing the rules below look at)."""
        return self.action is Action.ADD or self.action is Action.UPDATE


def _admin_only_kind(c: _Change) -> Denial | None:
    """[R2](docs/rules.md#r2): users may not add or update an admin-only kind, nor a passkey
    while the passkey setting's ``self_service`` is off ([R18](docs/rules.md#r18))."""
    if not (c.is_user and c.changes):
        return None
    self_service = all(c.policy.self_service(method) for method in c.kind.methods)
    if c.kind not in ADMIN_ONLY_KINDS and self_service:
        return None
    return _deny(
        ReasonCode.ADMIN_ONLY_KIND,
        f"Only an administrator may {c.action.value} {c.a_noun}.",
        ReasonCode.ASK_ADMINISTRATOR,
        f"Ask an administrator to {c.action.value} the {c.noun}.",
    )


def _office_phone_not_user_managed(c: _Change) -> Denial | None:
    """[R12](docs/rules.md#r12): users may not add, update or delete an office phone unless
    ``office_phone_user_managed``."""
    if not (c.is_user and c.kind is Kind.OFFICE_PHONE and not c.policy.office_phone_user_managed):
        return None
    return _deny(
        ReasonCode.OFFICE_PHONE_NOT_USER_MANAGED,
        f"Users may not {c.action.value} an office phone in this tenant.",
        ReasonCode.ASK_ADMINISTRATOR,
        f"Ask an administrator to {c.action.value} the office phone.",
    )


def _limit_reached(c: _Change) -> Denial | None:
    """[R2](docs/rules.md#r2): an ``add`` beyond the kind's limit. Every registration of the kind
    counts, usable or not; kinds the kind table marks not ``limited`` have none here (a new TAP
    replaces the old one; external methods are one per provider, [R17](docs/rules.md#r17))."""
    if c.action is not Action.ADD or not c.kind.facts.limited:
        return None
    held = sum(1 for r in c.user.registrations if r.kind is c.kind)
    limit = c.policy.limits.of(c.kind)
    if held < limit:
        return None
    return _deny(
        ReasonCode.LIMIT_REACHED,
        f"The user already holds {plural(held, c.noun + ' registration')}; the limit is {limit}.",
        ReasonCode.DELETE_ONE_FIRST,
        f"Delete {c.a_noun} registration first.",
    )


def _alternate_phone_requires_mobile(c: _Change) -> Denial | None:
    """[R12](docs/rules.md#r12): an alternate phone needs a mobile phone (``add``/``update``)."""
    if not c.changes or c.kind is not Kind.ALTERNATE_PHONE:
        return None
    if any(r.kind is Kind.MOBILE_PHONE for r in c.others):
        return None
    return _deny(
        ReasonCode.ALTERNATE_PHONE_REQUIRES_MOBILE,
        "An alternate phone needs a mobile phone, and the user has none.",
        ReasonCode.REGISTER_MOBILE_PHONE_FIRST,
        "Register a mobile phone first.",
    )


def _duplicate_phone_number(c: _Change) -> Denial | None:
    """[R12](docs/rules.md#r12): a phone number (compared as E.164) another registration holds."""
    number = phone_number(c.registration)
    if not c.changes or number is None or all(phone_number(r) != number for r in c.others):
        return None
    return _deny(
        ReasonCode.DUPLICATE_PHONE_NUMBER,
        f"The number {mask_phone(number)} is already registered as another phone.",
        ReasonCode.USE_ANOTHER_NUMBER,
        "Use a number that is not already registered, or update the existing phone.",
    )


def _duplicate_email_address(c: _Change) -> Denial | None:
    """An email address (compared case-insensitively) another registration holds."""
    if not c.changes or not isinstance(c.registration, Email):
        return None
    address = c.registration.address.casefold()
    if not any(isinstance(r, Email) and r.address.casefold() == address for r in c.others):
        return None
    return _deny(
        ReasonCode.DUPLICATE_EMAIL_ADDRESS,
        "The email address is already registered.",
        ReasonCode.USE_ANOTHER_ADDRESS,
        "Use an address that is not already registered, or update the existing one.",
    )


def _duplicate_provider(c: _Change) -> Denial | None:
    """[R17](docs/rules.md#r17): a second external method of a provider the user already holds
    (``add`` and ``update``)."""
    if not c.changes or not isinstance(c.registration, ExternalAuthentication):
        return None
    provider = c.registration.provider
    if not any(isinstance(r, ExternalAuthentication) and r.provider == provider for r in c.others):
        return None
    return _deny(
        ReasonCode.DUPLICATE_PROVIDER,
        f"An external authentication method of the provider {describe(provider)} is already "
        "registered.",
        ReasonCode.DELETE_ONE_FIRST,
        "Update or delete the registration of that provider instead.",
    )


def _passkey_key_restricted(c: _Change) -> Denial | None:
    """[R19](docs/rules.md#r19): a passkey whose AAGUID the key restrictions make unusable
    (``add`` and ``update``; the restrictions' own rule,
    :meth:`secinfo.policy.KeyRestrictions.permits`, which the one predicate applies too)."""
    if not c.changes or not isinstance(c.registration, Passkey):
        return None
    restrictions = c.policy.settings_of(Method.PASSKEY).key_restrictions
    if restrictions is None or restrictions.permits(c.registration.aaguid):
        return None
    aaguid = c.registration.aaguid
    model = "an unknown authenticator" if aaguid is None else f"the authenticator {aaguid}"
    return _deny(
        ReasonCode.PASSKEY_KEY_RESTRICTED,
        f"The passkey's key restrictions do not permit {model} "
        f"({restrictions.enforcement.value} list).",
        ReasonCode.USE_PERMITTED_PASSKEY,
        "Use a passkey from an authenticator the tenant permits.",
    )


def _tap_lifetime(c: _Change) -> Denial | None:
    """[R20](docs/rules.md#r20): a Temporary Access Pass whose lifetime lies outside the
    policy's ``[min_minutes, max_minutes]`` (``add`` and ``update``)."""
    if not c.changes or not isinstance(c.registration, TemporaryAccessPass):
        return None
    setting = c.policy.settings_of(Method.TEMPORARY_ACCESS_PASS)
    lifetime = c.registration.expires_at - c.registration.starts_at
    low, high = timedelta(minutes=setting.min_minutes), timedelta(minutes=setting.max_minutes)
    if low <= lifetime <= high:
        return None
    return _deny(
        ReasonCode.TAP_LIFETIME,
        f"The pass lasts {lifetime}; the policy allows {setting.min_minutes} to "
        f"{setting.max_minutes} minutes.",
        ReasonCode.CHOOSE_TAP_LIFETIME,
        f"Issue a pass lasting {setting.min_minutes} to {setting.max_minutes} minutes.",
    )


def _tap_one_time_only(c: _Change) -> Denial | None:
    """[R20](docs/rules.md#r20): a multi-use Temporary Access Pass while the policy demands
    one-time passes (``add`` and ``update``)."""
    if not c.changes or not isinstance(c.registration, TemporaryAccessPass):
        return None
    if (
        c.registration.one_time
        or not c.policy.settings_of(Method.TEMPORARY_ACCESS_PASS).one_time_only
    ):
        return None
    return _deny(
        ReasonCode.TAP_ONE_TIME_ONLY,
        "The policy allows only one-time Temporary Access Passes.",
        ReasonCode.ISSUE_ONE_TIME_PASS,
        "Issue a one-time pass.",
    )


STRUCTURAL_RULES: tuple[Callable[[_Change], Denial | None], ...] = (
    _admin_only_kind,
    _office_phone_not_user_managed,
    _limit_reached,
    _alternate_phone_requires_mobile,
    _duplicate_phone_number,
    _duplicate_email_address,
    _duplicate_provider,
    _passkey_key_restricted,
    _tap_lifetime,
    _tap_one_time_only,
)
"""The structural rules of [R10 (1)](docs/rules.md#r10), in the order they are checked."""


def structural_denial(
    policy: TenantPolicy, user: UserState, action: Action, target: Target, *, actor: Actor
) -> Denial | None:
    """[R10 (1)](docs/rules.md#r10): the first structural reason *actor* may not perform
    *action*, or ``None``.

    The rules of :data:`STRUCTURAL_RULES`, in order: admin-only kinds (users may not add or
    update TAP, certificate or hardware OATH), office phones while not user-managed (users may
    not add, update or delete them), limits (``add`` only; every registration of the kind
    counts, usable or not; a new TAP replaces the old one, so TAPs have no limit here), an
    alternate phone without a mobile phone (``add`` and ``update``), and a phone number
    (compared as E.164) or email address (compared case-insensitively) already held by another
    registration (``add`` and ``update``); then, for ``add`` and ``update``: an external method
    of a provider the user already holds ([R17](docs/rules.md#r17)), a passkey the key
    restrictions make unusable ([R19](docs/rules.md#r19)), a Temporary Access Pass whose
    lifetime or multi-use the policy refuses ([R20](docs/rules.md#r20)).
    """
    registration = target.registration
    if registration is None or action in (Action.VIEW, Action.REVIEW, Action.SET_DEFAULT):
        return None
    change = _Change(
        policy=policy,
        user=user,
        action=action,
        registration=registration,
        is_user=actor is not Actor.ADMIN,
        others=tuple(r for r in user.registrations if r.id != registration.id),
    )
    for rule in STRUCTURAL_RULES:
        denial = rule(change)
        if denial is not None:
            return denial
    return None
