"""A user's code that passes wire strings where secinfo takes an enum: ``mypy --strict`` accepts
it (this file is type-checked by the repository's mypy run and by tests/test_typing.py).

The functions are never called; only their types matter.
"""

from __future__ import annotations

from datetime import UTC, datetime

from secinfo import (
    Method,
    MethodSetting,
    TenantPolicy,
    UserState,
    register,
    remove,
    review,
    set_default,
    step_up,
    usable_methods,
)
from secinfo.interrupts import interrupt_choices
from secinfo.testing import registration_for

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def string_forms(policy: TenantPolicy, user: UserState) -> None:
    usable_methods(policy, user, "mfa", now=NOW)
    usable_methods(policy, user, "sspr", now=NOW)
    step_up(policy, user, "add", session=None, now=NOW)
    step_up(policy, user, "set_default", session=None, now=NOW)
    set_default(policy, user, "sms", session=None, now=NOW)
    set_default(policy, user, "push", session=None, now=NOW, actor="admin")
    review(policy, user, session=None, now=NOW, actor="user")
    remove(policy, user, "r1", session=None, now=NOW, actor="system")
    sms = registration_for("sms", id="r1", now=NOW)
    register(policy, user, sms, session=None, now=NOW, actor="admin")
    interrupt_choices(policy, ["g1"], ["mfa", "sspr"])
    Method.SMS.capable("mfa")
    policy.enabled_for("sms", "mfa", frozenset())
    policy.enabled_methods("sspr", frozenset())
    MethodSetting(method="sms", mfa=True)


def enum_forms(policy: TenantPolicy, user: UserState) -> None:
    from secinfo import Action, Actor, Purpose

    usable_methods(policy, user, Purpose.MFA, now=NOW)
    step_up(policy, user, Action.ADD, session=None, now=NOW)
    set_default(policy, user, Method.SMS, session=None, now=NOW, actor=Actor.ADMIN)
    registration_for(Method.PUSH, id="r2", now=NOW)
