"""Reports up the prosecutor hierarchy: drafted on schedule once a period closes, sent by the
office, in the superior's inbox (and by e-mail to a real SMTP server), late or missing reports
shown to the superior, the region's report consolidating its districts'. On SQLite and
PostgreSQL."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from services.bootstrap import System, app_for, build
from shared.auth import create_token
from shared.bus.memory import InProcessBus
from shared.settings import Policy, Runtime
from shared.storage import transaction
from tests.builders import accepted, act, event, registered
from tests.integration.test_delivery import FlakySmtp, _deliver_until_settled, smtp_server

# Tuesday 6 January 2026: the districts' fourth-quarter reports were due on the 5th, the
# region's December and fourth-quarter reports on the 7th — Orthodox Christmas, a day off — so
# on the 8th.
TODAY = date(2026, 1, 6)


class Offices:
    def __init__(self, system: System) -> None:
        self.system = system
        self.client = TestClient(app_for(system))
        with transaction(system.sessions) as session:
            self.tokens = {
                "med": create_token(session, role="prosecutor", name="med", region="ALA",
                                    district="ALA-MED"),
                "bos": create_token(session, role="prosecutor", name="bos", region="ALA",
                                    district="ALA-BOS"),
                "sup": create_token(session, role="supervisor", name="sup", region="ALA"),
                "gpo": create_token(session, role="supervisor", name="gpo"),
                "aud": create_token(session, role="auditor", name="aud"),
                "chamber": create_token(session, role="chamber", name="ch", region="ALA"),
            }

    def call(self, method: str, path: str, who: str, body: Any = None) -> Any:
        return self.client.request(method, path, json=body,
                                   headers={"Authorization": f"Bearer {self.tokens[who]}"})

    def inbox(self, who: str, query: str = "") -> list[dict[str, Any]]:
        answer = self.call("GET", f"/api/v1/oversight/reports?limit=100{query}", who)
        assert answer.status_code == 200, answer.text
        items: list[dict[str, Any]] = answer.json()["items"]
        return items


@pytest.fixture
def smtp() -> Iterator[tuple[FlakySmtp, int]]:
    yield from smtp_server(refusals=0)


@pytest.fixture
def offices(database_url: str, smtp: tuple[FlakySmtp, int]) -> Iterator[Offices]:
    runtime = Runtime(database_url=database_url, smtp_host="127.0.0.1", smtp_port=smtp[1],
                      smtp_sender="qadagalau@prokuratura.test", delivery_backoff_seconds=0.05)
    system = build(runtime, Policy(today=TODAY), InProcessBus())
    events = [
        registered("PB-1"), registered("PB-2", kind="state", district="ALA-BOS"),
        # Opened late (3 Nov → 28 Nov): the opening and notice terms breached in the quarter.
        accepted("2025-11-03", "EP-1", bailiff_id="PB-1"),
        event("proceeding.initiated", "2025-11-28", "EP-1", sent_to_debtor_on="2025-11-28"),
        accepted("2025-10-01", "EP-2", bailiff_id="PB-2", district="ALA-BOS"),
        event("proceeding.initiated", "2025-10-02", "EP-2", sent_to_debtor_on="2025-10-02"),
        event("decree.issued", "2025-11-10", "EP-1", decree_id="D-1",
              decree_kind="arrest_real_estate"),
        event("sanction.decided", "2025-11-11", "EP-1", decree_id="D-1", decision="granted",
              prosecutor_id="P-7"),
        event("decree.issued", "2025-12-01", "EP-2", decree_id="D-2",
              decree_kind="arrest_real_estate"),
        event("sanction.decided", "2025-12-01", "EP-2", decree_id="D-2", decision="refused",
              reason="мүлік борышкерге тиесілі емес", prosecutor_id="P-8"),
        act("2025-11-20", "GP-1", "representation", bailiff_id="PB-1", proceeding_id="EP-1"),
        # Never decided: the office's own term breached, never counted against the bailiff.
        event("decree.issued", "2025-12-10", "EP-1", decree_id="D-3",
              decree_kind="arrest_real_estate"),
    ]
    results = system.receiver.batch(events, "test")
    assert all(r.status == "accepted" for r in results), results
    system.settle()
    try:
        yield Offices(system)
    finally:
        system.stop()


def _kinds(items: list[dict[str, Any]]) -> list[tuple[str, str, str | None, str]]:
    return sorted((r["level"], r["kind"], r["district"], r["period_from"]) for r in items)


def test_reports_are_drafted_once_when_their_period_closes(offices: Offices) -> None:
    assert offices.system.oversight_tick() == 4
    assert offices.system.oversight_tick() == 0  # a repeated tick drafts nothing twice
    drafted = offices.inbox("gpo")
    assert _kinds(drafted) == [
        ("district", "quarterly", "ALA-BOS", "2025-10-01"),
        ("district", "quarterly", "ALA-MED", "2025-10-01"),
        ("region", "monthly", None, "2025-12-01"),
        ("region", "quarterly", None, "2025-10-01")]
    due = {(r["level"], r["kind"]): r["due_on"] for r in drafted}
    assert due == {("district", "quarterly"): "2026-01-05", ("region", "monthly"): "2026-01-08",
                   ("region", "quarterly"): "2026-01-08"}
    # Unsent a day past the 5th: the districts' reports are overdue; the region's not yet due.
    assert {(r["level"], r["timeliness"], r["days_late"]) for r in drafted} == {
        ("district", "overdue", 1), ("region", "pending", 0)}


def test_a_district_sends_its_report_and_the_region_sees_how_each_came(
        offices: Offices, smtp: tuple[FlakySmtp, int]) -> None:
    mailbox, _ = smtp
    offices.system.oversight_tick()
    with transaction(offices.system.sessions) as session:
        offices.system.oversight.configure(session, "ALA", "", "Алматы облысының прокуратурасы",
                                           "ala@prokuratura.test", None, None, "ru")
    # A district prosecutor sees their own district's report only.
    [own] = offices.inbox("med")
    assert (own["level"], own["district"]) == ("district", "ALA-MED")
    report = offices.call("GET", f"/api/v1/oversight/reports/{own['id']}", "med").json()
    assert report["allowed_actions"] == ["oversight.send"]
    figures = report["figures"]
    [med] = figures["districts"]
    # The representation of 20 November unanswered past its 30 days: still open.
    assert med["breaches"] == {"OPENING_TERM": {"found": 1, "open": 0},
                               "NOTICE_TERM": {"found": 1, "open": 0},
                               "ACT_RESPONSE_TERM": {"found": 1, "open": 1},
                               "SANCTION_DECISION_TERM": {"found": 1, "open": 1}}
    assert med["sanctions"] == {"granted": 1, "refused": 0, "late": 1}
    assert (med["acts"]["total"], med["acts"]["by_kind"]) == (1, {"representation": 1})
    # The bailiff's own breaches only: the undecided sanction request is the office's.
    assert [(b["bailiff_id"], b["breaches"]) for b in figures["bailiffs"]] == [("PB-1", 3)]

    sent = offices.call("POST", f"/api/v1/oversight/reports/{own['id']}/send", "med")
    assert sent.status_code == 200, sent.text
    sent_report = sent.json()
    assert (sent_report["sent_on"], sent_report["timeliness"], sent_report["days_late"]) == (
        "2026-01-06", "late", 1)
    assert sent_report["allowed_actions"] == []
    # The superior receives it in Russian only, as its settings say, in both formats.
    assert sorted(d["filename"].rsplit("-", 1)[1] for d in sent_report["documents"]) == [
        "ru.pdf", "ru.xlsx"]
    assert [(d["channel"], d["status"]) for d in sent_report["deliveries"]] == [
        ("inbox", "delivered"), ("email", "pending")]
    again = offices.call("POST", f"/api/v1/oversight/reports/{own['id']}/send", "med")
    assert (again.status_code, again.json()["code"]) == (409, "report_sent")
    # Another district's report is not the district prosecutor's to see or send, nor the
    # superior's to send for it: ALA-BOS stays overdue.
    others = [r for r in offices.inbox("sup") if r["district"] == "ALA-BOS"]
    [bos] = others
    assert offices.call("POST", f"/api/v1/oversight/reports/{bos['id']}/send",
                        "med").status_code == 404
    for superior in ("sup", "gpo"):
        refused = offices.call("POST", f"/api/v1/oversight/reports/{bos['id']}/send", superior)
        assert (refused.status_code, refused.json()["code"]) == (403, "not_the_reporting_office")
    # The region's draft shows its districts' reports as they stand now, not as drafted.
    [draft] = [r for r in offices.inbox("sup", "&level=region") if r["kind"] == "quarterly"]
    shown = offices.call("GET", f"/api/v1/oversight/reports/{draft['id']}", "sup").json()
    assert [(d["district"], d["timeliness"]) for d in shown["figures"]["district_reports"]] == [
        ("ALA-BOS", "overdue"), ("ALA-MED", "late")]

    _deliver_until_settled(offices.system)
    [mail] = mailbox.received
    assert mail["To"] == "ala@prokuratura.test"
    attached = {part.get_filename(): part.get_payload(decode=True)
                for part in mail.walk() if part.get_filename()}
    xlsx = next(content for name, content in attached.items() if name.endswith(".xlsx"))
    book = load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames[:2] == ["Сводка", "Районы"]
    summary = {row[0]: row[1] for row in book["Сводка"].iter_rows(min_row=2, values_only=True)}
    assert (summary["Выявлено нарушений"], summary["из них не устранено"]) == (3, 1)
    assert summary["Санкция дана"] == 1
    assert summary["Внесено актов прокурорского надзора"] == 1
    assert next(c for n, c in attached.items() if n.endswith(".pdf")).startswith(b"%PDF")

    # The region's quarterly report: its districts' figures added up, and how their reports
    # came — one late, one missing past its day.
    [quarterly] = [r for r in offices.inbox("sup", "&level=region")
                   if r["kind"] == "quarterly"]
    region = offices.call("POST", f"/api/v1/oversight/reports/{quarterly['id']}/send", "sup")
    assert region.status_code == 200, region.text
    consolidated = region.json()["figures"]
    assert [d["district"] for d in consolidated["districts"]] == ["ALA-BOS", "ALA-MED"]
    assert consolidated["total"]["sanctions"] == {"granted": 1, "refused": 1, "late": 1}
    assert [(d["district"], d["timeliness"], d["sent_on"])
            for d in consolidated["district_reports"]] == [
        ("ALA-BOS", "overdue", None), ("ALA-MED", "late", "2026-01-06")]
    assert region.json()["timeliness"] == "in_time"
    # The General Prosecutor's Office sees the region's report; a district prosecutor never.
    assert quarterly["id"] in [r["id"] for r in offices.inbox("gpo", "&sent=true")]
    assert quarterly["id"] not in [r["id"] for r in offices.inbox("med")]


def test_a_report_on_request_and_who_may_ask_for_it(offices: Offices) -> None:
    body = {"level": "district", "from": "2025-11-01", "to": "2025-11-30"}
    made = offices.call("POST", "/api/v1/oversight/reports", "med", body)
    assert made.status_code == 201, made.text
    report = made.json()
    assert (report["district"], report["kind"], report["due_on"], report["timeliness"]) == (
        "ALA-MED", "on_demand", None, "unscheduled")
    assert len(report["documents"]) == 4  # kk and ru, XLSX and PDF
    name = report["documents"][0]["filename"]
    document = offices.call(
        "GET", f"/api/v1/oversight/reports/{report['id']}/documents/{name}", "med")
    assert document.status_code == 200 and document.content[:2] == b"PK"
    # A district prosecutor may not draft the region's report nor another district's.
    region = offices.call("POST", "/api/v1/oversight/reports", "med",
                          body | {"level": "region"})
    assert (region.status_code, region.json()["code"]) == (403, "outside_jurisdiction")
    other = offices.call("POST", "/api/v1/oversight/reports", "med",
                         body | {"district": "ALA-BOS"})
    assert other.status_code == 403
    assert offices.call("POST", "/api/v1/oversight/reports", "aud", body).status_code == 403
    assert offices.call("POST", "/api/v1/oversight/reports", "sup",
                        body | {"district": "ALA-BOS"}).status_code == 201
    backwards = offices.call("POST", "/api/v1/oversight/reports", "sup",
                             body | {"from": "2025-12-01"})
    assert backwards.status_code == 422


def test_an_office_s_addresses_are_set_from_the_command_line(
        tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from services.cli import main

    url = f"sqlite:///{tmp_path / 'q.db'}"
    build(Runtime(database_url=url), Policy(today=TODAY), InProcessBus()).stop()
    monkeypatch.setenv("QADAGALAU_DATABASE_URL", url)
    assert main(["office", "set", "--email", "reports@gp.test", "--languages", "kk"]) == 0
    said = capsys.readouterr().out
    assert '"region": null' in said and '"email": "reports@gp.test"' in said
    assert main(["office", "set", "--region", "ALA", "--webhook", "ftp://x"]) == 2
    assert "--webhook" in capsys.readouterr().err

