"""Time arithmetic that never overflows (see docs/decisions.md, "Times near the end of time").

A document may hold any RFC 3339 time up to 9999-12-31T23:59:59Z; adding a grace period or a
snooze delay to such a time would exceed :data:`datetime.max`. Every addition of a duration to
a time goes through :func:`later`, which saturates at :data:`END_OF_TIME` instead.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

END_OF_TIME = datetime.max.replace(tzinfo=UTC)
"""The latest representable instant (9999-12-31T23:59:59.999999Z): "never" for every window."""

START_OF_TIME = datetime.min.replace(tzinfo=UTC)
"""The earliest representable instant (0001-01-01T00:00:00Z)."""


def later(moment: datetime, delta: timedelta) -> datetime:
    """``moment + delta``, saturating at :data:`END_OF_TIME` (and, for a negative *delta*, at
    :data:`START_OF_TIME`) instead of raising :class:`OverflowError`.

    >>> later(datetime(9999, 12, 30, tzinfo=UTC), timedelta(days=14)) == END_OF_TIME
    True
    >>> later(datetime(2026, 1, 1, tzinfo=UTC), timedelta(days=1)).isoformat()
    '2026-01-02T00:00:00+00:00'
    """
    try:
        return moment + delta
    except OverflowError:
        return END_OF_TIME if delta > timedelta(0) else START_OF_TIME
