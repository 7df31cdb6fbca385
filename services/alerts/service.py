"""The alert queue: applies `alerts.changes`, serves the queue, and runs each alert's lifecycle
new → assigned → acknowledged → resolved or dismissed."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from services.alerts.models import TRANSITIONS, Alert, AlertEvent, AlertRisk, ProcessedChange
from shared.auth import Principal
from shared.bus import Message
from shared.errors import ServiceError
from shared.messages import (
    ALERT_CHANGE_CODEC,
    RISK_SCORE_CODEC,
    AlertChange,
    AlertRecord,
    RiskCleared,
)
from shared.metrics import ALERTS_BY_STATUS
from shared.storage import transaction, utcnow

log = logging.getLogger(__name__)
SYSTEM = "monitor"
FILTERS = ("rule", "state", "region", "district", "bailiff_id", "proceeding_id", "status")


class AlertError(ServiceError):
    """A refusal of the alert queue, with its HTTP status."""


def as_dict(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.id, "rule": alert.rule, "proceeding_id": alert.proceeding_id,
        "property_id": alert.property_id, "act_id": alert.act_id, "decree_id": alert.decree_id,
        "bailiff_id": alert.bailiff_id, "year": alert.year, "due": alert.due.isoformat(),
        "state": alert.state, "done_on": alert.done_on.isoformat() if alert.done_on else None,
        "region": alert.region, "district": alert.district, "status": alert.status,
        "assignee": alert.assignee, "raised_on": alert.raised_on.isoformat(),
        "withdrawn_on": alert.withdrawn_on.isoformat() if alert.withdrawn_on else None,
        "created_at": alert.created_at.isoformat(), "updated_at": alert.updated_at.isoformat(),
    }


def _apply_record(alert: Alert, record: AlertRecord) -> None:
    for field in ("rule", "proceeding_id", "property_id", "act_id", "decree_id", "bailiff_id",
                  "year", "state", "region", "district", "due", "done_on"):
        setattr(alert, field, getattr(record, field))


@dataclass(frozen=True, slots=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None


class AlertQueue:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    # --- alerts.changes ----------------------------------------------------------------------

    def handle(self, messages: list[Message]) -> None:
        """A batch of `alerts.changes` in one transaction; a change seen before is skipped."""
        changes = ALERT_CHANGE_CODEC.decode_batch(messages)
        with transaction(self.sessions) as session:
            seen = set(session.scalars(select(ProcessedChange.change_id).where(
                ProcessedChange.change_id.in_([c.change_id for c in changes]))))
            fresh = []
            for change in changes:
                if change.change_id not in seen:
                    seen.add(change.change_id)
                    fresh.append(change)
            if not fresh:
                return
            session.execute(insert(ProcessedChange),
                            [{"change_id": c.change_id} for c in fresh])
            alerts = {a.identity: a for a in session.scalars(select(Alert).where(
                Alert.identity.in_({c.identity for c in fresh})))}
            history: list[tuple[Alert, str]] = []
            for change in fresh:
                self._apply(session, change, alerts, history)
            session.flush()  # gives new alerts their ids
            session.execute(insert(AlertEvent), [
                {"alert_id": alert.id, "kind": kind, "actor": SYSTEM, "at": utcnow()}
                for alert, kind in history])

    @staticmethod
    def _apply(session: Session, change: AlertChange, alerts: dict[str, Alert],
               history: list[tuple[Alert, str]]) -> None:
        kind, record, on = change.change, change.alert, change.on
        alert = alerts.get(change.identity)
        if kind == "withdrawn":
            if alert is not None and alert.withdrawn_on is None:
                alert.withdrawn_on = on
                history.append((alert, "withdrawn"))
            return
        if alert is None:
            alert = alerts[change.identity] = Alert(identity=change.identity, raised_on=on,
                                                     status="new")
            _apply_record(alert, record)
            session.add(alert)
            history.append((alert, "raised"))
            return
        reopened = alert.withdrawn_on is not None
        _apply_record(alert, record)
        alert.withdrawn_on = None
        history.append((alert, "raised" if reopened else "changed"))

    # --- the queue ---------------------------------------------------------------------------

    def page(self, principal: Principal, filters: dict[str, str], cursor: str | None,
             limit: int, include_withdrawn: bool = False, sort: str = "id") -> Page:
        """A page of the queue in order of arrival (`id`) or of the term's last day (`due`,
        the most overdue first), with a keyset cursor either way."""
        risk = func.coalesce(AlertRisk.probability, -1.0)
        query = select(Alert, AlertRisk.probability, AlertRisk.target).outerjoin(
            AlertRisk, AlertRisk.proceeding_id == Alert.proceeding_id)
        if not include_withdrawn:
            query = query.where(Alert.withdrawn_on.is_(None))
        query = _scoped(query, principal)
        for name, value in filters.items():
            query = query.where(getattr(Alert, name) == value)
        if sort == "risk":
            if cursor is not None:
                level, alert_id = _decode_risk_cursor(cursor)
                query = query.where((risk < level) | ((risk == level) & (Alert.id > alert_id)))
            query = query.order_by(risk.desc(), Alert.id)
        elif sort == "due":
            if cursor is not None:
                due, alert_id = _decode_due_cursor(cursor)
                query = query.where((Alert.due > due) | ((Alert.due == due)
                                                         & (Alert.id > alert_id)))
            query = query.order_by(Alert.due, Alert.id)
        else:
            if cursor is not None:
                query = query.where(Alert.id > _decode_cursor(cursor))
            query = query.order_by(Alert.id)
        with self.sessions() as session:
            rows = [tuple(row) for row in session.execute(query.limit(limit + 1))]
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = None
        if more and rows:
            last, probability, _ = rows[-1]
            next_cursor = {"due": f"{last.due.isoformat()}|{last.id}",
                           "risk": f"{-1.0 if probability is None else probability!r}|{last.id}",
                           }.get(sort, str(last.id))
        return Page([as_dict(a) | {"risk": None if p is None else round(p, 4),
                                   "risk_target": target} for a, p, target in rows],
                    next_cursor)

    # --- risk ----------------------------------------------------------------------------------

    def handle_risk(self, messages: list[Message]) -> None:
        """`proceedings.risk`: the latest score of each proceeding replaces the one before."""
        latest = {score.proceeding_id: score for score in RISK_SCORE_CODEC.decode_batch(messages)}
        if not latest:
            return
        with transaction(self.sessions) as session:
            known = {r.proceeding_id: r for r in session.scalars(select(AlertRisk).where(
                AlertRisk.proceeding_id.in_(list(latest))))}
            for pid, score in latest.items():
                on = score.scored_on
                row = known.get(pid)
                if isinstance(score, RiskCleared):  # ended, or no term running any more
                    if row is not None and row.scored_on <= on:
                        session.delete(row)
                    continue
                if row is None:
                    row = AlertRisk(proceeding_id=pid)
                    session.add(row)
                elif row.scored_on > on:
                    continue  # an older score delivered late
                row.target, row.probability = score.target, score.probability
                row.reasons, row.scored_on = score.reasons, on
                row.region, row.district = score.region, score.district

    def riskiest(self, principal: Principal, limit: int) -> list[dict[str, Any]]:
        """Open proceedings most likely to breach, in the caller's jurisdiction."""
        query = select(AlertRisk).order_by(AlertRisk.probability.desc(),
                                           AlertRisk.proceeding_id)
        if principal.role not in ("admin", "auditor"):
            query = query.where(AlertRisk.region == principal.region)
            if principal.district is not None:
                query = query.where(AlertRisk.district == principal.district)
        with self.sessions() as session:
            return [{"proceeding_id": r.proceeding_id, "target": r.target,
                     "probability": round(r.probability, 4), "reasons": r.reasons,
                     "region": r.region, "district": r.district,
                     "scored_on": r.scored_on.isoformat()}
                    for r in session.scalars(query.limit(limit))]

    def summary(self, principal: Principal, today: date, weeks: int = 12) -> dict[str, Any]:
        """Open breaches by rule and region, and breaches raised per week (for the dashboard)."""
        open_ = _scoped(select(Alert.rule, Alert.region, func.count()).where(
            Alert.withdrawn_on.is_(None), Alert.status.not_in(("resolved", "dismissed"))),
            principal).group_by(Alert.rule, Alert.region)
        monday = today - timedelta(days=today.weekday())
        start = monday - timedelta(weeks=weeks - 1)
        # Breaches withdrawn since (late data showed none) are no breaches: not counted.
        raised = _scoped(select(Alert.raised_on, func.count()).where(
            Alert.raised_on >= start, Alert.withdrawn_on.is_(None)),
            principal).group_by(Alert.raised_on)
        with self.sessions() as session:
            by_rule_region = [{"rule": r, "region": g, "count": n}
                              for r, g, n in session.execute(open_)]
            per_week = {start + timedelta(weeks=i): 0 for i in range(weeks)}
            for day, count in session.execute(raised):
                per_week[day - timedelta(days=day.weekday())] += count
        return {"open": by_rule_region,
                "raised_per_week": [{"week": w.isoformat(), "count": n}
                                    for w, n in sorted(per_week.items())]}

    def get(self, principal: Principal, alert_id: int) -> tuple[dict[str, Any],
                                                                 list[dict[str, Any]]]:
        with self.sessions() as session:
            alert = self._visible(session, principal, alert_id)
            risk = session.get(AlertRisk, alert.proceeding_id) if alert.proceeding_id else None
            history = [{"kind": e.kind, "actor": e.actor, "reason": e.reason,
                        "at": e.at.isoformat()}
                       for e in session.scalars(select(AlertEvent)
                                                .where(AlertEvent.alert_id == alert.id)
                                                .order_by(AlertEvent.id))]
            found = as_dict(alert) | {
                "risk": None if risk is None else round(risk.probability, 4),
                "risk_target": None if risk is None else risk.target,
                "risk_reasons": [] if risk is None else risk.reasons}
            return found, history

    def transition(self, principal: Principal, alert_id: int, to: str,
                   assignee: str | None = None, reason: str | None = None) -> dict[str, Any]:
        if to == "dismissed" and not (reason and reason.strip()):
            raise AlertError(422, "a dismissal needs a reason")
        if to == "assigned" and not (assignee and assignee.strip()):
            raise AlertError(422, "an assignment needs an assignee")
        with transaction(self.sessions) as session:
            alert = self._visible(session, principal, alert_id, for_update=True)
            if alert.withdrawn_on is not None:
                raise AlertError(409, "this alert was withdrawn: late data showed no breach")
            if to not in TRANSITIONS.get(alert.status, ()):
                raise AlertError(409, f"an alert that is {alert.status!r} cannot become {to!r}")
            alert.status = to
            if to == "assigned":
                alert.assignee = assignee
            session.add(AlertEvent(alert_id=alert.id, kind=to, actor=principal.name,
                                   reason=reason if to != "assigned" else f"to {assignee}"))
            session.flush()
            return as_dict(alert)

    def _visible(self, session: Session, principal: Principal, alert_id: int,
                 for_update: bool = False) -> Alert:
        alert = session.get(Alert, alert_id, with_for_update=for_update)
        # Another district's alert is answered as missing: its existence is not the caller's.
        if alert is None or not principal.sees(alert.region, alert.district):
            raise AlertError(404, f"no alert {alert_id} in your jurisdiction")
        return alert

    def refresh_gauges(self) -> None:
        with self.sessions() as session:
            counts = dict(session.execute(
                select(Alert.status, func.count()).where(Alert.withdrawn_on.is_(None))
                .group_by(Alert.status)).all())
        for status in TRANSITIONS:
            ALERTS_BY_STATUS.labels(status).set(counts.get(status, 0))


def _scoped(query: Any, principal: Principal) -> Any:
    if principal.role in ("admin", "auditor"):
        return query
    if principal.region is None:
        return query.where(Alert.id < 0)  # a territorial role without territory sees nothing
    query = query.where(Alert.region == principal.region)
    if principal.district is not None:
        query = query.where(Alert.district == principal.district)
    return query


def _decode_risk_cursor(cursor: str) -> tuple[float, int]:
    level, _, alert_id = cursor.partition("|")
    try:
        return float(level), int(alert_id)
    except ValueError:
        raise AlertError(422, "cursor: not a cursor this service gave out") from None


def _decode_due_cursor(cursor: str) -> tuple[date, int]:
    due, _, alert_id = cursor.partition("|")
    try:
        return date.fromisoformat(due), int(alert_id)
    except ValueError:
        raise AlertError(422, "cursor: not a cursor this service gave out") from None


def _decode_cursor(cursor: str) -> int:
    try:
        return int(cursor)
    except ValueError:
        raise AlertError(422, "cursor: not a cursor this service gave out") from None
