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


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_e_appeals_export_becomes_appeals_with_their_steps(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The e-appeals system's own columns: a row is an appeal and its steps; a bad cell names
    its row and field; a newer export of the same appeals adds only what is new."""
    from services.alerts.appeals.models import Appeal

    head = {"Номер обращения": "ЖТ-2025-17", "Дата поступления": "06.10.2025",
            "Регион": "ALA", "Район": "ALA-MED", "Судебный исполнитель": "PB-1",
            "Исполнительное производство": "", "Вид заявителя": "Физическое лицо",
            "Заявитель": "Сейітова Айгүл", "ИИН/БИН заявителя": "014126906045",
            "Краткое содержание": "бездействие судебного исполнителя",
            "Дата продления": "24.10.2025", "Продлено до": "05.12.2025",
            "Основание продления": "запрошены сведения", "Дата уведомления о продлении":
            "31.10.2025", "Дата ответа": "", "Результат": ""}
    unanswered = head | {"Номер обращения": "ЖТ-2025-18", "Дата продления": "",
                         "Продлено до": "", "Основание продления": "",
                         "Дата уведомления о продлении": ""}
    broken = unanswered | {"Номер обращения": "ЖТ-2025-19", "ИИН/БИН заявителя": "014126906046"}
    path = tmp_path / f"appeals.{suffix}"

    def write(rows: list[dict[str, str]]) -> None:
        table = pd.DataFrame(rows, dtype=str)
        if suffix == "csv":
            table.to_csv(path, index=False)
        else:
            table.to_excel(path, index=False)

    write([head, unanswered, broken])
    url = f"sqlite:///{tmp_path / 'q.db'}"
    monkeypatch.setenv("QADAGALAU_DATABASE_URL", url)
    assert main(["import", "--appeals", str(path), "-q"]) == 0
    err = capsys.readouterr().err
    assert f"{path}:4: applicant.iin_bin: " in err and "014126906046" not in err
    assert "4 accepted, 0 duplicates, 1 rejected" in err  # two steps of the first appeal
    # Later the office answered the first: only the answer is new.
    write([head | {"Дата ответа": "20.11.2025", "Результат": "Разъяснено"}, unanswered])
    assert main(["import", "--appeals", str(path), "-q"]) == 0
    assert "1 accepted, 4 duplicates, 0 rejected" in capsys.readouterr().err
    system = in_process_system(url, date(2025, 12, 1))
    try:
        system.settle()
        with system.sessions() as session:
            first = session.get(Appeal, "ЖТ-2025-17")
            assert first is not None
            assert (first.extensions, first.answered_on, first.result) == (
                [{"on": "2025-10-24", "until": "2025-12-05", "reason": "запрошены сведения"}],
                date(2025, 11, 20), "explained")
            assert first.applicant_iin_bin == "••••••••6045" and first.source == "e-otinish"
        # ЖТ-2025-18 was not answered in its 15 working days: the office's alert, live.
        rules = {(r[0], r[7]) for r in queue_records(system)}
        assert ("APPEAL_TERM", "2025-10-28") in rules
        assert ("APPEAL_EXTENSION_NOTICE_TERM", "2025-10-30") in rules  # told a day late
    finally:
        system.stop()
    path.write_text("number,date\n1,2\n")
    if suffix == "csv":
        assert main(["import", "--appeals", str(path), "-q"]) == 2
        assert "not an e-appeals export: no column Номер обращения" in capsys.readouterr().err
