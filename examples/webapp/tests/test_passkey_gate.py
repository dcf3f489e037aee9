"""R18 in the browser: a user with no usable MFA method, signed in with a password alone, may not
add a passkey (secinfo's remedy: register another method first); after registering an
authenticator app (which is fresh MFA) the passkey is allowed."""

from __future__ import annotations

from playwright.sync_api import expect
from secinfo import Kind

from ._ui import UI, example_policy, user_doc


def test_a_passkey_is_refused_on_a_password_alone_and_allowed_after_mfa(ui: UI) -> None:
    server = ui.server
    methods = {**example_policy()["methods"], "passkey": {"mfa": True}}
    server.seed(example_policy(methods=methods, bootstrap="password"), [user_doc("fresh", [])])
    page = ui.page

    ui.sign_in("fresh")
    ui.expect_heading("Keep your account secure")
    ui.goto("/setup/passkey?flow=manage")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("You can't set this up now.")
    # secinfo's remedy register_other_method_first, as its message says it.
    expect(alert).to_contain_text("Register another MFA method first")
    expect(page.get_by_role("button", name="Create passkey (simulated)")).to_have_count(0)
    ui.shot("passkey-refused-on-password")
    assert server.user("fresh").registrations == ()

    # A forged add (the page offers no form) is refused by the transition too.
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    assert csrf is not None
    response = page.request.post(
        server.url("/setup/passkey"),
        form={"csrf": csrf, "flow": "manage", "name": "Sneaky"},
        max_redirects=0,
    )
    assert response.status == 403
    assert server.user("fresh").registrations == ()
    assert server.activities("fresh")[-1] == "User registered security info"
    assert server.store.events(user_id="fresh")[0]["result"] == "failure"

    # Register an authenticator app (the code proves it: fresh MFA), then the passkey.
    ui.goto("/setup/authenticator_code?flow=manage")
    page.get_by_label("Enter the 6-digit code the app shows").fill(ui.totp_code())
    page.get_by_role("button", name="Next").click()
    ui.goto("/setup/passkey?flow=manage")
    expect(page.get_by_role("alert")).to_have_count(0)
    page.get_by_label("Passkey name").fill("YubiKey 5")
    ui.shot("passkey-allowed-after-mfa")
    page.get_by_role("button", name="Create passkey (simulated)").click()
    kinds = {r.kind for r in server.user("fresh").registrations}
    assert kinds == {Kind.AUTHENTICATOR_APP, Kind.PASSKEY}
    ui.shot("passkey-added")
