"""A user with no method under the Temporary Access Pass bootstrap: refused on a password,
the administrator issues a pass, the user signs in with it and registers the minimum set."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from secinfo import Method, TemporaryAccessPass

from ._ui import UI, example_policy, user_doc


def test_tap_bootstrap_for_a_user_with_no_method(ui: UI, admin_ui: UI) -> None:
    server = ui.server
    methods = {**example_policy()["methods"], "temporary_access_pass": {"mfa": True}}
    server.seed(
        example_policy(methods=methods, bootstrap="temporary_access_pass"),
        [user_doc("starter", [])],
    )
    page = ui.page

    ui.sign_in("starter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Temporary Access Pass")
    ui.shot("password-alone-refused")

    admin_ui.admin_sign_in()
    admin_ui.goto("/admin/users/starter")
    admin_ui.page.get_by_role("button", name="Issue pass").click()
    code = admin_ui.page.get_by_test_id("tap-code").inner_text().strip()
    admin_ui.shot("tap-issued")

    ui.sign_in("starter", code, with_pass=True)
    ui.expect_heading("Keep your account secure")
    expect(page.get_by_test_id("wizard-step")).to_have_text("Method 1 of 2")
    page.get_by_label("Enter the 6-digit code the app shows").fill(ui.totp_code())
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_test_id("wizard-step")).to_have_text("Method 2 of 2")
    page.get_by_role("link", name="I want to set up a different method").click()
    page.get_by_role("link", name="Email").click()
    page.get_by_label("Email address").fill("starter@example.com")
    page.get_by_role("button", name="Next").click()
    ui.enter_code(ui.simulated_code(), button="Next")
    ui.expect_heading("Success!")
    expect(page.get_by_test_id("default-method")).to_have_text(
        "Microsoft Authenticator - notification"
    )
    ui.shot("registered-after-tap")

    user = server.user("starter")
    assert user.preferred is Method.PUSH
    assert {r.kind.value for r in user.registrations} == {
        "temporary_access_pass",
        "authenticator_app",
        "email",
    }
    tap = next(r for r in user.registrations if isinstance(r, TemporaryAccessPass))
    assert tap.used  # a one-time pass is spent by the sign-in that presented it
    assert server.activities("starter")[0] == "Admin registered security info"

    # The pass cannot be presented twice.
    page.get_by_role("button", name="Sign out").click()
    ui.sign_in("starter", code, with_pass=True)
    expect(page.get_by_role("alert")).to_contain_text("not valid")


def test_the_pass_form_offers_the_policys_lifetimes(ui: UI, admin_ui: UI) -> None:
    """The form starts inside the policy's lifetimes and, under one-time-only, issues one-time
    passes without offering the choice."""
    server = ui.server
    tap_setting = {"mfa": True, "min_minutes": 120, "max_minutes": 240, "one_time_only": True}
    methods = {**example_policy()["methods"], "temporary_access_pass": tap_setting}
    server.seed(
        example_policy(methods=methods, bootstrap="temporary_access_pass"),
        [user_doc("starter", [])],
    )
    admin_ui.admin_sign_in()
    admin_ui.goto("/admin/users/starter")
    page = admin_ui.page
    lifetime = page.get_by_label("Lifetime (minutes, 120–240 under the policy)")
    expect(lifetime).to_have_value("120")
    expect(lifetime).to_have_attribute("max", "240")
    expect(page.get_by_label("One-time use")).to_have_count(0)
    expect(page.get_by_text("The policy allows one-time passes only.")).to_be_visible()
    page.get_by_role("button", name="Issue pass").click()
    expect(page.get_by_test_id("tap-code")).to_be_visible()

    tap = next(
        r for r in server.user("starter").registrations if isinstance(r, TemporaryAccessPass)
    )
    assert tap.one_time
    assert tap.expires_at - tap.starts_at == timedelta(minutes=120)
