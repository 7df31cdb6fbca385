"""Reports up the prosecutor hierarchy (docs/rules.md#reports-up-the-hierarchy). Pure code.

A district office reports to its regional office each quarter; a regional office reports to the
General Prosecutor's Office each month and each quarter. A report covers a closed period and is
due on a set day of the month after it: the region's by the 7th (the order on supervision of
civil enforcement, seed 000 L651–653; the 5th in penal execution, seed 003 L398–401), the
district's by the 5th, so that the region has its districts' reports before its own is due.
Both days are settings; a due day that falls on a day off moves to the next working day. A
report sent after its day, or not sent once the day has passed, is
late, and its superior is shown so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from shared.legal.calendar import WorkingCalendar, add_months

Level = Literal["district", "region"]
Periodicity = Literal["monthly", "quarterly"]
LEVELS: tuple[Level, ...] = ("district", "region")
# What each level sends on the schedule.
SCHEDULE: dict[Level, tuple[Periodicity, ...]] = {
    "district": ("quarterly",),
    "region": ("monthly", "quarterly"),
}
# Who receives a level's report.
SUPERIOR: dict[Level, str] = {"district": "region", "region": "gpo"}


def period_of(kind: Periodicity, day: date) -> tuple[date, date]:
    """The month or the quarter that holds `day`, first and last day."""
    months = 1 if kind == "monthly" else 3
    first = date(day.year, day.month if months == 1 else 3 * ((day.month - 1) // 3) + 1, 1)
    return first, add_months(first, months) - timedelta(days=1)


def last_closed(kind: Periodicity, today: date) -> tuple[date, date]:
    """The latest month or quarter that ended before `today`."""
    first, _ = period_of(kind, today)
    return period_of(kind, first - timedelta(days=1))


def due_on(period_to: date, due_day: int, calendar: WorkingCalendar | None = None) -> date:
    """The day a report on a period ending `period_to` is due: `due_day` of the next month
    (its last day, where the month is shorter); a day off moves it to the next working day,
    as every term ending on a day off moves (docs/rules.md#end-on-a-day-off)."""
    following = add_months(period_to.replace(day=1), 1)
    last = (add_months(following, 1) - timedelta(days=1)).day
    day = following.replace(day=min(due_day, last))
    return calendar.next_working_day(day) if calendar is not None else day


@dataclass(frozen=True, slots=True)
class Timeliness:
    """Whether a report came by its day: `sent_on` None and the day passed is `overdue`."""

    state: Literal["in_time", "late", "pending", "overdue", "unscheduled"]
    days_late: int = 0


def timeliness(due: date | None, sent_on: date | None, today: date) -> Timeliness:
    if due is None:
        return Timeliness("unscheduled")
    if sent_on is not None:
        late = (sent_on - due).days
        return Timeliness("late", late) if late > 0 else Timeliness("in_time")
    late = (today - due).days
    return Timeliness("overdue", late) if late > 0 else Timeliness("pending")
