"""SANCTION_DECISION_TERM: the prosecutor's own term for deciding a sanction request."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from shared.events import validate_event
from shared.legal.calendar import working_calendar
from shared.legal.history import fact_of, fold_proceeding
from shared.legal.rules import Context, sanction_decision_due, sanction_decision_term
from shared.settings import Policy, SanctionAuthority
from tests.builders import accepted, audit, event, rows

E = event
RULE = "SANCTION_DECISION_TERM"
AS_OF = "2025-12-01"


def issued(on: str = "2025-10-21", kind: str = "arrest_bank_funds",
           accepted_on: str = "2025-10-01") -> list[dict[str, Any]]:
    """A proceeding and one decree, D1 (received Tue 21 Oct 2025: due Wed 22 Oct)."""
    return [accepted(accepted_on),
            E("proceeding.initiated", accepted_on, sent_to_debtor_on=accepted_on),
            E("decree.issued", on, decree_id="D1", decree_kind=kind)]


def decided(on: str, decision: str = "granted") -> dict[str, Any]:
    extra = {"reason": "no grounds"} if decision == "refused" else {}
    return E("sanction.decided", on, decree_id="D1", decision=decision, prosecutor_id="PR-1",
             **extra)


def moved(on: str, to: str = "PB-7") -> dict[str, Any]:
    return E("proceeding.transferred", on, to_bailiff_id=to)


Record = tuple[str, str | None, str, str, str | None]  # decree, bailiff, due, state, done_on

CASES: list[tuple[str, list[dict[str, Any]], str, list[Record]]] = [
    ("decided on the due day: no breach", issued() + [decided("2025-10-22")], AS_OF, []),
    ("decided on the day received: no breach", issued() + [decided("2025-10-21")], AS_OF, []),
    ("decided late: late, with the decision's date",
     issued() + [decided("2025-10-24")], AS_OF,
     [("D1", "PB-1", "2025-10-22", "late", "2025-10-24")]),
    ("never decided: open", issued(), AS_OF, [("D1", "PB-1", "2025-10-22", "open", None)]),
    ("a refusal on the due day is a decision in time",
     issued() + [decided("2025-10-22", "refused")], AS_OF, []),
    ("a late refusal is a late decision",
     issued() + [decided("2025-10-23", "refused")], AS_OF,
     [("D1", "PB-1", "2025-10-22", "late", "2025-10-23")]),
    ("the first decision counts: a refusal in time, then a grant",
     issued() + [decided("2025-10-22", "refused"), decided("2025-10-30")], AS_OF, []),
    ("the first decision counts: a late grant, then a refusal",
     issued() + [decided("2025-10-24"), decided("2025-10-28", "refused")], AS_OF,
     [("D1", "PB-1", "2025-10-22", "late", "2025-10-24")]),
    ("real estate is the prosecutor's", issued(kind="arrest_real_estate"), AS_OF,
     [("D1", "PB-1", "2025-10-22", "open", None)]),
    ("title documents are the prosecutor's", issued(kind="withdraw_title_documents"), AS_OF,
     [("D1", "PB-1", "2025-10-22", "open", None)]),
    ("an exit restriction is the court's: no term", issued(kind="restrict_exit"), AS_OF, []),
    ("compulsory bringing is the court's: no term", issued(kind="compulsory_bringing"), AS_OF,
     []),
    ("a kind the catalogue does not know: no term", issued(kind="other"), AS_OF, []),
    ("on the due day itself the term still runs", issued(), "2025-10-22", []),
    ("the day after the due day", issued(), "2025-10-23",
     [("D1", "PB-1", "2025-10-22", "open", None)]),
    ("a decision after the as-of date is not known yet",
     issued() + [decided("2025-12-02")], AS_OF, [("D1", "PB-1", "2025-10-22", "open", None)]),
    ("a decree received after the as-of date: nothing",
     issued("2025-12-02"), AS_OF, []),
    ("received before the Nauryz days off: due the next working day after them",
     issued("2026-03-20", accepted_on="2026-03-02"), "2026-04-01",
     [("D1", "PB-1", "2026-03-26", "open", None)]),
    ("received before Nauryz, decided on the first working day after",
     issued("2026-03-20", accepted_on="2026-03-02") + [decided("2026-03-26")], "2026-04-01", []),
    ("received on the Friday before Republic Day (Sat 25 Oct, off Mon 27 Oct)",
     issued("2025-10-24"), AS_OF, [("D1", "PB-1", "2025-10-28", "open", None)]),
    ("the holder on the day received, after an earlier transfer",
     issued() + [moved("2025-10-15")], AS_OF, [("D1", "PB-7", "2025-10-22", "open", None)]),
    ("a transfer on the day received hands it over that day",
     issued() + [moved("2025-10-21")], AS_OF, [("D1", "PB-7", "2025-10-22", "open", None)]),
    ("a transfer after the day received does not change the bailiff",
     issued() + [moved("2025-10-22")], AS_OF, [("D1", "PB-1", "2025-10-22", "open", None)]),
    ("a decision reported before its decree still decides it",
     [decided("2025-10-20")] + issued(), AS_OF, []),
    ("a decision without its decree: no term is known",
     issued()[:2] + [decided("2025-10-21")], AS_OF, []),
]


@pytest.mark.parametrize(("case", "events", "as_of", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_sanction_decision_term(tmp_path: Path, case: str, events: list[dict[str, Any]],
                                as_of: str, expected: list[Record]) -> None:
    got = [(r["decree_id"], r["bailiff_id"], r["due"], r["state"], r["done_on"])
           for r in rows(audit(tmp_path, events, as_of), RULE)]
    assert got == expected


def test_the_record_has_the_fields_of_the_audit(tmp_path: Path) -> None:
    [record] = rows(audit(tmp_path, issued(), AS_OF), RULE)
    assert record == {"rule": RULE, "proceeding_id": "EP-1", "property_id": None, "act_id": None,
                      "decree_id": "D1", "bailiff_id": "PB-1", "year": None,
                      "due": "2025-10-22", "state": "open", "done_on": None,
                      "appeal_id": None}


def test_the_number_of_working_days_is_a_setting(tmp_path: Path) -> None:
    policy = Policy(sanction_decision_working_days=3)
    assert [r["due"] for r in rows(audit(tmp_path, issued(), AS_OF, policy), RULE)] == [
        "2025-10-24"]
    late = issued() + [decided("2025-10-24")]
    assert rows(audit(tmp_path, late, AS_OF, policy), RULE) == []


def test_the_catalogue_decides_whose_term_it_is(tmp_path: Path) -> None:
    policy = Policy(sanction_catalogue={"other": SanctionAuthority.PROSECUTOR})
    assert len(rows(audit(tmp_path, issued(kind="other"), AS_OF, policy), RULE)) == 1
    assert rows(audit(tmp_path, issued(), AS_OF, policy), RULE) == []


def test_no_term_for_an_orphan(tmp_path: Path) -> None:
    events = [E("decree.issued", "2025-10-21", decree_id="D1", decree_kind="arrest_bank_funds")]
    assert rows(audit(tmp_path, events, AS_OF), RULE) == []


def test_the_queue_counts_down_to_the_rules_own_last_day() -> None:
    """The sanctions queue asks sanction_decision_due; the rule asks it too."""
    ctx = Context(working_calendar(), Policy())
    facts = [fact_of(validate_event(e), seq) for seq, e in enumerate(issued("2026-03-20"))]
    proceeding = fold_proceeding("EP-1", facts, date(2026, 4, 1))
    [breach] = sanction_decision_term(proceeding, date(2026, 4, 1), ctx)
    assert breach.due == sanction_decision_due(date(2026, 3, 20), ctx) == date(2026, 3, 26)
