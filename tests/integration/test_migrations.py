"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from services.cli import main
from shared.storage import Base, make_engine


def test_migrate_builds_the_models_schema(database_url: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import services.bootstrap  # noqa: F401 - registers every service's models

    monkeypatch.setenv("QADAGALAU_DATABASE_URL", database_url)
    assert main(["migrate"]) == 0
    assert main(["migrate"]) == 0  # again: nothing to do, no error
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
            tables = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert differences == []
    assert {"alerts", "monitor_facts", "ingest_events", "outbox", "auth_tokens"} <= tables


def test_proceedings_with_decrees_are_judged_again_after_the_decision_term_moved(
        database_url: str) -> None:
    """The decision term became the monitor's (0009): a proceeding whose next check was counted
    without it is swept again, so that no request waits for that check to be judged."""
    from datetime import UTC, date, datetime

    from alembic import command
    from sqlalchemy import text

    from services.migrations import alembic_config

    command.upgrade(alembic_config(database_url), "0006")
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO monitor_subjects (subject, next_check, evaluated_on, updated_at) "
                "VALUES ('P:EP-1', :later, :today, :at), ('P:EP-2', :later, :today, :at)"),
                {"later": date(2026, 5, 1), "today": date(2026, 3, 2), "at": datetime.now(UTC)})
            connection.execute(text(
                "INSERT INTO monitor_facts (event_id, subject, \"on\", type, key) VALUES "
                "('e1', 'P:EP-1', :on, 'decree.issued', 'D1'), "
                "('e2', 'P:EP-2', :on, 'proceeding.initiated', '')"), {"on": date(2026, 3, 2)})
        command.upgrade(alembic_config(database_url), "head")
        with engine.connect() as connection:
            rows = dict(connection.execute(text(
                "SELECT subject, next_check FROM monitor_subjects")).all())
    finally:
        engine.dispose()
    assert {s: str(d) for s, d in rows.items()} == {"P:EP-1": "2000-01-01",
                                                    "P:EP-2": "2026-05-01"}
