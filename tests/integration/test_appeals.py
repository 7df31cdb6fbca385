"""Citizens' appeals about bailiffs: registered and worked through the API (or sent by the
e-appeals system as events), judged live by the monitor as the audit judges them, their alerts
the office's own — never a chamber's. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

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
