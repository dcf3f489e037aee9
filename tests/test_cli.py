"""The secinfo command line."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import select
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from secinfo import _jsonl, _pipeline, _report, _terminal
from secinfo.cli import EXIT_INTERRUPTED, EXIT_WRITE, main

from ._synth import generated_users

ROOT = Path(__file__).resolve().parent.parent
POLICY = str(ROOT / "examples" / "policy.json")
USER = str(ROOT / "examples" / "users" / "u1.json")
SESSION = str(ROOT / "examples" / "session.json")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_evaluate_the_example_user() -> None:
    code, out = run("evaluate", "--policy", POLICY, "--user", USER, "--now", "2026-11-25T12:00:00Z")
    assert code == 0
    data = json.loads(out)
    assert data["user_id"] == "u1"
    assert data["prompt"]["mode"] == "interrupt"
    assert data["step_up"]["outcome"] == "step_up"


def test_evaluate_with_a_session() -> None:
    code, out = run(
        "evaluate",
        "--policy",
        POLICY,
        "--user",
        USER,
        "--session",
        SESSION,
        "--now",
        "2026-11-25T12:00:00+00:00",
    )
    assert code == 0
    assert json.loads(out)["step_up"]["outcome"] == "allow"


@pytest.mark.parametrize("now", ["yesterday", "2026-11-25T12:00:00"])
def test_bad_now(now: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("evaluate", "--policy", POLICY, "--user", USER, "--now", now)
    assert code == 2
    assert "--now" in capsys.readouterr().err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("evaluate", "--policy", str(tmp_path / "nope.json"), "--user", USER)
    assert code == 2
    assert "cannot read the policy file" in capsys.readouterr().err


def test_invalid_document_names_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user = json.loads(Path(USER).read_text())
    user["registrations"][0]["notifications"] = "yes"
    bad = tmp_path / "user.json"
    bad.write_text(json.dumps(user))
    code, _ = run(
        "evaluate", "--policy", POLICY, "--user", str(bad), "--now", "2026-11-25T12:00:00Z"
    )
    assert code == 2
    assert "registrations.0.notifications" in capsys.readouterr().err


def test_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "policy.json"
    bad.write_text("{")
    code, _ = run("check-policy", str(bad))
    assert code == 2
    assert "not JSON" in capsys.readouterr().err


def test_check_policy_exit_codes(tmp_path: Path) -> None:
    code, out = run("check-policy", POLICY)
    assert (code, json.loads(out)) == (0, [])
    policy = json.loads(Path(POLICY).read_text())
    policy["methods"] = {"email": {"sspr": True}}
    bad = tmp_path / "policy.json"
    bad.write_text(json.dumps(policy))
    code, out = run("check-policy", str(bad))
    assert code == 1
    assert {p["code"] for p in json.loads(out)} == {
        "mfa_no_interrupt_method",
        "sspr_methods_required_unreachable",
    }


USERS = str(ROOT / "examples" / "users.jsonl")
NOW = "2026-11-25T12:00:00Z"


def test_report_the_example_tenant(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run("report", "--policy", POLICY, USERS, "--now", NOW)
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    expected_ids = [json.loads(line)["user_id"] for line in Path(USERS).read_text().splitlines()]
    assert [line["user_id"] for line in lines] == expected_ids
    assert lines[0]["prompt"]["mode"] == "interrupt"
    summary = capsys.readouterr().err
    assert (
        f"users evaluated {len(expected_ids):>12}" in " ".join(summary.split("  "))
        or str(len(expected_ids)) in summary
    )
    assert "lines skipped" in summary
    assert "prompt: interrupt" in summary


def test_report_skips_bad_lines_with_their_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = Path(USERS).read_text().splitlines()
    users = tmp_path / "users.jsonl"
    users.write_text("\n".join([good[0], "{not json", "", '{"schema": "secinfo/user/1"}', good[1]]))
    out = tmp_path / "out.jsonl"
    code, printed = run("report", "--policy", POLICY, str(users), "--now", NOW, "--out", str(out))
    assert code == 1
    assert printed == ""
    assert [json.loads(line)["user_id"] for line in out.read_text().splitlines()] == ["u1", "u2"]
    err = capsys.readouterr().err
    assert "line 2: not JSON" in err
    assert "line 4: user_id: required key 'user_id' is missing" in err
    assert "line 3" not in err  # blank lines are not users


def test_report_with_workers_gives_the_same_lines_in_order() -> None:
    _, one = run("report", "--policy", POLICY, USERS, "--now", NOW)
    _, two = run("report", "--policy", POLICY, USERS, "--now", NOW, "--workers", "2")
    assert one == two


def test_report_rejects_zero_workers(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("report", "--policy", POLICY, USERS, "--now", NOW, "--workers", "0")
    assert code == 2
    assert "--workers" in capsys.readouterr().err


def test_report_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(Path(USERS).read_text()))
    code, out = run("report", "--policy", POLICY, "-", "--now", NOW)
    assert code == 0
    assert len(out.splitlines()) == len(Path(USERS).read_text().splitlines())


# ---- the command line as users expect it ----------------------------------------------------

TENANT = ROOT / "examples" / "tenant"
TENANT_POLICY = str(TENANT / "policy.json")


def secinfo(*argv: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """The installed command, as a user runs it (``python -m secinfo``)."""
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-m", "secinfo", *argv], check=False, **streams
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"secinfo {version('secinfo')}"


def test_python_dash_m_runs_the_command_line() -> None:
    done = secinfo("report", "--policy", POLICY, USERS, "--now", NOW)
    assert done.returncode == 0
    _, direct = run("report", "--policy", POLICY, USERS, "--now", NOW)
    assert done.stdout.decode() == direct
    assert b"users evaluated" in done.stderr


def test_summary_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run("report", "--policy", POLICY, USERS, "--now", NOW, "--format", "json")
    assert code == 0
    summary = json.loads(capsys.readouterr().err)
    assert summary["users evaluated"] == len(out.splitlines())
    assert summary["lines skipped"] == 0
    assert (
        sum(n for k, n in summary.items() if k.startswith("prompt: ")) == summary["users evaluated"]
    )


def test_summary_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "summary.json"
    code, _ = run(
        "report", "--policy", POLICY, USERS, "--now", NOW, "--format", "json",
        "--summary", str(target),
    )  # fmt: skip
    assert code == 0
    assert capsys.readouterr().err == ""
    assert json.loads(target.read_text())["users evaluated"] == 8


def test_summary_table_lists_every_row(capsys: pytest.CaptureFixture[str]) -> None:
    run("report", "--policy", POLICY, USERS, "--now", NOW)
    err = capsys.readouterr().err
    for label in ("users evaluated", "lines skipped", "blocked", "review due", "view gate: "):
        assert label in err


def users_with(tmp_path: Path, *bad: bytes) -> tuple[Path, list[bytes]]:
    good = Path(USERS).read_bytes().splitlines()
    path = tmp_path / "users.jsonl"
    path.write_bytes(b"\n".join([good[0], *bad, good[1]]) + b"\n")
    return path, good


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (b'{"user_id": "caf\xe9"}', "line 2: not valid UTF-8 (byte 0xe9 at column 17) (skipped)"),
        (b'{"user_id": ' + b"9" * 5000 + b"}", "line 2: not JSON: a number longer than 4300"),
        (b"\x00\x01\x02binary", "line 2: binary data (a NUL byte), not a JSON line (skipped)"),
        (b'{"user_id": "\\ud800"', "line 2: not JSON: Expecting ',' delimiter"),
    ],
)
def test_a_bad_line_is_one_clear_line_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], bad: bytes, message: str
) -> None:
    users, _ = users_with(tmp_path, bad)
    code, out = run("report", "--policy", POLICY, str(users), "--now", NOW)
    assert code == 1
    assert [json.loads(line)["user_id"] for line in out.splitlines()] == ["u1", "u2"]
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if "(skipped)" in line]
    assert len(warnings) == 1
    assert message in warnings[0]
    assert str(users) in warnings[0]
    assert "Traceback" not in err


def test_a_lone_surrogate_in_a_user_id_is_a_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    users, _ = users_with(tmp_path, b'{"schema":"secinfo/user/1","user_id":"x\\ud800"}')
    code, out = run("report", "--policy", POLICY, str(users), "--now", NOW)
    assert code == 1
    assert len(out.splitlines()) == 2
    # Issue 11: a user_id with a character that needs escaping is refused when the user loads.
    err = capsys.readouterr().err
    assert "line 2: user_id: " in err
    assert "contains a lone surrogate" in err


def test_a_binary_file_is_one_line(tmp_path: Path) -> None:
    binary = tmp_path / "users.bin"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 64)
    done = secinfo("report", "--policy", POLICY, str(binary), "--now", NOW)
    assert done.returncode == 1
    lines = done.stderr.decode().splitlines()
    assert lines[0] == (
        f"secinfo report: {binary}: a binary file (NUL byte at byte 8), not JSON Lines"
    )
    assert "Traceback" not in done.stderr.decode()
    assert done.stdout == b""


def test_a_line_longer_than_the_limit_is_skipped_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    users, good = users_with(tmp_path, b'{"user_id": "' + b"x" * 5000 + b'"}')
    monkeypatch.setattr(_pipeline, "MAX_LINE_BYTES", max(len(good[0]), len(good[1])) + 1)
    monkeypatch.setattr(_pipeline, "BLOCK_BYTES", 7)
    code, out = run("report", "--policy", POLICY, str(users), "--now", NOW)
    assert code == 1
    assert len(out.splitlines()) == 2
    assert "line 2: longer than" in capsys.readouterr().err


def test_a_utf8_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    users = tmp_path / "users.jsonl"
    users.write_bytes(b"\xef\xbb\xbf" + Path(USERS).read_bytes())
    code, out = run("report", "--policy", POLICY, str(users), "--now", NOW)
    assert code == 0
    assert len(out.splitlines()) == 8


def test_out_equal_to_an_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    users = tmp_path / "users.jsonl"
    content = Path(USERS).read_bytes()
    users.write_bytes(content)
    (tmp_path / "link.jsonl").symlink_to(users)
    same_by_another_name = str(tmp_path / "sub" / ".." / "link.jsonl")
    (tmp_path / "sub").mkdir()
    code, _ = run(
        "report", "--policy", POLICY, str(users), "--now", NOW, "--out", same_by_another_name
    )
    assert code == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert users.read_bytes() == content
    policy_copy = tmp_path / "policy.json"
    policy_copy.write_text(Path(POLICY).read_text())
    code, _ = run("report", "--policy", str(policy_copy), USERS, "--out", str(policy_copy))
    assert code == 2
    assert json.loads(policy_copy.read_text())["schema"] == "secinfo/policy/1"
    code, _ = run("report", "--policy", POLICY, str(users), "--summary", str(users))
    assert code == 2
    assert users.read_bytes() == content
    report = tmp_path / "report.jsonl"
    report.write_text("previous report\n")
    code, _ = run(
        "report", "--policy", POLICY, USERS, "--out", str(report), "--summary", str(report)
    )
    assert code == 2
    assert report.read_text() == "previous report\n"
    assert "refusing to overwrite" in capsys.readouterr().err
    code, _ = run("report", "--policy", POLICY, USERS, "--now", NOW, "--out", os.devnull,
                  "--summary", os.devnull)  # fmt: skip
    assert code == 0  # a device is no file to protect


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("to_stdout", [True, False])
def test_a_write_error_is_one_line_and_exit_3(to_stdout: bool) -> None:
    argv = ["report", "--policy", TENANT_POLICY, str(TENANT / "users.jsonl"), "--now", NOW]
    if to_stdout:
        with open("/dev/full", "wb") as full:
            done = secinfo(*argv, stdout=full, stderr=subprocess.PIPE)
    else:
        done = secinfo(*argv, "--out", "/dev/full")
    assert done.returncode == EXIT_WRITE == 3
    err = done.stderr.decode().strip().splitlines()
    assert len(err) == 1
    assert "No space left on device" in err[0]
    assert err[0].startswith("secinfo report: cannot write")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_evaluate_to_a_full_disk_is_one_line() -> None:
    with open("/dev/full", "wb") as full:
        done = secinfo(
            "evaluate", "--policy", POLICY, "--user", USER, "--now", NOW, stdout=full,
            stderr=subprocess.PIPE,
        )  # fmt: skip
    assert done.returncode == 3
    assert len(done.stderr.decode().strip().splitlines()) == 1


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_reader_that_goes_away_ends_the_run_quietly(workers: str, tmp_path: Path) -> None:
    users = tmp_path / "users.jsonl"
    users.write_text("".join(json.dumps(d) + "\n" for d in generated_users(5000, seed=8)))
    process = subprocess.Popen(
        [sys.executable, "-m", "secinfo", "report", "--policy", TENANT_POLICY, str(users),
         "--now", NOW, "--workers", workers],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    assert json.loads(process.stdout.readline())["user_id"] == "user0000000"
    process.stdout.close()  # like `| head -1`: the rest of the output has nowhere to go
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0
    assert b"Traceback" not in err
    assert b"Exception ignored" not in err
    assert b"Error" not in err


def wait_until_idle(pid: int, timeout: float = 120.0) -> None:
    """Wait until *pid* sleeps and its CPU time stops growing (it has started up and blocks)."""
    deadline = time.monotonic() + timeout
    last, quiet = -1, 0
    while time.monotonic() < deadline and quiet < 3:
        time.sleep(0.2)
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
        quiet = quiet + 1 if fields[0] == "S" and ticks == last else 0
        last = ticks


@pytest.fixture
def ctrl_c_not_ignored() -> Iterator[None]:
    """Ctrl-C handled in this process while the test runs, so the commands it starts do not
    inherit an ignored SIGINT (a suite started as a background job ignores it, and Python
    keeps an inherited ignore)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.usefixtures("ctrl_c_not_ignored")
def test_ctrl_c_is_one_line_and_exit_130(workers: str) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "secinfo", "report", "--policy", POLICY, "-", "--now", NOW,
         "--workers", workers],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdin is not None
    process.stdin.write(Path(USERS).read_bytes())  # then the input stays open: it waits
    process.stdin.flush()
    wait_until_idle(process.pid)  # started up and blocked reading (a busy machine is slow)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == EXIT_INTERRUPTED == 130
    assert err.decode().splitlines() == ["secinfo report: interrupted"]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_sigterm_stops_the_workers_too(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "secinfo", "report", "--policy", TENANT_POLICY, "-", "--now", NOW,
         "--workers", "2", "--out", os.devnull],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdin is not None
    lines = "".join(json.dumps(d) + "\n" for d in generated_users(500))
    process.stdin.write(
        lines.encode()
    )  # blocks to work on: the workers start; the input stays open
    process.stdin.flush()
    wait_until_idle(process.pid)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    assert children  # the worker processes
    process.terminate()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 143
    assert err.decode().splitlines() == ["secinfo report: terminated"]
    time.sleep(0.5)
    assert [pid for pid in children if Path(f"/proc/{pid}").exists()] == []


@pytest.mark.parametrize(
    "now", ["2026-11-25 12:00:00Z", "2026-11-25T12:00:00+0100", "2026-11-25T12:00Z", "20261125"]
)
def test_now_is_read_by_the_documents_rule(now: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("report", "--policy", POLICY, USERS, "--now", now)
    assert code == 2
    assert capsys.readouterr().err.startswith(f"secinfo report: --now: {now!r} is not an RFC 3339")


def test_now_with_an_offset_gives_the_same_report() -> None:
    _, utc = run("report", "--policy", POLICY, USERS, "--now", NOW)
    _, offset = run("report", "--policy", POLICY, USERS, "--now", "2026-11-25T13:00:00+01:00")
    assert utc == offset


def test_document_errors_name_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "policy.json"
    policy.write_text('{"schema": "secinfo/policy/1", "mfa": {"grace_days": -1}}')
    code, _ = run("report", "--policy", str(policy), USERS, "--now", NOW)
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        f"secinfo report: {policy}: mfa.grace_days: -1 is out of range (0–365)"
    )
    policy.write_bytes(b'{"schema": "caf\xe9"}')
    code, _ = run("check-policy", str(policy))
    assert code == 2
    assert str(policy) in capsys.readouterr().err


def large_input(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "users.jsonl"
    lines = [json.dumps(doc) for doc in generated_users(count, seed=7)]
    lines[5] = "{not json"
    lines[count // 2] = ""
    path.write_text("\n".join(lines) + "\n")
    return path


def test_workers_1_and_2_write_the_same_bytes_across_many_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(_pipeline, "BLOCK_BYTES", 20_000)
    users = large_input(tmp_path, 600)
    outputs, errs = [], []
    for workers in ("1", "2", "3"):
        target = tmp_path / f"out{workers}.jsonl"
        code, _ = run(
            "report", "--policy", TENANT_POLICY, str(users), "--now", NOW, "--out", str(target),
            "--workers", workers, "--format", "json",
        )  # fmt: skip
        assert code == 1
        outputs.append(target.read_bytes())
        errs.append(capsys.readouterr().err)
    assert outputs[0] == outputs[1] == outputs[2]
    assert errs[0] == errs[1] == errs[2]
    assert len(outputs[0].splitlines()) == 598
    assert "line 6: not JSON" in errs[0]


def test_the_fast_codec_writes_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _jsonl.fast_codec(), "the test extra installs orjson"
    users = large_input(tmp_path, 300)
    with users.open("a") as handle:  # non-ASCII and escapes in what is echoed back (a user_id
        # holds no control or separator character since issue 11: quotes and backslashes)
        handle.write(json.dumps({"schema": "secinfo/user/1", "user_id": 'Zoë "😀\\'}) + "\n")
        handle.write('{"schema":"secinfo/user/1","user_id":"u","campaign":{"snoozes":1e400}}\n')
        handle.write('{"schema":"secinfo/user/1","user_id":"u","campaign":{"snoozes":')
        handle.write("123456789012345678901234567890}}\n")
    fast = tmp_path / "fast.jsonl"
    run("report", "--policy", TENANT_POLICY, str(users), "--now", NOW, "--out", str(fast))
    fast_err = capsys.readouterr().err
    monkeypatch.setattr(_jsonl, "_decode", _jsonl._stdlib_decode)
    monkeypatch.setattr(_jsonl, "_encode", _jsonl._stdlib_encode)
    monkeypatch.setattr(_jsonl, "_fast", False)
    monkeypatch.setattr(_report, "_typed", None)  # msgspec's typed reader: the same extra
    plain = tmp_path / "plain.jsonl"
    run("report", "--policy", TENANT_POLICY, str(users), "--now", NOW, "--out", str(plain))
    assert fast.read_bytes() == plain.read_bytes()
    assert fast_err == capsys.readouterr().err
    assert "campaign.snoozes: 123456789012345678901234567890 is out of range" in fast_err
    assert "Zoë".encode() in plain.read_bytes()


# ---- the terminal ----------------------------------------------------------------------------


def run_on_a_terminal(argv: list[str], env: dict[str, str] | None = None) -> str:
    """Run the command with standard error on a pseudo-terminal; return what it showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "secinfo", *argv],
        stdout=subprocess.DEVNULL, stderr=follower, stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "120", "TERM": "xterm-256color", **(env or {})},
    )  # fmt: skip
    os.close(follower)
    shown = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.1)
        if ready:
            try:
                piece = os.read(leader, 65536)
            except OSError:  # the terminal closed
                break
            if not piece:
                break
            shown += piece
        elif process.poll() is not None:
            break
    if process.poll() is None:  # stuck: end it, and the assertions will fail
        process.kill()
    process.wait(timeout=60)
    os.close(leader)
    return shown.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def slow_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tty") / "users.jsonl"
    lines = [json.dumps(doc) for doc in generated_users(3000, seed=3)]
    lines[10] = "{bad"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_progress_bar_on_a_terminal(slow_input: Path) -> None:
    shown = run_on_a_terminal(
        ["report", "--policy", TENANT_POLICY, str(slow_input), "--now", NOW, "--out", os.devnull]
    )
    assert "3,000/3,000" in shown or "3000/3000" in shown  # the total
    assert "%" in shown  # the percentage
    assert "lines/s" in shown  # the rate
    assert re.search(r"\d+:\d\d:\d\d", shown)  # the time left
    warning = "line 11: not JSON: Expecting property name enclosed in double quotes"
    # the warning is a line of its own: nothing of the bar glued before or after it
    assert re.search(rf"(^|\n|\r|\x1b\[[0-9;]*[A-Za-z]){re.escape('secinfo report: ')}", shown)
    line = next(part for part in re.split(r"[\r\n]", shown) if warning in part)
    assert re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line).startswith("secinfo report: ")
    assert re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", line).endswith("(skipped)")
    assert "users evaluated" in shown


def test_a_named_pipe_on_a_terminal_is_read_once(tmp_path: Path) -> None:
    fifo = tmp_path / "users.fifo"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"cat {shlex.quote(USERS)} > {shlex.quote(str(fifo))}"])
    shown = run_on_a_terminal(["report", "--policy", POLICY, str(fifo), "--now", NOW])
    writer.wait(timeout=60)
    assert re.search(r"users evaluated\s+│\s+8 │", shown)


def test_no_progress_when_not_a_terminal(slow_input: Path) -> None:
    done = secinfo("report", "--policy", TENANT_POLICY, str(slow_input), "--now", NOW)
    err = done.stderr.decode()
    assert "\r" not in err
    assert "\x1b" not in err
    assert "lines/s" not in err
    assert err.splitlines()[0].endswith("(skipped)")


def test_plain_progress_without_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(_terminal, "_RICH", False)
    clock = iter(range(0, 1000))
    monkeypatch.setattr(_terminal, "_clock", lambda: float(next(clock)))
    with _terminal.progress(screen, 100, label="report") as display:
        display.advance(40, 40)
        display.warn("secinfo report: users.jsonl: line 7: not JSON (skipped)")
        display.advance(10, 10)
    shown = screen.getvalue()
    assert "40/100 lines  40%" in shown
    assert "\r\x1b[Ksecinfo report: users.jsonl: line 7: not JSON (skipped)\n" in shown
    assert "left" in shown
    assert "/s" in shown
    assert shown.endswith("\r\x1b[K")
    table = io.StringIO()
    _terminal.table(table, "secinfo report", [("users evaluated", 1234), ("blocked", 5)])
    assert table.getvalue().splitlines() == [
        "users evaluated      1234",
        "blocked                 5",
    ]


def test_rich_table_summary_on_a_terminal(slow_input: Path) -> None:
    assert _terminal.has_rich(), "the test extra installs rich"
    shown = run_on_a_terminal(
        ["report", "--policy", TENANT_POLICY, str(slow_input), "--now", NOW, "--out", os.devnull]
    )
    assert "secinfo report" in shown
    assert re.search(r"users evaluated\s+│\s+2,999 │", shown)


def test_plain_summary_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    run("report", "--policy", POLICY, USERS, "--now", NOW)
    err = capsys.readouterr().err
    assert "│" not in err
    assert err.splitlines()[0] == "users evaluated             8"


# ---- secinfo impact --------------------------------------------------------------------------

NO_TELEPHONY = str(TENANT / "policy-no-telephony.json")
TENANT_USERS = str(TENANT / "users.jsonl")


def test_impact_writes_affected_users_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(
        "impact", "--policy", TENANT_POLICY, "--new-policy", NO_TELEPHONY, TENANT_USERS,
        "--now", NOW, "--format", "json",
    )  # fmt: skip
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    summary = json.loads(capsys.readouterr().err)
    assert summary["users"] == 1000
    assert summary["affected"] == len(lines) > 0
    assert summary["newly_blocked"] == sum(line["newly_blocked"] for line in lines) > 0
    assert all("sms" in line["mfa"]["lost"] or line["events"] or line["nudge"] for line in lines)
    code, everyone = run(
        "impact", "--policy", TENANT_POLICY, "--new-policy", NO_TELEPHONY, TENANT_USERS,
        "--now", NOW, "--all", "--workers", "2", "--format", "json",
    )  # fmt: skip
    assert len(everyone.splitlines()) == 1000
    assert [line for line in everyone.splitlines() if line in set(out.splitlines())] == (
        out.splitlines()
    )


def test_impact_over_time_alone(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(
        "impact", "--policy", TENANT_POLICY, TENANT_USERS, "--now", NOW,
        "--at", "2027-06-01T00:00:00Z", "--format", "json",
    )  # fmt: skip
    assert code == 0
    assert all(json.loads(line)["events"] == [] for line in out.splitlines())
    summary = json.loads(capsys.readouterr().err)
    assert summary["affected"] > 0  # passes expire, reviews fall due
    assert "event:Security info became unusable" not in summary  # no policy edit, no events


def test_impact_needs_something_to_compare(capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("impact", "--policy", TENANT_POLICY, TENANT_USERS, "--now", NOW)
    assert code == 2
    assert "give --new-policy, --at or both" in capsys.readouterr().err
    code, _ = run("impact", "--policy", TENANT_POLICY, TENANT_USERS, "--at", "tomorrow")
    assert code == 2
    assert "--at: 'tomorrow' is not an RFC 3339 time" in capsys.readouterr().err


def test_impact_table_names_the_lockouts(capsys: pytest.CaptureFixture[str]) -> None:
    run(
        "impact", "--policy", TENANT_POLICY, "--new-policy", NO_TELEPHONY, TENANT_USERS,
        "--now", NOW, "--out", os.devnull,
    )  # fmt: skip
    err = capsys.readouterr().err
    assert "NEWLY BLOCKED (needs an administrator)" in err
    assert "lost for MFA: sms" in err


def test_check_policy_exits_0_on_warnings_alone(tmp_path: Path) -> None:
    policy = {
        "schema": "secinfo/policy/1",
        "methods": {"sms": {"mfa": True}},
        "mfa": {"enforced_for": ["all"]},
    }
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(policy))
    code, out = run("check-policy", str(path))
    assert code == 0
    assert [(p["code"], p["severity"]) for p in json.loads(out)] == [
        ("only_telephony_mfa", "warning")
    ]
    policy["sspr"] = {"enabled_for": ["all"], "methods_required": 2}
    path.write_text(json.dumps(policy))
    code, out = run("check-policy", str(path))
    assert code == 1
    assert {p["severity"] for p in json.loads(out)} == {"error", "warning"}
