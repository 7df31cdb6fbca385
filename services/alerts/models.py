"""The alert queue: one row per breach the monitor announced, its lifecycle and history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
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
