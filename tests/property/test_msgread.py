"""The typed msgspec reader of user lines (:mod:`secinfo._msgread`) against the plain reader.

For valid documents, mutated documents and mutated raw lines, the typed reader either gives a
value equal to the plain reader's (same fields, time zones and types) or defers; and the line
reader of ``secinfo report`` gives the same user or the same message with and without it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from secinfo import InvalidDocument, _jsonl, _report, dump_user
from secinfo import _fastread as fast
from secinfo import _msgread as typed
from secinfo.cli import main
from secinfo.documents import _read_user_plainly
from secinfo.testing import users
from tests._synth import assert_same_user, generated_users

from ._fuzz import mutated

pytestmark = pytest.mark.skipif(
    typed.read_user is None, reason="msgspec is not installed (the fast and test extras bring it)"
)

FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-25T12:00:00Z"
POLICY = str(ROOT / "examples" / "tenant" / "policy.json")


def _plain(raw: bytes) -> tuple[Any, str | None]:
    """What the reference path makes of a line: the standard library's JSON, then the plain
    reader; the user or the refusal."""
    try:
        doc = _jsonl.decode(raw, careful=True)
    except _jsonl.BadLine as error:
        return None, f"not JSON: {error}"
    try:
        return _read_user_plainly(doc), None
    except InvalidDocument as error:
        return None, f"{error.path}|{error}"


def _line(raw: bytes, *, with_typed: bool) -> tuple[Any, str | None]:
    """What ``secinfo report`` reads of the line, with or without the typed reader."""
    saved = _report._typed
    _report._typed = typed.read_user if with_typed else None
    try:
        return _report.read_user(raw), None
    except _jsonl.BadLine as error:
        return None, str(error)
    finally:
        _report._typed = saved


def _same(raw: bytes) -> str:
    """The typed reader agrees with the plain one or defers; the report's line reader gives
    the same answer (user or message) with and without it. Returns the path taken."""
    assert typed.read_user is not None
    got = typed.read_user(raw)
    expected, refusal = _plain(raw)
    if got is fast.DEFER:
        taken = f"deferred ({'plain refused' if refusal else 'plain accepted'})"
    else:
        taken = "read"
        assert refusal is None, f"the typed reader accepted what the plain one refuses: {refusal}"
        assert_same_user(got, expected)
    with_typed, without = _line(raw, with_typed=True), _line(raw, with_typed=False)
    assert with_typed == without
    assert repr(with_typed) == repr(without)
    return taken


def _lines(doc: Any) -> list[bytes]:
    """The JSON texts of *doc* a tenant's export may hold: compact, spaced, ASCII-escaped."""
    found = []
    for options in (
        {"separators": (",", ":"), "ensure_ascii": False},
        {"ensure_ascii": True},
    ):
        try:
            text = json.dumps(doc, **options)
        except (TypeError, ValueError):
            continue
        found.append(text.encode("utf-8", "surrogatepass") + b"\n")
    return found


@FUZZ
@given(users().map(dump_user))
def test_valid_documents_read_alike(doc: dict[str, Any]) -> None:
    for raw in _lines(doc):
        event(_same(raw))


@FUZZ
@given(mutated(users().map(dump_user)))
def test_mutated_documents_read_alike_or_defer(doc: Any) -> None:
    for raw in _lines(doc):
        event(_same(raw))


_EDITS = [
    # (what, old bytes, new bytes): the first occurrence is replaced
    ("duplicate key", b'{"schema"', b'{"user_id":"other","schema"'),
    ("duplicate kind", b'"kind":', b'"kind":"email","kind":'),
    ("duplicate kind, same", b'"kind":"', b'"kind":"passkey","kind":"'),
    ("BOM", b"{", b"\xef\xbb\xbf{"),
    ("bad UTF-8", b'"user_id":"', b'"user_id":"\xff'),
    ("surrogate bytes", b'"user_id":"', b'"user_id":"\xed\xa0\x80'),
    ("lone surrogate escape", b'"user_id":"', b'"user_id":"\\ud800'),
    ("NUL escape", b'"user_id":"', b'"user_id":"\\u0000'),
    ("escaped key", b'"user_id"', b'"user\\u005fid"'),
    ("escaped T", b"T", b"\\u0054"),
    ("space for T", b'Z"', b'Z" '),
    ("huge int", b'"snoozes":', b'"snoozes":1' + b"0" * 30 + b","),
    ("float int", b'"snoozes":0', b'"snoozes":0.0'),
    ("bool int", b'"snoozes":0', b'"snoozes":false'),
    ("null campaign", b'"campaign":{', b'"campaign":null,"x":{'),
    ("NaN", b'"snoozes":0', b'"snoozes":NaN'),
    ("trailing data", b"\n", b"{}\n"),
    ("null preferred", b'"preferred":', b'"preferred":null,"y":'),
]
_TIME_EDITS = [
    "2026-01-05 09:00:00Z",
    "2026-01-05t09:00:00z",
    "2026-01-05T09:00:00+01:00",
    "2026-01-05T09:00:00+0100",
    "2026-01-05T09:00:00.1234567Z",
    "2026-01-05T09:00:00.9999999Z",
    "2026-01-05T09:00:00.123Z",
    "2026-01-05T09:00:60Z",
    "2026-02-29T09:00:00Z",
    "2024-02-29T09:00:00Z",
    "2026-01-05T09:00:00",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z",
    "２０２６-01-05T09:00:00Z",
    "2026-01-05T09:00:00.000000Z",
    "2026-01-05T09:00:00.1234-Z",
    "2026-01-05T09:00:00.12:45Z",
    "2026-01-05T09:00:00.+1234Z",
    "2026-01-05T09:00:00.12345 Z",
    "2026-01-05T09:00:00.12345Z",
    "2026-01-05T09:00:00.123456",
    "2026-01-05T09:00:00ZZ",
    "+026-01-05T09:00:00Z",
    "2026-01-05T09:0_:00Z",
    "2026-01-05T9:00:00Z ",
    "2026-01-05T09:00:00\u0000",
]


@FUZZ
@given(
    users().map(dump_user),
    st.sampled_from(_EDITS),
    st.sampled_from(["registered_at", "last_reviewed_at", "first_prompted_at", "starts_at"]),
    st.sampled_from(_TIME_EDITS),
)
def test_mutated_lines_read_alike_or_defer(
    doc: dict[str, Any], edit: tuple[str, bytes, bytes], field: str, time: str
) -> None:
    raw = json.dumps(doc, separators=(",", ":")).encode() + b"\n"
    what, old, new = edit
    if old in raw:
        event(f"{what}: {_same(raw.replace(old, new, 1))}")
    key = f'"{field}":"'.encode()
    start = raw.find(key)
    if start >= 0:
        start += len(key)
        end = raw.index(b'"', start)
        event(f"time: {_same(raw[:start] + time.encode() + raw[end:])}")


_USER = (
    b'{"schema":"secinfo/user/1","user_id":"u1","groups":["g"],"registrations":['
    b'{"kind":"mobile_phone","id":"r1","registered_at":"2026-01-05T09:00:00Z",'
    b'"number":"+14255550134"},'
    b'{"kind":"passkey","id":"k1","registered_at":"2026-01-05T09:00:00.000250Z","name":"Key",'
    b'"aaguid":"CB69481E-8FF7-4039-93EC-0A2729A154A8"},'
    b'{"kind":"temporary_access_pass","id":"t1","registered_at":"2026-01-05T09:00:00Z",'
    b'"starts_at":"2026-01-05T09:00:00Z","expires_at":"2026-01-06T09:00:00Z"}],'
    b'"preferred":"sms","campaign":{"snoozes":1,"last_snoozed_at":null}}'
)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"user_id":"u1"', b'"user_id":"u\\u202e1"'),  # not printable
        (b'"registered_at":"2026-01-05T09:00:00Z"', b'"registered_at":"2026-01-05 09:00:00Z"'),
        (b'"expires_at":"2026-01-06', b'"expires_at":"2026-01-04'),  # a custom check
        (b'"kind":"passkey"', b'"kind":"nonsense"'),  # an unknown kind
        (b'"id":"t1"', b'"id":"r1"'),  # a repeated registration id
        (b'"groups":["g"]', b'"groups":["g",""]'),
        (b'"snoozes":1', b'"snoozes":1.0'),
        (b'"snoozes":1', b'"snoozes":1000001'),
        (b"secinfo/user/1", b"secinfo/user/2"),
        (b'"preferred":"sms"', b'"preferred":"email"'),  # not a preferable method
        (b'"preferred":"sms"', b'"preferred":"sms","extra":1'),  # an unknown key
        (b'"number":"+14255550134"', b'"number":"+14255550134\\n"'),
        (b'"aaguid":"CB69481E', b'"aaguid":"CB69481\\u212a'),  # a Kelvin sign, not ASCII
        (b'{"schema"', b'\xef\xbb\xbf{"schema"'),
        (b'"user_id":"u1"', b'"user_id":"u\xff"'),
    ],
)
def test_doubtful_lines_are_deferred(old: bytes, new: bytes) -> None:
    assert old in _USER
    raw = _USER.replace(old, new, 1)
    assert typed.read_user is not None
    assert typed.read_user(raw) is fast.DEFER
    assert _same(raw).startswith("deferred")


@example(b'{"schema":"secinfo/user/1","user_id":"u1","user_id":"u2"}')  # the last one wins
@example(b'{"schema":"secinfo/user/1","user_id":"u1","campaign":null}')
@example(b'{"schema":"secinfo/user/1","user_id":"u1","preferred":null,"business_phone":null}')
@example(_USER)
@example(_USER.replace(b"\n", b"") + b"\r\n")
@given(st.just(b'{"schema":"secinfo/user/1","user_id":"u1"}\n'))
def test_odd_lines_read_alike(raw: bytes) -> None:
    event(_same(raw))


def test_the_pinned_line_is_read_with_its_values() -> None:
    assert typed.read_user is not None
    user: Any = typed.read_user(_USER)
    assert user == _plain(_USER)[0]
    assert user.registrations[1].aaguid == "cb69481e-8ff7-4039-93ec-0a2729a154a8"
    assert user.registrations[1].registered_at.microsecond == 250
    twice = b'{"schema":"secinfo/user/1","user_id":"u1","user_id":"u2"}'
    assert typed.read_user(twice) == _plain(twice)[0]
    assert typed.read_user(twice).user_id == "u2"
    assert typed.read_user(b"[]") is fast.DEFER


def test_the_example_tenant_takes_the_typed_path() -> None:
    assert typed.read_user is not None
    for doc in generated_users(300):
        for raw in _lines(doc):
            got = typed.read_user(raw)
            assert got is not fast.DEFER
            assert got == _read_user_plainly(doc)


def test_the_generated_source_is_kept() -> None:
    assert "def _convert_UserState(s):" in typed.SOURCE


def test_report_writes_the_same_bytes_with_and_without_the_typed_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    users_path = tmp_path / "users.jsonl"
    lines = [json.dumps(doc) for doc in generated_users(400, seed=3)]
    lines[7] = _USER.decode()
    lines[9] = _USER.replace(b'"id":"t1"', b'"id":"r1"').decode()  # refused: its message
    lines[11] = '{"schema":"secinfo/user/1","user_id":"u","campaign":{"snoozes":1e400}}'
    users_path.write_text("\n".join(lines) + "\n")
    outputs = []
    for reader in (typed.read_user, None):
        monkeypatch.setattr(_report, "_typed", reader)
        out = tmp_path / f"out-{reader is None}.jsonl"
        argv = ["report", "--policy", POLICY, str(users_path), "--now", NOW, "--out", str(out)]
        assert main(argv) == 1
        outputs.append((out.read_bytes(), capsys.readouterr().err))
    assert outputs[0] == outputs[1]
    assert "registrations.2.id: registration id 'r1' is repeated" in outputs[0][1]


def test_without_msgspec_the_report_is_read_as_before(tmp_path: Path) -> None:
    users_path = tmp_path / "users.jsonl"
    users_path.write_text("".join(json.dumps(d) + "\n" for d in generated_users(50, seed=5)))
    program = (
        "import sys; sys.modules['msgspec'] = None\n"
        "from secinfo import _msgread, _report\n"
        "assert _msgread.read_user is None and _report._typed is None and not _msgread.SOURCE\n"
        "from secinfo.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    argv = ["report", "--policy", POLICY, str(users_path), "--now", NOW]
    without = subprocess.run(
        [sys.executable, "-c", program, *argv], capture_output=True, check=True
    ).stdout
    with_it = subprocess.run(
        [sys.executable, "-m", "secinfo", *argv], capture_output=True, check=True
    ).stdout
    assert without == with_it
    assert len(without.splitlines()) >= 50


_CANONICAL_TIMES = [
    "2026-01-05T09:00:00Z",
    "2026-01-05T09:00:00.000250Z",
    "2024-02-29T09:00:00Z",
    "9999-12-31T23:59:59.999999Z",
]


@pytest.mark.parametrize("time", _TIME_EDITS + _CANONICAL_TIMES)
def test_each_odd_time_reads_alike_or_defers(time: str) -> None:
    raw = _USER.replace(b"2026-01-05T09:00:00Z", time.encode(), 1)
    taken = _same(raw)
    if time in _CANONICAL_TIMES:
        assert taken == "read"


@pytest.mark.parametrize(
    ("groups", "registrations"), [(10_000, 0), (10_001, 0), (0, 1000), (0, 1001)]
)
def test_big_lists_at_their_bounds(groups: int, registrations: int) -> None:
    doc: dict[str, Any] = {
        "schema": "secinfo/user/1",
        "user_id": "u1",
        "groups": [f"g{i}" for i in range(groups)],
        "registrations": [
            {"kind": "email", "id": f"e{i}", "registered_at": "2026-01-05T09:00:00Z",
             "address": f"a{i}@example.com"}
            for i in range(registrations)
        ],
    }  # fmt: skip
    raw = json.dumps(doc).encode()
    taken = _same(raw)
    assert taken == (
        "read" if groups <= 10_000 and registrations <= 1000 else "deferred (plain refused)"
    )
