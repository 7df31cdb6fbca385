"""Alembic environment: every service's tables, on the database of QADAGALAU_DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool

import services.alerts.acts.models
import services.alerts.appeals.models
import services.alerts.bailiffs.models
import services.alerts.deliveries.models
import services.alerts.documents.models
import services.alerts.oversight.models
import services.alerts.proposals.models
import services.alerts.queue.models
import services.alerts.reports.models
import services.ingest.models
import services.monitor.judge.models
import services.monitor.risk.models
import services.sanctions.models
import shared.auth  # noqa: F401 - registers the auth tables
from shared.storage import Base, make_engine

del services  # the imports above register the models on Base.metadata

config = context.config
target_metadata = Base.metadata


def run() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url, "qadagalau migrate sets sqlalchemy.url"
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url, poolclass=pool.NullPool) if not url.startswith("sqlite") else \
        make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=url.startswith("sqlite"))
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
