"""Every code sample of every documentation page runs.

Each page's fenced blocks run in order in one namespace per page, from a scratch directory that
holds a copy of ``examples/`` (so ``examples/policy.json`` works and nothing is written into the
checkout):

- ``python`` blocks are executed; a ``python`` or ``pycon`` block of ``>>>`` lines is a doctest;
- ``json`` blocks must parse, and a document with a ``schema`` must load with its loader;
- ``sh`` blocks: every ``secinfo …`` command in them runs through ``secinfo.cli.main`` and must
  exit 0;
- ``text`` and ``mermaid`` blocks are not code. Any other language, or a fence without one, fails:
  a sample that cannot run is written as ``text``.
"""

from __future__ import annotations

import doctest
import io
import json
import re
import shlex
import shutil
import textwrap
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from secinfo import cli
from secinfo.documents import load_policy, load_session, load_user

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LANGUAGES = {"python", "pycon", "json", "sh", "text", "mermaid"}
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)[ \t]*(?P<info>[^\n]*)\n"
    r"(?P<body>.*?)"
    r"^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
LOADERS = {
    "secinfo/policy/1": load_policy,
    "secinfo/user/1": load_user,
    "secinfo/session/1": load_session,
}


class Block(NamedTuple):
    page: str
    line: int
    language: str
    body: str


def blocks(page: Path, root: Path = DOCS) -> list[Block]:
    """The fenced blocks of *page*, dedented, with the line of their first body line."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start("body")) + 1
        language = match["info"].split()[0] if match["info"].strip() else ""
        body = textwrap.dedent(match["body"])
        found.append(Block(str(page.relative_to(root)), line, language, body))
    return found


PAGES = sorted(DOCS.rglob("*.md"))
ALL_BLOCKS = [block for page in PAGES for block in blocks(page)]
RUNNABLE = {"python", "pycon", "json", "sh"}
RUNNABLE_PAGES = sorted({b.page for b in ALL_BLOCKS if b.language in RUNNABLE})


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    ignore = shutil.ignore_patterns(".*", "__pycache__", "*.egg-info", "node_modules")
    shutil.copytree(ROOT / "examples", tmp_path / "examples", ignore=ignore)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _is_doctest(body: str) -> bool:
    return any(line.lstrip().startswith(">>>") for line in body.splitlines())


def _run_python(block: Block, namespace: dict[str, Any]) -> None:
    if _is_doctest(block.body):
        test = doctest.DocTestParser().get_doctest(
            block.body, namespace, f"{block.page}:{block.line}", block.page, block.line - 1
        )
        report = io.StringIO()
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        result = runner.run(test, out=report.write, clear_globs=False)
        namespace.update(test.globs)  # DocTest works on a copy
        assert result.attempted > 0
        assert result.failed == 0, report.getvalue()
    else:
        assert block.language == "python", f"{block.page}:{block.line}: pycon without >>>"
        source = "\n" * (block.line - 1) + block.body
        exec(compile(source, f"docs/{block.page}", "exec"), namespace)


def _check_json(block: Block) -> None:
    try:
        document = json.loads(block.body)
    except json.JSONDecodeError as error:
        pytest.fail(f"{block.page}:{block.line}: not JSON ({error}); write it as text")
    if isinstance(document, dict) and document.get("schema") in LOADERS:
        LOADERS[document["schema"]](document)


def secinfo_commands(body: str) -> list[list[str]]:
    """The ``secinfo …`` commands of a shell sample (continuations joined, ``&&`` split)."""
    commands = []
    for line in body.replace("\\\n", " ").splitlines():
        for part in line.split("&&"):
            words = shlex.split(part, comments=True)
            if words and (words[0] == "secinfo" or words[0].endswith("/secinfo")):
                commands.append(words[1:])
    return commands


def _run_sh(block: Block, capsys: pytest.CaptureFixture[str]) -> None:
    for argv in secinfo_commands(block.body):
        try:
            code: object = cli.main(argv, out=io.StringIO())
        except SystemExit as stop:  # argparse refused the arguments
            code = stop.code
        err = capsys.readouterr().err
        assert code == 0, f"{block.page}:{block.line}: secinfo {shlex.join(argv)} → {code}\n{err}"


@pytest.mark.parametrize("page", RUNNABLE_PAGES)
def test_page_samples_run(page: str, scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, Any] = {"__name__": f"docs.{page}"}
    ran = 0
    for block in (b for b in ALL_BLOCKS if b.page == page):
        if block.language in {"python", "pycon"}:
            _run_python(block, namespace)
        elif block.language == "json":
            _check_json(block)
        elif block.language == "sh":
            _run_sh(block, capsys)
        else:
            continue
        ran += 1
    assert ran > 0


def test_every_block_declares_a_known_language() -> None:
    unknown = [
        f"{b.page}:{b.line}: {b.language or '(none)'}"
        for b in ALL_BLOCKS
        if b.language not in LANGUAGES
    ]
    assert unknown == []


def test_the_samples_are_found() -> None:
    # The collector itself: the pages that teach the API have runnable Python.
    python_pages = {b.page for b in ALL_BLOCKS if b.language in {"python", "pycon"}}
    assert {"index.md", "rules.md", "getting-started.md", "requirements.md"} <= python_pages
    assert {"cli.md", "getting-started.md"} <= {b.page for b in ALL_BLOCKS if b.language == "sh"}


def test_shell_commands_are_parsed() -> None:
    body = (
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/secinfo report \\\n"
        "    --policy examples/policy.json examples/users.jsonl  # the main job\n"
        "secinfo check-policy examples/policy.json\n"
    )
    assert secinfo_commands(body) == [
        ["report", "--policy", "examples/policy.json", "examples/users.jsonl"],
        ["check-policy", "examples/policy.json"],
    ]


def test_a_failing_sample_fails(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```python\nassert 1 == 2\n```\n\n```pycon\n>>> 1 + 1\n3\n\n```\n")
    python, pycon = blocks(page, tmp_path)
    with pytest.raises(AssertionError):
        _run_python(python, {})
    with pytest.raises(AssertionError, match="Expected"):
        _run_python(pycon, {})
