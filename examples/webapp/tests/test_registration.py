"""The interrupt wizard at sign-in: a new user registers the minimum set, one slot at a time,
and the default follows the channel the phone was verified with (the seed's known issue: SMS
must give "Phone - text", never "Phone - call")."""

from __future__ import annotations

from playwright.sync_api import expect
from secinfo import Method

from ._ui import UI, example_policy, user_doc


def test_new_user_registers_the_minimum_set_and_sms_sets_a_text_default(ui: UI) -> None:
    server = ui.server
    server.seed(example_policy(), [user_doc("newbie", [])])
    page = ui.page
    ui.goto("/sign-in")
    ui.shot("sign-in")

    ui.sign_in("newbie")
    # No MFA method yet: the password bootstrap lets the user in, straight into the interrupt.
    ui.expect_heading("Keep your account secure")
    expect(page.get_by_test_id("wizard-step")).to_have_text("Method 1 of 2")
    expect(page.get_by_role("heading", name="Microsoft Authenticator")).to_be_visible()
    expect(page.locator(".qr svg")).to_be_visible()
    ui.shot("wizard-offers-authenticator")

    page.get_by_role("link", name="I want to set up a different method").click()
    ui.expect_heading("Choose a different method")
    ui.shot("choose-security-info")
    page.get_by_role("link", name="Phone - text").click()

    expect(page.get_by_label("Text me a code")).to_be_checked()
    page.get_by_label("Phone number").fill("(650) 253-0000")
    ui.shot("wizard-phone")
    page.get_by_role("button", name="Next").click()
    ui.expect_heading("Phone")
    expect(page.get_by_text("text message to +1 XXXXXXXX00")).to_be_visible()
    ui.shot("phone-code-sent")
    ui.enter_code(ui.simulated_code(), button="Next")

    # The second slot counts for SSPR only: the phone's kind is no longer offered.
    expect(page.get_by_test_id("wizard-step")).to_have_text("Method 2 of 2")
    page.get_by_role("link", name="I want to set up a different method").click()
    expect(page.get_by_role("link", name="Phone - text")).to_have_count(0)
    page.get_by_role("link", name="Email").click()
    page.get_by_label("Email address").fill("newbie@example.com")
    page.get_by_role("button", name="Next").click()
    ui.enter_code(ui.simulated_code(), button="Next")

    ui.expect_heading("Success!")
    expect(page.get_by_test_id("default-method")).to_have_text("Phone - text")
    ui.shot("wizard-success")

    page.get_by_role("link", name="Security info").first.click()
    ui.expect_heading("Security info")
    expect(page.get_by_test_id("default-method")).to_have_text("Phone - text +16502530000")
    ui.shot("security-info")

    user = server.user("newbie")
    assert user.preferred is Method.SMS
    assert sorted(r.kind.value for r in user.registrations) == ["email", "mobile_phone"]
    assert server.activities("newbie") == [
        "User registered security info",
        "User registered security info",
        "User registered all required security info",
        "Default security info reassigned",
    ]
