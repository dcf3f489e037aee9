"""The default method: the one offered first at sign-in ([R11](docs/rules.md#r11),
[R1](docs/rules.md#r1))."""

from __future__ import annotations

from datetime import datetime

from ._build import trusted
from ._mask import describe
from .errors import InvalidArgumentType
from .methods import DEFAULT_CANDIDATES, Method, by_rank
from .policy import TenantPolicy
from .reasons import Reason, reason
from .results import DefaultChoice, DefaultSource
from .usable import View, view
from .user import PREFERABLE_METHODS, UserState

__all__ = ["completion_method", "default_method", "storable_preference"]


def completion_method(policy: TenantPolicy, user: UserState, *, now: datetime) -> Method | None:
    """The completion rule of [R11](docs/rules.md#r11) over the usable MFA methods.

    An authenticator app gives ``push`` (``authenticator_code`` when push is not usable); else a
    mobile phone gives the channel it was verified with (the other when that one is not usable);
    else the highest-ranked usable MFA method other than a TAP and Windows Hello (never the
    default, [R16](docs/rules.md#r16)); a TAP only when nothing else is. (Windows Hello is
    usable only beside a usable passkey, which then comes first.)

    >>> from datetime import datetime, UTC
    >>> from secinfo import MethodSetting, MobilePhone, TenantPolicy, UserState
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> phone = MobilePhone(id="p", registered_at=now, number="+16502530000", verified_with="sms")
    >>> user = UserState(user_id="u1", registrations=[phone])
    >>> both = TenantPolicy(methods=[MethodSetting(method="sms", mfa=True),
    ...                              MethodSetting(method="voice_mobile", mfa=True)])
    >>> completion_method(both, user, now=now)
    <Method.SMS: 'sms'>
    >>> voice_only = TenantPolicy(methods=[MethodSetting(method="voice_mobile", mfa=True)])
    >>> completion_method(voice_only, user, now=now)
    <Method.VOICE_MOBILE: 'voice_mobile'>
    """
    return completion(view(policy, user, now=now))


def completion(answers: View) -> Method | None:
    """:func:`completion_method` over the predicate's answers for one user."""
    usable = answers.usable_mfa
    if not usable:
        return None
    for method in (Method.PUSH, Method.AUTHENTICATOR_CODE):
        if method in usable:
            return method
    if answers.phone is not None:
        # The first mobile phone providing a usable MFA method gives its channel (the other
        # one when that is not usable).
        channel, provided = answers.phone
        other = Method.VOICE_MOBILE if channel is Method.SMS else Method.SMS
        return channel if channel in provided else other
    ranked = by_rank((usable & DEFAULT_CANDIDATES) - {Method.TEMPORARY_ACCESS_PASS})
    if ranked:
        return ranked[0]
    return Method.TEMPORARY_ACCESS_PASS


def storable_preference(method: Method | None) -> Method | None:
    """What a transition may store as ``preferred`` for a completion result: the method when it
    is a preferable method, else ``None`` (the default is then recomputed by the completion
    rule; see docs/decisions.md).

    >>> storable_preference(Method.SMS), storable_preference(Method.PASSKEY)
    (<Method.SMS: 'sms'>, None)
    """
    if method is not None and not isinstance(method, Method):
        raise InvalidArgumentType("method", f"{describe(method)} is not a Method or None")
    return method if method in PREFERABLE_METHODS else None


def default_method(policy: TenantPolicy, user: UserState, *, now: datetime) -> DefaultChoice:
    """The method offered first at sign-in.

    System-preferred MFA (when it applies to the user) picks the highest-ranked usable MFA
    method other than Windows Hello ([R16](docs/rules.md#r16)); otherwise a usable
    ``preferred`` wins; otherwise the completion rule decides
    (``completion`` when nothing is preferred, ``fallback`` when the preference is unusable).
    The result is always usable, and ``None`` only when no MFA method is usable.

    >>> from datetime import datetime, UTC
    >>> from secinfo import Method, MethodSetting, MobilePhone, TenantPolicy, UserState
    >>> now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    >>> policy = TenantPolicy(methods=[MethodSetting(method=Method.SMS, mfa=True),
    ...                                MethodSetting(method=Method.VOICE_MOBILE, mfa=True)])
    >>> user = UserState(user_id="u1", registrations=[MobilePhone(
    ...     id="p1", registered_at=now, number="+16502530000", verified_with="sms")])
    >>> choice = default_method(policy, user, now=now)
    >>> choice.method, choice.source
    (<Method.SMS: 'sms'>, <DefaultSource.COMPLETION: 'completion'>)
    """
    return choose_default(view(policy, user, now=now))


def choose_default(answers: View) -> DefaultChoice:
    """:func:`default_method` over the predicate's answers for one user, computed once per
    :class:`~secinfo.usable.View`."""
    found = answers.default
    if found is None:
        found = answers.default = _choose(answers)
    return found


def _choose(answers: View) -> DefaultChoice:
    user = answers.user
    usable = answers.usable_mfa
    if answers.targeting.system_preferred and usable:
        # Windows Hello is never the default (R16); it is usable only beside a usable passkey,
        # which may be, so a usable MFA method always leaves a candidate.
        best = by_rank(usable & DEFAULT_CANDIDATES)[0]
        return trusted(
            DefaultChoice,
            method=best,
            source=DefaultSource.SYSTEM_PREFERRED,
            reasons=(
                reason(
                    code="system_preferred",
                    message=f"System-preferred MFA offers the most secure usable method, "
                    f"{best.value}.",
                ),
            ),
        )
    preferred = user.preferred
    if preferred is not None and preferred in usable:
        return trusted(
            DefaultChoice,
            method=preferred,
            source=DefaultSource.USER,
            reasons=(
                reason(
                    code="user_preference",
                    message=f"The user chose {preferred.value} as their default method.",
                ),
            ),
        )
    method = completion(answers)
    source = DefaultSource.COMPLETION if preferred is None else DefaultSource.FALLBACK
    reasons: list[Reason] = []
    if preferred is not None:
        reasons.append(
            reason(
                code="preference_unusable",
                message=f"The user's default {preferred.value} is not usable now.",
            )
        )
    if method is None:
        reasons.append(
            reason(code="no_usable_mfa_method", message="The user has no usable MFA method.")
        )
    else:
        reasons.append(
            reason(
                code="completion_rule",
                message=f"The completion rule picks {method.value} from the usable methods.",
            )
        )
    return trusted(DefaultChoice, method=method, source=source, reasons=tuple(reasons))
