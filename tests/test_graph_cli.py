"""``secinfo graph-import``: a Graph export (folder layout or JSON Lines) in, secinfo's policy and
users JSONL out; then ``secinfo report`` answers for the tenant.

The tenant here avoids today's Entra settings (passkey restrictions, TAP policy); the fixture
tenant as exported is imported in ``test_graph_today.py``.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from secinfo import load_policy, load_user
from secinfo.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "graph"
MEGAN = "9c3b2f51-7d4e-4a86-b1f0-6e2d8c4a7b13"
PILOT = "5f2a1c3e-8b4d-4e6f-9a7b-2c1d0e9f8a71"
NOW = "2026-03-05T00:00:00Z"
TODAY = ("Fido2", "TemporaryAccessPass")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def write(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def classic_tenant(root: Path) -> Path:
    """A tenant folder in the documented layout, without today's Entra settings."""
    policy = fixture("authentication-methods-policy.v1.json")
    policy["authenticationMethodConfigurations"] = [
        c for c in policy["authenticationMethodConfigurations"] if c["id"] not in TODAY
    ]
    write(root / "authentication-methods-policy.json", policy)
    write(
        root / "settings.json",
        {
            "mfa": {"enforced_for": ["all"]},
            "sspr": {"enabled_for": ["all"], "methods_required": 2},
            "step_up": {"session_minutes": 10},
        },
    )
    methods = fixture("user-authentication-methods.v1.json")
    methods["value"] = [m for m in methods["value"] if "fido2" not in m["@odata.type"]]
    write(root / "users" / MEGAN / "methods.json", methods)
    write(
        root / "users" / MEGAN / "sign-in-preferences.json",
        fixture("user-sign-in-preferences.beta.json"),
    )
    write(
        root / "users" / "u-pilot" / "methods.json",
        [
            {
                "@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
                "id": "m",
                "phoneNumber": "+1 2065550123",
                "phoneType": "mobile",
            }
        ],
    )
    write(
        root / "users" / "u-pilot" / "groups.json",
        {"value": [{"@odata.type": "#microsoft.graph.group", "id": PILOT}]},
    )
    return root


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_import_a_folder_then_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = classic_tenant(tmp_path / "tenant")
    out = tmp_path / "out"
    code, summary = run("graph-import", str(source), "--out", str(out), "--imported-at", NOW)
    assert code == 0
    assert json.loads(summary) == {
        "policy": str(out / "policy.json"),
        "users": str(out / "users.jsonl"),
        "imported": 2,
        "skipped": 0,
        "warnings": 0,
    }
    policy = load_policy(json.loads((out / "policy.json").read_text()))
    assert policy.step_up.session_minutes == 10
    assert policy.sspr.methods_required == 2
    users = [load_user(line) for line in lines(out / "users.jsonl")]
    assert [u.user_id for u in users] == [MEGAN, "u-pilot"]
    assert users[1].groups == frozenset({PILOT})
    assert sorted(p.name for p in out.iterdir()) == ["policy.json", "users.jsonl"]
    capsys.readouterr()
    code, report = run(
        "report", "--policy", str(out / "policy.json"), str(out / "users.jsonl"), "--now", NOW
    )
    assert code == 0
    rows = [json.loads(line) for line in report.splitlines()]
    assert [row["usable"]["mfa"] for row in rows] == [["push"], ["sms"]]
    assert rows[0]["default"] == {
        **rows[0]["default"],
        "method": "push",
        "source": "system_preferred",
    }


def test_import_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = classic_tenant(tmp_path / "tenant")
    phone = {
        "@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
        "id": "m",
        "phoneNumber": "+44 07911123456",
        "phoneType": "mobile",
    }
    records = [
        {
            "id": "u-a",
            "userPrincipalName": "a@contoso.example",
            "methods": {"value": [phone]},
            "groups": [PILOT, "g-other"],
        },
        {
            "id": "u-b",
            "methods": [phone],
            "groups": [{"id": PILOT, "displayName": "Pilot"}],
            "signInPreferences": {"userPreferredMethodForSecondaryAuthentication": "voiceMobile"},
        },
        {"id": "u-c", "methods": [], "groups": None},
    ]
    users = tmp_path / "export.jsonl"
    users.write_text("".join(json.dumps(r) + "\n" for r in records) + "\n")
    out = tmp_path / "out"
    code, summary = run(
        "graph-import",
        "--policy",
        str(source / "authentication-methods-policy.json"),
        "--users",
        str(users),
        "--out",
        str(out),
        "--imported-at",
        NOW,
    )
    assert code == 0
    assert json.loads(summary)["imported"] == 3
    assert json.loads(summary)["warnings"] == 4  # no mfa/sspr settings: 2; trunk prefixes: 2
    imported = lines(out / "users.jsonl")
    assert [u["groups"] for u in imported] == [sorted([PILOT, "g-other"]), [PILOT], []]
    assert imported[1]["registrations"][0]["verified_with"] == "voice_mobile"
    assert imported[1]["registrations"][0]["number"] == "+447911123456"
    err = capsys.readouterr().err
    assert "warning: export.jsonl line 1, methods: value.0.phoneNumber:" in err
    assert "[phone_normalised]" in err
    assert "07911123456" not in err


def test_both_inputs_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = classic_tenant(tmp_path / "tenant")
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"id": "u-stdin", "methods": []})))
    code, _ = run(
        "graph-import",
        str(source),
        "--users",
        "-",
        "--out",
        str(tmp_path / "o"),
        "--imported-at",
        NOW,
    )
    assert code == 0
    assert [u["user_id"] for u in lines(tmp_path / "o" / "users.jsonl")] == [
        MEGAN,
        "u-pilot",
        "u-stdin",
    ]


def test_bad_users_are_skipped_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = classic_tenant(tmp_path / "tenant")
    write(source / "users" / "u-nomethods" / "groups.json", ["g1"])
    write(source / "users" / "u-badgroups" / "methods.json", [])
    write(source / "users" / "u-badgroups" / "groups.json", [{"name": "no id"}])
    masked = {
        "@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
        "id": "m",
        "phoneNumber": "+1 XXXXXXXX23",
        "phoneType": "mobile",
    }
    (source / "users.jsonl").write_text(
        "\n".join(
            [
                "{not json",
                json.dumps(["a list"]),
                json.dumps({"methods": []}),
                json.dumps({"id": "u-x"}),
                json.dumps({"id": "u-masked", "methods": [masked]}),
                json.dumps({"id": MEGAN, "methods": []}),
                json.dumps({"id": "u-fine", "methods": []}),
            ]
        )
        + "\n"
    )
    out = tmp_path / "out"
    code, summary = run("graph-import", str(source), "--out", str(out), "--imported-at", NOW)
    assert code == 1
    assert json.loads(summary)["skipped"] == 8
    assert [u["user_id"] for u in lines(out / "users.jsonl")] == [MEGAN, "u-pilot", "u-fine"]
    err = capsys.readouterr().err
    for expected in (
        "users/u-badgroups: users/u-badgroups/groups.json: item 0 is not a group id",
        "users/u-nomethods: cannot read the methods file",
        "users.jsonl line 1: not JSON",
        "users.jsonl line 2: expected a JSON object",
        "users.jsonl line 3: 'id' (the user's object id) is missing",
        "users.jsonl line 4: 'methods' (the user's authentication methods) is missing",
        "users.jsonl line 5, methods: 0.phoneNumber: 'XXXXXXXXXXX23' is masked",
        f"users.jsonl line 6, methods: user '{MEGAN}' again",
    ):
        assert expected in err
    assert err.count("(skipped)") == 8


def test_a_user_target_puts_the_user_in_its_own_group(tmp_path: Path) -> None:
    source = classic_tenant(tmp_path / "tenant")
    policy = json.loads((source / "authentication-methods-policy.json").read_text())
    for item in policy["authenticationMethodConfigurations"]:
        if item["id"] == "Sms":
            item["includeTargets"].append(
                {"id": "u-pilot", "targetType": "user", "isRegistrationRequired": False}
            )
    write(source / "authentication-methods-policy.json", policy)
    write(source / "users" / "u-pilot" / "groups.json", [])
    out = tmp_path / "out"
    code, _ = run("graph-import", str(source), "--out", str(out), "--imported-at", NOW)
    assert code == 0
    users = {u["user_id"]: u for u in lines(out / "users.jsonl")}
    assert users["u-pilot"]["groups"] == ["u-pilot"]
    assert users[MEGAN]["groups"] == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda root: (root / "authentication-methods-policy.json").write_text("{"), "is not JSON"),
        (
            lambda root: (root / "authentication-methods-policy.json").unlink(),
            "cannot read the policy file",
        ),
        (
            lambda root: write(root / "authentication-methods-policy.json", {"value": []}),
            "authentication-methods-policy.json: authenticationMethodConfigurations: required key",
        ),
        (lambda root: write(root / "settings.json", ["mfa"]), "is not a JSON object"),
        (
            lambda root: write(root / "settings.json", {"mfa": {"grace_days": -1}}),
            "mfa.grace_days: -1 is out of range",
        ),
        (
            lambda root: write(root / "settings.json", {"methods": {}}),
            "'methods' comes from Graph and cannot be given in settings",
        ),
    ],
)
def test_an_unusable_policy_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, message: str
) -> None:
    source = classic_tenant(tmp_path / "tenant")
    change(source)
    out = tmp_path / "out"
    code, summary = run("graph-import", str(source), "--out", str(out), "--imported-at", NOW)
    assert (code, summary) == (2, "")
    assert message in capsys.readouterr().err
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["graph-import", "--out", "o"], "give a SOURCE folder or --policy"),
        (["graph-import", "no-such-folder", "--out", "o"], "'no-such-folder' is not a folder"),
        (
            ["graph-import", "--policy", "p.json", "--out", "o", "--imported-at", "2026-03-05"],
            "has no time zone offset",
        ),
        (
            ["graph-import", "--policy", "p.json", "--out", "o", "--imported-at", "soon"],
            "is not an RFC 3339 time",
        ),
        (
            [
                "graph-import",
                "--policy",
                "p.json",
                "--users",
                "missing.jsonl",
                "--out",
                "o",
                "--imported-at",
                NOW,
            ],
            "cannot read the users file",
        ),
    ],
)
def test_bad_arguments(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "p.json", {"authenticationMethodConfigurations": []})
    code, _ = run(*argv)
    assert code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "o" / "users.jsonl").exists()


def test_existing_output_is_replaced_only_when_the_import_finishes(tmp_path: Path) -> None:
    source = classic_tenant(tmp_path / "tenant")
    out = tmp_path / "out"
    out.mkdir()
    (out / "policy.json").write_text("old")
    (out / "users.jsonl").write_text("old")
    (source / "authentication-methods-policy.json").write_text("[]")
    code, _ = run("graph-import", str(source), "--out", str(out), "--imported-at", NOW)
    assert code == 2
    assert (out / "policy.json").read_text() == "old"
    assert (out / "users.jsonl").read_text() == "old"
    classic_tenant(source)
    code, _ = run("graph-import", str(source), "--out", str(out), "--imported-at", NOW)
    assert code == 0
    assert (out / "policy.json").read_text() != "old"
    assert sorted(p.name for p in out.iterdir()) == ["policy.json", "users.jsonl"]


def test_without_imported_at_the_clock_stands_in(tmp_path: Path) -> None:
    source = classic_tenant(tmp_path / "tenant")
    code, _ = run("graph-import", str(source), "--out", str(tmp_path / "o"))
    assert code == 0
    megan = lines(tmp_path / "o" / "users.jsonl")[0]
    phone = megan["registrations"][0]
    assert phone["kind"] == "mobile_phone"
    assert phone["registered_at"] > "2026-"


def test_the_subcommand_is_listed_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "graph-import" in capsys.readouterr().out
