"""The system's clock: Kazakhstan's time zone, and the timestamps every service writes.

Where the system's "today" is pinned (`QADAGALAU_TODAY`, a demo replaying its history, a
test), timestamps follow it: the wall clock's time, moved to that day. Otherwise an alert's
history would say 2026 beside a demo whose today is 2025-12-01. The shift is fixed while the
pinned day stays the same, so the clock never runs backwards (at midnight, say). It is one per
process, set by `build()` (the last system built sets it; tests that share one system across a
module rely on no other being built meanwhile): pinning is for a demo or a test, never for
replicas in production (each would shift by its own wall date).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

KAZAKHSTAN = ZoneInfo("Asia/Almaty")

_today: Callable[[], date] | None = None
_shift: tuple[date, timedelta] | None = None


def today_in_kazakhstan(pinned: date | None = None) -> date:
    """The system's 'today': the local date in Kazakhstan, unless `pinned` (QADAGALAU_TODAY)."""
    return pinned or datetime.now(KAZAKHSTAN).date()


def keep_time_with(today: Callable[[], date] | None) -> None:
    """Make timestamps follow `today` (None: the wall clock alone)."""
    global _today, _shift
    _today, _shift = today, None


def utcnow() -> datetime:
    """Now, in UTC; on the pinned day, where one is pinned."""
    global _shift
    now = datetime.now(UTC)
    if _today is None:
        return now
    day = _today()
    if _shift is None or _shift[0] != day:
        _shift = (day, timedelta(days=(day - now.astimezone(KAZAKHSTAN).date()).days))
    return now + _shift[1]
