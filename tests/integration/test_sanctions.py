"""The sanctions service through its HTTP edge: routing, the queue, signed decisions (with a
forged signature, an untrusted CA, another district, a double decision, a refusal without
reasons), publication, UNSANCTIONED_EXECUTION through the monitor, and the audit log."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from services.bootstrap import System, app_for, build
from services.cli import main
from services.sanctions.models import AuditLogEntry
from shared.auth import create_token
from shared.bus.memory import InProcessBus
from shared.settings import Policy, Runtime
from shared.signatures import CmsVerifier, canonical, sign
from shared.storage import transaction
from tests.builders import accepted, event
from tests.support.pki import Identity, authority, intermediate, prosecutor

TODAY = date(2025, 10, 21)


class Desk:
    def __init__(self, system: System, root: Identity, issuing: Identity) -> None:
        self.system, self.issuing = system, issuing
        self.client = TestClient(app_for(system))
        self.tokens: dict[str, str] = {}
        self.keys = {"med": prosecutor(issuing, "Prosecutor Medeu"),
                     "bost": prosecutor(issuing, "Prosecutor Bostandyk")}
        with transaction(system.sessions) as session:
            for name, role, region, district in [
                ("admin", "admin", None, None), ("ais", "bailiff-system", None, None),
                ("med", "prosecutor", "ALA", "ALA-MED"), ("bost", "prosecutor", "ALA", "ALA-BOS"),
            ]:
                self.tokens[name] = create_token(session, role=role, name=name, region=region,
                                                 district=district)

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def feed(self, events: list[dict[str, Any]]) -> None:
        results = self.system.receiver.batch(events, "test")
        assert all(r.status == "accepted" for r in results), results
        self.system.settle()

    def signed(self, who: str, decree_id: str, decision: str, reason: str | None = None,
               signer: Identity | None = None, chain: list[Any] | None = None) -> str:
        content = self.client.post(f"/api/v1/sanctions/{decree_id}/to-sign",
                                   json={"decision": decision, "reason": reason},
                                   headers=self.as_(who)).json()["content_base64"]
        identity = signer or self.keys[who]
        signature = sign(base64.b64decode(content), identity.certificate, identity.key,
                         chain if chain is not None else [self.issuing.certificate])
        return base64.b64encode(signature).decode()

    def decide(self, who: str, decree_id: str, decision: str, reason: str | None = None,
               signature: str | None = None):  # type: ignore[no-untyped-def]
        signature = signature or self.signed(who, decree_id, decision, reason)
        return self.client.post(f"/api/v1/sanctions/{decree_id}/decision",
                                json={"decision": decision, "reason": reason,
                                      "signature": signature}, headers=self.as_(who))


@pytest.fixture
def desk(database_url: str) -> Iterator[Desk]:
    root = authority()
    issuing = intermediate(root)
    system = build(Runtime(database_url=database_url), Policy(today=TODAY), InProcessBus(),
                   CmsVerifier([root.certificate]))
    try:
        yield Desk(system, root, issuing)
    finally:
        system.stop()


def _decrees(district: str = "ALA-MED", pid: str = "EP-1") -> list[dict[str, Any]]:
    doc = accepted("2025-10-01", pid)
    doc["district"] = district
    return [doc] + [event("decree.issued", "2025-10-20", pid, decree_id=f"{pid}-{kind}",
                          decree_kind=kind)
                    for kind in ("arrest_bank_funds", "restrict_exit", "other")]


def test_routing_by_the_catalogue(desk: Desk) -> None:
    desk.feed(_decrees())
    get = desk.client.get
    bank = get("/api/v1/sanctions/EP-1-arrest_bank_funds", headers=desk.as_("ais")).json()
    assert (bank["status"], bank["district"], bank["due_on"]) == ("pending", "ALA-MED",
                                                                  "2025-10-21")
    exit_ = get("/api/v1/sanctions/EP-1-restrict_exit", headers=desk.as_("ais")).json()
    assert (exit_["status"], exit_["detail"]) == ("court", "court sanction, not the prosecutor's")
    assert get("/api/v1/sanctions/EP-1-other", headers=desk.as_("ais")).json()["status"] == \
        "triage"
    desk.system.relay.relay_all()
    answers = [orjson.loads(m.value) for m in desk.system.bus.messages(  # type: ignore[attr-defined]
        "sanctions.decisions")]
    assert answers == [{"decree_id": "EP-1-restrict_exit", "proceeding_id": "EP-1",
                        "decision": "not_prosecutor",
                        "detail": "court sanction, not the prosecutor's"}]
    triage = desk.client.get("/api/v1/sanctions?status=triage", headers=desk.as_("admin"))
    assert [r["decree_id"] for r in triage.json()["items"]] == ["EP-1-other"]


def test_the_queue_is_oldest_first_and_per_office(desk: Desk) -> None:
    desk.feed(_decrees("ALA-MED", "EP-1") + _decrees("ALA-BOS", "EP-2") + [
        event("decree.issued", "2025-10-15", "EP-1", decree_id="EP-1-old",
              decree_kind="arrest_real_estate")])
    queue = desk.client.get("/api/v1/sanctions", headers=desk.as_("med")).json()["items"]
    assert [(q["decree_id"], q["working_days_left"]) for q in queue] == [
        ("EP-1-old", -3), ("EP-1-arrest_bank_funds", 0)]
    assert [q["decree_id"] for q in desk.client.get(
        "/api/v1/sanctions", headers=desk.as_("bost")).json()["items"]] == [
        "EP-2-arrest_bank_funds"]
    page = desk.client.get("/api/v1/sanctions?limit=1&decree_kind=arrest_real_estate",
                           headers=desk.as_("admin")).json()
    assert [q["decree_id"] for q in page["items"]] == ["EP-1-old"]
    assigned = desk.client.post("/api/v1/sanctions/EP-1-old/assignment",
                                json={"assignee": "med"}, headers=desk.as_("med"))
    assert assigned.json()["assignee"] == "med"


def test_a_signed_grant_is_accepted_published_and_verifiable_later(desk: Desk) -> None:
    desk.feed(_decrees())
    response = desk.decide("med", "EP-1-arrest_bank_funds", "granted")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["decided_by"]) == ("granted", "med")
    assert "Prosecutor Medeu" in body["signer"]
    # Anyone can verify it again: the signature and the canonical content are stored.
    content = canonical({"decree_id": "EP-1-arrest_bank_funds", "proceeding_id": "EP-1",
                         "decree_kind": "arrest_bank_funds", "document_sha256": None,
                         "decision": "granted", "reason": None, "prosecutor": "med",
                         "decided_on": "2025-10-21"})
    verifier = CmsVerifier([desk.issuing.certificate])  # trusting the intermediate suffices too
    assert verifier.verify(content, base64.b64decode(body["signature"])).subject == body["signer"]
    desk.system.relay.relay_all()
    published = [orjson.loads(m.value) for m in desk.system.bus.messages(  # type: ignore[attr-defined]
        "sanctions.decisions")]
    assert published[-1]["decision"] == "granted" and published[-1]["signature"]
    bailiff_view = desk.client.get("/api/v1/sanctions/EP-1-arrest_bank_funds",
                                   headers=desk.as_("ais")).json()
    assert bailiff_view["status"] == "granted"


def test_execution_before_the_grant_is_unsanctioned_in_the_monitor(desk: Desk) -> None:
    desk.feed(_decrees() + [event("decree.executed", "2025-10-20", "EP-1",
                                  decree_id="EP-1-arrest_bank_funds")])
    assert desk.decide("med", "EP-1-arrest_bank_funds", "granted").status_code == 200
    desk.system.settle()
    alerts = desk.client.get("/api/v1/alerts?rule=UNSANCTIONED_EXECUTION",
                             headers=desk.as_("med")).json()["items"]
    assert [(a["decree_id"], a["due"]) for a in alerts] == [("EP-1-arrest_bank_funds",
                                                             "2025-10-20")]


@pytest.mark.parametrize("case", ["forged", "untrusted", "altered", "garbage"])
def test_bad_signatures_are_refused(desk: Desk, case: str) -> None:
    desk.feed(_decrees())
    decree = "EP-1-arrest_bank_funds"
    if case == "forged":
        impostor = prosecutor(desk.issuing, "Impostor")
        real = desk.keys["med"]
        signature = desk.signed("med", decree, "granted",
                                signer=Identity(real.certificate, impostor.key))
    elif case == "untrusted":
        rogue = intermediate(authority("Rogue Root"))
        signature = desk.signed("med", decree, "granted", signer=prosecutor(rogue),
                                chain=[rogue.certificate])
    elif case == "altered":  # signed a refusal, sent as a grant
        signature = desk.signed("med", decree, "refused", reason="no grounds")
    else:
        signature = base64.b64encode(b"not a signature").decode()
    response = desk.decide("med", decree, "granted", signature=signature)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("signature:")
    assert desk.client.get(f"/api/v1/sanctions/{decree}",
                           headers=desk.as_("med")).json()["status"] == "pending"


def test_another_district_gets_403_and_a_refusal_needs_reasons(desk: Desk) -> None:
    desk.feed(_decrees())
    decree = "EP-1-arrest_bank_funds"
    signature = desk.signed("med", decree, "granted")
    other = desk.client.post(f"/api/v1/sanctions/{decree}/decision",
                             json={"decision": "granted", "signature": signature},
                             headers=desk.as_("bost"))
    assert other.status_code == 403
    refusal = desk.decide("med", decree, "refused", reason=None, signature=signature)
    assert (refusal.status_code, refusal.json()["detail"]) == (
        422, "reason: a refusal must state its reasons")
    assert desk.client.post(f"/api/v1/sanctions/{decree}/decision",
                            json={"decision": "granted", "signature": signature},
                            headers=desk.as_("admin")).status_code == 403  # admins do not sign
    refused = desk.decide("med", decree, "refused", reason="the debt is paid")
    assert refused.json()["status"] == "refused"


def test_a_decree_is_decided_once(desk: Desk) -> None:
    desk.feed(_decrees())
    decree = "EP-1-arrest_bank_funds"
    signatures = [desk.signed("med", decree, "granted"),
                  desk.signed("med", decree, "refused", reason="not proven")]
    codes: list[int] = []
    barrier = threading.Barrier(2)

    def decide(decision: str, reason: str | None, signature: str) -> None:
        barrier.wait()
        codes.append(desk.decide("med", decree, decision, reason, signature).status_code)

    threads = [threading.Thread(target=decide, args=("granted", None, signatures[0])),
               threading.Thread(target=decide, args=("refused", "not proven", signatures[1]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200, 409]
    again = desk.decide("med", decree, "granted", signature=signatures[0])
    assert again.status_code == 409


def test_the_audit_log_finds_tampering(desk: Desk, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    desk.feed(_decrees() + _decrees(pid="EP-2"))
    assert desk.decide("med", "EP-1-arrest_bank_funds", "granted").status_code == 200
    assert desk.decide("med", "EP-2-arrest_bank_funds", "refused", "paid").status_code == 200
    monkeypatch.setenv("QADAGALAU_DATABASE_URL", str(desk.system.engine.url.render_as_string(
        hide_password=False)))
    assert main(["audit-log", "verify"]) == 0
    assert "intact" in capsys.readouterr().err
    with transaction(desk.system.sessions) as session:
        session.execute(update(AuditLogEntry).where(AuditLogEntry.seq == 1).values(
            content={"change": "decided", "decision": "refused"}))
    assert main(["audit-log", "verify"]) == 1
    assert "entry 1: its content was changed" in capsys.readouterr().err


def _term_alerts(desk: Desk, who: str = "med") -> list[tuple[str, str, str, str | None]]:
    items = desk.client.get("/api/v1/alerts?rule=SANCTION_DECISION_TERM",
                            headers=desk.as_(who)).json()["items"]
    return [(a["decree_id"], a["due"], a["state"], a["done_on"]) for a in items]


def _clock(desk: Desk, day: date) -> None:
    desk.system.monitor.today = desk.system.sanctions.today = lambda: day


def test_a_request_past_its_term_raises_an_alert_then_late(desk: Desk) -> None:
    """The monitor judges the decision term, like every rule: its sweep raises the alert the
    day after the last day, and the late decision marks it late."""
    desk.feed(_decrees())
    decree = "EP-1-arrest_bank_funds"  # received 20 Oct, due 21 Oct
    assert desk.system.monitor.sweep(date(2025, 10, 21)) == 0  # nothing falls due yet
    _clock(desk, date(2025, 10, 22))
    assert desk.system.monitor.sweep(date(2025, 10, 22)) == 1
    desk.system.settle()
    assert _term_alerts(desk) == [(decree, "2025-10-21", "open", None)]
    assert _term_alerts(desk, "bost") == []
    request = desk.client.get(f"/api/v1/sanctions/{decree}", headers=desk.as_("med")).json()
    assert (request["due_on"], request["working_days_left"]) == ("2025-10-21", -1)

    _clock(desk, date(2025, 10, 23))
    assert desk.decide("med", decree, "granted").status_code == 200
    desk.system.settle()
    assert _term_alerts(desk) == [(decree, "2025-10-21", "late", "2025-10-23")]
    metrics = desk.client.get("/metrics").text
    assert "qadagalau_sanction_decision_days_bucket" in metrics


def test_a_decision_reported_by_the_bailiff_system_leaves_the_queue(desk: Desk) -> None:
    desk.feed(_decrees() + [event("sanction.decided", "2025-10-20", "EP-1",
                                  decree_id="EP-1-arrest_bank_funds", decision="granted",
                                  prosecutor_id="PR-OLD")])
    request = desk.client.get("/api/v1/sanctions/EP-1-arrest_bank_funds",
                              headers=desk.as_("med")).json()
    assert (request["status"], request["decided_by"], request["signature"]) == (
        "granted", "PR-OLD", None)
    assert desk.client.get("/api/v1/sanctions", headers=desk.as_("med")).json()["items"] == []
    _clock(desk, date(2025, 11, 1))
    desk.system.monitor.sweep(date(2025, 11, 1))
    desk.system.settle()
    assert _term_alerts(desk) == []  # decided on the day received: in time
    assert desk.system.sanctions.verify_log() == []


def test_a_reported_decision_that_came_before_its_decree_still_counts(desk: Desk) -> None:
    decided = event("sanction.decided", "2025-10-20", "EP-1",
                    decree_id="EP-1-arrest_bank_funds", decision="refused", reason="paid",
                    prosecutor_id="PR-OLD")
    desk.feed([decided])
    desk.feed(_decrees())
    request = desk.client.get("/api/v1/sanctions/EP-1-arrest_bank_funds",
                              headers=desk.as_("med")).json()
    assert (request["status"], request["reason"]) == ("refused", "paid")
