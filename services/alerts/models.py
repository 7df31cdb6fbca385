"""The alert queue: one row per breach the monitor announced, its lifecycle and history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.storage import Base, BigId, utcnow

STATUSES = ("new", "assigned", "acknowledged", "resolved", "dismissed")
# Who may follow whom. A resolved or dismissed alert is closed; a re-raised breach reopens it.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("assigned", "acknowledged", "resolved", "dismissed"),
    "assigned": ("assigned", "acknowledged", "resolved", "dismissed"),
    "acknowledged": ("resolved", "dismissed"),
    "resolved": (),
    "dismissed": (),
}


class Alert(Base):
    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    identity: Mapped[str] = mapped_column(String(400), unique=True)
    rule: Mapped[str] = mapped_column(String(40))
    proceeding_id: Mapped[str | None] = mapped_column(String(128))
    property_id: Mapped[str | None] = mapped_column(String(128))
    act_id: Mapped[str | None] = mapped_column(String(128))
    decree_id: Mapped[str | None] = mapped_column(String(128))
    bailiff_id: Mapped[str | None] = mapped_column(String(128))
    year: Mapped[int | None] = mapped_column(Integer)
    due: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(8))
    done_on: Mapped[date | None] = mapped_column(Date)
    region: Mapped[str | None] = mapped_column(String(64))
    district: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="new")
    assignee: Mapped[str | None] = mapped_column(String(128))
    raised_on: Mapped[date] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    __table_args__ = (
        Index("ix_alerts_queue", "region", "district", "withdrawn_on", "id"),
        Index("ix_alerts_rule", "rule", "id"),
        Index("ix_alerts_proceeding", "proceeding_id"),
    )


class AlertEvent(Base):
    """The alert's history: every change the monitor announced and every transition, with who
    and when. Lifecycle timestamps are written here and nowhere else."""

    __tablename__ = "alert_history"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # raised/changed/withdrawn or a status
    actor: Mapped[str] = mapped_column(String(128))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProcessedChange(Base):
    """alerts.changes already applied: a change delivered twice is applied once."""

    __tablename__ = "alerts_processed_changes"

    change_id: Mapped[str] = mapped_column(String(64), primary_key=True)


ACT_KINDS = ("protest", "representation", "prosecutor_decree", "instruction",
             "disciplinary_demand", "transfer_request")


class SupervisoryAct(Base):
    """The ledger of supervisory acts: those issued here and those other prosecutors' systems
    registered, both built from the act.registered / act.answered events they produce."""

    __tablename__ = "supervisory_acts"

    act_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    act_kind: Mapped[str] = mapped_column(String(32))
    bailiff_id: Mapped[str] = mapped_column(String(128), index=True)
    proceeding_id: Mapped[str | None] = mapped_column(String(128))
    addressee: Mapped[str | None] = mapped_column(Text)
    registered_on: Mapped[date] = mapped_column(Date)
    response_due_on: Mapped[date | None] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str | None] = mapped_column(String(128))
    region: Mapped[str | None] = mapped_column(String(64))
    district: Mapped[str | None] = mapped_column(String(64))


class ActAlert(Base):
    """An alert resolved by an act."""

    __tablename__ = "supervisory_act_alerts"

    act_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), primary_key=True)


# --- chambers: the bailiff registry, licence proposals, reports and their delivery ----------


class Bailiff(Base):
    """A bailiff as the last `bailiff.registered` said. A private bailiff belongs to the
    regional chamber of the region they are registered in."""

    __tablename__ = "chamber_bailiffs"

    bailiff_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(String(64), index=True)
    district: Mapped[str] = mapped_column(String(64))
    licence_no: Mapped[str | None] = mapped_column(String(128))
    licence_status: Mapped[str | None] = mapped_column(String(16))
    started_on: Mapped[date | None] = mapped_column(Date)
    registered_on: Mapped[date] = mapped_column(Date)


class Chamber(Base):
    """How a regional chamber of private bailiffs receives its reports. Every chamber has its
    inbox here; e-mail and webhook are added by an administrator (`qadagalau chamber set`)."""

    __tablename__ = "chambers"

    region: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(320))
    webhook_url: Mapped[str | None] = mapped_column(Text)
    webhook_secret: Mapped[str | None] = mapped_column(String(256))
    languages: Mapped[str] = mapped_column(String(16), default="kk,ru")


RECORD_KINDS = ("inspection", "complaint", "court_ruling", "annulled_action", "criminal_case")


class BailiffRecord(Base):
    """What justice bodies and chambers know of a private bailiff beyond the events: past
    inspections and their results, complaints, court rulings, criminal cases (seed 004, §10)."""

    __tablename__ = "chamber_bailiff_records"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    bailiff_id: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    on: Mapped[date] = mapped_column(Date)
    violations_found: Mapped[bool | None] = mapped_column(Boolean)
    recommendations_met: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LicenceProposal(Base):
    """A licence-suspension proposal: one per bailiff and year in which the threshold was
    crossed. The system proposes; the authorised body decides."""

    __tablename__ = "licence_proposals"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    bailiff_id: Mapped[str] = mapped_column(String(128))
    year: Mapped[int] = mapped_column(Integer)
    crossed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # ready, withdrawn
    act_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    region: Mapped[str | None] = mapped_column(String(64))
    district: Mapped[str | None] = mapped_column(String(64))
    notice_report_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (UniqueConstraint("bailiff_id", "year", name="uq_licence_proposal"),)


REPORT_KINDS = ("weekly", "monthly", "on_demand", "licence_notice")


class ChamberReport(Base):
    """A report to a regional chamber, in its inbox from the moment it is made. A scheduled
    report exists once per chamber and period, so a repeated tick never makes it twice."""

    __tablename__ = "chamber_reports"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    region: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    # on-demand reports carry a unique stamp; scheduled ones the empty string
    stamp: Mapped[str] = mapped_column(String(64), default="")
    requested_by: Mapped[str] = mapped_column(String(128))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        UniqueConstraint("region", "kind", "period_from", "stamp", name="uq_chamber_report"),
        Index("ix_chamber_reports_inbox", "region", "id"),
    )


class Document(Base):
    """A rendered document (PDF, XLSX, DOCX) of a report or a proposal, kept as it was sent."""

    __tablename__ = "chamber_documents"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    report_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    proposal_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    filename: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(4))
    media_type: Mapped[str] = mapped_column(String(128))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class Delivery(Base):
    """One report to one channel (inbox, email, webhook): retried with backoff until it is
    delivered or the attempts run out. Its attempts are the delivery log."""

    __tablename__ = "chamber_deliveries"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(BigInteger, index=True)
    channel: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # delivered, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    lease: Mapped[str | None] = mapped_column(String(32))  # who is sending it now

    __table_args__ = (Index("ix_chamber_deliveries_due", "status", "next_attempt_at"),)


class DeliveryAttempt(Base):
    __tablename__ = "chamber_delivery_attempts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("chamber_deliveries.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ok: Mapped[bool] = mapped_column(Boolean)
    detail: Mapped[str] = mapped_column(Text)


class AlertRisk(Base):
    """The latest breach-risk score of a proceeding (from `proceedings.risk`): its highest
    probability over the targets, with that target and its reasons. The queue sorts by it."""

    __tablename__ = "alerts_risk"

    proceeding_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    target: Mapped[str] = mapped_column(String(40))
    probability: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    region: Mapped[str | None] = mapped_column(String(64))
    district: Mapped[str | None] = mapped_column(String(64))
    scored_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (Index("ix_alerts_risk_rank", "region", "district", "probability"),)
