"""The audit engine and command: de-duplication, bad lines, order, formats, exit codes."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import orjson
import pytest
from openpyxl import load_workbook

from services.cli import main
from tests.builders import accepted, audit, event, rows, write_ndjson

# The specification's sample is not part of the repository (nothing of ../shared is copied in):
# it is read from beside the checkout, where developers and CI have it, and the test says which
# file it missed when it is not there.
SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLE = SHARED / "samples" / "sample.ndjson"
EXPECTED = SHARED / "samples" / "sample.expected.jsonl"
SAMPLE_MISSING = [str(path) for path in (SAMPLE, EXPECTED) if not path.is_file()]
# The specification's sample has the contract's first fields; `appeal_id` came after it.
SAMPLE_KEYS = ("rule", "proceeding_id", "property_id", "act_id", "decree_id", "bailiff_id",
               "year", "due", "state", "done_on")
KEYS = (*SAMPLE_KEYS, "appeal_id")


def late_opening(pid: str = "EP-1") -> list[dict]:
    return [accepted("2025-09-15", pid), event("proceeding.initiated", "2025-09-22", pid,
                                               sent_to_debtor_on="2025-09-22")]


@pytest.mark.skipif(bool(SAMPLE_MISSING), reason="the specification's sample is not beside "
                    f"the checkout: missing {', '.join(SAMPLE_MISSING)}")
def test_sample_audit_equals_the_expected_output_field_by_field(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["audit", str(SAMPLE), "--as-of", "2025-12-01", "-q"]) == 0
    got = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    want = [json.loads(line) for line in EXPECTED.read_text().splitlines() if line.strip()]
    assert [tuple(r[k] for k in SAMPLE_KEYS) for r in got] == [
        tuple(r[k] for k in SAMPLE_KEYS) for r in want]
    assert all(r["appeal_id"] is None for r in got)


def test_an_exact_duplicate_is_ignored(tmp_path: Path) -> None:
    events = late_opening()
    result = audit(tmp_path, events + [events[1]], "2025-12-01")
    assert result.counts["duplicates"] == 1 and result.counts["rejected"] == 0
    assert len(rows(result, "OPENING_TERM")) == 1


def test_a_duplicate_with_keys_in_another_order_is_still_a_duplicate(tmp_path: Path) -> None:
    events = late_opening()
    reordered = dict(reversed(list(events[1].items())))
    result = audit(tmp_path, [*events, reordered], "2025-12-01")
    assert (result.counts["duplicates"], result.counts["conflicts"]) == (1, 0)


def test_a_conflicting_duplicate_is_rejected_and_the_first_kept(tmp_path: Path) -> None:
    events = late_opening()
    conflict = dict(events[1], occurred_on="2025-09-16")  # would make the opening timely
    messages: list[str] = []
    path = write_ndjson(tmp_path / "e.ndjson", [*events, conflict])
    from datetime import date

    from shared.audit import audit_files
    from shared.legal.calendar import working_calendar
    from shared.settings import Policy
    result = audit_files([path], date(2025, 12, 1), working_calendar(), Policy(),
                         report=messages.append)
    assert result.counts["conflicts"] == 1 and result.counts["rejected"] == 1
    assert [r["done_on"] for r in rows(result, "OPENING_TERM")] == ["2025-09-22"]
    assert messages == [f"{path}:3: conflict: event_id already received with other content "
                        f"at {path}:2; this one is rejected"]


def test_bad_lines_are_reported_and_every_good_line_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    good = late_opening("EP-1") + late_opening("EP-2")
    lines: list[dict | str] = [good[0], "{not json", good[1], "",
                               dict(good[2], occurred_on="2025-13-01"), good[2], good[3]]
    path = write_ndjson(tmp_path / "mixed.ndjson", lines)
    assert main(["audit", str(path), "--as-of", "2025-12-01"]) == 0
    out, err = capsys.readouterr()
    assert {json.loads(line)["proceeding_id"] for line in out.splitlines()} == {"EP-1", "EP-2"}
    assert f"{path}:2: not valid JSON" in err
    assert f"{path}:5: occurred_on: '2025-13-01' is not a real date" in err
    assert "2 rejected" in err
    assert main(["audit", str(path), "--as-of", "2025-12-01", "--strict", "-q"]) == 1


def test_no_readable_line_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_ndjson(tmp_path / "bad.ndjson", ["nonsense", "{}"])
    assert main(["audit", str(path), "--as-of", "2025-12-01"]) == 2
    assert "no event could be read" in capsys.readouterr().err


def test_a_missing_file_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(tmp_path / "nope.ndjson"), "--as-of", "2025-12-01"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_bad_date_argument_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["audit", "x.ndjson", "--as-of", "01.12.2025"])
    assert exit_.value.code == 2
    assert "write it as YYYY-MM-DD" in capsys.readouterr().err


def test_files_in_any_order_and_shuffled_lines_give_the_same_breaches(tmp_path: Path) -> None:
    rng = random.Random(7)
    events = []
    for n in range(40):
        pid = f"EP-{n}"
        events += [accepted("2025-09-15", pid),
                   event("proceeding.initiated", f"2025-09-{16 + n % 8}", pid),
                   event("proceeding.suspended", "2025-10-01", pid),
                   event("proceeding.resumed", f"2025-10-{10 + n % 15}", pid)]
    baseline = rows(audit(tmp_path, events, "2026-01-15"))
    shuffled = events[:]
    rng.shuffle(shuffled)
    first = write_ndjson(tmp_path / "a.ndjson", shuffled[:80])
    second = write_ndjson(tmp_path / "b.ndjson", shuffled[80:])
    from datetime import date

    from shared.audit import audit_files
    from shared.legal.calendar import working_calendar
    from shared.settings import Policy
    again = audit_files([second, first], date(2026, 1, 15), working_calendar(), Policy())
    assert rows(again) == baseline
    assert len(baseline) > 40


def test_events_after_the_as_of_date_are_left_out(tmp_path: Path) -> None:
    result = audit(tmp_path, late_opening(), "2025-09-20")
    assert result.counts["after_as_of"] == 1
    assert [(r["rule"], r["state"]) for r in rows(result)] == [("OPENING_TERM", "open")]


def test_orphans_are_listed_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_ndjson(tmp_path / "o.ndjson", late_opening("EP-1") + [
        event("proceeding.initiated", "2025-09-16", "EP-LOST")])
    assert main(["audit", str(path), "--as-of", "2025-12-01"]) == 0
    err = capsys.readouterr().err
    assert "orphan: proceeding EP-LOST" in err and "1 orphans" in err


def test_csv_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_ndjson(tmp_path / "e.ndjson", late_opening())
    assert main(["audit", str(path), "--as-of", "2025-11-01", "--format", "csv", "-q"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["rule"], r["due"], r["state"], r["done_on"], r["year"]) for r in table] == [
        ("NOTICE_TERM", "2025-09-18", "late", "2025-09-22", ""),
        ("OPENING_TERM", "2025-09-18", "late", "2025-09-22", ""),
    ]


def test_xlsx_output(tmp_path: Path) -> None:
    path = write_ndjson(tmp_path / "e.ndjson", late_opening())
    target = tmp_path / "breaches.xlsx"
    assert main(["audit", str(path), "--as-of", "2025-11-01", "-o", str(target), "-q"]) == 0
    sheet = load_workbook(target)["breaches"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == KEYS
    assert [(v[0], v[7], v[8]) for v in values[1:]] == [
        ("NOTICE_TERM", "2025-09-18", "late"), ("OPENING_TERM", "2025-09-18", "late")]


def test_output_is_sorted_by_rule_then_ids(tmp_path: Path) -> None:
    events = late_opening("EP-2") + late_opening("EP-10") + late_opening("EP-1")
    got = [(r["rule"], r["proceeding_id"]) for r in rows(audit(tmp_path, events, "2025-12-01"))]
    assert got == sorted(got)


def test_personal_data_is_not_kept_while_reading(tmp_path: Path) -> None:
    from datetime import date

    from shared.audit import _Files, _Part
    from shared.legal.calendar import working_calendar
    from shared.legal.rules import Context
    from shared.settings import Policy
    path = write_ndjson(tmp_path / "e.ndjson", late_opening())
    files = _Files.of([path])
    part = _Part(0, 1, date(2025, 12, 1), Context(working_calendar(), Policy()), files,
                 reject=lambda seq, number, line, reason: None)
    part.read(0, files.total, lambda nbytes: None)
    kept = orjson.dumps([[pid, *(repr(getattr(f, slot)) for slot in f.__slots__)]
                         for pid, f in part.folds.items()])
    assert b"EP-1" in kept  # what is kept is looked at
    assert b"014126906045" not in kept and b"Debtor" not in kept


def test_a_date_the_calendar_cannot_count_from_spoils_only_its_proceeding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = write_ndjson(tmp_path / "e.ndjson", late_opening("EP-1") + [
        accepted("1985-01-03", "EP-OLD")])
    assert main(["audit", str(path), "--as-of", "2025-11-01"]) == 0
    out, err = capsys.readouterr()
    assert {json.loads(line)["proceeding_id"] for line in out.splitlines()} == {"EP-1"}
    assert "proceeding EP-OLD: not judged" in err


def test_a_byte_order_mark_is_not_content(tmp_path: Path) -> None:
    path = tmp_path / "bom.ndjson"
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(orjson.dumps(e) for e in late_opening()))
    from datetime import date

    from shared.audit import audit_files
    from shared.legal.calendar import working_calendar
    from shared.settings import Policy
    result = audit_files([path], date(2025, 11, 1), working_calendar(), Policy())
    assert result.counts["rejected"] == 0 and len(result.breaches) == 2


def test_an_answer_without_a_proceeding_answers_its_act(tmp_path: Path) -> None:
    """docs/contract.md §1 (2026-12-04): the answer belongs to the act registered under its
    act_id; before, such answers were rejected and their acts stayed open breaches."""
    registered = event("act.registered", "2025-03-03", None, act_id="A1", act_kind="protest",
                       bailiff_id="PB-1")
    in_time = event("act.answered", "2025-03-13", None, act_id="A1")
    result = audit(tmp_path, [registered, in_time], "2025-12-01")
    assert result.counts["rejected"] == 0 and rows(result, "ACT_RESPONSE_TERM") == []
    late = dict(in_time, event_id="late", act_id="A2", occurred_on="2025-04-02")
    result = audit(tmp_path, [dict(registered, event_id="r2", act_id="A2"), late], "2025-12-01")
    [breach] = rows(result, "ACT_RESPONSE_TERM")
    assert (breach["act_id"], breach["state"], breach["done_on"]) == ("A2", "late", "2025-04-02")


def test_a_breach_is_written_as_the_json_encoder_writes_its_record() -> None:
    """The JSONL writer builds each line itself, for speed; it must be the encoder's text."""
    from datetime import date

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from shared.audit import _encode_record, _from_record, _jsonl
    from shared.legal.rules import Breach

    texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
    days = st.dates(date(1990, 1, 1), date(2040, 12, 31))

    @settings(max_examples=400, deadline=None)
    @given(st.builds(Breach, texts, st.none() | texts, st.none() | texts, days, texts,
                     st.none() | days, st.none() | texts, st.none() | texts, st.none() | texts,
                     st.none() | st.integers(1990, 2040), st.none() | texts))
    def same(breach: Breach) -> None:
        assert _jsonl(breach) == _encode_record(breach.record())
        # With several jobs the parts write the records, and a caller asking for breaches
        # gets them read back: the very breach, and no line break inside a record.
        assert _from_record(_jsonl(breach)) == breach
        assert "\n" not in _jsonl(breach)

    same()
