"""Measure the sanctions queue page with 100,000 pending decrees in PostgreSQL.

The page is what a district prosecutor opens: their office's pending requests, oldest first,
50 at a time, with the countdown. Measured through the service (SQLAlchemy and all), p50 and
p95 over repeated calls, for a district prosecutor, a regional one, and a page deep in the queue.

    .venv/bin/python bench/sanctions_queue.py [--pending 100000] [--calls 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from sqlalchemy import text  # noqa: E402

from services.sanctions.service import SanctionDesk  # noqa: E402
from shared.access import Jurisdiction  # noqa: E402
from shared.auth import Principal  # noqa: E402
from shared.legal.calendar import working_calendar  # noqa: E402
from shared.settings import Policy  # noqa: E402
from shared.storage import Base, make_engine, make_sessions  # noqa: E402
from tests.support.postgres import scratch_database  # noqa: E402

TODAY = date(2025, 12, 1)


def _fill(url: str, pending: int) -> None:
    engine = make_engine(url)
    import services.sanctions.models  # noqa: F401 - registers the tables

    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        # 20 regions x 10 districts; receipt dates over the last 60 days; a decided request for
        # every two pending ones, as a live table would hold.
        connection.execute(text("""
            INSERT INTO sanction_requests (decree_id, proceeding_id, decree_kind, status, region,
                district, bailiff_id, received_on, due_on, created_at)
            SELECT 'D' || n, 'EP' || n,
                   CASE WHEN n % 3 = 0 THEN 'arrest_real_estate' ELSE 'arrest_bank_funds' END,
                   CASE WHEN n <= :pending THEN 'pending' ELSE 'granted' END,
                   'R' || (n % 20), 'R' || (n % 20) || '-D' || (n % 200 / 20),
                   'B' || (n % 3000), DATE '2025-12-01' - (n % 60), DATE '2025-12-02' - (n % 60),
                   now()
            FROM generate_series(1, :total) AS n"""),
            {"pending": pending, "total": pending + pending // 2})
        connection.execute(text("ANALYZE sanction_requests"))
    engine.dispose()


def _timed(call: Callable[[], Any], calls: int) -> dict[str, float]:
    call()  # warm the connection pool and the statement cache
    seconds = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    return {"p50_ms": round(statistics.median(seconds) * 1000, 2),
            "p95_ms": round(seconds[int(len(seconds) * 0.95) - 1] * 1000, 2)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    with scratch_database("qadagalau_bench") as url:
        _fill(url, args.pending)
        engine = make_engine(url)
        sessions = make_sessions(engine)
        desk = SanctionDesk(working_calendar(), Policy(today=TODAY), None, lambda: TODAY)
        district = Jurisdiction(Principal("p", "prosecutor", "R7", "R7-D3"))
        region = Jurisdiction(Principal("r", "prosecutor", "R7", None))

        def queue(reach: Jurisdiction, filters: dict[str, str], cursor: str | None,
                  limit: int) -> object:
            with sessions() as session:  # a request's own session, as the API opens it
                return desk.queue(session, reach, "pending", filters, cursor, limit)

        with sessions() as session:
            _, deep_cursor = desk.queue(session, district, "pending", {}, None, 400)
        result = {
            "pending": args.pending,
            "district_first_page": _timed(
                lambda: queue(district, {}, None, 50), args.calls),
            "district_deep_page": _timed(
                lambda: queue(district, {}, deep_cursor, 50), args.calls),
            "region_first_page": _timed(
                lambda: queue(region, {}, None, 50), args.calls),
            "district_by_kind": _timed(
                lambda: queue(district, {"decree_kind": "arrest_real_estate"}, None, 50),
                args.calls),
        }
        engine.dispose()
    out = json.dumps(result, indent=2)
    print(out)
    if args.json_out:
        args.json_out.write_text(out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
