"""The documentation site stays true to the code and stands on its own.

- it cites the project's own rules page, never a design file that does not ship;
- the rules page has every anchor the code and the pages link to;
- the tables that restate code (methods, audit activities, known issues and their tests) match
  the code;
- every public module has an API page, every page is in the navigation, and the docs build's
  own code lives outside ``docs/``;
- the output shown on "Getting started" is what the command prints;
- the docstring markup rewriting of the docs build leaves no raw reST role behind.

(The docs build itself — ``mkdocs build --strict`` — runs in ``.ci/run``; these checks need no
docs extra.)
"""

from __future__ import annotations

import doctest
import importlib.util
import io
import json
import pkgutil
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

import secinfo
from secinfo import Activity, Method, Purpose, cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "secinfo"
PAGES = sorted(DOCS.rglob("*.md"))

# Files that exist only beside the project (its design notes and research), never in it.
NOT_SHIPPED = re.compile(
    r"DESIGN\.md|DESIGN §|entra-rules|entra-2026|security-anchors|failures\.md|peers\.md"
    r"|graph-schemas|converged-registration\.md"
)
SECTION_SIGN = re.compile(r"(?<!RFC \d{4} )§")  # "RFC 6238 §5.2" cites the RFC, not the design

REQUIRED_ANCHORS = {
    *(f"r{n}" for n in range(1, 24)),
    *(f"invariant-{n}" for n in range(1, 12)),
    "one-predicate",
    "counting",
    "documents",
}
ANCHOR = re.compile(r"\{#([a-z0-9-]+)\}")
RULES_LINK = re.compile(r"rules\.md#([a-z0-9-]+)")


def offending_lines(
    paths: list[Path], root: Path = ROOT, *, section_signs: bool = True
) -> list[str]:
    """``path:line: text`` for every line that cites a file that does not ship (and, with
    *section_signs*, a ``§`` that is not an RFC's: the design's sections had them)."""
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if NOT_SHIPPED.search(line) or (section_signs and SECTION_SIGN.search(line)):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_docs_cite_no_design_file() -> None:
    """docs/ (and the changelog the site includes) link to rules.md, not to DESIGN.md."""
    assert offending_lines([*PAGES, ROOT / "CHANGELOG.md", ROOT / "mkdocs.yml"]) == []


def test_src_cites_no_design_file() -> None:
    """Docstrings and comments in the package link to the rules page, never to DESIGN.md or
    reference notes that do not ship."""
    assert offending_lines(sorted(SRC.rglob("*.py")), section_signs=False) == []


def test_the_check_finds_design_references(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("see DESIGN.md R10\nRFC 6238 §5.2 is fine\nbut §3 is not\n", encoding="utf-8")
    assert offending_lines([page], tmp_path) == [
        "page.md:1: see DESIGN.md R10",
        "page.md:3: but §3 is not",
    ]


def rules_anchors() -> set[str]:
    return set(ANCHOR.findall((DOCS / "rules.md").read_text(encoding="utf-8")))


def test_rules_page_has_every_stable_anchor() -> None:
    assert rules_anchors() >= REQUIRED_ANCHORS


def test_every_link_to_the_rules_page_names_an_existing_anchor() -> None:
    """Pages and docstrings link to ``rules.md#…``; a renamed anchor would break them."""
    anchors = rules_anchors()
    sources = [*PAGES, *SRC.rglob("*.py")]
    broken = [
        f"{path.relative_to(ROOT)}: #{anchor}"
        for path in sources
        for anchor in RULES_LINK.findall(path.read_text(encoding="utf-8"))
        if anchor not in anchors
    ]
    assert broken == []


def test_rules_r16_to_r23_name_their_entra_source() -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    for number in range(16, 24):
        section = text.split(f"{{#r{number}}}", 1)[1].split("\n## ", 1)[0]
        assert "Source: Microsoft Entra documentation, [" in section, f"R{number}"
        assert "https://learn.microsoft.com/entra/" in section, f"R{number}"


# ---- tables that restate the code ----------------------------------------------------------


def table_rows(text: str, header: str) -> list[list[str]]:
    """The rows of the Markdown table whose header line starts with *header*."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip().strip("`") for cell in line.strip("|").split("|")])
    return rows


def test_concepts_method_table_matches_the_code() -> None:
    rows = table_rows((DOCS / "concepts.md").read_text(encoding="utf-8"), "| Method |")
    table = {row[0]: (row[2], row[3], int(row[4])) for row in rows}
    code = {
        m.value: (
            "yes" if m.capable(Purpose.MFA) else "no",
            "yes" if m.capable(Purpose.SSPR) else "no",
            m.rank,
        )
        for m in Method
    }
    assert table == code


def test_audit_activities_table_matches_the_enum() -> None:
    rows = table_rows(
        (DOCS / "reference" / "activities.md").read_text(encoding="utf-8"), "| activity |"
    )
    assert [row[0] for row in rows] == [activity.value for activity in Activity]


KNOWN_ISSUES = (DOCS / "known-issues.md").read_text(encoding="utf-8")
TEST_REFERENCE = re.compile(r"`(tests/[\w/]+\.py)(?:::(\w+))?`")


def test_known_issues_page_has_every_failure() -> None:
    anchors = set(ANCHOR.findall(KNOWN_ISSUES))
    assert {f"f{n:02d}" for n in range(1, 20)} <= anchors


@pytest.mark.parametrize("number", range(1, 20))
def test_known_issue_names_tests_that_exist(number: int) -> None:
    section = KNOWN_ISSUES.split(f"{{#f{number:02d}}}", 1)[1].split("\n## ", 1)[0]
    references = TEST_REFERENCE.findall(section)
    names = [name for _, name in references if name]
    assert any(name.startswith(f"test_F{number:02d}_") for name in names)
    for path, name in references:
        source = (ROOT / path).read_text(encoding="utf-8")
        if name:
            assert re.search(rf"def {name}\(", source), f"{path}::{name}"


def test_every_failure_test_is_on_the_known_issues_page() -> None:
    named = {
        name
        for path in (ROOT / "tests").rglob("*.py")
        for name in re.findall(r"def (test_F\d\d_\w+)\(", path.read_text(encoding="utf-8"))
    }
    assert named
    assert {name for name in named if name not in KNOWN_ISSUES} == set()


# ---- site structure ------------------------------------------------------------------------

MKDOCS = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
NAV = set(re.findall(r"([\w/.-]+\.md)\s*$", MKDOCS.split("\nnav:", 1)[1], re.MULTILINE))


def public_modules() -> set[str]:
    return {
        info.name
        for info in pkgutil.iter_modules(secinfo.__path__)
        if not info.name.startswith("_")
    }


def test_every_public_module_has_an_api_page_in_the_nav() -> None:
    api = DOCS / "reference" / "api"
    pages = {path.stem for path in api.glob("*.md")} - {"index"}
    assert pages == public_modules()
    for name in pages:
        assert f"::: secinfo.{name}\n" in (api / f"{name}.md").read_text(encoding="utf-8")
        assert f"reference/api/{name}.md" in NAV


def test_every_page_is_in_the_nav_and_every_nav_entry_exists() -> None:
    pages = {str(path.relative_to(DOCS)) for path in PAGES}
    assert pages == NAV


def test_the_docs_build_code_is_not_published() -> None:
    """Only Markdown is under docs/; the build's own code lives in mkdocs_ext/."""
    assert sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*") if p.suffix == ".py") == []
    assert "mkdocs_ext/griffe_docstrings.py:DocstringMarkup" in MKDOCS


def test_the_changelog_is_in_the_site() -> None:
    assert (DOCS / "changelog.md").read_text(encoding="utf-8").strip() == '--8<-- "CHANGELOG.md"'


# ---- output shown on the pages ---------------------------------------------------------------


def test_getting_started_shows_the_real_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    summary = text.split("```text\n", 1)[1].split("```", 1)[0]
    first_line = json.loads(text.split("```json\n", 1)[1].split("```", 1)[0])
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    argv = ["report", "--policy", "examples/policy.json", "examples/users.jsonl"]
    assert cli.main([*argv, "--now", "2026-11-25T12:00:00Z"], out=out) == 0
    assert capsys.readouterr().err == summary
    assert json.loads(out.getvalue().splitlines()[0]) == first_line


# ---- the docs build's docstring rewriting ----------------------------------------------------


def markup() -> ModuleType:
    name = "secinfo_docstring_markup"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, ROOT / "mkdocs_ext" / "docstring_markup.py"
        )
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_markup_examples() -> None:
    result = doctest.testmod(markup())
    assert result.attempted > 0
    assert result.failed == 0


ANY_ROLE = re.compile(r":[a-z:]+:`")


def test_every_role_in_the_source_is_rewritten() -> None:
    """Whatever role a docstring uses, the site shows a link or code, never ``:class:`X```."""
    convert = markup().convert_roles
    sources = list(SRC.rglob("*.py"))
    assert any(ANY_ROLE.search(path.read_text(encoding="utf-8")) for path in sources)
    for path in sources:
        for resolve in (lambda target: None, lambda target: f"secinfo.{target}"):
            left = ANY_ROLE.findall(convert(path.read_text(encoding="utf-8"), resolve))
            assert left == [], path


def test_roles_become_links_or_code() -> None:
    convert = markup().convert_roles
    text = "A :class:`~secinfo.errors.InvalidDocument` from :func:`json.load`, :mod:`secinfo`."
    linked = {"secinfo.errors.InvalidDocument", "secinfo"}
    assert convert(text, lambda t: t if t in linked else None) == (
        "A [`InvalidDocument`][secinfo.errors.InvalidDocument] from `json.load`, "
        "[`secinfo`][secinfo]."
    )
