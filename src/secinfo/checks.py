"""Policy checks ([R15](docs/rules.md#r15)): contradictions that would leave some user unable to
comply.

What a user can register at sign-in is asked of :func:`secinfo.interrupts.interrupt_choices`
(the same answer the registration prompt's slots use), for a user with no business phone.

Every rule is one function below, and reads only some of the policy's *targets* (an include and
an exclude list: a method's, MFA enforcement's, SSPR's, the campaign's). A user's answer to the
rule depends only on which of those targets apply to them, so the rule is checked once per
distinct, *reachable* combination of applied targets (:func:`membership_patterns`) — never once
per subset of the policy's groups. Groups that appear in exactly the same of the rule's target
lists are interchangeable (one class), groups in none of them behave like "no group", and a
combination is reachable when some set of groups produces it. Each rule reports its problem once,
for the smallest pattern found that shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import attrs

from . import _args
from . import _validate as v
from ._mask import describe, escape_label
from ._words import plural
from .errors import InvalidArgumentType, TooManyGroupPatterns
from .interrupts import interrupt_choices, interrupt_kinds, interrupt_methods
from .methods import PASSWORDLESS_KINDS, TELEPHONY_METHODS, Kind, Method, Purpose
from .policy import ALL, Bootstrap, CampaignState, TenantPolicy
from .results import PolicyProblem, Severity

__all__ = [
    "MAX_GROUP_CLASSES",
    "Targets",
    "check_policy",
    "membership_patterns",
    "policy_targets",
]

MAX_GROUP_CLASSES = 2048
"""At most this many classes of interchangeable groups per rule. A policy whose groups form more
classes for some rule is reported with the error ``too_many_group_patterns`` (its soundness is
then unknown, so the policy does not pass)."""

_MFA = (Purpose.MFA,)
_SSPR = (Purpose.SSPR,)


@attrs.frozen
class Targets:
    """One pair of target lists of a policy: it applies to a member of some groups when they are
    included (``all`` or a shared group) and not excluded (exclude wins)."""

    include: frozenset[str]
    exclude: frozenset[str]


def policy_targets(policy: TenantPolicy) -> tuple[Targets, ...]:
    """Every pair of target lists of *policy*: each method setting's, MFA enforcement's, SSPR's,
    combined registration's, system-preferred MFA's and the campaign's.

    >>> len(policy_targets(TenantPolicy()))
    5
    """
    lists = _args.instance("policy", policy, TenantPolicy).target_lists()
    return tuple(Targets(lists[i], lists[i + 1]) for i in range(0, len(lists), 2))


# --------------------------------------------------------------------------------------------
# Reachable combinations of applied targets
# --------------------------------------------------------------------------------------------


@attrs.frozen
class _Class:
    """Interchangeable groups: the targets that include them and those that exclude them."""

    includes: int
    excludes: int
    groups: tuple[str, ...]


def _classes(targets: Sequence[Targets]) -> list[_Class]:
    signatures: dict[str, list[int]] = {}
    for bit, target in enumerate(targets):
        for side, names in enumerate((target.include, target.exclude)):
            for group in names - {ALL}:
                signatures.setdefault(group, [0, 0])[side] |= 1 << bit
    members: dict[tuple[int, int], list[str]] = {}
    for group, (includes, excludes) in signatures.items():
        members.setdefault((includes, excludes), []).append(group)
    if len(members) > MAX_GROUP_CLASSES:
        raise TooManyGroupPatterns(
            f"the groups form {len(members)} classes, more than the {MAX_GROUP_CLASSES} checked"
        )
    classes = [_Class(inc, exc, tuple(sorted(names))) for (inc, exc), names in members.items()]
    return sorted(classes, key=lambda c: c.groups[0])


def _or(masks: Iterator[int]) -> int:
    found = 0
    for mask in masks:
        found |= mask
    return found


@attrs.frozen
class _Space:
    """The fixed part of the search: the targets' ``all`` entries and the group classes."""

    everyone: int  # targets whose include list has "all"
    nobody: int  # targets whose exclude list has "all"
    classes: list[_Class]


def _compatible(
    space: _Space, pool: list[_Class], on: int, off: int
) -> tuple[list[_Class], int] | None:
    """The largest subset of *pool* whose union of groups makes every target of *on* apply and no
    target of *off* apply, with the targets it includes; ``None`` when no set of groups does.

    The union of two such sets is again one (exclusion wins, inclusion only adds), so the largest
    one exists; it is found by dropping, until nothing changes, every class that includes an
    *off* target that nothing in the set excludes.
    """
    if on & space.nobody:
        return None
    chosen = [c for c in pool if not c.excludes & on]
    while True:
        excluded = space.nobody | _or(c.excludes for c in chosen)
        exposed = off & ~excluded
        if space.everyone & exposed:
            return None
        kept = [c for c in chosen if not c.includes & exposed]
        if len(kept) == len(chosen):
            break
        chosen = kept
    included = space.everyone | _or(c.includes for c in chosen)
    if on & ~included:
        return None
    return chosen, included


def _witness(space: _Space, chosen: list[_Class], on: int) -> frozenset[str]:
    """A small set of groups (one per class) from *chosen* producing exactly the combination
    whose applied targets are *on*: greedily include what is missing, then exclude what leaks."""
    picked: list[_Class] = []
    while True:
        included = space.everyone | _or(c.includes for c in picked)
        excluded = space.nobody | _or(c.excludes for c in picked)
        missing = on & ~included
        leaking = included & ~excluded & ~on
        if not missing and not leaking:
            return frozenset(c.groups[0] for c in picked)
        if missing:
            best = max(chosen, key=lambda c: (c.includes & missing).bit_count())
        else:
            best = max(chosen, key=lambda c: (c.excludes & leaking).bit_count())
        picked.append(best)


def _targets_arg(targets: object) -> tuple[Targets, ...]:
    items = v.to_tuple(targets)
    if not isinstance(items, tuple) or not all(isinstance(t, Targets) for t in items):
        raise InvalidArgumentType("targets", f"expected Targets values, got {describe(targets)}")
    return items


def membership_patterns(
    policy: TenantPolicy, targets: Sequence[Targets] | None = None
) -> tuple[frozenset[str], ...]:
    """One membership pattern per distinct combination of which *targets* apply that some user
    can have (default: every pair of target lists of *policy*), smallest first; the empty
    pattern — users in none of the groups — first.

    Each pattern is a small set of groups producing its combination: every user whose groups
    produce the same combination gets the same answer from anything that reads only *targets*.
    There are at most ``2 ** len(targets)`` combinations (each rule of :func:`check_policy` reads
    at most ten targets), found by a search that prunes every partial combination no set of
    groups can produce. Raises :class:`~secinfo.errors.TooManyGroupPatterns` beyond
    :data:`MAX_GROUP_CLASSES` classes of groups.

    >>> from secinfo import MfaSettings, TenantPolicy
    >>> policy = TenantPolicy(mfa=MfaSettings(enforced_for=["g1"], exclude=["g2"]))
    >>> [sorted(p) for p in membership_patterns(policy)]  # g2 alone is like no group
    [[], ['g1']]
    """
    policy = _args.instance("policy", policy, TenantPolicy)
    chosen_targets = policy_targets(policy) if targets is None else _targets_arg(targets)
    everyone = nobody = 0
    for bit, target in enumerate(chosen_targets):
        everyone |= (ALL in target.include) << bit
        nobody |= (ALL in target.exclude) << bit
    space = _Space(everyone=everyone, nobody=nobody, classes=_classes(chosen_targets))
    found: list[frozenset[str]] = []

    def search(bit: int, pool: list[_Class], on: int, off: int) -> None:
        compatible = _compatible(space, pool, on, off)
        if compatible is None:
            return
        chosen, _ = compatible
        if bit == len(chosen_targets):
            found.append(_witness(space, chosen, on))
            return
        search(bit + 1, chosen, on | 1 << bit, off)
        search(bit + 1, chosen, on, off | 1 << bit)

    search(0, space.classes, 0, 0)
    return tuple(sorted(found, key=lambda pattern: (len(pattern), sorted(pattern))))


# --------------------------------------------------------------------------------------------
# The rules (R15), one function each
# --------------------------------------------------------------------------------------------

_Patterns = Callable[[TenantPolicy, Sequence[Targets]], Sequence[frozenset[str]]]
"""Where a rule gets its membership patterns from: :func:`membership_patterns`, or (to test it)
any enumeration that covers every combination a user can have."""


def _describe(pattern: frozenset[str]) -> str:
    if not pattern:
        return "users in none of the policy's groups"
    return "members of " + ", ".join(escape_label(group) for group in sorted(pattern))


def _sign_in_methods(policy: TenantPolicy, purpose: Purpose) -> list[Targets]:
    """The targets of every method enabled for *purpose* that users may register at sign-in
    (:func:`~secinfo.interrupts.interrupt_methods`): all that
    :func:`~secinfo.interrupts.interrupt_choices` reads for that one purpose."""
    registrable = interrupt_methods(policy)
    return [
        Targets(setting.include, setting.exclude)
        for setting in policy.methods
        if setting.enabled(purpose) and setting.method in registrable
    ]


def _mfa_targets(policy: TenantPolicy) -> list[Targets]:
    return [Targets(policy.mfa.enforced_for, policy.mfa.exclude)]


def _sspr_targets(policy: TenantPolicy) -> list[Targets]:
    return [Targets(policy.sspr.enabled_for, policy.sspr.exclude)]


def _method_targets(policy: TenantPolicy, method: Method) -> list[Targets]:
    setting = policy.setting(method)
    return [] if setting is None else [Targets(setting.include, setting.exclude)]


def _first(
    policy: TenantPolicy,
    patterns: _Patterns,
    targets: Sequence[Targets],
    finds: Callable[[frozenset[str]], str | None],
) -> str | None:
    """The message for the first pattern *finds* reports on, or ``None``."""
    for pattern in patterns(policy, targets):
        message = finds(pattern)
        if message is not None:
            return message
    return None


@attrs.frozen
class _SignInMfa:
    """What a pattern under MFA enforcement can register at sign-in for MFA."""

    methods: tuple[Method, ...]
    kinds: frozenset[Kind]
    stuck: bool  # only passkeys, which need MFA first, and no Temporary Access Pass (R18)


def _sign_in_mfa(policy: TenantPolicy, pattern: frozenset[str]) -> _SignInMfa:
    methods = interrupt_choices(policy, pattern, _MFA)
    kinds = frozenset(method.kind for method in methods)
    tap = policy.enabled_for(Method.TEMPORARY_ACCESS_PASS, Purpose.MFA, pattern)
    return _SignInMfa(
        methods=methods, kinds=kinds, stuck=bool(kinds) and kinds <= PASSWORDLESS_KINDS and not tap
    )


def _sign_in_mfa_targets(policy: TenantPolicy) -> list[Targets]:
    """What :func:`_sign_in_mfa` reads: MFA enforcement, the MFA methods users can register at
    sign-in, and the Temporary Access Pass."""
    return [
        *_mfa_targets(policy),
        *_sign_in_methods(policy, Purpose.MFA),
        *_method_targets(policy, Method.TEMPORARY_ACCESS_PASS),
    ]


def _mfa_no_interrupt_method(policy: TenantPolicy, patterns: _Patterns) -> PolicyProblem | None:
    """MFA registration is enforced for a pattern that can register no MFA method at sign-in,
    or only a passkey — which needs MFA first ([R18](docs/rules.md#r18)) — while the Temporary
    Access Pass is not enabled for them."""

    def finds(pattern: frozenset[str]) -> str | None:
        if not policy.mfa.applies_to(pattern):
            return None
        found = _sign_in_mfa(policy, pattern)
        if not found.kinds:
            return (
                f"MFA registration is enforced for {_describe(pattern)}, but no MFA method "
                "they could register at sign-in is enabled for them."
            )
        if found.stuck:
            return (
                f"MFA registration is enforced for {_describe(pattern)}, but the only MFA "
                "method they could register at sign-in is a passkey, which needs MFA first, and "
                "the Temporary Access Pass is not enabled for them."
            )
        return None

    message = _first(policy, patterns, _sign_in_mfa_targets(policy), finds)
    return _problem("mfa_no_interrupt_method", "mfa.enforced_for", message)


def _mfa_methods_required_unreachable(
    policy: TenantPolicy, patterns: _Patterns
) -> PolicyProblem | None:
    """A pattern under MFA enforcement cannot register ``mfa.methods_required`` independent MFA
    methods at sign-in (limits included)."""
    required = policy.mfa.methods_required

    def finds(pattern: frozenset[str]) -> str | None:
        if not policy.mfa.applies_to(pattern):
            return None
        found = _sign_in_mfa(policy, pattern)
        if not found.kinds or found.stuck:
            return None  # mfa_no_interrupt_method
        capacity = sum(policy.limits.of(kind) for kind in found.kinds)
        if capacity < required:
            return (
                f"{required} MFA methods are required, but {_describe(pattern)} can register "
                f"only {capacity} at sign-in."
            )
        return None

    message = _first(policy, patterns, _sign_in_mfa_targets(policy), finds)
    return _problem("mfa_methods_required_unreachable", "mfa.methods_required", message)


def _only_telephony_mfa(policy: TenantPolicy, patterns: _Patterns) -> PolicyProblem | None:
    """A warning: the only MFA methods a pattern under MFA enforcement can register at sign-in
    are text or voice."""

    def finds(pattern: frozenset[str]) -> str | None:
        if not policy.mfa.applies_to(pattern):
            return None
        found = _sign_in_mfa(policy, pattern)
        if found.kinds and not found.stuck and set(found.methods) <= TELEPHONY_METHODS:
            return (
                f"The only MFA methods {_describe(pattern)} can register at sign-in are text or "
                "voice; enable at least one method that is not telephony."
            )
        return None

    message = _first(policy, patterns, _sign_in_mfa_targets(policy), finds)
    return _problem("only_telephony_mfa", "methods", message, Severity.WARNING)


def _bootstrap_administrator_with_mfa_enforced(
    policy: TenantPolicy, patterns: _Patterns
) -> PolicyProblem | None:
    """MFA registration is enforced for a pattern, but only an administrator may register a
    first method."""
    if policy.bootstrap is not Bootstrap.ADMINISTRATOR:
        return None

    def finds(pattern: frozenset[str]) -> str | None:
        if policy.mfa.applies_to(pattern):
            return (
                f"MFA registration is enforced for {_describe(pattern)}, but only an "
                "administrator may register a first method: there is no self-service path."
            )
        return None

    message = _first(policy, patterns, _mfa_targets(policy), finds)
    return _problem("bootstrap_administrator_with_mfa_enforced", "bootstrap", message)


def _bootstrap_administrator_with_sspr_required(
    policy: TenantPolicy, patterns: _Patterns
) -> PolicyProblem | None:
    """SSPR registration is required for a pattern without MFA enforcement, but only an
    administrator may register a first method."""
    if policy.bootstrap is not Bootstrap.ADMINISTRATOR or not policy.sspr.registration_required:
        return None

    def finds(pattern: frozenset[str]) -> str | None:
        if policy.sspr.applies_to(pattern) and not policy.mfa.applies_to(pattern):
            return (
                f"SSPR registration is required for {_describe(pattern)}, but a user without an "
                "MFA method cannot register anything until an administrator registers a first "
                "method."
            )
        return None

    targets = _mfa_targets(policy) + _sspr_targets(policy)
    message = _first(policy, patterns, targets, finds)
    return _problem("bootstrap_administrator_with_sspr_required", "bootstrap", message)


def _sspr_methods_required_unreachable(
    policy: TenantPolicy, patterns: _Patterns
) -> PolicyProblem | None:
    """An SSPR-enabled pattern can register fewer kinds of SSPR method at sign-in than
    ``sspr.methods_required`` — whether or not registration is required, password reset only
    works with enough kinds."""
    required = policy.sspr.methods_required

    def finds(pattern: frozenset[str]) -> str | None:
        if not policy.sspr.applies_to(pattern):
            return None
        kinds = interrupt_kinds(policy, pattern, _SSPR)
        if len(kinds) < required:
            return (
                f"SSPR requires {plural(required, 'method')}, but {_describe(pattern)} can "
                f"register only {plural(len(kinds), 'kind')} of SSPR method at sign-in."
            )
        return None

    targets = _sspr_targets(policy) + _sign_in_methods(policy, Purpose.SSPR)
    message = _first(policy, patterns, targets, finds)
    return _problem("sspr_methods_required_unreachable", "sspr.methods_required", message)


def _campaign_method_not_enabled(policy: TenantPolicy, patterns: _Patterns) -> PolicyProblem | None:
    """The registration campaign nudges a pattern towards a method not enabled for their
    MFA."""
    campaign = policy.campaign
    if campaign.state is CampaignState.DISABLED:
        return None

    def finds(pattern: frozenset[str]) -> str | None:
        if campaign.targets(pattern) and not policy.enabled_for(
            campaign.method, Purpose.MFA, pattern
        ):
            return (
                f"The registration campaign nudges {_describe(pattern)} to register "
                f"{campaign.method.value}, which is not enabled for MFA for them."
            )
        return None

    targets = [
        Targets(campaign.include, campaign.exclude),
        *_method_targets(policy, campaign.method),
    ]
    message = _first(policy, patterns, targets, finds)
    return _problem("campaign_method_not_enabled", "campaign.method", message)


def _registration_strength_unreachable(
    policy: TenantPolicy, patterns: _Patterns
) -> PolicyProblem | None:
    """The registration strength ([R21](docs/rules.md#r21)) applies to a pattern for which no
    Temporary Access Pass it accepts is enabled: a member who holds none of its methods can never
    meet it (registering one needs the strength first)."""
    strength = policy.registration_strength
    if strength is None:
        return None
    tap = Method.TEMPORARY_ACCESS_PASS

    def finds(pattern: frozenset[str]) -> str | None:
        accepted = policy.strength_for(pattern)
        if accepted is not None and not (
            tap in accepted and policy.enabled_for(tap, Purpose.MFA, pattern)
        ):
            return (
                f"The registration strength applies to {_describe(pattern)}, but a user there "
                "who holds none of its methods can never meet it: registering one needs the "
                "strength first, and no Temporary Access Pass it accepts is enabled for them."
            )
        return None

    targets = [Targets(strength.include, strength.exclude), *_method_targets(policy, tap)]
    message = _first(policy, patterns, targets, finds)
    return _problem("registration_strength_unreachable", "registration_strength.methods", message)


def _bootstrap_tap_not_enabled(policy: TenantPolicy, patterns: _Patterns) -> PolicyProblem | None:
    """The bootstrap is a Temporary Access Pass, which is not enabled for some pattern."""
    if policy.bootstrap is not Bootstrap.TEMPORARY_ACCESS_PASS:
        return None

    def finds(pattern: frozenset[str]) -> str | None:
        if not policy.enabled_for(Method.TEMPORARY_ACCESS_PASS, Purpose.MFA, pattern):
            return (
                "The bootstrap is a Temporary Access Pass, but the Temporary Access Pass is "
                f"not enabled for {_describe(pattern)}."
            )
        return None

    targets = _method_targets(policy, Method.TEMPORARY_ACCESS_PASS)
    message = _first(policy, patterns, targets, finds)
    return _problem("bootstrap_tap_not_enabled", "bootstrap", message)


def _problem(
    code: str, path: str, message: str | None, severity: Severity = Severity.ERROR
) -> PolicyProblem | None:
    if message is None:
        return None
    return PolicyProblem(code=code, path=path, message=message, severity=severity)


_Rule = Callable[[TenantPolicy, _Patterns], PolicyProblem | None]

_RULES: tuple[_Rule, ...] = (
    _mfa_no_interrupt_method,
    _mfa_methods_required_unreachable,
    _only_telephony_mfa,
    _bootstrap_administrator_with_mfa_enforced,
    _bootstrap_administrator_with_sspr_required,
    _sspr_methods_required_unreachable,
    _campaign_method_not_enabled,
    _registration_strength_unreachable,
    _bootstrap_tap_not_enabled,
)
"""Every rule :func:`check_policy` runs ([R15](docs/rules.md#r15))."""


def _run_rules(policy: TenantPolicy, patterns: _Patterns) -> tuple[PolicyProblem, ...]:
    """Run every rule of :data:`_RULES` over the patterns *patterns* gives, sorted by path and
    code. A rule whose patterns exceed :data:`MAX_GROUP_CLASSES` gives the error
    ``too_many_group_patterns`` instead of its own result."""
    problems: dict[str, PolicyProblem] = {}
    for rule in _RULES:
        try:
            problem = rule(policy, patterns)
        except TooManyGroupPatterns as exceeded:
            name = rule.__name__.lstrip("_")
            problem = PolicyProblem(
                code=TooManyGroupPatterns.code,
                path="",
                message=f"The rule {name} could not be checked ({exceeded}), so the policy does "
                "not pass.",
                severity=Severity.ERROR,
            )
        if problem is not None:
            problems.setdefault(problem.code, problem)
    return tuple(sorted(problems.values(), key=lambda p: (p.path, p.code)))


def check_policy(policy: TenantPolicy) -> tuple[PolicyProblem, ...]:
    """Contradictions in *policy* (errors) and one advisory (the warning
    ``only_telephony_mfa``), each reported once, for the smallest membership pattern found that
    shows it, sorted by path and code.

    An empty result means every user of the policy can reach compliance by their own
    registrations (after at most one administrator-issued Temporary Access Pass):
    [R15](docs/rules.md#r15) and [invariant 11](docs/rules.md#invariant-11).

    >>> from secinfo import MfaSettings, TenantPolicy
    >>> [p.code for p in check_policy(TenantPolicy(mfa=MfaSettings(enforced_for=["all"])))]
    ['mfa_no_interrupt_method']
    """
    policy = _args.instance("policy", policy, TenantPolicy)
    found: dict[tuple[Targets, ...], tuple[frozenset[str], ...]] = {}

    def patterns(policy: TenantPolicy, targets: Sequence[Targets]) -> tuple[frozenset[str], ...]:
        key = tuple(targets)  # several rules read the same targets: enumerate them once
        if key not in found:
            found[key] = membership_patterns(policy, key)
        return found[key]

    return _run_rules(policy, patterns)
