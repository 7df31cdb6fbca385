"""Licence-suspension proposals' table."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.storage import Base, BigId, utcnow


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
