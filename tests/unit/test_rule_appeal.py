"""APPEAL_TERM and APPEAL_EXTENSION_NOTICE_TERM: the office's own terms for citizens' appeals
about bailiffs (docs/rules.md#appeal_term), judged by the offline audit. Each counting case of
the rule, its days counted by hand against the calendar of docs/rules.md#counting-terms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shared.settings import Policy
from tests.builders import audit, event, rows


def received(on: str = "2025-10-06", appeal_id: str = "AP-1", proceeding_id: str | None = None,
             **more: Any) -> dict[str, Any]:
    return event("appeal.received", on, proceeding_id, appeal_id=appeal_id, region="ALA",
                 district="ALA-MED", bailiff_id="PB-1",
                 applicant={"kind": "individual", "name": "Сейітова Айгүл",
                            "iin_bin": "014126906045"}, **more)


def step(type_: str, on: str, appeal_id: str = "AP-1", **more: Any) -> dict[str, Any]:
    return event(f"appeal.{type_}", on, None, appeal_id=appeal_id, **more)


def answered(on: str) -> dict[str, Any]:
    return step("answered", on, result="explained")


def judged(tmp_path: Path, events: list[dict[str, Any]], as_of: str = "2025-12-01",
           policy: Policy | None = None) -> list[tuple[Any, ...]]:
    result = audit(tmp_path, events, as_of, policy)
    assert result.counts["rejected"] == 0
    return [(r["rule"], r["appeal_id"], r["due"], r["state"], r["done_on"])
            for r in rows(result) if r["rule"].startswith("APPEAL")]


def test_answered_within_fifteen_working_days_is_no_breach(tmp_path: Path) -> None:
    # Received Mon 6 Oct 2025; Republic Day (Sat 25 Oct) moves the day off to Mon 27 Oct:
    # the 15th working day is Tue 28 Oct.
    assert judged(tmp_path, [received(), answered("2025-10-28")]) == []


def test_unanswered_past_the_fifteenth_working_day_is_open(tmp_path: Path) -> None:
    assert judged(tmp_path, [received()]) == [
        ("APPEAL_TERM", "AP-1", "2025-10-28", "open", None)]
    assert judged(tmp_path, [received(), answered("2025-10-29")]) == [
        ("APPEAL_TERM", "AP-1", "2025-10-28", "late", "2025-10-29")]


def test_a_receipt_before_a_holiday_run(tmp_path: Path) -> None:
    # Received Thu 19 Mar 2026: 20 Mar (1), Nauryz 21–25 Mar off, 26 Mar (2) … Tue 14 Apr (15).
    events = [received("2026-03-19")]
    assert judged(tmp_path, events, "2026-04-14") == []
    assert judged(tmp_path, events, "2026-04-15") == [
        ("APPEAL_TERM", "AP-1", "2026-04-14", "open", None)]


def test_an_extension_in_time_moves_the_term_and_is_notified_late(tmp_path: Path) -> None:
    # Extended on Fri 24 Oct to Fri 5 Dec; told on Fri 31 Oct, one working day after the third
    # (Mon 27 Oct off: 28, 29, 30 Oct).
    events = [received(), step("extended", "2025-10-24", extended_until="2025-12-05",
                               reason="сведения запрошены у территориального органа юстиции"),
              step("extension_notified", "2025-10-31")]
    assert judged(tmp_path, events) == [
        ("APPEAL_EXTENSION_NOTICE_TERM", "AP-1", "2025-10-30", "late", "2025-10-31")]
    assert judged(tmp_path, events, "2025-12-08") == [
        ("APPEAL_EXTENSION_NOTICE_TERM", "AP-1", "2025-10-30", "late", "2025-10-31"),
        ("APPEAL_TERM", "AP-1", "2025-12-05", "open", None)]
    told_in_time = [*events[:2], step("extension_notified", "2025-10-30"),
                    answered("2025-12-05")]
    assert judged(tmp_path, told_in_time, "2025-12-10") == []


def test_an_extension_never_goes_past_two_months(tmp_path: Path) -> None:
    # To 20 Dec asked; two months from 6 Oct is Sat 6 Dec, so Mon 8 Dec.
    events = [received(), step("extended", "2025-10-20", extended_until="2025-12-20",
                               reason="reason"), step("extension_notified", "2025-10-21")]
    assert judged(tmp_path, events, "2025-12-09") == [
        ("APPEAL_TERM", "AP-1", "2025-12-08", "open", None)]


def test_an_extension_decided_after_the_term_ran_out_moves_nothing(tmp_path: Path) -> None:
    events = [received(), step("extended", "2025-10-29", extended_until="2025-12-05",
                               reason="reason"), step("extension_notified", "2025-10-30"),
              answered("2025-11-20")]
    assert judged(tmp_path, events) == [
        ("APPEAL_TERM", "AP-1", "2025-10-28", "late", "2025-11-20")]


def test_the_answer_is_due_ten_working_days_after_an_inspection_ends(tmp_path: Path) -> None:
    inspected = [received(), step("inspection_ordered", "2025-10-20")]
    # While the inspection runs, its term runs with it.
    assert judged(tmp_path, inspected) == []
    # Ended Mon 10 Nov: 11 Nov (1) … Mon 24 Nov (10).
    ended = [*inspected, step("inspection_ended", "2025-11-10")]
    assert judged(tmp_path, [*ended, answered("2025-11-24")]) == []
    assert judged(tmp_path, [*ended, answered("2025-11-25")]) == [
        ("APPEAL_TERM", "AP-1", "2025-11-24", "late", "2025-11-25")]


def test_an_inspection_ordered_after_the_term_does_not_undo_the_breach(tmp_path: Path) -> None:
    events = [received(), step("inspection_ordered", "2025-10-30")]
    assert judged(tmp_path, events) == [("APPEAL_TERM", "AP-1", "2025-10-28", "open", None)]


def test_steps_before_their_receipt_wait_for_it(tmp_path: Path) -> None:
    # An answer known before the appeal's receipt is (files in any order): kept, then read.
    assert judged(tmp_path, [answered("2025-10-20"), received()]) == []
    assert judged(tmp_path, [answered("2025-10-20")]) == []  # no receipt: nothing to judge


@pytest.mark.parametrize("jobs", [1, 3])
def test_the_record_names_the_appeal_whatever_the_parts(tmp_path: Path, jobs: int) -> None:
    from datetime import date

    from shared.audit import audit_files
    from shared.legal.calendar import working_calendar
    from tests.builders import write_ndjson

    path = write_ndjson(tmp_path / "appeals.ndjson", [
        received(appeal_id="AP-1"), received(appeal_id="AP-2", proceeding_id="EP-7")])
    result = audit_files([path], date(2025, 12, 1), working_calendar(), Policy(), jobs=jobs)
    records = [b.record() for b in result.breaches]
    assert [(r["appeal_id"], r["proceeding_id"], r["bailiff_id"]) for r in records] == [
        ("AP-1", None, "PB-1"), ("AP-2", "EP-7", "PB-1")]


def test_the_terms_are_settings(tmp_path: Path) -> None:
    policy = Policy(appeal_working_days=16)
    assert judged(tmp_path, [received(), answered("2025-10-29")], policy=policy) == []


def test_an_applicant_s_iin_is_checked_like_every_other(tmp_path: Path) -> None:
    bad = received()
    bad["applicant"] = {"kind": "individual", "name": "X", "iin_bin": "014126906046"}
    result = audit(tmp_path, [bad], "2025-12-01")
    assert result.counts["rejected"] == 1


def test_a_short_inspection_takes_no_time_from_the_term(tmp_path: Path) -> None:
    # Received Mon 3 Nov (due Mon 24 Nov); inspected 4–5 Nov: 10 working days after is 19 Nov,
    # but the answer is still due on the 24th.
    events = [received("2025-11-03"), step("inspection_ordered", "2025-11-04"),
              step("inspection_ended", "2025-11-05"), answered("2025-11-21")]
    assert judged(tmp_path, events) == []


def test_a_second_receipt_does_not_move_the_appeal(tmp_path: Path) -> None:
    # Sent again, earlier and from another office: the first received holds.
    later = received("2025-10-01") | {"region": "AST", "district": "AST-ESL"}
    result = audit(tmp_path, [received(), later], "2025-12-01")
    [record] = [r for r in rows(result) if r["rule"] == "APPEAL_TERM"]
    assert record["due"] == "2025-10-28"
