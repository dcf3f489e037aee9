"""The report pipeline: blocks of JSON lines in, blocks of finished JSON lines out, in order.

The reader cuts the input into blocks of whole lines (at most :data:`BLOCK_LINES` lines or
:data:`BLOCK_BYTES` bytes). A job turns one block into a :class:`BlockResult` — the output lines
already encoded as one ``bytes``, the counts for the summary and the skipped lines with their
messages — so only large blocks of finished text cross between processes. With several workers
at most ``workers * IN_FLIGHT`` blocks are pending (bounded memory); results are consumed in
input order as soon as the oldest is ready, while the others keep running (no per-batch barrier).
"""

from __future__ import annotations

import collections
import concurrent.futures
import signal
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO, Protocol

import attrs

__all__ = [
    "BLOCK_BYTES",
    "BLOCK_LINES",
    "MAX_LINE_BYTES",
    "BinaryInput",
    "Block",
    "BlockResult",
    "Job",
    "blocks",
    "run",
]

BLOCK_LINES = 2000
"""Most lines in one block."""
BLOCK_BYTES = 4 << 20
"""A block ends after the line that makes it this many bytes or more."""
MAX_LINE_BYTES = 16 << 20
"""A longer line is skipped unread (its bytes are consumed in pieces, never held whole)."""
IN_FLIGHT = 3
"""Blocks pending per worker."""
_PIECE = 1 << 20
_BINARY_PROBE = 8192


class BinaryInput(Exception):
    """The input starts with a NUL byte in its first 8 KiB: a binary file, not JSON Lines."""


@attrs.frozen
class Block:
    """Consecutive lines of the input: ``lines[i]`` is line ``start + i`` (``None``: longer than
    :data:`MAX_LINE_BYTES`); ``size`` is the number of bytes they took."""

    start: int
    lines: tuple[bytes | None, ...]
    size: int


@attrs.frozen
class BlockResult:
    """What a job made of one block: the output (whole lines, newline-terminated), the counts
    for the summary, the skipped lines as ``(line number, message)``, and how many input lines
    the block had."""

    data: bytes
    counts: Counter[str]
    errors: tuple[tuple[int, str], ...]
    lines: int


class Job(Protocol):
    """A picklable function of a block (it is sent once to every worker process)."""

    def __call__(self, block: Block) -> BlockResult:
        """Process one block."""
        ...


def _read_line(stream: BinaryIO) -> tuple[bytes | None, int]:
    """The next line and its size in bytes (``None`` if longer than :data:`MAX_LINE_BYTES`)."""
    line = stream.readline(MAX_LINE_BYTES + 1)
    if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
        return line, len(line)
    size = len(line)
    while True:
        piece = stream.readline(_PIECE)
        size += len(piece)
        if not piece or piece.endswith(b"\n"):
            return None, size


def blocks(stream: BinaryIO, *, block_lines: int | None = None) -> Iterator[Block]:
    """Cut *stream* into blocks of whole lines (a UTF-8 byte-order mark on line 1 is dropped).

    Raises :class:`BinaryInput` (before yielding anything) when the first line holds a NUL byte
    in its first 8 KiB.
    """
    block_lines = BLOCK_LINES if block_lines is None else block_lines
    number = 1
    first = True
    while True:
        lines: list[bytes | None] = []
        size = 0
        while len(lines) < block_lines and size < BLOCK_BYTES:
            line, taken = _read_line(stream)
            if not taken:
                break
            if first:
                first = False
                if line is not None and b"\x00" in line[:_BINARY_PROBE]:
                    raise BinaryInput(line[:_BINARY_PROBE].index(b"\x00"))
                if line is not None and line.startswith(b"\xef\xbb\xbf"):
                    line = line[3:]
            lines.append(line)
            size += taken
        if not lines:
            return
        yield Block(number, tuple(lines), size)
        number += len(lines)


_job: Job | None = None


def _init_worker(job: Job) -> None:
    global _job  # the worker process's copy of the job, set once by the pool
    _job = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork


def _run_in_worker(block: Block) -> BlockResult:
    if _job is None:  # pragma: no cover - set by the pool's initializer
        raise RuntimeError("the worker was not initialised")
    return _job(block)


def run(job: Job, source: Iterator[Block], *, workers: int) -> Iterator[BlockResult]:
    """The job's result for every block of *source*, in order; *workers* > 1 runs the job in
    that many processes with at most ``workers * IN_FLIGHT`` blocks pending."""
    if workers <= 1:
        for block in source:
            yield job(block)
        return
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(job,)
    )
    pending: collections.deque[concurrent.futures.Future[BlockResult]] = collections.deque()
    try:
        for block in source:
            pending.append(pool.submit(_run_in_worker, block))
            if len(pending) >= workers * IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
