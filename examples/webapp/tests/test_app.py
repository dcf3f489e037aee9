"""The app without a browser (Flask's test client): form tokens, the sign-in refusal, the policy
form's validation by secinfo's loader, the store's transactions and the clock."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from secinfo import AuditEvent, load_policy

from secinfo_webapp import DEMO_ADMIN, FixedClock, OffsetClock, Store, create_app, seed_demo
from secinfo_webapp.store import Conflict

from ._ui import NOW, PASSWORD, example_policy, user_doc


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    made = create_app(tmp_path / "app.sqlite3", clock=FixedClock(NOW))
    store: Store = made.config["STORE"]
    with store.write() as tx:
        tx.put_policy(load_policy(example_policy()))
        tx.add_admin(*DEMO_ADMIN)
        tx.add_user(user_doc("newbie", []), PASSWORD)
    return made


def _token(client: FlaskClient, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None, page
    return found.group(1)


def _admin(client: FlaskClient) -> str:
    token = _token(client, "/admin/sign-in")
    response = client.post(
        "/admin/sign-in",
        data={"csrf": token, "username": DEMO_ADMIN[0], "password": DEMO_ADMIN[1]},
    )
    assert response.status_code == 302
    return _token(client, "/admin/policy")


def test_a_form_without_its_token_is_refused(app: Flask) -> None:
    client = app.test_client()
    response = client.post("/sign-in", data={"username": "newbie", "password": PASSWORD})
    assert response.status_code == 400
    assert "The form expired" in response.get_data(as_text=True)


def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(app: Flask) -> None:
    client = app.test_client()
    answers = []
    for user, password in (("newbie", "wrong"), ("nobody", PASSWORD)):
        token = _token(client, "/sign-in")
        response = client.post(
            "/sign-in", data={"csrf": token, "username": user, "password": password}
        )
        assert response.status_code == 401
        answers.append(
            re.findall(r'role="alert">\s*<p>([^<]+)</p>', response.get_data(as_text=True))
        )
    assert answers[0] == answers[1] == ["Your account or password is incorrect."]


def test_signing_in_starts_a_new_session_cookie(app: Flask) -> None:
    client = app.test_client()
    token = _token(client, "/sign-in")
    before = client.get_cookie("secinfo_webapp_session")
    assert before is not None
    client.post("/sign-in", data={"csrf": token, "username": "newbie", "password": PASSWORD})
    after = client.get_cookie("secinfo_webapp_session")
    assert after is not None
    assert after.value != before.value


def test_the_policy_form_reports_secinfo_s_error_and_saves_nothing(app: Flask) -> None:
    client = app.test_client()
    token = _admin(client)
    store: Store = app.config["STORE"]
    before = store.policy()
    form = {
        "csrf": token,
        "mfa.enforced_for": "all",
        "mfa.methods_required": "3",
        "mfa.grace_days": "0",
        "sspr.enabled_for": "all",
        "sspr.methods_required": "2",
        "sspr.reconfirm_days": "180",
        "campaign.state": "disabled",
        "campaign.method": "push",
        "campaign.include": "all",
        "campaign.snooze_days": "1",
        "bootstrap": "password",
        "step_up.session_minutes": "15",
        "step_up.passkey_add_minutes": "5",
        "methods.passkey.self_service": "on",
        "methods.temporary_access_pass.min_minutes": "60",
        "methods.temporary_access_pass.max_minutes": "480",
        "methods.sms.mfa": "on",
    }
    response = client.post("/admin/policy", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The policy was not saved" in page
    assert "mfa.methods_required" in page
    assert store.policy() == before


def test_a_saved_policy_is_secinfo_s_document_and_audits_the_users(app: Flask) -> None:
    client = app.test_client()
    token = _admin(client)
    store: Store = app.config["STORE"]
    with store.write() as tx:
        tx.add_user(
            user_doc(
                "texter",
                [
                    {
                        "kind": "mobile_phone",
                        "id": "p1",
                        "registered_at": "2026-10-01T00:00:00Z",
                        "number": "+16502530001",
                        "verified_with": "sms",
                    }
                ],
            ),
            PASSWORD,
        )
    form = {
        "csrf": token,
        "mfa.enforced_for": "all",
        "mfa.methods_required": "1",
        "mfa.grace_days": "0",
        "sspr.enabled_for": "all",
        "sspr.methods_required": "2",
        "sspr.reconfirm_days": "180",
        "sspr.registration_required": "on",
        "campaign.state": "disabled",
        "campaign.method": "push",
        "campaign.include": "all",
        "campaign.snooze_days": "1",
        "bootstrap": "password",
        "step_up.session_minutes": "15",
        "step_up.passkey_add_minutes": "5",
        "methods.passkey.self_service": "on",
        "methods.temporary_access_pass.min_minutes": "60",
        "methods.temporary_access_pass.max_minutes": "480",
        "methods.push.mfa": "on",
        "methods.email.sspr": "on",
    }
    response = client.post("/admin/policy", data=form)
    assert response.status_code == 302
    saved = store.policy()
    assert {s.method.value for s in saved.methods if s.mfa or s.sspr} == {"push", "email"}
    assert [e["activity"] for e in store.events(user_id="texter")] == [
        "Default security info reassigned",
        "Security info became unusable",
    ]


def test_a_stale_user_document_is_a_conflict_and_nothing_is_written(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    with store.write() as tx:
        tx.add_user(user_doc("u1", []), PASSWORD)
    stored = store.user("u1")
    assert stored is not None
    with store.write() as tx:  # another request stores the user first
        tx.put_user(stored.user, version=stored.version)
    event = AuditEvent(
        activity="User reviewed security info",
        result="success",
        at=NOW,
        user_id="u1",
        actor="user",
        reason="User successfully reviewed security info.",
    )

    def stale_change() -> None:
        with store.write() as tx:
            tx.add_events([event])
            tx.put_user(user_doc("u1", [], groups=["g"]), version=stored.version)

    with pytest.raises(Conflict):
        stale_change()
    again = store.user("u1")
    assert again is not None
    assert again.user.groups == frozenset()
    assert store.events(user_id="u1") == []


def test_the_demo_tenant_loads_the_examples(tmp_path: Path) -> None:
    store = Store(tmp_path / "demo.sqlite3")
    codes = seed_demo(store, now=NOW)
    assert [u.user_id for u in store.users()] == [f"u{i}" for i in range(1, 9)]
    assert set(codes) == {"u7"}
    assert store.check_tap_code("u7", codes["u7"]) == "t7"
    assert store.check_password("u1", "demo-password")
    u1 = store.user("u1")
    assert u1 is not None
    assert "office_phone" in {r.kind.value for r in u1.user.registrations}
    assert [e["activity"] for e in store.events(user_id="u1")] == ["Admin registered security info"]


def test_the_clocks() -> None:
    fixed = FixedClock(NOW)
    fixed.advance(minutes=5)
    assert fixed() == NOW + timedelta(minutes=5)
    ticks = iter([100.0, 160.0])
    offset = OffsetClock(NOW, monotonic=lambda: next(ticks))
    assert offset() == NOW + timedelta(minutes=1)
    with pytest.raises(ValueError, match="aware"):
        FixedClock(datetime(2026, 1, 1))
    assert FixedClock(datetime(2026, 1, 1, tzinfo=UTC))().tzinfo is UTC


def test_an_interrupt_that_cannot_be_skipped_keeps_the_user_in_the_wizard(app: Flask) -> None:
    client = app.test_client()
    token = _token(client, "/sign-in")
    client.post("/sign-in", data={"csrf": token, "username": "newbie", "password": PASSWORD})
    home = client.get("/")
    assert home.status_code == 302
    assert home.headers["Location"] == "/wizard"
    # The page offers no skip; a forged one is refused by secinfo's cancel and audited.
    assert "Skip setup" not in client.get("/setup/push?flow=wizard").get_data(as_text=True)
    skipped = client.post("/wizard/skip", data={"csrf": _token(client, "/setup/push?flow=wizard")})
    assert skipped.status_code == 302
    store: Store = app.config["STORE"]
    events = store.events(user_id="newbie")
    assert [(e["activity"], e["result"]) for e in events] == [
        ("User canceled security info registration", "failure")
    ]
    assert client.get("/").headers["Location"] == "/wizard"


def test_require_re_registration_deletes_what_secinfo_marks_and_shows_the_events(
    app: Flask,
) -> None:
    client = app.test_client()
    _admin(client)
    store: Store = app.config["STORE"]
    with store.write() as tx:
        tx.add_user(
            user_doc(
                "phoner",
                [
                    {
                        "kind": "mobile_phone",
                        "id": "p1",
                        "registered_at": "2026-10-01T00:00:00Z",
                        "number": "+16502530001",
                        "verified_with": "sms",
                    },
                    {
                        "kind": "email",
                        "id": "e1",
                        "registered_at": "2026-10-01T00:00:00Z",
                        "address": "phoner@example.com",
                    },
                ],
                preferred="sms",
            ),
            PASSWORD,
        )
    page = client.get("/admin/users/phoner").get_data(as_text=True)
    assert "Require re-registration" in page
    token = _token(client, "/admin/users/phoner")
    response = client.post("/admin/users/phoner/require-reregistration", data={"csrf": token})
    assert response.status_code == 302
    stored = store.user("phoner")
    assert stored is not None
    assert [r.id for r in stored.user.registrations] == ["e1"]
    activities = [e["activity"] for e in reversed(store.events(user_id="phoner"))]
    assert activities == ["Admin deleted security info", "Default security info reassigned"]
    page = client.get("/admin/users/phoner").get_data(as_text=True)
    assert "Re-registration required: 2 audit event(s)." in page
    assert "Admin deleted security info · success" in page
    assert "Default security info reassigned · success" in page
    # Again: nothing left to delete, no event.
    token = _token(client, "/admin/users/phoner")
    client.post("/admin/users/phoner/require-reregistration", data={"csrf": token})
    assert len(store.events(user_id="phoner")) == 2
    assert "Nothing to re-register" in client.get("/admin/users/phoner").get_data(as_text=True)
