"""The sanctions service: routes bailiff decrees by the sanction catalogue, keeps each office's
queue, and records signed decisions (docs/rules.md#sanction-catalogue).

A prosecutor-sanctioned decree waits in the queue of the prosecutor's office of the bailiff's
district; a court-sanctioned one is answered "court sanction, not the prosecutor's"; a kind the
catalogue does not know goes to triage. A decision is decided once, signed (CMS) by the
prosecutor, verified before it is accepted, appended to a hash chain, published to
`sanctions.decisions`, and passed to the monitor as a `sanction.decided` event. The decision
term is the monitor's to judge (SANCTION_DECISION_TERM, docs/rules.md), like every rule; the
queue only shows its countdown, from the same legal-core function.

Every method works in the caller's unit of work (the HTTP handler's or the consumer's session,
services/sanctions/consumers.py) and never commits. The audit log's checkpoint is hooked to that
session's commit, so no caller can forget it.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import event as orm_event
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from services.sanctions.models import (
    AuditLogEntry,
    ChainHead,
    EarlyDecision,
    KnownProceeding,
    KnownProperty,
    SanctionRequest,
)
from shared import paging, witness
from shared.access import Jurisdiction
from shared.auth import Principal
from shared.chain import GENESIS, Break, Checkpoint, Entry, entry_hash, verify
from shared.errors import Conflict, Forbidden, Invalid, Unavailable, not_found
from shared.events import (
    DecreeIssued,
    DocumentAccepted,
    PropertyArrested,
    SanctionDecided,
    parse_event,
)
from shared.legal.calendar import WorkingCalendar
from shared.legal.policy import SanctionAuthority
from shared.legal.rules import Context, overdue, sanction_decision_due
from shared.messages import (
    CHECKPOINT_CODEC,
    EVENT_CODEC,
    SANCTION_DECISION_CODEC,
    ChainCheckpoint,
    CourtAnswer,
    SignedDecision,
)
from shared.metrics import (
    DAY_SECONDS,
    SANCTION_DECISION_SECONDS,
    SANCTION_OLDEST_PENDING_SECONDS,
    SANCTION_REQUESTS,
)
from shared.settings import Policy
from shared.signatures import SignatureInvalid, Verifier, canonical
from shared.storage import enqueue

log = logging.getLogger(__name__)
COURT_ANSWER = "court sanction, not the prosecutor's"


@dataclass(frozen=True, slots=True)
class QueueItem:
    request: dict[str, Any]


class SanctionDesk:
    def __init__(self, calendar: WorkingCalendar, policy: Policy, verifier: Verifier | None,
                 today: Callable[[], date], witness_file: Path | None = None) -> None:
        self.calendar, self.policy = calendar, policy
        self.ctx = Context(calendar, policy)
        self.verifier, self.today, self.witness_file = verifier, today, witness_file

    # --- proceedings.events ------------------------------------------------------------------

    def take(self, session: Session,
             events: Iterable[DocumentAccepted | DecreeIssued | SanctionDecided
                              | PropertyArrested]) -> None:
        """Decrees, the documents that say where their proceedings are, and the properties
        decrees may concern; idempotent."""
        for event in events:
            if isinstance(event, DocumentAccepted):
                self._locate(session, event)
            elif isinstance(event, PropertyArrested):
                if session.get(KnownProperty, (event.proceeding_id, event.property_id)) is None:
                    session.add(KnownProperty(
                        proceeding_id=event.proceeding_id, property_id=event.property_id,
                        kind=event.property_kind, description=event.description))
                    session.flush()
            elif isinstance(event, DecreeIssued):
                self._route(session, event)
            else:
                self._decided_elsewhere(session, event)

    def _locate(self, session: Session, event: DocumentAccepted) -> None:
        if session.get(KnownProceeding, event.proceeding_id) is not None:
            return
        session.add(KnownProceeding(proceeding_id=event.proceeding_id,
                                    bailiff_id=event.bailiff_id, region=event.region,
                                    district=event.district,
                                    document_number=event.document.number,
                                    amount_kzt=event.amount_kzt, debtor_kind=event.debtor.kind,
                                    debtor_name=event.debtor.name))
        session.flush()
        # Requests that arrived before their proceeding's document now find their office.
        session.execute(update(SanctionRequest)
                        .where(SanctionRequest.proceeding_id == event.proceeding_id,
                               SanctionRequest.region.is_(None))
                        .values(region=event.region, district=event.district,
                                bailiff_id=event.bailiff_id))

    def _route(self, session: Session, event: DecreeIssued) -> None:
        if session.get(SanctionRequest, event.decree_id) is not None:
            return  # a repeat
        authority = self.policy.sanction_catalogue.get(event.decree_kind)
        where = session.get(KnownProceeding, event.proceeding_id)
        status = {SanctionAuthority.PROSECUTOR: "pending",
                  SanctionAuthority.COURT: "court"}.get(authority, "triage")  # type: ignore[arg-type]
        received = event.occurred_on
        session.add(SanctionRequest(
            decree_id=event.decree_id, proceeding_id=event.proceeding_id,
            decree_kind=event.decree_kind, status=status,
            region=where.region if where else None, district=where.district if where else None,
            bailiff_id=where.bailiff_id if where else None, summary=event.summary,
            document_sha256=event.document_sha256, document_url=event.document_url,
            property_id=event.property_id,
            received_on=received,
            due_on=sanction_decision_due(received, self.ctx)))
        early = session.get(EarlyDecision, event.decree_id)
        if early is not None and status == "pending":
            session.flush()
            reported = parse_event(orjson.dumps(early.event))
            assert isinstance(reported, SanctionDecided)
            self._decided_elsewhere(session, reported)
        if status == "court":
            enqueue(session, [SANCTION_DECISION_CODEC.outgoing(CourtAnswer(
                decree_id=event.decree_id, proceeding_id=event.proceeding_id,
                detail=COURT_ANSWER))])

    def _decided_elsewhere(self, session: Session, event: SanctionDecided) -> None:
        """A decision the bailiff system reports (made before Qadagalau, or on paper): the
        request leaves the queue as "reported", never as a prosecutor's grant or refusal —
        nobody here verified who decided it (docs/decisions.md, "Reported decisions")."""
        request = session.get(SanctionRequest, event.decree_id, with_for_update=True)
        if request is None:
            if session.get(EarlyDecision, event.decree_id) is None:
                session.add(EarlyDecision(decree_id=event.decree_id,
                                          event=event.model_dump(mode="json")))
                session.flush()
            return
        if request.status != "pending":
            return  # decided already (our own decisions come back this way)
        request.status, request.decided_on = "reported", event.occurred_on
        request.reported_decision, request.reason = event.decision, event.reason
        request.reported_source, request.reported_prosecutor_id = event.source, event.prosecutor_id
        request.reported_event_id = event.event_id
        self._append(session, event.decree_id, {
            "change": "decided elsewhere", "decree_id": event.decree_id,
            "decision": event.decision, "reason": event.reason,
            "prosecutor": event.prosecutor_id, "decided_on": event.occurred_on.isoformat(),
            "event_id": event.event_id, "source": event.source})

    # --- the queue ---------------------------------------------------------------------------

    def queue(self, session: Session, reach: Jurisdiction, status: str, filters: dict[str, str],
              cursor: str | None, limit: int) -> tuple[list[dict[str, Any]], str | None]:
        """Oldest first, each with its countdown to the decision term."""
        query = select(SanctionRequest).where(SanctionRequest.status == status)
        query = _scoped(query, reach)
        for name, value in filters.items():
            query = query.where(getattr(SanctionRequest, name) == value)
        keyset = (SanctionRequest.received_on, SanctionRequest.decree_id)
        if cursor:
            query = query.where(paging.after(keyset, paging.key_of(cursor, date, str)))
        rows, next_cursor = paging.cut(
            list(session.scalars(query.order_by(*keyset).limit(limit + 1))), limit,
            lambda r: (r.received_on, r.decree_id))
        today = self.today()
        return [self._as_dict(r, today, reach) for r in rows], next_cursor

    def summary(self, session: Session, reach: Jurisdiction) -> dict[str, Any]:
        """The size of the caller's queue and its oldest request (for the dashboard)."""
        query = _scoped(select(func.count(), func.min(SanctionRequest.received_on)).where(
            SanctionRequest.status == "pending"), reach)
        count, oldest = session.execute(query).one()
        today = self.today()
        return {"pending": count, "oldest_received_on": oldest.isoformat() if oldest else None,
                "oldest_age_days": (today - oldest).days if oldest else None}

    def get(self, session: Session, reach: Jurisdiction, decree_id: str) -> dict[str, Any]:
        request = self._visible(session, reach, decree_id)
        return self._as_dict(request, self.today(), reach) | {
            "materials": self._materials(session, request),
            "document_url": request.document_url}

    def document_of(self, session: Session, reach: Jurisdiction,
                    decree_id: str) -> tuple[str | None, str | None]:
        """Where the decree's document is served, and the digest it must have."""
        request = self._visible(session, reach, decree_id)
        return request.document_url, request.document_sha256

    def assign(self, session: Session, reach: Jurisdiction, decree_id: str,
               assignee: str) -> dict[str, Any]:
        request = self._visible(session, reach, decree_id, for_update=True)
        if request.status != "pending":
            raise Conflict("sanction_not_pending",
                           f"this request is {request.status}, not pending",
                           status=request.status)
        request.assignee = assignee
        self._append(session, decree_id, {"change": "assigned", "decree_id": decree_id,
                                          "assignee": assignee, "by": reach.principal.name})
        return self._as_dict(request, self.today(), reach)

    # --- decisions ---------------------------------------------------------------------------

    def to_sign(self, session: Session, reach: Jurisdiction, decree_id: str, decision: str,
                reason: str | None) -> bytes:
        """The exact bytes the prosecutor signs for this decision today."""
        request = self._visible(session, reach, decree_id)
        return canonical(self._content(session, request, reach.principal, decision, reason))

    def decide(self, session: Session, reach: Jurisdiction, decree_id: str, decision: str,
               reason: str | None, signature_b64: str) -> dict[str, Any]:
        principal = reach.principal
        if decision not in ("granted", "refused"):
            raise Invalid("decision_unknown", "decision: 'granted' or 'refused'",
                          field="decision")
        if decision == "refused" and not (reason and reason.strip()):
            raise Invalid("refusal_reason_required", "reason: a refusal must state its reasons",
                          field="reason")
        if self.verifier is None:
            raise Unavailable("trusted_ca_missing", "no trusted CA certificates are configured "
                                     "(QADAGALAU_TRUSTED_CA_FILE): decisions cannot be verified")
        try:
            signature = base64.b64decode(signature_b64, validate=True)
        except ValueError:
            raise Invalid("signature_not_base64", "signature: base64 of a DER CMS signature",
                          field="signature") from None
        request = self._visible(session, reach, decree_id, for_update=True)
        if request.status != "pending":
            raise Conflict("sanction_decided",
                           f"this request was decided already ({request.status})"
                           if request.status in ("granted", "refused", "reported") else
                           f"this request is not the prosecutor's ({request.status})",
                           status=request.status)
        content = self._content(session, request, principal, decision, reason)
        try:
            signer = self.verifier.verify(canonical(content), signature)
        except SignatureInvalid as exc:
            raise Invalid("signature_invalid", f"signature: {exc}", field="signature") from None
        # Decided once: of two concurrent decisions, the second finds it no longer pending.
        done = session.execute(
            update(SanctionRequest)
            .where(SanctionRequest.decree_id == decree_id,
                   SanctionRequest.status == "pending")
            .values(status=decision, decided_on=date.fromisoformat(content["decided_on"]),
                    decided_by=principal.name, reason=reason, signature=signature,
                    certificate_pem=signer.certificate_pem, signer=signer.subject))
        if getattr(done, "rowcount", 1) != 1:
            raise Conflict("sanction_decided", "this request was decided already")
        self._append(session, decree_id, {"change": "decided", **content,
                                          "signer": signer.subject,
                                          "certificate_sha256": signer.fingerprint_sha256})
        self._publish(session, request, content, signature, signer.certificate_pem)
        decided_on = date.fromisoformat(content["decided_on"])
        SANCTION_DECISION_SECONDS.observe((decided_on - request.received_on).days * DAY_SECONDS)
        session.flush()
        session.refresh(request)
        return self._as_dict(request, self.today(), reach)

    def _content(self, session: Session, request: SanctionRequest, principal: Principal,
                 decision: str, reason: str | None) -> dict[str, Any]:
        """What the prosecutor signs: the decision, endorsed on the decree's materials as the
        bailiff system sent them — its kind, summary, the document's digest, the enforcement
        document, the sum and the debtor — so that the signature covers what was studied
        (docs/rules.md#sanction-catalogue). What is unknown is left out, never a null."""
        return self._materials(session, request) | {key: value for key, value in (
            ("decision", decision), ("reason", reason or None), ("prosecutor", principal.name),
            ("decided_on", self.today().isoformat())) if value is not None}

    @staticmethod
    def _materials(session: Session, request: SanctionRequest) -> dict[str, Any]:
        """The decree's materials as the bailiff system sent them: what the review shows and
        what a decision's signature covers. What is unknown is left out, never a null."""
        known = session.get(KnownProceeding, request.proceeding_id)
        described = session.get(KnownProperty, (request.proceeding_id, request.property_id)) \
            if request.property_id else None
        content: dict[str, Any] = {
            "decree_id": request.decree_id, "proceeding_id": request.proceeding_id,
            "decree_kind": request.decree_kind, "summary": request.summary,
            "document_sha256": request.document_sha256,
            "enforcement_document": known.document_number if known else None,
            "amount_kzt": known.amount_kzt if known else None,
            "debtor": {"kind": known.debtor_kind, "name": known.debtor_name}
            if known and known.debtor_name else None,
            "property": {key: value for key, value in (
                ("id", request.property_id), ("kind", described.kind if described else None),
                ("description", described.description if described else None))
                if value is not None} if request.property_id else None}
        return {key: value for key, value in content.items() if value is not None}

    def _publish(self, session: Session, request: SanctionRequest, content: dict[str, Any],
                 signature: bytes, certificate_pem: str) -> None:
        decision = SignedDecision.model_validate(
            content | {"signature": base64.b64encode(signature).decode(),
                       "certificate_pem": certificate_pem})
        decided = SanctionDecided(
            event_id=f"sanction-{request.decree_id}", type="sanction.decided",
            occurred_on=decision.decided_on, proceeding_id=request.proceeding_id,
            decree_id=request.decree_id, decision=decision.decision,
            reason=decision.reason or None, prosecutor_id=decision.prosecutor,
            source="qadagalau-sanctions")
        enqueue(session, [
            SANCTION_DECISION_CODEC.outgoing(decision),
            # The monitor judges UNSANCTIONED_EXECUTION and SANCTION_DECISION_TERM from this,
            # as from any other event.
            EVENT_CODEC.outgoing(decided),
        ])

    # --- gauges --------------------------------------------------------------------------------

    def refresh_gauges(self, session: Session) -> None:
        today = self.today()
        counts = dict(session.execute(select(SanctionRequest.status, func.count())
                                      .group_by(SanctionRequest.status)).all())
        oldest = session.scalar(select(func.min(SanctionRequest.received_on)).where(
            SanctionRequest.status == "pending"))
        for status in ("pending", "granted", "refused", "reported", "court", "triage"):
            SANCTION_REQUESTS.labels(status).set(counts.get(status, 0))
        SANCTION_OLDEST_PENDING_SECONDS.set((today - oldest).days * DAY_SECONDS if oldest else 0)

    # --- the audit log -----------------------------------------------------------------------

    def _append(self, session: Session, decree_id: str, content: dict[str, Any]) -> None:
        head = session.get(ChainHead, 1, with_for_update=True)
        if head is None:
            head = ChainHead(id=1, seq=0, hash=GENESIS)
            session.add(head)
        seq = head.seq + 1
        digest = entry_hash(head.hash, seq, content)
        session.execute(insert(AuditLogEntry), [{"seq": seq, "decree_id": decree_id,
                                                 "previous": head.hash, "hash": digest,
                                                 "content": content}])
        head.seq, head.hash = seq, digest
        self._checkpoint_on_commit(session, Checkpoint(seq, digest))

    def _checkpoint_on_commit(self, session: Session, checkpoint: Checkpoint) -> None:
        """A transaction's last append is its checkpoint: on the outbox in that transaction
        (so the topic never misses a committed head), and in the witness file once committed
        (so the file never holds a head that was rolled back). Hooked to the session so that
        no caller of `_append` can forget it."""
        first = "chain_checkpoint" not in session.info
        session.info["chain_checkpoint"] = checkpoint
        if first:
            orm_event.listen(session, "before_commit", self._checkpoint_out, once=True)
            orm_event.listen(session, "after_commit", self._checkpoint_witnessed, once=True)

    def _checkpoint_out(self, session: Session) -> None:
        checkpoint: Checkpoint = session.info["chain_checkpoint"]
        enqueue(session, [CHECKPOINT_CODEC.outgoing(
            ChainCheckpoint(seq=checkpoint.seq, hash=checkpoint.hash))])

    def _checkpoint_witnessed(self, session: Session) -> None:
        checkpoint: Checkpoint = session.info.pop("chain_checkpoint")
        if self.witness_file is None:
            return
        try:
            witness.append(self.witness_file, checkpoint)
        except OSError as exc:
            # The decision is committed; a lagging witness only widens the window that the
            # next checkpoint closes again. Loud, because that window is unprotected.
            log.error("audit log: checkpoint %d not witnessed in %s: %s", checkpoint.seq,
                      self.witness_file, exc)

    @staticmethod
    def log_head(session: Session) -> Checkpoint | None:
        """The newest entry of the audit log as stored (what a new checkpoint would say)."""
        last = session.scalars(select(AuditLogEntry).order_by(AuditLogEntry.seq.desc())
                               .limit(1)).first()
        return Checkpoint(last.seq, last.hash) if last else None

    @staticmethod
    def verify_log(session: Session, checkpoints: Iterable[Checkpoint] = ()) -> list[Break]:
        """The chain, its head row and every witnessed checkpoint (shared/chain.py)."""
        entries = [Entry(r.seq, r.previous, r.hash, r.content) for r in session.scalars(
            select(AuditLogEntry).order_by(AuditLogEntry.seq))]
        head = session.get(ChainHead, 1)
        problems = verify(entries, checkpoints)
        last = entries[-1] if entries else None
        if head is not None and (last is None or (last.seq, last.hash) != (head.seq, head.hash)):
            problems.append(Break(head.seq, "the last entries were deleted (the head of the "
                                            "log records more than is there)"))
        return problems

    # --- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _visible(session: Session, reach: Jurisdiction, decree_id: str,
                 for_update: bool = False) -> SanctionRequest:
        request = session.get(SanctionRequest, decree_id, with_for_update=for_update)
        if request is None:
            raise not_found("sanction_request", decree_id)
        if not reach.covers(request.region, request.district):
            # The spec asks a 403 here: the bailiff system knows the decree exists anyway.
            raise Forbidden("outside_jurisdiction",
                            "this request belongs to another prosecutor's office",
                            what="sanction_request", id=decree_id[:200])
        return request

    def _as_dict(self, r: SanctionRequest, today: date, reach: Jurisdiction) -> dict[str, Any]:
        # Past the term: as far past it as the queue of alerts tells it (one arithmetic).
        late = overdue("SANCTION_DECISION_TERM", r.due_on, today, self.calendar)
        left = -late[0] if late else self.calendar.working_days_between(today, r.due_on)
        signed, reported = r.status in ("granted", "refused"), r.status == "reported"
        return {
            "decree_id": r.decree_id, "proceeding_id": r.proceeding_id,
            "decree_kind": r.decree_kind, "status": r.status,
            "detail": COURT_ANSWER if r.status == "court" else None,
            "region": r.region, "district": r.district, "bailiff_id": r.bailiff_id,
            "summary": r.summary, "property_id": r.property_id,
            "received_on": r.received_on.isoformat(),
            "due_on": r.due_on.isoformat(), "working_days_left": left,
            "overdue": None if late is None else {"days": late[0], "unit": late[1]},
            "assignee": r.assignee,
            "decided_on": r.decided_on.isoformat() if r.decided_on else None,
            "decision": r.status if signed else r.reported_decision,
            "decided_by": "prosecutor" if signed else "reported" if reported else None,
            "prosecutor": r.decided_by, "reported_source": r.reported_source,
            "reported_prosecutor_id": r.reported_prosecutor_id,
            "reported_event_id": r.reported_event_id, "reason": r.reason, "signer": r.signer,
            "signature": base64.b64encode(r.signature).decode() if r.signature else None,
            "certificate_pem": r.certificate_pem,
            "allowed_actions": reach.allowed("sanctions.decide", "sanctions.assign")
            if r.status == "pending" else [],
        }


def _scoped(query: Any, reach: Jurisdiction) -> Any:
    return reach.scope(query, SanctionRequest.region, SanctionRequest.district)
