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
