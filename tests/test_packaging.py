"""Packaging: the license, the metadata (classifiers for every supported Python, project URLs),
``secinfo.__version__``, the example tenant inside the package, and a README that also reads
right on the package index (no links that only resolve in a checkout)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

import secinfo
from secinfo import examples

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]


def test_license_file_is_mit_as_declared() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 secinfo developers" in text
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]


def test_classifiers_name_every_supported_python() -> None:
    minimum = int(re.fullmatch(r">=3\.(\d+)", PROJECT["requires-python"]).group(1))  # type: ignore[union-attr]
    versions = {
        int(match.group(1))
        for classifier in PROJECT["classifiers"]
        if (match := re.fullmatch(r"Programming Language :: Python :: 3\.(\d+)", classifier))
    }
    assert min(versions) == minimum
    assert versions == set(range(minimum, max(versions) + 1))
    assert max(versions) >= 13
    assert "Typing :: Typed" in PROJECT["classifiers"]
    assert PYPROJECT["tool"]["mypy"]["python_version"] == f"3.{minimum}"


def test_project_urls() -> None:
    urls = PROJECT["urls"]
    assert set(urls) == {"Documentation", "Changelog", "Source"}
    assert all(url.startswith("https://") for url in urls.values())


def test_version_comes_from_the_package_metadata() -> None:
    assert secinfo.__version__ == metadata.version("secinfo") == PROJECT["version"]


def test_extras() -> None:
    extras = PROJECT["optional-dependencies"]
    assert extras["testing"] == ["hypothesis>=6.100"]
    assert any(item.startswith("jsonschema") for item in extras["test"])
    entry_points = PROJECT["entry-points"]["hypothesis"]
    assert entry_points == {"_": "secinfo.testing:_hypothesis_setup_hook"}


def _repository_examples() -> set[str]:
    found = {p.name for p in (ROOT / "examples").glob("*.json*")}
    return found | {f"users/{p.name}" for p in (ROOT / "examples" / "users").glob("*.json")}


def test_the_package_ships_the_example_tenant_unchanged() -> None:
    assert set(examples.NAMES) == _repository_examples()
    for name in examples.NAMES:
        shipped = examples.files().joinpath(*name.split("/")).read_bytes()
        assert shipped == (ROOT / "examples" / name).read_bytes(), (
            f"src/secinfo/examples/{name} differs from examples/{name}: copy it over"
        )


def test_copy_to_writes_the_examples_and_never_overwrites(tmp_path: Path) -> None:
    written = examples.copy_to(tmp_path / "examples")
    assert sorted(str(p.relative_to(tmp_path / "examples")) for p in written) == sorted(
        examples.NAMES
    )
    assert (tmp_path / "examples" / "users" / "u2.json").read_bytes() == (
        ROOT / "examples" / "users" / "u2.json"
    ).read_bytes()
    (tmp_path / "examples" / "policy.json").write_text("mine")
    with pytest.raises(FileExistsError, match=r"policy\.json"):
        examples.copy_to(tmp_path / "examples")
    assert (tmp_path / "examples" / "policy.json").read_text() == "mine"


def test_python_m_secinfo_examples_then_the_readme_report_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from secinfo import cli

    monkeypatch.chdir(tmp_path)
    assert examples.main([]) == 0
    assert examples.main([]) == 1  # the files are there now
    assert "not overwriting" in capsys.readouterr().err
    assert examples.main(["--help"]) == 2
    argv = ["report", "--policy", "examples/policy.json", "examples/users.jsonl"]
    assert cli.main([*argv, "--now", "2026-11-25T12:00:00Z"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len((ROOT / "examples" / "users.jsonl").read_text().splitlines())


def test_readme_has_no_links_that_only_work_in_a_checkout() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)]+)\)", readme)
    assert all(re.match(r"https?://", target) for target in targets), targets
    assert "python -m secinfo.examples" in readme
