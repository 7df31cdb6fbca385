"""How far past its term a breach is (shared/legal/rules.py: overdue), and what of an IIN a
page shows (shared/events.py: shown_iin_bin)."""

from __future__ import annotations

from datetime import date

import pytest

from shared.events import shown_iin_bin
from shared.legal.calendar import working_calendar
from shared.legal.rules import RULES, overdue

CALENDAR = working_calendar()
THURSDAY = date(2025, 9, 18)


@pytest.mark.parametrize(("rule", "until", "expected"), [
    # A term of working days is late by working days: Fri 19 and Mon 22 Sep.
    ("OPENING_TERM", date(2025, 9, 22), (2, "working_days")),
    ("VALUATION_TERM", date(2025, 9, 22), (2, "working_days")),
    ("SANCTION_DECISION_TERM", date(2025, 9, 22), (2, "working_days")),
    # A term of months or calendar days, by calendar days.
    ("COMPLETION_TERM", date(2025, 9, 22), (4, "days")),
    ("ACT_RESPONSE_TERM", date(2025, 9, 22), (4, "days")),
    # On its last day a term is not late; a rule without a term is never "late by".
    ("OPENING_TERM", THURSDAY, None),
    ("UNSANCTIONED_EXECUTION", date(2025, 9, 22), None),
    ("LICENCE_THRESHOLD", date(2025, 9, 22), None),
    ("NO_SUCH_RULE", date(2025, 9, 22), None),
])
def test_overdue_counts_what_the_term_counts(rule: str, until: date,
                                              expected: tuple[int, str] | None) -> None:
    assert overdue(rule, THURSDAY, until, CALENDAR) == expected


def test_a_weekend_after_the_last_day_is_late_in_calendar_days_not_by_zero() -> None:
    friday = date(2025, 9, 19)
    assert overdue("OPENING_TERM", friday, date(2025, 9, 20), CALENDAR) == (1, "days")
    assert overdue("OPENING_TERM", friday, date(2025, 9, 21), CALENDAR) == (2, "days")
    assert overdue("OPENING_TERM", friday, date(2025, 9, 22), CALENDAR) == (1, "working_days")


def test_a_national_holiday_is_not_a_working_day_late() -> None:
    # Tue 16 Dec 2025 is Independence Day: due Mon 15 Dec, done Thu 18 Dec -> Wed and Thu.
    assert overdue("OPENING_TERM", date(2025, 12, 15), date(2025, 12, 18), CALENDAR) == (
        2, "working_days")


def test_every_rule_says_what_its_term_counts() -> None:
    assert {rule.code: rule.counted_in for rule in RULES} == {
        "OPENING_TERM": "working_days", "NOTICE_TERM": "working_days",
        "COMPLETION_TERM": "days", "VALUATION_TERM": "working_days",
        "UNSANCTIONED_EXECUTION": None, "SANCTION_DECISION_TERM": "working_days",
        "ACT_RESPONSE_TERM": "days", "LICENCE_THRESHOLD": None,
        "APPEAL_TERM": "working_days", "APPEAL_EXTENSION_NOTICE_TERM": "working_days"}


def test_a_persons_iin_is_masked_a_companys_bin_is_not() -> None:
    assert shown_iin_bin("individual", "900101300017") == "••••••••0017"
    assert shown_iin_bin("legal_entity", "120340012345") == "120340012345"
