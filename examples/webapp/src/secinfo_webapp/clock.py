"""The app's clock: every request reads the time once from here and passes it to secinfo.

secinfo never reads the clock; the app does, through one injectable object, so tests (and the
demo's ``--now``) decide what time it is.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

__all__ = ["Clock", "FixedClock", "OffsetClock", "system_clock"]

Clock = Callable[[], datetime]
"""Anything that returns the current time as an aware datetime."""


def system_clock() -> datetime:
    """The real time, in UTC."""
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"the clock needs an aware datetime, got {moment.isoformat()}")
    return moment.astimezone(UTC)


class FixedClock:
    """A clock that stands still until told otherwise (tests).

    >>> clock = FixedClock(datetime(2026, 11, 25, 12, tzinfo=UTC))
    >>> clock.advance(minutes=20)
    >>> clock().isoformat()
    '2026-11-25T12:20:00+00:00'
    """

    def __init__(self, now: datetime) -> None:
        self._lock = threading.Lock()
        self._now = _aware(now)

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, now: datetime) -> None:
        """Move the clock to *now*."""
        with self._lock:
            self._now = _aware(now)

    def advance(self, **delta: float) -> None:
        """Move the clock forward by ``timedelta(**delta)``."""
        with self._lock:
            self._now += timedelta(**delta)


class OffsetClock:
    """A clock that starts at *start* and then runs at real speed (the demo's ``--now``)."""

    def __init__(self, start: datetime, *, monotonic: Callable[[], float] = time.monotonic):
        self._start = _aware(start)
        self._monotonic = monotonic
        self._origin = monotonic()

    def __call__(self) -> datetime:
        return self._start + timedelta(seconds=self._monotonic() - self._origin)
