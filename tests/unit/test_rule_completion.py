"""COMPLETION_TERM: 2 months from initiation, 4 for hard cases, periodic exempt, suspensions."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.legal.policy import SuspensionPolicy
from shared.settings import Policy
from tests.builders import accepted, audit, event, rows

E = event


def started(on: str = "2025-01-31", **kw: object) -> list[dict]:
    return [accepted("2025-01-30", **kw),  # type: ignore[arg-type]
            E("proceeding.initiated", on, sent_to_debtor_on=on)]


CASES = [
    ("two months to the same day number", started(), "2025-04-01",
     [("2025-03-31", "open", None, "PB-1")]),
    ("no breach on the last day", started(), "2025-03-31", []),
    ("completed on the last day", started() + [E("proceeding.completed", "2025-03-31")],
     "2025-06-01", []),
    ("completed late", started() + [E("proceeding.completed", "2025-04-02")], "2025-06-01",
     [("2025-03-31", "late", "2025-04-02", "PB-1")]),
    ("returned to the claimant satisfies", started() + [E("proceeding.returned", "2025-03-01")],
     "2025-06-01", []),
    ("terminated satisfies", started() + [E("proceeding.terminated", "2025-03-01")],
     "2025-06-01", []),
    ("end of month clamp to 29 February in a leap year",
     [accepted("2023-12-28"), E("proceeding.initiated", "2023-12-31")], "2024-03-15",
     [("2024-02-29", "open", None, "PB-1")]),
    ("end of month clamp to 28 February",
     [accepted("2024-12-28"), E("proceeding.initiated", "2024-12-31")], "2025-03-15",
     [("2025-02-28", "open", None, "PB-1")]),
    ("ends on a holiday and its observed day: shifted to the next working day",
     [accepted("2025-06-27"), E("proceeding.initiated", "2025-06-30")], "2025-09-10",
     [("2025-09-02", "open", None, "PB-1")]),
    ("periodic recoveries (alimony) are exempt",
     started(category="alimony", periodic=True), "2026-01-01", []),
    ("never initiated: no completion term", [accepted("2025-01-30")], "2026-01-01", []),
    ("demolition has four months (31 May is a Saturday)",
     started(category="demolition"), "2025-06-03", [("2025-06-02", "open", None, "PB-1")]),
    ("an appraiser on the last day of two months makes it a four-month case",
     started() + [E("appraiser.appointed", "2025-03-31", property_id="P1", method="bailiff")],
     "2025-06-03", [("2025-06-02", "open", None, "PB-1")]),
    ("an appraiser the day after the two months does not",
     started() + [E("appraiser.appointed", "2025-04-01", property_id="P1", method="bailiff")],
     "2025-06-03", [("2025-03-31", "open", None, "PB-1")]),
    ("a search for the debtor makes it a four-month case",
     started() + [E("search.declared", "2025-02-15")], "2025-06-03",
     [("2025-06-02", "open", None, "PB-1")]),
    ("an examination makes it a four-month case",
     started() + [E("examination.ordered", "2025-02-15")], "2025-05-01", []),
    ("a sale makes it a four-month case",
     started() + [E("sale.scheduled", "2025-03-20")], "2025-05-01", []),
    ("a closed suspension within the term extends it by its length",
     started() + [E("proceeding.suspended", "2025-02-10"), E("proceeding.resumed", "2025-02-20")],
     "2025-05-01", [("2025-04-10", "open", None, "PB-1")]),
    ("a suspension after the last day does not extend it",
     started() + [E("proceeding.suspended", "2025-04-01"), E("proceeding.resumed", "2025-04-20")],
     "2025-05-01", [("2025-03-31", "open", None, "PB-1")]),
    ("a suspension beginning on the last day extends it",
     started() + [E("proceeding.suspended", "2025-03-31"), E("proceeding.resumed", "2025-04-03")],
     "2025-05-01", [("2025-04-03", "open", None, "PB-1")]),
    ("still suspended (within the term): no breach",
     started() + [E("proceeding.suspended", "2025-02-10")], "2025-12-01", []),
    ("resumed only after the as-of date: still suspended on it",
     started() + [E("proceeding.suspended", "2025-02-10"), E("proceeding.resumed", "2025-12-10")],
     "2025-12-01", []),
    ("still suspended, but the suspension began after the breach",
     started() + [E("proceeding.suspended", "2025-04-02")], "2025-12-01",
     [("2025-03-31", "open", None, "PB-1")]),
    ("two suspensions, the second within the extended term; Sunday shifts to Monday",
     started() + [E("proceeding.suspended", "2025-02-10"), E("proceeding.resumed", "2025-02-20"),
                  E("proceeding.suspended", "2025-04-05"), E("proceeding.resumed", "2025-04-15")],
     "2025-05-01", [("2025-04-21", "open", None, "PB-1")]),
    ("two suspensions, the second after the extended term",
     started() + [E("proceeding.suspended", "2025-02-10"), E("proceeding.resumed", "2025-02-20"),
                  E("proceeding.suspended", "2025-04-12"), E("proceeding.resumed", "2025-04-15")],
     "2025-05-01", [("2025-04-10", "open", None, "PB-1")]),
    ("suspended and resumed on one day, the resumption received first: no extension, not open",
     started() + [E("proceeding.resumed", "2025-02-10"), E("proceeding.suspended", "2025-02-10")],
     "2025-04-01", [("2025-03-31", "open", None, "PB-1")]),
    ("a resumption without a suspension changes nothing",
     started() + [E("proceeding.resumed", "2025-02-20")], "2025-04-01",
     [("2025-03-31", "open", None, "PB-1")]),
    ("a transfer does not restart the term; the new holder answers",
     started() + [E("proceeding.transferred", "2025-03-01", to_bailiff_id="PB-9")],
     "2025-04-01", [("2025-03-31", "open", None, "PB-9")]),
    ("completed after the as-of date: still open",
     started() + [E("proceeding.completed", "2025-05-02")], "2025-05-01",
     [("2025-03-31", "open", None, "PB-1")]),
]


@pytest.mark.parametrize(("case", "events", "as_of", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_completion_term(tmp_path: Path, case: str, events: list, as_of: str,
                         expected: list) -> None:
    got = [(r["due"], r["state"], r["done_on"], r["bailiff_id"])
           for r in rows(audit(tmp_path, events, as_of), "COMPLETION_TERM")]
    assert got == expected


def test_suspension_policy_ignore_is_a_setting(tmp_path: Path) -> None:
    events = started() + [E("proceeding.suspended", "2025-02-10"),
                          E("proceeding.resumed", "2025-02-20")]
    strict = Policy(suspension_policy=SuspensionPolicy.IGNORE)
    got = [r["due"] for r in rows(audit(tmp_path, events, "2025-05-01", strict),
                                  "COMPLETION_TERM")]
    assert got == ["2025-03-31"]


def test_term_lengths_are_settings(tmp_path: Path) -> None:
    longer = Policy(completion_term_months=3)
    got = [r["due"] for r in rows(audit(tmp_path, started(), "2025-06-01", longer),
                                  "COMPLETION_TERM")]
    assert got == ["2025-04-30"]
