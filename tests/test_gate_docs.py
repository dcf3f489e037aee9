"""The worked examples of docs/default-and-step-up.md and the docstrings of the gate run."""

from __future__ import annotations

import doctest
from pathlib import Path

import secinfo.default
import secinfo.stepup

DOC = Path(__file__).resolve().parent.parent / "docs" / "default-and-step-up.md"


def test_worked_examples() -> None:
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_docstrings() -> None:
    for module in (secinfo.stepup, secinfo.default):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.attempted > 0
        assert result.failed == 0
