"""The plain ``python`` code blocks of the documentation run (in order, per page)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
PAGES = ["index.md"]


@pytest.mark.parametrize("page", PAGES)
def test_page_code_runs(page: str) -> None:
    blocks = [b for b in BLOCK.findall((DOCS / page).read_text()) if ">>>" not in b]
    assert blocks, f"{page} has no plain python block"
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, f"{page}", "exec"), namespace)
