"""The Python samples of docs/how-to/graph.md run as written, in order, and print what the page
says they print (the ``# …`` lines right after a ``print``)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

PAGE = Path(__file__).resolve().parent.parent / "docs" / "how-to" / "graph.md"
BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def expected_output(block: str) -> list[str]:
    lines = block.splitlines()
    found: list[str] = []
    for index, line in enumerate(lines):
        if line.lstrip().startswith("print("):
            for after in lines[index + 1 :]:
                if not after.startswith("# "):
                    break
                found.append(after[2:])
    return found


def test_the_python_samples_run_and_print_what_the_page_says() -> None:
    blocks = BLOCK.findall(PAGE.read_text(encoding="utf-8"))
    assert len(blocks) >= 5
    namespace: dict[str, object] = {}
    for number, block in enumerate(blocks, start=1):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(block, f"{PAGE.name} block {number}", "exec"), namespace)
        assert printed.getvalue().splitlines() == expected_output(block), f"block {number}"
