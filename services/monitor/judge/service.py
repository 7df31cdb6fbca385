"""The monitor's judge: keeps every proceeding's facts, evaluates the shared rules on each event
and in a daily sweep, and announces alert changes on `alerts.changes` through the outbox.

It asks exactly the functions `qadagalau audit` asks (shared/legal), over the same facts, so the
live queue and the audit cannot disagree on the law. Its methods work in the caller's unit of
work (the consumer's batch, a sweep's chunk, a request) and never commit.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.monitor.judge.models import CurrentBreach, StoredFact, Subject
from shared.access import Jurisdiction
from shared.errors import not_found
from shared.events import Event
from shared.legal.calendar import CalendarError
from shared.legal.history import (
    Accepted,
    Fact,
    fact_of,
    fold_acts,
    fold_bailiffs,
    fold_proceeding,
)
from shared.legal.rules import Breach, Context, act_breaches, proceeding_breaches
from shared.messages import ALERT_CHANGE_CODEC, AlertChange, AlertRecord
from shared.metrics import ALERT_CHANGES
from shared.storage import enqueue

log = logging.getLogger(__name__)
# The facts that give a proceeding to a bailiff, and those that end it (for the bailiff page).
HOLDER_FACTS = ("document.accepted", "proceeding.transferred")
ENDING_FACTS = ("proceeding.completed", "proceeding.returned", "proceeding.terminated",
                "proceeding.refused")

# Far enough to count every known fact, inside the calendar's span.
HORIZON = date(2059, 12, 31)
BAILIFF_TYPES = frozenset({"bailiff.registered", "act.registered", "act.answered"})


def _value_of(fact: Fact) -> Any:
    return list(fact.value) if isinstance(fact.value, tuple) else fact.value


def fact_of_row(on: date, seq: int, type_: str, key: str, value: Any,
                 when: date | None) -> Fact:
    if type_ == "document.accepted":
        value = Accepted(*value)
    elif isinstance(value, list):
        value = tuple(value)
    return Fact(on, seq, type_, key, value, when)


class Monitor:
    def __init__(self, ctx: Context, today: Callable[[], date]) -> None:
        self.ctx = ctx
        self.today = today

    # --- events ------------------------------------------------------------------------------

    def take(self, session: Session, events: list[Event], today: date) -> None:
        """A batch of `proceedings.events`; idempotent by event_id. Each subject the batch
        touches is judged once, after all its new facts are stored."""
        known = set(session.scalars(select(StoredFact.event_id).where(
            StoredFact.event_id.in_([e.event_id for e in events]))))
        fresh = []
        for event in events:
            if event.event_id not in known:  # else a repeat: at-least-once delivery
                known.add(event.event_id)
                fresh.append((event, fact_of(event, 0)))
        owners = self._act_owners(session, fresh)
        rows: list[dict[str, Any]] = []
        touched: dict[str, None] = {}
        for event, fact in fresh:
            subject = _subject_of(event, fact, owners)
            rows.append({"event_id": event.event_id, "subject": subject, "on": fact.on,
                         "type": fact.type, "key": fact.key, "value": _value_of(fact),
                         "when": fact.when})
            if not subject.startswith("A:"):
                touched[subject] = None
        if rows:
            session.execute(insert(StoredFact), rows)
        registered = {fact.key: owners[fact.key] for _, fact in fresh
                      if fact.type == "act.registered"}
        for act_id, subject in registered.items():
            # Answers that came before their act waited under the act; they join it now.
            session.execute(update(StoredFact).where(StoredFact.subject == f"A:{act_id}")
                            .values(subject=subject))
        self.evaluate(session, list(touched), today)

    @staticmethod
    def _act_owners(session: Session, fresh: list[tuple[Any, Fact]]) -> dict[str, str]:
        """The bailiff subject of every act this batch registers or answers, where known."""
        owners = {fact.key: f"B:{event.bailiff_id}" for event, fact in fresh
                  if fact.type == "act.registered"}
        answered = {fact.key for _, fact in fresh if fact.type == "act.answered"} - set(owners)
        if answered:
            for act_id, subject in session.execute(
                    select(StoredFact.key, StoredFact.subject).where(
                        StoredFact.type == "act.registered", StoredFact.key.in_(answered))):
                owners.setdefault(act_id, subject)
        return owners

    # --- evaluation --------------------------------------------------------------------------

    def evaluate(self, session: Session, subjects: list[str], today: date) -> None:
        """Judge subjects as of today and announce what changed: a few queries for all."""
        for start in range(0, len(subjects), 500):
            chunk = subjects[start:start + 500]
            facts: dict[str, list[Fact]] = {subject: [] for subject in chunk}
            for subject, *fields in session.execute(
                    select(StoredFact.subject, StoredFact.on, StoredFact.seq, StoredFact.type,
                           StoredFact.key, StoredFact.value, StoredFact.when)
                    .where(StoredFact.subject.in_(chunk))):
                facts[subject].append(fact_of_row(*fields))
            rows = {r.subject: r for r in session.scalars(
                select(Subject).where(Subject.subject.in_(chunk)).with_for_update())}
            stored: dict[str, dict[str, CurrentBreach]] = {subject: {} for subject in chunk}
            for breach_row in session.scalars(
                    select(CurrentBreach).where(CurrentBreach.subject.in_(chunk))):
                stored[breach_row.subject][breach_row.identity] = breach_row
            outgoing: list[tuple[str, str | None, bytes]] = []
            for subject in chunk:
                row = rows.get(subject)
                if row is None:
                    row = Subject(subject=subject)
                    session.add(row)
                self._evaluate_one(session, subject, facts[subject], row, stored[subject],
                                   today, outgoing)
            enqueue(session, outgoing)

    def _evaluate_one(self, session: Session, subject: str, facts: list[Fact], row: Subject,
                      stored: dict[str, CurrentBreach], today: date,
                      outgoing: list[tuple[str, str | None, bytes]]) -> None:
        try:
            breaches, region, district = self._judge(subject, facts, today)
            pending, _, _ = self._judge(subject, facts, HORIZON)
        except CalendarError as exc:
            # A date the calendar cannot count from: this subject is not judged, and does not
            # block the batch (it would come back for ever).
            log.error("%s not judged: %s", subject, exc)
            return
        row.region, row.district = region, district
        row.next_check, row.evaluated_on = _next_check(pending, facts, today), today
        current = {r.identity: r for r in (AlertRecord.of(b, region, district) for b in breaches)}

        def announce(kind: Literal["raised", "changed", "withdrawn"], alert: AlertRecord) -> None:
            row.changes = (row.changes or 0) + 1  # the subject's row is locked: one order
            outgoing.append(_change(kind, alert, today, row.changes))

        for key, alert in current.items():
            record = alert.stored()
            old = stored.get(key)
            if old is None:
                session.add(CurrentBreach(identity=key, subject=subject, record=record))
                announce("raised", alert)
            elif old.record != record:
                old.record = record
                announce("changed", alert)
        for key, old in stored.items():
            if key not in current:
                session.delete(old)
                announce("withdrawn", AlertRecord.model_validate(old.record))

    def _judge(self, subject: str, facts: list[Fact],
               as_of: date) -> tuple[list[Breach], str | None, str | None]:
        if subject.startswith("P:"):
            proceeding = fold_proceeding(subject[2:], facts, as_of)
            return proceeding_breaches(proceeding, as_of, self.ctx), proceeding.region, \
                proceeding.district
        acts = fold_acts(facts, as_of)
        bailiffs = fold_bailiffs(facts, as_of)
        bailiff = bailiffs.get(subject[2:])
        region = bailiff.region if bailiff else None
        district = bailiff.district if bailiff else None
        return act_breaches(acts, bailiffs, as_of, self.ctx), region, district

    # --- the sweep ---------------------------------------------------------------------------

    @staticmethod
    def timeline(session: Session, reach: Jurisdiction, proceeding_id: str) -> dict[str, Any]:
        """The facts of one proceeding in date order, and its current breaches."""
        subject_id = f"P:{proceeding_id}"
        subject = session.get(Subject, subject_id)
        if subject is None or not reach.covers(subject.region, subject.district):
            raise not_found("proceeding", proceeding_id)
        facts = session.scalars(select(StoredFact).where(StoredFact.subject == subject_id)
                                .order_by(StoredFact.on, StoredFact.seq))
        breaches = session.scalars(select(CurrentBreach.record).where(
            CurrentBreach.subject == subject_id))
        return {"proceeding_id": proceeding_id, "region": subject.region,
                "district": subject.district,
                "timeline": [_timeline_entry(f) for f in facts],
                "breaches": sorted(breaches, key=lambda r: (r["due"], r["rule"]))}

    @staticmethod
    def proceedings_of(session: Session, reach: Jurisdiction, bailiff_id: str,
                       limit: int = 500) -> list[dict[str, Any]]:
        """The open proceedings a bailiff holds now (accepted by or transferred to them, not
        handed on, not ended), in the caller's jurisdiction, the most recently taken first."""
        subjects = list(session.scalars(select(StoredFact.subject).where(
            StoredFact.type.in_(HOLDER_FACTS), StoredFact.key == bailiff_id).distinct()))
        if not subjects:
            return []
        facts = session.execute(
            select(StoredFact.subject, StoredFact.type, StoredFact.key, StoredFact.on)
            .where(StoredFact.subject.in_(subjects),
                   StoredFact.type.in_(HOLDER_FACTS + ENDING_FACTS))
            .order_by(StoredFact.on, StoredFact.seq)).all()
        places = {s.subject: s for s in session.scalars(select(Subject).where(
            Subject.subject.in_(subjects)))}
        holder: dict[str, tuple[str, date]] = {}
        ended: set[str] = set()
        for subject, kind, key, on in facts:
            if kind in HOLDER_FACTS:
                if subject not in holder or holder[subject][0] != key:
                    holder[subject] = (key, on)  # held since the day it came to them
            else:
                ended.add(subject)
        out = []
        for subject, (key, since) in holder.items():
            place = places.get(subject)
            if key != bailiff_id or subject in ended or place is None or \
                    not reach.covers(place.region, place.district):
                continue
            out.append({"proceeding_id": subject.removeprefix("P:"),
                        "held_since": since.isoformat(), "region": place.region,
                        "district": place.district})
        out.sort(key=lambda p: (p["held_since"], p["proceeding_id"]), reverse=True)
        return out[:limit]

    @staticmethod
    def due(session: Session, today: date, batch: int) -> list[str]:
        """The subjects whose next check has come and that were not judged today."""
        return list(session.scalars(
            select(Subject.subject)
            .where(Subject.next_check <= today)
            .where((Subject.evaluated_on.is_(None)) | (Subject.evaluated_on < today))
            .order_by(Subject.next_check)
            .limit(batch)))


def _change(kind: Literal["raised", "changed", "withdrawn"], alert: AlertRecord,
            today: date, version: int) -> tuple[str, str | None, bytes]:
    ALERT_CHANGES.labels(change=kind, rule=alert.rule, region=alert.region or "unknown").inc()
    return ALERT_CHANGE_CODEC.outgoing(AlertChange(
        change_id=str(uuid.uuid4()), change=kind, identity=alert.identity, on=today, alert=alert,
        version=version))


def _subject_of(event: Any, fact: Fact, act_owners: dict[str, str]) -> str:
    if fact.type == "bailiff.registered":
        return f"B:{fact.key}"
    if fact.type in ("act.registered", "act.answered"):
        return act_owners.get(fact.key) or f"A:{fact.key}"
    return f"P:{event.proceeding_id}"


def _next_check(pending: Iterable[Breach], facts: Iterable[Fact], today: date) -> date | None:
    """The first day after today on which the breaches may change though no event arrives:
    the day after a term still running ends, or the date of a fact known in advance."""
    days = [b.due + timedelta(days=1) for b in pending if b.due >= today]
    days += [f.on for f in facts if f.on > today]
    days += [f.when for f in facts if f.when is not None and f.when > today]
    return min(days) if days else None


def _timeline_entry(fact: StoredFact) -> dict[str, Any]:
    return {"on": fact.on.isoformat(), "type": fact.type, "key": fact.key or None,
            "value": fact.value, "when": fact.when.isoformat() if fact.when else None}
