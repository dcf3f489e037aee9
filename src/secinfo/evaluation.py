"""``evaluate``: everything the security-info step needs for one user, in one call."""

from __future__ import annotations

from datetime import datetime

from . import _args
from ._build import trusted
from .default import choose_default
from .methods import Action, by_rank
from .policy import TenantPolicy
from .requirements import prompt_for
from .results import Evaluation
from .session import Session
from .stepup import gate_for
from .usable import View
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
    policy, user, now, session = _args.check_call(policy, user, now=now, session=session)
    # One View: the one predicate's answers for this user, computed once and shared by the
    # prompt, the default and the gate.
    answers = View(policy, user, now)
    return trusted(
        Evaluation,
        user_id=user.user_id,
        usable_mfa=by_rank(answers.usable_mfa),
        usable_sspr=by_rank(answers.usable_sspr),
        prompt=prompt_for(answers, session),
        default=choose_default(answers),
        step_up=gate_for(answers, Action.VIEW, session, None),
    )
