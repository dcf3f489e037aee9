"""Fixtures of the browser tests: Debian's Chromium driven by Playwright (never a downloaded
browser), and a fresh app on 127.0.0.1 for every test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from ._ui import UI, LiveServer, live_server

CHROMIUM = Path(os.environ.get("SECINFO_WEBAPP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(
    os.environ.get("SECINFO_WEBAPP_ARTIFACTS", Path(__file__).resolve().parents[1] / "artifacts")
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless. Missing Chromium skips the browser tests with a message,
    unless ``SECINFO_WEBAPP_REQUIRE_BROWSER`` is set (CI sets it once Chromium is installed)."""
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM}: install Debian's chromium "
            "(apt-get install chromium) or set SECINFO_WEBAPP_CHROMIUM"
        )
        if os.environ.get("SECINFO_WEBAPP_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    """A fresh app over a new SQLite database, its clock at the examples' time."""
    with live_server(tmp_path / "webapp.sqlite3") as running:
        yield running


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a new browser context (its own cookies)."""
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def ui(page: Page, server: LiveServer, request: pytest.FixtureRequest) -> UI:
    """The page driver for the user."""
    return UI(page, server, ARTIFACTS, request.node.name.removeprefix("test_"))


@pytest.fixture
def admin_ui(browser: Browser, server: LiveServer, request: pytest.FixtureRequest) -> Iterator[UI]:
    """A second browser context for the administrator."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    name = request.node.name.removeprefix("test_") + "-admin"
    yield UI(context.new_page(), server, ARTIFACTS, name)
    context.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where the screenshots are."""
    if ARTIFACTS.exists():
        count = len(list(ARTIFACTS.glob("*.png")))
        terminalreporter.write_line(f"webapp screenshots: {count} in {ARTIFACTS}")
