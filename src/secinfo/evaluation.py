"""``evaluate``: everything the security-info step needs for one user, in one call."""

from __future__ import annotations

from datetime import datetime

from . import _args
from .default import default_method
from .methods import Action, Purpose
from .policy import TenantPolicy
from .requirements import required_registrations
from .results import Evaluation
from .session import Session
from .stepup import step_up
from .usable import ranked_usable
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
    return Evaluation(
        user_id=user.user_id,
        usable_mfa=ranked_usable(policy, user, Purpose.MFA, now=now),
        usable_sspr=ranked_usable(policy, user, Purpose.SSPR, now=now),
        prompt=required_registrations(policy, user, now=now, session=session),
        default=default_method(policy, user, now=now),
        step_up=step_up(policy, user, Action.VIEW, session=session, now=now),
    )
