"""The inspection plan for private bailiffs (seed 004, §§7–10;
docs/rules.md#beyond-the-letter). Pure code.

The Rules of control over private bailiffs schedule two kinds of planned inspection:
- **initial**: not earlier than six months and not later than one year after the bailiff began
  practising (the schedule is made each quarter);
- **periodic**: for bailiffs whose last inspection was more than a year ago (made each calendar
  year); no bailiff is inspected on the schedule more than once a year.
§10 names the factors the schedule must weigh: the length of practice, the results of previous
inspections and whether their recommendations were carried out, complaints, enforcement actions
annulled by courts and courts' private rulings, criminal cases, and prosecutorial acts. The
weights are policy (settings), and each entry carries the factors behind its score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from shared.legal.calendar import WorkingCalendar, add_months

# Factor names, in the order the seed lists them; `breaches` (this system's own finding) last.
FACTORS = ("short_practice", "violations_found", "recommendations_unmet", "complaints",
           "court_rulings", "criminal_cases", "acts", "breaches")

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "short_practice": 1.0,   # practising for less than two years
    "violations_found": 2.0,  # the last inspection found violations
    "recommendations_unmet": 2.0,
    "complaints": 1.0,
    "court_rulings": 2.0,     # annulled enforcement actions and private rulings
    "criminal_cases": 5.0,
    "acts": 3.0,              # prosecutorial supervisory acts
    "breaches": 0.05,         # statutory-term breaches found by this system
}


@dataclass(frozen=True, slots=True)
class Profile:
    """What is known of one private bailiff on the day the plan is made. Counts cover the
    twelve months before that day."""

    bailiff_id: str
    started_on: date | None
    last_inspection_on: date | None = None
    violations_found: bool = False
    recommendations_unmet: int = 0
    complaints: int = 0
    court_rulings: int = 0
    criminal_cases: int = 0
    acts: int = 0
    breaches: int = 0
    # Appeals to the prosecutor about the bailiff since their last inspection (within the
    # twelve months): each a ground for an unscheduled inspection (§11).
    appeals: int = 0


@dataclass(frozen=True, slots=True)
class PlanEntry:
    bailiff_id: str
    kind: str            # initial | periodic | unscheduled
    window_from: date    # the earliest day the inspection may take place in the period
    window_to: date      # the latest day (initial: one year after the start)
    score: float
    factors: dict[str, float] = field(default_factory=dict)  # factor -> its share of the score
    never_inspected: bool = False
    appeals: int = 0     # appeals since the last inspection: grounds for an unscheduled one


def one_year_after(day: date) -> date:
    return add_months(day, 12)


def inspection_plan(profiles: Iterable[Profile], period_from: date, period_to: date,
                    weights: Mapping[str, float] = DEFAULT_WEIGHTS) -> list[PlanEntry]:
    """The bailiffs due an initial or periodic inspection within [period_from, period_to], and
    those with appeals about them since their last inspection, proposed for an unscheduled one
    where no scheduled inspection is due (a scheduled one carries the appeals with it); highest
    score first (then the earliest deadline)."""
    if period_to < period_from:
        raise ValueError("the period ends before it begins")
    entries = []
    for profile in profiles:
        entry = _due(profile, period_from, period_to, weights)
        if entry is None and profile.appeals:
            entry = _entry(profile, "unscheduled", period_from, period_to, period_from, weights,
                           never_inspected=profile.last_inspection_on is None)
        if entry is not None:
            entries.append(entry)
    entries.sort(key=lambda e: (-e.score, e.window_to, e.bailiff_id))
    return entries


def _due(profile: Profile, period_from: date, period_to: date,
         weights: Mapping[str, float]) -> PlanEntry | None:
    started, last = profile.started_on, profile.last_inspection_on
    inspected_since_start = last is not None and (started is None or last >= started)
    if started is not None and not inspected_since_start:
        opens, closes = add_months(started, 6), one_year_after(started)
        if opens <= period_to and closes >= period_from:
            return _entry(profile, "initial", max(opens, period_from), closes, period_from,
                          weights, never_inspected=True)
        if closes >= period_from:
            return None  # the initial window has not opened yet
        # Past the initial window and never inspected: periodic, and overdue.
        return _entry(profile, "periodic", period_from, period_to, period_from, weights,
                      never_inspected=True)
    if last is None:
        # Neither a start date nor an inspection on record: plan it, the record is missing.
        return _entry(profile, "periodic", period_from, period_to, period_from, weights,
                      never_inspected=True)
    anniversary = one_year_after(last) + timedelta(days=1)  # "more than a year ago"
    if anniversary > period_to:
        return None
    return _entry(profile, "periodic", max(anniversary, period_from), period_to, period_from,
                  weights)


def _entry(profile: Profile, kind: str, window_from: date, window_to: date, period_from: date,
           weights: Mapping[str, float], never_inspected: bool = False) -> PlanEntry:
    short = profile.started_on is not None and \
        add_months(profile.started_on, 24) > period_from
    values = {
        "short_practice": 1.0 if short else 0.0,
        "violations_found": 1.0 if profile.violations_found else 0.0,
        "recommendations_unmet": float(profile.recommendations_unmet),
        "complaints": float(profile.complaints),
        "court_rulings": float(profile.court_rulings),
        "criminal_cases": float(profile.criminal_cases),
        "acts": float(profile.acts),
        "breaches": float(profile.breaches),
    }
    factors = {name: round(values[name] * weights.get(name, 0.0), 4) for name in FACTORS
               if values[name] and weights.get(name, 0.0)}
    return PlanEntry(profile.bailiff_id, kind, window_from, window_to,
                     round(sum(factors.values()), 4), factors, never_inspected, profile.appeals)


# The commission's result certificate goes to the bailiff, the territorial body and the chamber
# within five working days of the inspection's end (seed 004 §20).
CERTIFICATE_WORKING_DAYS = 5


def certificate_due(ended_on: date, calendar: WorkingCalendar) -> date:
    """The last day to send an inspection's result certificate."""
    return calendar.working_day_term(ended_on, CERTIFICATE_WORKING_DAYS)


# The bailiff is acquainted with the inspection's order, signing it, not later than ten calendar
# days before the inspection begins (seed 004 §14).
ORDER_NOTICE_CALENDAR_DAYS = 10


def order_notice_in_time(notified_on: date, started_on: date) -> bool:
    """Whether the bailiff was acquainted with the order at least ten days before the start."""
    return (started_on - notified_on).days >= ORDER_NOTICE_CALENDAR_DAYS
