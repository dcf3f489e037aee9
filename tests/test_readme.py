"""The README's two set-up commands stay true: CI runs the test command verbatim, and the main
job's command points at files that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands() -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", (ROOT / "README.md").read_text(), re.DOTALL)


def test_exactly_two_set_up_commands() -> None:
    assert len(commands()) == 2


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    _, tests = commands()
    assert tests in (ROOT / ".ci" / "run").read_text().splitlines()


def test_main_job_uses_bundled_files() -> None:
    main_job, _ = commands()
    words = shlex.split(main_job)
    assert "report" in words
    for word in words:
        if word.startswith("examples/"):
            assert (ROOT / word).is_file(), word
