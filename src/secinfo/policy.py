"""The tenant's MFA/SSPR policy (DESIGN.md §4.1–§4.2) as frozen attrs classes.

Every setting has the default of DESIGN.md §4.2, so ``TenantPolicy()`` is a valid (empty) policy:
no method enabled, MFA enforced for nobody, SSPR enabled for nobody.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

import attrs
from phonenumbers import SUPPORTED_REGIONS

from . import _validate as v
from ._mask import describe
from .errors import InvalidArgument
from .methods import Kind, Method, Purpose

__all__ = [
    "ALL",
    "INTERRUPT_KINDS",
    "Bootstrap",
    "CampaignSettings",
    "CampaignState",
    "CombinedRegistration",
    "Limits",
    "MethodSetting",
    "MfaSettings",
    "PhoneSettings",
    "SsprSettings",
    "StepUpSettings",
    "SystemPreferred",
    "TenantPolicy",
    "in_targets",
]


def _to_bootstrap(value: object) -> Any:
    return v.enum_value(Bootstrap, value)


def _to_campaignstate(value: object) -> Any:
    return v.enum_value(CampaignState, value)


def _to_method(value: object) -> Any:
    return v.enum_value(Method, value)


T = TypeVar("T")
_MEMO_SIZE = 4096

ALL = "all"
"""The target that stands for every user."""

REGIONS: frozenset[str] = frozenset(SUPPORTED_REGIONS) | {"001"}
"""The region codes a phone setting may name: ISO 3166 codes known to phonenumbers, and ``001``
for non-geographic numbers."""

_EVERYONE: frozenset[str] = frozenset({ALL})
_NOBODY: frozenset[str] = frozenset()


def in_targets(groups: frozenset[str], include: frozenset[str], exclude: frozenset[str]) -> bool:
    """Whether a member of *groups* is targeted: included (``all`` or a shared group) and not
    excluded (``all`` or a shared group). Exclude wins.

    >>> in_targets(frozenset({"g1"}), frozenset({"all"}), frozenset({"g1"}))
    False
    """
    groups = v.group_set("groups", groups)
    include = v.group_set("include", include)
    exclude = v.group_set("exclude", exclude)
    if ALL in exclude or not exclude.isdisjoint(groups):
        return False
    return ALL in include or not include.isdisjoint(groups)


def _to_targets(value: Iterable[str]) -> Any:
    return v.to_frozenset(value)


class CampaignState(enum.StrEnum):
    """Registration campaign state: ``enabled``, ``default`` (Microsoft managed), ``disabled``."""

    ENABLED = "enabled"
    DEFAULT = "default"
    DISABLED = "disabled"


class Bootstrap(enum.StrEnum):
    """How a user with no usable MFA method gets into security info (DESIGN.md R10 (2))."""

    PASSWORD = "password"
    TEMPORARY_ACCESS_PASS = "temporary_access_pass"
    ADMINISTRATOR = "administrator"


def _purpose_flag(purpose: Purpose) -> Any:
    def check(inst: MethodSetting, attribute: attrs.Attribute[Any], value: object) -> None:
        v.flag(inst, attribute, value)
        if value and not inst.method.capable(purpose):
            raise InvalidArgument(
                attribute.name, f"method {inst.method.value!r} cannot serve {purpose.value}"
            )

    return check


@attrs.frozen(kw_only=True)
class MethodSetting:
    """Whether one method is enabled for MFA and for SSPR, and for whom.

    >>> MethodSetting(method=Method.EMAIL, sspr=True).mfa
    False
    """

    method: Method = attrs.field(converter=_to_method, validator=v.member(Method))
    mfa: bool = attrs.field(default=False, validator=_purpose_flag(Purpose.MFA))
    sspr: bool = attrs.field(default=False, validator=_purpose_flag(Purpose.SSPR))
    include: frozenset[str] = attrs.field(
        default=_EVERYONE, converter=_to_targets, validator=v.string_set
    )
    exclude: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=v.string_set
    )

    def enabled(self, purpose: Purpose) -> bool:
        """Whether the method is enabled for *purpose* (for its targets)."""
        return self.mfa if purpose is Purpose.MFA else self.sspr


@attrs.frozen(kw_only=True)
class MfaSettings:
    """MFA registration enforcement: who must register and how many methods."""

    enforced_for: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=v.string_set
    )
    exclude: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=v.string_set
    )
    methods_required: int = attrs.field(default=1, validator=v.int_range(1, 2))
    grace_days: int = attrs.field(default=0, validator=v.int_range(0, 365))

    def applies_to(self, groups: frozenset[str]) -> bool:
        """Whether MFA registration is enforced for a member of *groups*."""
        return in_targets(groups, self.enforced_for, self.exclude)


@attrs.frozen(kw_only=True)
class SsprSettings:
    """Self-service password reset: who may use it and what registration it requires."""

    enabled_for: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=v.string_set
    )
    exclude: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=v.string_set
    )
    registration_required: bool = attrs.field(default=True, validator=v.flag)
    methods_required: int = attrs.field(default=1, validator=v.int_range(1, 2))
    reconfirm_days: int = attrs.field(default=180, validator=v.int_range(0, 730))

    def applies_to(self, groups: frozenset[str]) -> bool:
        """Whether a member of *groups* is SSPR-enabled."""
        return in_targets(groups, self.enabled_for, self.exclude)


@attrs.frozen(kw_only=True)
class CombinedRegistration:
    """Who gets the combined experience; everyone else gets the separate one."""

    enabled_for: frozenset[str] = attrs.field(
        default=_EVERYONE, converter=_to_targets, validator=v.string_set
    )
    exclude: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=v.string_set
    )

    def applies_to(self, groups: frozenset[str]) -> bool:
        """Whether a member of *groups* gets the combined experience."""
        return in_targets(groups, self.enabled_for, self.exclude)


@attrs.frozen(kw_only=True)
class SystemPreferred:
    """System-preferred MFA: the most secure usable method is offered first."""

    enabled: bool = attrs.field(default=False, validator=v.flag)
    include: frozenset[str] = attrs.field(
        default=_EVERYONE, converter=_to_targets, validator=v.string_set
    )
    exclude: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=v.string_set
    )

    def applies_to(self, groups: frozenset[str]) -> bool:
        """Whether system-preferred MFA applies to a member of *groups*."""
        return self.enabled and in_targets(groups, self.include, self.exclude)


def _campaign_method(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in (Method.PUSH, Method.PASSKEY):
        raise InvalidArgument(attribute.name, f"{describe(value)} is not 'push' or 'passkey'")


@attrs.frozen(kw_only=True)
class CampaignSettings:
    """The registration campaign (nudge), DESIGN.md R8."""

    state: CampaignState = attrs.field(
        default=CampaignState.DISABLED,
        converter=_to_campaignstate,
        validator=v.member(CampaignState),
    )
    method: Method = attrs.field(
        default=Method.PUSH, converter=_to_method, validator=_campaign_method
    )
    include: frozenset[str] = attrs.field(
        default=_EVERYONE, converter=_to_targets, validator=v.string_set
    )
    exclude: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=v.string_set
    )
    snooze_days: int = attrs.field(default=1, validator=v.int_range(0, 14))
    limited_snoozes: bool = attrs.field(default=True, validator=v.flag)

    def targets(self, groups: frozenset[str]) -> bool:
        """Whether a member of *groups* is in the campaign's targets."""
        return in_targets(groups, self.include, self.exclude)


@attrs.frozen(kw_only=True)
class StepUpSettings:
    """How recent an MFA must be: for the manage session, and for adding a passkey."""

    session_minutes: int = attrs.field(default=15, validator=v.int_range(1, 1440))
    passkey_add_minutes: int = attrs.field(default=5, validator=v.int_range(1, 1440))


def _regions(value: object) -> object:
    if value is None:
        return None
    regions = v.to_frozenset(value)
    if isinstance(regions, frozenset) and all(isinstance(r, str) for r in regions):
        return frozenset(r.upper() for r in regions)  # region codes are case-insensitive
    return regions


def _region_set(optional: bool) -> Any:
    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None and optional:
            return
        v.string_set(_inst, attribute, value)
        assert isinstance(value, frozenset)
        for region in value:
            if region not in REGIONS:
                raise InvalidArgument(
                    attribute.name,
                    f"{describe(region)} is not a region code phone numbers know (or 001)",
                )

    return check


@attrs.frozen(kw_only=True)
class PhoneSettings:
    """Which phone numbers users may register (``None`` allowed regions = any).

    Regions are ISO 3166 two-letter codes; ``001`` stands for non-geographic numbers (``+800``,
    ``+882``, …), which are refused unless ``001`` is allowed explicitly.
    """

    allowed_regions: frozenset[str] | None = attrs.field(
        default=None, converter=_regions, validator=_region_set(True)
    )
    blocked_regions: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_regions, validator=_region_set(False)
    )
    allow_voip: bool = attrs.field(default=False, validator=v.flag)


@attrs.frozen(kw_only=True)
class Limits:
    """How many registrations of a kind a user may hold; every other kind is limited to one."""

    authenticator_app: int = attrs.field(default=5, validator=v.int_range(1))
    software_oath: int = attrs.field(default=5, validator=v.int_range(1))
    hardware_oath: int = attrs.field(default=5, validator=v.int_range(1))
    passkey: int = attrs.field(default=10, validator=v.int_range(1))
    windows_hello: int = attrs.field(default=10, validator=v.int_range(1))

    def of(self, kind: Kind) -> int:
        """The limit for *kind*.

        >>> Limits().of(Kind.MOBILE_PHONE), Limits().of(Kind.PASSKEY)
        (1, 10)
        """
        converted = v.enum_value(Kind, kind)
        if not isinstance(converted, Kind):
            raise InvalidArgument("kind", f"{describe(kind)} is not a Kind")
        limit: int = getattr(self, converted.value, 1)
        return limit


def _to_settings(value: object) -> object:
    if isinstance(value, tuple):
        items: Iterable[object] = value
    elif isinstance(value, dict):
        items = value.values()
    elif isinstance(value, Iterable) and not isinstance(value, str | bytes):
        items = tuple(value)  # a one-shot iterator must not be consumed by the check below
    else:
        return value
    if not all(isinstance(item, MethodSetting) for item in items):
        return value
    settings = [item for item in items if isinstance(item, MethodSetting)]
    return tuple(sorted(settings, key=lambda s: s.method.rank))


def _unique_settings(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(s, MethodSetting) for s in value):
        raise InvalidArgument(
            attribute.name, f"expected MethodSetting values, got {describe(value)}"
        )
    seen: set[Method] = set()
    for setting in value:
        if setting.method in seen:
            raise InvalidArgument(attribute.name, f"method {setting.method.value!r} is repeated")
        seen.add(setting.method)


def _instance(cls: type[Any]) -> Any:
    def check(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise InvalidArgument(attribute.name, f"expected {cls.__name__}, got {describe(value)}")

    return attrs.field(factory=cls, validator=check)


INTERRUPT_KINDS: frozenset[Kind] = frozenset(
    {
        Kind.PASSKEY,
        Kind.AUTHENTICATOR_APP,
        Kind.SOFTWARE_OATH,
        Kind.MOBILE_PHONE,
        Kind.EMAIL,
        Kind.SECURITY_QUESTIONS,
    }
)
"""Kinds a user may register in an interrupt (DESIGN.md R4). Never alternate phone, Windows
Hello, certificate, TAP or hardware OATH; the office phone is added per policy and user
(``office_phone_user_managed`` and a ``business_phone``, R12)."""


@attrs.frozen(kw_only=True)
class _Compiled:
    """Per-policy lookups computed once (the policy is immutable).

    ``interrupt_methods``: in rank order, the methods enabled for some purpose (for some
    targets) whose kind a user may register in an interrupt under this policy — the kinds of
    :data:`INTERRUPT_KINDS`, plus the office phone when ``office_phone_user_managed`` (the
    per-user ``business_phone`` condition is checked by the caller), minus the phone kinds
    when ``phone.allowed_regions`` leaves no region that is not blocked.
    """

    settings: dict[Method, MethodSetting]
    groups: frozenset[str]
    interrupt_methods: tuple[Method, ...] = ()
    memo: dict[Hashable, Any] = attrs.field(factory=dict)

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """*compute*'s result for *key*, computed once per policy. Keys must capture every
        input (callers pass group sets reduced to the groups the policy names); the memo is
        bounded, so a long-lived policy object cannot grow without limit."""
        try:
            found: T = self.memo[key]
        except KeyError:
            found = compute()
            if len(self.memo) >= _MEMO_SIZE:
                self.memo.clear()
            self.memo[key] = found
        return found


@attrs.frozen(kw_only=True)
class TenantPolicy:
    """A tenant's MFA and SSPR policy.

    ``methods`` holds one :class:`MethodSetting` per listed method (a method not listed is
    disabled); it accepts any iterable of settings, or a mapping whose values are settings, and
    keeps them in rank order.

    >>> policy = TenantPolicy(methods=[MethodSetting(method=Method.SMS, mfa=True)])
    >>> policy.setting(Method.SMS).mfa, policy.setting(Method.PUSH)
    (True, None)
    """

    methods: tuple[MethodSetting, ...] = attrs.field(
        default=(), converter=_to_settings, validator=_unique_settings
    )
    mfa: MfaSettings = _instance(MfaSettings)
    sspr: SsprSettings = _instance(SsprSettings)
    combined_registration: CombinedRegistration = _instance(CombinedRegistration)
    system_preferred: SystemPreferred = _instance(SystemPreferred)
    campaign: CampaignSettings = _instance(CampaignSettings)
    step_up: StepUpSettings = _instance(StepUpSettings)
    bootstrap: Bootstrap = attrs.field(
        default=Bootstrap.PASSWORD, converter=_to_bootstrap, validator=v.member(Bootstrap)
    )
    office_phone_user_managed: bool = attrs.field(default=False, validator=v.flag)
    phone: PhoneSettings = _instance(PhoneSettings)
    limits: Limits = _instance(Limits)

    @functools.cached_property
    def _compiled(self) -> _Compiled:
        groups: set[str] = set().union(*self.target_lists())
        groups.discard(ALL)
        kinds = INTERRUPT_KINDS | (
            {Kind.OFFICE_PHONE} if self.office_phone_user_managed else frozenset()
        )
        allowed = self.phone.allowed_regions
        geographic = (
            SUPPORTED_REGIONS if allowed is None else allowed
        ) - self.phone.blocked_regions
        if not geographic & SUPPORTED_REGIONS:
            # No geographic region is both allowed and not blocked: no phone can be registered
            # (R13; non-geographic 001 numbers are never mobile or voice numbers users may add).
            kinds -= {Kind.MOBILE_PHONE, Kind.OFFICE_PHONE}
        return _Compiled(
            settings={setting.method: setting for setting in self.methods},
            groups=frozenset(groups),
            interrupt_methods=tuple(
                setting.method
                for setting in self.methods
                if setting.method.kind in kinds and (setting.mfa or setting.sspr)
            ),
        )

    def target_lists(self) -> tuple[frozenset[str], ...]:
        """Every include and exclude list of the policy, in a fixed order.

        >>> len(TenantPolicy().target_lists())  # no method settings: the ten fixed lists
        10
        """
        return (
            *(targets for s in self.methods for targets in (s.include, s.exclude)),
            self.mfa.enforced_for,
            self.mfa.exclude,
            self.sspr.enabled_for,
            self.sspr.exclude,
            self.combined_registration.enabled_for,
            self.combined_registration.exclude,
            self.system_preferred.include,
            self.system_preferred.exclude,
            self.campaign.include,
            self.campaign.exclude,
        )

    def setting(self, method: Method) -> MethodSetting | None:
        """The setting of *method*, or ``None`` when it is not listed (disabled)."""
        converted = v.enum_value(Method, method)
        if not isinstance(converted, Method):
            raise InvalidArgument("method", f"{describe(method)} is not a Method")
        return self._compiled.settings.get(converted)

    def enabled_for(self, method: Method, purpose: Purpose, groups: frozenset[str]) -> bool:
        """Whether *method* is enabled for *purpose* and targets a member of *groups*."""
        enabled = self.enabled_methods(purpose, groups)
        return isinstance(method, str) and method in enabled

    def enabled_methods(self, purpose: Purpose, groups: frozenset[str]) -> frozenset[Method]:
        """Every method enabled for *purpose* that targets a member of *groups* (computed once
        per policy and membership pattern).

        >>> policy = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True, exclude=["x"])])
        >>> policy.enabled_methods(Purpose.MFA, frozenset()) == {Method.SMS}
        True
        >>> policy.enabled_methods(Purpose.MFA, frozenset({"x"}))
        frozenset()
        """
        if purpose not in (Purpose.MFA, Purpose.SSPR):
            raise InvalidArgument("purpose", f"{describe(purpose)} is not a Purpose")
        purpose = Purpose(purpose)  # a wire string is keyed as its member
        compiled = self._compiled
        pattern = v.group_set("groups", groups) & compiled.groups

        def compute() -> frozenset[Method]:
            return frozenset(
                setting.method
                for setting in self.methods
                if setting.enabled(purpose)
                and in_targets(pattern, setting.include, setting.exclude)
            )

        return compiled.remember(("enabled", purpose, pattern), compute)

    def pattern(self, groups: frozenset[str]) -> frozenset[str]:
        """*groups* reduced to the groups this policy names: the membership pattern that decides
        every targeting question (groups the policy never names change nothing)."""
        return v.group_set("groups", groups) & self._compiled.groups

    @property
    def named_groups(self) -> frozenset[str]:
        """Every group id the policy names anywhere (``all`` excluded)."""
        return self._compiled.groups
