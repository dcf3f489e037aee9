"""R21 from the admin's policy form: turning on a registration strength of passkeys only denies
a user whose only method is outside it: the app's sign-in asks secinfo's ``view`` gate, so the
user sees secinfo's deny remedy when signing in to manage security info."""

from __future__ import annotations

from playwright.sync_api import expect
from secinfo import Action, GateOutcome, Method, Session, step_up

from ._ui import NOW, UI, example_policy, user_doc

APP = {
    "kind": "authenticator_app",
    "id": "a1",
    "registered_at": "2026-10-01T09:00:00Z",
    "device_name": "Pixel 9",
    "notifications": True,
}


def test_a_registration_strength_turned_on_in_the_form_denies_other_methods(
    ui: UI, admin_ui: UI
) -> None:
    server = ui.server
    methods = {**example_policy()["methods"], "passkey": {"mfa": True}}
    server.seed(
        example_policy(methods=methods),
        [user_doc("appuser", [APP], preferred="push", last_reviewed_at="2026-11-01T00:00:00Z")],
    )
    assert server.store.policy().registration_strength is None  # off by default

    admin_ui.admin_sign_in()
    admin_ui.goto("/admin/policy")
    admin = admin_ui.page
    section = admin.locator("#section-registration_strength")
    expect(section.get_by_role("checkbox", name="Turn on")).not_to_be_checked()
    section.get_by_role("checkbox", name="Turn on").check()
    section.get_by_role("checkbox", name="Passkey", exact=True).check()
    section.get_by_role("checkbox", name="Microsoft Authenticator - notification").uncheck()
    admin_ui.shot("strength-turned-on")
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_role("status").first).to_contain_text("Policy saved")
    strength = server.store.policy().registration_strength
    assert strength is not None
    assert strength.methods == frozenset({Method.PASSKEY})

    gate = step_up(
        server.store.policy(),
        server.user("appuser"),
        Action.VIEW,
        session=Session(signed_in_at=NOW),
        now=NOW,
    )
    assert gate.outcome is GateOutcome.DENY
    assert gate.remedy is not None
    page = ui.page
    ui.sign_in("appuser")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(gate.remedy.message)
    ui.shot("strength-denies-app-user")
    assert [r.id for r in server.user("appuser").registrations] == ["a1"]

    # Turning it off again lets the user in with the app.
    admin_ui.goto("/admin/policy")
    section.get_by_role("checkbox", name="Turn on").uncheck()
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_role("status").first).to_contain_text("Policy saved")
    assert server.store.policy().registration_strength is None
    ui.sign_in("appuser")
    ui.expect_heading("Verify your identity")
