"""The demo tenant: the repository's example policy and users (``examples/``), one password for
every user, an administrator, an office phone set by the administrator, and a pass code for
each imported Temporary Access Pass."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from secinfo import Actor, OfficePhone, TemporaryAccessPass, load_policy, load_user, register

from .admin import new_tap_code
from .store import Store

__all__ = ["DEMO_ADMIN", "DEMO_PASSWORD", "EXAMPLES", "seed_demo"]

EXAMPLES = Path(__file__).resolve().parents[3]
"""The repository's ``examples/`` folder (this package lives in ``examples/webapp/src``)."""

DEMO_PASSWORD = "demo-password"
"""Every demo user's password."""

DEMO_ADMIN = ("admin", "admin-password")
"""The demo administrator's name and password."""

OFFICE_PHONE_USER = "u1"
OFFICE_PHONE = "+14255550100"


def seed_demo(
    store: Store,
    *,
    now: datetime,
    policy_path: Path = EXAMPLES / "policy.json",
    users_path: Path = EXAMPLES / "users.jsonl",
) -> dict[str, str]:
    """Load the example tenant into an empty *store*; returns the pass code of each imported
    Temporary Access Pass, by user id."""
    policy = load_policy(json.loads(policy_path.read_text(encoding="utf-8")))
    users = [
        load_user(json.loads(line))
        for line in users_path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    codes: dict[str, str] = {}
    with store.write() as tx:
        tx.put_policy(policy)
        tx.add_admin(*DEMO_ADMIN)
        for user in users:
            if user.user_id == OFFICE_PHONE_USER:
                phone = OfficePhone(
                    id="office-phone-1",
                    registered_at=now,
                    registered_by=Actor.ADMIN,
                    number=OFFICE_PHONE,
                )
                change = register(policy, user, phone, session=None, now=now, actor=Actor.ADMIN)
                user = change.user
                tx.add_events(change.events)
            tx.add_user(user, DEMO_PASSWORD)
            for registration in user.registrations:
                if isinstance(registration, TemporaryAccessPass):
                    codes[user.user_id] = code = new_tap_code()
                    tx.put_tap_code(user.user_id, registration.id, code)
    return codes
