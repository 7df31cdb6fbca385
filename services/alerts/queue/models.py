"""The alert queue's tables: one row per breach the monitor announced, its lifecycle and
history, and the latest risk score of its proceeding."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
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
    appeal_id: Mapped[str | None] = mapped_column(String(128))
    region: Mapped[str | None] = mapped_column(String(64))
    district: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="new")
    assignee: Mapped[str | None] = mapped_column(String(128))
    raised_on: Mapped[date] = mapped_column(Date)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    # The newest change applied (the monitor's number for the subject): older ones are stale.
    version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
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
