"""The sanctions service through its HTTP edge: routing, the queue, signed decisions (with a
forged signature, an untrusted CA, another district, a double decision, a refusal without
reasons), publication, UNSANCTIONED_EXECUTION through the monitor, and the audit log."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, update

from services.bootstrap import System, app_for, build
from services.cli import main
from services.sanctions.models import AuditLogEntry, ChainHead
from shared import witness
from shared.auth import create_token
from shared.bus import SANCTIONS_CHECKPOINTS
from shared.bus.kafka import KafkaBus
from shared.bus.memory import InProcessBus
from shared.chain import entry_hash
from shared.messages import SANCTION_DECISION_CODEC
from shared.settings import Policy, Runtime
from shared.signatures import CmsVerifier, canonical, sign
from shared.storage import transaction
from tests.builders import accepted, event
from tests.integration.kafka import Broker
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
    assert (body["status"], body["decision"], body["decided_by"], body["prosecutor"]) == (
        "granted", "granted", "prosecutor", "med")
    assert body["reported_source"] is None and body["reported_prosecutor_id"] is None
    assert "Prosecutor Medeu" in body["signer"]
    # Anyone can verify it again: the signature and the canonical content (RFC 8785) are
    # stored. What was signed is the decree with its materials — the enforcement document,
    # the sum, the debtor — and no null placeholder for what is unknown.
    content = canonical({"decree_id": "EP-1-arrest_bank_funds", "proceeding_id": "EP-1",
                         "decree_kind": "arrest_bank_funds",
                         "enforcement_document": "2-EP-1", "amount_kzt": 100000,
                         "debtor": {"kind": "individual", "name": "Debtor"},
                         "decision": "granted", "prosecutor": "med",
                         "decided_on": "2025-10-21"})
    assert b"null" not in content
    verifier = CmsVerifier([desk.issuing.certificate])  # trusting the intermediate suffices too
    assert verifier.verify(content, base64.b64decode(body["signature"])).subject == body["signer"]
    desk.system.relay.relay_all()
    published = [orjson.loads(m.value) for m in desk.system.bus.messages(  # type: ignore[attr-defined]
        "sanctions.decisions")]
    assert published[-1]["decision"] == "granted" and published[-1]["signature"]
    # The bailiff system makes the same bytes from the message and verifies them.
    message = SANCTION_DECISION_CODEC.decode(orjson.dumps(published[-1]))
    assert canonical(message.content()) == content
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


def _decided_three(desk: Desk, witness_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    desk.system.sanctions.witness_file = witness_file
    monkeypatch.setenv("QADAGALAU_DATABASE_URL", str(desk.system.engine.url.render_as_string(
        hide_password=False)))
    monkeypatch.setenv("QADAGALAU_CHAIN_WITNESS_FILE", str(witness_file))
    desk.feed(_decrees() + _decrees(pid="EP-2") + _decrees(pid="EP-3"))
    assert desk.decide("med", "EP-1-arrest_bank_funds", "granted").status_code == 200
    assert desk.decide("med", "EP-2-arrest_bank_funds", "refused", "paid").status_code == 200
    assert desk.decide("med", "EP-3-arrest_bank_funds", "granted").status_code == 200


def _truncate_and_rewrite_the_head(desk: Desk, keep: int) -> None:
    """The attack of issue 11: whoever can write the database deletes the newest entries and
    makes the one-row head agree with what is left."""
    with transaction(desk.system.sessions) as session:
        session.execute(delete(AuditLogEntry).where(AuditLogEntry.seq > keep))
        last = session.get(AuditLogEntry, keep)
        assert last is not None
        session.execute(update(ChainHead).values(seq=last.seq, hash=last.hash))


def test_deleting_the_newest_entries_is_found_by_the_witness(
        desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    witness_file = tmp_path / "chain.witness"
    _decided_three(desk, witness_file, monkeypatch)
    assert [c.seq for c in witness.read(witness_file).checkpoints] == [1, 2, 3]
    assert main(["audit-log", "verify"]) == 0
    assert "intact up to the newest witnessed checkpoint, entry 3; 0 newer entries" in \
        capsys.readouterr().err
    _truncate_and_rewrite_the_head(desk, keep=2)
    monkeypatch.delenv("QADAGALAU_CHAIN_WITNESS_FILE")
    if desk.system.runtime.chain_witness is None:
        # Without a witness the log looks intact: the hole this closes.
        assert main(["audit-log", "verify"]) == 0
        assert "no witness is configured" in capsys.readouterr().err
    else:
        # SQLite has a witness beside the database by default; this one never wrote to it.
        assert main(["audit-log", "verify"]) == 1
        assert "is missing" in capsys.readouterr().err
    monkeypatch.setenv("QADAGALAU_CHAIN_WITNESS_FILE", str(witness_file))
    assert main(["audit-log", "verify"]) == 1
    err = capsys.readouterr().err
    assert "entry 3: entries 3..3 were deleted: a witnessed checkpoint records entry 3" in err
    assert "sign(s) of tampering" in err
    # A checkpoint of the truncated log is refused, so the witness cannot be made to agree.
    assert main(["audit-log", "checkpoint"]) == 1
    assert len(witness.read(witness_file).checkpoints) == 3


@pytest.mark.parametrize("tampering", ["edit", "insert", "delete"])
def test_tampering_in_the_middle_is_still_found_with_a_witness(
        desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], tampering: str) -> None:
    _decided_three(desk, tmp_path / "chain.witness", monkeypatch)
    with transaction(desk.system.sessions) as session:
        if tampering == "edit":
            session.execute(update(AuditLogEntry).where(AuditLogEntry.seq == 2).values(
                content={"change": "decided", "decision": "granted"}))
        elif tampering == "delete":
            session.execute(delete(AuditLogEntry).where(AuditLogEntry.seq == 2))
        else:  # a forged entry 2, well linked to entry 1, the rest moved up by one
            first = session.get(AuditLogEntry, 1)
            assert first is not None
            moved = list(session.scalars(select(AuditLogEntry).where(AuditLogEntry.seq >= 2)
                                         .order_by(AuditLogEntry.seq.desc())))
            for entry in moved:
                entry.seq += 1
                session.flush()
            forged = {"change": "decided", "decree_id": "EP-9", "decision": "granted"}
            session.add(AuditLogEntry(seq=2, decree_id="EP-9", previous=first.hash,
                                      hash=entry_hash(first.hash, 2, forged), content=forged))
    assert main(["audit-log", "verify"]) == 1
    err = capsys.readouterr().err
    expected = {"edit": "entry 2: its content was changed",
                "delete": "entry 3: entries 2..2 are missing",
                "insert": "entry 2: it differs from the witnessed checkpoint"}[tampering]
    assert expected in err


def test_checkpoints_go_out_on_their_topic_and_kafka_witnesses_them(
        desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broker: Broker,
        capsys: pytest.CaptureFixture[str]) -> None:
    _decided_three(desk, tmp_path / "chain.witness", monkeypatch)
    desk.system.relay.relay_all()
    published = desk.system.bus.messages(SANCTIONS_CHECKPOINTS)  # type: ignore[attr-defined]
    with desk.system.sessions() as session:
        head = desk.system.sanctions.log_head(session)
    assert head is not None and orjson.loads(published[-1].value) == {"seq": head.seq,
                                                                      "hash": head.hash}
    kafka = KafkaBus(broker.servers)
    try:
        for message in published:
            kafka.publish(SANCTIONS_CHECKPOINTS, message.key, message.value)
        kafka.flush()
    finally:
        kafka.close()
    monkeypatch.setenv("QADAGALAU_KAFKA_SERVERS", broker.servers)
    assert main(["audit-log", "verify"]) == 0
    assert "witness kafka sanctions.checkpoints: 3 checkpoint(s)" in capsys.readouterr().err
    _truncate_and_rewrite_the_head(desk, keep=1)
    assert main(["audit-log", "verify"]) == 1
    assert "entries 2..3 were deleted" in capsys.readouterr().err


def test_a_request_past_its_term_raises_an_alert_then_late(desk: Desk) -> None:
    """The monitor judges the decision term, like every rule: its sweep raises the alert the
    day after the last day, and the late decision marks it late."""
    desk.feed(_decrees())
    decree = "EP-1-arrest_bank_funds"  # received 20 Oct, due 21 Oct
    assert desk.system.sweep(date(2025, 10, 21)) == 0  # nothing falls due yet
    _clock(desk, date(2025, 10, 22))
    assert desk.system.sweep(date(2025, 10, 22)) == 1
    desk.system.settle()
    assert _term_alerts(desk) == [(decree, "2025-10-21", "open", None)]
    assert _term_alerts(desk, "bost") == []
    request = desk.client.get(f"/api/v1/sanctions/{decree}", headers=desk.as_("med")).json()
    assert (request["due_on"], request["working_days_left"]) == ("2025-10-21", -1)
    # The queue of alerts counts the same: one working day past the term.
    alert = desk.client.get("/api/v1/alerts?rule=SANCTION_DECISION_TERM",
                            headers=desk.as_("med")).json()["items"][0]
    assert alert["overdue"] == {"days": 1, "unit": "working_days"}

    _clock(desk, date(2025, 10, 23))
    assert desk.decide("med", decree, "granted").status_code == 200
    desk.system.settle()
    assert _term_alerts(desk) == [(decree, "2025-10-21", "late", "2025-10-23")]
    metrics = desk.client.get("/metrics").text
    assert "qadagalau_sanction_decision_seconds_bucket" in metrics


def test_a_decision_reported_by_the_bailiff_system_is_never_a_prosecutors(desk: Desk) -> None:
    reported = event("sanction.decided", "2025-10-20", "EP-1", decree_id="EP-1-arrest_bank_funds",
                     decision="granted", prosecutor_id="PR-OLD")
    reported["source"] = "ais-oip"
    desk.feed(_decrees() + [reported])
    request = desk.client.get("/api/v1/sanctions/EP-1-arrest_bank_funds",
                              headers=desk.as_("med")).json()
    assert {k: request[k] for k in ("status", "decision", "decided_by", "prosecutor",
                                    "reported_source", "reported_prosecutor_id",
                                    "reported_event_id", "decided_on", "signature",
                                    "signer")} == {
        "status": "reported", "decision": "granted", "decided_by": "reported",
        "prosecutor": None, "reported_source": "ais-oip", "reported_prosecutor_id": "PR-OLD",
        "reported_event_id": reported["event_id"], "decided_on": "2025-10-20",
        "signature": None, "signer": None}
    queue = desk.client.get
    assert queue("/api/v1/sanctions", headers=desk.as_("med")).json()["items"] == []
    assert queue("/api/v1/sanctions?status=granted", headers=desk.as_("med")).json()["items"] \
        == []  # not among the prosecutors' grants
    listed = queue("/api/v1/sanctions?status=reported", headers=desk.as_("med")).json()["items"]
    assert [(r["decree_id"], r["decided_by"]) for r in listed] == [
        ("EP-1-arrest_bank_funds", "reported")]
    # Nobody signs it afterwards as if it were still open.
    again = desk.decide("med", "EP-1-arrest_bank_funds", "granted",
                        signature=base64.b64encode(b"x").decode())
    assert (again.status_code, again.json()["detail"]) == (
        409, "this request was decided already (reported)")
    _clock(desk, date(2025, 11, 1))
    desk.system.sweep(date(2025, 11, 1))
    desk.system.settle()
    assert _term_alerts(desk) == []  # decided on the day received: in time
    with desk.system.sessions() as session:
        assert desk.system.sanctions.verify_log(session) == []
    with desk.system.sessions() as session:
        logged = session.scalars(select(AuditLogEntry.content)).one()
    assert (logged["change"], logged["source"], logged["prosecutor"]) == (
        "decided elsewhere", "ais-oip", "PR-OLD")


def test_a_reported_decision_that_came_before_its_decree_still_counts(desk: Desk) -> None:
    decided = event("sanction.decided", "2025-10-20", "EP-1",
                    decree_id="EP-1-arrest_bank_funds", decision="refused", reason="paid",
                    prosecutor_id="PR-OLD")
    desk.feed([decided])
    desk.feed(_decrees())
    request = desk.client.get("/api/v1/sanctions/EP-1-arrest_bank_funds",
                              headers=desk.as_("med")).json()
    assert (request["status"], request["decision"], request["reason"],
            request["reported_source"]) == ("reported", "refused", "paid", None)


def test_the_property_a_decree_concerns_is_signed_with_its_description(desk: Desk) -> None:
    """A sanction is an endorsement on the decree after studying its materials: the property
    the decree concerns (docs/contract.md §1, `decree.issued.property_id`) is in the signed
    text, as its arrest described it."""
    doc = accepted("2025-10-01", "EP-7")
    desk.feed([doc, event("property.arrested", "2025-10-15", "EP-7", property_id="RE-1",
                          property_kind="real_estate", description="flat, 2 rooms"),
               event("decree.issued", "2025-10-20", "EP-7", decree_id="EP-7-re",
                     decree_kind="arrest_real_estate", property_id="RE-1",
                     summary="arrest of the flat")])
    to_sign = desk.client.post("/api/v1/sanctions/EP-7-re/to-sign",
                               json={"decision": "granted"}, headers=desk.as_("med")).json()
    content = orjson.loads(to_sign["content"])
    assert content["property"] == {"id": "RE-1", "kind": "real_estate",
                                   "description": "flat, 2 rooms"}
    assert content["summary"] == "arrest of the flat" and "null" not in to_sign["content"]
    assert desk.decide("med", "EP-7-re", "granted").status_code == 200
    desk.system.relay.relay_all()
    published = desk.system.bus.messages("sanctions.decisions")  # type: ignore[attr-defined]
    message = SANCTION_DECISION_CODEC.decode(published[-1].value)
    assert canonical(message.content()) == to_sign["content"].encode()


@pytest.fixture
def document_store() -> Iterator[tuple[str, dict[str, bytes]]]:
    """A bailiff system's document store: a real HTTP server on a free port, serving what the
    test puts in `files` by path."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    files: dict[str, bytes] = {}

    class Store(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the standard library names it so
            body = files.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Store)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", files
    finally:
        server.shutdown()
        server.server_close()


def test_the_review_shows_the_decree_and_its_verified_document(
        desk: Desk, document_store: tuple[str, dict[str, bytes]]) -> None:
    import hashlib

    host, files = document_store
    pdf = b"%PDF-1.7\n% the decree of arrest\n"
    files["/decrees/D-ok.pdf"] = pdf
    files["/decrees/D-swapped.pdf"] = b"%PDF-1.7\n% another text\n"
    digest = hashlib.sha256(pdf).hexdigest()
    decrees = [("D-ok", f"http://{host}/decrees/D-ok.pdf", digest),
               ("D-swapped", f"http://{host}/decrees/D-swapped.pdf", digest),
               ("D-elsewhere", "https://documents.example.kz/D.pdf", digest),
               ("D-no-digest", f"http://{host}/decrees/D-ok.pdf", None),
               ("D-gone", f"http://{host}/decrees/missing.pdf", digest),
               ("D-unreadable", "http://[bad/decree.pdf", digest),
               ("D-none", None, None)]
    events = [accepted("2025-10-01", "EP-1"),
              event("property.arrested", "2025-10-02", "EP-1", property_id="CAR-1",
                    property_kind="vehicle", description="Toyota Camry, 2019")]
    for decree_id, url, sha in decrees:
        fields = {"document_url": url, "document_sha256": sha, "summary": "арест счетов"}
        events.append(event("decree.issued", "2025-10-20", "EP-1", decree_id=decree_id,
                            decree_kind="arrest_bank_funds", property_id="CAR-1",
                            **{k: v for k, v in fields.items() if v is not None}))
    desk.feed(events)
    desk.system.runtime.document_hosts = [host]

    def document(decree_id: str):  # type: ignore[no-untyped-def]
        return desk.client.get(f"/api/v1/sanction-documents/{decree_id}",
                               headers=desk.as_("med"))

    shown = document("D-ok")
    assert (shown.status_code, shown.content, shown.headers["content-type"]) == (
        200, pdf, "application/pdf")
    refused = {d: (document(d).status_code, document(d).json()["code"])
               for d in ("D-swapped", "D-elsewhere", "D-no-digest", "D-gone", "D-none",
                         "D-unreadable")}
    assert refused == {"D-swapped": (409, "document_digest_mismatch"),
                       "D-elsewhere": (409, "document_host_untrusted"),
                       "D-no-digest": (409, "document_unverifiable"),
                       "D-gone": (503, "document_unreachable"),
                       "D-none": (404, "decree_document_not_found"),
                       "D-unreadable": (409, "document_host_untrusted")}
    assert shown.headers["x-content-type-options"] == "nosniff"
    # The bailiff system that sent the decree does not make this service fetch for it.
    assert desk.client.get("/api/v1/sanction-documents/D-ok",
                           headers=desk.as_("ais")).status_code == 403
    # Another office's decree is refused before anything is fetched.
    assert desk.client.get("/api/v1/sanction-documents/D-ok",
                           headers=desk.as_("bost")).status_code == 403
    # The review's materials are what the signature will cover.
    review = desk.client.get("/api/v1/sanctions/D-ok", headers=desk.as_("med")).json()
    to_sign = orjson.loads(desk.client.post("/api/v1/sanctions/D-ok/to-sign",
                                            json={"decision": "granted"},
                                            headers=desk.as_("med")).json()["content"])
    assert review["materials"] == {k: v for k, v in to_sign.items() if k not in (
        "decision", "prosecutor", "decided_on")}
    assert review["materials"]["property"] == {"id": "CAR-1", "kind": "vehicle",
                                               "description": "Toyota Camry, 2019"}
    assert review["materials"]["debtor"] == {"kind": "individual", "name": "Debtor"}
    assert review["document_url"] == f"http://{host}/decrees/D-ok.pdf"
