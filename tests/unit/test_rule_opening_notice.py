"""OPENING_TERM and NOTICE_TERM: 3 working days after the document reached the bailiff."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import accepted, audit, event, rows

E = event

OPENING_CASES = [
    # (case, events, as_of, expected [(due, state, done_on, bailiff_id)])
    ("Nauryz and its observed days are skipped (docs/rules.md#working-day-terms example)",
     [accepted("2026-03-19")], "2026-03-30", [("2026-03-27", "open", None, "PB-1")]),
    ("no breach on the last day itself",
     [accepted("2026-03-19")], "2026-03-27", []),
    ("initiated on the last day is timely",
     [accepted("2026-03-19"), E("proceeding.initiated", "2026-03-27")], "2026-04-30", []),
    ("initiated the day after is late",
     [accepted("2026-03-19"), E("proceeding.initiated", "2026-03-30")], "2026-04-30",
     [("2026-03-27", "late", "2026-03-30", "PB-1")]),
    ("a refusal decides the document too",
     [accepted("2026-03-19"), E("proceeding.refused", "2026-03-26", reason="x")], "2026-04-30",
     []),
    ("a late refusal is late",
     [accepted("2026-03-19"), E("proceeding.refused", "2026-04-01")], "2026-04-30",
     [("2026-03-27", "late", "2026-04-01", "PB-1")]),
    ("8 March on a Saturday moves the day off to Monday 10 March 2025",
     [accepted("2025-03-07")], "2025-03-20", [("2025-03-13", "open", None, "PB-1")]),
    ("2024 decree: Saturday 4 May worked",
     [accepted("2024-05-02")], "2024-05-20", [("2024-05-06", "open", None, "PB-1")]),
    ("2024 decree: Wednesday 8 May off, with 7 and 9 May holidays",
     [accepted("2024-05-06")], "2024-05-20", [("2024-05-14", "open", None, "PB-1")]),
    ("2025 decree: Friday 3 January off, Sunday 5 January worked; 7 January off",
     [accepted("2024-12-31")], "2025-01-20", [("2025-01-08", "open", None, "PB-1")]),
    ("Kurban Ait 2025 (Friday 6 June) is a day off",
     [accepted("2025-06-04")], "2025-06-20", [("2025-06-10", "open", None, "PB-1")]),
    ("an action after the as-of date has not happened yet",
     [accepted("2026-03-19"), E("proceeding.initiated", "2026-04-02")], "2026-04-01",
     [("2026-03-27", "open", None, "PB-1")]),
    ("the bailiff holding it on the last day: transferred on that day",
     [accepted("2026-03-19"),
      E("proceeding.transferred", "2026-03-27", to_bailiff_id="PB-2")], "2026-04-01",
     [("2026-03-27", "open", None, "PB-2")]),
    ("a transfer after the last day does not move the breach",
     [accepted("2026-03-19"),
      E("proceeding.transferred", "2026-03-30", to_bailiff_id="PB-2")], "2026-04-01",
     [("2026-03-27", "open", None, "PB-1")]),
    ("an orphan (no document.accepted) gives no breach",
     [E("proceeding.initiated", "2026-03-30")], "2026-05-01", []),
    ("a document accepted after the as-of date is not yet known",
     [accepted("2026-05-02")], "2026-05-01", []),
]


@pytest.mark.parametrize(("case", "events", "as_of", "expected"), OPENING_CASES,
                         ids=[c[0] for c in OPENING_CASES])
def test_opening_term(tmp_path: Path, case: str, events: list, as_of: str, expected: list) -> None:
    got = [(r["due"], r["state"], r["done_on"], r["bailiff_id"])
           for r in rows(audit(tmp_path, events, as_of), "OPENING_TERM")]
    assert got == expected


NOTICE_CASES = [
    ("sent with the initiation on time",
     [accepted("2025-09-15"),
      E("proceeding.initiated", "2025-09-16", sent_to_debtor_on="2025-09-16")],
     "2025-12-01", []),
    ("initiated on time, never sent",
     [accepted("2025-09-15"), E("proceeding.initiated", "2025-09-16")], "2025-12-01",
     [("2025-09-18", "open", None)]),
    ("initiated on time, notice_sent event late",
     [accepted("2025-09-15"), E("proceeding.initiated", "2025-09-16"),
      E("proceeding.notice_sent", "2025-09-22")], "2025-12-01",
     [("2025-09-18", "late", "2025-09-22")]),
    ("notice_sent event on the last day",
     [accepted("2025-09-15"), E("proceeding.initiated", "2025-09-16"),
      E("proceeding.notice_sent", "2025-09-18")], "2025-12-01", []),
    ("initiated late and sent the same day: late",
     [accepted("2025-09-15"),
      E("proceeding.initiated", "2025-09-22", sent_to_debtor_on="2025-09-22")], "2025-12-01",
     [("2025-09-18", "late", "2025-09-22")]),
    ("not initiated: the notice term does not apply yet",
     [accepted("2025-09-15")], "2025-12-01", []),
    ("refused: no notice term",
     [accepted("2025-09-15"), E("proceeding.refused", "2025-09-16")], "2025-12-01", []),
    ("a sending date after the as-of date has not happened",
     [accepted("2025-09-15"),
      E("proceeding.initiated", "2025-09-16", sent_to_debtor_on="2025-12-05")], "2025-12-01",
     [("2025-09-18", "open", None)]),
    ("the earliest of two notices counts",
     [accepted("2025-09-15"),
      E("proceeding.initiated", "2025-09-16", sent_to_debtor_on="2025-09-25"),
      E("proceeding.notice_sent", "2025-09-17")], "2025-12-01", []),
]


@pytest.mark.parametrize(("case", "events", "as_of", "expected"), NOTICE_CASES,
                         ids=[c[0] for c in NOTICE_CASES])
def test_notice_term(tmp_path: Path, case: str, events: list, as_of: str, expected: list) -> None:
    got = [(r["due"], r["state"], r["done_on"])
           for r in rows(audit(tmp_path, events, as_of), "NOTICE_TERM")]
    assert got == expected
