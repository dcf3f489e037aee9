"""Turn secinfo's docstring markup into the Markdown the docs site renders.

Docstrings are written for ``help()`` and for the site at once: reST-style roles
(``:class:`Method```, ``:func:`~secinfo.usable.usable_methods```) and bare ``>>>`` doctest runs.
The site renders Markdown, where a role would show up as raw text. This module rewrites them:

- a role becomes a cross-reference ``[`Method`][secinfo.methods.Method]`` when *resolve* finds the
  object it names, and plain code (`` `json.load` ``) otherwise;
- a bare doctest run becomes a fenced ``pycon`` block.

It has no third-party imports, so the test suite checks it without the docs extra; the griffe
extension in ``griffe_docstrings.py`` applies it while the site is built.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["DOCS_LINK", "ROLE", "convert_roles", "fence_doctests", "link_docs", "render"]

ROLE = re.compile(
    r":(?:py:)?(?P<role>class|func|meth|attr|data|mod|exc|obj|const|type):"
    r"`(?P<body>[^`]+)`"
)
"""A reST role such as ``:class:`~secinfo.methods.Method```."""

DOCS_LINK = re.compile(r"\]\(docs/(?P<page>[^)#\s]+\.md)")
"""A Markdown link to a page of the docs from the source tree (``[R9](docs/rules.md#r9)``)."""

_TITLED = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$")


def _display(target: str, *, short: bool) -> str:
    target = target.lstrip(".")
    return target.rsplit(".", 1)[-1] if short else target


def convert_roles(text: str, resolve: Callable[[str], str | None]) -> str:
    """Replace every role in *text*; *resolve* maps a role's target (as written, without ``~``)
    to the identifier of the rendered object, or ``None`` when the site has no page for it.

    >>> convert_roles("See :class:`~secinfo.methods.Method`.", lambda t: t)
    'See [`Method`][secinfo.methods.Method].'
    >>> convert_roles(":func:`json.load` returns", lambda t: None)
    '`json.load` returns'
    >>> convert_roles(":class:`the enum <Method>`", lambda t: "secinfo.methods." + t)
    '[the enum][secinfo.methods.Method]'
    """

    def replace(match: re.Match[str]) -> str:
        body = match["body"].strip()
        titled = _TITLED.match(body)
        if titled:
            target = titled["target"].strip().lstrip("~")
            shown = titled["title"]
        else:
            short = body.startswith("~")
            target = body.lstrip("~")
            shown = f"`{_display(target, short=short)}`"
        identifier = resolve(target.lstrip("."))
        return shown if identifier is None else f"[{shown}][{identifier}]"

    return ROLE.sub(replace, text)


def fence_doctests(text: str) -> str:
    """Wrap every bare run of ``>>>`` lines (up to the next blank line) in a ``pycon`` fence;
    runs already inside a fence are left alone.

    >>> fence_doctests("Example:\\n\\n>>> 1 + 1\\n2\\n\\nDone.").splitlines()
    ['Example:', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'Done.']
    """
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    fenced = False
    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip()
        if stripped.startswith("```"):
            fenced = not fenced
        if not fenced and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            out.append(f"{indent}```pycon")
            while index < len(lines) and lines[index].strip():
                out.append(lines[index])
                index += 1
            out.append(f"{indent}```")
            continue
        out.append(line)
        index += 1
    return "\n".join(out)


def link_docs(text: str, prefix: str = "../../") -> str:
    """Docstrings link to docs pages by their path in the source tree (``docs/rules.md#r9``),
    which reads well in the source; on the site an API page is *prefix* below the docs root.

    >>> link_docs("Rule [R9](docs/rules.md#r9).")
    'Rule [R9](../../rules.md#r9).'
    """
    return DOCS_LINK.sub(lambda match: f"]({prefix}{match['page']}", text)


def render(text: str, resolve: Callable[[str], str | None]) -> str:
    """Every rewrite: links to docs pages, roles outside doctest runs, then the fences."""
    return fence_doctests(convert_roles(link_docs(text), resolve))
