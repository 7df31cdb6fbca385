"""The monitor's tables: each proceeding's (and bailiff's) facts, due dates, current breaches."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.storage import Base, BigId, utcnow


class StoredFact(Base):
    """A Fact (shared/legal/history.py) of one subject: no names, no IINs."""

    __tablename__ = "monitor_facts"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(128), unique=True)
    subject: Mapped[str] = mapped_column(String(140), index=True)
    on: Mapped[date] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(128), default="")
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    when: Mapped[date | None] = mapped_column(Date, nullable=True)

    __table_args__ = (Index("ix_monitor_facts_act", "type", "key"),)


class Subject(Base):
    """A proceeding ("P:<id>") or a bailiff ("B:<id>") and when it must next be looked at."""

    __tablename__ = "monitor_subjects"

    subject: Mapped[str] = mapped_column(String(140), primary_key=True)
    region: Mapped[str | None] = mapped_column(String(128))
    district: Mapped[str | None] = mapped_column(String(128))
    # The day on which the breaches could change with no new event; the sweep reads only
    # subjects due by today through this index.
    next_check: Mapped[date | None] = mapped_column(Date, index=True)
    evaluated_on: Mapped[date | None] = mapped_column(Date)
    # Each change announced for this subject's alerts takes the next number, under the row's
    # lock: the alert queue applies a change only if it is newer than what it holds, in
    # whatever order the relay delivers them.
    changes: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # How many facts the subject has: a copy of them kept in memory is used only while it
    # holds exactly this many (services/monitor/judge/kept.py).
    facts: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # Since when new facts wait to be judged: the consumer judges once its topic is quiet, so
    # that a bulk load raises only what is still breached at its end; set, it survives a crash.
    pending_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)


Index("ix_monitor_subjects_pending", Subject.pending_since,
      postgresql_where=Subject.pending_since.is_not(None),
      sqlite_where=Subject.pending_since.is_not(None))


class CurrentBreach(Base):
    """What the monitor last announced for a subject, to tell raised, changed and withdrawn."""

    __tablename__ = "monitor_breaches"

    identity: Mapped[str] = mapped_column(String(400), primary_key=True)
    subject: Mapped[str] = mapped_column(String(140), index=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
