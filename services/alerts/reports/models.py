"""Chambers and their reports: how each chamber receives them, and the reports in its inbox."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.storage import Base, BigId, utcnow


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


REPORT_KINDS = ("weekly", "monthly", "on_demand", "licence_notice", "certificate")


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
