"""The queue's consumers: `alerts.changes` from the monitor and `proceedings.risk` from its risk
model, decoded with their topics' codecs (shared/messages.py). Each batch is one unit of work,
committed here at the edge; both are idempotent, since the bus delivers at least once."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from services.alerts.queue.models import Alert, AlertEvent, AlertRisk, ProcessedChange
from shared.bus import Message
from shared.messages import (
    ALERT_CHANGE_CODEC,
    RISK_SCORE_CODEC,
    AlertChange,
    AlertRecord,
    RiskCleared,
    RiskScored,
)
from shared.storage import transaction, utcnow

SYSTEM = "monitor"


def _apply_record(alert: Alert, record: AlertRecord) -> None:
    for field in ("rule", "proceeding_id", "property_id", "act_id", "decree_id", "bailiff_id",
                  "year", "state", "region", "district", "due", "done_on", "appeal_id"):
        setattr(alert, field, getattr(record, field))


def apply_changes(session: Session, changes: list[AlertChange]) -> None:
    """Raise, change or withdraw alerts; a change seen before is skipped."""
    seen = set(session.scalars(select(ProcessedChange.change_id).where(
        ProcessedChange.change_id.in_([c.change_id for c in changes]))))
    fresh = []
    for change in changes:
        if change.change_id not in seen:
            seen.add(change.change_id)
            fresh.append(change)
    if not fresh:
        return
    session.execute(insert(ProcessedChange), [{"change_id": c.change_id} for c in fresh])
    alerts = {a.identity: a for a in session.scalars(select(Alert).where(
        Alert.identity.in_({c.identity for c in fresh})))}
    history: list[tuple[Alert, str]] = []
    for change in fresh:
        _apply(session, change, alerts, history)
    session.flush()  # gives new alerts their ids
    session.execute(insert(AlertEvent), [
        {"alert_id": alert.id, "kind": kind, "actor": SYSTEM, "at": utcnow()}
        for alert, kind in history])


def _apply(session: Session, change: AlertChange, alerts: dict[str, Alert],
           history: list[tuple[Alert, str]]) -> None:
    kind, record, on = change.change, change.alert, change.on
    alert = alerts.get(change.identity)
    if alert is not None and change.version and alert.version >= change.version:
        return  # stale: a newer change of this alert was applied already
    if kind == "withdrawn":
        if alert is None:
            # Withdrawn before its raise arrived: kept, withdrawn, so that the late raise is
            # recognised as older and the queue never shows what the monitor withdrew.
            alert = alerts[change.identity] = Alert(identity=change.identity, raised_on=on,
                                                    status="new", withdrawn_on=on)
            _apply_record(alert, record)
            session.add(alert)
            alert.version = change.version
            history.append((alert, "withdrawn"))
        elif alert.withdrawn_on is None:
            alert.withdrawn_on = on
            history.append((alert, "withdrawn"))
        alert.version = max(alert.version or 0, change.version)
        return
    if alert is None:
        alert = alerts[change.identity] = Alert(identity=change.identity, raised_on=on,
                                                status="new")
        _apply_record(alert, record)
        session.add(alert)
        alert.version = change.version
        history.append((alert, "raised"))
        return
    reopened = alert.withdrawn_on is not None
    _apply_record(alert, record)
    alert.withdrawn_on = None
    alert.version = max(alert.version or 0, change.version)
    history.append((alert, "raised" if reopened else "changed"))


def apply_risk(session: Session, scores: list[RiskScored | RiskCleared]) -> None:
    """The latest score of each proceeding replaces the one before."""
    latest = {score.proceeding_id: score for score in scores}
    known = {r.proceeding_id: r for r in session.scalars(select(AlertRisk).where(
        AlertRisk.proceeding_id.in_(list(latest))))}
    for pid, score in latest.items():
        row = known.get(pid)
        if isinstance(score, RiskCleared):  # ended, or no term running any more
            if row is not None and row.scored_on <= score.scored_on:
                session.delete(row)
            continue
        if row is None:
            row = AlertRisk(proceeding_id=pid)
            session.add(row)
        elif row.scored_on > score.scored_on:
            continue  # an older score delivered late
        row.target, row.probability = score.target, score.probability
        row.reasons, row.scored_on = score.reasons, score.scored_on
        row.region, row.district = score.region, score.district


class QueueConsumers:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def changes(self, messages: list[Message]) -> None:
        """A batch of `alerts.changes` in one transaction."""
        changes = ALERT_CHANGE_CODEC.decode_batch(messages)
        if changes:
            with transaction(self.sessions) as session:
                apply_changes(session, changes)

    def risk(self, messages: list[Message]) -> None:
        """A batch of `proceedings.risk` in one transaction."""
        scores = RISK_SCORE_CODEC.decode_batch(messages)
        if scores:
            with transaction(self.sessions) as session:
                apply_risk(session, scores)
