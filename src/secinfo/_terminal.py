"""What the command line shows on a terminal: a progress bar and summary tables.

With the ``cli`` extra (rich) installed the bar is rich's (total, percent, rate, time left) and
the summary a rich table; without it a plain one-line counter and plain aligned lines. Bars and
rich tables are drawn only on a terminal (elsewhere the summary is the plain lines); warnings are
printed above the bar, never glued to it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, TextIO

__all__ = ["Display", "has_rich", "progress", "table"]

_clock = time.monotonic

try:
    import rich.console
    import rich.progress
    import rich.table
    import rich.text

    _RICH = True
except ImportError:  # the ``cli`` extra is not installed: plain output
    _RICH = False


def has_rich() -> bool:
    """Whether rich is installed (the ``cli`` extra)."""
    return _RICH


class Display(Protocol):
    """Where a long run reports its progress and its warnings."""

    def advance(self, lines: int, users: int) -> None:
        """*lines* more input lines done, *users* of them evaluated."""

    def warn(self, message: str) -> None:
        """Print one warning line (above the bar, if there is one)."""


class _Quiet:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def advance(self, lines: int, users: int) -> None:
        pass

    def warn(self, message: str) -> None:
        print(message, file=self.stream)


class _Plain:
    """A one-line counter redrawn at most five times a second."""

    def __init__(self, stream: TextIO, total: int | None) -> None:
        self.stream, self.total = stream, total
        self.lines = self.users = 0
        self.start = self.drawn = _clock()

    def advance(self, lines: int, users: int) -> None:
        self.lines += lines
        self.users += users
        now = _clock()
        if now - self.drawn >= 0.2:
            self.drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.lines / max(now - self.start, 1e-9)
        text = f"{self.lines:,} lines"
        if self.total:
            left = (self.total - self.lines) / rate if rate else 0.0
            text = (
                f"{self.lines:,}/{self.total:,} lines {100 * self.lines / self.total:3.0f}%"
                f"  {rate:,.0f}/s  {int(left) // 60}:{int(left) % 60:02d} left"
            )
        else:
            text += f"  {rate:,.0f}/s"
        self.stream.write(f"\r\x1b[K{text}")
        self.stream.flush()

    def warn(self, message: str) -> None:
        self.stream.write(f"\r\x1b[K{message}\n")
        self._draw(_clock())

    def clear(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()


if _RICH:

    class _RateColumn(rich.progress.ProgressColumn):
        """Lines per second."""

        def render(self, task: rich.progress.Task) -> rich.text.Text:
            speed = task.finished_speed or task.speed
            return rich.text.Text("" if speed is None else f"{speed:,.0f} lines/s")

    class _Rich:
        def __init__(self, bar: rich.progress.Progress, task: rich.progress.TaskID) -> None:
            self.bar, self.task = bar, task

        def advance(self, lines: int, users: int) -> None:
            self.bar.advance(self.task, lines)

        def warn(self, message: str) -> None:
            self.bar.console.print(message, markup=False, highlight=False, soft_wrap=True)


@contextmanager
def progress(stream: TextIO, total: int | None, *, label: str) -> Iterator[Display]:
    """A display for a run of *total* lines (``None``: unknown) on *stream*; a bar only when
    *stream* is a terminal."""
    if not _isatty(stream):
        yield _Quiet(stream)
        return
    if not _RICH:
        plain = _Plain(stream, total)
        try:
            yield plain
        finally:
            plain.clear()
        return
    console = rich.console.Console(file=stream)
    bar = rich.progress.Progress(
        rich.progress.TextColumn("{task.description}"),
        rich.progress.BarColumn(),
        rich.progress.MofNCompleteColumn(),
        rich.progress.TaskProgressColumn(),
        _RateColumn(),
        rich.progress.TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    with bar:
        yield _Rich(bar, bar.add_task(label, total=total))


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def table(stream: TextIO, title: str, rows: Sequence[tuple[str, int]]) -> None:
    """Print *rows* (label, count): a rich table under *title* on a terminal (with the ``cli``
    extra), otherwise one aligned ``label  count`` line per row (stable for scripts and logs)."""
    if _RICH and _isatty(stream):
        console = rich.console.Console(file=stream, highlight=False)
        grid: Any = rich.table.Table(title=title, title_justify="left")
        grid.add_column("")
        grid.add_column("count", justify="right")
        for label, count in rows:
            grid.add_row(rich.text.Text(label), f"{count:,}")
        console.print(grid)
        return
    width = max((len(label) for label, _ in rows), default=0)
    for label, count in rows:
        print(f"{label:<{width}}  {count:>8}", file=stream)
