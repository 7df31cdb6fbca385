"""The ledger of supervisory acts: acts issued from alerts resolve them, their answers' terms
and the licence threshold are judged by the monitor, acts from other systems join the ledger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from services.bootstrap import System, app_for
from shared.auth import create_token
from shared.storage import transaction
from tests.builders import accepted, act, event, registered
from tests.integration.live import in_process_system

TODAY = date(2025, 12, 1)


class Office:
    def __init__(self, system: System) -> None:
        self.system = system
        self.client = TestClient(app_for(system))
        with transaction(system.sessions) as session:
            self.tokens = {
                "med": create_token(session, role="prosecutor", name="med", region="ALA",
                                    district="ALA-MED"),
                "bost": create_token(session, role="prosecutor", name="bost", region="ALA",
                                     district="ALA-BOS"),
                "admin": create_token(session, role="admin", name="admin"),
            }

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def feed(self, events: list[dict[str, Any]]) -> None:
        assert all(r.status == "accepted" for r in self.system.receiver.batch(events, "test"))
        self.system.settle()

    def alerts(self, query: str = "") -> list[dict[str, Any]]:
        return self.client.get(f"/api/v1/alerts?limit=500{query}",
                               headers=self.as_("admin")).json()["items"]


@pytest.fixture
def office(database_url: str) -> Iterator[Office]:
    system = in_process_system(database_url, TODAY)
    try:
        yield Office(system)
    finally:
        system.stop()


def _late(pid: str) -> list[dict[str, Any]]:
    return [accepted("2025-09-15", pid, bailiff_id="PB-1"),
            event("proceeding.initiated", "2025-09-22", pid, sent_to_debtor_on="2025-09-22")]


def test_an_act_from_alerts_resolves_and_links_them(office: Office) -> None:
    office.feed([registered("PB-1")] + _late("EP-1"))
    ids = [a["id"] for a in office.alerts("&proceeding_id=EP-1")]
    created = office.client.post("/api/v1/acts", json={
        "act_kind": "representation", "alert_ids": ids[:2],
        "addressee": "Regional chamber of private bailiffs, Almaty"}, headers=office.as_("med"))
    assert created.status_code == 201, created.text
    act_ = created.json()
    assert (act_["bailiff_id"], act_["proceeding_id"], sorted(act_["alert_ids"])) == (
        "PB-1", "EP-1", sorted(ids[:2]))
    statuses = {a["id"]: a["status"] for a in office.alerts("&proceeding_id=EP-1")}
    assert [statuses[i] for i in ids[:2]] == ["resolved", "resolved"]
    detail = office.client.get(f"/api/v1/alerts/{ids[0]}", headers=office.as_("med")).json()
    assert detail["history"][-1]["reason"] == f"representation {act_['act_id']}"
    # Closed alerts cannot be acted on again; another district cannot use them at all.
    again = office.client.post("/api/v1/acts", json={"act_kind": "protest",
                                                     "alert_ids": ids[:1]},
                               headers=office.as_("med"))
    assert again.status_code == 409
    other = office.client.post("/api/v1/acts", json={"act_kind": "protest",
                                                     "alert_ids": ids[2:]},
                               headers=office.as_("bost"))
    assert other.status_code == 404


def test_an_unanswered_protest_raises_its_term_then_turns_late(office: Office) -> None:
    office.feed([registered("PB-1")] + _late("EP-2"))
    protest = office.client.post("/api/v1/acts", json={
        "act_kind": "protest", "bailiff_id": "PB-1", "proceeding_id": "EP-2"},
        headers=office.as_("med")).json()
    office.system.settle()
    assert office.client.get(f"/api/v1/acts/{protest['act_id']}",
                             headers=office.as_("med")).json()["registered_on"] == "2025-12-01"
    # Ten calendar days on (11 Dec, a Thursday), no answer: the sweep of 12 Dec raises it.
    office.system.monitor.today = lambda: date(2025, 12, 12)
    office.system.monitor.sweep(date(2025, 12, 12))
    office.system.settle()
    term = office.alerts("&rule=ACT_RESPONSE_TERM")
    assert [(a["act_id"], a["due"], a["state"]) for a in term] == [
        (protest["act_id"], "2025-12-11", "open")]
    answered = office.client.post(f"/api/v1/acts/{protest['act_id']}/answer",
                                  json={"answered_on": "2025-12-12"}, headers=office.as_("med"))
    assert answered.json()["answered_on"] == "2025-12-12"
    office.system.settle()
    term = office.alerts("&rule=ACT_RESPONSE_TERM")
    assert [(a["state"], a["done_on"]) for a in term] == [("late", "2025-12-12")]


def test_a_fourth_act_in_a_year_crosses_the_licence_threshold(office: Office) -> None:
    earlier = [act(f"2025-0{m}-03", f"OTHER-{m}", bailiff_id="PB-1", source="gp-system")
               for m in (3, 5, 8)]
    office.feed([registered("PB-1")] + earlier)
    ledger = office.client.get("/api/v1/acts?bailiff_id=PB-1", headers=office.as_("admin"))
    assert [a["act_id"] for a in ledger.json()["items"]] == ["OTHER-3", "OTHER-5", "OTHER-8"]
    assert office.alerts("&rule=LICENCE_THRESHOLD") == []
    office.client.post("/api/v1/acts", json={"act_kind": "instruction", "bailiff_id": "PB-1"},
                       headers=office.as_("med"))
    office.system.settle()
    crossing = office.alerts("&rule=LICENCE_THRESHOLD")
    assert [(a["bailiff_id"], a["year"], a["due"]) for a in crossing] == [
        ("PB-1", 2025, "2025-12-01")]


def test_an_act_needs_one_bailiff(office: Office) -> None:
    response = office.client.post("/api/v1/acts", json={"act_kind": "protest"},
                                  headers=office.as_("med"))
    assert response.status_code == 422
    assert "one bailiff" in response.json()["detail"]
