"""What the policy asks of one user at the security-info step ([R3](docs/rules.md#r3) to
[R9](docs/rules.md#r9), [R12](docs/rules.md#r12)).

:func:`required_registrations` decides between an interrupt (registration at sign-in), a review,
a nudge (registration campaign) or nothing, and lists the slots the user must fill. Every "does
it count" question goes through the one predicate of :mod:`secinfo.usable`.

The slots are built from :func:`secinfo.interrupts.interrupt_choices` ("what can a member of these
groups register in an interrupt that counts for these purposes"), re-exported here with
:func:`~secinfo.interrupts.interrupt_kinds`.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import attrs

from . import _args, _evidence
from ._build import builder, trusted
from ._time import later
from ._words import plural
from .default import choose_default
from .interrupts import choices_by_purposes, interrupt_choices, interrupt_kinds
from .methods import PASSWORDLESS_KINDS, TELEPHONY_METHODS, Kind, Method, Purpose
from .policy import CampaignState, Memo, TenantPolicy
from .reasons import Reason, ReasonCode, reason
from .registrations import ExternalAuthentication, phone_number
from .results import Blocked, Experience, GateOutcome, PromptMode, RegistrationPrompt, Slot
from .session import Session
from .stepup import gate_for_session
from .usable import View, view
from .user import UserState

__all__ = [
    "CAMPAIGN_SNOOZE_LIMIT",
    "Shortfall",
    "interrupt_choices",
    "interrupt_kinds",
    "required_registrations",
    "shortfall",
]

CAMPAIGN_SNOOZE_LIMIT = 3
"""How often a user may snooze the registration campaign when ``limited_snoozes`` is on."""

_DAY = timedelta(days=1)
_BOTH: tuple[Purpose, ...] = (Purpose.MFA, Purpose.SSPR)
_MFA_ONLY: tuple[Purpose, ...] = (Purpose.MFA,)
_SSPR_ONLY: tuple[Purpose, ...] = (Purpose.SSPR,)

# --------------------------------------------------------------------------------------------
# The counts (R3)
# --------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Shortfall:
    """How far a user is from what the policy requires ([counting](docs/rules.md#counting),
    [R3](docs/rules.md#r3)).

    ``mfa``/``sspr`` are the missing counts an interrupt covers (``0`` when it covers none):
    ``mfa`` is the MFA shortfall when MFA registration is enforced for the user; ``sspr`` is
    the SSPR shortfall when SSPR drives the interrupt, or when MFA drives it and the user is
    SSPR-enabled (collected with MFA even if ``registration_required`` is false).
    """

    mfa_count: int
    sspr_kinds: frozenset[Kind]
    mfa_drives: bool
    sspr_drives: bool
    mfa: int
    sspr: int

    @property
    def sspr_count(self) -> int:
        """The SSPR count (distinct kinds providing a usable SSPR method)."""
        return len(self.sspr_kinds)

    @property
    def interrupt(self) -> bool:
        """Whether MFA or SSPR drives an interrupt."""
        return self.mfa_drives or self.sspr_drives


def shortfall(policy: TenantPolicy, user: UserState, *, now: datetime) -> Shortfall:
    """The counts and missing counts of [R3](docs/rules.md#r3) for *user* at *now*.

    Adding a usable registration never raises ``mfa`` or ``sspr``; disabling a method never
    lowers them ([invariant 6](docs/rules.md#invariant-6)).

    >>> from datetime import datetime, UTC
    >>> from secinfo import MethodSetting, MfaSettings, TenantPolicy, UserState
    >>> policy = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True)],
    ...                       mfa=MfaSettings(enforced_for=["all"], methods_required=2))
    >>> short = shortfall(policy, UserState(user_id="u1"), now=datetime(2026, 1, 1, tzinfo=UTC))
    >>> short.mfa, short.sspr, short.mfa_drives
    (2, 0, True)
    """
    return short_of(view(policy, user, now=now))


def short_of(answers: View) -> Shortfall:
    """:func:`shortfall` over the predicate's answers for one user (kept per policy)."""
    policy = answers.policy
    # It reads the targeting (MFA enforcement, SSPR), the MFA count and the SSPR kinds.
    key = (answers.targeting, answers.mfa_count, answers.sspr_kinds)
    kept = policy._compiled.memos.get(_SHORTFALLS)  # _SHORTFALLS.find, without its call
    found = None if kept is None else kept.get(key)
    if found is None:
        found = _SHORTFALLS.put(policy, key, _short_of(answers))
    return found


def _short_of(answers: View) -> Shortfall:
    """:func:`short_of` computed."""
    policy = answers.policy
    have_mfa = answers.mfa_count
    kinds = answers.sspr_kinds
    mfa_missing = max(0, policy.mfa.methods_required - have_mfa)
    mfa_drives = answers.targeting.mfa_enforced and mfa_missing > 0
    sspr_enabled = answers.targeting.sspr_enabled
    sspr_missing = max(0, policy.sspr.methods_required - len(kinds))
    sspr_drives = sspr_enabled and policy.sspr.registration_required and sspr_missing > 0
    covers_sspr = sspr_drives or (mfa_drives and sspr_enabled)
    return _SHORTFALL(
        mfa_count=have_mfa,
        sspr_kinds=kinds,
        mfa_drives=mfa_drives,
        sspr_drives=sspr_drives,
        mfa=mfa_missing if mfa_drives else 0,
        sspr=sspr_missing if covers_sspr else 0,
    )


_SHORTFALL = builder(Shortfall)
_SHORTFALLS: Memo[tuple[object, ...], Shortfall] = Memo("shortfall")


# --------------------------------------------------------------------------------------------
# Slots (R4, R12)
# --------------------------------------------------------------------------------------------


def _slots(
    policy: TenantPolicy,
    user: UserState,
    short: Shortfall,
    experience: Experience,
    can_mfa: bool,
) -> tuple[Slot, ...]:
    """[R4](docs/rules.md#r4) as amended by [R18](docs/rules.md#r18): a passwordless credential
    is a choice only when the user holds a usable MFA method (*can_mfa*) or a slot before it is
    an MFA slot (registering that slot's choice gives the user one)."""
    groups = user.groups
    held = Counter(registration.kind for registration in user.registrations)
    numbers = {phone_number(registration) for registration in user.registrations} - {None}
    # An office phone is registered with the business phone; when the user already holds a
    # phone with that number, registering it would be a duplicate number (R10 (1)): no slot
    # offers it.
    office_possible = user.business_phone not in numbers
    candidates = choices_by_purposes(policy, groups, user.business_phone)

    # A user holds one external method per listed provider (R17): what is "held" of that kind is
    # the number of listed providers already registered, and the limit is the number listed.
    providers = policy.settings_of(Method.EXTERNAL_AUTHENTICATION).providers
    held[Kind.EXTERNAL_AUTHENTICATION] = len(
        {r.provider for r in user.registrations if isinstance(r, ExternalAuthentication)}
        & providers
    )

    def room(kind: Kind) -> bool:
        if kind is Kind.EXTERNAL_AUTHENTICATION:
            return held[kind] < len(providers)
        return held[kind] < policy.limits.of(kind)

    def counts(method: Method, purposes: tuple[Purpose, ...], taken: set[Kind]) -> bool:
        if Purpose.SSPR in purposes and (method.kind in short.sspr_kinds or method.kind in taken):
            return False
        return not (method is Method.VOICE_OFFICE and not office_possible)

    m, s = short.mfa, short.sspr
    if experience is Experience.COMBINED:
        k = len({x.kind for x in candidates[_BOTH] if room(x.kind) and counts(x, _BOTH, set())})
        d = min(m, s, k)
        plan = [_BOTH] * d + [_MFA_ONLY] * (m - d)
    else:
        plan = [_MFA_ONLY] * m

    taken: set[Kind] = set()
    slots: list[Slot] = []
    sspr_gained = 0

    def fill(purposes: tuple[Purpose, ...]) -> None:
        nonlocal sspr_gained
        passwordless = can_mfa or any(Purpose.MFA in slot.purposes for slot in slots)
        choices = tuple(
            x
            for x in candidates[purposes]
            if room(x.kind)
            and counts(x, purposes, taken)
            and (passwordless or x.kind not in PASSWORDLESS_KINDS)
        )
        slots.append(trusted(Slot, purposes=purposes, choices=choices))
        if not choices:
            return
        first = choices[0]
        # The first choice's registration adds an SSPR kind when it serves SSPR too (always
        # for a dual or SSPR slot; for an [mfa] slot when it is also a dual choice). Only then
        # do later SSPR slots exclude its kind: one that adds no SSPR kind (a code-only app when
        # only push serves SSPR) must not hide the kind from the SSPR slots that follow.
        if Purpose.SSPR in purposes or (first in candidates[_BOTH] and counts(first, _BOTH, taken)):
            sspr_gained += 1
            taken.add(first.kind)
        held[first.kind] += 1

    for purposes in plan:
        fill(purposes)
    # The SSPR slots ask only for what the slots before them leave missing.
    for _ in range(max(0, s - sspr_gained)):
        fill(_SSPR_ONLY)
    return tuple(slots)


# --------------------------------------------------------------------------------------------
# Review (R7) and nudge (R8)
# --------------------------------------------------------------------------------------------


def _review_due(answers: View) -> int | None:
    """Days since the last confirmation when a review is due, else ``None``."""
    user, now = answers.user, answers.now
    sspr = answers.policy.sspr
    if not (answers.targeting.sspr_enabled and sspr.registration_required and sspr.reconfirm_days):
        return None
    latest = answers.sspr_latest
    reviewed = user.last_reviewed_at
    if reviewed is not None and (latest is None or reviewed > latest):
        latest = reviewed
    if latest is None:
        return None
    age = now - latest
    if age < sspr.reconfirm_days * _DAY:
        return None
    return age // _DAY


def _session(answers: View, session: Session | None) -> Session:
    if session is not None:
        return session
    return _evidence.assumed_session(answers.now, choose_default(answers).method)


@attrs.frozen
class _Nudge:
    shown: bool
    skippable: bool
    reasons: tuple[Reason, ...]


_NO_NUDGE = _Nudge(False, False, ())
# Members read on every call, bound once (reading a member off its enum class is a lookup
# through the class on every access in Python 3.11).
_DISABLED, _MS_MANAGED = CampaignState.DISABLED, CampaignState.DEFAULT
_COMBINED, _SEPARATE = Experience.COMBINED, Experience.SEPARATE
_MFA = Purpose.MFA


def _nudge(answers: View, session: Session | None) -> _Nudge:
    """[R8](docs/rules.md#r8): whether the registration campaign shows, and why not."""
    decided = _campaign(answers, session)
    return _snoozed(answers) if decided is None else decided


def _campaign(answers: View, session: Session | None) -> _Nudge | None:
    """:func:`_nudge` up to the user's snoozes: the outcome when the campaign does not apply
    or the session does not allow it, ``None`` when it applies and the snoozes decide.

    It reads the campaign settings, the usable MFA methods, the targeting (the campaign's
    targets, and whether its method targets the user: the method is ``push`` or ``passkey``,
    both able to serve MFA, so it is enabled for the user's groups exactly when the targeting
    offers it for MFA), how many registrations of the method's kind the user holds and the
    session (without one: the assumed sign-in at *now* with the default)."""
    policy, user, now = answers.policy, answers.user, answers.now
    usable_mfa = answers.usable_mfa
    campaign = policy.campaign
    method = campaign.method
    if campaign.state is _DISABLED or not usable_mfa:
        return _NO_NUDGE
    if campaign.state is _MS_MANAGED and not usable_mfa <= TELEPHONY_METHODS:
        return _NO_NUDGE
    if not answers.targeting.campaign:
        return _NO_NUDGE
    if not policy.enabled_for(method, _MFA, user.groups) or method in usable_mfa:
        return _NO_NUDGE
    held = sum(1 for r in user.registrations if r.kind is method.kind)
    if held >= policy.limits.of(method.kind):
        return _NO_NUDGE
    # The campaign applies; now the session and the snooze decide whether it shows.
    evidence = _session(answers, session)
    if evidence.registered_in_session:
        return _Nudge(
            False,
            False,
            (
                reason(
                    code="campaign_after_registration",
                    message="The campaign is not shown in a session in which the user "
                    "registered security info.",
                ),
            ),
        )
    if (
        answers.targeting.strength is not None
        and gate_for_session(answers, evidence, method.kind).outcome is GateOutcome.DENY
    ):
        return _Nudge(
            False,
            False,
            (
                reason(
                    code=ReasonCode.CAMPAIGN_STRENGTH_UNMET,
                    message="The campaign is not shown while the user cannot meet the strength "
                    "required to register security info.",
                ),
            ),
        )
    if (
        _evidence.session_evidence(
            policy, user, evidence, now, policy.step_up.session_minutes, usable=usable_mfa
        )
        is None
    ):
        return _Nudge(
            False,
            False,
            (
                reason(
                    code="campaign_needs_mfa",
                    message="The campaign is shown only after a recent MFA in this session.",
                ),
            ),
        )
    return None


def _snoozed(answers: View) -> _Nudge:
    """:func:`_nudge` once the campaign applies and the session allows it: the user's snoozes
    decide (the time of the last one and, with limited snoozes, how many)."""
    campaign, now = answers.policy.campaign, answers.now
    method = campaign.method
    progress = answers.user.campaign
    if progress.last_snoozed_at is not None and now < later(
        progress.last_snoozed_at, campaign.snooze_days * _DAY
    ):
        return _Nudge(
            False,
            False,
            (
                reason(
                    code="campaign_snoozed",
                    message="The user snoozed the campaign less than "
                    f"{plural(campaign.snooze_days, 'day')} ago.",
                ),
            ),
        )
    reasons = [
        reason(
            code="campaign_nudge",
            message=f"The registration campaign asks the user to set up {method.value}.",
        )
    ]
    exhausted = campaign.limited_snoozes and progress.snoozes >= CAMPAIGN_SNOOZE_LIMIT
    if exhausted:
        reasons.append(
            reason(
                code="snoozes_exhausted",
                message=f"The user has used all {CAMPAIGN_SNOOZE_LIMIT} snoozes; setup is "
                "now required.",
            )
        )
    return _Nudge(True, not exhausted, tuple(reasons))


# --------------------------------------------------------------------------------------------
# The prompt
# --------------------------------------------------------------------------------------------


def _grace(policy: TenantPolicy, user: UserState, now: datetime) -> tuple[bool, Reason | None]:
    """[R5](docs/rules.md#r5) for an MFA-driven interrupt: (skippable, reason)."""
    days = policy.mfa.grace_days
    if days == 0:
        return False, None
    first = user.first_prompted_at
    if first is None:
        return True, _GRACE_REASONS.get(
            policy,
            "not started",
            lambda: reason(
                code="mfa_grace_period",
                message=f"The user may skip MFA registration during a {days}-day grace "
                "period, which starts when they first skip.",
            ),
        )
    end = later(first, days * _DAY)
    if now < end:
        return True, reason(
            code="mfa_grace_period",
            message=f"The user may skip MFA registration until {end.isoformat()}, the end of "
            f"the {days}-day grace period.",
        )
    return False, _GRACE_REASONS.get(
        policy,
        "over",
        lambda: reason(
            code="mfa_grace_expired",
            message=f"The {days}-day grace period for MFA registration is over; it cannot be "
            "skipped.",
        ),
    )


# The two grace reasons that name nothing of the user's (only the policy's grace days).
_GRACE_REASONS: Memo[str, Reason] = Memo("grace reason", bound=2)


def _block_for_slots(slots: tuple[Slot, ...]) -> tuple[Blocked | None, list[Reason]]:
    blocked: Blocked | None = None
    reasons: list[Reason] = []
    for index, slot in enumerate(slots):
        if slot.choices:
            continue
        requirement = Purpose.MFA if Purpose.MFA in slot.purposes else Purpose.SSPR
        what = "MFA" if requirement is Purpose.MFA else "password reset"
        reasons.append(
            reason(
                code="no_choice_for_slot",
                message=f"Slot {index + 1} needs a new {what} method, but the user can "
                "register none in an interrupt.",
            )
        )
        if blocked is None:
            blocked = Blocked(
                code="no_choice_for_slot",
                requirement=requirement.value,
                remedy=reason(
                    code="enable_method",
                    message=f"An administrator must enable, for this user, another {what} "
                    "method they can register at sign-in (or raise its limit).",
                ),
            )
    return blocked, reasons


def _gate_block(
    answers: View, session: Session | None, slots: tuple[Slot, ...], can_mfa: bool
) -> tuple[Blocked | None, list[Reason]]:
    """[R6](docs/rules.md#r6) as generalised by [R21](docs/rules.md#r21): ``step_up(add)`` of the
    first slot's first choice denies under the session (the bootstrap step when the user has no
    usable MFA method, the registration strength otherwise)."""
    first = slots[0].choices[0] if slots and slots[0].choices else None
    gate = gate_for_session(
        answers, _session(answers, session), None if first is None else first.kind
    )
    if gate.outcome is not GateOutcome.DENY:
        return None, []
    assert gate.remedy is not None
    if not can_mfa:
        code, requirement = ReasonCode.BOOTSTRAP_DENIED, "bootstrap"
    else:
        code, requirement = ReasonCode.REGISTRATION_STRENGTH_DENIED, "registration_strength"
    return (
        Blocked(code=code, requirement=requirement, remedy=gate.remedy),
        [reason(code=code, message=gate.reasons[0].message)],
    )


def _interrupt_reasons(policy: TenantPolicy, short: Shortfall) -> list[Reason]:
    reasons: list[Reason] = []
    if short.mfa_drives:
        reasons.append(
            reason(
                code="mfa_methods_missing",
                message=f"MFA registration is enforced for the user, who has "
                f"{short.mfa_count} of the {plural(policy.mfa.methods_required, 'method')} "
                "required.",
            )
        )
    if short.sspr:
        have, need = short.sspr_count, plural(policy.sspr.methods_required, "method")
        if short.sspr_drives:
            tail = "" if short.mfa_drives else " It can be skipped but returns at every sign-in."
            reasons.append(
                reason(
                    code="sspr_methods_missing",
                    message=f"Password reset requires {need} and the user has {have}.{tail}",
                )
            )
        else:
            reasons.append(
                reason(
                    code="sspr_collected_with_mfa",
                    message=f"Password reset methods ({have} of {need}) are collected with "
                    "the MFA registration, although SSPR registration is not required.",
                )
            )
    return reasons


def _experience(answers: View) -> Experience:
    """[R4](docs/rules.md#r4): combined registration for its targets, separate otherwise."""
    if answers.targeting.combined:
        return _COMBINED
    return _SEPARATE


def _review_reasons(policy: TenantPolicy, review_days: int | None) -> tuple[Reason, ...]:
    """The review reason for *review_days* (kept per policy and day count), or none."""
    if review_days is None:
        return ()
    return _REVIEW_REASONS.get(
        policy,
        review_days,
        lambda: (
            reason(
                code=ReasonCode.REVIEW_DUE,
                message=f"The user last confirmed their security info {review_days} days "
                f"ago; SSPR asks every {policy.sspr.reconfirm_days} days.",
            ),
        ),
    )


_REVIEW_REASONS: Memo[int, tuple[Reason, ...]] = Memo("review reason")


def _drop_uncollectable(
    short: Shortfall, slots: tuple[Slot, ...], reasons: list[Reason]
) -> tuple[Slot, ...]:
    """SSPR is only collected along with MFA: what cannot be collected is not asked for, and
    does not block the MFA registration."""
    uncollectable = [s for s in slots if not s.choices and Purpose.MFA not in s.purposes]
    if not uncollectable or short.sspr_drives:
        return slots
    reasons.append(
        reason(
            code=ReasonCode.SSPR_NOT_COLLECTABLE,
            message="No further password reset method can be registered at sign-in, "
            "so only the MFA registration is asked for.",
        )
    )
    return tuple(slot for slot in slots if slot not in uncollectable)


def _interrupt(
    answers: View,
    session: Session | None,
    short: Shortfall,
    experience: Experience,
    review_reasons: tuple[Reason, ...],
) -> RegistrationPrompt:
    """[R3](docs/rules.md#r3) to [R6](docs/rules.md#r6): the interrupt's slots, skippability,
    blocks and reasons, followed by *review_reasons* ([R7](docs/rules.md#r7))."""
    policy, user, now = answers.policy, answers.user, answers.now
    reasons = _interrupt_reasons(policy, short)
    can_mfa = bool(answers.usable_mfa)
    slots = _drop_uncollectable(short, _slots(policy, user, short, experience, can_mfa), reasons)
    skippable = True
    if short.mfa_drives:
        skippable, grace_reason = _grace(policy, user, now)
        if grace_reason is not None:
            reasons.append(grace_reason)
    if experience is Experience.SEPARATE and short.mfa and short.sspr:
        reasons.append(
            reason(
                code=ReasonCode.SEPARATE_EXPERIENCE,
                message="The user is outside combined registration: MFA and password "
                "reset methods are asked for separately.",
            )
        )
    blocked, extra = _gate_block(answers, session, slots, can_mfa)
    reasons.extend(extra)
    slot_block, extra = _block_for_slots(slots)
    reasons.extend(extra)
    return trusted(
        RegistrationPrompt,
        mode=PromptMode.INTERRUPT,
        experience=experience,
        skippable=skippable,
        slots=slots,
        review_due=bool(review_reasons),
        blocked=blocked or slot_block,
        reasons=(*reasons, *review_reasons),
    )


def required_registrations(
    policy: TenantPolicy,
    user: UserState,
    *,
    now: datetime,
    session: Session | None = None,
) -> RegistrationPrompt:
    """What the policy asks of *user* at the security-info step at *now*.

    Precedence: an interrupt (MFA or SSPR shortfall, [R3](docs/rules.md#r3)–[R6](docs/rules.md#r6))
    over a review ([R7](docs/rules.md#r7)) over a nudge (registration campaign,
    [R8](docs/rules.md#r8)) over nothing. ``review_due`` and ``experience`` are reported whatever
    the mode. ``session=None`` stands for the user's next sign-in: MFA with the default method at
    *now*, or a password-only sign-in when there is no default ([R9](docs/rules.md#r9)). See
    docs/requirements.md.

    >>> from datetime import datetime, UTC
    >>> from secinfo import (AuthenticatorApp, MethodSetting, MfaSettings, SsprSettings,
    ...                      TenantPolicy, UserState)
    >>> policy = TenantPolicy(
    ...     methods=[MethodSetting(method="push", mfa=True, sspr=True),
    ...              MethodSetting(method="sms", mfa=True, sspr=True),
    ...              MethodSetting(method="email", sspr=True)],
    ...     mfa=MfaSettings(enforced_for=["all"]),
    ...     sspr=SsprSettings(enabled_for=["all"], methods_required=2))
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> user = UserState(user_id="u1", registrations=[AuthenticatorApp(
    ...     id="r1", registered_at=now, device_name="Pixel 9", notifications=True)])
    >>> prompt = required_registrations(policy, user, now=now)
    >>> prompt.mode.value, prompt.skippable, [r.code for r in prompt.reasons]
    ('interrupt', True, ['sspr_methods_missing'])
    >>> [slot.to_dict() for slot in prompt.slots]
    [{'purposes': ['sspr'], 'choices': ['sms', 'email']}]
    >>> required_registrations(policy, UserState(user_id="u2"), now=now).slots[0].to_dict()
    {'purposes': ['mfa', 'sspr'], 'choices': ['push', 'sms']}
    """
    policy, user, now, session = _args.check_call(policy, user, now=now, session=session)
    return prompt_for(View(policy, user, now), session)


def prompt_for(
    answers: View, session: Session | None, short: Shortfall | None = None
) -> RegistrationPrompt:
    """:func:`required_registrations` over the predicate's answers for one user (checked
    arguments); *short* is :func:`short_of` *answers* when the caller has it."""
    policy = answers.policy
    experience = _experience(answers)
    review_days = _review_due(answers)
    review_reasons = _review_reasons(policy, review_days)

    if short is None:
        short = short_of(answers)
    if short.interrupt:
        return _interrupt(answers, session, short, experience, review_reasons)

    if review_days is not None:
        return review_prompt(policy, experience, review_days)
    return nudge_prompt(policy, experience, _nudge(answers, session))


def review_prompt(
    policy: TenantPolicy, experience: Experience, review_days: int
) -> RegistrationPrompt:
    """The prompt of a review due for *review_days* ([R7](docs/rules.md#r7)), kept per policy:
    it reads only the experience and the days (and the policy's reconfirmation days)."""
    return _REVIEWS.get(
        policy,
        (experience, review_days),
        lambda: _PROMPT(
            mode=PromptMode.REVIEW,
            experience=experience,
            skippable=True,
            review_due=True,
            reasons=_review_reasons(policy, review_days),
        ),
    )


def nudge_prompt(policy: TenantPolicy, experience: Experience, nudge: _Nudge) -> RegistrationPrompt:
    """The prompt of a user neither interrupted nor under review: the campaign's nudge when it
    shows, else nothing asked (with the campaign's reasons for not showing, if any)."""
    if nudge.shown:
        return trusted(
            RegistrationPrompt,
            mode=PromptMode.NUDGE,
            experience=experience,
            skippable=nudge.skippable,
            slots=(trusted(Slot, purposes=_MFA_ONLY, choices=(policy.campaign.method,)),),
            reasons=nudge.reasons,
        )
    if not nudge.reasons:
        return _NOTHING_ASKED[experience]
    return _PROMPT(
        mode=_NOTHING,
        experience=experience,
        skippable=False,
        reasons=(_NOTHING_REQUIRED, *nudge.reasons),
    )


_PROMPT = builder(RegistrationPrompt)
_NOTHING = PromptMode.NONE
_NOTHING_REQUIRED = reason(
    code=ReasonCode.NOTHING_REQUIRED,
    message="The user meets the registration policy; nothing is asked.",
)
# The prompt of a user asked nothing, with no reason from the campaign: one per experience,
# shared by every call (frozen values, no policy or user in them).
_NOTHING_ASKED: dict[Experience, RegistrationPrompt] = {
    experience: _PROMPT(
        mode=_NOTHING, experience=experience, skippable=False, reasons=(_NOTHING_REQUIRED,)
    )
    for experience in Experience
}
_REVIEWS: Memo[tuple[Experience, int], RegistrationPrompt] = Memo("review prompt")
