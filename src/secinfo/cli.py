"""The ``secinfo`` command line (DESIGN.md §4.3).

This is the only module that touches files, the terminal or the clock (for a missing
``--now``); it calls the pure core with everything as arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from .checks import check_policy
from .documents import load_policy, load_session, load_user
from .errors import SecinfoError
from .evaluation import evaluate

__all__ = ["main"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class _Failure(Exception):
    """A command-line failure: printed to stderr, exit code 2."""


def _read_json(path: str, what: str) -> Any:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise _Failure(f"cannot read the {what} file {path!r}: {error.strerror}") from None
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise _Failure(f"the {what} file {path!r} is not JSON: {error}") from None


def _parse_now(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise _Failure(f"--now {text!r} is not an RFC 3339 time") from None
    if value.tzinfo is None:
        raise _Failure(f"--now {text!r} has no time zone offset")
    return value


def _evaluate(args: argparse.Namespace, out: TextIO) -> int:
    policy = load_policy(_read_json(args.policy, "policy"))
    user = load_user(_read_json(args.user, "user"))
    session = None if args.session is None else load_session(_read_json(args.session, "session"))
    result = evaluate(policy, user, now=_parse_now(args.now), session=session)
    json.dump(result.to_dict(), out, indent=2)
    out.write("\n")
    return EXIT_OK


def _check_policy(args: argparse.Namespace, out: TextIO) -> int:
    policy = load_policy(_read_json(args.policy, "policy"))
    problems = check_policy(policy)
    json.dump([problem.to_dict() for problem in problems], out, indent=2)
    out.write("\n")
    return EXIT_PROBLEMS if problems else EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="secinfo",
        description="What an MFA/SSPR policy asks of a user at the security-info step.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate_cmd = commands.add_parser(
        "evaluate", help="evaluate one user: usable methods, prompt, default and view gate"
    )
    evaluate_cmd.add_argument("--policy", required=True, help="policy document (JSON)")
    evaluate_cmd.add_argument("--user", required=True, help="user document (JSON)")
    evaluate_cmd.add_argument("--session", help="session document (JSON); default: none")
    evaluate_cmd.add_argument("--now", help="RFC 3339 time with offset; default: the clock")
    evaluate_cmd.set_defaults(handler=_evaluate)
    check_cmd = commands.add_parser(
        "check-policy", help="report policy contradictions; exit 1 if there are any"
    )
    check_cmd.add_argument("policy", help="policy document (JSON)")
    check_cmd.set_defaults(handler=_check_policy)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code:
    0 on success, 1 when ``check-policy`` found problems, 2 on bad input. Results go to *out*
    (default: standard output), errors to standard error."""
    args = _parser().parse_args(argv)
    stream = sys.stdout if out is None else out
    try:
        code: int = args.handler(args, stream)
    except (_Failure, SecinfoError) as error:
        print(f"secinfo {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
