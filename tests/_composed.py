"""What ``evaluate`` must return, composed from the public functions one by one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from secinfo import (
    Action,
    Evaluation,
    Session,
    TenantPolicy,
    UserState,
    default_method,
    required_registrations,
    step_up,
    usable_methods,
)
from secinfo.methods import Purpose, by_rank


def composed(
    policy: TenantPolicy, user: UserState, now: datetime, session: Session | None = None
) -> dict[str, Any]:
    """``evaluate(policy, user, now=now, session=session).to_dict()`` as the public functions
    decide it one by one."""
    return Evaluation(
        user_id=user.user_id,
        usable_mfa=by_rank(usable_methods(policy, user, Purpose.MFA, now=now)),
        usable_sspr=by_rank(usable_methods(policy, user, Purpose.SSPR, now=now)),
        prompt=required_registrations(policy, user, now=now, session=session),
        default=default_method(policy, user, now=now),
        step_up=step_up(policy, user, Action.VIEW, session=session, now=now),
    ).to_dict()
