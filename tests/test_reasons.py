"""Reason codes: one enum, and the reference table in docs/reference/reasons.md equal to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from secinfo import InvalidArgument, Reason, ReasonCode
from secinfo.phone import PhoneReason

DOC = Path(__file__).resolve().parent.parent / "docs" / "reference" / "reasons.md"
ROW = re.compile(r"^\| `([a-z0-9_]+)` \|", re.MULTILINE)


def test_the_reference_table_lists_every_code_once() -> None:
    listed = ROW.findall(DOC.read_text(encoding="utf-8"))
    assert set(listed) == {code.value for code in ReasonCode}
    # A code listed twice must be one meaning in two places (remedies listed per section).
    shared = {code for code in listed if listed.count(code) > 1}
    assert shared <= {
        "sign_in_again",
        "issue_temporary_access_pass",
        "admin_registers_method",
        "snoozes_exhausted",
        # The gate's remedies after a TAP sign-in or under a registration strength (R18, R21)
        "register_other_method_first",
        "registration_strength_unmet",
        "temporary_access_pass_spent",
    }


def test_every_phone_refusal_has_a_code() -> None:
    assert {f"phone_{reason.value}" for reason in PhoneReason} == {
        code.value for code in ReasonCode if code.value.startswith("phone_")
    }


def test_reason_takes_a_code_or_its_wire_string() -> None:
    reason = Reason(code="mfa_fresh", message="ok")
    assert reason.code is ReasonCode.MFA_FRESH
    assert reason.to_dict() == {"code": "mfa_fresh", "message": "ok"}
    with pytest.raises(InvalidArgument, match="code"):
        Reason(code="no_such_code", message="x")
    with pytest.raises(TypeError, match="code"):
        Reason(code=3, message="x")
