"""The register of citizens' appeals about bailiffs."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shared.storage import Base


class Appeal(Base):
    """An appeal and the office's steps on it, built from the `appeal.*` events, ours and the
    e-appeals system's. A step that comes before its receipt waits in the same row, with no
    territory yet (so no one sees it) until the receipt files it. Of the applicant's IIN only
    what a page shows is kept."""

    __tablename__ = "appeals"

    appeal_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    received_on: Mapped[date | None] = mapped_column(Date)
    region: Mapped[str | None] = mapped_column(String(64), index=True)
    district: Mapped[str | None] = mapped_column(String(64))
    bailiff_id: Mapped[str | None] = mapped_column(String(128), index=True)
    proceeding_id: Mapped[str | None] = mapped_column(String(128))
    applicant_kind: Mapped[str | None] = mapped_column(String(16))
    applicant_name: Mapped[str | None] = mapped_column(Text)
    applicant_iin_bin: Mapped[str | None] = mapped_column(String(32))
    summary: Mapped[str | None] = mapped_column(Text)
    # Every extension as its event said it ({"on", "until", "reason"}, in date order): the
    # rule reads them all, as the monitor's fold does.
    extensions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notified_on: Mapped[date | None] = mapped_column(Date)
    inspection_ordered_on: Mapped[date | None] = mapped_column(Date)
    inspection_ended_on: Mapped[date | None] = mapped_column(Date)
    answered_on: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(String(16))
    answer_text: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(128))
