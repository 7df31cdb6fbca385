"""The live system holds exactly the breaches `qadagalau audit` prints, for the same events and
date: thousands of generated proceedings fed in shuffled order, then a sweep weeks later."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from shared.audit import audit_files
from shared.legal.calendar import working_calendar
from shared.settings import Policy
from tests.integration.live import audit_records, in_process_system, queue_records, settle
from tests.unit.test_bench_generator import _generator_main

AS_OF = date(2025, 12, 1)
LATER = date(2026, 1, 20)


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("export") / "export.ndjson"
    assert _generator_main()(["--proceedings", "1500", "--output", str(target), "--seed", "11",
                              "--as-of", AS_OF.isoformat()]) == 0
    return target


def _audit(path: Path, on: date) -> list[tuple[object, ...]]:
    result = audit_files([path], on, working_calendar(), Policy())
    return audit_records(result.breaches)


def test_live_queue_equals_audit_then_after_a_sweep(export: Path, database_url: str) -> None:
    lines = export.read_bytes().splitlines()
    random.Random(5).shuffle(lines)
    system = in_process_system(database_url, AS_OF)
    try:
        for start in range(0, len(lines), 2000):
            results = system.receiver.batch(lines[start:start + 2000], "test")
            assert all(r.status in ("accepted", "duplicate") for r in results)
            settle(system)
        expected = _audit(export, AS_OF)
        assert len(expected) > 300
        # Every rule is compared, the prosecutor's own decision term too, open and late.
        decision_terms = {row[8] for row in expected if row[0] == "SANCTION_DECISION_TERM"}
        assert decision_terms == {"open", "late"}
        assert queue_records(system) == expected

        # No event arrives; the clock moves on: the sweep must find what fell due meanwhile.
        system.monitor.today = lambda: LATER
        assert system.sweep(LATER) > 0
        settle(system)
        later = _audit(export, LATER)
        assert len(later) > len(expected)
        assert queue_records(system) == later
    finally:
        system.stop()
