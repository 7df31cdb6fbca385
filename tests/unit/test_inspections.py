"""The inspection plan of seed 004: who is due an initial or periodic inspection, and in what
order the factors of §10 rank them."""

from __future__ import annotations

from datetime import date

import pytest

from shared.legal.inspections import DEFAULT_WEIGHTS, Profile, inspection_plan

Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def _plan(*profiles: Profile, period: tuple[date, date] = Q1) -> dict[str, tuple[str, str, str]]:
    return {e.bailiff_id: (e.kind, e.window_from.isoformat(), e.window_to.isoformat())
            for e in inspection_plan(profiles, *period)}


@pytest.mark.parametrize(("started", "expected"), [
    # six months after the start falls in the quarter: initial, from that day
    (date(2025, 8, 15), ("initial", "2026-02-15", "2026-08-15")),
    # the window (6–12 months) covers the whole quarter
    (date(2025, 5, 10), ("initial", "2026-01-01", "2026-05-10")),
    # the last day of the window is the first day of the quarter: still initial
    (date(2025, 1, 1), ("initial", "2026-01-01", "2026-01-01")),
    # six months after the start is after the quarter: not yet
    (date(2025, 10, 1), None),
    # never inspected and past the initial window: periodic, overdue
    (date(2024, 6, 1), ("periodic", "2026-01-01", "2026-03-31")),
])
def test_initial_inspection_window(started: date, expected: tuple[str, str, str] | None) -> None:
    assert _plan(Profile("PB-1", started)).get("PB-1") == expected


@pytest.mark.parametrize(("last", "expected"), [
    (date(2025, 2, 10), ("periodic", "2026-02-11", "2026-03-31")),  # over a year on 11 Feb
    (date(2024, 11, 1), ("periodic", "2026-01-01", "2026-03-31")),
    (date(2025, 3, 31), None),   # a year exactly on 31 March: not *over* a year in Q1
    (date(2025, 6, 1), None),    # inspected less than a year ago: not twice in a year
])
def test_periodic_inspection_after_more_than_a_year(last: date,
                                                    expected: tuple[str, str, str] | None) -> None:
    profile = Profile("PB-1", date(2019, 3, 1), last_inspection_on=last)
    assert _plan(profile).get("PB-1") == expected


def test_an_inspection_before_the_start_does_not_count_as_the_initial_one() -> None:
    # a licence re-issued: the new practice gets its initial inspection
    profile = Profile("PB-1", date(2025, 7, 1), last_inspection_on=date(2024, 5, 1))
    assert _plan(profile)["PB-1"][0] == "initial"


def test_no_start_and_no_inspection_is_planned_as_missing_record() -> None:
    [entry] = inspection_plan([Profile("PB-1", None)], *Q1)
    assert (entry.kind, entry.never_inspected) == ("periodic", True)


def test_factors_rank_the_plan_and_say_why() -> None:
    old = date(2015, 1, 1)
    last = date(2024, 6, 1)
    quiet = Profile("PB-QUIET", old, last_inspection_on=last)
    acts = Profile("PB-ACTS", old, last_inspection_on=last, acts=4)
    criminal = Profile("PB-CRIM", old, last_inspection_on=last, criminal_cases=1, complaints=3)
    violations = Profile("PB-VIOL", old, last_inspection_on=last, violations_found=True,
                         recommendations_unmet=1)
    plan = inspection_plan([quiet, acts, criminal, violations], *Q1)
    assert [e.bailiff_id for e in plan] == ["PB-ACTS", "PB-CRIM", "PB-VIOL", "PB-QUIET"]
    by_id = {e.bailiff_id: e for e in plan}
    assert by_id["PB-ACTS"].factors == {"acts": 4 * DEFAULT_WEIGHTS["acts"]}
    assert by_id["PB-CRIM"].factors == {"complaints": 3.0, "criminal_cases": 5.0}
    assert by_id["PB-QUIET"].score == 0


def test_weights_are_policy() -> None:
    a = Profile("PB-A", date(2015, 1, 1), last_inspection_on=date(2024, 1, 1), acts=1)
    b = Profile("PB-B", date(2015, 1, 1), last_inspection_on=date(2024, 1, 1), complaints=2)
    assert [e.bailiff_id for e in inspection_plan([a, b], *Q1)] == ["PB-A", "PB-B"]
    weights = dict(DEFAULT_WEIGHTS, acts=0.5)
    assert [e.bailiff_id for e in inspection_plan([a, b], *Q1, weights)] == ["PB-B", "PB-A"]


def test_a_short_practice_counts() -> None:
    new = Profile("PB-NEW", date(2025, 7, 1))
    [entry] = inspection_plan([new], *Q1)
    assert entry.factors == {"short_practice": 1.0}


def test_a_period_that_ends_before_it_begins_is_refused() -> None:
    with pytest.raises(ValueError, match="ends before"):
        inspection_plan([], date(2026, 2, 1), date(2026, 1, 1))


def test_appeals_since_the_last_inspection_propose_an_unscheduled_one() -> None:
    """Seed 004 §11: an appeal to the prosecutor about a private bailiff is a ground for an
    unscheduled inspection; where a scheduled one is due, it carries the appeals with it."""
    inspected = date(2025, 6, 1)  # not due a periodic inspection in the period
    quiet = Profile("PB-Q", date(2020, 1, 1), last_inspection_on=inspected)
    appealed = Profile("PB-A", date(2020, 1, 1), last_inspection_on=inspected, appeals=2)
    due = Profile("PB-D", date(2020, 1, 1), last_inspection_on=date(2024, 1, 1), appeals=1)
    plan = {e.bailiff_id: e for e in inspection_plan([quiet, appealed, due], *Q1)}
    assert set(plan) == {"PB-A", "PB-D"}
    assert (plan["PB-A"].kind, plan["PB-A"].appeals, plan["PB-A"].never_inspected) == (
        "unscheduled", 2, False)
    assert (plan["PB-D"].kind, plan["PB-D"].appeals) == ("periodic", 1)


def test_the_order_s_notice_ten_calendar_days_before_the_start() -> None:
    from shared.legal.inspections import order_notice_in_time

    assert order_notice_in_time(date(2025, 11, 1), date(2025, 11, 11))
    assert not order_notice_in_time(date(2025, 11, 2), date(2025, 11, 11))
