"""The alert queue: serves the queue and runs each alert's lifecycle
new → assigned → acknowledged → resolved or dismissed (docs/contract.md §3).

Every method works inside the caller's unit of work (a session the edge commits): nothing here
commits, so an act that resolves alerts does it through `transition` in the act's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.alerts.acts.models import ActAlert, ActProceeding
from services.alerts.acts.places import Place, places_of_bailiffs
from services.alerts.bailiffs.models import Bailiff
from services.alerts.queue.models import TRANSITIONS, Alert, AlertEvent, AlertRisk
from shared import paging
from shared.access import Jurisdiction, roles_that
from shared.auth import User
from shared.errors import Conflict, Invalid, not_found
from shared.legal.calendar import WorkingCalendar
from shared.legal.rules import PROSECUTORS_TERMS, overdue
from shared.metrics import ALERTS_BY_STATUS
from shared.storage import among

FILTERS = ("rule", "state", "region", "district", "bailiff_id", "proceeding_id", "status")
# What a prosecutor may still do with an alert, by its status.
NEXT_ACTIONS = ("assign", "acknowledge", "resolve", "dismiss", "issue_act")


def as_dict(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.id, "rule": alert.rule, "proceeding_id": alert.proceeding_id,
        "property_id": alert.property_id, "act_id": alert.act_id, "decree_id": alert.decree_id,
        "bailiff_id": alert.bailiff_id, "year": alert.year, "due": alert.due.isoformat(),
        "state": alert.state, "done_on": alert.done_on.isoformat() if alert.done_on else None,
        "appeal_id": alert.appeal_id,
        "region": alert.region, "district": alert.district, "status": alert.status,
        "assignee": alert.assignee, "raised_on": alert.raised_on.isoformat(),
        "withdrawn_on": alert.withdrawn_on.isoformat() if alert.withdrawn_on else None,
        "created_at": alert.created_at.isoformat(), "updated_at": alert.updated_at.isoformat(),
    }


def allowed_actions(alert: Alert, reach: Jurisdiction,
                    bailiffs: dict[str, Place]) -> list[str]:
    """What the caller may do next with this alert: its lifecycle, the caller's role, and for
    an act the territory of the bailiff it would be brought against (`bailiffs`: where each
    bailiff belongs, services/alerts/acts/places.py) — the same checks the actions make."""
    if alert.withdrawn_on is not None or not reach.may("alerts.work"):
        return []
    moves = {"assigned": "assign", "acknowledged": "acknowledge", "resolved": "resolve",
             "dismissed": "dismiss"}
    actions = [moves[to] for to in TRANSITIONS.get(alert.status, ())]
    place = bailiffs.get(alert.bailiff_id or "")
    # An act is brought against a bailiff: not for a term of the office itself (a sanction
    # decided late, an appeal answered late), which its supervisor takes up.
    if alert.status not in ("resolved", "dismissed") and reach.may("acts.issue") \
            and alert.rule not in PROSECUTORS_TERMS \
            and place is not None and reach.covers(*place):
        actions.append("issue_act")
    return actions


def _places(session: Session, alerts: list[Alert]) -> dict[str, Place]:
    return places_of_bailiffs(session, {a.bailiff_id for a in alerts if a.bailiff_id})


@dataclass(frozen=True, slots=True)
class Reading:
    """What an alert is read with, beyond its row: the day and calendar its lateness is counted
    by, the cases (debtor, sum) and the bailiffs' names of the alerts on the page."""

    today: date
    calendar: WorkingCalendar
    cases: dict[str, ActProceeding]
    names: dict[str, str]

    @classmethod
    def of(cls, session: Session, alerts: list[Alert], today: date,
           calendar: WorkingCalendar) -> Reading:
        pids = {a.proceeding_id for a in alerts if a.proceeding_id}
        bailiffs = {a.bailiff_id for a in alerts if a.bailiff_id}
        cases = {c.proceeding_id: c for c in session.scalars(select(ActProceeding).where(
            among(session, ActProceeding.proceeding_id, pids)))} if pids else {}
        names = dict(session.execute(select(Bailiff.bailiff_id, Bailiff.name).where(
            among(session, Bailiff.bailiff_id, bailiffs))).all()) if bailiffs else {}
        return cls(today, calendar, cases, names)

    def details(self, alert: Alert) -> dict[str, Any]:
        """How late the alert is, whose debt and how much, and its bailiff's name."""
        case = self.cases.get(alert.proceeding_id or "")
        # A late step is as late as the day it was done; an open one, as today.
        late = overdue(alert.rule, alert.due, alert.done_on or self.today, self.calendar)
        return {
            "overdue": None if late is None else {"days": late[0], "unit": late[1]},
            "debtor": None if case is None or case.debtor_kind is None else {
                "kind": case.debtor_kind, "name": case.debtor_name,
                "iin_bin": case.debtor_iin_bin},
            "amount_kzt": None if case is None else case.amount_kzt,
            "bailiff_name": self.names.get(alert.bailiff_id or ""),
        }


@dataclass(frozen=True, slots=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None


class AlertQueue:
    def page(self, session: Session, reach: Jurisdiction, filters: dict[str, Any],
             cursor: str | None, limit: int, today: date, calendar: WorkingCalendar,
             include_withdrawn: bool = False, sort: str = "id") -> Page:
        """A page of the queue in order of arrival (`id`), of the term's last day (`due`, the
        most overdue first) or of risk, with a keyset cursor each way. A filter's value may be
        a list: any of them (`status`: new and assigned is what needs action)."""
        risk = func.coalesce(AlertRisk.probability, -1.0)
        query = select(Alert, AlertRisk.probability, AlertRisk.target).outerjoin(
            AlertRisk, AlertRisk.proceeding_id == Alert.proceeding_id)
        if not include_withdrawn:
            query = query.where(Alert.withdrawn_on.is_(None))
        query = reach.scope(query, Alert.region, Alert.district)
        for name, value in filters.items():
            column = getattr(Alert, name)
            query = query.where(column.in_(value) if isinstance(value, list | tuple)
                                else column == value)
        # Each order's key, whether each part runs downward, its kinds, and an alert's key.
        keyset, downward, kinds, key_of_row = {
            "risk": ((risk, Alert.id), (True, False), (float, int),
                     lambda row: (-1.0 if row[1] is None else row[1], row[0].id)),
            "due": ((Alert.due, Alert.id), (False, False), (date, int),
                    lambda row: (row[0].due, row[0].id)),
        }.get(sort, ((Alert.id,), (False,), (int,), lambda row: (row[0].id,)))
        if cursor is not None:
            query = query.where(paging.after(keyset, paging.key_of(cursor, *kinds), downward))
        query = query.order_by(*paging.order(keyset, downward))
        rows, next_cursor = paging.cut([tuple(row) for row in session.execute(
            query.limit(limit + 1))], limit, key_of_row)
        alerts = [a for a, _, _ in rows]
        places = _places(session, alerts)
        reading = Reading.of(session, alerts, today, calendar)
        return Page([as_dict(a) | reading.details(a) | {
            "risk": None if p is None else round(p, 4), "risk_target": target,
            "allowed_actions": allowed_actions(a, reach, places)}
            for a, p, target in rows], next_cursor)

    def summary(self, session: Session, reach: Jurisdiction, today: date,
                weeks: int = 12) -> dict[str, Any]:
        """Open breaches by rule and region, and breaches raised per week (for the dashboard)."""
        open_ = reach.scope(select(Alert.rule, Alert.region, func.count()).where(
            Alert.withdrawn_on.is_(None), Alert.status.not_in(("resolved", "dismissed"))),
            Alert.region, Alert.district).group_by(Alert.rule, Alert.region)
        monday = today - timedelta(days=today.weekday())
        start = monday - timedelta(weeks=weeks - 1)
        # Breaches withdrawn since (late data showed none) are no breaches: not counted.
        raised = reach.scope(select(Alert.raised_on, func.count()).where(
            Alert.raised_on >= start, Alert.withdrawn_on.is_(None)),
            Alert.region, Alert.district).group_by(Alert.raised_on)
        by_rule_region = [{"rule": r, "region": g, "count": n}
                          for r, g, n in session.execute(open_)]
        per_week = {start + timedelta(weeks=i): 0 for i in range(weeks)}
        for day, count in session.execute(raised):
            per_week[day - timedelta(days=day.weekday())] += count
        return {"open": by_rule_region,
                "raised_per_week": [{"week": w.isoformat(), "count": n}
                                    for w, n in sorted(per_week.items())]}

    @staticmethod
    def assignees(session: Session, reach: Jurisdiction) -> list[dict[str, Any]]:
        """The people an alert may be given to from the pages: users who may work alerts, of
        the caller's territory (a district prosecutor: their district's)."""
        query = reach.scope(select(User.name, User.region, User.district).where(
            User.role.in_(roles_that("alerts.work"))), User.region, User.district)
        return [{"name": name, "region": region, "district": district}
                for name, region, district in session.execute(query.order_by(User.name))]

    def get(self, session: Session, reach: Jurisdiction, alert_id: int, today: date,
            calendar: WorkingCalendar) -> dict[str, Any]:
        alert = self.visible(session, reach, alert_id)
        risk = session.get(AlertRisk, alert.proceeding_id) if alert.proceeding_id else None
        history = [{"kind": e.kind, "actor": e.actor, "reason": e.reason,
                    "at": e.at.isoformat()}
                   for e in session.scalars(select(AlertEvent)
                                            .where(AlertEvent.alert_id == alert.id)
                                            .order_by(AlertEvent.id))]
        return as_dict(alert) | Reading.of(session, [alert], today, calendar).details(alert) | {
            "risk": None if risk is None else round(risk.probability, 4),
            "risk_target": None if risk is None else risk.target,
            "risk_reasons": [] if risk is None else risk.reasons,
            "allowed_actions": allowed_actions(alert, reach, _places(session, [alert])),
            "history": history,
            # The acts brought on this alert (the ledger's side of the link).
            "acts": list(session.scalars(select(ActAlert.act_id).where(
                ActAlert.alert_id == alert.id).order_by(ActAlert.act_id)))}

    def transition(self, session: Session, reach: Jurisdiction, alert_id: int, to: str,
                   assignee: str | None = None, reason: str | None = None) -> dict[str, Any]:
        """Move one alert on in its lifecycle; the one place its status and history change."""
        if to == "dismissed" and not (reason and reason.strip()):
            raise Invalid("reason_required", "a dismissal needs a reason", field="reason")
        if to == "assigned" and not (assignee and assignee.strip()):
            raise Invalid("assignee_required", "an assignment needs an assignee",
                          field="assignee")
        alert = self.visible(session, reach, alert_id, for_update=True)
        if alert.withdrawn_on is not None:
            raise Conflict("alert_withdrawn",
                           "this alert was withdrawn: late data showed no breach", id=alert_id)
        if to not in TRANSITIONS.get(alert.status, ()):
            raise Conflict("transition_not_allowed",
                           f"an alert that is {alert.status!r} cannot become {to!r}",
                           id=alert_id, status=alert.status, to=to)
        alert.status = to
        if to == "assigned":
            alert.assignee = assignee
        session.add(AlertEvent(alert_id=alert.id, kind=to, actor=reach.principal.name,
                               reason=reason if to != "assigned" else f"to {assignee}"))
        session.flush()
        return as_dict(alert) | {
            "allowed_actions": allowed_actions(alert, reach, _places(session, [alert]))}

    @staticmethod
    def visible(session: Session, reach: Jurisdiction, alert_id: int,
                for_update: bool = False) -> Alert:
        alert = session.get(Alert, alert_id, with_for_update=for_update)
        # Another district's alert is answered as missing: its existence is not the caller's.
        if alert is None or not reach.covers(alert.region, alert.district):
            raise not_found("alert", alert_id)
        return alert

    @staticmethod
    def refresh_gauges(session: Session) -> None:
        counts = dict(session.execute(
            select(Alert.status, func.count()).where(Alert.withdrawn_on.is_(None))
            .group_by(Alert.status)).all())
        for status in TRANSITIONS:
            ALERTS_BY_STATUS.labels(status).set(counts.get(status, 0))
