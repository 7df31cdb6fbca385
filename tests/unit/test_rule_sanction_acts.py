"""UNSANCTIONED_EXECUTION, ACT_RESPONSE_TERM and LICENCE_THRESHOLD."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from shared.legal.policy import LicenceWindow, SanctionAuthority
from shared.settings import Policy
from tests.builders import accepted, act, audit, event, registered, rows

E = event


def decree(kind: str = "arrest_bank_funds", on: str = "2025-10-21") -> list[dict]:
    return [accepted("2025-10-01"),
            E("proceeding.initiated", "2025-10-02", sent_to_debtor_on="2025-10-02"),
            E("decree.issued", on, decree_id="D1", decree_kind=kind)]


def executed(on: str) -> dict:
    return E("decree.executed", on, decree_id="D1")


def decided(on: str, decision: str = "granted") -> dict:
    extra = {"reason": "no grounds"} if decision == "refused" else {}
    return E("sanction.decided", on, decree_id="D1", decision=decision, prosecutor_id="PR-1",
             **extra)


SANCTION_CASES = [
    ("executed with no grant", decree() + [executed("2025-10-21")],
     [("D1", "2025-10-21", "open")]),
    ("a grant on the day of execution is in time",
     decree() + [decided("2025-10-21"), executed("2025-10-21")], []),
    ("a grant the day after execution is too late",
     decree() + [executed("2025-10-21"), decided("2025-10-22")], [("D1", "2025-10-21", "open")]),
    ("refused, then executed",
     decree() + [decided("2025-10-21", "refused"), executed("2025-10-22")],
     [("D1", "2025-10-22", "open")]),
    ("real estate needs the prosecutor too",
     decree("arrest_real_estate") + [executed("2025-10-22")],
     [("D1", "2025-10-22", "open")]),
    ("title documents need the prosecutor too",
     decree("withdraw_title_documents") + [executed("2025-10-22")], [("D1", "2025-10-22", "open")]),
    ("an exit restriction is the court's, not the prosecutor's",
     decree("restrict_exit") + [executed("2025-10-22")], []),
    ("compulsory bringing is the court's", decree("compulsory_bringing") + [executed("2025-10-22")],
     []),
    ("other kinds are not in the catalogue", decree("other") + [executed("2025-10-22")], []),
    ("issued but not executed", decree(), []),
    ("a grant after the as-of date is not known", decree() + [executed("2025-11-01"),
                                                              decided("2025-12-02")],
     [("D1", "2025-11-01", "open")]),
    ("an execution after the as-of date has not happened", decree() + [executed("2025-12-02")], []),
]


@pytest.mark.parametrize(("case", "events", "expected"), SANCTION_CASES,
                         ids=[c[0] for c in SANCTION_CASES])
def test_unsanctioned_execution(tmp_path: Path, case: str, events: list, expected: list) -> None:
    got = [(r["decree_id"], r["due"], r["state"])
           for r in rows(audit(tmp_path, events, "2025-12-01"), "UNSANCTIONED_EXECUTION")]
    assert got == expected


def test_sanction_catalogue_is_a_setting(tmp_path: Path) -> None:
    policy = Policy(sanction_catalogue={"other": SanctionAuthority.PROSECUTOR})
    events = decree("other") + [executed("2025-10-22")]
    assert len(rows(audit(tmp_path, events, "2025-12-01", policy), "UNSANCTIONED_EXECUTION")) == 1
    events = decree("arrest_bank_funds") + [executed("2025-10-22")]
    assert rows(audit(tmp_path, events, "2025-12-01", policy), "UNSANCTIONED_EXECUTION") == []


def test_unsanctioned_names_the_holder_on_the_execution_day(tmp_path: Path) -> None:
    events = decree() + [E("proceeding.transferred", "2025-10-21", to_bailiff_id="PB-7"),
                         executed("2025-10-21")]
    assert [r["bailiff_id"] for r in rows(audit(tmp_path, events, "2025-12-01"),
                                          "UNSANCTIONED_EXECUTION")] == ["PB-7"]


RESPONSE_CASES = [
    ("a protest: 10 calendar days", [act("2025-03-03", "A1", "protest")], "2025-03-14",
     [("A1", "2025-03-13", "open", None)]),
    ("no breach on the last day", [act("2025-03-03", "A1", "protest")], "2025-03-13", []),
    ("answered on the last day",
     [act("2025-03-03", "A1", "protest"), E("act.answered", "2025-03-13", act_id="A1")],
     "2025-06-01", []),
    ("answered late",
     [act("2025-03-03", "A1", "protest"), E("act.answered", "2025-03-14", act_id="A1")],
     "2025-06-01", [("A1", "2025-03-13", "late", "2025-03-14")]),
    ("a representation: 30 days, ending on 8 March shifts past its observed day",
     [act("2025-02-06", "A2", "representation")], "2025-04-01",
     [("A2", "2025-03-11", "open", None)]),
    ("a term set by the prosecutor is taken as it is, even on a Saturday",
     [act("2025-03-03", "A3", "protest", response_due_on="2025-03-08")], "2025-04-01",
     [("A3", "2025-03-08", "open", None)]),
    ("an instruction has no term unless one is set", [act("2025-03-03", "A4")], "2026-01-01", []),
    ("an instruction with a set term",
     [act("2025-03-03", "A5", response_due_on="2025-03-20")], "2026-01-01",
     [("A5", "2025-03-20", "open", None)]),
    ("an answer after the as-of date is not known",
     [act("2025-03-03", "A1", "protest"), E("act.answered", "2025-04-02", act_id="A1")],
     "2025-04-01", [("A1", "2025-03-13", "open", None)]),
]


@pytest.mark.parametrize(("case", "events", "as_of", "expected"), RESPONSE_CASES,
                         ids=[c[0] for c in RESPONSE_CASES])
def test_act_response_term(tmp_path: Path, case: str, events: list, as_of: str,
                           expected: list) -> None:
    got = [(r["act_id"], r["due"], r["state"], r["done_on"])
           for r in rows(audit(tmp_path, events, as_of), "ACT_RESPONSE_TERM")]
    assert got == expected


def test_act_response_breach_carries_the_act_bailiff_and_proceeding(tmp_path: Path) -> None:
    events = [act("2025-03-03", "A1", "protest", bailiff_id="SB-4", proceeding_id="EP-9")]
    [row] = rows(audit(tmp_path, events, "2025-04-01"), "ACT_RESPONSE_TERM")
    assert (row["bailiff_id"], row["proceeding_id"]) == ("SB-4", "EP-9")


FOUR_ACTS = [act("2025-03-03", "A0"), act("2025-05-05", "A1"), act("2025-08-04", "A2"),
             act("2025-11-03", "A3", "representation")]

LICENCE_CASES = [
    ("a fourth act in a year crosses 'more than three'",
     [registered("PB-1")] + FOUR_ACTS, "2025-12-01", [("PB-1", 2025, "2025-11-03")]),
    ("three acts do not", [registered("PB-1")] + FOUR_ACTS[:3], "2025-12-01", []),
    ("the crossing act after the as-of date is not yet known",
     [registered("PB-1")] + FOUR_ACTS, "2025-11-02", []),
    ("state bailiffs are not counted", [registered("PB-1", "state")] + FOUR_ACTS, "2025-12-01",
     []),
    ("unregistered bailiffs are not counted", FOUR_ACTS, "2025-12-01", []),
    ("an act counts once per act_id",
     [registered("PB-1")] + FOUR_ACTS[:3] + [act("2025-09-01", "A2")], "2025-12-01", []),
    ("the calendar year window: two in 2024 and two in 2025 do not cross",
     [registered("PB-1"), act("2024-10-01", "B0"), act("2024-12-01", "B1"),
      act("2025-01-15", "B2"), act("2025-02-15", "B3")], "2025-12-01", []),
    ("crossings in two years give two records",
     [registered("PB-1")] + FOUR_ACTS
     + [act(f"2024-0{m}-01", f"C{m}") for m in range(1, 6)], "2025-12-01",
     [("PB-1", 2024, "2024-04-01"), ("PB-1", 2025, "2025-11-03")]),
    ("acts that are not acts of supervision against the bailiff are kept, not counted",
     [registered("PB-1")] + FOUR_ACTS[:3]
     + [act("2025-09-01", "D1", "disciplinary_demand"), act("2025-09-02", "T1", "transfer_request"),
        act("2025-09-03", "W1", "warning"), act("2025-09-04", "P1", "petition")],
     "2025-12-01", []),
    ("a prosecutor's decree counts",
     [registered("PB-1")] + FOUR_ACTS[:3] + [act("2025-09-01", "D2", "prosecutor_decree")],
     "2025-12-01", [("PB-1", 2025, "2025-09-01")]),
    ("acts against another bailiff count for that bailiff",
     [registered("PB-1"), registered("PB-2")] + FOUR_ACTS[:2]
     + [act("2025-06-01", "X1", bailiff_id="PB-2"), act("2025-07-01", "X2", bailiff_id="PB-2")],
     "2025-12-01", []),
]


@pytest.mark.parametrize(("case", "events", "as_of", "expected"), LICENCE_CASES,
                         ids=[c[0] for c in LICENCE_CASES])
def test_licence_threshold(tmp_path: Path, case: str, events: list, as_of: str,
                           expected: list) -> None:
    result = rows(audit(tmp_path, events, as_of), "LICENCE_THRESHOLD")
    got = [(r["bailiff_id"], r["year"], r["due"]) for r in result]
    assert sorted(got) == expected
    assert all(r["state"] == "open" and r["proceeding_id"] is None for r in result)


def test_rolling_window_is_a_setting(tmp_path: Path) -> None:
    events = [registered("PB-1"), act("2024-10-01", "B0"), act("2024-12-01", "B1"),
              act("2025-01-15", "B2"), act("2025-02-15", "B3")]
    rolling = Policy(licence_window=LicenceWindow.ROLLING_365)
    got = [(r["year"], r["due"]) for r in rows(audit(tmp_path, events, "2025-12-01", rolling),
                                               "LICENCE_THRESHOLD")]
    assert got == [(2025, "2025-02-15")]


def test_threshold_and_private_only_are_settings(tmp_path: Path) -> None:
    five_or_more = Policy(licence_threshold=4)
    assert rows(audit(tmp_path, [registered("PB-1")] + FOUR_ACTS, "2025-12-01", five_or_more),
                "LICENCE_THRESHOLD") == []
    everyone = Policy(licence_private_only=False)
    got = rows(audit(tmp_path, [registered("PB-1", "state")] + FOUR_ACTS, "2025-12-01", everyone),
               "LICENCE_THRESHOLD")
    assert [r["due"] for r in got] == ["2025-11-03"]


def test_the_counted_act_kinds_are_a_setting(tmp_path: Path) -> None:
    every_kind = Policy(licence_act_kinds=("protest", "representation", "prosecutor_decree",
                                           "instruction", "disciplinary_demand"))
    events = [registered("PB-1")] + FOUR_ACTS[:3] + [act("2025-09-01", "D1",
                                                         "disciplinary_demand")]
    assert rows(audit(tmp_path, events, "2025-12-01"), "LICENCE_THRESHOLD") == []
    assert [r["due"] for r in rows(audit(tmp_path, events, "2025-12-01", every_kind),
                                   "LICENCE_THRESHOLD")] == ["2025-09-01"]


def test_latest_registration_decides_the_kind(tmp_path: Path) -> None:
    events = [registered("PB-1", "state", "2019-01-01"),
              registered("PB-1", "private", "2024-06-01")]
    assert len(rows(audit(tmp_path, events + FOUR_ACTS, "2025-12-01"), "LICENCE_THRESHOLD")) == 1


def test_a_protest_may_not_be_given_less_than_three_working_days(tmp_path: Path) -> None:
    """Constitutional Law "On the Prosecutor's Office" Art. 33(3): another term may be set,
    but not less than three working days. Registered Thu 19 Mar 2026, before Nauryz: the third
    working day after is Fri 27 Mar (docs/rules.md#working-day-terms)."""
    from shared.legal.calendar import working_calendar
    from shared.legal.rules import protest_term_refusal

    calendar = working_calendar()
    registered_on = date(2026, 3, 19)
    assert protest_term_refusal("protest", registered_on, date(2026, 3, 27), calendar) is None
    reason = protest_term_refusal("protest", registered_on, date(2026, 3, 26), calendar)
    assert reason is not None and "2026-03-27" in reason and "response_due_on" in reason
    # Other acts' own terms are taken as set; a protest without one has the law's ten days.
    assert protest_term_refusal("representation", registered_on, date(2026, 3, 23),
                                calendar) is None
    assert protest_term_refusal("protest", registered_on, None, calendar) is None


def test_the_audit_reports_a_protest_with_too_short_a_term_as_invalid(
        tmp_path: Path) -> None:
    too_short = act("2026-03-19", "A1", "protest", response_due_on="2026-03-26")
    result = audit(tmp_path, [registered("PB-1"), too_short], "2026-12-01")
    assert result.counts["rejected"] == 1
    assert rows(result, "ACT_RESPONSE_TERM") == []  # invalid: reported, never judged
