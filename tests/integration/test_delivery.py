"""Delivery of chamber reports to a real SMTP server (aiosmtpd) and a real HTTP receiver, both
refusing at first: retried with backoff, logged attempt by attempt, delivered once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from services.alerts.deliveries.models import Delivery
from services.bootstrap import System, app_for, build
from shared.access import Jurisdiction
from shared.auth import Principal, create_token
from shared.bus.memory import InProcessBus
from shared.settings import Policy, Runtime
from shared.storage import transaction
from tests.builders import accepted, event, registered

TODAY = date(2025, 12, 1)


class FlakySmtp:
    """An SMTP handler that answers 451 (try later) to the first `refusals` messages."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.received: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refusals > 0:
            self.refusals -= 1
            return "451 4.3.0 mailbox busy, try again later"
        self.received.append(message_from_bytes(envelope.content))
        return "250 OK"


class Receiver:
    """A webhook receiver answering `failures` 503s (or always `status`) before a 204."""

    def __init__(self, failures: int, status: int = 503) -> None:
        self.failures, self.status = failures, status
        self.received: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.failures != 0:
                    receiver.failures -= 1
                    self.send_response(receiver.status)
                    self.end_headers()
                    self.wfile.write(b"not now")
                    return
                receiver.received.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/qadagalau"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def smtp_server(refusals: int) -> Iterator[tuple[FlakySmtp, int]]:
    """A real SMTP server on a free port, refusing the first `refusals` messages."""
    handler, port = FlakySmtp(refusals=refusals), _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def smtp() -> Iterator[tuple[FlakySmtp, int]]:
    yield from smtp_server(refusals=1)


def _system(database_url: str, smtp_port: int, attempts: int = 6) -> System:
    runtime = Runtime(database_url=database_url, smtp_host="127.0.0.1", smtp_port=smtp_port,
                      smtp_sender="qadagalau@prokuratura.test", delivery_backoff_seconds=0.05,
                      delivery_max_attempts=attempts)
    system = build(runtime, Policy(today=TODAY), InProcessBus())
    events = [registered("PB-1"), accepted("2025-11-03", "EP-1", bailiff_id="PB-1"),
              event("proceeding.initiated", "2025-11-28", "EP-1",
                    sent_to_debtor_on="2025-11-28")]
    assert all(r.status == "accepted" for r in system.receiver.batch(events, "test"))
    system.settle()
    return system


def _deliver_until_settled(system: System, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        system.postman.deliver_due()
        with system.sessions() as session:
            pending = session.scalar(select(func.count()).where(Delivery.status == "pending"))
        if not pending:
            return
        time.sleep(0.05)
    raise AssertionError("deliveries still pending")


def test_email_and_webhook_are_retried_until_delivered_once(
        database_url: str, smtp: tuple[FlakySmtp, int]) -> None:
    mailbox, port = smtp
    receiver = Receiver(failures=2)
    system = _system(database_url, port)
    try:
        configure(system, "ALA", "Алматы палатасы", "reports@chamber-ala.test",
                                  receiver.url, "s3cret", None)
        report_id = make_report(system, "ALA", "on_demand", date(2025, 11, 1),
                                                date(2025, 11, 30), "test", stamp="x")
        _deliver_until_settled(system)
        system.postman.deliver_due()  # nothing is due: nothing is sent again

        [mail] = mailbox.received
        assert mail["To"] == "reports@chamber-ala.test"
        assert mail["Message-ID"].startswith("<delivery-")
        attachments = {part.get_filename(): part.get_payload(decode=True)
                       for part in mail.walk() if part.get_filename()}
        assert sorted(attachments) == [
            f"report-ALA-on_demand-20251101-20251130-{lang}.{ext}"
            for lang in ("kk", "ru") for ext in ("pdf", "xlsx")]
        assert all(content.startswith((b"%PDF", b"PK")) for content in attachments.values())

        [(headers, body)] = receiver.received
        expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
        assert headers["X-Qadagalau-Signature"] == f"sha256={expected}"
        payload = json.loads(body)
        assert payload["report"]["id"] == report_id
        assert payload["report"]["summary"]["breaches"] == 2
        for document in payload["documents"]:
            content = base64.b64decode(document["content_base64"])
            assert hashlib.sha256(content).hexdigest() == document["sha256"]
            assert attachments[document["filename"]] == content  # the same files both ways

        with transaction(system.sessions) as session:
            token = create_token(session, role="chamber", name="ala", region="ALA")
        client = TestClient(app_for(system))
        report = client.get(f"/api/v1/reports/{report_id}",
                            headers={"Authorization": f"Bearer {token}"}).json()
        log = {d["channel"]: (d["status"], [a["ok"] for a in d["log"]])
               for d in report["deliveries"]}
        assert log == {"inbox": ("delivered", []), "email": ("delivered", [False, True]),
                       "webhook": ("delivered", [False, False, True])}
        webhook = next(d for d in report["deliveries"] if d["channel"] == "webhook")
        assert "HTTP 503" in webhook["log"][0]["detail"]
        email = next(d for d in report["deliveries"] if d["channel"] == "email")
        assert "451" in email["log"][0]["detail"]
    finally:
        receiver.close()
        system.stop()


def test_a_receiver_that_never_answers_ends_in_a_failed_delivery(
        database_url: str, smtp: tuple[FlakySmtp, int]) -> None:
    _, port = smtp
    receiver = Receiver(failures=-1, status=500)
    system = _system(database_url, port, attempts=3)
    try:
        configure(system, "ALA", None, None, receiver.url, None, None)
        report_id = make_report(system, "ALA", "on_demand", date(2025, 11, 1),
                                                date(2025, 11, 30), "test", stamp="y")
        _deliver_until_settled(system)
        report = report_of(system, report_id)
        webhook = next(d for d in report["deliveries"] if d["channel"] == "webhook")
        assert (webhook["status"], webhook["attempts"]) == ("failed", 3)
        assert webhook["last_error"].startswith("DeliveryFailed: HTTP 500")
        assert receiver.received == []
        system.postman.refresh_gauges()
        assert REGISTRY.get_sample_value("qadagalau_deliveries_failed",
                                         {"channel": "webhook"}) == 1
    finally:
        receiver.close()
        system.stop()


def test_email_without_an_smtp_server_says_what_to_set(database_url: str) -> None:
    system = build(Runtime(database_url=database_url, delivery_max_attempts=1),
                   Policy(today=TODAY), InProcessBus())
    try:
        assert all(r.status == "accepted" for r in system.receiver.batch([registered("PB-1")],
                                                                      "test"))
        system.settle()
        configure(system, "ALA", None, "reports@chamber-ala.test", None, None, None)
        report_id = make_report(system, "ALA", "weekly", date(2025, 11, 24),
                                                date(2025, 11, 30), "test")
        system.postman.deliver_due()
        email = next(d for d in report_of(system, report_id)["deliveries"]
                     if d["channel"] == "email")
        assert email["status"] == "failed"
        assert "QADAGALAU_SMTP_HOST" in email["last_error"]
    finally:
        system.stop()


def _admin() -> Principal:
    return Principal("test", "admin")


def configure(system: Any, *args: Any) -> None:
    with transaction(system.sessions) as session:
        system.reports.configure(session, *args)


def make_report(system: Any, region: str, kind: str, start: date, end: date, by: str,
                stamp: str = "") -> int:
    with transaction(system.sessions) as session:
        report_id: int = system.reports.make(session, region, kind, start, end, by,
                                             system.today(), stamp=stamp)
    return report_id


def report_of(system: Any, report_id: int) -> dict[str, Any]:
    with system.sessions() as session:
        report: dict[str, Any] = system.reports.report(session, Jurisdiction(_admin()),
                                                       report_id)
    return report
