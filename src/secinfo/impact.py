"""What a policy change (or the passing of time) does to a user, before it is made.

:func:`policy_impact` evaluates one user under the old policy at *now* and under the new policy
at *at* (default: *now*) and compares the two evaluations: methods that become unusable or
usable, a new interrupt, a new block (no way to comply without an administrator), a default that
moves, step-up that becomes impossible, a nudge that starts or stops — plus the audit events of
``policy_changed`` (docs/rules.md#r14). :func:`impact_counts` and :func:`summarize` add the
answers up for a tenant. Everything here is pure: it only calls :func:`secinfo.evaluate` and
:func:`secinfo.policy_changed`, so the one predicate (docs/rules.md#one-predicate) still decides
every usable set.

"Blocked" is the prompt's ``blocked`` (docs/rules.md#r6) or a ``deny`` of the ``view`` gate
under the report's reading of a session (a password-only sign-in at the evaluation time,
docs/rules.md#r9): in both cases only an administrator can help (issue a Temporary Access Pass,
enable or register a method).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from . import _args
from ._mask import describe
from .audit import AuditEvent
from .errors import InvalidArgument, InvalidArgumentType
from .evaluation import evaluate
from .methods import Method
from .policy import TenantPolicy
from .results import Evaluation, GateOutcome, PromptMode
from .transitions import policy_changed
from .user import UserState

__all__ = [
    "SUMMARY_KEYS",
    "UserImpact",
    "impact_counts",
    "ordered_summary",
    "policy_impact",
    "summarize",
]


def _blocked(result: Evaluation) -> bool:
    return result.prompt.blocked is not None or result.step_up.outcome is GateOutcome.DENY


def _methods(values: Iterable[Method]) -> list[str]:
    return [method.value for method in values]


@attrs.frozen(kw_only=True)
class UserImpact:
    """One user's evaluations before and after a change, and what differs between them.

    ``before`` is the evaluation under the old policy at the first time, ``after`` under the new
    policy at the second; ``events`` are what ``policy_changed`` emits for the policy edit (empty
    when only the time changed).
    """

    user_id: str
    before: Evaluation
    after: Evaluation
    events: tuple[AuditEvent, ...] = ()

    @property
    def mfa_lost(self) -> tuple[Method, ...]:
        """MFA methods usable before and not after (rank order)."""
        return tuple(m for m in self.before.usable_mfa if m not in self.after.usable_mfa)

    @property
    def mfa_gained(self) -> tuple[Method, ...]:
        """MFA methods usable after and not before (rank order)."""
        return tuple(m for m in self.after.usable_mfa if m not in self.before.usable_mfa)

    @property
    def sspr_lost(self) -> tuple[Method, ...]:
        """SSPR methods usable before and not after (rank order)."""
        return tuple(m for m in self.before.usable_sspr if m not in self.after.usable_sspr)

    @property
    def sspr_gained(self) -> tuple[Method, ...]:
        """SSPR methods usable after and not before (rank order)."""
        return tuple(m for m in self.after.usable_sspr if m not in self.before.usable_sspr)

    @property
    def newly_interrupted(self) -> bool:
        """Interrupted at sign-in after, not before."""
        return (
            self.before.prompt.mode is not PromptMode.INTERRUPT
            and self.after.prompt.mode is PromptMode.INTERRUPT
        )

    @property
    def no_longer_interrupted(self) -> bool:
        """Interrupted before, not after."""
        return (
            self.before.prompt.mode is PromptMode.INTERRUPT
            and self.after.prompt.mode is not PromptMode.INTERRUPT
        )

    @property
    def newly_blocked(self) -> bool:
        """Blocked after (only an administrator can help), not before."""
        return _blocked(self.after) and not _blocked(self.before)

    @property
    def unblocked(self) -> bool:
        """Blocked before, not after."""
        return _blocked(self.before) and not _blocked(self.after)

    @property
    def default_moved(self) -> bool:
        """The effective default method differs."""
        return self.before.default.method != self.after.default.method

    @property
    def step_up_impossible(self) -> bool:
        """The ``view`` gate could be passed before (``allow`` or ``step_up``) and denies after."""
        return (
            self.before.step_up.outcome is not GateOutcome.DENY
            and self.after.step_up.outcome is GateOutcome.DENY
        )

    @property
    def nudge_started(self) -> bool:
        """The campaign nudges the user after, not before."""
        return (
            self.before.prompt.mode is not PromptMode.NUDGE
            and self.after.prompt.mode is PromptMode.NUDGE
        )

    @property
    def nudge_stopped(self) -> bool:
        """The campaign nudged the user before, not after."""
        return (
            self.before.prompt.mode is PromptMode.NUDGE
            and self.after.prompt.mode is not PromptMode.NUDGE
        )

    @property
    def affected(self) -> bool:
        """Anything above differs, or ``policy_changed`` emitted an event."""
        return bool(
            self.mfa_lost
            or self.mfa_gained
            or self.sspr_lost
            or self.sspr_gained
            or self.before.prompt.mode is not self.after.prompt.mode
            or _blocked(self.before) is not _blocked(self.after)
            or self.default_moved
            or self.before.step_up.outcome is not self.after.step_up.outcome
            or self.events
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (one line per affected user in ``secinfo impact``)."""
        after_slots = self.after.prompt.slots
        return {
            "user_id": self.user_id,
            "mfa": {"lost": _methods(self.mfa_lost), "gained": _methods(self.mfa_gained)},
            "sspr": {"lost": _methods(self.sspr_lost), "gained": _methods(self.sspr_gained)},
            "prompt": {
                "before": self.before.prompt.mode.value,
                "after": self.after.prompt.mode.value,
                "choices_after": [_methods(slot.choices) for slot in after_slots],
            },
            "newly_interrupted": self.newly_interrupted,
            "newly_blocked": self.newly_blocked,
            "unblocked": self.unblocked,
            "blocked_after": None
            if self.after.prompt.blocked is None
            else self.after.prompt.blocked.to_dict(),
            "default": {
                "before": _optional(self.before.default.method),
                "after": _optional(self.after.default.method),
            },
            "step_up": {
                "before": self.before.step_up.outcome.value,
                "after": self.after.step_up.outcome.value,
                "remedy_after": None
                if self.after.step_up.remedy is None
                else self.after.step_up.remedy.to_dict(),
            },
            "step_up_impossible": self.step_up_impossible,
            "nudge": {"started": self.nudge_started, "stopped": self.nudge_stopped},
            "events": [event.to_dict() for event in self.events],
        }


def _optional(method: Method | None) -> str | None:
    return None if method is None else method.value


def policy_impact(
    old: TenantPolicy,
    new: TenantPolicy,
    user: UserState,
    *,
    now: datetime,
    at: datetime | None = None,
) -> UserImpact:
    """Compare *user* under *old* at *now* with *user* under *new* at *at* (default *now*).

    Pass the same policy twice to see what time alone does (a TAP expiring, a review falling
    due, a grace period ending). Sessions are read as in a report: the next sign-in
    (docs/rules.md#r9).

    >>> from datetime import datetime, UTC
    >>> from secinfo import MethodSetting, MfaSettings, MobilePhone, TenantPolicy, UserState
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> old = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True),
    ...                             MethodSetting(method="push", mfa=True)],
    ...                    mfa=MfaSettings(enforced_for=["all"]))
    >>> new = TenantPolicy(methods=[MethodSetting(method="push", mfa=True)],
    ...                    mfa=MfaSettings(enforced_for=["all"]))
    >>> user = UserState(user_id="u1", registrations=[MobilePhone(
    ...     id="p1", registered_at=now, number="+16502530000", verified_with="sms")])
    >>> change = policy_impact(old, new, user, now=now)
    >>> change.mfa_lost, change.newly_interrupted, change.newly_blocked
    ((<Method.SMS: 'sms'>,), True, False)
    >>> change.after.prompt.slots[0].choices
    (<Method.PUSH: 'push'>,)
    """
    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, TenantPolicy):
            raise InvalidArgument(name, "expected a TenantPolicy")
    later = now if at is None else at
    before = evaluate(old, user, now=now)
    after = evaluate(new, user, now=later)
    events = () if old == new else policy_changed(old, new, user, now=later)
    return UserImpact(user_id=user.user_id, before=before, after=after, events=events)


SUMMARY_KEYS = (
    "users",
    "affected",
    "mfa_lost",
    "mfa_gained",
    "sspr_lost",
    "sspr_gained",
    "newly_interrupted",
    "no_longer_interrupted",
    "newly_blocked",
    "unblocked",
    "default_moved",
    "step_up_impossible",
    "nudge_started",
    "nudge_stopped",
)
"""The fixed keys of :func:`summarize` (counts of users), in display order; further keys are
``mfa_lost:<method>``, ``mfa_gained:<method>``, ``sspr_lost:<method>``, ``sspr_gained:<method>``
and ``event:<activity>``."""


def impact_counts(change: UserImpact) -> Counter[str]:
    """One user's contribution to :func:`summarize` (add these up across users or processes).

    >>> from datetime import datetime, UTC
    >>> from secinfo import TenantPolicy, UserState
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> impact_counts(policy_impact(TenantPolicy(), TenantPolicy(), UserState(user_id="u1"),
    ...                             now=now))
    Counter({'users': 1})
    """
    change = _args.instance("change", change, UserImpact)
    counts: Counter[str] = Counter(users=1)
    if not change.affected:
        return counts
    flags = {
        "affected": True,
        "mfa_lost": bool(change.mfa_lost),
        "mfa_gained": bool(change.mfa_gained),
        "sspr_lost": bool(change.sspr_lost),
        "sspr_gained": bool(change.sspr_gained),
        "newly_interrupted": change.newly_interrupted,
        "no_longer_interrupted": change.no_longer_interrupted,
        "newly_blocked": change.newly_blocked,
        "unblocked": change.unblocked,
        "default_moved": change.default_moved,
        "step_up_impossible": change.step_up_impossible,
        "nudge_started": change.nudge_started,
        "nudge_stopped": change.nudge_stopped,
    }
    counts.update(key for key, flag in flags.items() if flag)
    for key, methods in (
        ("mfa_lost", change.mfa_lost),
        ("mfa_gained", change.mfa_gained),
        ("sspr_lost", change.sspr_lost),
        ("sspr_gained", change.sspr_gained),
    ):
        counts.update(f"{key}:{method.value}" for method in methods)
    counts.update(f"event:{event.activity.value}" for event in change.events)
    return counts


def summarize(changes: Iterable[UserImpact]) -> dict[str, int]:
    """The tenant's totals: every key of :data:`SUMMARY_KEYS` (0 when none), then the
    per-method and per-event counts in sorted order.

    >>> summarize([])["users"]
    0
    """
    if isinstance(changes, str | bytes) or not isinstance(changes, Iterable):
        raise InvalidArgumentType("changes", f"expected UserImpact values, got {describe(changes)}")
    total: Counter[str] = Counter()
    for change in changes:
        total.update(impact_counts(change))
    return ordered_summary(total)


def ordered_summary(total: Counter[str]) -> dict[str, int]:
    """*total* with every key of :data:`SUMMARY_KEYS` first (0 when absent), then the rest
    sorted."""
    if not isinstance(total, Mapping) or not all(
        isinstance(key, str) and isinstance(n, int) for key, n in total.items()
    ):
        raise InvalidArgumentType("total", f"expected counts by key, got {describe(total)}")
    result = {key: total.get(key, 0) for key in SUMMARY_KEYS}
    result.update(sorted((key, n) for key, n in total.items() if key not in result))
    return result
