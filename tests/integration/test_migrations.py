"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

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


def test_0007_turns_unsigned_decisions_into_reported_ones(database_url: str) -> None:
    from alembic import command

    from services.migrations import alembic_config

    config = alembic_config(database_url)
    command.upgrade(config, "0006")
    engine = make_engine(database_url)
    row = ("INSERT INTO sanction_requests (decree_id, proceeding_id, decree_kind, status, "
           "received_on, due_on, decided_by, signature, overdue_alerted, created_at) VALUES "
           "(:id, 'EP-1', 'arrest_bank_funds', :status, '2025-10-20', '2025-10-21', :by, "
           ":signature, false, '2025-10-20 10:00:00+00:00')")
    try:
        with engine.begin() as connection:
            connection.execute(text(row), [
                {"id": "D-OURS", "status": "granted", "by": "med", "signature": b"cms"},
                {"id": "D-REPORTED", "status": "refused", "by": "PR-OLD", "signature": None},
                {"id": "D-PENDING", "status": "pending", "by": None, "signature": None}])
        command.upgrade(config, "0007")
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT decree_id, status, decided_by, reported_decision, reported_prosecutor_id"
                " FROM sanction_requests ORDER BY decree_id")).all()
        assert [tuple(r) for r in rows] == [
            ("D-OURS", "granted", "med", None, None),
            ("D-PENDING", "pending", None, None, None),
            ("D-REPORTED", "reported", None, "refused", "PR-OLD")]
        command.downgrade(config, "0006")
        with engine.connect() as connection:
            assert connection.execute(text(
                "SELECT status, decided_by FROM sanction_requests WHERE decree_id = 'D-REPORTED'"
            )).one() == ("refused", "PR-OLD")
    finally:
        engine.dispose()


def test_0008_files_earlier_acts_under_their_bailiff_s_territory(database_url: str) -> None:
    """Acts filed before under the issuer's territory (the hole of issue 11), or under none,
    move to the territory of the bailiff they concern."""
    from alembic import command

    from services.migrations import alembic_config

    config = alembic_config(database_url)
    command.upgrade(config, "0007")
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO chamber_bailiffs (bailiff_id, kind, name, region, district, "
                "registered_on) VALUES ('PB-ALM', 'private', 'x', 'ALA', 'ALA-ALM', "
                "'2025-01-10')"))
            connection.execute(text(
                "INSERT INTO sanctions_proceedings (proceeding_id, bailiff_id, region, district) "
                "VALUES ('EP-9', 'PB-UNREG', 'AST', 'AST-ESL')"))
            connection.execute(text(
                "INSERT INTO supervisory_acts (act_id, act_kind, bailiff_id, registered_on, "
                "region, district) VALUES "
                "('A1', 'protest', 'PB-ALM', '2025-03-01', 'AST', 'AST-ESL'), "
                "('A2', 'protest', 'PB-UNREG', '2025-03-01', NULL, NULL), "
                "('A3', 'protest', 'PB-NOWHERE', '2025-03-01', NULL, NULL)"))
        command.upgrade(config, "0008")
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT act_id, region, district FROM supervisory_acts ORDER BY act_id")).all()
            placed = connection.execute(text(
                "SELECT proceeding_id, region FROM acts_proceedings")).all()
    finally:
        engine.dispose()
    assert [tuple(r) for r in rows] == [("A1", "ALA", "ALA-ALM"), ("A2", "AST", "AST-ESL"),
                                        ("A3", None, None)]
    assert [tuple(r) for r in placed] == [("EP-9", "AST")]
