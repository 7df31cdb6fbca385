"""Ingest: validates bailiff events, de-duplicates them by event_id, and passes the valid ones
to `proceedings.events` (rejected ones, with their reason, to `bailiff.events.dlq`), through the
outbox so that an accepted event is never lost between the database and the bus.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import orjson
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.ingest.models import AcceptedEvent, KnownAppeal, KnownProceeding
from shared.access import Jurisdiction
from shared.auth import Principal
from shared.bus import PROCEEDINGS_EVENTS
from shared.events import (
    AppealReceived,
    DocumentAccepted,
    Event,
    EventRejected,
    parse_event,
    validate_event,
)
from shared.legal.calendar import WorkingCalendar
from shared.legal.history import APPEAL_TYPES
from shared.legal.rules import act_refusal
from shared.messages import DEAD_LETTER_CODEC, DeadLetter, event_key
from shared.metrics import (
    EVENTS_DUPLICATE,
    EVENTS_INGESTED,
    EVENTS_REJECTED,
    rejection_reason_label,
)
from shared.storage import among, bulk_insert, enqueue, table_of, utcnow

MAX_BATCH = 10_000
# What a result echoes of a rejected event: a sender's 1 MB event_id or value is not sent back
# whole (in the answer and the dead letter), only enough of it to find the event.
ECHO_ID_CHARS = 128  # the contract's longest event_id (docs/contract.md §1)
ECHO_REASON_CHARS = 1000
Outcome = Literal["accepted", "duplicate", "rejected"]
ACCEPTED_COLUMNS = ("event_id", "digest", "type", "channel", "received_at")


@dataclass(frozen=True, slots=True)
class Result:
    index: int
    event_id: str | None
    status: Outcome
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"index": self.index, "event_id": self.event_id,
                               "status": self.status}
        if self.reason is not None:
            out["reason"] = self.reason
        return out


def canonical(event: Event) -> bytes:
    return event.model_dump_json(exclude_none=True).encode()


def _region_of(event: Event) -> str | None:
    return getattr(event, "region", None)


class Ingest:
    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar

    def take(self, session: Session, items: Iterable[bytes | Any], channel: str,
             principal: Principal | None = None) -> list[Result]:
        """Validate and store a batch in the caller's unit of work; one result per item, in
        order. A bad item never spoils the batch: it is answered and dead-lettered."""
        results: list[Result | None] = []
        valid: list[tuple[int, Event, bytes]] = []
        rejected: list[tuple[int, str | None, str, bytes]] = []
        for index, item in enumerate(items):
            raw = item if isinstance(item, bytes | str) else orjson.dumps(item)
            try:
                event = parse_event(raw) if isinstance(item, bytes | str) else validate_event(item)
            except EventRejected as exc:
                rejected.append((index, _event_id_of(raw), cut(exc.reason, ECHO_REASON_CHARS),
                                 _as_bytes(raw)))
                results.append(None)
                continue
            unlawful = act_refusal(event, self.calendar)
            if unlawful is not None:  # valid by the contract, unlawful by the law
                rejected.append((index, event.event_id, unlawful, _as_bytes(raw)))
                results.append(None)
                continue
            valid.append((index, event, canonical(event)))
            results.append(None)
        reach = Jurisdiction(principal) if principal is not None else None
        if reach is not None and not reach.everywhere:
            valid = self._within_reach(session, valid, reach, rejected)
        try:
            with session.begin_nested():
                outcomes = self._store(session, valid, channel)
        except IntegrityError:
            # Another request stored one of these ids meanwhile: one by one, each in its
            # own savepoint, so that the race costs nothing else.
            outcomes = []
            for item in valid:
                try:
                    with session.begin_nested():
                        outcomes += self._store(session, [item], channel)
                except IntegrityError:
                    with session.begin_nested():  # now stored: a duplicate or a conflict
                        outcomes += self._store(session, [item], channel)
        for result in outcomes:
            results[result.index] = result
            if result.status == "rejected":
                raw = next(c for i, _, c in valid if i == result.index)
                rejected.append((result.index, result.event_id, result.reason or "", raw))
        dead_letters = []
        for index, event_id, reason, raw in rejected:
            if results[index] is None:
                results[index] = Result(index, event_id, "rejected", reason)
            dead_letters.append(DEAD_LETTER_CODEC.outgoing(DeadLetter(
                reason=reason, channel=channel, event_id=event_id, received_at=utcnow(),
                event=raw.decode("utf-8", "replace"))))
            EVENTS_REJECTED.labels(channel, rejection_reason_label(reason)).inc()
        enqueue(session, dead_letters)
        return [r for r in results if r is not None]

    @staticmethod
    def _within_reach(session: Session, valid: list[tuple[int, Event, bytes]],
                      reach: Jurisdiction, rejected: list[tuple[int, str | None, str, bytes]],
                      ) -> list[tuple[int, Event, bytes]]:
        """Keep the events a regional system may send: those of its region, by the event's own
        region or by the region of its proceeding's accepted document. An event of a
        proceeding not known yet is let through (its document may come later). An appeal's
        step is its appeal's: one whose receipt is not known (of this batch or before) is not
        let through, since it would answer or stall another office's appeal."""
        proceeding_ids = {getattr(e, "proceeding_id", None) for _, e, _ in valid} - {None}
        regions = dict(session.execute(select(
            KnownProceeding.proceeding_id, KnownProceeding.region).where(
            among(session, KnownProceeding.proceeding_id, proceeding_ids))).all()) \
            if proceeding_ids else {}
        steps = {getattr(e, "appeal_id", "") for _, e, _ in valid
                 if e.type in APPEAL_TYPES and e.type != "appeal.received"}
        appeals = dict(session.execute(select(KnownAppeal.appeal_id, KnownAppeal.region).where(
            among(session, KnownAppeal.appeal_id, steps))).all()) if steps else {}
        for _, e, _ in valid:
            if isinstance(e, AppealReceived):
                appeals.setdefault(e.appeal_id, e.region)
        kept = []
        for index, event, body in valid:
            if event.type in APPEAL_TYPES and not isinstance(event, AppealReceived):
                appeal_id = getattr(event, "appeal_id", "")
                where = appeals.get(appeal_id)
                if where is None:
                    rejected.append((index, event.event_id, (
                        f"appeal_id: appeal {appeal_id!r} is not known here: send its "
                        "appeal.received first"), body))
                    continue
            else:
                where = _region_of(event) or regions.get(
                    getattr(event, "proceeding_id", None) or "")
            # A whole region's events: the access policy's territory of a regional system.
            if where is not None and not reach.covers_region(where):
                reason = (f"outside your jurisdiction: region {where!r}; this token may send "
                          f"events of region {reach.principal.region!r} only")
                rejected.append((index, event.event_id, reason, body))
            else:
                kept.append((index, event, body))
        return kept

    def _store(self, session: Session, valid: list[tuple[int, Event, bytes]],
               channel: str) -> list[Result]:
        ids = [event.event_id for _, event, _ in valid]
        known: dict[str, str] = dict(session.execute(
            select(AcceptedEvent.event_id, AcceptedEvent.digest).where(
                among(session, AcceptedEvent.event_id, ids))).all()) if ids else {}
        outcomes = []
        rows: list[tuple[str, str, str, str, datetime]] = []
        messages: list[tuple[str, str | None, bytes]] = []
        documents: dict[str, str] = {}
        appeals: dict[str, str] = {}
        ingested: Counter[str] = Counter()
        duplicates = 0
        now = utcnow()
        for index, event, body in valid:
            digest = hashlib.sha256(body).hexdigest()
            seen = known.get(event.event_id)
            if seen == digest:
                outcomes.append(Result(index, event.event_id, "duplicate"))
                duplicates += 1
                continue
            if seen is not None:
                outcomes.append(Result(index, event.event_id, "rejected",
                                       "conflict: event_id already received with other content"))
                continue
            known[event.event_id] = digest
            rows.append((event.event_id, digest, event.type, channel, now))
            # The bytes as received go on (no re-encoding), under the topic's own key.
            messages.append((PROCEEDINGS_EVENTS, event_key(event), body))
            if isinstance(event, DocumentAccepted):
                documents.setdefault(event.proceeding_id, event.region)
            elif isinstance(event, AppealReceived):
                appeals.setdefault(event.appeal_id, event.region)
            outcomes.append(Result(index, event.event_id, "accepted"))
            ingested[event.type] += 1
        # Counted per batch: a metric's labels looked up per event cost 4% of ingest's time.
        if duplicates:
            EVENTS_DUPLICATE.labels(channel).inc(duplicates)
        for type_, count in ingested.items():
            EVENTS_INGESTED.labels(channel, type_).inc(count)
        bulk_insert(session, table_of(AcceptedEvent), ACCEPTED_COLUMNS, rows)
        if documents:
            known_ids = set(session.scalars(select(KnownProceeding.proceeding_id).where(
                among(session, KnownProceeding.proceeding_id, documents))))
            fresh = [{"proceeding_id": p, "region": r} for p, r in documents.items()
                     if p not in known_ids]
            if fresh:
                session.execute(insert(KnownProceeding), fresh)
        if appeals:  # the first receipt of an appeal counts (docs/rules.md#appeal_term)
            known_ids = set(session.scalars(select(KnownAppeal.appeal_id).where(
                among(session, KnownAppeal.appeal_id, appeals))))
            fresh = [{"appeal_id": a, "region": r} for a, r in appeals.items()
                     if a not in known_ids]
            if fresh:
                session.execute(insert(KnownAppeal), fresh)
        enqueue(session, messages)
        return outcomes


def _as_bytes(raw: bytes | str) -> bytes:
    return raw if isinstance(raw, bytes) else raw.encode()


def _event_id_of(raw: bytes | str) -> str | None:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    event_id = value.get("event_id") if isinstance(value, dict) else None
    return cut(event_id, ECHO_ID_CHARS) if isinstance(event_id, str) else None


def cut(text: str, limit: int) -> str:
    """`text`, or its first `limit` characters and a marker saying how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…[cut: {len(text)} characters]"
