"""A throwaway PostgreSQL database, for tests and benchmarks alike."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

ADMIN_URL = os.environ.get("QADAGALAU_TEST_POSTGRES",
                           "postgresql+psycopg://postgres:postgres@127.0.0.1:5432/postgres")


@contextmanager
def scratch_database(prefix: str = "qadagalau_test") -> Iterator[str]:
    """The URL of a new, empty database, dropped (with its sessions) afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
