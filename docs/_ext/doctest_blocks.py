"""Griffe extension for the docs build: render bare ``>>>`` doctest runs as code blocks."""

from __future__ import annotations

from typing import Any

import griffe


def _fence(text: str) -> str:
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            while index < len(lines) and lines[index].strip():
                out.append(lines[index])
                index += 1
            out.append(f"{indent}```")
            continue
        out.append(line)
        index += 1
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Wrap doctest examples in fenced ``pycon`` blocks."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = _fence(obj.docstring.value)
