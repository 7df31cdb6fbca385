"""The sanctions service's tables: requests for a prosecutor's sanction, and their audit log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.storage import Base, BigId, utcnow


class KnownProceeding(Base):
    """Where a proceeding is: its request goes to the prosecutor's office of that district."""

    __tablename__ = "sanctions_proceedings"

    proceeding_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    bailiff_id: Mapped[str] = mapped_column(String(128))
    region: Mapped[str] = mapped_column(String(64))
    district: Mapped[str] = mapped_column(String(64))
    # What the prosecutor studies before sanctioning (the decree's materials), from the
    # accepted document; personal data, kept here and never logged.
    document_number: Mapped[str | None] = mapped_column(String(128))
    amount_kzt: Mapped[float | None] = mapped_column(Float)
    debtor_kind: Mapped[str | None] = mapped_column(String(16))
    debtor_name: Mapped[str | None] = mapped_column(Text)


class SanctionRequest(Base):
    __tablename__ = "sanction_requests"

    decree_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    proceeding_id: Mapped[str] = mapped_column(String(128))
    decree_kind: Mapped[str] = mapped_column(String(40))
    # pending (in a prosecutor's queue), granted, refused (signed by a prosecutor here, and
    # only then), reported (a decision a bailiff system reported: no signature of ours),
    # court (not the prosecutor's), triage (a kind the catalogue does not know).
    status: Mapped[str] = mapped_column(String(16))
    region: Mapped[str | None] = mapped_column(String(64))
    district: Mapped[str | None] = mapped_column(String(64))
    bailiff_id: Mapped[str | None] = mapped_column(String(128))
    summary: Mapped[str | None] = mapped_column(Text)
    document_sha256: Mapped[str | None] = mapped_column(String(64))
    document_url: Mapped[str | None] = mapped_column(Text)
    property_id: Mapped[str | None] = mapped_column(String(128))
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    assignee: Mapped[str | None] = mapped_column(String(128))
    decided_on: Mapped[date | None] = mapped_column(Date)
    # The prosecutor of ours who signed; never set from a reported decision.
    decided_by: Mapped[str | None] = mapped_column(String(128))
    # A reported decision as the bailiff system stated it: what, by which system (the event's
    # `source`, self-declared), naming which prosecutor (a claim nobody here verified).
    reported_decision: Mapped[str | None] = mapped_column(String(16))
    reported_source: Mapped[str | None] = mapped_column(Text)
    reported_prosecutor_id: Mapped[str | None] = mapped_column(String(128))
    reported_event_id: Mapped[str | None] = mapped_column(String(128))
    reason: Mapped[str | None] = mapped_column(Text)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    certificate_pem: Mapped[str | None] = mapped_column(Text)
    signer: Mapped[str | None] = mapped_column(String(400))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        # The queue page: one office's pending requests, oldest first.
        Index("ix_sanction_queue", "status", "region", "district", "received_on", "decree_id"),
    )


class ChainHead(Base):
    """The last entry of the audit log: locking this one row serialises appends."""

    __tablename__ = "sanctions_chain_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class AuditLogEntry(Base):
    """Every decision and every later change to one, in a hash chain (shared/chain.py)."""

    __tablename__ = "sanctions_audit_log"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    decree_id: Mapped[str] = mapped_column(String(128), index=True)
    previous: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class EarlyDecision(Base):
    """A decision the bailiff system reported before the decree itself reached us (files and
    replays come in any order): applied when the decree arrives."""

    __tablename__ = "sanctions_early_decisions"

    decree_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    event: Mapped[dict[str, Any]] = mapped_column(JSON)


class KnownProperty(Base):
    """A property of a proceeding as its first arrest described it: what a decree about it
    shows the prosecutor, and what the signature covers."""

    __tablename__ = "sanctions_properties"

    proceeding_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    property_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
