"""The ``secinfo`` command line (see docs/cli.md).

This is the only module that touches files, the terminal or the clock (for a missing
``--now``); it calls the pure core with everything as arguments.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from . import _graph_cli
from .checks import check_policy
from .documents import load_policy, load_session, load_user
from .errors import SecinfoError
from .evaluation import evaluate
from .policy import TenantPolicy
from .results import Evaluation, Severity

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
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    return EXIT_PROBLEMS if errors else EXIT_OK


# ---- report ------------------------------------------------------------------------------

_worker_policy: TenantPolicy | None = None
_worker_now: datetime | None = None
_CHUNK = 64


def _init_worker(policy: TenantPolicy, now: datetime) -> None:
    global _worker_policy, _worker_now  # per-process state of the CLI's worker pool
    _worker_policy, _worker_now = policy, now


def _evaluate_line(line: str, policy: TenantPolicy, now: datetime) -> Evaluation | str:
    """One JSONL line → its evaluation, or the reason the line is bad."""
    try:
        document = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as error:
        return f"not JSON: {error.msg if isinstance(error, json.JSONDecodeError) else error}"
    try:
        return evaluate(policy, load_user(document), now=now)
    except SecinfoError as error:
        return str(error)


def _evaluate_in_worker(line: str) -> Evaluation | str:
    if _worker_policy is None or _worker_now is None:  # pragma: no cover - set by the pool
        raise RuntimeError("the worker was not initialised")
    return _evaluate_line(line, _worker_policy, _worker_now)


def _lines(stream: Iterable[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield number, line


def _results(
    lines: Iterator[tuple[int, str]], policy: TenantPolicy, now: datetime, workers: int
) -> Iterator[tuple[int, Evaluation | str]]:
    if workers <= 1:
        for number, line in lines:
            yield number, _evaluate_line(line, policy, now)
        return
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(policy, now)
    ) as pool:
        while True:
            chunk = [item for _, item in zip(range(_CHUNK * workers), lines, strict=False)]
            if not chunk:
                return
            outcomes = pool.map(_evaluate_in_worker, [line for _, line in chunk], chunksize=_CHUNK)
            yield from zip((number for number, _ in chunk), outcomes, strict=True)


def _summary(tally: Counter[str], bad: int) -> str:
    rows = [("users evaluated", tally["users"]), ("lines skipped", bad)]
    rows += [
        (f"prompt: {key[7:]}", n) for key, n in sorted(tally.items()) if key.startswith("prompt:")
    ]
    rows += [("blocked", tally["blocked"]), ("review due", tally["review_due"])]
    rows += [
        (f"default: {key[8:]}", n) for key, n in sorted(tally.items()) if key.startswith("default:")
    ]
    rows += [
        (f"view gate: {key[5:]}", n) for key, n in sorted(tally.items()) if key.startswith("gate:")
    ]
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label:<{width}}  {count:>8}" for label, count in rows)


def _report(args: argparse.Namespace, out: TextIO) -> int:
    policy = load_policy(_read_json(args.policy, "policy"))
    now = _parse_now(args.now)
    if args.workers < 1:
        raise _Failure(f"--workers {args.workers} must be at least 1")
    try:
        source: TextIO = (
            sys.stdin if args.users == "-" else open(args.users, encoding="utf-8")  # noqa: SIM115
        )
    except OSError as error:
        raise _Failure(f"cannot read the users file {args.users!r}: {error.strerror}") from None
    try:
        target: TextIO = out if args.out is None else open(args.out, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        source.close()
        raise _Failure(f"cannot write {args.out!r}: {error.strerror}") from None
    tally: Counter[str] = Counter()
    bad = 0
    progress = sys.stderr.isatty()
    try:
        for number, outcome in _results(_lines(source), policy, now, args.workers):
            if isinstance(outcome, str):
                bad += 1
                print(f"secinfo report: line {number}: {outcome} (skipped)", file=sys.stderr)
                continue
            target.write(json.dumps(outcome.to_dict(), separators=(",", ":")) + "\n")
            tally["users"] += 1
            tally[f"prompt:{outcome.prompt.mode.value}"] += 1
            tally["blocked"] += outcome.prompt.blocked is not None
            tally["review_due"] += outcome.prompt.review_due
            tally[f"default:{outcome.default.source.value}"] += 1
            tally[f"gate:{outcome.step_up.outcome.value}"] += 1
            if progress and tally["users"] % 500 == 0:
                print(f"\r{tally['users']} users…", end="", file=sys.stderr, flush=True)
    finally:
        if source is not sys.stdin:
            source.close()
        if target is not out:
            target.close()
    if progress:
        print("\r", end="", file=sys.stderr)
    print(_summary(tally, bad), file=sys.stderr)
    return EXIT_PROBLEMS if bad else EXIT_OK


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
    report_cmd = commands.add_parser(
        "report",
        help="evaluate every user of a JSONL file: one JSON line each, a summary on stderr",
    )
    report_cmd.add_argument("--policy", required=True, help="policy document (JSON)")
    report_cmd.add_argument("users", help="user documents, one per line (JSONL); - for stdin")
    report_cmd.add_argument("--now", help="RFC 3339 time with offset; default: the clock")
    report_cmd.add_argument("--out", help="write the JSON lines here instead of stdout")
    report_cmd.add_argument(
        "--workers", type=int, default=1, help="processes evaluating in parallel (default 1)"
    )
    report_cmd.set_defaults(handler=_report)
    check_cmd = commands.add_parser(
        "check-policy", help="report policy contradictions; exit 1 if there are any"
    )
    check_cmd.add_argument("policy", help="policy document (JSON)")
    check_cmd.set_defaults(handler=_check_policy)
    _graph_cli.add_command(commands)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code:
    0 on success, 1 when ``check-policy`` found problems or ``report`` skipped a bad line, 2 on
    bad input. Results go to *out*
    (default: standard output), errors to standard error."""
    args = _parser().parse_args(argv)
    stream = sys.stdout if out is None else out
    try:
        code: int = args.handler(args, stream)
    except (_Failure, SecinfoError) as error:
        print(f"secinfo {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
