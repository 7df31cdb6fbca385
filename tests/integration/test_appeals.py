"""Citizens' appeals about bailiffs: registered and worked through the API (or sent by the
e-appeals system as events), judged live by the monitor as the audit judges them, their alerts
the office's own — never a chamber's. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from services.bootstrap import System, app_for
from shared.auth import create_token
from shared.storage import transaction
from tests.builders import registered
from tests.integration.live import in_process_system
from tests.unit.test_rule_appeal import received

TODAY = date(2025, 12, 1)
APPLICANT = {"kind": "individual", "name": "Сейітова Айгүл", "iin_bin": "014126906045"}


class Office:
    def __init__(self, system: System) -> None:
        self.system = system
        self.client = TestClient(app_for(system))
        with transaction(system.sessions) as session:
            self.tokens = {
                "med": create_token(session, role="prosecutor", name="med", region="ALA",
                                    district="ALA-MED"),
                "ala": create_token(session, role="prosecutor", name="ala", region="ALA"),
                "esl": create_token(session, role="prosecutor", name="esl", region="AST",
                                    district="AST-ESL"),
                "chamber": create_token(session, role="chamber", name="ch", region="ALA"),
                "system": create_token(session, role="bailiff-system", name="e-appeals"),
                "admin": create_token(session, role="admin", name="admin"),
            }

    def call(self, method: str, path: str, who: str, body: Any = None) -> Any:
        answer = self.client.request(method, path, json=body,
                                     headers={"Authorization": f"Bearer {self.tokens[who]}"})
        self.system.settle()
        return answer

    def alerts(self, who: str = "admin") -> list[dict[str, Any]]:
        answer = self.call("GET", "/api/v1/alerts?limit=500", who)
        return [a for a in answer.json()["items"] if a["rule"].startswith("APPEAL")]


@pytest.fixture
def office(database_url: str) -> Iterator[Office]:
    system = in_process_system(database_url, TODAY)
    try:
        yield Office(system)
    finally:
        system.stop()


def _register(office: Office, on: str, **more: Any) -> dict[str, Any]:
    answer = office.call("POST", "/api/v1/appeals", "med", {
        "received_on": on, "bailiff_id": "PB-1", "applicant": APPLICANT,
        "summary": "сот орындаушысы шағымға жауап бермейді", **more})
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_an_appeal_past_its_term_raises_the_office_s_alert(office: Office) -> None:
    office.system.receiver.batch([registered("PB-1")], "test")
    appeal = _register(office, "2025-11-03")
    # Received Mon 3 Nov: the 15th working day is Mon 24 Nov; today, 1 Dec, five days on.
    assert (appeal["region"], appeal["district"]) == ("ALA", "ALA-MED")
    assert appeal["due_on"] == "2025-11-24"
    assert appeal["overdue"] == {"days": 5, "unit": "working_days"}
    assert appeal["applicant"] == {"kind": "individual", "name": "Сейітова Айгүл",
                                   "iin_bin": "••••••••6045"}
    assert appeal["allowed_actions"] == ["extend", "order_inspection", "answer"]
    [alert] = office.alerts("med")
    assert (alert["rule"], alert["appeal_id"], alert["due"], alert["state"]) == (
        "APPEAL_TERM", appeal["appeal_id"], "2025-11-24", "open")
    assert (alert["region"], alert["district"]) == ("ALA", "ALA-MED")
    assert [a["id"] for a in office.alerts("ala")] == [alert["id"]]  # the supervisor too
    assert office.alerts("esl") == []
    # The office's own term: never among a bailiff's breaches a chamber reads.
    breaches = office.call("GET", "/api/v1/breaches", "chamber").json()["items"]
    assert [b for b in breaches if b["rule"].startswith("APPEAL")] == []
    assert office.call("GET", "/api/v1/appeals", "chamber").status_code == 403

    # An extension decided after the term ran out moves nothing; answered, the alert is late.
    late = office.call("POST", f"/api/v1/appeals/{appeal['appeal_id']}/extension", "med", {
        "on": "2025-11-25", "extended_until": "2025-12-19", "reason": "сұрау салынды"})
    assert late.status_code == 200 and late.json()["due_on"] == "2025-11-24"
    assert late.json()["allowed_actions"] == ["notify", "order_inspection", "answer"]
    answered = office.call("POST", f"/api/v1/appeals/{appeal['appeal_id']}/answer", "med", {
        "on": "2025-11-28", "result": "explained", "text": "түсіндірілді"})
    assert answered.status_code == 200, answered.text
    assert answered.json()["allowed_actions"] == []
    states = {(a["rule"], a["state"], a["done_on"]) for a in office.alerts("med")}
    assert ("APPEAL_TERM", "late", "2025-11-28") in states
    # Told of the extension? Never: its notice term (26, 27, 28 Nov) is breached too.
    assert ("APPEAL_EXTENSION_NOTICE_TERM", "open", None) in states
    again = office.call("POST", f"/api/v1/appeals/{appeal['appeal_id']}/answer", "med",
                        {"result": "rejected"})
    assert (again.status_code, again.json()["code"]) == (409, "appeal_cannot_answer")


def test_an_inspection_moves_the_answer_and_each_step_is_checked(office: Office) -> None:
    appeal = _register(office, "2025-11-20", appeal_id="E-2025/77")
    assert appeal["due_on"] == "2025-12-11"  # Thu 20 Nov + 15 working days
    path = "/api/v1/appeals/E-2025%2F77"
    assert office.call("GET", path, "med").json()["appeal_id"] == "E-2025/77"
    ahead = office.call("POST", f"{path}/inspection", "med", {"on": "2025-12-02"})
    assert (ahead.status_code, ahead.json()["code"]) == (422, "day_in_future")
    early = office.call("POST", f"{path}/inspection", "med", {"on": "2025-11-19"})
    assert (early.status_code, early.json()["code"]) == (422, "step_too_early")
    no_inspection = office.call("POST", f"{path}/inspection-end", "med", {})
    assert (no_inspection.status_code, no_inspection.json()["code"]) == (
        409, "appeal_cannot_end_inspection")
    ordered = office.call("POST", f"{path}/inspection", "med", {"on": "2025-11-21"})
    assert ordered.json()["due_on"] is None  # the term runs with the inspection
    ended = office.call("POST", f"{path}/inspection-end", "med", {"on": "2025-11-28"})
    # Ended Fri 28 Nov: the 10th working day after is Fri 12 Dec.
    assert ended.json()["due_on"] == "2025-12-12"
    assert office.alerts("med") == []
    backwards = office.call("POST", f"{path}/extension", "med", {
        "on": "2025-11-28", "extended_until": "2025-11-27", "reason": "r"})
    assert (backwards.status_code, backwards.json()["code"]) == (422, "extension_not_later")
    assert office.call("GET", path, "esl").status_code == 404
    elsewhere = office.call("POST", "/api/v1/appeals", "med", {
        "district": "ALA-BOS", "bailiff_id": "PB-1", "applicant": APPLICANT})
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (403, "outside_jurisdiction")
    twice = office.call("POST", "/api/v1/appeals", "med", {
        "appeal_id": "E-2025/77", "bailiff_id": "PB-1", "applicant": APPLICANT})
    assert (twice.status_code, twice.json()["code"]) == (409, "appeal_exists")


def test_the_e_appeals_system_s_events_reach_the_register(office: Office) -> None:
    sent = office.call("POST", "/api/v1/events", "system", [
        received("2025-11-03", "EA-1") | {"source": "e-otinish"}])
    assert sent.status_code == 200 and sent.json()["accepted"] == 1, sent.text
    [appeal] = office.call("GET", "/api/v1/appeals", "ala").json()["items"]
    assert (appeal["appeal_id"], appeal["source"], appeal["due_on"]) == (
        "EA-1", "e-otinish", "2025-11-24")
    assert appeal["applicant"]["iin_bin"] == "••••••••6045"
    assert [a["appeal_id"] for a in office.alerts("ala")] == ["EA-1"]


def test_a_regional_office_s_appeal_has_no_district_and_still_reads(office: Office) -> None:
    """Registered by the regional office: no district; its alert answers every reader, the
    queue's typed answer allowing what the data allows (null, not a 500)."""
    answer = office.call("POST", "/api/v1/appeals", "ala", {
        "received_on": "2025-11-03", "bailiff_id": "PB-1", "applicant": APPLICANT})
    assert answer.status_code == 201, answer.text
    assert answer.json()["district"] is None
    for who in ("ala", "admin"):
        [alert] = office.alerts(who)
        assert (alert["region"], alert["district"]) == ("ALA", None)
    assert office.alerts("med") == []  # a district's prosecutor: not theirs
    with transaction(office.system.sessions) as session:
        office.tokens["sup"] = create_token(session, role="supervisor", name="sup",
                                            region="ALA")
        office.tokens["gpo"] = create_token(session, role="supervisor", name="gpo")
    for supervisor in ("sup", "gpo"):  # the office's supervisors see its late term
        assert [a["rule"] for a in office.alerts(supervisor)] == ["APPEAL_TERM"]
    assert office.call("POST", "/api/v1/appeals", "sup", {
        "bailiff_id": "PB-1", "applicant": APPLICANT}).status_code == 403  # oversight only


def test_an_act_or_a_decree_with_what_their_senders_left_out_still_reads(
        office: Office) -> None:
    """An act sent with no `source`, a decree come before its proceeding's document: null in
    their answers (the contract allows it), never a 500."""
    from tests.builders import act, event

    results = office.system.receiver.batch([
        registered("PB-1"), act("2025-11-03", "GP-X", "protest", bailiff_id="PB-1"),
        event("decree.issued", "2025-11-28", "EP-NOWHERE", decree_id="D-X",
              decree_kind="arrest_bank_funds")], "test")
    assert all(r.status == "accepted" for r in results), results
    office.system.settle()
    acts = office.call("GET", "/api/v1/acts", "admin")
    assert acts.status_code == 200, acts.text
    assert [a["source"] for a in acts.json()["items"] if a["act_id"] == "GP-X"] == [None]
    decrees = office.call("GET", "/api/v1/sanctions?status=pending", "admin")
    assert decrees.status_code == 200, decrees.text
    [waiting] = [d for d in decrees.json()["items"] if d["decree_id"] == "D-X"]
    assert (waiting["region"], waiting["bailiff_id"]) == (None, None)


def test_a_regional_system_sends_its_own_appeals_steps_only(office: Office) -> None:
    """A step names only its appeal: it is the appeal's region's, known from the receipt
    ingest took; another region's system, or a step of an appeal not received, is refused."""
    from tests.unit.test_rule_appeal import step

    with transaction(office.system.sessions) as session:
        office.tokens["ala-sys"] = create_token(session, role="bailiff-system", name="e-ala",
                                                region="ALA")
        office.tokens["ast-sys"] = create_token(session, role="bailiff-system", name="e-ast",
                                                region="AST")
    # A receipt and its extension in one batch: the step finds the receipt of its batch.
    sent = office.call("POST", "/api/v1/events", "ala-sys", [
        received("2025-11-03", "EA-9"), step("extended", "2025-11-20", "EA-9",
                                             extended_until="2025-12-19", reason="r")])
    assert sent.json()["accepted"] == 2, sent.text
    forged = office.call("POST", "/api/v1/events", "ast-sys", [
        step("answered", "2025-11-04", "EA-9", result="rejected"),
        step("answered", "2025-11-04", "EA-404", result="rejected"),
        received("2025-10-01", "EA-9") | {"region": "AST", "district": "AST-ESL"}])
    reasons = [r.get("reason", "") for r in forged.json()["results"]]
    assert "outside your jurisdiction: region 'ALA'" in reasons[0]
    assert "appeal 'EA-404' is not known here" in reasons[1]
    # Its own region's receipt under the same number is taken, and moves nothing.
    assert forged.json()["results"][2]["status"] == "accepted"
    [appeal] = office.call("GET", "/api/v1/appeals", "admin").json()["items"]
    assert (appeal["region"], appeal["answered_on"], appeal["extended_until"]) == (
        "ALA", None, "2025-12-19")
    # Its extension was never told to the applicant (due 25 Nov): in ALA, where it belongs.
    assert [(a["rule"], a["region"]) for a in office.alerts("admin")] == [
        ("APPEAL_EXTENSION_NOTICE_TERM", "ALA")]


def test_the_register_takes_an_event_again_without_change(office: Office) -> None:
    """The bus delivers at least once: an extension delivered again, after a later one, leaves
    the register as it was, and its answer's last day the rule's."""
    from services.alerts.appeals.models import Appeal
    from services.alerts.appeals.service import apply_event
    from shared.events import parse_event
    from tests.unit.test_rule_appeal import step

    first = step("extended", "2025-10-20", extended_until="2025-11-10", reason="one")
    second = step("extended", "2025-11-05", extended_until="2025-12-01", reason="two")
    events = [parse_event(orjson.dumps(e)) for e in (received(), first, second, first)]
    with transaction(office.system.sessions) as session:
        for event in events:
            apply_event(session, event)  # type: ignore[arg-type]
    with office.system.sessions() as session:
        appeal = session.get(Appeal, "AP-1")
        assert appeal is not None
        assert [(e["on"], e["until"]) for e in appeal.extensions] == [
            ("2025-10-20", "2025-11-10"), ("2025-11-05", "2025-12-01")]
    card = office.call("GET", "/api/v1/appeals/AP-1", "med").json()
    assert (card["extended_until"], card["due_on"]) == ("2025-12-01", "2025-12-01")


def test_the_supervisors_compare_their_districts(office: Office) -> None:
    """Oversight: each district's figures in the period, within the caller's reach — a
    district prosecutor their own row, the region's supervisor every district of it."""
    from tests.builders import act, event

    office.system.receiver.batch([
        registered("PB-1"), registered("PB-2", district="ALA-BOS"),
        act("2025-11-03", "GP-1", "protest", bailiff_id="PB-1", source="gp"),
        event("act.answered", "2025-11-10", None, act_id="GP-1", source="gp",
              result="partly", recovered_kzt=300000),
        act("2025-11-04", "GP-2", "representation", bailiff_id="PB-2", source="gp")], "test")
    office.system.settle()
    _register(office, "2025-10-01")  # Medeu's: unanswered past its term (22 Oct)
    late = _register(office, "2025-10-02")
    office.call("POST", f"/api/v1/appeals/{late['appeal_id']}/answer", "med",
                {"on": "2025-11-28", "result": "explained"})
    with transaction(office.system.sessions) as session:
        office.tokens["sup"] = create_token(session, role="supervisor", name="sup",
                                            region="ALA")
    period = "/api/v1/oversight?from=2025-10-01&to=2025-12-31"
    rows = office.call("GET", period, "sup").json()
    by_district = {r["district"]: r for r in rows["items"]}
    assert set(by_district) == {"ALA-MED", "ALA-BOS"}
    med = by_district["ALA-MED"]
    assert med["appeals"] == {"received": 2, "answered_in_time": 0, "answered_late": 1,
                              "unanswered": 1, "past_term": 1}
    assert (med["acts"]["total"], med["acts"]["partly"], med["acts"]["recovered_kzt"]) == (
        1, 1, 300000.0)
    assert med["breaches"]["APPEAL_TERM"] == {"found": 2, "open": 1}
    assert by_district["ALA-BOS"]["acts"]["by_kind"] == {"representation": 1}
    own = office.call("GET", period, "med").json()["items"]
    assert [r["district"] for r in own] == ["ALA-MED"]
    assert office.call("GET", period, "esl").json()["items"] == []
    assert office.call("GET", period, "chamber").status_code == 403
    paged = office.call("GET", period + "&limit=1", "sup").json()
    assert len(paged["items"]) == 1 and paged["next_cursor"]
