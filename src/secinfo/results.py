"""The decisions secinfo returns. Every one carries its reasons."""

from __future__ import annotations

import enum
from typing import Any

import attrs

from . import _validate as v
from ._mask import describe
from .audit import AuditEvent
from .documents import dump_user
from .errors import InvalidArgument, InvalidArgumentType
from .methods import Method, Purpose
from .reasons import Reason
from .user import UserState

__all__ = [
    "Blocked",
    "Change",
    "DefaultChoice",
    "DefaultSource",
    "Evaluation",
    "Experience",
    "Gate",
    "GateOutcome",
    "PolicyProblem",
    "PromptMode",
    "RegistrationPrompt",
    "Severity",
    "Slot",
]


class PromptMode(enum.StrEnum):
    """What the user is shown at the security-info step."""

    NONE = "none"
    INTERRUPT = "interrupt"
    REVIEW = "review"
    NUDGE = "nudge"


class Experience(enum.StrEnum):
    """Combined (one wizard for MFA and SSPR) or separate registration."""

    COMBINED = "combined"
    SEPARATE = "separate"


class DefaultSource(enum.StrEnum):
    """Which rule chose the default method ([R11](docs/rules.md#r11))."""

    USER = "user"
    COMPLETION = "completion"
    FALLBACK = "fallback"
    SYSTEM_PREFERRED = "system_preferred"


class GateOutcome(enum.StrEnum):
    """The answer of :func:`secinfo.step_up`."""

    ALLOW = "allow"
    STEP_UP = "step_up"
    DENY = "deny"


class Severity(enum.StrEnum):
    """How serious a :class:`PolicyProblem` is: an ``error`` leaves some user unable to comply;
    a ``warning`` is advice (the policy works, but could be safer)."""

    ERROR = "error"
    WARNING = "warning"


def _to_mode(value: object) -> Any:
    return v.enum_value(PromptMode, value)


def _to_experience(value: object) -> Any:
    return v.enum_value(Experience, value)


def _to_source(value: object) -> Any:
    return v.enum_value(DefaultSource, value)


def _to_outcome(value: object) -> Any:
    return v.enum_value(GateOutcome, value)


def _reasons(_inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(r, Reason) for r in value):
        raise InvalidArgumentType(attribute.name, f"expected Reason values, got {describe(value)}")


def _reason_list() -> Any:
    return attrs.field(default=(), converter=v.to_tuple, validator=_reasons)


def _methods_list() -> Any:
    return attrs.field(default=(), converter=v.to_tuple)


def _reasons_dict(reasons: tuple[Reason, ...]) -> list[dict[str, str]]:
    # ``_value_`` is the member's value without the ``value`` property's descriptor call (the
    # to_dict methods below read it too: serialising is on the report's hot path).
    return [{"code": reason.code._value_, "message": reason.message} for reason in reasons]


@attrs.frozen(kw_only=True)
class Slot:
    """One registration the prompt asks for: what it must count for, and the methods the user
    may pick (the first is the one offered; the rest are "Choose security info" alternatives).

    >>> Slot(purposes=(Purpose.MFA,), choices=(Method.PUSH,)).to_dict()
    {'purposes': ['mfa'], 'choices': ['push']}
    """

    purposes: tuple[Purpose, ...] = attrs.field(converter=v.to_tuple)
    choices: tuple[Method, ...] = _methods_list()

    def to_dict(self) -> dict[str, list[str]]:
        """The JSON form."""
        return {
            "purposes": [p._value_ for p in self.purposes],
            "choices": [m._value_ for m in self.choices],
        }


@attrs.frozen(kw_only=True)
class Blocked:
    """Why an interrupt cannot be completed, and what an administrator must do.

    ``requirement`` names what is blocked (``mfa``, ``sspr`` or ``bootstrap``).
    """

    code: str
    requirement: str
    remedy: Reason

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {"code": self.code, "requirement": self.requirement, "remedy": self.remedy.to_dict()}


@attrs.frozen(kw_only=True)
class RegistrationPrompt:
    """What :func:`secinfo.required_registrations` decided."""

    mode: PromptMode = attrs.field(converter=_to_mode, validator=v.member(PromptMode))
    experience: Experience = attrs.field(converter=_to_experience, validator=v.member(Experience))
    skippable: bool = attrs.field(validator=v.flag)
    slots: tuple[Slot, ...] = attrs.field(default=(), converter=v.to_tuple)
    review_due: bool = attrs.field(default=False, validator=v.flag)
    blocked: Blocked | None = None
    reasons: tuple[Reason, ...] = _reason_list()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form ([documents](docs/rules.md#documents))."""
        return {
            "mode": self.mode._value_,
            "experience": self.experience._value_,
            "skippable": self.skippable,
            "review_due": self.review_due,
            "slots": [slot.to_dict() for slot in self.slots],
            "blocked": None if self.blocked is None else self.blocked.to_dict(),
            "reasons": _reasons_dict(self.reasons),
        }


@attrs.frozen(kw_only=True)
class DefaultChoice:
    """The method offered first at sign-in (``None`` only when no MFA method is usable)."""

    method: Method | None
    source: DefaultSource = attrs.field(converter=_to_source, validator=v.member(DefaultSource))
    reasons: tuple[Reason, ...] = _reason_list()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "method": None if self.method is None else self.method._value_,
            "source": self.source._value_,
            "reasons": _reasons_dict(self.reasons),
        }


def _gate_consistent(inst: Gate, _attribute: object, _value: Reason | None) -> None:
    if (inst.outcome is GateOutcome.STEP_UP) != bool(inst.methods):
        raise InvalidArgument("methods", "must be non-empty exactly when the outcome is step_up")
    if (inst.outcome is GateOutcome.DENY) != (inst.remedy is not None):
        raise InvalidArgument("remedy", "must be set exactly when the outcome is deny")


@attrs.frozen(kw_only=True)
class Gate:
    """The answer of :func:`secinfo.step_up`: ``allow``, ``step_up`` with the methods that may
    satisfy it (default first), or ``deny`` with a remedy."""

    outcome: GateOutcome = attrs.field(converter=_to_outcome, validator=v.member(GateOutcome))
    methods: tuple[Method, ...] = _methods_list()
    remedy: Reason | None = attrs.field(default=None, validator=_gate_consistent)
    reasons: tuple[Reason, ...] = _reason_list()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "outcome": self.outcome._value_,
            "methods": [m._value_ for m in self.methods],
            "remedy": None if self.remedy is None else self.remedy.to_dict(),
            "reasons": _reasons_dict(self.reasons),
        }


@attrs.frozen(kw_only=True)
class Evaluation:
    """Everything :func:`secinfo.evaluate` decided for one user."""

    user_id: str
    usable_mfa: tuple[Method, ...]
    usable_sspr: tuple[Method, ...]
    prompt: RegistrationPrompt
    default: DefaultChoice
    step_up: Gate

    def to_dict(self) -> dict[str, Any]:
        """The JSON form ([documents](docs/rules.md#documents))."""
        return {
            "user_id": self.user_id,
            "usable": {
                "mfa": [m._value_ for m in self.usable_mfa],
                "sspr": [m._value_ for m in self.usable_sspr],
            },
            "prompt": self.prompt.to_dict(),
            "default": self.default.to_dict(),
            "step_up": self.step_up.to_dict(),
        }


@attrs.frozen(kw_only=True)
class Change:
    """The result of a transition: whether it was allowed, the new (or unchanged) user, the
    audit events it produced and the reasons."""

    allowed: bool
    user: UserState
    events: tuple[AuditEvent, ...] = attrs.field(default=(), converter=v.to_tuple)
    reasons: tuple[Reason, ...] = _reason_list()

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``allowed``, the user as a user document
        ([documents](docs/rules.md#documents)), the events and the reasons.

        >>> from secinfo import UserState
        >>> change = Change(allowed=False, user=UserState(user_id="u1"))
        >>> sorted(change.to_dict()), change.to_dict()["user"]["schema"]
        (['allowed', 'events', 'reasons', 'user'], 'secinfo/user/1')
        """
        return {
            "allowed": self.allowed,
            "user": dump_user(self.user),
            "events": [event.to_dict() for event in self.events],
            "reasons": _reasons_dict(self.reasons),
        }


def _to_severity(value: object) -> Any:
    return v.enum_value(Severity, value)


@attrs.frozen(kw_only=True)
class PolicyProblem:
    """A problem in a policy found by :func:`secinfo.check_policy`.

    ``path`` is the dotted path of the setting at fault (``mfa.enforced_for``); ``severity`` is
    ``error`` for a contradiction that leaves some user unable to comply, ``warning`` for advice.

    >>> PolicyProblem(code="only_telephony_mfa", path="methods", message="…",
    ...               severity="warning").to_dict()["severity"]
    'warning'
    """

    code: str
    path: str
    message: str
    severity: Severity = attrs.field(
        default=Severity.ERROR, converter=_to_severity, validator=v.member(Severity)
    )

    def to_dict(self) -> dict[str, str]:
        """The JSON form."""
        return {
            "code": self.code,
            "path": self.path,
            "message": self.message,
            "severity": self.severity.value,
        }
