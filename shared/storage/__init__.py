"""Storage: SQLAlchemy 2 engine and sessions, the shared declarative base, and the outbox.

PostgreSQL when distributed, SQLite in the single-process default. Each service owns its own
tables (their models live in the service); this module holds only what every service needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import orjson
from sqlalchemy import (
    JSON,
    BigInteger,
    ColumnElement,
    DateTime,
    Integer,
    LargeBinary,
    String,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

# Re-exported: the models' defaults and the services take the clock from here.
from shared.clock import utcnow as utcnow

# SQLite only autoincrements an INTEGER PRIMARY KEY; PostgreSQL wants a BIGINT for a national log.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def as_utc(moment: datetime) -> datetime:
    """A stored timestamp as an aware UTC one: SQLite gives them back without their zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


def table_of(model: type[Base]) -> Table:
    """A model's table, for the Core statements of the hot paths."""
    return cast(Table, model.__table__)


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


def on_postgresql(session: Session) -> bool:
    """Whether the session's database is PostgreSQL: where the hot paths take its own faster
    statements (COPY, arrays, SKIP LOCKED) and SQLite the portable ones."""
    return session.get_bind().dialect.name == "postgresql"


def bulk_insert(session: Session, table: Table, columns: Sequence[str],
                rows: Iterable[Sequence[Any]]) -> None:
    """Insert rows (values in `columns`' order) in the session's transaction, at the speed the
    database allows: COPY on PostgreSQL, one executemany on SQLite. The hot paths' writes
    (accepted events, facts, the outbox) go through here; the ORM's bookkeeping per row was
    most of their cost (docs/performance.md)."""
    rows = list(rows)
    if not rows:
        return
    connection = session.connection()
    if on_postgresql(session):
        json_columns = [i for i, name in enumerate(columns)
                        if isinstance(table.c[name].type, JSON)]
        if json_columns:  # COPY takes JSON as its text
            rows = [_json_as_text(row, json_columns) for row in rows]
        raw = connection.connection.driver_connection
        quoted = ", ".join(f'"{name}"' for name in columns)
        with raw.cursor() as cursor, cursor.copy(  # type: ignore[union-attr]
                f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        return
    connection.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])


def _json_as_text(row: Sequence[Any], json_columns: list[int]) -> tuple[Any, ...]:
    out = list(row)
    for i in json_columns:
        if out[i] is not None:
            out[i] = orjson.dumps(out[i]).decode()
    return tuple(out)


def among(session: Session, column: Any, values: Iterable[Any]) -> ColumnElement[bool]:
    """`column IN (values)`; on PostgreSQL as `column = ANY(array)`: one parameter, so the
    statement's text is the same for any number of values and is parsed and planned once,
    where thousands of placeholders cost more to prepare than the query to run
    (docs/performance.md)."""
    values = list(values)
    if on_postgresql(session):
        from sqlalchemy.dialects.postgresql import ARRAY

        return cast(ColumnElement[bool], column == any_(
            bindparam(None, values, type_=ARRAY(column.type))))
    return cast(ColumnElement[bool], column.in_(values))


def upsert(session: Session, table: Table) -> Any:
    """The dialect's INSERT … ON CONFLICT for `table` (PostgreSQL and SQLite both have it)."""
    from sqlalchemy.dialects import postgresql, sqlite

    if on_postgresql(session):
        return postgresql.insert(table)
    return sqlite.insert(table)


OUTBOX_COLUMNS = ("topic", "key", "value", "created_at")


def enqueue(session: Session, messages: list[tuple[str, str | None, bytes]]) -> None:
    """Write (topic, key, value) messages to the outbox in the caller's transaction: a batch of
    events gives a batch of messages, written in one bulk statement."""
    if messages:
        now = utcnow()
        bulk_insert(session, table_of(OutboxMessage), OUTBOX_COLUMNS,
                    ((topic, key, value, now) for topic, key, value in messages))


@dataclass(frozen=True, slots=True)
class Outgoing:
    """An outbox row on its way to the bus."""

    id: int
    topic: str
    key: str | None
    value: bytes


def pending_outbox(session: Session, limit: int) -> list[Outgoing]:
    table = table_of(OutboxMessage)
    query = (
        select(table.c.id, table.c.topic, table.c.key, table.c.value)
        .where(table.c.published_at.is_(None))
        .order_by(table.c.id)
        .limit(limit)
    )
    if on_postgresql(session):
        # Several relays (monitor replicas) may run: each takes rows the others are not sending.
        query = query.with_for_update(skip_locked=True)
    return [Outgoing(id_, topic, key, bytes(value))
            for id_, topic, key, value in session.execute(query)]


def mark_published(session: Session, ids: list[int]) -> None:
    """One statement for a relayed batch (the ORM would send one UPDATE a row)."""
    table = table_of(OutboxMessage)
    now = utcnow()
    for start in range(0, len(ids), 5000):
        session.execute(update(table).where(among(session, table.c.id,
                                                  ids[start:start + 5000]))
                        .values(published_at=now))
