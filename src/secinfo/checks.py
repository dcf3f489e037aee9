"""Policy checks ([R15](docs/rules.md#r15)): contradictions that would leave some user unable to
comply.

What a user can register at sign-in is asked of :func:`secinfo.requirements.interrupt_choices`
(the same answer the registration prompt's slots use), for a user with no business phone.

A *membership pattern* is a set of the groups the policy names; every pattern (including "no
named group") is checked. Groups that appear in exactly the same target lists are
interchangeable, so patterns are formed over those equivalence classes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from .methods import PASSWORDLESS_KINDS, TELEPHONY_METHODS, Method, Purpose
from .policy import Bootstrap, CampaignState, TenantPolicy
from .requirements import interrupt_choices, interrupt_kinds
from .results import PolicyProblem, Severity

__all__ = ["MAX_PATTERN_CLASSES", "check_policy", "membership_patterns"]

MAX_PATTERN_CLASSES = 14
"""At most this many classes of interchangeable groups are enumerated (2**14 patterns)."""

_MFA = (Purpose.MFA,)
_SSPR = (Purpose.SSPR,)


def _representatives(policy: TenantPolicy) -> list[str]:
    """One group per class of groups that appear in exactly the same target lists."""
    lists = policy.target_lists()
    seen: dict[tuple[bool, ...], str] = {}
    for group in sorted(policy.named_groups):
        signature = tuple(group in targets for targets in lists)
        seen.setdefault(signature, group)
    return sorted(seen.values())


def membership_patterns(policy: TenantPolicy) -> Iterator[frozenset[str]]:
    """Every distinct membership pattern, smallest first (the empty pattern first).

    >>> from secinfo import MfaSettings, TenantPolicy
    >>> policy = TenantPolicy(mfa=MfaSettings(enforced_for=["g1"], exclude=["g2"]))
    >>> [sorted(p) for p in membership_patterns(policy)]
    [[], ['g1'], ['g2'], ['g1', 'g2']]
    """
    groups = _representatives(policy)[:MAX_PATTERN_CLASSES]
    for size in range(len(groups) + 1):
        for combination in itertools.combinations(groups, size):
            yield frozenset(combination)


def _describe(pattern: frozenset[str]) -> str:
    if not pattern:
        return "users in none of the policy's groups"
    return "members of " + ", ".join(sorted(pattern))


def check_policy(policy: TenantPolicy) -> tuple[PolicyProblem, ...]:
    """Contradictions in *policy* (severity ``error``) and one advisory, ``only_telephony_mfa``
    (severity ``warning``), each reported once, for the first pattern that shows it.

    An empty result means every user of the policy can reach compliance by their own
    registrations (after at most one administrator-issued Temporary Access Pass).

    >>> from secinfo import MfaSettings, TenantPolicy
    >>> [p.code for p in check_policy(TenantPolicy(mfa=MfaSettings(enforced_for=["all"])))]
    ['mfa_no_interrupt_method']
    """
    problems: dict[str, PolicyProblem] = {}

    def report(code: str, path: str, message: str, severity: Severity = Severity.ERROR) -> None:
        problems.setdefault(
            code, PolicyProblem(code=code, path=path, message=message, severity=severity)
        )

    if len(_representatives(policy)) > MAX_PATTERN_CLASSES:
        report(
            "too_many_group_patterns",
            "",
            f"The policy's groups form more than {MAX_PATTERN_CLASSES} independent classes; "
            "only the first are checked.",
        )
    for pattern in membership_patterns(policy):
        who = _describe(pattern)
        mfa_enforced = policy.mfa.applies_to(pattern)
        if mfa_enforced:
            mfa_methods = interrupt_choices(policy, pattern, _MFA)
            mfa_kinds = {method.kind for method in mfa_methods}
            tap_enabled = policy.enabled_for(Method.TEMPORARY_ACCESS_PASS, Purpose.MFA, pattern)
            if not mfa_kinds:
                report(
                    "mfa_no_interrupt_method",
                    "mfa.enforced_for",
                    f"MFA registration is enforced for {who}, but no MFA method they could "
                    "register at sign-in is enabled for them.",
                )
            elif mfa_kinds <= PASSWORDLESS_KINDS and not tap_enabled:
                # R18: a passkey is registered only with MFA; a newcomer needs another method
                # first, or the administrator-issued Temporary Access Pass R15 allows.
                report(
                    "mfa_no_interrupt_method",
                    "mfa.enforced_for",
                    f"MFA registration is enforced for {who}, but the only MFA method they "
                    "could register at sign-in is a passkey, which needs MFA first, and the "
                    "Temporary Access Pass is not enabled for them.",
                )
            else:
                capacity = sum(policy.limits.of(kind) for kind in mfa_kinds)
                if capacity < policy.mfa.methods_required:
                    report(
                        "mfa_methods_required_unreachable",
                        "mfa.methods_required",
                        f"{policy.mfa.methods_required} MFA methods are required, but {who} "
                        f"can register only {capacity} at sign-in.",
                    )
                if set(mfa_methods) <= TELEPHONY_METHODS:
                    report(
                        "only_telephony_mfa",
                        "methods",
                        f"The only MFA methods {who} can register at sign-in are text or "
                        "voice; enable at least one method that is not telephony.",
                        Severity.WARNING,
                    )
            if policy.bootstrap is Bootstrap.ADMINISTRATOR:
                report(
                    "bootstrap_administrator_with_mfa_enforced",
                    "bootstrap",
                    f"MFA registration is enforced for {who}, but only an administrator may "
                    "register a first method: there is no self-service path.",
                )
        sspr_required = policy.sspr.applies_to(pattern) and policy.sspr.registration_required
        if sspr_required and not mfa_enforced and policy.bootstrap is Bootstrap.ADMINISTRATOR:
            report(
                "bootstrap_administrator_with_sspr_required",
                "bootstrap",
                f"SSPR registration is required for {who}, but a user without an MFA method "
                "cannot register anything until an administrator registers a first method.",
            )
        # R15: for every SSPR-enabled pattern — even when registration is not required, password
        # reset only works with enough kinds of method its users can register.
        if policy.sspr.applies_to(pattern):
            sspr_kinds = interrupt_kinds(policy, pattern, _SSPR)
            if len(sspr_kinds) < policy.sspr.methods_required:
                report(
                    "sspr_methods_required_unreachable",
                    "sspr.methods_required",
                    f"SSPR requires {policy.sspr.methods_required} method(s), but {who} can "
                    f"register only {len(sspr_kinds)} kind(s) of SSPR method at sign-in.",
                )
        if (
            policy.campaign.state is not CampaignState.DISABLED
            and policy.campaign.targets(pattern)
            and not policy.enabled_for(policy.campaign.method, Purpose.MFA, pattern)
        ):
            report(
                "campaign_method_not_enabled",
                "campaign.method",
                f"The registration campaign nudges {who} to register "
                f"{policy.campaign.method.value}, which is not enabled for MFA for them.",
            )
        accepted = policy.strength_for(pattern)
        tap = Method.TEMPORARY_ACCESS_PASS
        if accepted is not None and not (
            tap in accepted and policy.enabled_for(tap, Purpose.MFA, pattern)
        ):
            # R21: registering anything needs evidence the strength accepts; a method of the
            # strength can only be registered with such evidence, so a user who holds none gets
            # in only with a Temporary Access Pass the strength lists (R15's one TAP).
            report(
                "registration_strength_unreachable",
                "registration_strength.methods",
                f"The registration strength applies to {who}, but a member who holds none of "
                "its methods can never meet it: registering one needs the strength first, "
                "and no Temporary Access Pass it accepts is enabled for them.",
            )
        if policy.bootstrap is Bootstrap.TEMPORARY_ACCESS_PASS and not policy.enabled_for(
            Method.TEMPORARY_ACCESS_PASS, Purpose.MFA, pattern
        ):
            report(
                "bootstrap_tap_not_enabled",
                "bootstrap",
                f"The bootstrap is a Temporary Access Pass, but the Temporary Access Pass is "
                f"not enabled for {who}.",
            )
    return tuple(sorted(problems.values(), key=lambda p: (p.path, p.code)))
