"""Delivery of chamber reports by e-mail (SMTP) and webhook, with retries and a log.

Each delivery is claimed with a lease (a conditional update of its next attempt time), sent
outside any transaction, and its outcome written with the attempt. A failure waits
`delivery_backoff_seconds`, doubled after each further failure, until `delivery_max_attempts`.
The postman is an edge of its own (a scheduled job, like a consumer): it owns its transactions,
because a message must go out between the claim and the record, outside any transaction.
Delivery is at least once: a crash between sending and recording sends again, so every message
carries the delivery's id (Message-ID, X-Qadagalau-Delivery) for the receiver to drop repeats.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

import httpx
import orjson
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from services.alerts.deliveries.models import Delivery, DeliveryAttempt
from services.alerts.documents.models import Document
from services.alerts.oversight.models import Office, OfficeReport, superior_of
from services.alerts.reports.models import Chamber, ChamberReport
from shared.metrics import DELIVERIES, DELIVERIES_FAILED, DELIVERIES_PENDING
from shared.settings import Runtime
from shared.storage import transaction, utcnow

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
SUBJECT = {
    "weekly": "апталық есеп / еженедельный отчёт",
    "monthly": "айлық есеп / ежемесячный отчёт",
    "on_demand": "есеп / отчёт",
    "licence_notice": "лицензия туралы хабарлама / уведомление о лицензии",
    "quarterly": "тоқсандық есеп / квартальный отчёт",
    "certificate": "тексеру нәтижесі туралы анықтама / справка о результатах "
                              "проверки",
}
CHAMBER_BODY = ("Жеке сот орындаушыларының өңірлік палатасына арналған есеп қоса беріледі.\n"
                "К письму приложен отчёт для региональной палаты частных судебных "
                "исполнителей.\n\n")
CERTIFICATE_BODY = ("Жеке сот орындаушысының қызметін тексеру нәтижесі туралы анықтаманың "
                    "көшірмесі қоса беріледі.\nК письму приложена копия справки о результатах "
                    "проверки деятельности частного судебного исполнителя.\n\n")
UPWARD_BODY = ("Атқарушылық іс жүргізу заңдылығын қадағалау нәтижелері туралы есеп қоса "
               "беріледі.\nК письму приложен отчёт о результатах надзора за законностью "
               "исполнительного производства.\n\n")


class DeliveryFailed(Exception):
    """A delivery attempt that did not succeed, with what the receiver said."""


@dataclass(frozen=True, slots=True)
class Parcel:
    delivery_id: int
    channel: str
    report: dict[str, Any]
    chamber_email: str | None
    webhook_url: str | None
    webhook_secret: str | None
    documents: list[tuple[str, str, str, bytes]]  # filename, language, media type, content


class Postman:
    def __init__(self, sessions: sessionmaker[Session], runtime: Runtime) -> None:
        self.sessions, self.runtime = sessions, runtime

    def deliver_due(self, limit: int = 50) -> int:
        """Attempt every delivery whose time has come; returns how many were attempted."""
        now = utcnow()
        with self.sessions() as session:
            due = list(session.execute(
                select(Delivery.id, Delivery.next_attempt_at)
                .where(Delivery.status == "pending", Delivery.next_attempt_at <= now)
                .order_by(Delivery.next_attempt_at).limit(limit)).all())
        attempted = 0
        for delivery_id, planned in due:
            lease = self._claim(delivery_id, planned)
            if lease is None:
                continue  # another replica took it
            attempted += 1
            parcel = self._parcel(delivery_id)
            try:
                detail = self._send(parcel)
            except Exception as exc:  # any failure is one failed attempt, logged and retried
                self._record(delivery_id, lease, parcel.channel, ok=False,
                             detail=f"{type(exc).__name__}: {exc}"[:2000])
            else:
                self._record(delivery_id, lease, parcel.channel, ok=True, detail=detail)
        return attempted

    def _claim(self, delivery_id: int, planned: datetime) -> str | None:
        """Take a delivery for LEASE from now (now, not when the batch was read: sends before
        it may have taken minutes); None if another replica took it first."""
        lease = secrets.token_hex(8)
        with transaction(self.sessions) as session:
            result = session.execute(
                update(Delivery)
                .where(Delivery.id == delivery_id, Delivery.status == "pending",
                       Delivery.next_attempt_at == planned)
                .values(next_attempt_at=utcnow() + LEASE, lease=lease))
            return lease if getattr(result, "rowcount", 0) else None

    def _parcel(self, delivery_id: int) -> Parcel:
        with self.sessions() as session:
            delivery = session.get(Delivery, delivery_id)
            assert delivery is not None
            if delivery.office_report_id is not None:
                return self._office_parcel(session, delivery)
            report = session.get(ChamberReport, delivery.report_id)
            assert report is not None
            chamber = session.get(Chamber, report.region)
            documents = [(d.filename, d.language, d.media_type, d.content)
                         for d in session.scalars(select(Document).where(
                             Document.report_id == report.id).order_by(Document.id))]
            return Parcel(
                delivery_id, delivery.channel,
                {"id": report.id, "region": report.region, "kind": report.kind,
                 "period_from": report.period_from.isoformat(),
                 "period_to": report.period_to.isoformat(), "summary": report.summary},
                chamber.email if chamber else None, chamber.webhook_url if chamber else None,
                chamber.webhook_secret if chamber else None, documents)

    @staticmethod
    def _office_parcel(session: Session, delivery: Delivery) -> Parcel:
        """A report up the hierarchy, to its superior office's addresses."""
        report = session.get(OfficeReport, delivery.office_report_id)
        assert report is not None
        office = session.get(Office, superior_of(report))
        documents = [(d.filename, d.language, d.media_type, d.content)
                     for d in session.scalars(select(Document).where(
                         Document.office_report_id == report.id).order_by(Document.id))]
        return Parcel(
            delivery.id, delivery.channel,
            {"id": report.id, "level": report.level, "region": report.region,
             "district": report.district or None, "kind": report.kind,
             "period_from": report.period_from.isoformat(),
             "period_to": report.period_to.isoformat(),
             "due_on": report.due_on.isoformat() if report.due_on else None,
             "sent_on": report.sent_on.isoformat() if report.sent_on else None},
            office.email if office else None, office.webhook_url if office else None,
            office.webhook_secret if office else None, documents)

    def _send(self, parcel: Parcel) -> str:
        if parcel.channel == "email":
            return self._email(parcel)
        if parcel.channel == "webhook":
            return self._webhook(parcel)
        raise DeliveryFailed(f"unknown channel {parcel.channel!r}")

    def _email(self, parcel: Parcel) -> str:
        runtime = self.runtime
        if not runtime.smtp_host:
            raise DeliveryFailed("no SMTP server is configured: set QADAGALAU_SMTP_HOST")
        report = parcel.report
        upward = "level" in report  # a report up the hierarchy, not a chamber's
        if not parcel.chamber_email:
            raise DeliveryFailed("the office has no e-mail address: qadagalau office set"
                                 if upward else
                                 "the chamber has no e-mail address: qadagalau chamber set")
        message = EmailMessage()
        message["From"] = runtime.smtp_sender
        message["To"] = parcel.chamber_email
        place = f"{report['region']} {report.get('district') or ''}".strip()
        message["Subject"] = (f"Qadagalau: {SUBJECT.get(report['kind'], report['kind'])} "
                              f"{place} {report['period_from']} — {report['period_to']}")
        message["Message-ID"] = f"<delivery-{parcel.delivery_id}.report-{report['id']}@qadagalau>"
        body = UPWARD_BODY if upward else \
            CERTIFICATE_BODY if report["kind"] == "certificate" else CHAMBER_BODY
        message.set_content(body +
                            f"{place}: {report['period_from']} — {report['period_to']}\n")
        for filename, _language, media_type, content in parcel.documents:
            maintype, subtype = media_type.split("/", 1)
            message.add_attachment(content, maintype=maintype, subtype=subtype,
                                   filename=filename)
        with smtplib.SMTP(runtime.smtp_host, runtime.smtp_port, timeout=30) as smtp:
            if runtime.smtp_starttls:
                smtp.starttls()
            if runtime.smtp_username:
                smtp.login(runtime.smtp_username, runtime.smtp_password or "")
            refused = smtp.send_message(message)
        if refused:
            raise DeliveryFailed(f"the server refused {len(refused)} recipient(s)")
        return f"accepted by {runtime.smtp_host}:{runtime.smtp_port}"

    def _webhook(self, parcel: Parcel) -> str:
        if not parcel.webhook_url:
            raise DeliveryFailed("the office has no webhook: qadagalau office set --webhook"
                                 if "level" in parcel.report else
                                 "the chamber has no webhook: qadagalau chamber set --webhook")
        body = orjson.dumps({
            "delivery_id": parcel.delivery_id, "report": parcel.report,
            "documents": [{"filename": f, "language": lang, "media_type": m,
                           "sha256": hashlib.sha256(c).hexdigest(),
                           "content_base64": base64.b64encode(c).decode()}
                          for f, lang, m, c in parcel.documents]})
        headers = {"Content-Type": "application/json",
                   "X-Qadagalau-Delivery": str(parcel.delivery_id)}
        if parcel.webhook_secret:
            signature = hmac.new(parcel.webhook_secret.encode(), body, hashlib.sha256)
            headers["X-Qadagalau-Signature"] = "sha256=" + signature.hexdigest()
        response = httpx.post(parcel.webhook_url, content=body, headers=headers, timeout=30)
        if not response.is_success:
            raise DeliveryFailed(f"HTTP {response.status_code} {response.text[:200]}")
        return f"HTTP {response.status_code}"

    def _record(self, delivery_id: int, lease: str, channel: str, ok: bool,
                detail: str) -> None:
        with transaction(self.sessions) as session:
            delivery = session.get(Delivery, delivery_id, with_for_update=True)
            assert delivery is not None
            if delivery.lease != lease:
                # The lease ran out and another replica took the delivery over: its outcome
                # is the one recorded.
                log.warning("delivery %d: lease lost, outcome not recorded", delivery_id)
                return
            delivery.lease = None
            delivery.attempts += 1
            session.add(DeliveryAttempt(delivery_id=delivery_id, ok=ok, detail=detail))
            if ok:
                delivery.status, delivery.delivered_at = "delivered", utcnow()
                delivery.last_error = None
            else:
                delivery.last_error = detail
                if delivery.attempts >= self.runtime.delivery_max_attempts:
                    delivery.status = "failed"
                    log.error("delivery %d (%s) failed after %d attempts", delivery_id, channel,
                              delivery.attempts)
                else:
                    wait = self.runtime.delivery_backoff_seconds * 2 ** (delivery.attempts - 1)
                    delivery.next_attempt_at = utcnow() + timedelta(seconds=wait)
        DELIVERIES.labels(channel, "delivered" if ok else "failed").inc()

    @staticmethod
    def redeliver(session: Session, report_id: int, upward: bool = False) -> int:
        """Failed deliveries of a report (a chamber's; `upward`: an office's up the hierarchy)
        go out again, with a fresh count of attempts (in the caller's unit of work)."""
        whose = Delivery.office_report_id if upward else Delivery.report_id
        result = session.execute(
            update(Delivery).where(whose == report_id, Delivery.status == "failed")
            .values(status="pending", attempts=0, next_attempt_at=utcnow(), lease=None))
        return int(getattr(result, "rowcount", 0))

    def refresh_gauges(self) -> None:
        with self.sessions() as session:
            counts = session.execute(
                select(Delivery.channel, Delivery.status, func.count())
                .where(Delivery.status.in_(("pending", "failed")))
                .group_by(Delivery.channel, Delivery.status)).all()
        found = {(channel, status): n for channel, status, n in counts}
        for channel in ("email", "webhook"):
            DELIVERIES_PENDING.labels(channel).set(found.get((channel, "pending"), 0))
            DELIVERIES_FAILED.labels(channel).set(found.get((channel, "failed"), 0))
