"""Reports up the hierarchy: their periods and due days, and whether each came in time
(shared/legal/hierarchy.py)."""

from __future__ import annotations

from datetime import date

import pytest

from shared.legal.hierarchy import due_on, last_closed, period_of, timeliness


@pytest.mark.parametrize(("period_to", "day", "due"), [
    (date(2025, 12, 31), 7, date(2026, 1, 7)), (date(2026, 1, 31), 31, date(2026, 2, 28)),
    (date(2025, 9, 30), 5, date(2025, 10, 5))])
def test_due_dates(period_to: date, day: int, due: date) -> None:
    assert due_on(period_to, day) == due
    assert last_closed("quarterly", date(2026, 1, 1)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert last_closed("monthly", date(2026, 3, 15)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_of("quarterly", date(2026, 5, 31)) == (date(2026, 4, 1), date(2026, 6, 30))
    assert timeliness(due, due, due).state == "in_time"
    assert timeliness(None, None, due).state == "unscheduled"
    assert timeliness(due, None, due).state == "pending"
    late = date.fromordinal(due.toordinal() + 2)
    assert (timeliness(due, late, late).state, timeliness(due, late, late).days_late) == (
        "late", 2)
    assert (timeliness(due, None, late).state, timeliness(due, None, late).days_late) == (
        "overdue", 2)


def test_a_due_day_off_moves_to_the_next_working_day() -> None:
    from shared.legal.calendar import working_calendar

    calendar = working_calendar()
    # 7 January 2026 is Orthodox Christmas, a day off; 7 March 2026 a Saturday (and the 9th
    # a day off for the 8th of March, a Sunday).
    assert due_on(date(2025, 12, 31), 7, calendar) == date(2026, 1, 8)
    assert due_on(date(2026, 2, 28), 7, calendar) == date(2026, 3, 10)
    assert due_on(date(2026, 1, 31), 5, calendar) == date(2026, 2, 5)
