"""The Security info page: an office phone an administrator set is listed but not editable,
and managing needs a fresh MFA (step-up) before the page or a change."""

from __future__ import annotations

from playwright.sync_api import expect
from secinfo import otp as totp

from ._ui import UI, example_policy, user_doc

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
APP = {
    "kind": "authenticator_app",
    "id": "a1",
    "registered_at": "2026-10-01T09:00:00Z",
    "device_name": "Pixel 9",
    "notifications": True,
}
EMAIL = {
    "kind": "email",
    "id": "e1",
    "registered_at": "2026-10-01T09:05:00Z",
    "address": "someone@example.com",
}


def _mfa_by_push(ui: UI) -> None:
    ui.expect_heading("Verify your identity")
    ui.enter_code(ui.simulated_code())


def test_office_phone_set_by_the_admin_is_listed_but_not_editable(ui: UI, admin_ui: UI) -> None:
    server = ui.server
    methods = {**example_policy()["methods"], "voice_office": {"mfa": True, "sspr": True}}
    server.seed(
        example_policy(methods=methods),
        [user_doc("desk", [APP, EMAIL], preferred="push", last_reviewed_at="2026-11-01T00:00:00Z")],
    )

    admin_ui.admin_sign_in()
    admin_ui.goto("/admin/users/desk")
    admin = admin_ui.page
    admin.get_by_label("Number").fill("425 555 0100")
    admin.get_by_role("button", name="Save office phone").click()
    expect(admin.get_by_role("cell", name="+1 XXXXXXXX00")).to_be_visible()
    admin_ui.shot("admin-set-office-phone")

    page = ui.page
    ui.sign_in("desk")
    _mfa_by_push(ui)
    ui.expect_heading("My account")
    page.get_by_role("link", name="Security info").first.click()
    row = page.locator("tr[data-kind=office_phone]")
    expect(row).to_contain_text("+14255550100")
    expect(row).to_contain_text("set by your administrator")
    expect(row).to_contain_text("Users may not delete an office phone in this tenant.")
    expect(row.get_by_role("link")).to_have_count(0)
    expect(
        page.locator("tr[data-kind=email]").get_by_role("link", name="Delete Email")
    ).to_be_visible()
    ui.shot("office-phone-not-editable")

    # A forged delete (the page offers none) is refused by the transition and audited.
    phone_id = row.get_attribute("data-registration")
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    assert phone_id is not None
    assert csrf is not None
    response = page.request.post(
        server.url(f"/security-info/delete/{phone_id}"), form={"csrf": csrf}, max_redirects=0
    )
    assert response.status == 302
    assert any(r.id == phone_id for r in server.user("desk").registrations)
    failures = [e for e in server.store.events(user_id="desk") if e["result"] == "failure"]
    assert [e["activity"] for e in failures] == ["User deleted security info"]


def test_managing_security_info_needs_a_fresh_mfa(ui: UI) -> None:
    server = ui.server
    server.seed(
        example_policy(),
        [
            user_doc(
                "stepper", [APP, EMAIL], preferred="push", last_reviewed_at="2026-11-01T00:00:00Z"
            )
        ],
    )
    with server.store.write() as tx:
        tx.put_otp("stepper", "a1", SECRET, None)
    page = ui.page

    # Sign-in MFA with the authenticator code (TOTP, checked against the stored secret).
    ui.sign_in("stepper")
    ui.expect_heading("Verify your identity")
    expect(page.locator("#method-heading")).to_have_text("Microsoft Authenticator - notification")
    page.get_by_role("link", name="Authenticator app - code").click()
    ui.enter_code("000000" if totp.code_at(SECRET, now=server.clock()) != "000000" else "111111")
    expect(page.get_by_role("alert")).to_have_text("That code is not right. Try again.")
    ui.enter_code(totp.code_at(SECRET, now=server.clock()))
    ui.expect_heading("My account")
    page.get_by_role("link", name="Security info").first.click()
    ui.expect_heading("Security info")

    # Sixteen minutes later the MFA is stale: the page asks for it again.
    server.clock.advance(minutes=16)
    page.get_by_role("link", name="Security info").first.click()
    ui.expect_heading("Verify your identity")
    expect(page.get_by_text("Before you manage your security info")).to_be_visible()
    expect(page.get_by_role("link", name="Authenticator app - code")).to_be_visible()
    ui.shot("step-up-before-security-info")
    page.get_by_role("link", name="Authenticator app - code").click()
    ui.enter_code(totp.code_at(SECRET, now=server.clock()))
    ui.expect_heading("Security info")
    ui.shot("security-info-after-step-up")

    # A change needs a fresh MFA too: deleting the email steps up first, then asks to confirm.
    server.clock.advance(minutes=16)
    page.locator("tr[data-kind=email]").get_by_role("link", name="Delete Email").click()
    ui.expect_heading("Verify your identity")
    ui.enter_code(ui.simulated_code())
    ui.expect_heading("Delete email")
    ui.shot("delete-confirm")
    page.get_by_role("button", name="Delete").click()
    ui.expect_heading("Security info")
    expect(page.locator("tr[data-kind=email]")).to_have_count(0)
    assert server.activities("stepper") == ["User deleted security info"]


def test_change_default_offers_what_set_default_accepts(ui: UI) -> None:
    server = ui.server
    phone = {
        "kind": "mobile_phone",
        "id": "p1",
        "registered_at": "2026-10-01T09:00:00Z",
        "number": "+16502530002",
        "verified_with": "sms",
    }
    server.seed(
        example_policy(),
        [
            user_doc(
                "chooser", [APP, phone], preferred="push", last_reviewed_at="2026-11-01T00:00:00Z"
            )
        ],
    )
    page = ui.page
    ui.sign_in("chooser")
    _mfa_by_push(ui)
    page.get_by_role("link", name="Security info").first.click()

    page.get_by_role("link", name="+ Add sign-in method").click()
    ui.expect_heading("Add a method")
    expect(page.get_by_role("link", name="Email")).to_be_visible()
    # One mobile phone is the limit: the gate refuses a second and says why.
    expect(page.get_by_text("the limit is 1")).to_be_visible()
    ui.shot("add-method")
    page.get_by_role("link", name="Cancel").click()

    page.get_by_role("link", name="Change", exact=True).first.click()
    ui.expect_heading("Change default method")
    options = page.get_by_label("Which method do you want to use to sign in?")
    expect(options.locator("option")).to_have_text(
        ["Authenticator app - code", "Phone - text", "Phone - call"]
    )
    ui.shot("change-default")
    options.select_option(label="Phone - call")
    page.get_by_role("button", name="Confirm").click()
    ui.expect_heading("Security info")
    expect(page.get_by_test_id("default-method")).to_have_text("Phone - call +16502530002")
    assert server.activities("chooser") == ["User changed default security info"]
