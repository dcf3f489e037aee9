"""Helpers of the browser tests: a live server on 127.0.0.1 with a settable clock, a seeded
tenant, and a page driver that saves a screenshot of every screen it visits."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from secinfo import TenantPolicy, UserState, load_policy, load_user
from secinfo import otp as totp
from werkzeug.serving import make_server

from secinfo_webapp import DEMO_ADMIN, FixedClock, Store, create_app

__all__ = ["EXAMPLES", "NOW", "PASSWORD", "UI", "LiveServer", "example_policy", "live_server"]

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
"""The examples' reference time; every test starts its clock here."""

PASSWORD = "correct horse battery staple"
EXAMPLES = Path(__file__).resolve().parents[2]


def example_policy(**changes: Any) -> dict[str, Any]:
    """The example tenant's policy document, with top-level keys replaced by *changes*."""
    doc: dict[str, Any] = json.loads((EXAMPLES / "policy.json").read_text(encoding="utf-8"))
    doc.update(changes)
    return doc


class LiveServer:
    """The app served on a free port of 127.0.0.1, with its store and clock."""

    def __init__(self, base_url: str, store: Store, clock: FixedClock) -> None:
        self.base_url = base_url
        self.store = store
        self.clock = clock

    def url(self, path: str) -> str:
        """An absolute URL of *path* on this server."""
        return self.base_url + path

    def seed(self, policy: dict[str, Any] | TenantPolicy, users: Iterable[UserState]) -> None:
        """Store the tenant: the policy, the users (password :data:`PASSWORD`) and the demo
        administrator."""
        loaded = policy if isinstance(policy, TenantPolicy) else load_policy(policy)
        with self.store.write() as tx:
            tx.put_policy(loaded)
            tx.add_admin(*DEMO_ADMIN)
            for user in users:
                tx.add_user(user, PASSWORD)

    def user(self, user_id: str) -> UserState:
        """The stored state of *user_id*."""
        found = self.store.user(user_id)
        assert found is not None, user_id
        return found.user

    def activities(self, user_id: str) -> list[str]:
        """The user's audit activities, oldest first."""
        return [e["activity"] for e in reversed(self.store.events(user_id=user_id))]


@contextmanager
def live_server(database: Path) -> Iterator[LiveServer]:
    """Serve a new app over *database* in a thread until the block ends."""
    clock = FixedClock(NOW)
    app = create_app(database, clock=clock)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, name="webapp", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{http.server_port}", app.config["STORE"], clock)
    finally:
        http.shutdown()
        thread.join(timeout=10)
        http.server_close()


def user_doc(user_id: str, registrations: list[dict[str, Any]], **fields: Any) -> UserState:
    """A user from a document: *registrations* and other fields of the user document."""
    return load_user(
        {"schema": "secinfo/user/1", "user_id": user_id, "registrations": registrations, **fields}
    )


class UI:
    """Drives one browser page through the app; :meth:`shot` saves a screenshot."""

    def __init__(self, page: Page, server: LiveServer, artifacts: Path, test_name: str) -> None:
        self.page = page
        self.server = server
        self.artifacts = artifacts
        self.prefix = test_name
        self.count = 0

    def goto(self, path: str) -> None:
        """Open *path*."""
        self.page.goto(self.server.url(path))

    def shot(self, name: str) -> Path:
        """Save a full-page screenshot as ``<test>-<n>-<name>.png``."""
        self.count += 1
        self.artifacts.mkdir(parents=True, exist_ok=True)
        path = self.artifacts / f"{self.prefix}-{self.count:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def heading(self) -> str:
        """The page's first-level heading."""
        return self.page.locator("h1").first.inner_text()

    def sign_in(self, user_id: str, secret: str = PASSWORD, *, with_pass: bool = False) -> None:
        """Fill in the sign-in form and send it."""
        self.goto("/sign-in")
        self.page.get_by_label("User name").fill(user_id)
        if with_pass:
            self.page.get_by_label("Temporary Access Pass").check()
        self.page.get_by_label("Password or pass").fill(secret)
        self.page.get_by_role("button", name="Sign in").click()

    def admin_sign_in(self) -> None:
        """Sign in as the demo administrator."""
        self.goto("/admin/sign-in")
        self.page.get_by_label("Name").fill(DEMO_ADMIN[0])
        self.page.get_by_label("Password").fill(DEMO_ADMIN[1])
        self.page.get_by_role("button", name="Sign in").click()

    def simulated_code(self) -> str:
        """The code the simulator box shows (a text, call, email or push)."""
        return self.page.get_by_test_id("simulated-code").inner_text().strip()

    def enter_code(self, code: str, button: str = "Verify") -> None:
        """Type *code* and send it."""
        self.page.locator("input[name=code]").fill(code)
        self.page.get_by_role("button", name=button).click()

    def totp_code(self) -> str:
        """The code an authenticator app would show now for the secret on the page."""
        secret = self.page.get_by_test_id("totp-secret").inner_text().strip()
        return totp.code_at(secret, now=self.server.clock())

    def expect_heading(self, text: str) -> None:
        """Wait until the page's heading is *text*."""
        expect(self.page.locator("h1").first).to_have_text(text)
