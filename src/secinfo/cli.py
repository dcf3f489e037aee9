"""The ``secinfo`` command line (docs/cli.md).

This is the only module that touches files, the terminal, signals or the clock (for a missing
``--now``); it calls the pure core with everything as arguments. Exit codes: :data:`EXIT_OK`,
:data:`EXIT_PROBLEMS`, :data:`EXIT_USAGE`, :data:`EXIT_WRITE`, :data:`EXIT_INTERRUPTED`.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import stat
import sys
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO, TextIO, TypeVar, cast

from . import _graph_cli, _pipeline, _terminal
from ._reader import time as read_time
from ._report import EvaluateJob, ImpactJob
from .checks import check_policy
from .documents import load_policy, load_session, load_user
from .errors import SecinfoError
from .evaluation import evaluate
from .impact import ordered_summary
from .results import Severity

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_TERMINATED",
    "EXIT_USAGE",
    "EXIT_WRITE",
    "main",
]

EXIT_OK = 0
"""Success."""
EXIT_PROBLEMS = 1
"""``check-policy`` found problems, or ``report``/``impact`` skipped input (bad lines)."""
EXIT_USAGE = 2
"""Bad usage or bad input: a file that cannot be read, is not JSON or not a valid document."""
EXIT_WRITE = 3
"""The output could not be written (disk full, ``/dev/full``, permission denied)."""
EXIT_INTERRUPTED = 130
"""Interrupted with Ctrl-C (SIGINT)."""
EXIT_TERMINATED = 143
"""Stopped by SIGTERM (``kill``): the worker processes are stopped too."""

T = TypeVar("T")


class _Failure(Exception):
    """A command-line failure: one line on stderr, exit code :data:`EXIT_USAGE`."""


class _Terminated(Exception):
    """SIGTERM arrived: unwind (stopping the workers) and exit :data:`EXIT_TERMINATED`."""


def _on_sigterm(_signal: int, _frame: object) -> None:
    raise _Terminated


class _WriteFailure(Exception):
    """The output could not be written: one line on stderr, exit code :data:`EXIT_WRITE`."""


def _version() -> str:
    try:
        return metadata.version("secinfo")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


def _read_json(path: str, what: str) -> Any:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise _Failure(f"cannot read the {what} file {path!r}: {error.strerror}") from None
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise _Failure(
            f"{path}: the {what} file is not UTF-8 text (byte {error.start + 1})"
        ) from None
    except json.JSONDecodeError as error:
        raise _Failure(f"{path}: the {what} file is not JSON: {error}") from None
    except (ValueError, RecursionError):
        raise _Failure(f"{path}: the {what} file is not JSON (too deep or a huge number)") from None


def _load(path: str, what: str, loader: Callable[[Any], T]) -> T:
    """Read and load a document; every error names the file."""
    document = _read_json(path, what)
    try:
        return loader(document)
    except SecinfoError as error:
        raise _Failure(f"{path}: {error}") from None


def _parse_time(text: str | None, option: str) -> datetime:
    """*text* read by the documents' rule (RFC 3339 with an offset); ``None``: the clock."""
    if text is None:
        return datetime.now(UTC)
    try:
        return read_time(text, option)
    except SecinfoError as error:
        raise _Failure(str(error)) from None


def _write_text(out: TextIO, text: str) -> None:
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise _WriteFailure(_describe_write(out, error)) from None


def _describe_write(out: object, error: OSError) -> str:
    name = getattr(out, "name", None)
    where = "standard output" if name in (None, "<stdout>", 1) else repr(name)
    return f"cannot write {where}: {error.strerror or error}"


def _evaluate(args: argparse.Namespace, out: TextIO) -> int:
    policy = _load(args.policy, "policy", load_policy)
    user = _load(args.user, "user", load_user)
    session = None if args.session is None else _load(args.session, "session", load_session)
    result = evaluate(policy, user, now=_parse_time(args.now, "--now"), session=session)
    _write_text(out, json.dumps(result.to_dict(), indent=2) + "\n")
    return EXIT_OK


def _check_policy(args: argparse.Namespace, out: TextIO) -> int:
    policy = _load(args.policy, "policy", load_policy)
    problems = check_policy(policy)
    _write_text(out, json.dumps([problem.to_dict() for problem in problems], indent=2) + "\n")
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    return EXIT_PROBLEMS if errors else EXIT_OK


# ---- report and impact -------------------------------------------------------------------


class _Sink:
    """The output of a run: bytes to a file, to standard output's buffer, or to a text stream."""

    def __init__(self, out: TextIO, path: str | None) -> None:
        self.text: TextIO | None = None
        self.binary: BinaryIO | None = None
        self.path = path
        if path is not None:
            try:
                self.binary = open(path, "wb")  # noqa: SIM115 - closed in close()
            except OSError as error:
                raise _WriteFailure(f"cannot write {path!r}: {error.strerror}") from None
            self.name: object = path
        elif hasattr(out, "buffer"):
            out.flush()
            self.binary, self.name = out.buffer, getattr(out, "name", None)
        else:
            self.text, self.name = out, getattr(out, "name", None)

    def write(self, data: bytes) -> None:
        try:
            if self.binary is not None:
                self.binary.write(data)
            elif self.text is not None:
                self.text.write(data.decode("utf-8"))
        except BrokenPipeError:
            raise
        except OSError as error:
            raise _WriteFailure(_describe_write(self, error)) from None

    def close(self) -> None:
        try:
            if self.binary is not None:
                if self.path is not None:
                    self.binary.close()
                else:
                    self.binary.flush()
            elif self.text is not None:
                self.text.flush()
        except OSError as error:
            raise _WriteFailure(_describe_write(self, error)) from None


def _same_file(a: str, b: str) -> bool:
    """Whether *a* is an existing regular file that *b* also names (``/dev/null`` may be both)."""
    try:
        return stat.S_ISREG(os.stat(a).st_mode) and os.path.samefile(a, b)
    except OSError:
        return False


def _refuse_overwrite(args: argparse.Namespace, inputs: Sequence[str | None]) -> None:
    """``--out`` and ``--summary`` may not name an input (under any name) or each other."""
    targets = [("--out", args.out), ("--summary", args.summary)]
    for option, target in targets:
        if target is None:
            continue
        for path in [*inputs, *(other for name, other in targets if name != option)]:
            if path is not None and path != "-" and _same_file(target, path):
                raise _Failure(
                    f"{option} {target!r} is the file {path!r} already in use; "
                    "refusing to overwrite it"
                )


class _EncodedText:
    """A text stream read as UTF-8 bytes (standard input replaced by a text-only stream)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def read1(self, size: int = -1) -> bytes:
        return self.stream.read(size).encode("utf-8", "surrogateescape")


def _stdin_bytes() -> BinaryIO:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return cast(BinaryIO, buffer)
    return cast(BinaryIO, _EncodedText(sys.stdin))


def _count_lines(path: str) -> int | None:
    """The number of lines of a regular file (for the progress bar's total); ``None`` for
    anything else (a pipe or a process substitution must be read only once)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with open(path, "rb") as stream:
            count, last = 0, b"\n"
            while piece := stream.read(1 << 20):
                count += piece.count(b"\n")
                last = piece[-1:]
            return count + (last != b"\n")
    except OSError:
        return None


def _run(
    args: argparse.Namespace,
    out: TextIO,
    job: _pipeline.Job,
    command: str,
    inputs: Sequence[str | None],
) -> tuple[Counter[str], int]:
    """Stream the users file through *job*; return the summed counts and the skipped lines."""
    if args.workers < 1:
        raise _Failure(f"--workers {args.workers} must be at least 1")
    _refuse_overwrite(args, inputs)
    stdin = args.users == "-"
    try:
        source: BinaryIO = _stdin_bytes() if stdin else open(args.users, "rb")  # noqa: SIM115
    except OSError as error:
        raise _Failure(f"cannot read the users file {args.users!r}: {error.strerror}") from None
    where = f"secinfo {command}: {'<stdin>' if stdin else args.users}"
    counts: Counter[str] = Counter()
    skipped = 0
    try:
        sink = _Sink(out, args.out)
        total = None if stdin or not sys.stderr.isatty() else _count_lines(args.users)
        with _terminal.progress(sys.stderr, total, label=command) as display:
            try:
                for result in _pipeline.run(job, _pipeline.blocks(source), workers=args.workers):
                    sink.write(result.data)
                    counts.update(result.counts)
                    for number, message in result.errors:
                        skipped += 1
                        display.warn(f"{where}: line {number}: {message} (skipped)")
                    display.advance(result.lines, result.counts["users"])
            except _pipeline.BinaryInput as error:
                skipped += 1
                byte = error.args[0] + 1
                display.warn(f"{where}: a binary file (NUL byte at byte {byte}), not JSON Lines")
        sink.close()
    finally:
        if not stdin:
            source.close()
    return counts, skipped


def _summary(
    args: argparse.Namespace, title: str, rows: list[tuple[str, int]], data: dict[str, int]
) -> None:
    target: TextIO = sys.stderr
    handle = None
    if args.summary is not None:
        try:
            handle = open(args.summary, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as error:
            raise _WriteFailure(f"cannot write {args.summary!r}: {error.strerror}") from None
        target = handle
    try:
        if args.format == "json":
            target.write(json.dumps(data) + "\n")
        else:
            _terminal.table(target, title, rows)
        target.flush()
    except OSError as error:
        raise _WriteFailure(_describe_write(target, error)) from None
    finally:
        if handle is not None:
            handle.close()


def _report(args: argparse.Namespace, out: TextIO) -> int:
    policy = _load(args.policy, "policy", load_policy)
    now = _parse_time(args.now, "--now")
    counts, skipped = _run(args, out, EvaluateJob(policy, now), "report", [args.policy, args.users])
    rows = [("users evaluated", counts["users"]), ("lines skipped", skipped)]
    rows += sorted((k, n) for k, n in counts.items() if k.startswith("prompt: "))
    rows += [("blocked", counts["blocked"]), ("review due", counts["review due"])]
    rows += sorted((k, n) for k, n in counts.items() if k.startswith("default: "))
    rows += sorted((k, n) for k, n in counts.items() if k.startswith("view gate: "))
    data = dict(rows)
    _summary(args, "secinfo report", rows, data)
    return EXIT_PROBLEMS if skipped else EXIT_OK


_IMPACT_LABELS = {
    "users": "users compared",
    "affected": "users affected",
    "mfa_lost": "lost an MFA method",
    "mfa_gained": "gained an MFA method",
    "sspr_lost": "lost an SSPR method",
    "sspr_gained": "gained an SSPR method",
    "newly_interrupted": "newly interrupted",
    "no_longer_interrupted": "no longer interrupted",
    "newly_blocked": "NEWLY BLOCKED (needs an administrator)",
    "unblocked": "no longer blocked",
    "default_moved": "default moved",
    "step_up_impossible": "step-up became impossible",
    "nudge_started": "nudge started",
    "nudge_stopped": "nudge stopped",
}


_IMPACT_PREFIXES = {
    "mfa_lost": "lost for MFA",
    "mfa_gained": "gained for MFA",
    "sspr_lost": "lost for SSPR",
    "sspr_gained": "gained for SSPR",
    "event": "event",
}


def _impact_label(key: str) -> str:
    prefix, _, rest = key.partition(":")
    if rest:
        return f"{_IMPACT_PREFIXES.get(prefix, prefix)}: {rest}"
    return _IMPACT_LABELS.get(key, key)


def _impact(args: argparse.Namespace, out: TextIO) -> int:
    if args.new_policy is None and args.at is None:
        raise _Failure("give --new-policy, --at or both: nothing would change")
    old = _load(args.policy, "policy", load_policy)
    new = old if args.new_policy is None else _load(args.new_policy, "new policy", load_policy)
    now = _parse_time(args.now, "--now")
    at = None if args.at is None else _parse_time(args.at, "--at")
    job = ImpactJob(old, new, now, at, everyone=args.all)
    counts, skipped = _run(args, out, job, "impact", [args.policy, args.new_policy, args.users])
    summary = ordered_summary(counts)
    rows = [(_impact_label(key), n) for key, n in summary.items()]
    rows.insert(1, ("lines skipped", skipped))
    data = {"skipped": skipped, **summary}
    _summary(args, "secinfo impact", rows, data)
    return EXIT_PROBLEMS if skipped else EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="secinfo",
        description="What an MFA/SSPR policy asks of a user at the security-info step.",
    )
    parser.add_argument("--version", action="version", version=f"secinfo {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate_cmd = commands.add_parser(
        "evaluate", help="evaluate one user: usable methods, prompt, default and view gate"
    )
    evaluate_cmd.add_argument("--policy", required=True, help="policy document (JSON)")
    evaluate_cmd.add_argument("--user", required=True, help="user document (JSON)")
    evaluate_cmd.add_argument("--session", help="session document (JSON); default: none")
    evaluate_cmd.add_argument("--now", help="RFC 3339 time with offset; default: the clock")
    evaluate_cmd.set_defaults(handler=_evaluate)

    def run_options(command: argparse.ArgumentParser) -> None:
        command.add_argument("users", help="user documents, one per line (JSONL); - for stdin")
        command.add_argument("--now", help="RFC 3339 time with offset; default: the clock")
        command.add_argument("--out", help="write the JSON lines here instead of stdout")
        command.add_argument(
            "--workers", type=int, default=1, help="processes evaluating in parallel (default 1)"
        )
        command.add_argument(
            "--format",
            choices=("table", "json"),
            default="table",
            help="the summary as a table (default) or one JSON object",
        )
        command.add_argument("--summary", help="write the summary here instead of stderr")

    report_cmd = commands.add_parser(
        "report",
        help="evaluate every user of a JSONL file: one JSON line each, a summary on stderr",
    )
    report_cmd.add_argument("--policy", required=True, help="policy document (JSON)")
    run_options(report_cmd)
    report_cmd.set_defaults(handler=_report)
    impact_cmd = commands.add_parser(
        "impact",
        help="what a policy change (or time) does to every user: one JSON line per affected user",
    )
    impact_cmd.add_argument("--policy", required=True, help="the policy in force (JSON)")
    impact_cmd.add_argument("--new-policy", help="the policy to compare with (default: the same)")
    impact_cmd.add_argument("--at", help="evaluate the new side at this time (default: --now)")
    impact_cmd.add_argument(
        "--all", action="store_true", help="write a line for every user, affected or not"
    )
    run_options(impact_cmd)
    impact_cmd.set_defaults(handler=_impact)
    check_cmd = commands.add_parser(
        "check-policy", help="report policy contradictions; exit 1 if there are any"
    )
    check_cmd.add_argument("policy", help="policy document (JSON)")
    check_cmd.set_defaults(handler=_check_policy)
    _graph_cli.add_command(commands)
    return parser


def _silence_stdout() -> None:
    """Point standard output at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no real stdout
        pass


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code
    (docs/cli.md): 0 success; 1 problems found or lines skipped; 2 bad usage or input; 3 the
    output could not be written; 130 interrupted (Ctrl-C); 143 terminated (SIGTERM). Results
    go to *out* (default: standard output), messages to standard error."""
    args = _parser().parse_args(argv)
    stream = sys.stdout if out is None else out
    prefix = f"secinfo {args.command}"
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        code: int = args.handler(args, stream)
    except (_Failure, SecinfoError) as error:
        print(f"{prefix}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        _silence_stdout()
        return EXIT_OK
    except _WriteFailure as error:
        print(f"{prefix}: {error}", file=sys.stderr)
        if out is None:
            _silence_stdout()
        return EXIT_WRITE
    except KeyboardInterrupt:
        print(f"{prefix}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _Terminated:
        print(f"{prefix}: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return code
