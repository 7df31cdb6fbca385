"""The breach rules of docs/rules.md: pure functions of a folded history and an evaluation date.

A breach exists once the evaluation date is after the last day of a term and the action had not
happened by that day; a late action turns it from `open` to `late` and never erases it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, NamedTuple

from shared.events import Event
from shared.legal.calendar import WorkingCalendar, add_months
from shared.legal.history import MONEY_KINDS, Act, Appeal, Bailiff, Proceeding, earliest
from shared.legal.policy import LicenceWindow, SuspensionPolicy, Terms

State = Literal["open", "late"]
Overdue = Literal["working_days", "days"]


class Breach(NamedTuple):
    """One breach, with the fields of the audit record (docs/contract.md §2). A named tuple,
    not a frozen dataclass: a national audit makes hundreds of thousands, and a frozen
    dataclass sets each field through object.__setattr__."""

    rule: str
    proceeding_id: str | None
    bailiff_id: str | None
    due: date
    state: State
    done_on: date | None = None
    property_id: str | None = None
    act_id: str | None = None
    decree_id: str | None = None
    year: int | None = None
    appeal_id: str | None = None

    @property
    def sort_key(self) -> tuple[str, ...]:
        return (
            self.rule,
            self.proceeding_id or "",
            self.property_id or "",
            self.act_id or "",
            self.decree_id or "",
            self.bailiff_id or "",
            self.appeal_id or "",
        )

    def record(self) -> dict[str, Any]:
        """The audit record, its fields in the contract's order (RECORD_FIELDS)."""
        return {
            "rule": self.rule,
            "proceeding_id": self.proceeding_id,
            "property_id": self.property_id,
            "act_id": self.act_id,
            "decree_id": self.decree_id,
            "bailiff_id": self.bailiff_id,
            "year": self.year,
            "due": self.due.isoformat(),
            "state": self.state,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "appeal_id": self.appeal_id,
        }


RECORD_FIELDS = (
    "rule",
    "proceeding_id",
    "property_id",
    "act_id",
    "decree_id",
    "bailiff_id",
    "year",
    "due",
    "state",
    "done_on",
    "appeal_id",
)


@dataclass(frozen=True, slots=True)
class Context:
    calendar: WorkingCalendar
    policy: Terms


def _judge(due: date, done_on: date | None, as_of: date) -> tuple[State, date | None] | None:
    """The breach state of a term that ended on `due`, or None when there is no breach."""
    if as_of <= due:
        return None
    if done_on is not None and done_on <= due:
        return None
    if done_on is not None and done_on <= as_of:
        return "late", done_on
    return "open", None


# --- proceeding rules ---------------------------------------------------------------------
# These return lists, not generators: a national audit calls each for a million proceedings,
# and a generator costs more to make than the list it would fill (docs/performance.md).

_NONE: tuple[Breach, ...] = ()


def opening_term(p: Proceeding, as_of: date, ctx: Context) -> Sequence[Breach]:
    assert p.accepted_on is not None
    due = ctx.calendar.working_day_term(p.accepted_on, ctx.policy.opening_term_working_days)
    done = earliest(p.initiated_on, p.refused_on)
    verdict = _judge(due, done, as_of)
    if not verdict:
        return _NONE
    return [Breach("OPENING_TERM", p.proceeding_id, p.bailiff_on(due), due, *verdict)]


def notice_term(p: Proceeding, as_of: date, ctx: Context) -> Sequence[Breach]:
    assert p.accepted_on is not None
    if p.initiated_on is None:
        return _NONE
    due = ctx.calendar.working_day_term(p.accepted_on, ctx.policy.opening_term_working_days)
    verdict = _judge(due, p.notice_on, as_of)
    if not verdict:
        return _NONE
    return [Breach("NOTICE_TERM", p.proceeding_id, p.bailiff_on(due), due, *verdict)]


def completion_due(p: Proceeding, months: int, ctx: Context) -> date | None:
    """Last day of a completion term of `months`, or None while a suspension holds it open."""
    assert p.initiated_on is not None
    end = add_months(p.initiated_on, months)
    if ctx.policy.suspension_policy is SuspensionPolicy.EXTEND:
        for suspension in p.suspensions:  # already in date order
            if suspension.began_on > end:
                break  # the breach had already happened when this suspension began
            if suspension.resumed_on is None:
                return None
            end += suspension.resumed_on - suspension.began_on
    return ctx.calendar.next_working_day(end)


def completion_term(p: Proceeding, as_of: date, ctx: Context) -> Sequence[Breach]:
    if p.initiated_on is None or p.periodic:
        return _NONE
    policy = ctx.policy
    due = completion_due(p, policy.completion_term_months, ctx)
    if due is None:
        return _NONE
    hard = p.category == "demolition" or _on_or_before(p.hard_case_from, due)
    if hard:
        due = completion_due(p, policy.completion_term_hard_months, ctx)
        if due is None:
            return _NONE
    verdict = _judge(due, p.ended_on, as_of)
    if not verdict:
        return _NONE
    return [Breach("COMPLETION_TERM", p.proceeding_id, p.bailiff_on(due), due, *verdict)]


def valuation_term(p: Proceeding, as_of: date, ctx: Context) -> Sequence[Breach]:
    if not p.properties:
        return _NONE
    found: list[Breach] = []
    for prop in p.properties.values():
        if prop.kind in MONEY_KINDS or prop.ownership_on is None:
            continue
        start = max(prop.arrested_on, prop.ownership_on)
        due = ctx.calendar.working_day_term(start, ctx.policy.valuation_term_working_days)
        if _on_or_before(prop.released_on, due) or _on_or_before(p.ended_on, due):
            continue
        verdict = _judge(due, prop.appraised_on, as_of)
        if verdict:
            found.append(Breach(
                "VALUATION_TERM", p.proceeding_id, p.bailiff_on(due), due, *verdict,
                property_id=prop.property_id,
            ))
    return found


def unsanctioned_execution(p: Proceeding, as_of: date, ctx: Context) -> Sequence[Breach]:
    if not p.decrees:
        return _NONE
    found: list[Breach] = []
    for decree in p.decrees.values():
        if decree.executed_on is None or decree.kind is None:
            continue
        if not ctx.policy.prosecutor_sanctioned(decree.kind):
            continue
        if decree.granted_on is not None and decree.granted_on <= decree.executed_on:
            continue
        executed = decree.executed_on
        found.append(Breach(
            "UNSANCTIONED_EXECUTION", p.proceeding_id, p.bailiff_on(executed), executed, "open",
            decree_id=decree.decree_id,
        ))
    return found


def sanction_decision_due(issued_on: date, ctx: Context) -> date:
    """Last day of the prosecutor's decision on a sanction request received on `issued_on`:
    the one place the term is counted, for the rule and for the sanctions queue's countdown."""
    return ctx.calendar.working_day_term(issued_on, ctx.policy.sanction_decision_working_days)


def sanction_decision_term(p: Proceeding, as_of: date, ctx: Context) -> Sequence[Breach]:
    """The prosecutor's own term (docs/rules.md): a request is received with its decree."""
    if not p.decrees:
        return _NONE
    found: list[Breach] = []
    for decree in p.decrees.values():
        if decree.issued_on is None or decree.kind is None:
            continue  # a decision or an execution whose decree is not known (yet)
        if not ctx.policy.prosecutor_sanctioned(decree.kind):
            continue
        due = sanction_decision_due(decree.issued_on, ctx)
        verdict = _judge(due, decree.decided_on, as_of)
        if verdict:
            found.append(Breach(
                "SANCTION_DECISION_TERM", p.proceeding_id, p.bailiff_on(decree.issued_on), due,
                *verdict, decree_id=decree.decree_id,
            ))
    return found


# --- act and bailiff rules ----------------------------------------------------------------


# A prosecutor may set a protest another term of consideration, but not one shorter than three
# working days (Constitutional Law "On the Prosecutor's Office", Art. 33(3);
# docs/rules.md#act_response_term).
PROTEST_MINIMUM_WORKING_DAYS = 3


def protest_earliest_due(registered_on: date, calendar: WorkingCalendar) -> date:
    """The earliest last day a prosecutor may give a protest's own term."""
    return calendar.add_working_days(registered_on, PROTEST_MINIMUM_WORKING_DAYS)


def protest_term_refusal(act_kind: str, registered_on: date, response_due_on: date | None,
                         calendar: WorkingCalendar) -> str | None:
    """Why a protest's own term is unlawful, or None: it may not end before the third working
    day after registration. Such an act is refused where it is registered (the pages, ingest)
    and reported as invalid by the audit, never judged."""
    if act_kind != "protest" or response_due_on is None:
        return None
    earliest = protest_earliest_due(registered_on, calendar)
    if response_due_on >= earliest:
        return None
    return (f"response_due_on: a protest's term of consideration may not end before the third "
            f"working day after its registration ({earliest.isoformat()}); "
            f"{response_due_on.isoformat()} is earlier")


def act_refusal(event: Event, calendar: WorkingCalendar) -> str | None:
    """Why a valid event is still unlawful, or None (checked after the contract's validation,
    since it needs the calendar). By its `type`, not its class: the audit reads events as
    msgspec Structs of the same fields (shared/event_decoder.py)."""
    if event.type == "act.registered":
        return protest_term_refusal(event.act_kind, event.occurred_on, event.response_due_on,
                                    calendar)
    return None


def act_response_due(act: Act, ctx: Context) -> date | None:
    if act.response_due_on is not None:
        return act.response_due_on  # set by the prosecutor: taken as it is
    days = {
        "protest": ctx.policy.protest_response_days,
        "representation": ctx.policy.representation_response_days,
    }.get(act.kind)
    if days is None:
        return None
    return ctx.calendar.calendar_day_term(act.registered_on, days)


def act_response_term(act: Act, as_of: date, ctx: Context) -> Iterator[Breach]:
    due = act_response_due(act, ctx)
    if due is None:
        return
    verdict = _judge(due, act.answered_on, as_of)
    if verdict:
        yield Breach(
            "ACT_RESPONSE_TERM", act.proceeding_id, act.bailiff_id, due, *verdict, act_id=act.act_id
        )


# --- appeal rules: the office's own terms (docs/rules.md#appeal_term) -----------------------


def appeal_answer_due(appeal: Appeal, ctx: Context) -> date | None:
    """The last day of an appeal's final answer, or None while an inspection ordered on it
    runs (its term is then counted from the inspection's end).

    15 working days from receipt; an extension decided by then moves it to the day set, but
    never past 2 months from receipt; an extension decided after the term ran out moves
    nothing. An inspection ordered within the term: 10 working days after it ends, never
    sooner than the term already ran (an inspection gives time, it takes none)."""
    policy, calendar = ctx.policy, ctx.calendar
    last = calendar.working_day_term(appeal.received_on, policy.appeal_working_days)
    cap = calendar.month_term(appeal.received_on, policy.appeal_extension_months)
    for decided_on, until in appeal.extensions:
        if decided_on <= last and until > last:
            last = min(until, cap)
    ordered = appeal.inspection_ordered_on
    if ordered is not None and ordered <= last:
        if appeal.inspection_ended_on is None:
            return None
        return max(last, calendar.working_day_term(appeal.inspection_ended_on,
                                                   policy.appeal_after_inspection_working_days))
    return last


def appeal_term(appeal: Appeal, as_of: date, ctx: Context) -> Iterator[Breach]:
    due = appeal_answer_due(appeal, ctx)
    if due is None:
        return
    verdict = _judge(due, appeal.answered_on, as_of)
    if verdict:
        yield Breach("APPEAL_TERM", appeal.proceeding_id, appeal.bailiff_id, due, *verdict,
                     appeal_id=appeal.appeal_id)


def appeal_extension_notice_term(appeal: Appeal, as_of: date, ctx: Context) -> Iterator[Breach]:
    """The applicant told of the (first) extension within 3 working days of its decision."""
    if not appeal.extensions:
        return
    decided_on = appeal.extensions[0][0]
    due = ctx.calendar.working_day_term(decided_on, ctx.policy.appeal_notice_working_days)
    told = next((day for day in appeal.notified_on if day >= decided_on), None)
    verdict = _judge(due, told, as_of)
    if verdict:
        yield Breach("APPEAL_EXTENSION_NOTICE_TERM", appeal.proceeding_id, appeal.bailiff_id,
                     due, *verdict, appeal_id=appeal.appeal_id)


def licence_threshold(
    acts: Iterable[Act], bailiffs: Mapping[str, Bailiff], as_of: date, ctx: Context
) -> Iterator[Breach]:
    """Bailiffs with more supervisory acts than the threshold in a window (a proposal, not law)."""
    policy = ctx.policy
    by_bailiff: dict[str, list[date]] = defaultdict(list)
    for act in acts:
        if act.registered_on > as_of or act.kind not in policy.licence_act_kinds:
            continue
        if policy.licence_private_only:
            bailiff = bailiffs.get(act.bailiff_id)
            if bailiff is None or bailiff.kind != "private":
                continue
        by_bailiff[act.bailiff_id].append(act.registered_on)
    for bailiff_id, dates in by_bailiff.items():
        dates.sort()
        for crossed_on in _crossings(dates, policy.licence_threshold, policy.licence_window):
            yield Breach(
                "LICENCE_THRESHOLD", None, bailiff_id, crossed_on, "open", year=crossed_on.year
            )


def _crossings(dates: list[date], threshold: int, window: LicenceWindow) -> Iterator[date]:
    """The date of the act that took the count past the threshold: once a calendar year."""
    if window is LicenceWindow.CALENDAR:
        per_year: dict[int, list[date]] = defaultdict(list)
        for day in dates:
            per_year[day.year].append(day)
        for year_dates in per_year.values():
            if len(year_dates) > threshold:
                yield year_dates[threshold]
        return
    # rolling-365: any 365 days; the first crossing of each calendar year is reported.
    reported: set[int] = set()
    start = 0
    for end, day in enumerate(dates):
        first_day, _ = licence_window(day.year, day, window)
        while dates[start] < first_day:
            start += 1
        if end - start + 1 > threshold and day.year not in reported:
            reported.add(day.year)
            yield day


def licence_window(year: int, until: date, window: LicenceWindow) -> tuple[date, date]:
    """The days whose acts count toward the threshold in `year`, as of `until`: the calendar
    year up to `until`, or the 365 days ending on `until` (the same window `_crossings`
    slides)."""
    if window is LicenceWindow.CALENDAR:
        return date(year, 1, 1), min(until, date(year, 12, 31))
    return until - timedelta(days=364), until


# --- the catalogue ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    source: str
    description: str
    scope: Literal["proceeding", "act", "bailiff", "appeal"]
    check: Callable[..., Iterable[Breach]]
    settings: tuple[str, ...] = ()  # the Policy fields the rule reads
    # Whose term it is: a prosecutor's own term is shown to supervisors, never counted
    # against the bailiff it names.
    bound: Literal["bailiff", "prosecutor"] = "bailiff"
    # What its term is counted in, and so how far past it a breach is told; None: the rule
    # sets no term to be late for (an execution without a sanction, a licence threshold).
    counted_in: Overdue | None = "days"


RULES: tuple[Rule, ...] = (
    Rule("OPENING_TERM", "Law No. 261-IV Art. 37(4)",
         "initiate or refuse proceedings within 3 working days of receiving the document",
         "proceeding", opening_term, ("opening_term_working_days",), counted_in="working_days"),
    Rule("NOTICE_TERM", "Law No. 261-IV Art. 37(4), as the master's thesis on supervision of "
         "enforcement proceedings reads it",
         "send the initiation decree to the debtor within the same 3 working days",
         "proceeding", notice_term, ("opening_term_working_days",), counted_in="working_days"),
    Rule("COMPLETION_TERM", "Law No. 261-IV Art. 39(1); the four months for hard cases and the "
         "extension by a suspension (Art. 44) are Qadagalau's policy settings",
         "enforcement must be completed within 2 months of initiation (4 for hard cases); "
         "periodic recoveries exempt",
         "proceeding", completion_term,
         ("completion_term_months", "completion_term_hard_months", "suspension_policy")),
    Rule("VALUATION_TERM", "Law No. 261-IV Art. 68(1)",
         "appoint an appraiser within 10 working days of arrest and established ownership",
         "proceeding", valuation_term, ("valuation_term_working_days",),
         counted_in="working_days"),
    Rule("UNSANCTIONED_EXECUTION", "Law No. 261-IV Art. 62(1)",
         "a decree needing the prosecutor's sanction was executed before it was granted",
         "proceeding", unsanctioned_execution, ("sanction_catalogue",), counted_in=None),
    Rule("SANCTION_DECISION_TERM", "Law No. 261-IV Art. 62(1); the system's term (policy)",
         "decide a sanction request by the N-th working day after the decree was issued",
         "proceeding", sanction_decision_term,
         ("sanction_decision_working_days", "sanction_catalogue"), bound="prosecutor",
         counted_in="working_days"),
    Rule("ACT_RESPONSE_TERM", "Constitutional Law \"On the Prosecutor's Office\" Art. 33(3) "
         "(protest), Art. 36 (representation)",
         "consider a protest within 10 and a representation within 30 calendar days, or by "
         "the term the prosecutor set (a protest's: at least 3 working days)",
         "act", act_response_term, ("protest_response_days", "representation_response_days")),
    Rule("LICENCE_THRESHOLD", "a proposal of the master's thesis on supervision of enforcement "
         "proceedings, not yet law (more than three acts in a calendar year; it also reads "
         "'five or more within one year'); Qadagalau's policy settings",
         "more acts of supervision against a private bailiff than the threshold in a year: a "
         "proposal to suspend or revoke the licence",
         "bailiff", licence_threshold,
         ("licence_threshold", "licence_window", "licence_private_only",
          "licence_act_kinds"), counted_in=None),
    Rule("APPEAL_TERM", "the order of considering appeals to the prosecutor's office, as the "
         "textbook on prosecutorial supervision states it (\"Прокуратура органдарына жолданым "
         "беру тәртібі\"); the terms are Qadagalau's policy settings",
         "answer a citizen's appeal about a bailiff within 15 working days of receipt, or by "
         "the extended term (at most 2 months from receipt), or within 10 working days after "
         "an inspection ordered on it ends",
         "appeal", appeal_term,
         ("appeal_working_days", "appeal_extension_months",
          "appeal_after_inspection_working_days"), bound="prosecutor",
         counted_in="working_days"),
    Rule("APPEAL_EXTENSION_NOTICE_TERM", "the same order of considering appeals to the "
         "prosecutor's office",
         "tell the applicant of an extension of the appeal's term within 3 working days of "
         "the extension",
         "appeal", appeal_extension_notice_term, ("appeal_notice_working_days",),
         bound="prosecutor", counted_in="working_days"),
)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def overdue(rule: str, due: date, until: date,
            calendar: WorkingCalendar) -> tuple[int, Overdue] | None:
    """How far past its term's last day (`due`) a breach of `rule` is on `until` (the day the
    step was done late, or today for one still open), in what the rule's term counts: working
    days for a term of working days, calendar days otherwise. None for a rule without a term
    to be late for, or a day not past the term (docs/rules.md#counting-terms). Between the last
    day and the next working day (a weekend after a Friday term) no working day has passed yet
    but the term has: that lateness is told in calendar days, never as "late by 0"."""
    known = RULES_BY_CODE.get(rule)
    unit = known.counted_in if known is not None else None
    if unit is None or until <= due:
        return None
    if unit == "working_days" and (late := calendar.working_days_between(due, until)):
        return late, unit
    return (until - due).days, "days"
PROCEEDING_RULES = tuple(rule for rule in RULES if rule.scope == "proceeding")
_PROCEEDING_CHECKS = tuple(rule.check for rule in PROCEEDING_RULES)  # a national audit calls each
APPEAL_RULES = tuple(rule for rule in RULES if rule.scope == "appeal")
# Terms of the prosecutor's office itself: no measure of a bailiff's work counts them.
PROSECUTORS_TERMS = frozenset(rule.code for rule in RULES if rule.bound == "prosecutor")
# The bailiffs' own breaches: what chambers, bailiff pages and the inspection plan count.
BAILIFFS_BREACHES = tuple(rule.code for rule in RULES if rule.bound == "bailiff")


def proceeding_breaches(p: Proceeding, as_of: date, ctx: Context) -> list[Breach]:
    """Every breach of one proceeding; none for an orphan (no accepted document)."""
    if p.is_orphan:
        return []
    found: list[Breach] = []
    for check in _PROCEEDING_CHECKS:
        found.extend(check(p, as_of, ctx))
    return found


def act_breaches(
    acts: Mapping[str, Act], bailiffs: Mapping[str, Bailiff], as_of: date, ctx: Context
) -> list[Breach]:
    found: list[Breach] = []
    for act in acts.values():
        found.extend(act_response_term(act, as_of, ctx))
    found.extend(licence_threshold(acts.values(), bailiffs, as_of, ctx))
    return found


def appeal_breaches(appeals: Mapping[str, Appeal], as_of: date, ctx: Context) -> list[Breach]:
    found: list[Breach] = []
    for appeal in appeals.values():
        for rule in APPEAL_RULES:
            found.extend(rule.check(appeal, as_of, ctx))
    return found


def _on_or_before(day: date | None, limit: date) -> bool:
    return day is not None and day <= limit
