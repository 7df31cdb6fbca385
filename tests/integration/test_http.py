"""The HTTP edges through the real app: tokens, roles, jurisdiction, ingest results, the alert
queue's filters, cursor and lifecycle."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import orjson
import pytest
from fastapi.testclient import TestClient

from services.bootstrap import System, app_for
from shared.auth import create_token, create_user
from shared.storage import transaction
from tests.builders import accepted, event, registered
from tests.integration.live import in_process_system

TODAY = date(2025, 12, 1)


class Api:
    def __init__(self, system: System) -> None:
        self.system = system
        self.client = TestClient(app_for(system))
        self.tokens: dict[str, str] = {}
        with transaction(system.sessions) as session:
            for name, role, region, district in [
                ("admin", "admin", None, None),
                ("auditor", "auditor", None, None),
                ("ais", "bailiff-system", None, None),
                ("ais-ast", "bailiff-system", "AST", None),
                ("med", "prosecutor", "ALA", "ALA-MED"),
                ("bost", "prosecutor", "ALA", "ALA-BOS"),
                ("ala", "prosecutor", "ALA", None),
                ("chamber", "chamber", "ALA", None),
            ]:
                self.tokens[name] = create_token(session, role=role, name=name, region=region,
                                                 district=district)

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def post_events(self, events: list[dict], who: str = "ais", ndjson: bool = False):  # type: ignore[no-untyped-def]
        if ndjson:
            body = b"\n".join(orjson.dumps(e) for e in events)
            headers = self.as_(who) | {"Content-Type": "application/x-ndjson"}
            return self.client.post("/api/v1/events", content=body, headers=headers)
        return self.client.post("/api/v1/events", json=events, headers=self.as_(who))


@pytest.fixture
def api(database_url: str) -> Iterator[Api]:
    system = in_process_system(database_url, TODAY)
    try:
        yield Api(system)
    finally:
        system.stop()


def _late(pid: str, district: str) -> list[dict]:
    doc = accepted("2025-09-15", pid)
    doc["district"] = district
    return [doc, event("proceeding.initiated", "2025-09-22", pid, sent_to_debtor_on="2025-09-22")]


def test_a_batch_gets_a_result_per_event_and_a_bad_one_spoils_nothing(api: Api) -> None:
    good = _late("EP-1", "ALA-MED")
    bad = dict(good[1], event_id="x-bad", occurred_on="2025-02-30")
    response = api.post_events([good[0], bad, good[1]])
    assert response.status_code == 200
    body = response.json()
    assert [r["status"] for r in body["results"]] == ["accepted", "rejected", "accepted"]
    assert "occurred_on" in body["results"][1]["reason"]
    again = api.post_events(good, ndjson=True).json()
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
    conflict = api.post_events([dict(good[1], occurred_on="2025-09-16")]).json()
    assert conflict["results"][0]["status"] == "rejected"
    assert conflict["results"][0]["reason"].startswith("conflict")
    # The rejected ones went to the dead-letter topic with their reasons.
    api.system.relay.relay_all()
    dlq = [orjson.loads(m.value) for m in api.system.bus.messages("bailiff.events.dlq")]  # type: ignore[attr-defined]
    assert [d["event_id"] for d in dlq] == ["x-bad", good[1]["event_id"]]


def test_ndjson_bad_line_is_one_rejected_event(api: Api) -> None:
    body = orjson.dumps(_late("EP-2", "ALA-MED")[0]) + b"\n{nonsense\n"
    response = api.client.post("/api/v1/events", content=body,
                               headers=api.as_("ais") | {"Content-Type": "application/x-ndjson"})
    assert [r["status"] for r in response.json()["results"]] == ["accepted", "rejected"]


def test_tokens_and_roles(api: Api) -> None:
    events = _late("EP-3", "ALA-MED")
    assert api.client.post("/api/v1/events", json=events).status_code == 401
    bogus = {"Authorization": "Bearer qdg_nope"}
    assert api.client.post("/api/v1/events", json=events, headers=bogus).status_code == 401
    assert api.post_events(events, who="med").status_code == 403
    assert api.client.get("/api/v1/alerts", headers=api.as_("ais")).status_code == 403
    assert api.client.get("/api/v1/alerts", headers=api.as_("chamber")).status_code == 403
    assert api.client.post("/api/v1/monitor/sweep", headers=api.as_("med")).status_code == 403
    assert api.client.post("/api/v1/monitor/sweep", headers=api.as_("admin")).status_code == 200


def test_a_regional_bailiff_system_sends_only_its_region(api: Api) -> None:
    doc, initiated = _late("EP-4", "ALA-MED")
    results = api.post_events([doc], who="ais-ast").json()["results"]
    assert results[0]["status"] == "rejected"
    assert "jurisdiction" in results[0]["reason"]
    assert api.post_events([doc], who="ais").json()["results"][0]["status"] == "accepted"
    # The initiation names no region, but its proceeding's document said ALA.
    late = api.post_events([initiated], who="ais-ast").json()["results"][0]
    assert (late["status"], "region 'ALA'" in late["reason"]) == ("rejected", True)
    own = accepted("2025-09-15", "EP-5")
    own["region"], own["district"] = "AST", "AST-ESL"
    follow = event("proceeding.initiated", "2025-09-16", "EP-5")
    assert [r["status"] for r in api.post_events([own, follow], who="ais-ast").json()[
        "results"]] == ["accepted", "accepted"]


def _feed(api: Api) -> None:
    assert api.post_events(_late("EP-M1", "ALA-MED") + _late("EP-M2", "ALA-MED")
                           + _late("EP-B1", "ALA-BOS")).status_code == 200
    api.system.settle()


def test_a_prosecutor_sees_only_their_district(api: Api) -> None:
    _feed(api)

    def proceedings(who: str, query: str = "") -> set[str]:
        items = api.client.get(f"/api/v1/alerts?limit=100{query}", headers=api.as_(who))
        return {a["proceeding_id"] for a in items.json()["items"]}

    assert proceedings("med") == {"EP-M1", "EP-M2"}
    assert proceedings("bost") == {"EP-B1"}
    assert proceedings("ala") == proceedings("auditor") == {"EP-M1", "EP-M2", "EP-B1"}
    # A filter cannot widen a jurisdiction.
    assert proceedings("med", "&district=ALA-BOS") == set()
    other = api.client.get("/api/v1/alerts?proceeding_id=EP-B1", headers=api.as_("admin"))
    alert_id = other.json()["items"][0]["id"]
    assert api.client.get(f"/api/v1/alerts/{alert_id}", headers=api.as_("med")).status_code == 404


def test_filters_and_cursor_pagination(api: Api) -> None:
    _feed(api)
    seen: list[int] = []
    cursor = None
    while True:
        url = "/api/v1/alerts?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = api.client.get(url, headers=api.as_("admin")).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 9  # OPENING, NOTICE, COMPLETION of three proceedings
    assert seen == sorted(seen)
    notice = api.client.get("/api/v1/alerts?rule=NOTICE_TERM&state=late",
                            headers=api.as_("admin")).json()["items"]
    assert {a["rule"] for a in notice} == {"NOTICE_TERM"} and len(notice) == 3
    assert api.client.get("/api/v1/alerts?cursor=abc",
                          headers=api.as_("admin")).status_code == 422


def test_the_lifecycle_records_who_and_when(api: Api) -> None:
    _feed(api)
    items = api.client.get("/api/v1/alerts?proceeding_id=EP-M1",
                           headers=api.as_("med")).json()["items"]
    first, second = items[0]["id"], items[1]["id"]

    def move(alert_id: int, who: str = "med", **body: str):  # type: ignore[no-untyped-def]
        return api.client.post(f"/api/v1/alerts/{alert_id}/transitions", json=body,
                               headers=api.as_(who))

    assert move(first, status="assigned", assignee="med").json()["status"] == "assigned"
    assert move(first, status="acknowledged").json()["status"] == "acknowledged"
    assert move(first, status="assigned", assignee="x").status_code == 409
    assert move(first, status="resolved").json()["status"] == "resolved"
    assert move(second, status="dismissed").status_code == 422  # a dismissal needs a reason
    assert move(second, status="dismissed", reason="duplicate writ").json()["status"] == \
        "dismissed"
    assert move(second, "bost", status="resolved").status_code == 404
    assert move(second, "auditor", status="resolved").status_code == 403
    detail = api.client.get(f"/api/v1/alerts/{first}", headers=api.as_("med")).json()
    assert [(h["kind"], h["actor"]) for h in detail["history"]] == [
        ("raised", "monitor"), ("assigned", "med"), ("acknowledged", "med"), ("resolved", "med")]


def test_late_data_withdraws_an_alert(api: Api) -> None:
    events = [accepted("2025-09-15", "EP-W")]
    api.post_events(events)
    api.system.settle()
    queue = api.client.get("/api/v1/alerts?proceeding_id=EP-W", headers=api.as_("admin"))
    assert [a["rule"] for a in queue.json()["items"]] == ["OPENING_TERM"]
    # The initiation on time arrives late: there was no breach.
    api.post_events([event("proceeding.initiated", "2025-09-16", "EP-W",
                           sent_to_debtor_on="2025-09-16")])
    api.system.settle()
    # The opening was in time after all; the completion term (16 Nov, a Sunday, so 17 Nov) now
    # runs from that initiation and has passed.
    queue = api.client.get("/api/v1/alerts?proceeding_id=EP-W", headers=api.as_("admin"))
    assert [(a["rule"], a["due"]) for a in queue.json()["items"]] == [
        ("COMPLETION_TERM", "2025-11-17")]
    kept = api.client.get("/api/v1/alerts?proceeding_id=EP-W&include_withdrawn=true",
                          headers=api.as_("admin")).json()["items"]
    assert [(a["rule"], a["withdrawn_on"]) for a in kept] == [
        ("OPENING_TERM", "2025-12-01"), ("COMPLETION_TERM", None)]
    detail = api.client.get(f"/api/v1/alerts/{kept[0]['id']}", headers=api.as_("admin")).json()
    assert [h["kind"] for h in detail["history"]] == ["raised", "withdrawn"]


def test_health_and_metrics(api: Api) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok"}
    assert api.client.get("/readyz").json() == {"status": "ready"}
    _feed(api)
    metrics = api.client.get("/metrics").text
    assert 'qadagalau_events_ingested_total{channel="http",type="document.accepted"}' in metrics
    assert "qadagalau_alert_changes_total" in metrics
    assert "EP-M1" not in metrics and "014126906045" not in metrics


def test_a_days_events_are_shown_in_the_laws_order_then_by_receipt(api: Api) -> None:
    """Sent in the reverse of the law's order on one day, the timeline still reads as the
    steps happened: accepted, initiated, decree issued, decided, executed, arrested."""
    day = "2025-11-20"
    sent = [
        event("property.arrested", day, "EP-T", property_id="P1", property_kind="vehicle"),
        event("decree.executed", day, "EP-T", decree_id="D1"),
        event("sanction.decided", day, "EP-T", decree_id="D1", decision="granted",
              prosecutor_id="PR-1"),
        event("decree.issued", day, "EP-T", decree_id="D1", decree_kind="arrest_real_estate"),
        event("proceeding.initiated", day, "EP-T"),
        accepted(day, "EP-T"),
        event("proceeding.completed", "2025-11-21", "EP-T"),
        event("proceeding.resumed", "2025-11-21", "EP-T"),
        event("proceeding.suspended", "2025-11-21", "EP-T"),
    ]
    for one in sent:  # one request each: the order of receipt is the order above
        assert api.post_events([one]).status_code == 200
    api.system.settle()
    timeline = api.client.get("/api/v1/proceedings/EP-T", headers=api.as_("admin")).json()
    assert [(f["on"], f["type"]) for f in timeline["timeline"]] == [
        (day, "document.accepted"), (day, "proceeding.initiated"), (day, "decree.issued"),
        (day, "sanction.decided"), (day, "decree.executed"), (day, "property.arrested"),
        # Of a suspension and a resumption, the order of receipt is what the fold reads.
        ("2025-11-21", "proceeding.resumed"), ("2025-11-21", "proceeding.suspended"),
        ("2025-11-21", "proceeding.completed")]


def test_an_alert_says_how_late_whose_debt_how_much_and_whose_bailiff(api: Api) -> None:
    """What a prosecutor reads of an alert in the queue: days past the term (working days
    where the term counts them), the debtor with the IIN masked, the sum, the bailiff's name."""
    assert api.post_events([registered("PB-1", name="Сейітқұлов Әлібек")]).status_code == 200
    _feed(api)
    items = api.client.get("/api/v1/alerts?proceeding_id=EP-M1&limit=10",
                           headers=api.as_("med")).json()["items"]
    by_rule = {a["rule"]: a for a in items}
    # Opened 22 Sep for a term that ended Thursday 18 Sep: Friday and Monday, 2 working days.
    assert by_rule["OPENING_TERM"]["overdue"] == {"days": 2, "unit": "working_days"}
    # Two months from 22 Sep end on Saturday 22 Nov, so Monday 24 Nov; open on 1 Dec: 7 days.
    assert by_rule["COMPLETION_TERM"]["overdue"] == {"days": 7, "unit": "days"}
    first = by_rule["OPENING_TERM"]
    assert first["debtor"] == {"kind": "individual", "name": "Debtor",
                               "iin_bin": "••••••••6045"}
    assert first["amount_kzt"] == 100000
    assert first["bailiff_name"] == "Сейітқұлов Әлібек"
    detail = api.client.get(f"/api/v1/alerts/{first['id']}", headers=api.as_("med")).json()
    assert (detail["overdue"], detail["debtor"], detail["bailiff_name"]) == (
        first["overdue"], first["debtor"], first["bailiff_name"])
    # The full IIN is nowhere in what the queue answers.
    whole = api.client.get("/api/v1/alerts?limit=100", headers=api.as_("admin")).text
    assert "014126906045" not in whole


def test_the_queue_shows_what_needs_action_and_whom_to_assign(api: Api) -> None:
    _feed(api)
    items = api.client.get("/api/v1/alerts?proceeding_id=EP-M1", headers=api.as_("med")).json()
    first, second, third = (a["id"] for a in items["items"][:3])
    for alert_id, body in ((first, {"status": "assigned", "assignee": "med"}),
                           (second, {"status": "acknowledged"})):
        assert api.client.post(f"/api/v1/alerts/{alert_id}/transitions", json=body,
                               headers=api.as_("med")).status_code == 200
    needs_action = api.client.get("/api/v1/alerts?proceeding_id=EP-M1&status=new,assigned",
                                  headers=api.as_("med")).json()["items"]
    assert {a["id"] for a in needs_action} == {first, third}
    with transaction(api.system.sessions) as session:
        for name, district in (("aliya", "ALA-MED"), ("berik", "ALA-MED"),
                               ("bolat", "ALA-BOS")):
            create_user(session, name=name, role="prosecutor", password="correct horse battery",
                        region="ALA", district=district)
        create_user(session, name="chamber-user", role="chamber", password="correct horse "
                    "battery", region="ALA", district=None)
    names = [u["name"] for u in api.client.get("/api/v1/alerts/assignees",
                                               headers=api.as_("med")).json()["items"]]
    assert names == ["aliya", "berik"]  # the district's, who may work alerts
    regional = api.client.get("/api/v1/alerts/assignees", headers=api.as_("ala")).json()
    assert [u["name"] for u in regional["items"]] == ["aliya", "berik", "bolat"]
    assert api.client.get("/api/v1/alerts/assignees",
                          headers=api.as_("auditor")).status_code == 403
