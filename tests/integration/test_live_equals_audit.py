"""The live system holds exactly the breaches `qadagalau audit` prints, for the same events and
date: thousands of generated proceedings fed in shuffled order, then a sweep weeks later."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import orjson
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


@pytest.fixture(scope="module")
def appeals(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Appeals of every counting case, each step a line (the unit tests count their days)."""
    from tests.unit.test_rule_appeal import answered, received, step

    cases: list[dict[str, object]] = []
    for n in range(40):
        a = f"AP-{n}"
        case = n % 5
        cases.append(received("2025-10-06" if n % 2 else "2025-11-03", a,
                              proceeding_id=None if n % 3 else f"EP-{n}"))
        if case == 1:
            cases += [step("extended", "2025-10-24", a, extended_until="2025-12-05",
                           reason="r"), step("extension_notified", "2025-10-31", a)]
        elif case == 2:
            cases += [step("inspection_ordered", "2025-10-20", a),
                      step("inspection_ended", "2025-11-10", a)]
        elif case == 3:
            cases.append(answered("2025-10-29") | {"appeal_id": a})
        elif case == 4:
            cases.append(step("extended", "2025-12-15", a, extended_until="2026-01-09",
                              reason="r"))
    target = tmp_path_factory.mktemp("appeals") / "appeals.ndjson"
    target.write_bytes(b"\n".join(orjson.dumps(e) for e in cases) + b"\n")
    return target


def _audit(paths: list[Path], on: date) -> list[tuple[object, ...]]:
    result = audit_files(paths, on, working_calendar(), Policy())
    return audit_records(result.breaches)


def test_live_queue_equals_audit_then_after_a_sweep(export: Path, appeals: Path,
                                                    database_url: str) -> None:
    lines = export.read_bytes().splitlines() + appeals.read_bytes().splitlines()
    random.Random(5).shuffle(lines)
    system = in_process_system(database_url, AS_OF)
    try:
        for start in range(0, len(lines), 2000):
            results = system.receiver.batch(lines[start:start + 2000], "test")
            assert all(r.status in ("accepted", "duplicate") for r in results)
            settle(system)
        expected = _audit([export, appeals], AS_OF)
        assert len(expected) > 300
        # Every rule is compared, the prosecutor's own terms too, open and late.
        for own in ("SANCTION_DECISION_TERM", "APPEAL_TERM"):
            assert {row[8] for row in expected if row[0] == own} == {"open", "late"}, own
        assert any(row[0] == "APPEAL_EXTENSION_NOTICE_TERM" for row in expected)
        assert queue_records(system) == expected

        # No event arrives; the clock moves on: the sweep must find what fell due meanwhile.
        system.monitor.today = lambda: LATER
        assert system.sweep(LATER) > 0
        settle(system)
        later = _audit([export, appeals], LATER)
        assert len(later) > len(expected)
        assert queue_records(system) == later
    finally:
        system.stop()
