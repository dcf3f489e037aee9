"""Reason codes: one enum, and the reference table in docs/reference/reasons.md equal to it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from secinfo import InvalidArgument, InvalidArgumentType, Reason, ReasonCode, SecinfoError
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


@pytest.mark.parametrize("message", ["", " ", "\n\t"])
def test_reason_refuses_an_empty_message(message: str) -> None:
    with pytest.raises(InvalidArgument, match="message"):
        Reason(code="mfa_fresh", message=message)


@pytest.mark.parametrize("message", [None, 3, b"bytes", ("a",)])
def test_reason_refuses_a_message_that_is_not_a_string(message: object) -> None:
    with pytest.raises(InvalidArgumentType, match="message"):
        Reason(code="mfa_fresh", message=message)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", [None, 3, ["mfa_fresh"], PhoneReason.INVALID])
def test_reason_refuses_a_code_that_is_not_a_reason_code(code: object) -> None:
    with pytest.raises(SecinfoError, match="code"):
        Reason(code=code, message="x")


def test_reason_is_frozen() -> None:
    reason = Reason(code="mfa_fresh", message="ok")
    with pytest.raises(AttributeError):
        reason.message = ""  # type: ignore[misc]


@pytest.mark.parametrize(
    ("fields", "error", "text"),
    [
        ({"code": "nope", "message": "m"}, InvalidArgument, "code: 'nope' is not a ReasonCode"),
        ({"code": 5, "message": "m"}, InvalidArgumentType, "code: 5 is not a ReasonCode"),
        (
            {"code": "mfa_fresh", "message": 5},
            InvalidArgumentType,
            "message: expected a string, got 5",
        ),
        (
            {"code": "mfa_fresh", "message": "  "},
            InvalidArgument,
            "message: must be a non-empty sentence",
        ),
    ],
)
def test_a_refused_reason_names_the_field_and_the_value(
    fields: dict[str, object], error: type[Exception], text: str
) -> None:
    with pytest.raises(error) as raised:
        Reason(**fields)  # type: ignore[arg-type]
    assert type(raised.value) is error
    assert isinstance(raised.value, InvalidArgument)
    assert raised.value.path == text.split(":", 1)[0]  # the field, named first
    assert str(raised.value) == text


def test_a_code_s_repr_is_its_wire_string() -> None:
    assert repr(ReasonCode.MFA_FRESH) == "'mfa_fresh'"
    assert (
        repr([ReasonCode.MFA_FRESH, ReasonCode.MFA_NOT_FRESH]) == "['mfa_fresh', 'mfa_not_fresh']"
    )
