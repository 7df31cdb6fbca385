"""Ingest's table: every event_id it has accepted, so de-duplication survives restarts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from shared.storage import Base, utcnow


class AcceptedEvent(Base):
    __tablename__ = "ingest_events"

    event_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    # SHA-256 of the validated event's canonical JSON: the same event re-sent with its keys in
    # another order is a duplicate, any changed field a conflict.
    digest: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class KnownAppeal(Base):
    """The region of each appeal whose receipt ingest accepted: a system limited to a region
    may send the steps of its region's appeals only."""

    __tablename__ = "ingest_appeals"

    appeal_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    region: Mapped[str] = mapped_column(String(64))


class KnownProceeding(Base):
    """The region of each proceeding whose document ingest accepted: a bailiff system limited
    to a region may send events only for proceedings of that region."""

    __tablename__ = "ingest_proceedings"

    proceeding_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    region: Mapped[str] = mapped_column(String(64))
