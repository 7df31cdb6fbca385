"""Storage: SQLAlchemy 2 engine and sessions, the shared declarative base, and the outbox.

PostgreSQL when distributed, SQLite in the single-process default. Each service owns its own
tables (their models live in the service); this module holds only what every service needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Integer,
    LargeBinary,
    String,
    create_engine,
    event,
    insert,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

# SQLite only autoincrements an INTEGER PRIMARY KEY; PostgreSQL wants a BIGINT for a national log.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored timestamp as an aware UTC one: SQLite gives them back without their zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class OutboxMessage(Base):
    """A message written in the same transaction as the change it announces (the outbox
    pattern): the relay publishes it afterwards, so the two can never diverge."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(64))
    key: Mapped[str | None] = mapped_column(String(160))
    value: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)


# The execution option by which a unit of work says it will write (SQLite: BEGIN IMMEDIATE).
WRITES = "qadagalau_writes"


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection: Any, record: Any) -> None:
            # The driver's own implicit BEGIN is off: SQLAlchemy's "begin" below says which.
            connection.isolation_level = None
            cursor = connection.cursor()
            # WAL lets the HTTP threads read while a consumer writes; foreign keys are off
            # by default in SQLite.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            # A unit of work that writes takes the write lock at its start (BEGIN IMMEDIATE),
            # so it waits its turn (the busy timeout) instead of failing: a deferred
            # transaction that read first cannot take the lock once another writer committed
            # in WAL mode, and SQLite answers "database is locked" at once (issue 13).
            immediate = connection.get_execution_options().get(WRITES, False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    if "poolclass" not in kwargs:
        kwargs |= {"pool_size": 10, "max_overflow": 10}
    return create_engine(url, pool_pre_ping=True, **kwargs)


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commits once at the end, rolls back on any error."""
    with sessions() as session, session.begin():
        session.connection(execution_options={WRITES: True})
        yield session


def enqueue(session: Session, messages: list[tuple[str, str | None, bytes]]) -> None:
    """Write (topic, key, value) messages to the outbox in one statement: a batch of events
    gives a batch of messages, and one multi-row INSERT costs what a single one does."""
    if messages:
        now = utcnow()
        session.execute(insert(OutboxMessage), [
            {"topic": topic, "key": key, "value": value, "created_at": now}
            for topic, key, value in messages])


def pending_outbox(session: Session, limit: int) -> list[OutboxMessage]:
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.published_at.is_(None))
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        # Several relays (monitor replicas) may run: each takes rows the others are not sending.
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))
