"""The secinfo command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from secinfo.cli import main

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
