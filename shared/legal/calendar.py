"""Kazakhstan working days and the arithmetic of statutory terms (docs/rules.md#counting-terms).

Holidays, their observed days and the Government's known transfers come from the `holidays`
package (country KZ); decrees it does not know yet come from a TOML data file. The calendar is
precomputed once for a span of years into a sorted list of working days, so that "the N-th
working day after E" is one binary search: the audit asks it millions of times.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

import holidays

FIRST_YEAR = 1991  # the Republic's own calendar; no enforcement term reaches further back
LAST_YEAR = 2100
_DECREE_STATUSES = ("day_off", "working_day")


class CalendarError(ValueError):
    """A date outside the calendar's span, or a malformed decree file."""


@dataclass(frozen=True, slots=True)
class DecreeEntry:
    """One day moved by a Government decree."""

    on: date
    status: str  # "day_off" or "working_day"
    decree: str


def load_decrees(path: Path | None = None) -> list[DecreeEntry]:
    """Read decree entries from `path`, or from the file shipped with the package."""
    if path is None:
        text = resources.files("shared.legal").joinpath("calendar_decrees.toml").read_text("utf-8")
        where = "calendar_decrees.toml"
    else:
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise CalendarError(f"cannot read calendar decree file {path}: {exc}") from exc
        where = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CalendarError(f"{where}: not valid TOML: {exc}") from exc
    entries = []
    for number, raw in enumerate(data.get("entry", []), start=1):
        on, status, decree = raw.get("date"), raw.get("status"), raw.get("decree")
        if isinstance(on, str):
            try:
                on = date.fromisoformat(on)
            except ValueError:
                on = None
        if not isinstance(on, date):
            raise CalendarError(f"{where}: entry {number}: 'date' must be a date YYYY-MM-DD")
        if status not in _DECREE_STATUSES:
            raise CalendarError(
                f"{where}: entry {number}: 'status' must be one of {', '.join(_DECREE_STATUSES)}"
            )
        if not isinstance(decree, str) or not decree.strip():
            raise CalendarError(f"{where}: entry {number}: 'decree' must name the decree")
        entries.append(DecreeEntry(on=on, status=status, decree=decree))
    return entries


class WorkingCalendar:
    """Working days of Kazakhstan between FIRST_YEAR and LAST_YEAR."""

    def __init__(self, decrees: Iterable[DecreeEntry] = ()) -> None:
        years = range(FIRST_YEAR, LAST_YEAR + 1)
        kz = holidays.country_holidays("KZ", years=years)
        days_off = set(kz.keys())
        worked_weekends = set(getattr(kz, "weekend_workdays", ()))
        for entry in decrees:
            if entry.status == "day_off":
                days_off.add(entry.on)
                worked_weekends.discard(entry.on)
            else:
                worked_weekends.add(entry.on)
                days_off.discard(entry.on)
        self._first = date(FIRST_YEAR, 1, 1)
        self._last = date(LAST_YEAR, 12, 31)
        ordinals = []
        day = self._first
        one = timedelta(days=1)
        while day <= self._last:
            is_weekend = day.weekday() >= 5
            if day in worked_weekends or (not is_weekend and day not in days_off):
                ordinals.append(day.toordinal())
            day += one
        self._working: list[int] = ordinals
        self._working_set: frozenset[int] = frozenset(ordinals)
        # Terms counted once per (start, length): a national audit counts millions of terms
        # from a few thousand distinct dates. The calendar never changes once built.
        self._after: dict[tuple[date, int], date] = {}
        self._next: dict[date, date] = {}

    def _check(self, day: date) -> None:
        if not self._first <= day <= self._last:
            raise CalendarError(
                f"date {day.isoformat()} is outside the working-day calendar "
                f"({FIRST_YEAR}-{LAST_YEAR})"
            )

    def is_working_day(self, day: date) -> bool:
        self._check(day)
        return day.toordinal() in self._working_set

    def add_working_days(self, start: date, n: int) -> date:
        """The N-th working day after `start` (start itself not counted), N >= 1."""
        found = self._after.get((start, n))
        if found is None:
            found = self._after[(start, n)] = self._add_working_days(start, n)
        return found

    def _add_working_days(self, start: date, n: int) -> date:
        if n < 1:
            raise ValueError("a term of working days has at least one day")
        self._check(start)
        index = bisect_right(self._working, start.toordinal()) + n - 1
        if index >= len(self._working):
            raise CalendarError(f"{n} working days after {start} is past {LAST_YEAR}")
        return date.fromordinal(self._working[index])

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        found = self._next.get(day)
        if found is None:
            found = self._next[day] = self._next_working_day(day)
        return found

    def _next_working_day(self, day: date) -> date:
        self._check(day)
        index = bisect_left(self._working, day.toordinal())
        if index >= len(self._working):
            raise CalendarError(f"no working day after {day} before {LAST_YEAR + 1}")
        return date.fromordinal(self._working[index])

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in (start, end]: the inverse of add_working_days."""
        self._check(start)
        self._check(end)
        return bisect_right(self._working, end.toordinal()) - bisect_right(
            self._working, start.toordinal()
        )

    # Terms of docs/rules.md#counting-terms.

    working_day_term = add_working_days

    def calendar_day_term(self, start: date, n: int) -> date:
        return self.next_working_day(start + timedelta(days=n))

    def month_term(self, start: date, months: int) -> date:
        return self.next_working_day(add_months(start, months))


@lru_cache(maxsize=1 << 16)  # pure, and asked for the same few thousand dates again and again
def add_months(start: date, months: int) -> date:
    """The same day number `months` later, clamped to the last day of a shorter month."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


@lru_cache(maxsize=8)
def working_calendar(extra_decrees: Path | None = None) -> WorkingCalendar:
    """The shared calendar: the package's decrees plus a site's own file, built once."""
    decrees = load_decrees()
    if extra_decrees is not None:
        decrees += load_decrees(extra_decrees)
    return WorkingCalendar(decrees)
