"""Wrong wire strings: ``mypy --strict`` refuses each line marked ``# wrong`` (checked by
tests/test_typing.py; the repository's mypy run skips this file).

The functions are never called; only their types matter.
"""

from __future__ import annotations

from datetime import UTC, datetime

from secinfo import TenantPolicy, UserState, set_default, step_up, usable_methods
from secinfo.testing import registration_for

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def wrong(policy: TenantPolicy, user: UserState) -> None:
    usable_methods(policy, user, "MFA", now=NOW)  # wrong
    step_up(policy, user, "create", session=None, now=NOW)  # wrong
    set_default(policy, user, "text_message", session=None, now=NOW)  # wrong
    set_default(policy, user, "sms", session=None, now=NOW, actor="root")  # wrong
    registration_for("fax", id="r1", now=NOW)  # wrong
