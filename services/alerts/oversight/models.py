"""Reports up the prosecutor hierarchy, the offices that receive them, and the sanction
decisions the reports count (docs/rules.md#reports-up-the-hierarchy)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from shared.storage import Base, BigId, utcnow

# The kinds of office report: the scheduled ones, and one made on request.
OFFICE_REPORT_KINDS = ("monthly", "quarterly", "on_demand")


class Office(Base):
    """How a prosecutor's office receives the reports sent up to it: a regional office
    (`district` empty) its districts', the General Prosecutor's Office (both empty) the
    regions'. The inbox in Qadagalau always; e-mail and webhook where an administrator set
    them (`qadagalau office set`)."""

    __tablename__ = "offices"

    region: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    district: Mapped[str] = mapped_column(String(64), primary_key=True, default="")
    name: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(320))
    webhook_url: Mapped[str | None] = mapped_column(Text)
    webhook_secret: Mapped[str | None] = mapped_column(String(256))
    languages: Mapped[str] = mapped_column(String(16), default="kk,ru")


class OfficeReport(Base):
    """A district's report to its region (`level` district) or a region's to the General
    Prosecutor's Office (`level` region; `district` empty). Drafted from the data when its
    period closes (or on request), sent by the office, then in its superior's inbox. Its
    figures are those of the day it was drafted or sent, kept as they were."""

    __tablename__ = "office_reports"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    level: Mapped[str] = mapped_column(String(16))
    region: Mapped[str] = mapped_column(String(64))
    district: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(16))
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)  # none for a report made on request
    # on-request reports carry a unique stamp; scheduled ones the empty string
    stamp: Mapped[str] = mapped_column(String(64), default="")
    made_by: Mapped[str] = mapped_column(String(128))
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_on: Mapped[date | None] = mapped_column(Date)
    sent_by: Mapped[str | None] = mapped_column(String(128))

    __table_args__ = (
        UniqueConstraint("level", "region", "district", "kind", "period_from", "stamp",
                         name="uq_office_report"),
        Index("ix_office_reports_inbox", "region", "id"),
    )


class SanctionDecision(Base):
    """A prosecutor's decision on a sanction request, as `sanction.decided` announced it: what
    the reports count as granted and refused. The first decision of a decree holds."""

    __tablename__ = "oversight_sanctions"

    decree_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    proceeding_id: Mapped[str] = mapped_column(String(128), index=True)
    decision: Mapped[str] = mapped_column(String(16))
    decided_on: Mapped[date] = mapped_column(Date, index=True)


def superior_of(report: OfficeReport) -> tuple[str, str]:
    """The office a report goes to: a district's to its regional office, a region's to the
    General Prosecutor's Office (both keys empty)."""
    return (report.region, "") if report.level == "district" else ("", "")
