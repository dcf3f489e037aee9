"""The report pipeline (secinfo._pipeline, secinfo._jsonl): blocks of whole lines, results in
order with bounded memory, and a reader that names what is wrong with a line."""

from __future__ import annotations

import gc
import io
import itertools
import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

import attrs
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from secinfo import _jsonl, _pipeline, evaluate, load_user
from secinfo._pipeline import Block, BlockResult
from secinfo._report import EvaluateJob
from tests._synth import example_policy, generated_users


def read(data: bytes, block_bytes: int = 16) -> list[Block]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_pipeline, "BLOCK_BYTES", block_bytes)
        return list(_pipeline.blocks(io.BytesIO(data)))


def lines(blocks: list[Block]) -> list[bytes | None]:
    return [line for block in blocks for line in block.lines]


def test_blocks_are_whole_numbered_lines() -> None:
    data = b"".join(b"line %d\n" % n for n in range(1, 8)) + b"last"
    blocks = read(data)
    assert lines(blocks) == [*(b"line %d\n" % n for n in range(1, 8)), b"last"]
    assert [block.start for block in blocks] == [1, 3, 5, 7, 8]
    assert [block.count for block in blocks] == [2, 2, 2, 1, 1]
    assert all(len(block.lines) == block.count for block in blocks)
    assert sum(block.size for block in blocks) == len(data)


def test_a_byte_order_mark_is_dropped_from_line_one_only() -> None:
    blocks = read(b"\xef\xbb\xbf{}\n\xef\xbb\xbf{}\n")
    assert lines(blocks) == [b"{}\n", b"\xef\xbb\xbf{}\n"]
    assert read(b"\xef\xbb\xbf{}")[0].lines == (b"{}",)
    assert sum(block.size for block in blocks) == 12


def test_a_binary_file_is_refused_before_anything_is_read() -> None:
    with pytest.raises(_pipeline.BinaryInput) as error:
        read(b"\x7fELF\x00\x00" + b"x" * 100)
    assert error.value.args == (4,)
    with pytest.raises(_pipeline.BinaryInput):
        read(b"\x7fELF\x00\x00")  # shorter than one read, no newline
    assert lines(read(b"{}\n\x00\n")) == [b"{}\n", b"\x00\n"]  # later: one bad line


@pytest.mark.parametrize("block_bytes", [4, 7, 64])
def test_a_long_line_is_consumed_in_pieces(
    monkeypatch: pytest.MonkeyPatch, block_bytes: int
) -> None:
    monkeypatch.setattr(_pipeline, "MAX_LINE_BYTES", 10)
    data = b"short\n" + b"x" * 50 + b"\nafter\n" + b"z" * 10 + b"\n" + b"y" * 30
    blocks = read(data, block_bytes)
    assert lines(blocks) == [b"short\n", None, b"after\n", b"z" * 10 + b"\n", None]
    assert [block.start for block in blocks if block.data is None] == [2, 5]
    assert sum(block.size for block in blocks) == len(data)


def test_a_long_first_line_is_not_probed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pipeline, "MAX_LINE_BYTES", 10)
    assert lines(read(b"\x00" * 20 + b"\n{}\n", 4)) == [None, b"{}\n"]


def test_one_read_makes_one_block() -> None:
    blocks = read(b"aaaaaa\nbbbbbb\ncc\n", 16)
    assert [block.lines for block in blocks] == [(b"aaaaaa\n", b"bbbbbb\n"), (b"cc\n",)]


@attrs.frozen
class Upper:
    """A picklable job: upper-cases every line."""

    def __call__(self, block: Block) -> BlockResult:
        data = b"".join((line or b"").upper() for line in block.lines)
        return BlockResult(data, Counter(users=block.count), (), block.count)


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_in_input_order(workers: int, monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"".join(b"user %d\n" % n for n in range(500))
    monkeypatch.setattr(_pipeline, "BLOCK_BYTES", 64)
    source = _pipeline.blocks(io.BytesIO(data))
    results = list(_pipeline.run(Upper(), source, workers=workers))
    assert b"".join(r.data for r in results) == data.upper()
    assert sum(r.lines for r in results) == 500


@attrs.frozen
class Thresholds:
    """A job that reports the collector's thresholds it runs under."""

    def __call__(self, block: Block) -> BlockResult:
        return BlockResult(b"%r\n" % (gc.get_threshold(),), Counter(), (), block.count)


@pytest.mark.parametrize("workers", [1, 2])
def test_blocks_run_with_a_lazy_collector_and_the_caller_keeps_its_own(workers: int) -> None:
    before = gc.get_threshold()
    source = _pipeline.blocks(io.BytesIO(b"a\nb\n"))
    results = list(_pipeline.run(Thresholds(), source, workers=workers))
    assert results[0].data == b"%r\n" % (_pipeline.GC_THRESHOLD,)
    assert gc.get_threshold() == before


def test_no_more_than_a_few_blocks_are_pending_per_worker() -> None:
    pulled = 0

    def source() -> Iterator[Block]:
        nonlocal pulled
        for n in range(100):
            pulled += 1
            yield Block(n + 1, b"x\n", 1, 2)

    results = _pipeline.run(Upper(), source(), workers=2)
    next(results)
    assert pulled <= 2 * _pipeline.IN_FLIGHT + 1  # not the whole input
    assert len(list(results)) == 99


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{", "not JSON: Expecting property name enclosed in double quotes (column 2)"),
        (b"\xff{}", "not valid UTF-8 (byte 0xff at column 1)"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON: nested too deeply"),
        (b"1" * 5000, "not JSON: a number longer than 4300 digits"),
        (b"{}\x00", "binary data (a NUL byte), not a JSON line"),
    ],
)
@pytest.mark.parametrize("careful", [True, False])
def test_every_bad_line_has_its_message(raw: bytes, message: str, careful: bool) -> None:
    with pytest.raises(_jsonl.BadLine) as error:
        _jsonl.decode(raw, careful=careful)
    assert str(error.value) == message


def test_both_encoders_give_the_same_bytes() -> None:
    document = {"user_id": "".join(map(chr, range(0x80))) + "é\u2028😀", "n": [1, None, True]}
    assert _jsonl._stdlib_encode(document) == _jsonl.encode(document)
    with pytest.raises(_jsonl.BadLine, match="lone surrogate"):
        _jsonl.encode({"user_id": "\ud800"})


def _reference(data: bytes, longest: int) -> list[bytes | None]:
    """The lines of *data* as a line-by-line reader sees them."""
    found: list[bytes | None] = []
    for index, part in enumerate(data.split(b"\n")):
        line = part + b"\n" if index < data.count(b"\n") else part
        if not line:
            continue
        if len(part) > longest:
            found.append(None)
        elif index == 0 and line.startswith(b"\xef\xbb\xbf"):
            found.append(line[3:])
        else:
            found.append(line)
    return found


@given(
    st.lists(
        st.one_of(st.binary(max_size=14).filter(lambda b: b"\x00" not in b), st.just(b"\n")),
        max_size=20,
    ).map(b"".join),
    st.integers(1, 12),
    st.integers(1, 10),
)
def test_blocks_hold_the_lines_a_line_reader_sees(data: bytes, size: int, longest: int) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_pipeline, "MAX_LINE_BYTES", longest)
        blocks = read(data, size)
    event(f"too long lines: {min(lines(blocks).count(None), 2)}")
    assert lines(blocks) == _reference(data, longest)
    assert sum(block.size for block in blocks) == len(data)
    assert [block.start for block in blocks] == list(
        itertools.accumulate((block.count for block in blocks[:-1]), initial=1)
    )[: len(blocks)]


def test_a_blocks_summary_counts_every_user_under_each_of_its_keys() -> None:
    """The report's summary of a block, tallied per kind of result, equals naming each user."""
    policy = example_policy()
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    data = b"".join(json.dumps(doc).encode() + b"\n" for doc in generated_users(300, seed=2))
    job = EvaluateJob(policy, now)
    results = [job(block) for block in _pipeline.blocks(io.BytesIO(data))]
    expected: Counter[str] = Counter()
    for doc in generated_users(300, seed=2):
        result = evaluate(policy, load_user(doc), now=now)
        expected["users"] += 1
        expected["prompt: " + result.prompt.mode.value] += 1
        expected["default: " + result.default.source.value] += 1
        expected["view gate: " + result.step_up.outcome.value] += 1
        expected["blocked"] += result.prompt.blocked is not None
        expected["review due"] += result.prompt.review_due
    got = sum((r.counts for r in results), Counter())
    assert got == +expected  # ``+``: without the keys no user added to
    assert len([key for key in got if key.startswith("prompt: ")]) > 1
    assert got["review due"] > 0


_GOOD = [json.dumps(doc).encode() for doc in generated_users(6, seed=5)]


@given(
    st.lists(
        st.one_of(
            st.sampled_from(_GOOD).map(lambda line: (line, "user")),
            st.sampled_from([b"", b"  ", b"\t", b"\r"]).map(lambda line: (line, "blank")),
            st.sampled_from([b"{", b"[]", b'{"schema": 1}']).map(lambda line: (line, "bad")),
        ),
        max_size=12,
    ),
    st.sampled_from([b"\n", b"\r\n"]),
    st.booleans(),
    st.integers(40, 4000),
)
def test_a_job_numbers_and_reads_every_line_as_one_line_at_a_time(
    parts: list[tuple[bytes, str]], ending: bytes, last_ended: bool, size: int
) -> None:
    """Blank lines are skipped but counted, a line's ending (``\\n`` or ``\\r\\n``) does not
    change what it says, and every bad line is named by its number, whatever the blocks."""
    policy = example_policy()
    job = EvaluateJob(policy, datetime(2026, 11, 25, 12, tzinfo=UTC))
    data = ending.join(line for line, _ in parts) + (ending if last_ended and parts else b"")
    results = [job(block) for block in read(data, size)]
    expected_out = [job.line(line)[0] for line, what in parts if what == "user"]
    expected_bad = [number for number, (_, what) in enumerate(parts, 1) if what == "bad"]
    event(f"bad lines: {min(len(expected_bad), 2)}, blocks: {min(len(results), 3)}")
    out = b"".join(result.data for result in results)
    assert out == b"".join(line + b"\n" for line in expected_out)
    assert [number for result in results for number, _ in result.errors] == expected_bad
    assert sum(result.counts["users"] for result in results) == len(expected_out)
    assert sum(result.lines for result in results) == data.count(b"\n") + (
        0 if not data or data.endswith(b"\n") else 1
    )
