"""The bailiff registry's tables: who each bailiff is (and so which chamber and territory they
belong to), and what chambers and justice bodies recorded about them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
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
# An inspection is initial, periodic, or unscheduled (an operational one, seed 004 §11) on a
# complaint, an appeal to the prosecutor, a prosecutorial act or a court's private ruling.
INSPECTION_KINDS = ("initial", "periodic", "unscheduled")
GROUNDS = ("complaint", "appeal", "act", "court_ruling")


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
    # An inspection's own (seed 004 §§11–14, 20): its kind; an unscheduled one's ground and the
    # actions it is limited to; the order and the day the bailiff was acquainted with it; its
    # end, and the day the result certificate went out (due within 5 working days of the end).
    inspection_kind: Mapped[str | None] = mapped_column(String(16))
    ground: Mapped[str | None] = mapped_column(String(16))
    ground_ref: Mapped[str | None] = mapped_column(String(128))
    actions_concerned: Mapped[str | None] = mapped_column(Text)
    order_no: Mapped[str | None] = mapped_column(String(128))
    ordered_on: Mapped[date | None] = mapped_column(Date)
    notified_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    certificate_sent_on: Mapped[date | None] = mapped_column(Date)
    # The certificate's recommendations (seed 004 §21), and the chamber's copy of it: a report
    # in the chamber's inbox, delivered as the chamber's reports are.
    recommendations: Mapped[str | None] = mapped_column(Text)
    certificate_report_id: Mapped[int | None] = mapped_column(BigInteger)
    recorded_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
