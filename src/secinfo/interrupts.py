"""What a member of some groups may register in an interrupt, per policy and independent of any
user's registrations ([R4](docs/rules.md#r4), [R12](docs/rules.md#r12), [R13](docs/rules.md#r13)).

The registration prompt builds its slots from :func:`interrupt_choices`, and the policy checks
([R15](docs/rules.md#r15)) ask it about membership patterns. Answers are computed once per policy
(:class:`secinfo.policy.Memo`).
"""

from __future__ import annotations

from collections.abc import Iterable

from phonenumbers import SUPPORTED_REGIONS

from . import _args
from ._mask import describe
from ._validate import group_set
from .errors import InvalidArgument, InvalidArgumentType
from .methods import INTERRUPT_KINDS, Kind, Method, Purpose, PurposeName
from .policy import KeyEnforcement, Memo, TenantPolicy
from .registrations import REGISTRATION_TYPES

__all__ = ["interrupt_choices", "interrupt_kinds", "interrupt_methods"]

_PROVIDED_WITH: dict[Method, tuple[Method, ...]] = {
    method: REGISTRATION_TYPES[method.kind].provided_with(method) for method in Method
}
"""The methods *every* registration that provides a method also provides (from the registration
classes: an Authenticator app with push always has the code; a mobile phone always has SMS and
voice). Other methods come alone."""

_METHODS: Memo[None, tuple[Method, ...]] = Memo("interrupt_methods")
_CHOICES: Memo[tuple[frozenset[str], tuple[Purpose, ...], bool], tuple[Method, ...]] = Memo(
    "interrupt_choices"
)


def _interrupt_kinds(policy: TenantPolicy) -> frozenset[Kind]:
    kinds = INTERRUPT_KINDS | ({Kind.OFFICE_PHONE} if policy.office_phone_user_managed else set())
    # R18: a kind users may not add themselves (the passkey without self_service) is no choice.
    kinds = frozenset(k for k in kinds if all(policy.self_service(m) for m in k.methods))
    if not policy.settings_of(Method.EXTERNAL_AUTHENTICATION).providers:
        # No provider is listed: no external method could be usable (R17).
        kinds -= {Kind.EXTERNAL_AUTHENTICATION}
    restrictions = policy.settings_of(Method.PASSKEY).key_restrictions
    allow = restrictions is not None and restrictions.enforcement is KeyEnforcement.ALLOW
    if allow and restrictions is not None and not restrictions.aaguids:
        # An empty allow list permits no passkey at all (R19).
        kinds -= {Kind.PASSKEY}
    allowed = policy.phone.allowed_regions
    geographic = (SUPPORTED_REGIONS if allowed is None else allowed) - policy.phone.blocked_regions
    if not geographic & SUPPORTED_REGIONS:
        # No geographic region is both allowed and not blocked: no phone can be registered
        # (R13; non-geographic 001 numbers are never mobile or voice numbers users may add).
        kinds -= {Kind.MOBILE_PHONE, Kind.OFFICE_PHONE}
    return kinds


def interrupt_methods(policy: TenantPolicy) -> tuple[Method, ...]:
    """In rank order, the methods enabled for some purpose (for some targets) whose kind a user
    may register in an interrupt under *policy*: the kinds the kind table marks ``interrupt``,
    plus the office phone when ``office_phone_user_managed`` (the per-user ``business_phone``
    condition is the caller's), minus the phone kinds when ``phone.allowed_regions`` leaves no
    region that is not blocked, the external method when the policy lists no provider
    ([R17](docs/rules.md#r17)) and the passkey when its key restrictions allow no AAGUID
    ([R19](docs/rules.md#r19)) or its ``self_service`` is off ([R18](docs/rules.md#r18)).

    >>> from secinfo import MethodSetting
    >>> policy = TenantPolicy(methods=[MethodSetting(method="push", mfa=True),
    ...                                MethodSetting(method="voice_office", mfa=True)])
    >>> [m.value for m in interrupt_methods(policy)]
    ['push']
    """

    policy = _args.instance("policy", policy, TenantPolicy)

    def compute() -> tuple[Method, ...]:
        kinds = _interrupt_kinds(policy)
        return tuple(
            setting.method
            for setting in policy.methods
            if setting.method.kind in kinds and (setting.mfa or setting.sspr)
        )

    return _METHODS.get(policy, None, compute)


def _purposes(purposes: Iterable[Purpose | PurposeName]) -> tuple[Purpose, ...]:
    if isinstance(purposes, str) or not isinstance(purposes, Iterable):
        raise InvalidArgumentType(
            "purposes", f"expected a collection of purposes, got {describe(purposes)}"
        )
    given = set()
    for purpose in purposes:
        given.add(_args.purpose(purpose))
    if not given:
        raise InvalidArgument("purposes", "at least one purpose is required")
    return tuple(p for p in Purpose if p in given)


def _serves(enabled: frozenset[Method], method: Method, purpose: Purpose) -> bool:
    """Whether every registration providing *method* provides a method of *enabled* (the
    methods enabled and targeted for *purpose*) that can serve *purpose*."""
    return any(
        provided.capable(purpose) and provided in enabled for provided in _PROVIDED_WITH[method]
    )


def _choices(
    policy: TenantPolicy,
    groups: frozenset[str],
    purposes: tuple[Purpose, ...],
    business_phone: bool,
) -> tuple[Method, ...]:
    # The methods enabled and targeted for each purpose, asked of the policy once.
    enabled = {p: policy.enabled_methods(p, groups) for p in purposes}
    found: list[Method] = []
    for method in interrupt_methods(policy):
        if method is Method.VOICE_OFFICE and not business_phone:
            continue
        if not all(method.capable(p) for p in purposes):
            continue
        if not any(method in enabled[p] for p in purposes):
            continue
        if all(_serves(enabled[p], method, p) for p in purposes):
            found.append(method)
    return tuple(found)


def interrupt_choices(
    policy: TenantPolicy,
    groups: Iterable[str],
    purposes: Iterable[Purpose | PurposeName],
    *,
    business_phone: str | None = None,
) -> tuple[Method, ...]:
    """The methods a member of *groups* may register in an interrupt so that the new
    registration counts for every one of *purposes*, in rank order.

    A method qualifies when its kind is registrable in an interrupt (never alternate phone,
    Windows Hello, certificate, TAP or hardware OATH; the office phone only when
    ``office_phone_user_managed`` and *business_phone* is set), it is capable of every purpose,
    enabled and targeted for at least one of them, and every registration that provides it also
    provides, for each purpose, a method enabled and targeted for that purpose. For one purpose
    this is simply "enabled and targeted for it". For ``(mfa, sspr)`` it also admits ``push``
    when push is enabled for one purpose and ``authenticator_code`` for the other (every app
    with push has the code), and ``sms``/``voice_mobile`` when one is enabled for MFA and the
    other for SSPR (a mobile phone provides both): the registration really counts for both.

    It ignores the user's registrations and limits (see :func:`required_registrations` for
    those), so a policy check can ask it about a membership pattern.

    >>> from secinfo import MethodSetting, TenantPolicy
    >>> policy = TenantPolicy(methods=[
    ...     MethodSetting(method="push", mfa=True),
    ...     MethodSetting(method="authenticator_code", sspr=True),
    ...     MethodSetting(method="email", sspr=True),
    ...     MethodSetting(method="voice_alternate", mfa=True)])
    >>> [m.value for m in interrupt_choices(policy, [], [Purpose.MFA, Purpose.SSPR])]
    ['push']
    >>> [m.value for m in interrupt_choices(policy, [], [Purpose.SSPR])]
    ['authenticator_code', 'email']
    """
    policy = _args.instance("policy", policy, TenantPolicy)
    if isinstance(groups, str):
        raise InvalidArgumentType("groups", "expected a collection of group ids, not one string")
    if business_phone is not None and not isinstance(business_phone, str):
        raise InvalidArgumentType(
            "business_phone", f"expected a string or None, got {describe(business_phone)}"
        )
    pattern = policy.pattern(group_set("groups", groups))
    wanted = _purposes(purposes)
    has_phone = business_phone is not None
    return _CHOICES.get(
        policy, (pattern, wanted, has_phone), lambda: _choices(policy, pattern, wanted, has_phone)
    )


_SLOT_CHOICES: Memo[tuple[frozenset[str], bool], dict[tuple[Purpose, ...], tuple[Method, ...]]] = (
    Memo("slot choices")
)
_PURPOSE_SETS: tuple[tuple[Purpose, ...], ...] = (
    (Purpose.MFA, Purpose.SSPR),
    (Purpose.MFA,),
    (Purpose.SSPR,),
)


def choices_by_purposes(
    policy: TenantPolicy, groups: frozenset[str], business_phone: str | None
) -> dict[tuple[Purpose, ...], tuple[Method, ...]]:
    """Internal: :func:`interrupt_choices` for ``(mfa, sspr)``, ``(mfa,)`` and ``(sspr,)`` at
    once, kept per policy and membership pattern (what a prompt's slots are built from)."""
    key = (policy.pattern(groups), business_phone is not None)
    entries = policy._compiled.memos.get(_SLOT_CHOICES)
    found: dict[tuple[Purpose, ...], tuple[Method, ...]] | None = (
        None if entries is None else entries.get(key)
    )
    if found is not None:
        return found
    return _SLOT_CHOICES.get(
        policy,
        key,
        lambda: {
            purposes: interrupt_choices(policy, groups, purposes, business_phone=business_phone)
            for purposes in _PURPOSE_SETS
        },
    )


def interrupt_kinds(
    policy: TenantPolicy,
    groups: Iterable[str],
    purposes: Iterable[Purpose | PurposeName],
    *,
    business_phone: str | None = None,
) -> frozenset[Kind]:
    """The kinds of :func:`interrupt_choices`: what the SSPR count (which counts kinds) can
    gain from interrupt registrations by a member of *groups*.

    >>> from secinfo import MethodSetting, TenantPolicy
    >>> policy = TenantPolicy(methods=[MethodSetting(method="sms", sspr=True),
    ...                                MethodSetting(method="voice_mobile", sspr=True)])
    >>> sorted(k.value for k in interrupt_kinds(policy, [], [Purpose.SSPR]))
    ['mobile_phone']
    """
    return frozenset(
        method.kind
        for method in interrupt_choices(policy, groups, purposes, business_phone=business_phone)
    )
