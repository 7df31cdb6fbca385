"""The benchmark's synthetic export stays valid against the contract (the benchmark is not run)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

from shared.audit import audit_files
from shared.events import parse_event
from shared.legal.calendar import working_calendar
from shared.settings import Policy

GENERATOR = Path(__file__).resolve().parents[2] / "bench" / "generate_export.py"


def _generator_main():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("generate_export", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_export"] = module
    spec.loader.exec_module(module)
    return module.main


def test_every_generated_line_is_a_valid_event_and_breaches_are_found(tmp_path: Path) -> None:
    target = tmp_path / "export.ndjson"
    assert _generator_main()(["--proceedings", "400", "--output", str(target), "--seed", "3"]) == 0
    lines = target.read_bytes().splitlines()
    assert len(lines) > 2000
    for line in lines:
        parse_event(line)
    result = audit_files([target], date(2025, 12, 1), working_calendar(), Policy())
    assert result.counts["rejected"] == 0 and result.counts["orphans"] == 0
    found = set(result.by_rule)
    assert {"OPENING_TERM", "NOTICE_TERM", "COMPLETION_TERM", "VALUATION_TERM"} <= found
