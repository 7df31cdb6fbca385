"""The bailiff registry's tables: who each bailiff is (and so which chamber and territory they
belong to), and what chambers and justice bodies recorded about them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.storage import Base, BigId, utcnow


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
