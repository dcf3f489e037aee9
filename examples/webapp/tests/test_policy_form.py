"""The policy form's table without a browser: the form as shown saves the same policy, and the
sections of R17–R21 (registration strength, passkeys, key restrictions, Temporary Access Pass,
external providers) reach secinfo's loader."""

from __future__ import annotations

from typing import Any

import pytest
from secinfo import InvalidDocument, KeyEnforcement, Method, dump_policy, load_policy

from secinfo_webapp.policy_form import (
    SECTIONS,
    apply_form,
    method_rows,
    read_field,
    section_enabled,
)

from ._ui import example_policy


def _shown(doc: dict[str, Any]) -> dict[str, str]:
    """What a browser sends for the form as the page shows *doc*."""
    form: dict[str, str] = {}
    for row in method_rows(doc):
        m = row["method"].value
        for purpose, on in row["purposes"]:
            if on:
                form[f"methods.{m}.{purpose}"] = "on"
        form[f"methods.{m}.include"] = row["include"]
        form[f"methods.{m}.exclude"] = row["exclude"]
    for section in SECTIONS:
        if section.optional is not None and section_enabled(doc, section):
            form[section.toggle] = "on"
        for field in section.fields:
            value = read_field(doc, field)
            if field.kind == "bool":
                if value:
                    form[field.name] = "on"
            elif field.kind == "methods":
                for choice in value:
                    form[f"{field.name}.{choice}"] = "on"
            else:
                form[field.name] = value
    return form


def test_the_form_as_shown_saves_the_same_policy() -> None:
    policy = load_policy(example_policy())
    doc = dump_policy(policy)
    assert load_policy(apply_form(doc, _shown(doc))) == policy


def test_the_new_sections_reach_the_policy() -> None:
    doc = dump_policy(load_policy(example_policy()))
    aaguid = "cb69481e-8ff7-4039-93ec-0a2729a154a8"
    form = {
        **_shown(doc),
        "methods.passkey.mfa": "on",
        "registration_strength.enabled": "on",
        "registration_strength.methods.passkey": "on",
        "registration_strength.methods.temporary_access_pass": "on",
        "registration_strength.include": "all",
        "registration_strength.exclude": "break-glass",
        "key_restrictions.enabled": "on",
        "methods.passkey.key_restrictions.enforcement": "allow",
        "methods.passkey.key_restrictions.aaguids": aaguid,
        "methods.temporary_access_pass.min_minutes": "30",
        "methods.temporary_access_pass.max_minutes": "120",
        "methods.temporary_access_pass.one_time_only": "on",
        "methods.external_authentication.providers": "contoso-mfa, fabrikam",
    }
    form.pop("methods.passkey.self_service")
    policy = load_policy(apply_form(doc, form))
    strength = policy.registration_strength
    assert strength is not None
    assert strength.methods == {Method.PASSKEY, Method.TEMPORARY_ACCESS_PASS}
    assert strength.exclude == {"break-glass"}
    settings = {s.method: s for s in policy.methods}
    passkey = settings[Method.PASSKEY]
    assert passkey.self_service is False
    assert passkey.key_restrictions is not None
    assert passkey.key_restrictions.enforcement is KeyEnforcement.ALLOW
    assert passkey.key_restrictions.permits(aaguid)
    tap = settings[Method.TEMPORARY_ACCESS_PASS]
    assert (tap.min_minutes, tap.max_minutes, tap.one_time_only) == (30, 120, True)
    assert settings[Method.EXTERNAL_AUTHENTICATION].providers == {"contoso-mfa", "fabrikam"}
    # The input document is not changed, and turning a section off writes null.
    assert "passkey" not in doc["methods"]
    again = dump_policy(policy)
    off = load_policy(apply_form(again, {**_shown(again), "key_restrictions.enabled": ""}))
    assert {s.method: s for s in off.methods}[Method.PASSKEY].key_restrictions is None


def test_secinfo_s_loader_judges_the_new_sections() -> None:
    doc = dump_policy(load_policy(example_policy()))
    form = {
        **{k: v for k, v in _shown(doc).items() if ".methods." not in k or "strength" not in k},
        "registration_strength.enabled": "on",
    }  # no method chosen
    with pytest.raises(InvalidDocument, match="registration_strength"):
        load_policy(apply_form(doc, form))
    form = {**_shown(doc), "methods.temporary_access_pass.min_minutes": "5"}
    with pytest.raises(InvalidDocument, match="min_minutes"):
        load_policy(apply_form(doc, form))
