"""Databases for the live tests: SQLite in a temp folder, and a real PostgreSQL.

PostgreSQL is reached at QADAGALAU_TEST_POSTGRES (default: postgres on 127.0.0.1:5432);
bin/test starts a local cluster when none answers. Each test gets a database of its own,
dropped afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from services.bootstrap import System
from tests.integration.kafka import Broker
from tests.integration.live import in_process_system
from tests.support.postgres import scratch_database


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'qadagalau.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def system(database_url: str) -> Iterator[System]:
    """The whole system in this process, on each database, as of 2025-12-01 (a module may
    define its own)."""
    running = in_process_system(database_url, date(2025, 12, 1))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    running = Broker(tmp_path / "broker.log").start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_database()


def _postgres_database() -> Iterator[str]:
    with scratch_database() as url:
        yield url
