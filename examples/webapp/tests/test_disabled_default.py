"""The seed's known issue "User unable to access the new registration experience after admin
disables their default method": the default is phone call, the administrator disables phone
call, the SSPR interrupt appears at the next sign-in, and the user completes it — no loop."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from secinfo import Method

from ._ui import NOW, UI, example_policy, user_doc

POLICY = example_policy(
    methods={
        "push": {"mfa": True, "sspr": True},
        "authenticator_code": {"mfa": True, "sspr": True},
        "sms": {"mfa": True},
        "voice_mobile": {"mfa": True, "sspr": True},
        "email": {"sspr": True},
    }
)
CALLER = user_doc(
    "caller",
    [
        {
            "kind": "mobile_phone",
            "id": "p1",
            "registered_at": "2026-10-01T09:00:00Z",
            "number": "+16502530001",
            "verified_with": "voice_mobile",
        },
        {
            "kind": "email",
            "id": "e1",
            "registered_at": "2026-10-01T09:05:00Z",
            "address": "caller@example.com",
        },
    ],
    preferred="voice_mobile",
    last_reviewed_at="2026-11-01T00:00:00Z",
)


def test_disabling_the_default_method_leads_to_a_completable_interrupt(
    ui: UI, admin_ui: UI
) -> None:
    server = ui.server
    server.seed(POLICY, [CALLER])

    # The administrator disables phone call for MFA and SSPR.
    admin_ui.admin_sign_in()
    admin_ui.goto("/admin/policy")
    admin = admin_ui.page
    admin.get_by_label("Phone - call for MFA", exact=True).uncheck()
    admin.get_by_label("Phone - call for SSPR", exact=True).uncheck()
    admin_ui.shot("policy-phone-call-disabled")
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_role("status").first).to_contain_text("Policy saved")
    expect(admin.get_by_label("Phone - call for MFA", exact=True)).not_to_be_checked()
    admin_ui.goto("/admin/audit")
    expect(
        admin.get_by_role("cell", name="Security info became unusable", exact=True)
    ).to_be_visible()
    expect(
        admin.get_by_role("cell", name="Default security info reassigned", exact=True)
    ).to_be_visible()
    admin_ui.shot("audit-after-policy-change")
    admin_ui.goto("/admin/users")
    expect(admin.get_by_role("row", name="caller")).to_contain_text("interrupt")
    admin_ui.shot("users")

    # Sign-in: the gate skips the disabled default and asks for the text.
    page = ui.page
    ui.sign_in("caller")
    ui.expect_heading("Verify your identity")
    expect(page.locator("#method-heading")).to_have_text("Phone - text")
    expect(page.get_by_text("Phone - call")).to_have_count(0)
    ui.shot("sign-in-mfa-by-text")
    ui.enter_code(ui.simulated_code())

    # The SSPR interrupt: one slot, skippable, offering the Authenticator app first.
    ui.expect_heading("Keep your account secure")
    expect(page.get_by_test_id("wizard-step")).to_have_text("Method 1 of 1")
    expect(page.get_by_role("button", name="Skip setup")).to_be_visible()
    ui.shot("sspr-interrupt")
    page.get_by_label("Enter the 6-digit code the app shows").fill(ui.totp_code())
    page.get_by_role("button", name="Next").click()
    ui.expect_heading("Success!")
    expect(page.get_by_test_id("default-method")).to_have_text(
        "Microsoft Authenticator - notification"
    )
    ui.shot("interrupt-completed")
    page.get_by_role("link", name="Security info").first.click()
    ui.expect_heading("Security info")

    # The next sign-in: MFA with the new default, then no prompt at all.
    page.get_by_role("button", name="Sign out").click()
    server.clock.set(NOW + timedelta(hours=1))
    ui.sign_in("caller")
    expect(page.locator("#method-heading")).to_have_text("Microsoft Authenticator - notification")
    ui.enter_code(ui.simulated_code())
    ui.expect_heading("My account")
    ui.shot("next-sign-in-no-prompt")

    user = server.user("caller")
    assert user.preferred is Method.PUSH
    assert "User registered all required security info" in server.activities("caller")
