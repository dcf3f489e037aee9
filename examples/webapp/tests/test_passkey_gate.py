"""R18 in the browser: a user with no usable MFA method, signed in with a password alone, may not
add a passkey (secinfo's remedy: register another method first); after registering an
authenticator app (which is fresh MFA) the passkey is allowed."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect
from secinfo import ExternalAuthentication, Kind, Passkey

from ._ui import UI, example_policy, user_doc

YUBIKEY = "cb69481e-8ff7-4039-93ec-0a2729a154a8"
BLOCKED = "00000000-0000-0000-0000-00000000dead"


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
    page.get_by_label("Authenticator AAGUID (optional)").fill(YUBIKEY.upper())
    ui.shot("passkey-allowed-after-mfa")
    page.get_by_role("button", name="Create passkey (simulated)").click()
    kinds = {r.kind for r in server.user("fresh").registrations}
    assert kinds == {Kind.AUTHENTICATOR_APP, Kind.PASSKEY}
    passkey = next(r for r in server.user("fresh").registrations if isinstance(r, Passkey))
    assert passkey.aaguid == YUBIKEY
    ui.shot("passkey-added")


APP = {
    "kind": "authenticator_app",
    "id": "a1",
    "registered_at": "2026-10-01T09:00:00Z",
    "device_name": "Pixel 9",
    "notifications": True,
}


def _signed_in_with_keys(ui: UI, restrictions: dict[str, Any], **methods: Any) -> Page:
    """User ``keys`` (an authenticator app) signed in with MFA under a policy whose passkeys
    have *restrictions*, with *methods* added to the example policy's; their page."""
    passkey = {"mfa": True, "key_restrictions": restrictions}
    listed = {**example_policy()["methods"], "passkey": passkey, **methods}
    ui.server.seed(
        example_policy(methods=listed),
        [user_doc("keys", [APP], preferred="push", last_reviewed_at="2026-11-01T00:00:00Z")],
    )
    ui.sign_in("keys")
    ui.expect_heading("Verify your identity")
    ui.enter_code(ui.simulated_code())
    return ui.page


def test_key_restrictions_and_an_external_method_from_the_set_up_forms(ui: UI) -> None:
    server = ui.server
    page = _signed_in_with_keys(
        ui,
        {"enforcement": "block", "aaguids": [BLOCKED]},
        external_authentication={"mfa": True, "providers": ["contoso-mfa"]},
    )

    ui.goto("/setup/passkey?flow=manage")
    page.get_by_label("Authenticator AAGUID (optional)").fill(BLOCKED)
    page.get_by_role("button", name="Create passkey (simulated)").click()
    expect(page.get_by_role("alert")).to_contain_text("key restrictions do not permit")
    ui.shot("blocked-aaguid-refused")
    assert [r.id for r in server.user("keys").registrations] == ["a1"]

    page.get_by_label("Authenticator AAGUID (optional)").fill(YUBIKEY)
    page.get_by_role("button", name="Create passkey (simulated)").click()
    assert {r.kind for r in server.user("keys").registrations} == {
        Kind.AUTHENTICATOR_APP,
        Kind.PASSKEY,
    }

    ui.goto("/setup/external_authentication?flow=manage")
    expect(page.get_by_label("Provider")).to_have_value("contoso-mfa")
    page.get_by_label("Display name").fill("Contoso <MFA>")
    ui.shot("external-method-form")
    page.get_by_role("button", name="Add external method (simulated)").click()
    external = [
        r for r in server.user("keys").registrations if isinstance(r, ExternalAuthentication)
    ]
    assert [(r.provider, r.display_name) for r in external] == [("contoso-mfa", "Contoso <MFA>")]
    expect(page.get_by_text("Contoso <MFA> (contoso-mfa)")).to_be_visible()
    ui.shot("external-method-listed")


def test_an_allow_list_offers_its_keys_on_the_passkey_form(ui: UI) -> None:
    """Under an allow list the form is not refused before a key is chosen: it asks for a key,
    starts with a permitted one and lists them; a key outside the list is still refused."""
    server = ui.server
    page = _signed_in_with_keys(ui, {"enforcement": "allow", "aaguids": [YUBIKEY]})

    ui.goto("/setup/passkey?flow=manage")
    expect(page.get_by_role("alert")).to_have_count(0)
    field = page.get_by_label("Authenticator AAGUID (required")
    expect(field).to_have_value(YUBIKEY)
    expect(field).to_have_attribute("required", "")
    ui.shot("passkey-allow-list-form")

    field.fill(BLOCKED)
    page.get_by_role("button", name="Create passkey (simulated)").click()
    expect(page.get_by_role("alert")).to_contain_text("key restrictions do not permit")
    assert [r.id for r in server.user("keys").registrations] == ["a1"]

    page.get_by_label("Authenticator AAGUID (required").fill(YUBIKEY)
    page.get_by_role("button", name="Create passkey (simulated)").click()
    passkey = next(r for r in server.user("keys").registrations if isinstance(r, Passkey))
    assert passkey.aaguid == YUBIKEY
