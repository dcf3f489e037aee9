"""The report pipeline: blocks of JSON lines in, blocks of finished JSON lines out, in order.

The reader takes the input in large reads (:data:`BLOCK_BYTES`) and cuts each at its last
newline: a block is one ``bytes`` of whole lines, so only large blocks of raw text go to the
workers, and a job turns one block into a :class:`BlockResult` — the output lines already
encoded as one ``bytes``, the counts for the summary and the skipped lines with their messages —
so only large blocks of finished text come back. With several workers at most
``workers * IN_FLIGHT`` blocks are pending (bounded memory); results are consumed in input order
as soon as the oldest is ready, while the others keep running (no per-batch barrier).
"""

from __future__ import annotations

import collections
import concurrent.futures
import gc
import signal
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO, Protocol

import attrs

__all__ = [
    "BLOCK_BYTES",
    "MAX_LINE_BYTES",
    "BinaryInput",
    "Block",
    "BlockResult",
    "Job",
    "blocks",
    "run",
]

BLOCK_BYTES = 1 << 20
"""The size of one read of the input: a block is the whole lines it completes."""
MAX_LINE_BYTES = 16 << 20
"""A longer line is skipped unread (its bytes are consumed in reads, never held whole)."""
IN_FLIGHT = 2
"""Blocks pending per worker: one it works on and one waiting (a third changed no run's time
and held about 4 MB more at 1,000,000 users)."""
GC_THRESHOLD = (50_000, 50, 100)
"""The collector's thresholds while blocks are processed. A user's values hold no cycles, so
they are freed as soon as they are done with; the default first threshold (700 allocations)
runs the collector every few users for nothing (about 3 % of a line's time)."""
_BINARY_PROBE = 8192
_BOM = b"\xef\xbb\xbf"


class BinaryInput(Exception):
    """The input starts with a NUL byte in its first 8 KiB: a binary file, not JSON Lines."""


@attrs.frozen
class Block:
    """Consecutive lines of the input, from line number ``start``: ``data`` holds ``count``
    whole lines (each ending with a newline but perhaps the input's last), or is ``None`` for
    one line longer than :data:`MAX_LINE_BYTES`; ``size`` is the number of input bytes taken."""

    start: int
    data: bytes | None
    count: int
    size: int

    @property
    def lines(self) -> tuple[bytes | None, ...]:
        """The lines, each with its newline (``None``: too long to read)."""
        if self.data is None:
            return (None,)
        parts = self.data.split(b"\n")
        last = parts.pop()
        return (*(part + b"\n" for part in parts), *((last,) if last else ()))


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


def _first_line(data: bytes) -> bytes:
    """The first block's data without a UTF-8 byte-order mark; :class:`BinaryInput` when its
    first line holds a NUL byte in its first 8 KiB."""
    newline = data.find(b"\n", 0, _BINARY_PROBE)
    probe = data[: newline + 1 if newline >= 0 else _BINARY_PROBE]
    if b"\x00" in probe:
        raise BinaryInput(probe.index(b"\x00"))
    return data[len(_BOM) :] if data.startswith(_BOM) else data


def blocks(stream: BinaryIO) -> Iterator[Block]:
    """Cut *stream* into blocks of whole lines, reading up to :data:`BLOCK_BYTES` at a time
    (``read1`` when the stream has it, so a pipe's lines go on as they come); a UTF-8 byte-order
    mark on line 1 is dropped.

    Raises :class:`BinaryInput` (before yielding anything) when the first line holds a NUL byte
    in its first 8 KiB.
    """
    size = min(BLOCK_BYTES, MAX_LINE_BYTES)  # so a line ended within one read is never too long
    read = getattr(stream, "read1", None) or stream.read
    number = 1
    first = True
    pending: list[bytes] = []  # the start of a line not yet ended, in pieces
    waiting = 0  # its length
    skipping = 0  # the bytes taken so far of a line too long to read (0: not in one)
    while True:
        chunk = read(size)
        if skipping:
            newline = chunk.find(b"\n")
            if chunk and newline < 0:
                skipping += len(chunk)
                continue
            yield Block(number, None, 1, skipping + (newline + 1 if chunk else 0))
            number, first, skipping = number + 1, False, 0
            if not chunk:
                return
            chunk = chunk[newline + 1 :]
            if not chunk:
                continue
        if not chunk:  # the end: the last line has no newline
            if pending:
                data = b"".join(pending)
                yield Block(number, _first_line(data) if first else data, 1, waiting)
            return
        end = chunk.rfind(b"\n")
        if end < 0:
            pending.append(chunk)
            waiting += len(chunk)
            if waiting > MAX_LINE_BYTES:
                skipping, pending, waiting = waiting, [], 0
            continue
        long = -1
        if pending:
            long = waiting + chunk.find(b"\n")  # the length of the line begun earlier
            pending.append(chunk[: end + 1])
            data = b"".join(pending)
        else:
            data = chunk[: end + 1]
        pending, waiting = (
            ([chunk[end + 1 :]], len(chunk) - end - 1) if end + 1 < len(chunk) else ([], 0)
        )
        if long > MAX_LINE_BYTES:  # the line begun in earlier reads ended too long
            yield Block(number, None, 1, long + 1)
            number, first = number + 1, False
            data = data[long + 1 :]
            if not data:
                continue
        taken = len(data)
        if first:
            first = False
            data = _first_line(data)
        count = data.count(b"\n")
        yield Block(number, data, count, taken)
        number += count


_job: Job | None = None


def _init_worker(job: Job) -> None:
    global _job  # the worker process's copy of the job, set once by the pool
    _job = job
    gc.set_threshold(*GC_THRESHOLD)  # the worker's own process
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
        thresholds = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLD)
        try:
            for block in source:
                yield job(block)
        finally:
            gc.set_threshold(*thresholds)
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
