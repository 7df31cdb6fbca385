"""Measure a chamber's breach report: 300 members and 50,000 breaches in PostgreSQL.

One report is what a regional chamber receives: its members' breaches in the period, their acts
and each member's count against the licence threshold, gathered through the service and
rendered as XLSX and PDF in Kazakh and Russian (four files), stored with its deliveries. The
median of several runs is quoted, with the share of each step in one further, profiled run.

    .venv/bin/python bench/chamber_report.py [--members 300] [--breaches 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from sqlalchemy import text  # noqa: E402

import services.alerts.documents.render as documents  # noqa: E402
from services.alerts.bailiffs.service import Registry  # noqa: E402
from services.alerts.reports.service import ReportDesk  # noqa: E402
from shared.settings import Policy  # noqa: E402
from shared.storage import Base, make_engine, make_sessions, transaction  # noqa: E402
from tests.support.postgres import scratch_database  # noqa: E402

TODAY = date(2025, 12, 1)
RULES = ("OPENING_TERM", "NOTICE_TERM", "COMPLETION_TERM", "VALUATION_TERM",
         "ACT_RESPONSE_TERM", "UNSANCTIONED_EXECUTION")


def _fill(url: str, members: int, breaches: int) -> None:
    engine = make_engine(url)
    import services.bootstrap  # noqa: F401 - registers every room's tables

    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        # The chamber's members, and as many bailiffs of other chambers beside them.
        connection.execute(text("""
            INSERT INTO chamber_bailiffs (bailiff_id, kind, name, region, district, licence_no,
                                          started_on, registered_on)
            SELECT 'PB-' || n, 'private', 'Сот орындаушысы ' || n,
                   CASE WHEN n <= :members THEN 'ALA' ELSE 'AST' END,
                   'D' || (n % 8), 'L-' || n, DATE '2015-01-01' + n, DATE '2015-01-01'
            FROM generate_series(1, 2 * :members) AS n"""), {"members": members})
        # Breaches over the year, a month of them in the report's period; other chambers'
        # breaches as many again.
        connection.execute(text("""
            INSERT INTO alerts (identity, rule, proceeding_id, bailiff_id, due, state, region,
                                district, status, raised_on, created_at, updated_at)
            SELECT 'bench-' || n, (ARRAY[:r0, :r1, :r2, :r3, :r4, :r5])[1 + n % 6],
                   'EP-' || n, 'PB-' || (1 + n % (2 * :members)),
                   DATE '2025-11-01' + (n % 30), CASE WHEN n % 4 = 0 THEN 'late' ELSE 'open' END,
                   'ALA', 'D' || (n % 8), 'new', DATE '2025-12-01', now(), now()
            FROM generate_series(1, 2 * :breaches) AS n"""),
            {"members": members, "breaches": breaches,
             **{f"r{i}": rule for i, rule in enumerate(RULES)}})
        connection.execute(text("""
            INSERT INTO supervisory_acts (act_id, act_kind, bailiff_id, registered_on, source)
            SELECT 'ACT-' || n, 'protest', 'PB-' || (1 + n % (2 * :members)),
                   DATE '2025-01-01' + (n % 330), 'bench'
            FROM generate_series(1, 4 * :members) AS n"""), {"members": members})
        connection.execute(text("ANALYZE"))
    engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--breaches", type=int, default=50_000,
                        help="breaches of the chamber's members in the period")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    with scratch_database("qadagalau_bench") as url:
        _fill(url, args.members, args.breaches)
        engine = make_engine(url)
        sessions = make_sessions(engine)
        policy = Policy(today=TODAY)
        desk = ReportDesk(policy, Registry(policy))
        seconds = []
        summary: dict[str, Any] = {}
        for run in range(args.runs):
            started = time.perf_counter()
            with transaction(sessions) as session:
                report_id = desk.make(session, "ALA", "on_demand", date(2025, 11, 1),
                                      date(2025, 11, 30), "bench", TODAY, stamp=f"run-{run}")
            seconds.append(time.perf_counter() - started)
        with sessions() as session:
            summary = session.execute(text(
                "SELECT summary FROM chamber_reports WHERE id = :id"), {"id": report_id}
            ).scalar_one()
            sizes: dict[str, int] = dict(session.execute(text(
                "SELECT filename, length(content) FROM chamber_documents WHERE report_id = :id"),
                {"id": report_id}).all())
        # One more run, step by step.
        steps: dict[str, float] = {}
        with transaction(sessions) as session:
            started = time.perf_counter()
            content = desk.content(session, "ALA", "on_demand", date(2025, 11, 1),
                                   date(2025, 11, 30), TODAY)
            steps["gather"] = time.perf_counter() - started
        for lang in ("kk", "ru"):
            started = time.perf_counter()
            documents.report_xlsx(content, lang)
            steps[f"xlsx_{lang}"] = time.perf_counter() - started
            started = time.perf_counter()
            documents.report_pdf(content, lang)
            steps[f"pdf_{lang}"] = time.perf_counter() - started
        engine.dispose()
    result = {
        "members": args.members, "breaches_in_report": summary["breaches"],
        "acts_in_report": summary["acts"], "runs": args.runs,
        "report_seconds_median": round(statistics.median(seconds), 2),
        "report_seconds_all": [round(s, 2) for s in seconds],
        "steps_seconds": {k: round(v, 2) for k, v in steps.items()},
        "document_bytes": sizes,
    }
    out = json.dumps(result, indent=2, ensure_ascii=False)
    print(out)
    if args.json_out:
        args.json_out.write_text(out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
