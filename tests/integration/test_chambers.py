"""Regional chambers: the licence proposal and the notice, breach reports on schedule and on
demand, the chamber's own members only, and the inspection plan; on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

import orjson
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader

from services.alerts.proposals.consumers import ProposalsConsumer
from services.bootstrap import System, app_for
from shared.auth import create_token
from shared.bus import ALERTS_CHANGES, Message
from shared.storage import transaction
from tests.builders import accepted, act, event, registered
from tests.integration.live import in_process_system

TODAY = date(2025, 12, 1)  # a Monday


class Chambers:
    def __init__(self, system: System) -> None:
        self.system = system
        self.client = TestClient(app_for(system))
        with transaction(system.sessions) as session:
            self.tokens = {
                "ala": create_token(session, role="chamber", name="chamber-ala", region="ALA"),
                "ast": create_token(session, role="chamber", name="chamber-ast", region="AST"),
                "justice": create_token(session, role="justice", name="just-ala",
                                        region="ALA"),
                "med": create_token(session, role="prosecutor", name="med", region="ALA",
                                    district="ALA-MED"),
                "admin": create_token(session, role="admin", name="admin"),
            }

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def feed(self, events: list[dict[str, Any]]) -> None:
        assert all(r.status == "accepted" for r in self.system.receiver.batch(events, "test"))
        self.system.settle()

    def get(self, path: str, who: str) -> Any:
        response = self.client.get(path, headers=self.as_(who))
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def chambers(database_url: str) -> Iterator[Chambers]:
    system = in_process_system(database_url, TODAY)
    try:
        yield Chambers(system)
    finally:
        system.stop()


MEMBERS = [
    registered("PB-1", name="Әлібек Сейітқұлов", licence_no="L-001", started_on="2019-03-01"),
    registered("PB-2", district="ALA-BOS", started_on="2025-04-20"),
    registered("SB-1", kind="state"),                      # not a chamber member
    registered("PB-9", region="AST", district="AST-ESL"),  # another chamber's member
]


def _late_opening(pid: str, bailiff: str, accepted_on: str) -> list[dict[str, Any]]:
    """Accepted, then opened weeks later: OPENING_TERM and NOTICE_TERM breaches."""
    return [accepted(accepted_on, pid, bailiff_id=bailiff),
            event("proceeding.initiated", "2025-11-28", pid, sent_to_debtor_on="2025-11-28")]


def test_crossing_the_threshold_proposes_suspension_and_tells_the_chamber(
        chambers: Chambers) -> None:
    acts = [act(f"2025-0{m}-03", f"GP-{m}", kind=kind, bailiff_id="PB-1", source="gp")
            for m, kind in ((2, "protest"), (4, "representation"), (6, "instruction"))]
    chambers.feed(MEMBERS + acts)
    assert chambers.get("/api/v1/proposals", "admin")["items"] == []
    chambers.feed([act("2025-09-03", "GP-9", kind="prosecutor_decree", bailiff_id="PB-1",
                       source="gp")])
    [proposal] = chambers.get("/api/v1/proposals", "ala")["items"]
    assert (proposal["bailiff_id"], proposal["year"], proposal["crossed_on"],
            proposal["status"]) == ("PB-1", 2025, "2025-09-03", "ready")
    assert proposal["act_ids"] == ["GP-2", "GP-4", "GP-6", "GP-9"]
    assert sorted(d["filename"] for d in proposal["documents"]) == [
        f"licence-proposal-PB-1-2025-{lang}.{ext}" for lang in ("kk", "ru")
        for ext in ("docx", "pdf")]
    pdf = chambers.client.get(
        f"/api/v1/proposals/{proposal['id']}/documents/licence-proposal-PB-1-2025-kk.pdf",
        headers=chambers.as_("ala"))
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Әлібек Сейітқұлов" in text and "GP-9" in text and "03.09.2025" in text
    # Issued as a document: the office, its outgoing number from the proposal's id, the
    # region by name (issue 12).
    assert f"/P-{proposal['id']}" in text and "Алматы қаласы" in text
    assert "Қазақстан Республикасының Бас прокуратурасы" in " ".join(text.split())
    # The notice sits in the chamber's inbox, and only there.
    notice = chambers.get(f"/api/v1/reports/{proposal['notice_report_id']}", "ala")
    assert notice["kind"] == "licence_notice"
    assert [d["channel"] for d in notice["deliveries"]] == ["inbox"]
    assert chambers.get("/api/v1/reports", "ast")["items"] == []
    other = chambers.client.get(f"/api/v1/proposals/{proposal['id']}",
                                headers=chambers.as_("ast"))
    assert other.status_code == 404
    # The same alert change delivered again (a retry) makes no second proposal or notice.
    raised = _change("raised", "PB-1", "2025-09-03")
    ProposalsConsumer(chambers.system.sessions, chambers.system.proposals).changes([raised])
    chambers.system.chamber_tick.prepare_proposals()
    assert len(chambers.get("/api/v1/proposals", "admin")["items"]) == 1
    assert [r["kind"] for r in chambers.get("/api/v1/reports", "ala")["items"]] == [
        "licence_notice"]
    counts = {c["bailiff_id"]: (c["acts"], c["over"])
              for c in chambers.get("/api/v1/licence?year=2025", "ala")["items"]}
    assert counts == {"PB-1": (4, True), "PB-2": (0, False)}


def _change(kind: str, bailiff: str, due: str) -> Message:
    record = {"rule": "LICENCE_THRESHOLD", "proceeding_id": None, "bailiff_id": bailiff,
              "year": int(due[:4]), "due": due, "state": "open", "region": "ALA",
              "district": "ALA-MED"}
    return Message(ALERTS_CHANGES, bailiff, orjson.dumps({
        "change_id": f"{kind}-{bailiff}-{due}", "change": kind, "on": TODAY.isoformat(),
        "identity": f"LICENCE_THRESHOLD|{bailiff}|{due[:4]}", "alert": record}))


def test_a_proposal_withdrawn_raised_again_or_moved_is_made_anew(chambers: Chambers) -> None:
    bailiff = "ЖСО/1"  # ids are not always Latin, nor file-name safe
    acts = [act(f"2025-0{m}-03", f"GP-{m}", bailiff_id=bailiff, source="gp")
            for m in (2, 4, 6, 9)]
    chambers.feed([registered(bailiff, name="Сәуле Нұрланқызы")] + acts)
    desk = ProposalsConsumer(chambers.system.sessions, chambers.system.proposals)
    tick = chambers.system.chamber_tick
    [proposal] = chambers.get("/api/v1/proposals", "ala")["items"]
    assert proposal["crossed_on"] == "2025-09-03"
    desk.changes([_change("withdrawn", bailiff, "2025-09-03")])
    assert chambers.get(f"/api/v1/proposals/{proposal['id']}", "ala")["status"] == "withdrawn"
    desk.changes([_change("raised", bailiff, "2025-09-03")])
    assert tick.prepare_proposals() == 1
    # A late act dated in March moves the crossing to June (the monitor's `changed`): made
    # anew, with a corrected notice.
    chambers.feed([act("2025-03-10", "GP-3", bailiff_id=bailiff, source="gp")])
    again = chambers.get(f"/api/v1/proposals/{proposal['id']}", "ala")
    assert (again["status"], again["crossed_on"], again["act_ids"]) == (
        "ready", "2025-06-03", ["GP-2", "GP-3", "GP-4", "GP-6"])
    assert len(again["documents"]) == 4  # replaced, not added to
    notices = chambers.get("/api/v1/reports?kind=licence_notice", "ala")["items"]
    assert len(notices) == 3
    name = again["documents"][0]["filename"]
    assert name.startswith("licence-proposal-ЖСО_1-2025-")
    download = chambers.client.get(
        f"/api/v1/proposals/{proposal['id']}/documents/{quote(name)}",
        headers=chambers.as_("ala"))
    assert download.status_code == 200
    assert quote(name, safe="") in download.headers["content-disposition"]


def test_a_district_prosecutor_gets_no_regional_report(chambers: Chambers) -> None:
    chambers.feed(MEMBERS + _late_opening("EP-1", "PB-2", "2025-11-03"))
    chambers.system.chamber_tick()
    assert chambers.get("/api/v1/reports", "med")["items"] == []
    [report, *_] = chambers.get("/api/v1/reports", "ala")["items"]
    assert chambers.client.get(f"/api/v1/reports/{report['id']}",
                               headers=chambers.as_("med")).status_code == 404
    asked = chambers.client.post("/api/v1/reports", json={"from": "2025-11-01",
                                                         "to": "2025-11-30"},
                                 headers=chambers.as_("med"))
    assert asked.status_code == 403
    other = chambers.client.get("/api/v1/reports?region=AST", headers=chambers.as_("ala"))
    assert other.status_code == 403
    # The district prosecutor sees their district's bailiffs (state ones too), not PB-2 of
    # the other district.
    assert [b["bailiff_id"] for b in chambers.get("/api/v1/bailiffs", "med")["items"]] == [
        "PB-1", "SB-1"]


def test_a_chamber_sees_its_own_members_only(chambers: Chambers) -> None:
    chambers.feed(MEMBERS + _late_opening("EP-1", "PB-1", "2025-11-03")
                  + _late_opening("EP-2", "SB-1", "2025-11-03")
                  + _late_opening("EP-3", "PB-9", "2025-11-03"))
    members = [b["bailiff_id"] for b in chambers.get("/api/v1/bailiffs", "ala")["items"]]
    assert members == ["PB-1", "PB-2"]
    assert {b["bailiff_id"] for b in chambers.get("/api/v1/breaches", "ala")["items"]} == {
        "PB-1"}
    for foreign in ("SB-1", "PB-9"):
        response = chambers.client.get(f"/api/v1/bailiffs/{foreign}",
                                       headers=chambers.as_("ala"))
        assert response.status_code == 404
    # The justice body of the region sees its state bailiffs too; the alert queue stays
    # the prosecutors'.
    assert "SB-1" in [b["bailiff_id"] for b in chambers.get("/api/v1/bailiffs",
                                                             "justice")["items"]]
    assert chambers.client.get("/api/v1/alerts", headers=chambers.as_("ala")).status_code == 403
    profile = chambers.get("/api/v1/bailiffs/PB-1", "ala")
    assert profile["breaches_by_rule"] == {"OPENING_TERM": 1, "NOTICE_TERM": 1}


def test_scheduled_reports_once_per_period_with_the_members_breaches(
        chambers: Chambers) -> None:
    chambers.feed(MEMBERS + _late_opening("EP-1", "PB-1", "2025-11-03")
                  + _late_opening("EP-2", "PB-2", "2025-10-01")
                  + _late_opening("EP-3", "PB-9", "2025-11-03"))
    made = chambers.system.chamber_tick()
    assert made["reports"] == 4  # weekly and monthly, for ALA and for AST
    again = chambers.system.chamber_tick()
    assert again["reports"] == 0
    reports = {(r["region"], r["kind"]): r for r in chambers.get("/api/v1/reports",
                                                                  "admin")["items"]}
    assert set(reports) == {(region, kind) for region in ("ALA", "AST")
                            for kind in ("weekly", "monthly")}
    monthly = reports[("ALA", "monthly")]
    assert (monthly["period_from"], monthly["period_to"]) == ("2025-11-01", "2025-11-30")
    # EP-1 breached in November (PB-1); EP-2's terms ran out in October; EP-3 is AST's.
    assert monthly["summary"]["breaches"] == 2
    weekly = reports[("ALA", "weekly")]
    assert (weekly["period_from"], weekly["period_to"]) == ("2025-11-24", "2025-11-30")
    detail = chambers.get(f"/api/v1/reports/{monthly['id']}", "ala")
    xlsx = next(d for d in detail["documents"] if d["filename"].endswith("-ru.xlsx"))
    body = chambers.client.get(f"/api/v1/reports/{monthly['id']}/documents/{xlsx['filename']}",
                               headers=chambers.as_("ala")).content
    rows = list(load_workbook(io.BytesIO(body), read_only=True)["Нарушения"]
                .iter_rows(values_only=True))
    assert sorted((r[1], r[2], r[4]) for r in rows[1:]) == [  # dates as dates (issue 12)
        ("PB-1", "EP-1", datetime(2025, 11, 6)), ("PB-1", "EP-1", datetime(2025, 11, 6))]
    details = dict(load_workbook(io.BytesIO(body), read_only=True)["Реквизиты"]
                   .iter_rows(values_only=True))
    assert str(details["Исходящий номер"]).endswith(f"/R-{monthly['id']}")
    assert details["Регион"] == "город Алматы"
    assert chambers.client.get(f"/api/v1/reports/{monthly['id']}",
                               headers=chambers.as_("ast")).status_code == 404


def test_on_demand_report_by_the_chamber_for_itself_only(chambers: Chambers) -> None:
    chambers.feed(MEMBERS + _late_opening("EP-1", "PB-1", "2025-11-03"))
    made = chambers.client.post("/api/v1/reports", json={"from": "2025-01-01",
                                                         "to": "2025-11-30"},
                                headers=chambers.as_("ala"))
    assert made.status_code == 201, made.text
    assert (made.json()["region"], made.json()["kind"], made.json()["summary"]["breaches"]) == (
        "ALA", "on_demand", 2)
    refused = chambers.client.post("/api/v1/reports", json={"region": "ALA",
                                                            "from": "2025-01-01",
                                                            "to": "2025-11-30"},
                                   headers=chambers.as_("ast"))
    assert refused.status_code == 403
    backwards = chambers.client.post("/api/v1/reports", json={"from": "2025-12-01",
                                                              "to": "2025-11-30"},
                                     headers=chambers.as_("ala"))
    assert backwards.status_code == 422 and "before it begins" in backwards.json()["detail"]


def test_inspection_plan_from_records_and_acts(chambers: Chambers) -> None:
    chambers.feed(MEMBERS + [
        registered("PB-3", started_on="2015-05-01"),
        registered("PB-4", started_on="2015-05-01"),
        act("2025-10-03", "GP-1", bailiff_id="PB-4", source="gp"),
        act("2025-10-04", "GP-2", bailiff_id="PB-4", source="gp")])
    for bailiff, on in (("PB-1", "2024-06-10"), ("PB-3", "2024-09-01"), ("PB-4", "2024-02-01")):
        added = chambers.client.post(f"/api/v1/bailiffs/{bailiff}/records", json={
            "kind": "inspection", "on": on, "violations_found": bailiff == "PB-3"},
            headers=chambers.as_("ala"))
        assert added.status_code == 201, added.text
    chambers.client.post("/api/v1/bailiffs/PB-3/records", json={
        "kind": "complaint", "on": "2025-11-20"}, headers=chambers.as_("justice"))
    foreign = chambers.client.post("/api/v1/bailiffs/PB-9/records", json={
        "kind": "complaint", "on": "2025-11-20"}, headers=chambers.as_("ala"))
    assert foreign.status_code == 404
    plan = chambers.get("/api/v1/inspection-plan", "ala")
    assert (plan["from"], plan["to"]) == ("2025-10-01", "2025-12-31")
    entries = [(e["bailiff_id"], e["kind"], e["score"]) for e in plan["items"]]
    # PB-4: two acts (3 each); PB-3: violations (2) and a complaint (1); PB-1: a year after
    # its last inspection; PB-2 started in April 2025: initial from 20 October.
    assert entries == [("PB-4", "periodic", 6.0), ("PB-3", "periodic", 3.0),
                       ("PB-2", "initial", 1.0), ("PB-1", "periodic", 0.0)]
    initial = next(e for e in plan["items"] if e["bailiff_id"] == "PB-2")
    assert (initial["window_from"], initial["window_to"]) == ("2025-10-20", "2026-04-20")
    assert chambers.get("/api/v1/inspection-plan", "ast")["items"][0]["bailiff_id"] == "PB-9"


def _all_pages(chambers: Chambers, path: str, who: str, size: int) -> list[Any]:
    """Every item of a list, read a page of `size` at a time by its cursors."""
    items: list[Any] = []
    cursor: str | None = None
    path, _, query = path.partition("?")
    filters = dict(part.split("=") for part in query.split("&") if part)
    for _ in range(100):
        page = chambers.client.get(path, params=filters | {"limit": size} | (
            {"cursor": cursor} if cursor else {}), headers=chambers.as_(who))
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError(f"{path}: the cursors never ended")


def test_every_list_of_the_chambers_pages_by_cursor(chambers: Chambers) -> None:
    """Each list read a row at a time by its cursors is the list read at once, in its order;
    a cursor of another list's kind is refused."""
    acts = [act(f"2025-0{m}-0{day}", f"GP-{bailiff}-{m}", kind="protest", bailiff_id=bailiff,
                source="gp") for bailiff, day in (("PB-1", 3), ("PB-2", 4))
            for m in (2, 4, 6, 9)]
    chambers.feed(MEMBERS + [registered("PB-3", started_on="2015-05-01")] + acts
                  + _late_opening("EP-P1", "PB-1", "2025-10-01")
                  + _late_opening("EP-P2", "PB-1", "2025-10-02")
                  + _late_opening("EP-P3", "PB-2", "2025-10-03"))
    chambers.system.chamber_tick.prepare_proposals()
    lists = ["/api/v1/bailiffs", "/api/v1/breaches", "/api/v1/licence?year=2025",
             "/api/v1/inspection-plan", "/api/v1/proposals", "/api/v1/reports", "/api/v1/acts",
             "/api/v1/alerts", "/api/v1/proceedings?bailiff_id=PB-1"]
    for path in lists:
        who = "admin" if path.startswith(("/api/v1/acts", "/api/v1/alerts",
                                          "/api/v1/proceedings")) else "ala"
        whole = chambers.get(path + ("&" if "?" in path else "?") + "limit=500", who)
        assert whole["next_cursor"] is None
        assert len(whole["items"]) >= 2, (path, whole["items"])
        assert _all_pages(chambers, path, who, 1) == whole["items"], path
        assert _all_pages(chambers, path, who, 2) == whole["items"], path
    # The breaches' cursor is a (day, id) key: a bailiffs' cursor (an id) is not one.
    first = chambers.client.get("/api/v1/bailiffs?limit=1", headers=chambers.as_("ala")).json()
    wrong = chambers.client.get("/api/v1/breaches", params={"cursor": first["next_cursor"]},
                                headers=chambers.as_("ala"))
    assert (wrong.status_code, wrong.json()["code"]) == (422, "cursor_invalid")


def test_chamber_commands(tmp_path: Any, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    from services.cli import main

    url = f"sqlite:///{tmp_path / 'q.db'}"
    system = in_process_system(url, TODAY)
    try:
        Chambers(system).feed(MEMBERS + _late_opening("EP-1", "PB-1", "2025-11-03"))
    finally:
        system.stop()
    monkeypatch.setenv("QADAGALAU_DATABASE_URL", url)
    monkeypatch.setenv("QADAGALAU_TODAY", TODAY.isoformat())
    assert main(["chamber", "set", "ALA", "--languages", "ru"]) == 0
    assert '"languages": "ru"' in capsys.readouterr().out
    assert main(["chamber", "set", "ALA", "--languages", "en"]) == 2
    assert "--languages" in capsys.readouterr().err
    out = tmp_path / "out"
    assert main(["chamber", "report", "ALA", "--from", "2025-11-01", "--to", "2025-11-30",
                 "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "report-ALA-on_demand-20251101-20251130-ru.pdf",
        "report-ALA-on_demand-20251101-20251130-ru.xlsx"]
    assert main(["chamber", "report", "ALA", "--from", "2025-11-30", "--to", "2025-11-01"]) == 2


def test_an_unscheduled_inspection_on_its_ground(chambers: Chambers) -> None:
    """Seed 004 §11: an unscheduled inspection is made on a complaint, an appeal, an act or a
    court's private ruling, and covers only the actions complained of; its certificate is due
    within 5 working days of its end (§20). A chamber records its own members' only; the
    bailiff's card counts the grounds (appeals and acts of the last twelve months)."""
    chambers.feed(MEMBERS + [
        act("2025-10-03", "GP-1", bailiff_id="PB-1", source="gp"),
        event("appeal.received", "2025-11-03", None, appeal_id="AP-7", region="ALA",
              district="ALA-MED", bailiff_id="PB-1",
              applicant={"kind": "individual", "name": "Applicant"})])
    path = "/api/v1/bailiffs/PB-1/records"
    base = {"kind": "inspection", "on": "2025-11-10", "inspection_kind": "unscheduled",
            "ground": "appeal", "ground_ref": "AP-7", "order_no": "12-п",
            "ordered_on": "2025-11-05", "notified_on": "2025-11-06", "ended_on": "2025-11-14"}

    def post(body: dict[str, Any], who: str = "ala") -> Any:
        return chambers.client.post(path, json=body, headers=chambers.as_(who))

    def planned() -> dict[str, Any]:
        plan = chambers.get("/api/v1/inspection-plan?from=2025-12-01&to=2025-12-31", "ala")
        return {e["bailiff_id"]: e for e in plan["items"]}

    # The appeal about PB-1 proposes an unscheduled inspection (or rides on a scheduled one).
    assert planned()["PB-1"]["appeals"] == 1
    no_actions = post(base)
    assert (no_actions.status_code, no_actions.json()["code"]) == (
        422, "inspection_actions_required")
    no_ground = post(base | {"ground": None, "actions_concerned": "арест счетов"})
    assert no_ground.json()["code"] == "inspection_ground_required"
    backwards = post(base | {"actions_concerned": "арест счетов", "ended_on": "2025-11-07"})
    assert backwards.json()["code"] == "inspection_days_out_of_order"
    periodic_ground = post(base | {"inspection_kind": "periodic"})
    assert periodic_ground.json()["code"] == "inspection_ground_unscheduled"
    # The other chamber does not see PB-1 to inspect it.
    assert post(base | {"actions_concerned": "арест счетов"}, "ast").status_code == 404
    made = post(base | {"actions_concerned": "арест счетов без санкции"})
    assert made.status_code == 201, made.text
    # Inspected since the appeal: no longer a ground.
    assert planned().get("PB-1", {"appeals": 0})["appeals"] == 0
    card = chambers.get("/api/v1/bailiffs/PB-1", "ala")
    [record] = [r for r in card["records"] if r["inspection_kind"] == "unscheduled"]
    # Ended Fri 14 Nov: 17, 18, 19, 20, 21 Nov; not sent by today, 1 Dec: late.
    assert (record["ground"], record["ground_ref"], record["certificate_due_on"],
            record["certificate_late"]) == ("appeal", "AP-7", "2025-11-21", True)
    assert card["unscheduled_grounds"] == {"appeals": 1, "acts": 1}
    sent = post(base | {"actions_concerned": "арест счетов", "certificate_sent_on": "2025-11-21",
                        "on": "2025-11-11"})
    assert sent.status_code == 201
    card = chambers.get("/api/v1/bailiffs/PB-1", "ala")
    late = {r["on"]: r["certificate_late"] for r in card["records"]
            if r["inspection_kind"] == "unscheduled"}
    assert late == {"2025-11-10": True, "2025-11-11": False}
    # A state bailiff has no chamber inspections, nor their grounds.
    assert chambers.get("/api/v1/bailiffs/SB-1", "admin")["unscheduled_grounds"] is None


def test_an_inspection_s_certificate_goes_to_the_chamber_and_the_territorial_body(
        chambers: Chambers) -> None:
    """Seed 004 §§14, 20–21: the commission's certificate — its result and recommendations —
    goes out within five working days of the end; the chamber's copy is in its inbox (which
    the region's territorial body reads too) with a PDF in each of its languages. The notice
    of the order came late (less than ten calendar days before the start), and it says so."""
    from io import BytesIO

    from pypdf import PdfReader

    chambers.feed(MEMBERS)
    added = chambers.client.post("/api/v1/bailiffs/PB-1/records", headers=chambers.as_("ala"),
                                 json={"kind": "inspection", "on": "2025-11-10",
                                       "inspection_kind": "unscheduled", "ground": "act",
                                       "ground_ref": "GP-1", "actions_concerned": "арест счетов",
                                       "order_no": "12-п", "ordered_on": "2025-11-03",
                                       "notified_on": "2025-11-05"})
    assert added.status_code == 201, added.text
    record_id = added.json()["id"]
    path = f"/api/v1/bailiffs/PB-1/records/{record_id}/certificate"

    def certify(body: dict[str, Any], who: str = "justice") -> Any:
        return chambers.client.post(path, json=body, headers=chambers.as_(who))

    no_end = certify({})
    assert (no_end.status_code, no_end.json()["code"]) == (422, "inspection_end_required")
    assert certify({"ended_on": "2025-11-07"}).json()["code"] == "inspection_days_out_of_order"
    assert certify({"ended_on": "2025-11-14"}, "med").status_code == 403  # not a prosecutor's
    assert certify({"ended_on": "2025-11-14"}, "ast").status_code == 404
    done = certify({"ended_on": "2025-11-14", "on": "2025-11-20", "violations_found": True,
                    "recommendations": "арест счетов согласовать с прокурором до 01.12.2025"})
    assert done.status_code == 200, done.text
    record = done.json()["record"]
    assert (record["certificate_due_on"], record["certificate_sent_on"],
            record["certificate_late"], record["order_notice_in_time"]) == (
        "2025-11-21", "2025-11-20", False, False)
    again = certify({"ended_on": "2025-11-14"})
    assert (again.status_code, again.json()["code"]) == (409, "certificate_issued")
    report_id = done.json()["report_id"]
    for reader in ("ala", "justice"):  # the chamber and the region's territorial body
        report = chambers.get(f"/api/v1/reports/{report_id}", reader)
        assert (report["kind"], report["summary"]["record_id"]) == (
            "certificate", record_id)
    assert chambers.client.get(f"/api/v1/reports/{report_id}",
                               headers=chambers.as_("ast")).status_code == 404
    documents = {d["language"]: d["filename"] for d in report["documents"]}
    assert set(documents) == {"kk", "ru"}
    pdf = chambers.client.get(f"/api/v1/reports/{report_id}/documents/{documents['ru']}",
                              headers=chambers.as_("ala"))
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    for words in ("Справка о результатах проверки", "внеплановая (оперативная) проверка",
                  "нарушения выявлены", "позднее чем за десять", "12-п"):
        assert words in " ".join(text.split()), words
    # A certificate already recorded as sent (the record's own day) is not issued again.
    recorded = chambers.client.post("/api/v1/bailiffs/PB-1/records", headers=chambers.as_("ala"),
                                    json={"kind": "inspection", "on": "2025-10-01",
                                          "inspection_kind": "periodic",
                                          "ended_on": "2025-10-03",
                                          "certificate_sent_on": "2025-10-06"}).json()["id"]
    twice = chambers.client.post(f"/api/v1/bailiffs/PB-1/records/{recorded}/certificate",
                                 json={}, headers=chambers.as_("justice"))
    assert (twice.status_code, twice.json()["code"]) == (409, "certificate_issued")
    # Another bailiff's record is not this one's; a state bailiff is not the commission's.
    elsewhere = chambers.client.post(f"/api/v1/bailiffs/PB-2/records/{record_id}/certificate",
                                     json={"ended_on": "2025-11-14"},
                                     headers=chambers.as_("justice"))
    assert elsewhere.status_code == 404
    state = chambers.client.post("/api/v1/bailiffs/SB-1/records", headers=chambers.as_("admin"),
                                 json={"kind": "inspection", "on": "2025-10-01"})
    assert (state.status_code, state.json()["code"]) == (422, "inspection_private_only")


def test_an_appeal_stays_a_ground_until_an_inspection_covers_it(chambers: Chambers) -> None:
    """An unscheduled inspection covers only its own ground (seed 004 §11): one on a complaint
    leaves the appeal a ground; one on that appeal, or a scheduled one after it, does not."""
    chambers.feed(MEMBERS + [
        event("appeal.received", "2025-11-03", None, appeal_id="AP-9", region="ALA",
              district="ALA-MED", bailiff_id="PB-1",
              applicant={"kind": "individual", "name": "Applicant"})])

    def record(**body: Any) -> None:
        answer = chambers.client.post("/api/v1/bailiffs/PB-1/records", headers=chambers.as_("ala"),
                                      json={"kind": "inspection"} | body)
        assert answer.status_code == 201, answer.text

    def appeals() -> int:
        plan = chambers.get("/api/v1/inspection-plan?from=2025-12-01&to=2025-12-31", "ala")
        entry = {e["bailiff_id"]: e for e in plan["items"]}.get("PB-1")
        return int(entry["appeals"]) if entry else 0

    assert appeals() == 1
    record(on="2025-11-10", inspection_kind="unscheduled", ground="complaint",
           actions_concerned="арест счетов")
    assert appeals() == 1
    record(on="2025-11-12", inspection_kind="unscheduled", ground="appeal", ground_ref="AP-9",
           actions_concerned="бездействие")
    assert appeals() == 0
