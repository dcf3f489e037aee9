"""Typed for the string forms: every public function that takes an enum takes its wire string
too, in its signature, so a user's ``mypy --strict`` accepts ``step_up(…, "add")`` and refuses
``step_up(…, "create")``; the ``…Name`` literal types list exactly the enums' values."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from mypy import api

import secinfo
from secinfo.methods import (
    Action,
    ActionName,
    Actor,
    ActorName,
    Method,
    MethodName,
    Purpose,
    PurposeName,
)

TYPING = Path(__file__).resolve().parent / "typing"


@pytest.mark.parametrize(
    ("literal", "enum_type"),
    [(PurposeName, Purpose), (ActionName, Action), (ActorName, Actor), (MethodName, Method)],
)
def test_literal_lists_exactly_the_enum_values(literal: object, enum_type: type[Action]) -> None:
    assert typing.get_args(literal) == tuple(member.value for member in enum_type)


def test_literals_are_exported() -> None:
    for name in ("PurposeName", "ActionName", "ActorName", "MethodName"):
        assert name in secinfo.__all__
        assert getattr(secinfo, name) is getattr(secinfo.methods, name)


def test_mypy_strict_accepts_string_forms_and_refuses_wrong_literals(tmp_path: Path) -> None:
    good, bad = TYPING / "string_forms.py", TYPING / "wrong_literals.py"
    out, err, status = api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path), str(good), str(bad)]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert not [line for line in errors if "string_forms.py" in line], out + err
    wrong = {
        number
        for number, line in enumerate(bad.read_text().splitlines(), 1)
        if line.endswith("# wrong")
    }
    flagged = {
        int(match.group(1))
        for line in errors
        if (match := re.search(r"wrong_literals\.py:(\d+): error: .*\[arg-type\]", line))
    }
    assert len(wrong) == 5
    assert flagged == wrong, out
    assert status == 1
