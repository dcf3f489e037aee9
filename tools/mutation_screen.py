"""Screen a reproducible sample of mutmut's mutants against a few fast test modules.

mutmut runs every test that reaches a mutated function; for ``requirements`` that is about 100 s
per surviving mutant on a shared two-core machine. This script takes every *step*-th mutant of a
module (by function, then number), activates each in turn in mutmut's own mutated copy
(``mutants/src``, ``MUTANT_UNDER_TEST``) and runs the given tests with ``-x`` in a forked child of
a warmed process. A mutant those tests kill is killed (they are a subset of mutmut's); each one
they do not kill is listed for a person to judge: a missing test, or equivalent. See
docs/mutation-testing.md.

Usage (from the project root, after ``mutmut run`` has generated ``mutants/``)::

    CI=true .venv/bin/python tools/mutation_screen.py secinfo.transitions 3 results.txt \\
        -- tests/test_transitions.py tests/scenarios/test_entra_2026.py

Each line of *results.txt*: mutant name, pytest's exit code (1 killed, 0 survived), seconds.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def sample(module: str, step: int) -> list[str]:
    """Every *step*-th mutant name of *module*, ordered by function and number."""
    meta = Path("mutants/src", *module.split(".")).with_suffix(".py.meta")
    names = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]

    def key(name: str) -> tuple[str, int]:
        function, number = name.rsplit("__mutmut_", 1)
        return function, int(number)

    return sorted(names, key=key)[::step]


def main(argv: list[str]) -> None:
    module, step, out = argv[0], int(argv[1]), Path(argv[2])
    tests = argv[argv.index("--") + 1 :]
    sys.path.insert(0, str(Path("mutants/src").resolve()))
    os.environ.setdefault("CI", "true")
    import pytest

    args = ["-q", "-n", "0", "-p", "no:cacheprovider", *tests]
    pytest.main(["--collect-only", "-qq", *args])  # warm: import secinfo and the tests once

    def run(name: str) -> int:
        pid = os.fork()
        if pid == 0:
            os.environ["MUTANT_UNDER_TEST"] = name
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os._exit(int(pytest.main(["-x", *args])))
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)

    # The tests must pass without a mutant (mutants/ is as old as the last `mutmut run`; tests
    # written since may expect newer code): otherwise every mutant would look killed.
    if run("") != 0:
        sys.exit("the tests fail without a mutant: run `mutmut run` again or deselect them")
    for name in sample(module, step):
        started = time.monotonic()
        code = run(name)
        with out.open("a", encoding="utf-8") as results:
            results.write(f"{name} {code} {time.monotonic() - started:.1f}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
