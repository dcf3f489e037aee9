"""``evaluate``: everything the security-info step needs for one user, in one call."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from . import _args
from ._build import builder, trusted
from .default import choose_default
from .methods import Action, Kind, by_rank
from .policy import Memo, TenantPolicy
from .reasons import ReasonCode
from .registrations import ExternalAuthentication, phone_number
from .requirements import (
    Shortfall,
    _campaign,
    _experience,
    _grace,
    _interrupt,
    _Nudge,
    _review_due,
    _review_reasons,
    _snoozed,
    nudge_prompt,
    prompt_for,
    review_prompt,
    short_of,
)
from .results import DefaultChoice, Evaluation, Experience, Gate, RegistrationPrompt
from .session import Session
from .stepup import gate_for
from .usable import Kept, View
from .user import UserState

__all__ = ["evaluate"]


def evaluate(
    policy: TenantPolicy, user: UserState, *, now: datetime, session: Session | None = None
) -> Evaluation:
    """The usable sets, the registration prompt, the default method and the ``view`` gate.

    With ``session=None`` the prompt assumes the user's next sign-in ([R9](docs/rules.md#r9)) and
    the ``view`` gate a password-only sign-in at *now*.

    >>> from datetime import datetime, UTC
    >>> from secinfo import (AuthenticatorApp, Method, MethodSetting, MfaSettings, TenantPolicy,
    ...                      UserState)
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method=Method.PUSH, mfa=True)],
    ...                       mfa=MfaSettings(enforced_for=["all"]))
    >>> user = UserState(user_id="u1", registrations=[AuthenticatorApp(
    ...     id="r1", registered_at=now, device_name="Pixel", notifications=True)])
    >>> result = evaluate(policy, user, now=now)
    >>> result.prompt.mode, result.default.method, result.step_up.outcome
    (<PromptMode.NONE: 'none'>, <Method.PUSH: 'push'>, <GateOutcome.STEP_UP: 'step_up'>)
    """
    if not (
        type(policy) is TenantPolicy
        and type(user) is UserState
        and session is None
        and type(now) is datetime
        and now.tzinfo is UTC
    ):
        # Anything but the common call (exact types, a UTC time, no session) is checked, and
        # a time in another zone converted, in full; the common call needs neither.
        policy, user, now, session = _args.check_call(policy, user, now=now, session=session)
    # One View: the one predicate's answers for this user, computed once and shared by the
    # prompt, the default and the gate.
    answers = View(policy, user, now)
    if session is not None:
        # A session of the caller's: every decision is computed for it (no memo).
        return trusted(
            Evaluation,
            user_id=user.user_id,
            usable_mfa=by_rank(answers.usable_mfa),
            usable_sspr=by_rank(answers.usable_sspr),
            prompt=prompt_for(answers, session),
            default=choose_default(answers),
            step_up=gate_for(answers, Action.VIEW, session, None),
        )
    kept = answers.kept
    if kept is not None:
        return _kept_evaluation(answers, kept)
    default, gate = _default_and_gate(answers)
    return _EVALUATION(
        user_id=user.user_id,
        usable_mfa=by_rank(answers.usable_mfa),
        usable_sspr=by_rank(answers.usable_sspr),
        prompt=_prompt(answers, default),
        default=default,
        step_up=gate,
    )


# --------------------------------------------------------------------------------------------
# The decisions of a call without a session, kept per policy (docs/decisions.md, "Decisions
# kept per policy"). Each memo is keyed by everything its decision reads besides the policy;
# what depends on the time or on dates of the user (grace, review, nudge) is computed per user.
# --------------------------------------------------------------------------------------------

_EVALUATION = builder(Evaluation)
_PROMPT = builder(RegistrationPrompt)
_DEFAULTS: Memo[tuple[Any, ...], tuple[DefaultChoice, Gate]] = Memo("evaluate: default and gate")
_INTERRUPTS: Memo[tuple[Any, ...], tuple[RegistrationPrompt, int]] = Memo("evaluate: interrupt")
_EXTERNAL = Kind.EXTERNAL_AUTHENTICATION
_GRACE_CODES = frozenset({ReasonCode.MFA_GRACE_PERIOD, ReasonCode.MFA_GRACE_EXPIRED})


def _default_and_gate(answers: View) -> tuple[DefaultChoice, Gate]:
    """:func:`~secinfo.default.choose_default` and the ``view`` gate of a password-only sign-in
    at *now*.

    The default reads whether system-preferred MFA applies (the targeting), the usable MFA
    methods, the preference and the completion rule's phone. The gate has no MFA evidence and
    no TAP sign-in to look at, so it reads only the targeting (the registration strength), the
    usable MFA methods (bootstrap or step-up) and the default (listed first)."""
    policy = answers.policy
    key = (answers.targeting, answers.usable_mfa, answers.user.preferred, answers.phone)
    kept = policy._compiled.memos.get(_DEFAULTS)  # _DEFAULTS.find, without its call
    found = None if kept is None else kept.get(key)
    if found is None:
        default = choose_default(answers)
        found = _DEFAULTS.put(policy, key, (default, gate_for(answers, Action.VIEW, None, None)))
    else:
        answers.default = found[0]
    return found


def _prompt(answers: View, default: DefaultChoice) -> RegistrationPrompt:
    """:func:`~secinfo.requirements.prompt_for` without a session, the interrupt kept per policy
    for users who hold no Temporary Access Pass."""
    short = short_of(answers)
    if not short.interrupt or answers.has_tap:
        return prompt_for(answers, None, short)
    return _filled(answers, *_template(answers, default, short))


def _business_phone_held(user: UserState) -> bool | None:
    """Whether the user holds a phone with their business number (``None``: no business phone):
    all an interrupt's slots read of the phone numbers."""
    business = user.business_phone
    if business is None:
        return None
    return any(phone_number(r) == business for r in user.registrations)


def _template(
    answers: View, default: DefaultChoice, short: Shortfall
) -> tuple[RegistrationPrompt, int]:
    """The interrupt of a user who holds no Temporary Access Pass, without the user's grace
    and review reasons (kept per policy), and the index of its grace reason (``-1``: none)."""
    policy, user = answers.policy, answers.user
    # Without a session the interrupt's gate reads the next sign-in's evidence: MFA by the
    # default at *now*, or a password-only sign-in; with no pass held, neither the TAP evidence
    # nor a TAP's window enters. The slots read the kinds held, the phone numbers (only whether
    # one is the business phone), the external providers held and the counts.
    # The shortfall is a function of the targeting and the two counts.
    registrations = user.registrations
    held = tuple(sorted([r.kind for r in registrations]))
    key = (
        answers.targeting,
        answers.usable_mfa,
        default.method,
        held,
        short.mfa_count,
        short.sspr_kinds,
        _business_phone_held(user),
        frozenset(r.provider for r in registrations if isinstance(r, ExternalAuthentication))
        if _EXTERNAL in held
        else None,
    )
    kept = policy._compiled.memos.get(_INTERRUPTS)  # _INTERRUPTS.find, without its call
    found = None if kept is None else kept.get(key)
    if found is None:
        template = _interrupt(answers, None, short, _experience(answers), ())
        grace = next((i for i, r in enumerate(template.reasons) if r.code in _GRACE_CODES), -1)
        found = _INTERRUPTS.put(policy, key, (template, grace))
    return found


def _filled(answers: View, template: RegistrationPrompt, grace: int) -> RegistrationPrompt:
    """The interrupt *template* with the user's own grace reason (at index *grace*, ``-1``:
    none) and review reason put in."""
    policy, user, now = answers.policy, answers.user, answers.now
    review_days = _review_due(answers)
    if grace < 0 and review_days is None:
        return template  # nothing of the user's own to put in
    review_reasons = _review_reasons(policy, review_days)
    reasons = template.reasons
    skippable = template.skippable
    if grace >= 0:
        # The grace reason is the user's own (their first prompt and *now*).
        skippable, grace_reason = _grace(policy, user, now)
        assert grace_reason is not None  # the template has one: the policy has grace days
        reasons = (*reasons[:grace], grace_reason, *reasons[grace + 1 :])
    return _PROMPT(
        mode=template.mode,
        experience=template.experience,
        skippable=skippable,
        slots=template.slots,
        review_due=bool(review_reasons),
        blocked=template.blocked,
        reasons=(*reasons, *review_reasons),
    )


# --------------------------------------------------------------------------------------------
# Users whose predicate answers are kept (usable.Kept): the decisions above read, besides the
# kept answers, only the preference, the mobile phone's channel and the MFA count (and, for an
# interrupt, whether an office phone is held): kept with the answers, in a small table per
# entry. What depends on the user's dates (grace, review, snoozes) is put in per user.
# --------------------------------------------------------------------------------------------


class _Decided:
    """The decisions kept for one preference, channel and MFA count of one :class:`Kept`."""

    __slots__ = ("campaign", "default", "experience", "gate", "interrupt", "interrupts", "short")

    def __init__(self, answers: View) -> None:
        self.default, self.gate = _default_and_gate(answers)
        self.short = short = short_of(answers)
        self.interrupt = short.interrupt
        self.experience: Experience = _experience(answers)
        # The interrupt by whether an office phone is held (None: no business phone).
        self.interrupts: dict[bool | None, tuple[RegistrationPrompt, int]] = {}
        # For a user not interrupted: the campaign's outcome up to the snoozes (None: the
        # snoozes decide), found for the first such user under no review (_UNDECIDED before).
        self.campaign: _Nudge | None = _UNDECIDED


_UNDECIDED = _Nudge(False, False, ())  # compared by identity: not yet asked

# Decisions kept per Kept entry: a handful in practice (preferences, channels and counts seen
# with one set of answers); a full table drops its oldest quarter, like a Memo.
_DECIDED_BOUND = 16


def _kept_evaluation(answers: View, kept: Kept) -> Evaluation:
    """:func:`evaluate` without a session for a user whose predicate answers are kept."""
    user = answers.user
    phone = answers.phone
    key = (user.preferred, None if phone is None else phone[0], answers.mfa_count)
    table = kept.decided
    decided: _Decided | None = table.get(key)
    if decided is None:
        if len(table) >= _DECIDED_BOUND:
            for old in list(itertools.islice(table, _DECIDED_BOUND // 4)):
                table.pop(old, None)
        decided = table[key] = _Decided(answers)
    default = answers.default = decided.default
    prompt: RegistrationPrompt
    if decided.interrupt:
        office = _business_phone_held(user)
        found = decided.interrupts.get(office)
        if found is None:
            found = decided.interrupts[office] = _template(answers, default, decided.short)
        prompt = _filled(answers, *found)
    else:
        review_days = _review_due(answers)
        if review_days is not None:
            prompt = review_prompt(answers.policy, decided.experience, review_days)
        else:
            campaign = decided.campaign
            if campaign is _UNDECIDED:
                campaign = decided.campaign = _campaign(answers, None)
            prompt = nudge_prompt(
                answers.policy,
                decided.experience,
                _snoozed(answers) if campaign is None else campaign,
            )
    return _EVALUATION(
        user_id=user.user_id,
        usable_mfa=kept.ranked_mfa,
        usable_sspr=kept.ranked_sspr,
        prompt=prompt,
        default=default,
        step_up=decided.gate,
    )
