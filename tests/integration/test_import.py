"""Bulk import of CSV and XLSX exports: rows become events; bad rows are named, good ones kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from services.cli import main
from tests.builders import accepted, event
from tests.integration.live import in_process_system, queue_records


def _flat(e: dict, prefix: str = "") -> dict:
    out: dict = {}
    for key, value in e.items():
        if isinstance(value, dict):
            out |= _flat(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


ROWS = [accepted("2025-09-15", "EP-1"), event("proceeding.initiated", "2025-09-22", "EP-1",
                                               sent_to_debtor_on="2025-09-22")]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_import_stores_good_rows_and_names_bad_ones(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = _flat(dict(ROWS[1], event_id="bad-1", occurred_on="2025-13-40"))
    table = pd.DataFrame([_flat(ROWS[0]), bad, _flat(ROWS[1])])
    path = tmp_path / f"export.{suffix}"
    if suffix == "csv":
        table.to_csv(path, index=False)
    else:
        table.to_excel(path, index=False)
    url = f"sqlite:///{tmp_path / 'q.db'}"
    monkeypatch.setenv("QADAGALAU_DATABASE_URL", url)
    assert main(["import", str(path), "-q"]) == 0
    err = capsys.readouterr().err
    assert f"{path}:3: occurred_on: '2025-13-40' is not a real date" in err
    assert "2 accepted, 0 duplicates, 1 rejected" in err
    # The IIN kept its leading zero; the accepted events reach the monitor once it runs.
    system = in_process_system(url, date(2025, 11, 1))
    try:
        system.settle()
        assert [r[0] for r in queue_records(system)] == ["NOTICE_TERM", "OPENING_TERM"]
    finally:
        system.stop()
    assert main(["import", str(path), "-q", "--strict"]) == 1
    assert "0 accepted, 2 duplicates, 1 rejected" in capsys.readouterr().err
