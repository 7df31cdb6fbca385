"""The working-day calendar: known days, decrees as data, and properties of the arithmetic."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.legal.calendar import (
    CalendarError,
    WorkingCalendar,
    add_months,
    load_decrees,
    working_calendar,
)

CAL = working_calendar()
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2055, 12, 31))


@pytest.mark.parametrize(("day", "working"), [
    (date(2024, 5, 4), True),    # Saturday worked by the 2024 decree
    (date(2024, 5, 8), False),   # Wednesday off by the same decree
    (date(2025, 1, 3), False),   # Friday off by the 2025 decree
    (date(2025, 1, 5), True),    # Sunday worked by the 2025 decree
    (date(2025, 1, 7), False),   # Orthodox Christmas
    (date(2025, 3, 10), False),  # 8 March fell on a Saturday: Monday off
    (date(2026, 3, 25), False),  # Nauryz 21-23 March 2026 with observed days
    (date(2026, 3, 26), True),
    (date(2025, 6, 6), False),   # Kurban Ait, first day
    (date(2025, 9, 1), False),   # Constitution Day (Saturday 30 Aug) observed
    (date(2025, 12, 16), False),  # Independence Day
    (date(2025, 12, 17), True),
    (date(2025, 11, 29), False),  # an ordinary Saturday
])
def test_known_days(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_domain_example() -> None:
    assert CAL.add_working_days(date(2026, 3, 19), 3) == date(2026, 3, 27)


def test_a_decree_is_added_as_data(tmp_path: Path) -> None:
    decrees = tmp_path / "decrees.toml"
    decrees.write_text(
        '[[entry]]\ndate = "2026-12-18"\nstatus = "day_off"\ndecree = "test decree"\n'
        '[[entry]]\ndate = "2026-12-19"\nstatus = "working_day"\ndecree = "test decree"\n'
    )
    calendar = working_calendar(decrees)
    assert CAL.is_working_day(date(2026, 12, 18))
    assert not calendar.is_working_day(date(2026, 12, 18))
    assert calendar.is_working_day(date(2026, 12, 19))
    # The working day after Thursday 17 Dec: Friday 18 without the decree, Saturday 19 with it.
    assert CAL.add_working_days(date(2026, 12, 17), 1) == date(2026, 12, 18)
    assert calendar.add_working_days(date(2026, 12, 17), 1) == date(2026, 12, 19)


@pytest.mark.parametrize(("text", "message"), [
    ('[[entry]]\ndate = "2026-02-30"\nstatus = "day_off"\ndecree = "x"\n', "'date'"),
    ('[[entry]]\ndate = "2026-02-03"\nstatus = "holiday"\ndecree = "x"\n', "'status'"),
    ('[[entry]]\ndate = "2026-02-03"\nstatus = "day_off"\n', "'decree'"),
    ("[[entry\n", "not valid TOML"),
])
def test_a_malformed_decree_file_names_the_fault(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(CalendarError, match=message):
        load_decrees(path)


def test_out_of_span_dates_are_refused() -> None:
    with pytest.raises(CalendarError, match="outside"):
        CAL.add_working_days(date(1900, 1, 1), 3)


def test_the_shipped_decrees_agree_with_the_package() -> None:
    assert WorkingCalendar(load_decrees()).add_working_days(date(2024, 1, 1), 300) == \
        WorkingCalendar().add_working_days(date(2024, 1, 1), 300)


@given(days, st.integers(min_value=1, max_value=60))
def test_working_day_term_lands_on_a_working_day_n_days_on(start: date, n: int) -> None:
    due = CAL.add_working_days(start, n)
    assert due > start
    assert CAL.is_working_day(due)
    assert CAL.working_days_between(start, due) == n
    assert CAL.working_days_between(start, due - timedelta(days=1)) == n - 1


@given(days, st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=30))
def test_working_day_terms_compose(start: date, a: int, b: int) -> None:
    assert CAL.add_working_days(CAL.add_working_days(start, a), b) == \
        CAL.add_working_days(start, a + b)


@given(days)
def test_next_working_day_is_the_first_on_or_after(day: date) -> None:
    shifted = CAL.next_working_day(day)
    assert shifted >= day and CAL.is_working_day(shifted)
    probe = day
    while probe < shifted:
        assert not CAL.is_working_day(probe)
        probe += timedelta(days=1)
    if CAL.is_working_day(day):
        assert shifted == day


@given(days, st.integers(min_value=0, max_value=48))
def test_month_terms_keep_the_day_or_clamp_to_month_end(start: date, months: int) -> None:
    end = add_months(start, months)
    assert (end.year - start.year) * 12 + end.month - start.month == months
    if start.day <= 28:
        assert end.day == start.day
    else:
        assert end.day == start.day or (end + timedelta(days=1)).month != end.month


@given(days, st.integers(min_value=1, max_value=60))
@settings(max_examples=200)
def test_calendar_day_terms_end_on_a_working_day_not_before_the_nth_day(start: date,
                                                                        n: int) -> None:
    due = CAL.calendar_day_term(start, n)
    assert due >= start + timedelta(days=n)
    assert CAL.is_working_day(due)
    assert due == CAL.next_working_day(start + timedelta(days=n))
