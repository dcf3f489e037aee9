"""The tenant's MFA/SSPR policy ([documents](docs/rules.md#documents)) as frozen attrs classes.

Every setting has the default of [documents](docs/rules.md#documents), so ``TenantPolicy()`` is a
valid (empty) policy: no method enabled, MFA enforced for nobody, SSPR enabled for nobody.
"""

from __future__ import annotations

import enum
import functools
import itertools
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

import attrs
from phonenumbers import SUPPORTED_REGIONS

from . import _fields as f
from . import _validate as v
from ._mask import describe
from .errors import InvalidArgument, InvalidArgumentType
from .methods import (
    LIMITED_KINDS,
    MFA_METHODS,
    Kind,
    Method,
    MethodName,
    Purpose,
    PurposeName,
    by_rank,
)

__all__ = [
    "ALL",
    "OWNER",
    "TAP_MINUTES",
    "Bootstrap",
    "CampaignSettings",
    "CampaignState",
    "CombinedRegistration",
    "KeyEnforcement",
    "KeyRestrictions",
    "Limits",
    "Memo",
    "MethodSetting",
    "MfaSettings",
    "PhoneSettings",
    "RegistrationStrength",
    "SsprSettings",
    "StepUpSettings",
    "SystemPreferred",
    "TenantPolicy",
    "in_targets",
]


K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
MEMO_SIZE = 4096
"""Most entries one :class:`Memo` keeps per policy unless it names its own bound (a long-lived
policy cannot grow without limit: a full memo drops its oldest quarter)."""

ALL = "all"
"""The target that stands for every user."""

REGIONS: frozenset[str] = frozenset(SUPPORTED_REGIONS) | {"001"}
"""The region codes a phone setting may name: ISO 3166 codes known to phonenumbers, and ``001``
for non-geographic numbers."""

_EVERYONE: frozenset[str] = frozenset({ALL})
# Members bound once (Python 3.11 reads a member off its enum class through a lookup each time).
_MFA, _SSPR = Purpose.MFA, Purpose.SSPR
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
    return _targeted(groups, include, exclude)


def _targeted(groups: frozenset[str], include: frozenset[str], exclude: frozenset[str]) -> bool:
    """:func:`in_targets` of checked sets (a policy's own lists are checked when it is built;
    checking a list of thousands of groups again on every question would cost its length)."""
    if ALL in exclude or not exclude.isdisjoint(groups):
        return False
    return ALL in include or not include.isdisjoint(groups)


class CampaignState(enum.StrEnum):
    """Registration campaign state: ``enabled``, ``default`` (Microsoft managed), ``disabled``."""

    ENABLED = "enabled"
    DEFAULT = "default"
    DISABLED = "disabled"


class KeyEnforcement(enum.StrEnum):
    """How passkey key restrictions treat the listed AAGUIDs ([R19](docs/rules.md#r19)):
    ``allow`` only them, or ``block`` them."""

    ALLOW = "allow"
    BLOCK = "block"


class Bootstrap(enum.StrEnum):
    """How a user with no usable MFA method gets into security info
    ([R10](docs/rules.md#r10) (2))."""

    PASSWORD = "password"
    TEMPORARY_ACCESS_PASS = "temporary_access_pass"
    ADMINISTRATOR = "administrator"


def _to_method(value: object) -> Any:
    return v.enum_value(Method, value)


def _to_campaign_state(value: object) -> Any:
    return v.enum_value(CampaignState, value)


def _to_bootstrap(value: object) -> Any:
    return v.enum_value(Bootstrap, value)


def _to_targets(value: Iterable[str]) -> Any:
    return v.to_frozenset(value)


def _to_methods(value: object) -> Any:
    converted = v.to_frozenset(value)
    if isinstance(converted, frozenset):
        return frozenset(v.enum_value(Method, item) for item in converted)
    return converted


def _to_enforcement(value: object) -> Any:
    return v.enum_value(KeyEnforcement, value)


def _to_aaguids(value: Iterable[str]) -> Any:
    return v.to_lower_set(value)


@attrs.frozen(kw_only=True)
class KeyRestrictions:
    """Passkey key restrictions by authenticator model ([R19](docs/rules.md#r19)): with
    ``allow`` a passkey is usable only when its AAGUID is listed, with ``block`` only when it is
    not; an unknown (``None``) AAGUID counts as not listed. AAGUIDs are kept in lower case.

    >>> allow = KeyRestrictions(enforcement="allow",
    ...                         aaguids=["CB69481E-8FF7-4039-93EC-0A2729A154A8"])
    >>> allow.permits("cb69481e-8ff7-4039-93ec-0a2729a154a8"), allow.permits(None)
    (True, False)
    >>> KeyRestrictions(enforcement="block", aaguids=[]).permits(None)
    True
    """

    enforcement: KeyEnforcement = attrs.field(
        converter=_to_enforcement, validator=f.choice(KeyEnforcement)
    )
    aaguids: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_aaguids, validator=f.guids()
    )

    def permits(self, aaguid: str | None) -> bool:
        """Whether a passkey with *aaguid* may be used (and stored)."""
        listed = aaguid is not None and aaguid.lower() in self.aaguids
        return listed if self.enforcement is KeyEnforcement.ALLOW else not listed


def _purpose_flag(purpose: Purpose) -> Any:
    def check(inst: MethodSetting, attribute: attrs.Attribute[Any], value: object) -> None:
        v.flag(inst, attribute, value)
        if value and not inst.method.capable(purpose):
            raise InvalidArgument(
                attribute.name, f"method {inst.method.value!r} cannot serve {purpose.value}"
            )

    return check


OWNER = "secinfo.method"
"""The attrs metadata key naming the one method a :class:`MethodSetting` field belongs to."""

TAP_MINUTES = (10, 43_200)
"""The bounds of ``min_minutes`` and ``max_minutes`` of the Temporary Access Pass setting
(10 minutes to 30 days, [R20](docs/rules.md#r20))."""


def _own(method: Method) -> dict[str, Method]:
    return {OWNER: method}


@attrs.frozen(kw_only=True)
class MethodSetting:
    """Whether one method is enabled for MFA and for SSPR, and for whom; some methods have
    settings of their own ([R17](docs/rules.md#r17)–[R20](docs/rules.md#r20)).

    ``passkey``: ``self_service`` (users may add and update passkeys themselves,
    [R18](docs/rules.md#r18)) and ``key_restrictions`` ([R19](docs/rules.md#r19), ``None`` = no
    restriction). ``external_authentication``: ``providers``, the provider ids whose
    registrations are usable ([R17](docs/rules.md#r17)). ``temporary_access_pass``:
    ``min_minutes``/``max_minutes`` (the lifetimes an issued pass may have, 10 ≤ min ≤ max ≤
    43,200) and ``one_time_only`` ([R20](docs/rules.md#r20)). A method's own settings keep their
    defaults on every other method (:meth:`keys` lists a method's fields).

    >>> MethodSetting(method=Method.EMAIL, sspr=True).mfa
    False
    >>> MethodSetting(method="temporary_access_pass", mfa=True).max_minutes
    480
    >>> MethodSetting(method="sms", one_time_only=True)
    Traceback (most recent call last):
    ...
    secinfo.errors.InvalidArgument: one_time_only: applies only to temporary_access_pass
    """

    method: Method = attrs.field(converter=_to_method, validator=f.choice(Method))
    mfa: bool = attrs.field(default=False, validator=f.flag(_purpose_flag(Purpose.MFA)))
    sspr: bool = attrs.field(default=False, validator=f.flag(_purpose_flag(Purpose.SSPR)))
    include: frozenset[str] = attrs.field(
        default=_EVERYONE, converter=_to_targets, validator=f.targets()
    )
    exclude: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=f.targets()
    )
    # passkey ([R18](docs/rules.md#r18): self_service's behaviour; R19: key_restrictions)
    self_service: bool = attrs.field(
        default=True, validator=f.flag(), metadata=_own(Method.PASSKEY)
    )
    key_restrictions: KeyRestrictions | None = attrs.field(
        default=None,
        validator=f.section(KeyRestrictions, optional=True),
        metadata=_own(Method.PASSKEY),
    )
    # external_authentication (R17)
    providers: frozenset[str] = attrs.field(
        default=_NOBODY,
        converter=_to_targets,
        validator=f.names(),
        metadata=_own(Method.EXTERNAL_AUTHENTICATION),
    )
    # temporary_access_pass (R20)
    min_minutes: int = attrs.field(
        default=60,
        validator=f.integer(*TAP_MINUTES),
        metadata=_own(Method.TEMPORARY_ACCESS_PASS),
    )
    max_minutes: int = attrs.field(
        default=480,
        validator=f.integer(*TAP_MINUTES),
        metadata=_own(Method.TEMPORARY_ACCESS_PASS),
    )
    one_time_only: bool = attrs.field(
        default=False, validator=f.flag(), metadata=_own(Method.TEMPORARY_ACCESS_PASS)
    )

    def __attrs_post_init__(self) -> None:
        for attribute in attrs.fields(type(self)):
            owner = attribute.metadata.get(OWNER)
            if owner is None or owner is self.method:
                continue
            if getattr(self, attribute.name) != attribute.default:
                raise InvalidArgument(attribute.name, f"applies only to {owner.value}")
        if self.min_minutes > self.max_minutes:
            raise InvalidArgument(
                "max_minutes", f"{self.max_minutes} is below min_minutes ({self.min_minutes})"
            )

    @classmethod
    def keys(cls, method: Method) -> tuple[str, ...]:
        """The fields of *method*'s setting (but ``method``): the common ones, then its own.

        >>> MethodSetting.keys(Method.EXTERNAL_AUTHENTICATION)
        ('mfa', 'sspr', 'include', 'exclude', 'providers')
        """
        return tuple(
            attribute.name
            for attribute in attrs.fields(cls)
            if attribute.name != "method" and attribute.metadata.get(OWNER, method) is method
        )

    def enabled(self, purpose: Purpose) -> bool:
        """Whether the method is enabled for *purpose* (for its targets)."""
        return self.mfa if purpose is Purpose.MFA else self.sspr


@attrs.frozen(kw_only=True)
class MfaSettings:
    """MFA registration enforcement: who must register and how many methods."""

    enforced_for: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=f.targets()
    )
    exclude: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=f.targets()
    )
    methods_required: int = attrs.field(default=1, validator=f.integer(1, 2))
    grace_days: int = attrs.field(default=0, validator=f.integer(0, 365))

    def applies_to(self, groups: frozenset[str]) -> bool:
        """Whether MFA registration is enforced for a member of *groups*."""
        return _targeted(v.group_set("groups", groups), self.enforced_for, self.exclude)


@attrs.frozen(kw_only=True)
class SsprSettings:
    """Self-service password reset: who may use it and what registration it requires."""

    enabled_for: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=f.targets()
    )
    exclude: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=f.targets()
    )
    registration_required: bool = attrs.field(default=True, validator=f.flag())
    methods_required: int = attrs.field(default=1, validator=f.integer(1, 2))
    reconfirm_days: int = attrs.field(default=180, validator=f.integer(0, 730))

    def applies_to(self, groups: frozenset[str]) -> bool:
        """Whether a member of *groups* is SSPR-enabled."""
        return _targeted(v.group_set("groups", groups), self.enabled_for, self.exclude)


@attrs.frozen(kw_only=True)
class CombinedRegistration:
    """Who gets the combined experience; everyone else gets the separate one."""

    enabled_for: frozenset[str] = attrs.field(
        default=_EVERYONE, converter=_to_targets, validator=f.targets()
    )
    exclude: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=f.targets()
    )

    def applies_to(self, groups: frozenset[str]) -> bool:
        """Whether a member of *groups* gets the combined experience."""
        return _targeted(v.group_set("groups", groups), self.enabled_for, self.exclude)


@attrs.frozen(kw_only=True)
class SystemPreferred:
    """System-preferred MFA: the most secure usable method is offered first."""

    enabled: bool = attrs.field(default=False, validator=f.flag())
    include: frozenset[str] = attrs.field(
        default=_EVERYONE, converter=_to_targets, validator=f.targets()
    )
    exclude: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=f.targets()
    )

    def applies_to(self, groups: frozenset[str]) -> bool:
        """Whether system-preferred MFA applies to a member of *groups*."""
        return self.enabled and _targeted(v.group_set("groups", groups), self.include, self.exclude)


@attrs.frozen(kw_only=True)
class CampaignSettings:
    """The registration campaign (nudge), [R8](docs/rules.md#r8)."""

    state: CampaignState = attrs.field(
        default=CampaignState.DISABLED,
        converter=_to_campaign_state,
        validator=f.choice(CampaignState),
    )
    method: Method = attrs.field(
        default=Method.PUSH,
        converter=_to_method,
        validator=f.choice(Method, Method.PUSH, Method.PASSKEY),
    )
    include: frozenset[str] = attrs.field(
        default=_EVERYONE, converter=_to_targets, validator=f.targets()
    )
    exclude: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=f.targets()
    )
    snooze_days: int = attrs.field(default=1, validator=f.integer(0, 14))
    limited_snoozes: bool = attrs.field(default=True, validator=f.flag())

    def targets(self, groups: frozenset[str]) -> bool:
        """Whether a member of *groups* is in the campaign's targets."""
        return _targeted(v.group_set("groups", groups), self.include, self.exclude)


@attrs.frozen(kw_only=True)
class StepUpSettings:
    """How recent an MFA must be: for the manage session, and for adding a passkey."""

    session_minutes: int = attrs.field(default=15, validator=f.integer(1, 1440))
    passkey_add_minutes: int = attrs.field(default=5, validator=f.integer(1, 1440))


def _regions(value: object) -> object:
    if value is None:
        return None
    regions = v.to_frozenset(value)
    if isinstance(regions, frozenset) and all(isinstance(r, str) for r in regions):
        return frozenset(r.upper() for r in regions)  # region codes are case-insensitive
    return regions


def _region_set(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    v.string_set(_inst, attribute, value)
    assert isinstance(value, frozenset)
    for region in value:
        if region not in REGIONS:
            raise InvalidArgument(
                attribute.name,
                f"{describe(region)} is not a region code phone numbers know (or 001)",
            )


@attrs.frozen(kw_only=True)
class PhoneSettings:
    """Which phone numbers users may register (``None`` allowed regions = any).

    Regions are ISO 3166 two-letter codes; ``001`` stands for non-geographic numbers (``+800``,
    ``+882``, …), which are refused unless ``001`` is allowed explicitly.
    """

    allowed_regions: frozenset[str] | None = attrs.field(
        default=None,
        converter=_regions,
        validator=f.regions(_region_set, known=REGIONS, optional=True),
    )
    blocked_regions: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_regions, validator=f.regions(_region_set, known=REGIONS)
    )
    allow_voip: bool = attrs.field(default=False, validator=f.flag())


_STRENGTH_METHODS: tuple[Method, ...] = by_rank(MFA_METHODS)


@attrs.frozen(kw_only=True)
class RegistrationStrength:
    """A Conditional Access authentication strength on the user action "Register security
    information" ([R21](docs/rules.md#r21)): while it applies to a user (``include``,
    ``exclude`` wins), only MFA with one of ``methods`` (a non-empty set of MFA-capable methods)
    is evidence for managing security info, and a Temporary Access Pass sign-in only when
    ``temporary_access_pass`` is among them.

    >>> strength = RegistrationStrength(methods=["passkey", "temporary_access_pass"])
    >>> [m.value for m in strength.ranked], strength.applies_to(frozenset())
    (['temporary_access_pass', 'passkey'], True)
    >>> RegistrationStrength(methods=["email"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    secinfo.errors.InvalidArgument: methods: 'email' is not one of ...
    """

    methods: frozenset[Method] = attrs.field(
        converter=_to_methods, validator=f.methods(Method, *_STRENGTH_METHODS)
    )
    include: frozenset[str] = attrs.field(
        default=_EVERYONE, converter=_to_targets, validator=f.targets()
    )
    exclude: frozenset[str] = attrs.field(
        default=_NOBODY, converter=_to_targets, validator=f.targets()
    )

    @property
    def ranked(self) -> tuple[Method, ...]:
        """``methods`` in rank order."""
        return by_rank(self.methods)

    def applies_to(self, groups: frozenset[str]) -> bool:
        """Whether the strength applies to a member of *groups* (exclude wins)."""
        return _targeted(v.group_set("groups", groups), self.include, self.exclude)


def _limit(kind: Kind) -> Any:
    return attrs.field(default=LIMITED_KINDS[kind], validator=f.integer(1, cap=f.MAX_LIMIT))


@attrs.frozen(kw_only=True)
class Limits:
    """How many registrations of a kind a user may hold; every other kind is limited to one.

    One field per kind with a ``default_limit`` in :data:`secinfo.methods.KIND_TABLE`, which is
    also its default (an import-time check keeps the two equal).
    """

    authenticator_app: int = _limit(Kind.AUTHENTICATOR_APP)
    software_oath: int = _limit(Kind.SOFTWARE_OATH)
    hardware_oath: int = _limit(Kind.HARDWARE_OATH)
    passkey: int = _limit(Kind.PASSKEY)
    windows_hello: int = _limit(Kind.WINDOWS_HELLO)

    def of(self, kind: Kind) -> int:
        """The limit for *kind*.

        >>> Limits().of(Kind.MOBILE_PHONE), Limits().of(Kind.PASSKEY)
        (1, 10)
        """
        converted = v.enum_value(Kind, kind)
        if not isinstance(converted, Kind):
            raise v.invalid("kind", kind, f"{describe(kind)} is not a Kind")
        limit: int = getattr(self, converted.value, 1)
        return limit


if {a.name: a.default for a in attrs.fields(Limits)} != {
    k.value: n for k, n in LIMITED_KINDS.items()
}:
    raise RuntimeError("Limits must have one field per kind with a default_limit (its default)")


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
        raise InvalidArgumentType(
            attribute.name, f"expected MethodSetting values, got {describe(value)}"
        )
    seen: set[Method] = set()
    for setting in value:
        if setting.method in seen:
            raise InvalidArgument(attribute.name, f"method {setting.method.value!r} is repeated")
        seen.add(setting.method)


_UNLISTED: dict[Method, MethodSetting] = {}
"""The settings of an unlisted method (its defaults), built once per method."""


class Memo(Generic[K, T]):
    """A per-policy cache owned by one module: for each policy, the value computed for a key
    (the policy is immutable, so a value computed once stays right).

    The owner creates one ``Memo`` at import time and asks it with :meth:`get` (or :meth:`find`
    then :meth:`put`, which spares a hit building a closure); keys must capture every input
    besides the policy (callers pass group sets reduced to :meth:`TenantPolicy.pattern`).

    Bounded: a policy keeps at most *bound* entries per memo (default :data:`MEMO_SIZE`); a
    full memo drops its oldest quarter (in insertion order) before it takes a new entry, so a
    long-lived policy facing ever new keys (many group patterns) holds bounded memory and keeps
    its recent entries.

    >>> squares: Memo[int, int] = Memo("squares", bound=8)
    >>> policy = TenantPolicy()
    >>> squares.get(policy, 3, lambda: 3 * 3)
    9
    >>> squares.find(policy, 4) is None
    True
    >>> for n in range(20):
    ...     _ = squares.put(policy, n, n * n)
    >>> squares.size(policy) <= 8, squares.find(policy, 19), squares.find(policy, 0)
    (True, 361, None)
    """

    __slots__ = ("bound", "name")

    def __init__(self, name: str, *, bound: int = MEMO_SIZE) -> None:
        if isinstance(bound, bool) or not isinstance(bound, int) or bound < 1:
            raise InvalidArgument("bound", f"{describe(bound)} is not a positive integer")
        self.name = name
        self.bound = bound

    def __repr__(self) -> str:
        return f"Memo({self.name!r})"

    def get(self, policy: TenantPolicy, key: K, compute: Callable[[], T]) -> T:
        """*compute*'s result for *key* under *policy*, computed once per policy (while the
        entry is kept)."""
        entries: dict[K, T] = policy._compiled.memos.setdefault(self, {})
        try:
            return entries[key]
        except KeyError:
            return self.put(policy, key, compute())

    def find(self, policy: TenantPolicy, key: K) -> T | None:
        """The value kept for *key* under *policy*, or ``None`` (values are never ``None``)."""
        entries = policy._compiled.memos.get(self)
        return None if entries is None else entries.get(key)

    def put(self, policy: TenantPolicy, key: K, value: T) -> T:
        """Keep *value* for *key* under *policy* (dropping the oldest quarter of a full memo)
        and return it."""
        entries: dict[K, T] = policy._compiled.memos.setdefault(self, {})
        if key not in entries and len(entries) >= self.bound:
            # pop, not del: another thread may have dropped the same entries meanwhile.
            for old in list(itertools.islice(entries, max(1, self.bound // 4))):
                entries.pop(old, None)
        entries[key] = value
        return value

    def size(self, policy: TenantPolicy) -> int:
        """How many entries *policy* holds for this memo."""
        return len(policy._compiled.memos.get(self, {}))


_ENABLED: Memo[tuple[Purpose, frozenset[str]], frozenset[Method]] = Memo("enabled methods")
"""The methods enabled per purpose and membership pattern (:meth:`TenantPolicy.enabled_methods`);
bounded like every memo, so it drops its oldest quarter when full instead of emptying."""


@attrs.frozen(kw_only=True)
class _Compiled:
    """Per-policy lookups computed once (the policy is immutable): the settings by method, the
    groups the policy names, and the entries of every :class:`Memo` (among them the enabled
    methods per purpose and membership pattern)."""

    settings: dict[Method, MethodSetting]
    groups: frozenset[str]
    memos: dict[Memo[Any, Any], dict[Any, Any]] = attrs.field(factory=dict)


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
    mfa: MfaSettings = attrs.field(factory=MfaSettings, validator=f.section(MfaSettings))
    sspr: SsprSettings = attrs.field(factory=SsprSettings, validator=f.section(SsprSettings))
    combined_registration: CombinedRegistration = attrs.field(
        factory=CombinedRegistration, validator=f.section(CombinedRegistration)
    )
    system_preferred: SystemPreferred = attrs.field(
        factory=SystemPreferred, validator=f.section(SystemPreferred)
    )
    campaign: CampaignSettings = attrs.field(
        factory=CampaignSettings, validator=f.section(CampaignSettings)
    )
    step_up: StepUpSettings = attrs.field(
        factory=StepUpSettings, validator=f.section(StepUpSettings)
    )
    bootstrap: Bootstrap = attrs.field(
        default=Bootstrap.PASSWORD, converter=_to_bootstrap, validator=f.choice(Bootstrap)
    )
    office_phone_user_managed: bool = attrs.field(default=False, validator=f.flag())
    phone: PhoneSettings = attrs.field(factory=PhoneSettings, validator=f.section(PhoneSettings))
    limits: Limits = attrs.field(factory=Limits, validator=f.section(Limits))
    registration_strength: RegistrationStrength | None = attrs.field(
        default=None, validator=f.section(RegistrationStrength, optional=True)
    )

    @functools.cached_property
    def _compiled(self) -> _Compiled:
        groups: set[str] = set().union(*self.target_lists())
        groups.discard(ALL)
        return _Compiled(
            settings={setting.method: setting for setting in self.methods},
            groups=frozenset(groups),
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
            *(
                ()
                if self.registration_strength is None
                else (self.registration_strength.include, self.registration_strength.exclude)
            ),
        )

    def strength_for(self, groups: frozenset[str]) -> frozenset[Method] | None:
        """The methods the registration strength accepts from a member of *groups*, or ``None``
        when no strength applies to them ([R21](docs/rules.md#r21)).

        >>> policy = TenantPolicy(registration_strength=RegistrationStrength(
        ...     methods=["passkey"], exclude=["g1"]))
        >>> [m.value for m in policy.strength_for(frozenset())], policy.strength_for({"g1"})
        (['passkey'], None)
        """
        strength = self.registration_strength
        if strength is None or not strength.applies_to(frozenset(groups)):
            return None
        return strength.methods

    def self_service(self, method: Method) -> bool:
        """Whether users may add and update registrations providing *method* themselves as far
        as its setting says (``self_service``; only passkeys have the switch,
        [R18](docs/rules.md#r18))."""
        setting = self.setting(method)
        return setting is None or setting.self_service

    def setting(self, method: Method) -> MethodSetting | None:
        """The setting of *method*, or ``None`` when it is not listed (disabled)."""
        converted = v.enum_value(Method, method)
        if not isinstance(converted, Method):
            raise v.invalid("method", method, f"{describe(method)} is not a Method")
        return self._compiled.settings.get(converted)

    def settings_of(self, method: Method) -> MethodSetting:
        """The setting of *method*, or the defaults of an unlisted (disabled) one: what its own
        settings ([R17](docs/rules.md#r17)–[R20](docs/rules.md#r20)) are when the policy
        names none.

        >>> TenantPolicy().settings_of(Method.TEMPORARY_ACCESS_PASS).min_minutes
        60
        """
        found = self._compiled.settings.get(method)
        if found is None:
            found = _UNLISTED.get(method)
            if found is None:
                found = _UNLISTED[method] = MethodSetting(method=method)
        return found

    def enabled_for(
        self, method: Method | MethodName, purpose: Purpose | PurposeName, groups: frozenset[str]
    ) -> bool:
        """Whether *method* is enabled for *purpose* and targets a member of *groups*."""
        enabled = self.enabled_methods(purpose, groups)
        return isinstance(method, str) and method in enabled

    def enabled_methods(
        self, purpose: Purpose | PurposeName, groups: frozenset[str]
    ) -> frozenset[Method]:
        """Every method enabled for *purpose* that targets a member of *groups* (computed once
        per policy and membership pattern).

        >>> policy = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True, exclude=["x"])])
        >>> policy.enabled_methods(Purpose.MFA, frozenset()) == {Method.SMS}
        True
        >>> policy.enabled_methods(Purpose.MFA, frozenset({"x"}))
        frozenset()
        """
        if purpose is not _MFA and purpose is not _SSPR:
            if purpose not in (_MFA, _SSPR):
                raise v.invalid("purpose", purpose, f"{describe(purpose)} is not a Purpose")
            purpose = Purpose(purpose)  # a wire string is keyed as its member
        compiled = self._compiled
        pattern = v.group_set("groups", groups) & compiled.groups
        key = (purpose, pattern)
        found = _ENABLED.find(self, key)
        if found is None:
            found = _ENABLED.put(
                self,
                key,
                frozenset(
                    setting.method
                    for setting in self.methods
                    if setting.enabled(purpose)
                    and _targeted(pattern, setting.include, setting.exclude)
                ),
            )
        return found

    def pattern(self, groups: frozenset[str]) -> frozenset[str]:
        """*groups* reduced to the groups this policy names: the membership pattern that decides
        every targeting question (groups the policy never names change nothing)."""
        return v.group_set("groups", groups) & self._compiled.groups

    @property
    def named_groups(self) -> frozenset[str]:
        """Every group id the policy names anywhere (``all`` excluded)."""
        return self._compiled.groups
