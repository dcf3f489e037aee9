"""The report pipeline (secinfo._pipeline, secinfo._jsonl): blocks of whole lines, results in
order with bounded memory, and a reader that names what is wrong with a line."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator

import attrs
import pytest

from secinfo import _jsonl, _pipeline
from secinfo._pipeline import Block, BlockResult


def read(data: bytes, block_lines: int = 3) -> list[Block]:
    return list(_pipeline.blocks(io.BytesIO(data), block_lines=block_lines))


def test_blocks_are_whole_numbered_lines() -> None:
    data = b"".join(b"line %d\n" % n for n in range(1, 8)) + b"last"
    blocks = read(data)
    assert [block.start for block in blocks] == [1, 4, 7]
    assert blocks[2].lines == (b"line 7\n", b"last")
    assert sum(block.size for block in blocks) == len(data)


def test_a_byte_order_mark_is_dropped_from_line_one_only() -> None:
    blocks = read(b"\xef\xbb\xbf{}\n\xef\xbb\xbf{}\n")
    assert blocks[0].lines == (b"{}\n", b"\xef\xbb\xbf{}\n")


def test_a_binary_file_is_refused_before_anything_is_read() -> None:
    with pytest.raises(_pipeline.BinaryInput) as error:
        read(b"\x7fELF\x00\x00" + b"x" * 100)
    assert error.value.args == (4,)
    assert read(b"{}\n\x00\n")[0].lines == (b"{}\n", b"\x00\n")  # later: one bad line


def test_a_long_line_is_consumed_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pipeline, "MAX_LINE_BYTES", 10)
    monkeypatch.setattr(_pipeline, "_PIECE", 4)
    blocks = read(b"short\n" + b"x" * 50 + b"\nafter\n" + b"y" * 30)
    assert blocks[0].lines == (b"short\n", None, b"after\n")
    assert blocks[1].lines == (None,)
    assert sum(block.size for block in blocks) == 6 + 51 + 6 + 30


def test_blocks_end_at_the_byte_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pipeline, "BLOCK_BYTES", 10)
    blocks = read(b"aaaaaa\nbbbbbb\ncc\n", block_lines=100)
    assert [block.lines for block in blocks] == [(b"aaaaaa\n", b"bbbbbb\n"), (b"cc\n",)]


@attrs.frozen
class Upper:
    """A picklable job: upper-cases every line."""

    def __call__(self, block: Block) -> BlockResult:
        data = b"".join((line or b"").upper() for line in block.lines)
        return BlockResult(data, Counter(users=len(block.lines)), (), len(block.lines))


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_in_input_order(workers: int) -> None:
    data = b"".join(b"user %d\n" % n for n in range(500))
    source = _pipeline.blocks(io.BytesIO(data), block_lines=7)
    results = list(_pipeline.run(Upper(), source, workers=workers))
    assert b"".join(r.data for r in results) == data.upper()
    assert sum(r.lines for r in results) == 500


def test_no_more_than_a_few_blocks_are_pending_per_worker() -> None:
    pulled = 0

    def source() -> Iterator[Block]:
        nonlocal pulled
        for n in range(100):
            pulled += 1
            yield Block(n + 1, (b"x\n",), 2)

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
