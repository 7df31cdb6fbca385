"""The bailiff registry: who each bailiff is and where they belong (a private bailiff belongs to
the regional chamber of the region they are registered in), their breaches and acts against the
licence threshold, what chambers and justice bodies record about them, and the inspection plan
(docs/rules.md#licence_threshold; the plan's rules are shared/legal/inspections.py).

Every method works inside the caller's unit of work; nothing here commits.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import pairwise
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from services.alerts.acts.models import SupervisoryAct
from services.alerts.appeals.models import Appeal
from services.alerts.bailiffs.models import (
    GROUNDS,
    INSPECTION_KINDS,
    RECORD_KINDS,
    Bailiff,
    BailiffRecord,
)
from services.alerts.queue.models import Alert
from shared import paging
from shared.access import Jurisdiction
from shared.errors import Conflict, Invalid, not_found
from shared.legal.calendar import WorkingCalendar, add_months
from shared.legal.inspections import (
    Profile,
    certificate_due,
    inspection_plan,
    order_notice_in_time,
)
from shared.legal.rules import BAILIFFS_BREACHES, licence_window
from shared.settings import Policy


def bailiff_dict(b: Bailiff) -> dict[str, Any]:
    return {"bailiff_id": b.bailiff_id, "kind": b.kind, "name": b.name, "region": b.region,
            "district": b.district, "licence_no": b.licence_no,
            "licence_status": b.licence_status,
            "started_on": b.started_on.isoformat() if b.started_on else None}


def members(session: Session, reach: Jurisdiction, region: str | None = None,
            after_id: str | None = None, limit: int | None = None) -> list[Bailiff]:
    """The bailiffs within the caller's reach (a chamber: its own members), in order of id:
    all, or `limit` of them after `after_id`."""
    query = reach.scope_bailiffs(select(Bailiff).order_by(Bailiff.bailiff_id), Bailiff.kind,
                                 Bailiff.region, Bailiff.district)
    if region:
        query = query.where(Bailiff.region == region)
    if after_id is not None:
        query = query.where(Bailiff.bailiff_id > after_id)
    return list(session.scalars(query.limit(limit)))


def check_inspection(details: dict[str, Any], on: date, today: date) -> None:
    """An inspection's own fields, as seed 004 sets them: an unscheduled one has a ground and
    is limited to the actions complained of (§11); its days follow one another."""
    kind = details.get("inspection_kind")
    if kind is not None and kind not in INSPECTION_KINDS:
        raise Invalid("inspection_kind_unknown", f"inspection_kind: one of "
                      f"{', '.join(INSPECTION_KINDS)}", field="inspection_kind")
    if kind == "unscheduled":
        if details.get("ground") not in GROUNDS:
            raise Invalid("inspection_ground_required", f"ground: an unscheduled inspection "
                          f"needs one of {', '.join(GROUNDS)}", field="ground")
        if not details.get("actions_concerned"):
            raise Invalid("inspection_actions_required", "actions_concerned: an unscheduled "
                          "inspection covers only the actions complained of: name them",
                          field="actions_concerned")
    elif "ground" in details:
        raise Invalid("inspection_ground_unscheduled", "ground: only an unscheduled "
                      "inspection has one", field="ground")
    days = [("ordered_on", details.get("ordered_on")), ("on", on),
            ("ended_on", details.get("ended_on")),
            ("certificate_sent_on", details.get("certificate_sent_on"))]
    known = [(name, day) for name, day in days if day is not None]
    for (_, before), (name, after) in pairwise(known):
        if after < before:
            raise Invalid("inspection_days_out_of_order", f"{name}: before the step it follows",
                          field=name)
    notified, ordered = details.get("notified_on"), details.get("ordered_on")
    if notified is not None and ordered is not None and notified < ordered:
        raise Invalid("inspection_days_out_of_order", "notified_on: before the step it follows",
                      field="notified_on")
    if any(day > today for _, day in [*known, ("notified_on", notified)] if day is not None):
        raise Invalid("record_in_future", "a day that has not come yet", field="on")


def record_dict(r: BailiffRecord, calendar: WorkingCalendar, today: date) -> dict[str, Any]:
    due = certificate_due(r.ended_on, calendar) if r.ended_on else None
    # Late: sent after its last day, or not sent and the last day has passed.
    late = due is not None and (r.certificate_sent_on or today) > due
    notice = order_notice_in_time(r.notified_on, r.on) \
        if r.kind == "inspection" and r.notified_on else None
    return {"id": r.id, "kind": r.kind, "on": r.on.isoformat(),
            "violations_found": r.violations_found,
            "recommendations_met": r.recommendations_met, "note": r.note,
            "inspection_kind": r.inspection_kind, "ground": r.ground,
            "ground_ref": r.ground_ref, "actions_concerned": r.actions_concerned,
            "order_no": r.order_no, "ordered_on": r.ordered_on, "notified_on": r.notified_on,
            "ended_on": r.ended_on, "certificate_due_on": due,
            "certificate_sent_on": r.certificate_sent_on, "certificate_late": late,
            "order_notice_in_time": notice, "recommendations": r.recommendations,
            "certificate_report_id": r.certificate_report_id}


def unscheduled_grounds(session: Session, bailiff: Bailiff, today: date) -> dict[str, int] | None:
    """What makes grounds for an unscheduled inspection of a private bailiff in the last
    twelve months (seed 004 §11): appeals to the prosecutor about them, and prosecutorial acts
    against them. Counts only: an appeal's applicant is the prosecutor's to see."""
    if bailiff.kind != "private":
        return None
    since = add_months(today, -12)
    appeals = session.scalar(select(func.count()).where(
        Appeal.bailiff_id == bailiff.bailiff_id, Appeal.received_on.between(since, today))) or 0
    acts = session.scalar(select(func.count()).where(
        SupervisoryAct.bailiff_id == bailiff.bailiff_id,
        SupervisoryAct.registered_on.between(since, today))) or 0
    return {"appeals": appeals, "acts": acts}


def act_results(session: Session, bailiff_id: str, start: date, end: date) -> dict[str, Any]:
    """What the acts against a bailiff registered from `start` to `end` achieved: how many
    were satisfied, partly satisfied, rejected or are still unanswered, how many the
    prosecutor took to court, and the sums recovered on their strength."""
    rows = session.execute(
        select(SupervisoryAct.answer_result, SupervisoryAct.answered_on.is_not(None),
               func.count(), func.count(SupervisoryAct.court_filed_on),
               func.coalesce(func.sum(SupervisoryAct.recovered_kzt), 0.0))
        .where(SupervisoryAct.bailiff_id == bailiff_id,
               SupervisoryAct.registered_on.between(start, end))
        .group_by(SupervisoryAct.answer_result, SupervisoryAct.answered_on.is_not(None)))
    out: dict[str, Any] = {"satisfied": 0, "partly": 0, "rejected": 0, "answered_no_result": 0,
                           "unanswered": 0, "taken_to_court": 0, "recovered_kzt": 0.0}
    for result, answered, count, to_court, recovered in rows:
        key = result if result in out else "answered_no_result" if answered else "unanswered"
        out[key] += count
        out["taken_to_court"] += to_court
        out["recovered_kzt"] += float(recovered or 0.0)
    return out


def count_by_bailiff(session: Session, column: Any, where: Any) -> dict[str, int]:
    return {bailiff: count for bailiff, count in session.execute(
        select(column, func.count()).where(where).group_by(column))}


class Registry:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    def register(self, session: Session, event: Any) -> None:
        """A `bailiff.registered`: the latest registration holds."""
        bailiff = session.get(Bailiff, event.bailiff_id)
        if bailiff is None:
            bailiff = Bailiff(bailiff_id=event.bailiff_id)
            session.add(bailiff)
        elif event.occurred_on < bailiff.registered_on:
            return
        bailiff.kind, bailiff.name = event.kind, event.name
        bailiff.region, bailiff.district = event.region, event.district
        bailiff.licence_no, bailiff.licence_status = event.licence_no, event.licence_status
        bailiff.started_on, bailiff.registered_on = event.started_on, event.occurred_on
        session.flush()

    def window(self, year: int, until: date) -> tuple[date, date]:
        return licence_window(year, until, self.policy.licence_window)

    def counted_acts(self) -> Any:
        """The acts the licence threshold counts (a policy setting), as a condition."""
        return SupervisoryAct.act_kind.in_(self.policy.licence_act_kinds)

    def counted(self, bailiff: Bailiff) -> bool:
        """Whether the policy counts this bailiff's acts toward the licence threshold."""
        return bailiff.kind == "private" or not self.policy.licence_private_only

    def bailiffs(self, session: Session, reach: Jurisdiction, region: str | None,
                 after_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        return [bailiff_dict(b) for b in members(session, reach, region, after_id, limit)]

    def visible(self, session: Session, reach: Jurisdiction, bailiff_id: str) -> Bailiff:
        bailiff = session.get(Bailiff, bailiff_id)
        if bailiff is None or not reach.covers_bailiff(bailiff.kind, bailiff.region,
                                                       bailiff.district):
            raise not_found("bailiff", bailiff_id)
        return bailiff

    def bailiff(self, session: Session, reach: Jurisdiction, bailiff_id: str,
                today: date, calendar: WorkingCalendar) -> dict[str, Any]:
        year = today.year
        bailiff = self.visible(session, reach, bailiff_id)
        # A bailiff may hold proceedings of another district: only the caller's alerts count.
        by_rule = dict(session.execute(reach.scope(
            select(Alert.rule, func.count()).where(
                Alert.bailiff_id == bailiff_id, Alert.withdrawn_on.is_(None),
                Alert.rule.in_(BAILIFFS_BREACHES)), Alert.region, Alert.district)
            .group_by(Alert.rule)).all())
        start, end = self.window(year, today)
        acts = session.scalar(select(func.count()).where(
            SupervisoryAct.bailiff_id == bailiff_id,
            SupervisoryAct.registered_on.between(start, end), self.counted_acts())) or 0
        counted = self.counted(bailiff)
        records = [record_dict(r, calendar, today) for r in session.scalars(
            select(BailiffRecord).where(BailiffRecord.bailiff_id == bailiff_id)
            .order_by(BailiffRecord.on))]
        return bailiff_dict(bailiff) | {
            "breaches_by_rule": by_rule, "year": year, "acts_this_year": acts,
            "act_results": act_results(session, bailiff_id, date(year, 1, 1), today),
            "unscheduled_grounds": unscheduled_grounds(session, bailiff, today),
            "licence_window": [start.isoformat(), end.isoformat()],
            "licence_counted": counted, "licence_threshold": self.policy.licence_threshold,
            "over_threshold": counted and acts > self.policy.licence_threshold,
            "records": records,
            "allowed_actions": reach.allowed("bailiffs.record", "acts.issue")}

    def breaches(self, session: Session, reach: Jurisdiction, bailiff_id: str | None,
                 start: date | None, end: date | None, cursor: str | None,
                 limit: int) -> tuple[list[dict[str, Any]], str | None]:
        """A page of the breaches of the bailiffs in the caller's reach (a chamber: its own
        members), the latest term first, and the next page's cursor."""
        reachable = reach.scope_bailiffs(select(Bailiff.bailiff_id), Bailiff.kind,
                                         Bailiff.region, Bailiff.district)
        if bailiff_id:
            self.visible(session, reach, bailiff_id)
        # The alert's own territory too: a bailiff may hold another district's proceedings.
        query = reach.scope(select(Alert).where(Alert.bailiff_id.in_(reachable),
                                                Alert.withdrawn_on.is_(None),
                                                Alert.rule.in_(BAILIFFS_BREACHES)),
                            Alert.region, Alert.district)
        keyset, downward = (Alert.due, Alert.id), (True, False)
        query = query.order_by(*paging.order(keyset, downward)).limit(limit + 1)
        if cursor is not None:
            query = query.where(paging.after(keyset, paging.key_of(cursor, date, int),
                                             downward))
        if bailiff_id:
            query = query.where(Alert.bailiff_id == bailiff_id)
        if start:
            query = query.where(Alert.due >= start)
        if end:
            query = query.where(Alert.due <= end)
        alerts, next_cursor = paging.cut(list(session.scalars(query)), limit,
                                         lambda a: (a.due, a.id))
        return [{"id": a.id, "rule": a.rule, "bailiff_id": a.bailiff_id,
                 "proceeding_id": a.proceeding_id, "property_id": a.property_id,
                 "act_id": a.act_id, "due": a.due.isoformat(), "state": a.state,
                 "done_on": a.done_on.isoformat() if a.done_on else None}
                for a in alerts], next_cursor

    def licence_counts(self, session: Session, reach: Jurisdiction, year: int,
                       today: date) -> list[dict[str, Any]]:
        """Acts per bailiff in the licence window of `year` (up to today) against the
        threshold, for the bailiffs the policy counts and the caller may see."""
        start, end = self.window(year, min(today, date(year, 12, 31)))
        counted = [m for m in members(session, reach) if self.counted(m)]
        counts = count_by_bailiff(session, SupervisoryAct.bailiff_id, and_(
            SupervisoryAct.registered_on.between(start, end), self.counted_acts(),
            SupervisoryAct.bailiff_id.in_([m.bailiff_id for m in counted])))
        threshold = self.policy.licence_threshold
        return [{"bailiff_id": m.bailiff_id, "region": m.region, "district": m.district,
                 "year": year, "window_from": start.isoformat(), "window_to": end.isoformat(),
                 "acts": counts.get(m.bailiff_id, 0), "threshold": threshold,
                 "over": counts.get(m.bailiff_id, 0) > threshold} for m in counted]

    def add_record(self, session: Session, reach: Jurisdiction, today: date, bailiff_id: str,
                   kind: str, on: date, violations_found: bool | None,
                   recommendations_met: bool | None, note: str | None,
                   inspection: dict[str, Any] | None = None) -> dict[str, Any]:
        if kind not in RECORD_KINDS:
            raise Invalid("record_kind_unknown", f"kind: one of {', '.join(RECORD_KINDS)}",
                          field="kind", allowed=list(RECORD_KINDS))
        details = {k: v for k, v in (inspection or {}).items() if v is not None}
        if details and kind != "inspection":
            raise Invalid("record_not_an_inspection", "an order, a ground or an end belong to "
                          "an inspection: kind must be 'inspection'", field="kind")
        check_inspection(details, on, today)
        if on > today:
            raise Invalid("record_in_future",
                          "on: a record of something that has happened, not a plan", field="on")
        bailiff = self.visible(session, reach, bailiff_id)
        if kind == "inspection" and bailiff.kind != "private":
            raise Invalid("inspection_private_only", "the commission inspects private bailiffs "
                          "only", field="kind")
        record = BailiffRecord(bailiff_id=bailiff_id, kind=kind, on=on,
                               violations_found=violations_found,
                               recommendations_met=recommendations_met, note=note,
                               recorded_by=reach.principal.name, **details)
        session.add(record)
        session.flush()
        return {"id": record.id, "bailiff_id": bailiff_id, "kind": kind, "on": on.isoformat()}

    def certify(self, session: Session, reach: Jurisdiction, today: date, bailiff_id: str,
                record_id: int, ended_on: date | None, on: date,
                violations_found: bool | None,
                recommendations: str | None) -> tuple[Bailiff, BailiffRecord]:
        """The commission's result certificate of an inspection on file: its end, result and
        recommendations recorded, the day it went out (seed 004 §§20–21). The caller makes the
        chamber's copy."""
        bailiff = self.visible(session, reach, bailiff_id)
        record = session.get(BailiffRecord, record_id, with_for_update=True)
        if record is None or record.bailiff_id != bailiff_id:
            raise not_found("record", record_id)
        if record.kind != "inspection":
            raise Invalid("record_not_an_inspection", "only an inspection has a result "
                          "certificate", field="record_id")
        if bailiff.kind != "private":
            raise Invalid("inspection_private_only", "the commission inspects private bailiffs "
                          "only", field="bailiff_id")
        if record.certificate_report_id is not None or record.certificate_sent_on is not None:
            raise Conflict("certificate_issued", f"the certificate of record {record_id} went "
                           f"out on {record.certificate_sent_on}", id=record_id)
        ended_on = ended_on or record.ended_on
        if ended_on is None:
            raise Invalid("inspection_end_required", "ended_on: the day the inspection ended",
                          field="ended_on")
        steps = {"inspection_kind": record.inspection_kind, "ground": record.ground,
                 "actions_concerned": record.actions_concerned, "ordered_on": record.ordered_on,
                 "ended_on": ended_on, "certificate_sent_on": on}
        check_inspection({k: v for k, v in steps.items() if v is not None}, record.on, today)
        record.ended_on, record.certificate_sent_on = ended_on, on
        if violations_found is not None:
            record.violations_found = violations_found
        record.recommendations = recommendations
        return bailiff, record

    def inspection_plan(self, session: Session, reach: Jurisdiction, region: str | None,
                        start: date, end: date, today: date) -> list[dict[str, Any]]:
        # Counts cover the twelve months before the plan is made, records up to that day.
        lookback = add_months(today, -12)
        planned = [m for m in members(session, reach, region)
                   if m.kind == "private" and m.licence_status in (None, "active")]
        ids = [m.bailiff_id for m in planned]
        records: dict[str, list[BailiffRecord]] = defaultdict(list)
        for record in session.scalars(select(BailiffRecord).where(
                BailiffRecord.bailiff_id.in_(ids), BailiffRecord.on <= today)
                .order_by(BailiffRecord.on)):
            records[record.bailiff_id].append(record)
        acts = count_by_bailiff(session, SupervisoryAct.bailiff_id, and_(
            SupervisoryAct.bailiff_id.in_(ids),
            SupervisoryAct.registered_on.between(lookback, today)))
        breaches = count_by_bailiff(session, Alert.bailiff_id, and_(
            Alert.bailiff_id.in_(ids), Alert.withdrawn_on.is_(None),
            Alert.rule.in_(BAILIFFS_BREACHES), Alert.due.between(lookback, today)))
        appeals: dict[str, list[tuple[str, date]]] = defaultdict(list)
        for bailiff_id, appeal_id, received_on in session.execute(
                select(Appeal.bailiff_id, Appeal.appeal_id, Appeal.received_on).where(
                    Appeal.bailiff_id.in_(ids), Appeal.received_on.between(lookback, today))):
            if bailiff_id is not None and received_on is not None:
                appeals[bailiff_id].append((appeal_id, received_on))
        profiles = [_profile(m, records[m.bailiff_id], lookback, acts, breaches,
                             appeals[m.bailiff_id]) for m in planned]
        by_id = {m.bailiff_id: m for m in planned}
        return [{"bailiff_id": e.bailiff_id, "region": by_id[e.bailiff_id].region,
                 "district": by_id[e.bailiff_id].district, "kind": e.kind,
                 "window_from": e.window_from.isoformat(), "window_to": e.window_to.isoformat(),
                 "score": e.score, "factors": e.factors, "never_inspected": e.never_inspected,
                 "appeals": e.appeals}
                for e in inspection_plan(profiles, start, end, self.policy.inspection_weights)]


def _profile(member: Bailiff, records: list[BailiffRecord], lookback: date,
             acts: dict[str, int], breaches: dict[str, int],
             appeals: list[tuple[str, date]] | None = None) -> Profile:
    inspections = [r for r in records if r.kind == "inspection"]
    last = inspections[-1] if inspections else None
    # An appeal is a ground until a scheduled inspection (which covers all the bailiff's work)
    # begins after it, or an unscheduled one is made on that very appeal: an unscheduled
    # inspection covers only the actions of its own ground (seed 004 §11).
    scheduled = [r.on for r in inspections if r.inspection_kind != "unscheduled"]
    since = scheduled[-1] if scheduled else None
    answered = {r.ground_ref for r in inspections
                if r.inspection_kind == "unscheduled" and r.ground == "appeal"}
    recent = [r for r in records if r.on >= lookback]
    return Profile(
        bailiff_id=member.bailiff_id, started_on=member.started_on,
        last_inspection_on=last.on if last else None,
        violations_found=bool(last and last.violations_found),
        recommendations_unmet=1 if last is not None and last.recommendations_met is False else 0,
        complaints=sum(1 for r in recent if r.kind == "complaint"),
        court_rulings=sum(1 for r in recent if r.kind in ("court_ruling", "annulled_action")),
        criminal_cases=sum(1 for r in recent if r.kind == "criminal_case"),
        acts=acts.get(member.bailiff_id, 0), breaches=breaches.get(member.bailiff_id, 0),
        appeals=sum(1 for appeal_id, day in appeals or ()
                    if (since is None or day >= since) and appeal_id not in answered))
