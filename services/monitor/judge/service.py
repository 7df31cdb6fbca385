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
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import bindparam, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from services.monitor.judge.kept import KeptFacts
from services.monitor.judge.models import CurrentBreach, StoredFact, Subject
from shared.access import Jurisdiction
from shared.errors import not_found
from shared.events import Event
from shared.legal.calendar import CalendarError
from shared.legal.history import (
    APPEAL_TYPES,
    Accepted,
    Fact,
    fact_of,
    fold_acts,
    fold_appeals,
    fold_bailiffs,
    fold_proceeding,
    in_legal_order,
)
from shared.legal.rules import (
    Breach,
    Context,
    act_breaches,
    appeal_breaches,
    proceeding_breaches,
)
from shared.messages import ALERT_CHANGE_CODEC, AlertChange, AlertRecord
from shared.metrics import ALERT_CHANGES
from shared.storage import among, bulk_insert, enqueue, on_postgresql, table_of, upsert, utcnow

log = logging.getLogger(__name__)
# The facts that give a proceeding to a bailiff, and those that end it (for the bailiff page).
HOLDER_FACTS = ("document.accepted", "proceeding.transferred")
ENDING_FACTS = ("proceeding.completed", "proceeding.returned", "proceeding.terminated",
                "proceeding.refused")

# Far enough to count every known fact, inside the calendar's span.
HORIZON = date(2059, 12, 31)
BAILIFF_TYPES = frozenset({"bailiff.registered", "act.registered", "act.answered"})
# An appeal's facts are kept under the appeal: its steps may come before its receipt.
APPEAL_SUBJECT = "AP:"


def _value_of(fact: Fact) -> Any:
    return list(fact.value) if isinstance(fact.value, tuple) else fact.value


def fact_of_row(on: date, seq: int, type_: str, key: str, value: Any,
                 when: date | None) -> Fact:
    if type_ == "document.accepted":
        value = Accepted(*value)
    elif isinstance(value, list):
        value = tuple(value)
    return Fact(on, seq, type_, key, value, when)


@dataclass
class Verdicts:
    """What judging a chunk of subjects changed, written in a few bulk statements."""

    subjects: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    raised: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    unjudged: list[str] = field(default_factory=list)
    outgoing: list[tuple[str, str | None, bytes]] = field(default_factory=list)

    def write(self, session: Session) -> None:
        table, breaches = table_of(Subject), table_of(CurrentBreach)
        if self.missing:
            session.execute(insert(table), self.missing)
        if self.subjects:
            session.execute(update(table).where(table.c.subject == bindparam("b_subject"))
                            .values(region=bindparam("b_region"),
                                    district=bindparam("b_district"),
                                    next_check=bindparam("b_next_check"),
                                    evaluated_on=bindparam("b_evaluated_on"),
                                    changes=bindparam("b_changes"), pending_since=None,
                                    updated_at=utcnow()), self.subjects)
        if self.unjudged:  # not judged, not waiting: the error is in the log
            session.execute(update(table).where(among(session, table.c.subject, self.unjudged))
                            .values(pending_since=None))
        if self.withdrawn:
            session.execute(delete(breaches).where(
                among(session, breaches.c.identity, self.withdrawn)))
        if self.changed:
            session.execute(update(breaches)
                            .where(breaches.c.identity == bindparam("b_identity"))
                            .values(record=bindparam("b_record")), self.changed)
        bulk_insert(session, breaches, ("identity", "subject", "record"), self.raised)
        enqueue(session, self.outgoing)


MARK_PENDING = text(
    "INSERT INTO monitor_subjects (subject, facts, changes, pending_since, updated_at) "
    "SELECT subject, facts, 0, :now, :now "
    "FROM unnest(CAST(:subjects AS varchar[]), CAST(:counts AS bigint[])) AS new (subject, facts) "
    "ON CONFLICT (subject) DO UPDATE SET facts = monitor_subjects.facts + excluded.facts, "
    "pending_since = coalesce(monitor_subjects.pending_since, excluded.pending_since), "
    "updated_at = excluded.updated_at "
    "RETURNING subject, facts")
FACT_COLUMNS = ("event_id", "subject", "on", "type", "key", "value", "when")
CHUNK = 1000


class Monitor:
    def __init__(self, ctx: Context, today: Callable[[], date],
                 kept: KeptFacts | None = None) -> None:
        self.ctx = ctx
        self.today = today
        self.kept = kept if kept is not None else KeptFacts()

    # --- events ------------------------------------------------------------------------------

    def take(self, session: Session, events: list[Event], today: date,
             judge: bool = True) -> list[str]:
        """Store a batch of `proceedings.events` (idempotent by event_id) and mark the subjects
        it touched as waiting to be judged; with `judge`, judge them now, once each, after all
        their new facts are stored. The subjects touched, for the caller to judge later."""
        known = set(session.scalars(select(StoredFact.event_id).where(
            among(session, StoredFact.event_id, [e.event_id for e in events]))))
        fresh = []
        for event in events:
            if event.event_id not in known:  # else a repeat: at-least-once delivery
                known.add(event.event_id)
                fresh.append((event, fact_of(event, 0)))
        owners = self._act_owners(session, fresh)
        rows = []
        new: dict[str, list[Fact]] = {}
        for event, fact in fresh:
            subject = _subject_of(event, fact, owners)
            rows.append((event.event_id, subject, fact.on, fact.type, fact.key,
                         _value_of(fact), fact.when))
            new.setdefault(subject, []).append(fact)
        bulk_insert(session, table_of(StoredFact), FACT_COLUMNS, rows)
        added = {subject: len(facts) for subject, facts in new.items()
                 if not subject.startswith("A:")}
        moved: set[str] = set()
        facts = table_of(StoredFact)
        for act_id, subject in {fact.key: owners[fact.key] for _, fact in fresh
                                if fact.type == "act.registered"}.items():
            # Answers that came before their act waited under the act; they join it now.
            result = session.execute(update(facts).where(facts.c.subject == f"A:{act_id}")
                                     .values(subject=subject))
            if count := int(getattr(result, "rowcount", 0) or 0):
                added[subject] = added.get(subject, 0) + count
                moved.add(subject)
        counts = self._mark_pending(session, added)
        for subject, count in counts.items():
            if subject in moved:  # older facts joined it: read them all next time
                self.kept.forget([subject])
            else:
                self.kept.extend(subject, count - added[subject], new[subject])
        if judge:
            self.evaluate(session, list(added), today)
        return list(added)

    @staticmethod
    def _mark_pending(session: Session, added: dict[str, int]) -> dict[str, int]:
        """Count the subjects' new facts and mark them waiting; their counts now."""
        if not added:
            return {}
        now = utcnow()
        subjects = sorted(added)  # one order of row locks for every writer
        if on_postgresql(session):
            # Two arrays, one statement whatever the batch: a VALUES list of thousands of
            # rows cost more to build and parse than to run (docs/performance.md).
            return dict(session.execute(MARK_PENDING, {
                "subjects": subjects, "counts": [added[s] for s in subjects],
                "now": now}).all())
        table = table_of(Subject)
        statement = upsert(session, table)
        statement = statement.on_conflict_do_update(index_elements=["subject"], set_={
            "facts": table.c.facts + statement.excluded.facts,
            "pending_since": func.coalesce(table.c.pending_since,
                                           statement.excluded.pending_since),
            "updated_at": statement.excluded.updated_at,
        }).returning(table.c.subject, table.c.facts)
        counts: dict[str, int] = {}
        for start in range(0, len(subjects), CHUNK):
            counts.update(session.execute(statement.values([
                {"subject": s, "facts": added[s], "changes": 0, "pending_since": now,
                 "updated_at": now} for s in subjects[start:start + CHUNK]])).all())
        return counts

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

    def judge_pending(self, session: Session, today: date, subjects: list[str] | None = None,
                      waiting_since: datetime | None = None, limit: int = CHUNK) -> int:
        """Judge subjects waiting since their last facts: those of `subjects` still waiting,
        or any waiting since before `waiting_since` (left by a replica that stopped). Rows
        another replica is judging are skipped, not waited for. How many were judged."""
        table = table_of(Subject)
        query = select(table.c.subject).where(table.c.pending_since.is_not(None))
        if subjects is not None:
            query = query.where(among(session, table.c.subject, subjects))
        if waiting_since is not None:
            query = query.where(table.c.pending_since < waiting_since)
        query = query.order_by(table.c.subject).limit(limit)
        if on_postgresql(session):
            query = query.with_for_update(skip_locked=True)
        chosen = list(session.scalars(query))
        self.evaluate(session, chosen, today)
        return len(chosen)

    def evaluate(self, session: Session, subjects: list[str], today: date) -> None:
        """Judge subjects as of today and announce what changed: a few statements for all."""
        subjects = sorted(set(subjects))
        for start in range(0, len(subjects), CHUNK):
            self._evaluate_chunk(session, subjects[start:start + CHUNK], today)

    def _evaluate_chunk(self, session: Session, chunk: list[str], today: date) -> None:
        table, breaches = table_of(Subject), table_of(CurrentBreach)
        rows = {row.subject: row for row in session.execute(
            select(table.c.subject, table.c.facts, table.c.changes)
            .where(among(session, table.c.subject, chunk)).with_for_update())}
        facts: dict[str, list[Fact]] = {}
        unread = []
        for subject in chunk:
            row = rows.get(subject)
            kept = self.kept.get(subject, row.facts) if row is not None else None
            if kept is None:
                unread.append(subject)
            else:
                facts[subject] = kept
        if unread:
            read: dict[str, list[Fact]] = {subject: [] for subject in unread}
            for subject, *fields in session.execute(
                    select(StoredFact.subject, StoredFact.on, StoredFact.seq, StoredFact.type,
                           StoredFact.key, StoredFact.value, StoredFact.when)
                    .where(among(session, StoredFact.subject, unread))):
                read[subject].append(fact_of_row(*fields))
            for subject, history in read.items():
                self.kept.put(subject, history)
                facts[subject] = history
        stored: dict[str, dict[str, dict[str, Any]]] = {subject: {} for subject in chunk}
        for identity, subject, record in session.execute(
                select(breaches.c.identity, breaches.c.subject, breaches.c.record)
                .where(among(session, breaches.c.subject, chunk))):
            stored[subject][identity] = record
        verdicts = Verdicts()
        for subject in chunk:
            row = rows.get(subject)
            self._evaluate_one(subject, facts[subject], row.changes if row else 0,
                               stored[subject], today, verdicts)
            if row is None:  # judged before its facts were counted (an older schema's row)
                verdicts.missing.append({"subject": subject, "facts": len(facts[subject]),
                                         "changes": 0})
        verdicts.write(session)

    def _evaluate_one(self, subject: str, facts: list[Fact], changes: int,
                      stored: dict[str, dict[str, Any]], today: date,
                      verdicts: Verdicts) -> None:
        try:
            breaches, region, district = self._judge(subject, facts, today)
            pending, _, _ = self._judge(subject, facts, HORIZON)
        except CalendarError as exc:
            # A date the calendar cannot count from: this subject is not judged, and does not
            # block the batch (it would come back for ever).
            log.error("%s not judged: %s", subject, exc)
            verdicts.unjudged.append(subject)
            return
        current = {r.identity: r for r in (AlertRecord.of(b, region, district) for b in breaches)}

        def announce(kind: Literal["raised", "changed", "withdrawn"], alert: AlertRecord) -> None:
            nonlocal changes
            changes += 1  # the subject's row is locked: one order
            verdicts.outgoing.append(_change(kind, alert, today, changes))

        for key, alert in current.items():
            record = alert.stored()
            old = stored.get(key)
            if old is None:
                verdicts.raised.append((key, subject, record))
                announce("raised", alert)
            elif old != record:
                verdicts.changed.append({"b_identity": key, "b_record": record})
                announce("changed", alert)
        for key, old in stored.items():
            if key not in current:
                verdicts.withdrawn.append(key)
                announce("withdrawn", AlertRecord.model_validate(old))
        verdicts.subjects.append({
            "b_subject": subject, "b_region": region, "b_district": district,
            "b_next_check": _next_check(pending, facts, today), "b_evaluated_on": today,
            "b_changes": changes})

    def _judge(self, subject: str, facts: list[Fact],
               as_of: date) -> tuple[list[Breach], str | None, str | None]:
        if subject.startswith("P:"):
            proceeding = fold_proceeding(subject[2:], facts, as_of)
            return proceeding_breaches(proceeding, as_of, self.ctx), proceeding.region, \
                proceeding.district
        if subject.startswith(APPEAL_SUBJECT):
            appeals = fold_appeals(facts, as_of)
            appeal = appeals.get(subject.removeprefix(APPEAL_SUBJECT))
            return appeal_breaches(appeals, as_of, self.ctx), \
                appeal.region if appeal else None, appeal.district if appeal else None
        acts = fold_acts(facts, as_of)
        bailiffs = fold_bailiffs(facts, as_of)
        bailiff = bailiffs.get(subject[2:])
        region = bailiff.region if bailiff else None
        district = bailiff.district if bailiff else None
        return act_breaches(acts, bailiffs, as_of, self.ctx), region, district

    # --- the sweep ---------------------------------------------------------------------------

    @staticmethod
    def timeline(session: Session, reach: Jurisdiction, proceeding_id: str) -> dict[str, Any]:
        """The facts of one proceeding in date order (a day's in the law's order, then by
        receipt), and its current breaches."""
        subject_id = f"P:{proceeding_id}"
        subject = session.get(Subject, subject_id)
        if subject is None or not reach.covers(subject.region, subject.district):
            raise not_found("proceeding", proceeding_id)
        facts = sorted(session.scalars(select(StoredFact).where(
            StoredFact.subject == subject_id)), key=_legal_order)
        breaches = session.scalars(select(CurrentBreach.record).where(
            CurrentBreach.subject == subject_id))
        return {"proceeding_id": proceeding_id, "region": subject.region,
                "district": subject.district,
                "timeline": [_timeline_entry(f) for f in facts],
                "breaches": sorted(breaches, key=lambda r: (r["due"], r["rule"]))}

    @staticmethod
    def proceedings_of(session: Session, reach: Jurisdiction,
                       bailiff_id: str) -> list[dict[str, Any]]:
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
        return out

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
    if fact.type in APPEAL_TYPES:
        return f"{APPEAL_SUBJECT}{fact.key}"
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


def _legal_order(fact: StoredFact) -> tuple[date, int, int]:
    return in_legal_order(fact.on, fact.type, fact.seq)


def _timeline_entry(fact: StoredFact) -> dict[str, Any]:
    return {"on": fact.on.isoformat(), "type": fact.type, "key": fact.key or None,
            "value": fact.value, "when": fact.when.isoformat() if fact.when else None}
