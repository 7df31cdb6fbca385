"""The ledger of supervisory acts: acts issued from alerts resolve them, their answers' terms
and the licence threshold are judged by the monitor, acts from other systems join the ledger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from services.bootstrap import System, app_for
from shared.auth import create_token
from shared.bus import PROCEEDINGS_EVENTS
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
                "ala": create_token(session, role="prosecutor", name="ala", region="ALA"),
                "esl": create_token(session, role="prosecutor", name="esl", region="AST",
                                    district="AST-ESL"),
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
    office.system.sweep(date(2025, 12, 12))
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


# --- jurisdiction: an act is brought only within one's own, and filed under the bailiff's -----

def _almaly_bailiff() -> dict[str, Any]:
    return registered("PB-9", region="ALA", district="ALA-ALM")


def _announced_acts(office: Office) -> list[dict[str, Any]]:
    office.system.relay.relay_all()
    messages = office.system.bus.messages(PROCEEDINGS_EVENTS)  # type: ignore[attr-defined]
    return [e for e in (orjson.loads(m.value) for m in messages) if e["type"] == "act.registered"]


def test_an_act_against_a_bailiff_of_another_region_is_refused(office: Office) -> None:
    office.feed([_almaly_bailiff()])
    refused = office.client.post("/api/v1/acts", json={
        "act_kind": "protest", "bailiff_id": "PB-9"}, headers=office.as_("esl"))
    assert refused.status_code == 403, refused.text
    assert refused.json() == {
        "type": "urn:qadagalau:problem:outside_jurisdiction", "title": "Forbidden",
        "status": 403, "detail": "bailiff PB-9 is outside your jurisdiction",
        "code": "outside_jurisdiction", "params": {"what": "bailiff", "id": "PB-9"}}
    # Nothing stored, nothing announced.
    assert office.client.get("/api/v1/acts", headers=office.as_("admin")).json()["items"] == []
    assert _announced_acts(office) == []


def test_an_act_naming_another_districts_proceeding_is_refused(office: Office) -> None:
    bostandyk = accepted("2025-09-15", "EP-B", bailiff_id="PB-1")
    bostandyk["district"] = "ALA-BOS"
    office.feed([registered("PB-1"), bostandyk])
    refused = office.client.post("/api/v1/acts", json={
        "act_kind": "protest", "bailiff_id": "PB-1", "proceeding_id": "EP-B"},
        headers=office.as_("med"))
    assert refused.status_code == 403, refused.text
    assert (refused.json()["code"], refused.json()["params"]) == (
        "outside_jurisdiction", {"what": "proceeding", "id": "EP-B"})
    assert office.client.get("/api/v1/acts", headers=office.as_("admin")).json()["items"] == []
    assert _announced_acts(office) == []


def test_an_act_is_filed_under_its_bailiffs_district(office: Office) -> None:
    office.feed([registered("PB-1")])  # of ALA-MED
    # The regional office brings it: the act is Medeu's, where the bailiff is supervised.
    created = office.client.post("/api/v1/acts", json={
        "act_kind": "representation", "bailiff_id": "PB-1"}, headers=office.as_("ala"))
    assert created.status_code == 201, created.text
    act_id = created.json()["act_id"]
    assert (created.json()["region"], created.json()["district"]) == ("ALA", "ALA-MED")

    def ledger(who: str) -> list[str]:
        return [a["act_id"] for a in office.client.get(
            "/api/v1/acts", headers=office.as_(who)).json()["items"]]

    assert ledger("med") == ledger("ala") == [act_id]
    assert ledger("bost") == [] and ledger("esl") == []
    assert [e["act_id"] for e in _announced_acts(office)] == [act_id]


def test_a_foreign_prosecutor_cannot_raise_the_licence_threshold(office: Office) -> None:
    office.feed([_almaly_bailiff()])
    for kind in ("protest", "representation", "instruction", "protest"):
        answer = office.client.post("/api/v1/acts", json={"act_kind": kind, "bailiff_id": "PB-9"},
                                    headers=office.as_("esl"))
        assert answer.status_code == 403, answer.text
    office.system.settle()
    assert office.alerts("&rule=LICENCE_THRESHOLD") == []
    assert office.client.get("/api/v1/licence", headers=office.as_("admin")).json()["items"] == [
        {"bailiff_id": "PB-9", "region": "ALA", "district": "ALA-ALM", "year": 2025,
         "window_from": "2025-01-01", "window_to": "2025-12-01", "acts": 0, "threshold": 3,
         "over": False}]


def _ledger_of(office: Office, who: str) -> list[str]:
    return [a["act_id"] for a in office.client.get("/api/v1/acts",
                                                   headers=office.as_(who)).json()["items"]]


def test_an_act_from_another_system_is_filed_with_its_bailiff_s_registration(
        office: Office) -> None:
    """In one batch with the registration (which the registry's own consumer group may not
    have stored yet), the act is filed under the bailiff's district, not under none."""
    office.feed([registered("PB-9", region="ALA", district="ALA-BOS"),
                 act("2025-03-01", "GP-1", bailiff_id="PB-9", source="gp")])
    assert _ledger_of(office, "bost") == ["GP-1"]
    assert _ledger_of(office, "med") == []


def test_an_act_registered_before_its_bailiff_is_filed_when_the_registration_comes(
        office: Office) -> None:
    office.feed([act("2025-03-01", "GP-2", bailiff_id="PB-8", source="gp")])
    assert _ledger_of(office, "med") == [] and _ledger_of(office, "admin") == ["GP-2"]
    office.feed([registered("PB-8", region="ALA", district="ALA-MED")])
    assert _ledger_of(office, "med") == ["GP-2"]


def test_an_act_before_any_registration_is_filed_where_its_bailiff_holds_proceedings(
        office: Office) -> None:
    office.feed([act("2025-03-01", "GP-3", bailiff_id="PB-7", source="gp")])
    office.feed([accepted("2025-03-02", "EP-7", bailiff_id="PB-7", region="ALA",
                          district="ALA-BOS")])
    assert _ledger_of(office, "bost") == ["GP-3"]


def test_a_bailiff_s_breaches_in_another_district_are_not_shown_through_the_bailiff(
        office: Office) -> None:
    """PB-1 is registered in ALA-MED but holds a proceeding of ALA-BOS: the ALA-MED prosecutor
    sees the bailiff, not that district's alert (which /alerts/{id} would refuse)."""
    office.feed([registered("PB-1")] + _late("EP-1") + [
        accepted("2025-09-15", "EP-B", bailiff_id="PB-1", district="ALA-BOS"),
        event("proceeding.initiated", "2025-09-22", "EP-B", sent_to_debtor_on="2025-09-22")])
    breaches = office.client.get("/api/v1/breaches?bailiff_id=PB-1",
                                 headers=office.as_("med")).json()["items"]
    assert {b["proceeding_id"] for b in breaches} == {"EP-1"}
    page = office.client.get("/api/v1/bailiffs/PB-1", headers=office.as_("med")).json()
    assert sum(page["breaches_by_rule"].values()) == len(breaches)
    everything = office.client.get("/api/v1/breaches?bailiff_id=PB-1",
                                   headers=office.as_("ala")).json()["items"]
    assert {b["proceeding_id"] for b in everything} == {"EP-1", "EP-B"}


def test_an_act_is_offered_only_where_it_would_be_accepted(office: Office) -> None:
    """The ALA-BOS prosecutor sees the alert of an ALA-BOS proceeding held by a bailiff of
    ALA-MED: an act against that bailiff would be refused, so none is offered."""
    office.feed([registered("PB-1"),
                 accepted("2025-09-15", "EP-B", bailiff_id="PB-1", district="ALA-BOS"),
                 event("proceeding.initiated", "2025-09-22", "EP-B",
                       sent_to_debtor_on="2025-09-22")])
    [alert, *_] = office.client.get("/api/v1/alerts?proceeding_id=EP-B",
                                    headers=office.as_("bost")).json()["items"]
    assert "issue_act" not in alert["allowed_actions"]
    assert "acknowledge" in alert["allowed_actions"]
    refused = office.client.post("/api/v1/acts", json={"act_kind": "protest",
                                                       "alert_ids": [alert["id"]]},
                                 headers=office.as_("bost"))
    assert refused.status_code == 403 and refused.json()["code"] == "outside_jurisdiction"
    mine = office.client.get(f"/api/v1/alerts/{alert['id']}", headers=office.as_("ala")).json()
    assert "issue_act" in mine["allowed_actions"]


def test_a_protest_with_too_short_a_term_is_refused_where_it_is_registered(
        office: Office) -> None:
    """Art. 33(3): a protest's own term is at least three working days. TODAY is Mon 1 Dec
    2025: the third working day after is Thu 4 Dec."""
    office.feed([registered("PB-1")])
    short = office.client.post("/api/v1/acts", json={
        "act_kind": "protest", "bailiff_id": "PB-1", "response_due_on": "2025-12-03"},
        headers=office.as_("med"))
    assert short.status_code == 422 and short.json()["code"] == "protest_term_too_short"
    assert short.json()["params"]["earliest"] == "2025-12-04"
    fine = office.client.post("/api/v1/acts", json={
        "act_kind": "protest", "bailiff_id": "PB-1", "response_due_on": "2025-12-04"},
        headers=office.as_("med"))
    assert fine.status_code == 201
    sent = office.system.receiver.batch([act("2025-11-28", "GP-9", "protest", bailiff_id="PB-1",
                                             response_due_on="2025-12-01")], "test")
    assert sent[0].status == "rejected" and "third working day" in (sent[0].reason or "")


def test_an_answer_without_a_proceeding_answers_the_act_live(office: Office) -> None:
    """docs/contract.md §1 (2026-12-04): the monitor matches the answer to its act by act_id."""
    office.feed([registered("PB-1"),
                 act("2025-11-03", "GP-5", "protest", bailiff_id="PB-1", source="gp")])
    [alert] = [a for a in office.alerts("&rule=ACT_RESPONSE_TERM") if a["act_id"] == "GP-5"]
    assert alert["state"] == "open"
    office.feed([event("act.answered", "2025-11-20", None, act_id="GP-5", source="gp")])
    [alert] = [a for a in office.alerts("&rule=ACT_RESPONSE_TERM") if a["act_id"] == "GP-5"]
    assert (alert["state"], alert["done_on"]) == ("late", "2025-11-20")
    ledger = office.client.get("/api/v1/acts/GP-5", headers=office.as_("admin")).json()
    assert ledger["answered_on"] == "2025-11-20"


def test_an_answer_before_its_act_waits_for_it(office: Office) -> None:
    """An answer is keyed by its act, the act by its bailiff or proceeding: on Kafka the answer
    may come first."""
    office.feed([registered("PB-1"),
                 event("act.answered", "2025-11-20", None, act_id="GP-6", source="gp")])
    office.feed([act("2025-11-03", "GP-6", "protest", bailiff_id="PB-1", source="gp")])
    ledger = office.client.get("/api/v1/acts/GP-6", headers=office.as_("admin")).json()
    assert ledger["answered_on"] == "2025-11-20"


def test_every_act_with_a_term_shows_when_its_answer_is_due(office: Office) -> None:
    """The law's term where the prosecutor set none (a protest: 10 calendar days, a
    representation: 30), the prosecutor's where set; none for an act the law gives no term."""
    office.feed([registered("PB-1"),
                 act("2025-11-03", "GP-P", "protest", bailiff_id="PB-1", source="gp"),
                 act("2025-11-03", "GP-R", "representation", bailiff_id="PB-1", source="gp"),
                 act("2025-11-03", "GP-S", "protest", bailiff_id="PB-1", source="gp",
                     response_due_on="2025-11-07"),
                 act("2025-11-03", "GP-I", "instruction", bailiff_id="PB-1", source="gp")])
    due = {a["act_id"]: a["due_on"] for a in office.client.get(
        "/api/v1/acts", headers=office.as_("admin")).json()["items"]}
    # 13 Nov is a Thursday; 3 Dec a Wednesday.
    assert due == {"GP-P": "2025-11-13", "GP-R": "2025-12-03", "GP-S": "2025-11-07",
                   "GP-I": None}
    # The breach the monitor raised for the protest's term names the same day.
    [alert] = [a for a in office.alerts("&rule=ACT_RESPONSE_TERM") if a["act_id"] == "GP-P"]
    assert alert["due"] == due["GP-P"]


def test_an_answer_records_its_result_and_the_sums_recovered(office: Office) -> None:
    office.feed([registered("PB-1")] + _late("EP-1"))
    ids = [a["id"] for a in office.alerts("&proceeding_id=EP-1")]
    created = office.client.post("/api/v1/acts", json={
        "act_kind": "protest", "alert_ids": ids[:1], "response_due_on": "2025-12-08"},
        headers=office.as_("med")).json()
    act_id = created["act_id"]
    assert created["due_on"] == "2025-12-08"
    early = office.client.post(f"/api/v1/acts/{act_id}/answer", json={
        "answered_on": "2025-11-30"}, headers=office.as_("med"))
    assert (early.status_code, early.json()["code"]) == (422, "answer_before_act")
    answered = office.client.post(f"/api/v1/acts/{act_id}/answer", json={
        "answered_on": "2025-12-01", "result": "partly", "recovered_kzt": 1500000.5},
        headers=office.as_("med"))
    assert answered.status_code == 200, answered.text
    assert (answered.json()["answer_result"], answered.json()["recovered_kzt"]) == (
        "partly", 1500000.5)
    bad = office.client.post(f"/api/v1/acts/{act_id}/answer", json={"result": "maybe"},
                             headers=office.as_("med"))
    assert bad.status_code == 422
    # Announced with its result, for the other prosecutors' systems and the monitor.
    office.system.relay.relay_all()
    sent = [orjson.loads(m.value) for m in office.system.bus.messages(  # type: ignore[attr-defined]
        PROCEEDINGS_EVENTS) if orjson.loads(m.value)["type"] == "act.answered"]
    assert [(e["act_id"], e["result"], e["recovered_kzt"]) for e in sent] == [
        (act_id, "partly", 1500000.5)]
    # Links both ways: the alert names its act, the proceeding's acts include it.
    alert = office.client.get(f"/api/v1/alerts/{ids[0]}", headers=office.as_("med")).json()
    assert alert["acts"] == [act_id]
    of_proceeding = office.client.get("/api/v1/acts?proceeding_id=EP-1",
                                      headers=office.as_("med")).json()["items"]
    assert [a["act_id"] for a in of_proceeding] == [act_id]


def test_an_answer_from_another_system_brings_its_result(office: Office) -> None:
    office.feed([registered("PB-1"),
                 event("act.answered", "2025-11-20", None, act_id="GP-7", source="gp",
                       result="rejected"),
                 act("2025-11-03", "GP-7", "protest", bailiff_id="PB-1", source="gp"),
                 act("2025-11-03", "GP-8", "representation", bailiff_id="PB-1", source="gp"),
                 event("act.answered", "2025-11-25", None, act_id="GP-8", source="gp",
                       result="satisfied", recovered_kzt=250000)])
    # A later answer does not replace the earliest, nor its result.
    office.feed([event("act.answered", "2025-11-28", None, act_id="GP-8", source="gp",
                       result="rejected")])
    ledger = {a["act_id"]: (a["answered_on"], a["answer_result"], a["recovered_kzt"])
              for a in office.client.get("/api/v1/acts",
                                         headers=office.as_("admin")).json()["items"]}
    assert ledger == {"GP-7": ("2025-11-20", "rejected", None),
                      "GP-8": ("2025-11-25", "satisfied", 250000)}


def test_the_ledger_is_read_a_page_at_a_time(office: Office) -> None:
    office.feed([registered("PB-1")] + [
        act(f"2025-0{m}-0{d}", f"GP-{m}{d}", bailiff_id="PB-1", source="gp")
        for m in (1, 2, 3) for d in (1, 2, 3)])
    seen: list[str] = []
    cursor = None
    while True:
        page = office.client.get("/api/v1/acts", params={"limit": 4, **(
            {"cursor": cursor} if cursor else {})}, headers=office.as_("admin")).json()
        seen += [a["act_id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 9
    assert seen == sorted(seen, key=lambda a: (a[3], a[4]))  # in order of registration
    bad = office.client.get("/api/v1/acts?cursor=not-a-cursor", headers=office.as_("admin"))
    assert (bad.status_code, bad.json()["code"]) == (422, "cursor_invalid")


def test_an_act_rejected_or_left_unconsidered_is_taken_to_court(office: Office) -> None:
    """Going to court (a claim, Art. 39) is recorded on an act the bailiff's side rejected or
    left unconsidered past its term, and only there; the bailiff's page and the chamber's
    report tell what the acts achieved."""
    import io

    from openpyxl import load_workbook
    from sqlalchemy import select

    from services.alerts.documents.models import Document

    office.feed([registered("PB-1"),
                 act("2025-11-03", "GP-7", "protest", bailiff_id="PB-1", source="gp"),
                 event("act.answered", "2025-11-10", None, act_id="GP-7", source="gp",
                       result="rejected"),
                 act("2025-11-03", "GP-8", "representation", bailiff_id="PB-1", source="gp"),
                 event("act.answered", "2025-11-25", None, act_id="GP-8", source="gp",
                       result="satisfied", recovered_kzt=250000),
                 # Unanswered; its 10 days ran out on 13 November.
                 act("2025-11-03", "GP-9", "protest", bailiff_id="PB-1", source="gp"),
                 # Unanswered, its 30 days still running.
                 act("2025-11-25", "GP-10", "representation", bailiff_id="PB-1", source="gp")])

    def court(act_id: str, **body: Any) -> Any:
        return office.client.post(f"/api/v1/acts/{act_id}/court", json=body,
                                  headers=office.as_("med"))

    def act_of(act_id: str) -> Any:
        return office.client.get(f"/api/v1/acts/{act_id}", headers=office.as_("med")).json()

    offered = {a: "take_to_court" in act_of(a)["allowed_actions"]
               for a in ("GP-7", "GP-8", "GP-9", "GP-10")}
    assert offered == {"GP-7": True, "GP-8": False, "GP-9": True, "GP-10": False}
    for act_id in ("GP-8", "GP-10"):
        refused = court(act_id)
        assert (refused.status_code, refused.json()["code"]) == (409, "act_not_ignored")
    future = court("GP-9", filed_on="2025-12-02")
    assert (future.status_code, future.json()["code"]) == (422, "court_in_future")
    # Filed on a day the act was not yet past its term: not a ground then.
    early = court("GP-9", filed_on="2025-11-12")
    assert (early.status_code, early.json()["code"]) == (409, "act_not_ignored")
    # Not before the answer that rejected it (10 Nov).
    before = court("GP-7", filed_on="2025-11-07")
    assert (before.status_code, before.json()["code"]) == (422, "court_too_early")
    taken = court("GP-7", filed_on="2025-11-28")
    assert taken.status_code == 200, taken.text
    assert taken.json()["court_filed_on"] == "2025-11-28"
    assert "take_to_court" not in taken.json()["allowed_actions"]
    again = court("GP-7")
    assert (again.status_code, again.json()["code"]) == (409, "act_court_recorded")
    assert court("GP-9").json()["court_filed_on"] == TODAY.isoformat()  # today by default
    # Another district's prosecutor does not see the act to take it anywhere.
    foreign = office.client.post("/api/v1/acts/GP-7/court", json={},
                                 headers=office.as_("esl"))
    assert foreign.status_code == 404

    card = office.client.get("/api/v1/bailiffs/PB-1", headers=office.as_("med")).json()
    assert card["act_results"] == {
        "satisfied": 1, "partly": 0, "rejected": 1, "answered_no_result": 0, "unanswered": 2,
        "taken_to_court": 2, "recovered_kzt": 250000.0}

    with transaction(office.system.sessions) as session:
        report_id = office.system.reports.make(
            session, "ALA", "on_demand", date(2025, 11, 1), date(2025, 11, 30), "test", TODAY,
            stamp="court")
    with office.system.sessions() as session:
        content = session.scalar(select(Document.content).where(
            Document.report_id == report_id, Document.filename.like("%-ru.xlsx")))
    assert content is not None
    sheet = load_workbook(io.BytesIO(content))["Акты"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if "Результат рассмотрения" in row)
    by_act = {row[0]: dict(zip(header, row, strict=True)) for row in rows
              if row and str(row[0]).startswith("GP-")}
    assert by_act["GP-7"]["Результат рассмотрения"] == "оставлен без удовлетворения"
    assert by_act["GP-8"]["Взыскано на основании акта, ₸"] == 250000
    filed = by_act["GP-7"]["Дата обращения в суд"]
    assert filed is not None and filed.date() == date(2025, 11, 28)  # a date cell
    assert by_act["GP-10"]["Результат рассмотрения"] in ("", None)
