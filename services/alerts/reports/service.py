"""Breach reports to regional chambers of private bailiffs, on schedule and on demand, and the
chambers' inbox and settings (docs/rules.md#chambers).

A report covers a chamber's members (private bailiffs registered in its region): their breaches
whose term's last day falls in the period, the acts registered in it, and each member's count
toward the licence threshold. A report, its documents and its deliveries are written in one unit
of work; a scheduled report exists once per chamber and period (a unique key).
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.alerts.acts.models import SupervisoryAct
from services.alerts.bailiffs.models import Bailiff, BailiffRecord
from services.alerts.bailiffs.service import Registry
from services.alerts.deliveries.models import Delivery, DeliveryAttempt
from services.alerts.documents.certificate import CertificateContent, render_certificate
from services.alerts.documents.models import Document
from services.alerts.documents.render import (
    LANGUAGES,
    ActRow,
    BreachRow,
    Issuer,
    MemberRow,
    ReportContent,
    checked_languages,
    languages_in,
    outgoing_number,
    render_report,
)
from services.alerts.documents.service import store
from services.alerts.queue.models import Alert
from services.alerts.reports.models import Chamber, ChamberReport
from shared import paging
from shared.access import Jurisdiction
from shared.errors import Forbidden, Invalid, check_period, not_found
from shared.legal.calendar import WorkingCalendar
from shared.legal.inspections import certificate_due, order_notice_in_time
from shared.legal.policy import LicenceWindow
from shared.legal.rules import BAILIFFS_BREACHES
from shared.metrics import CHAMBER_REPORT_SECONDS, CHAMBER_REPORTS
from shared.settings import Policy

SYSTEM = "qadagalau"


def last_week(today: date) -> tuple[date, date]:
    """The last complete ISO week (Monday to Sunday) before `today`."""
    sunday = today - timedelta(days=today.weekday() + 1)
    return sunday - timedelta(days=6), sunday


def last_month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    end = first - timedelta(days=1)
    return end.replace(day=1), end


def act_rows(session: Session, whose: Any, start: date, end: date) -> list[ActRow]:
    """Acts registered from `start` to `end`, in the order they were registered."""
    return [ActRow(*row) for row in session.execute(
        select(SupervisoryAct.act_id, SupervisoryAct.act_kind, SupervisoryAct.bailiff_id,
               SupervisoryAct.registered_on, SupervisoryAct.response_due_on,
               SupervisoryAct.answered_on, SupervisoryAct.answer_result,
               SupervisoryAct.recovered_kzt, SupervisoryAct.court_filed_on)
        .where(whose, SupervisoryAct.registered_on.between(start, end))
        .order_by(SupervisoryAct.registered_on, SupervisoryAct.act_id))]


def chamber_of(session: Session, region: str) -> Chamber:
    """The region's chamber; every region with private bailiffs has one, with its inbox."""
    chamber = session.get(Chamber, region)
    if chamber is None:
        chamber = Chamber(region=region, languages=",".join(LANGUAGES))
        session.add(chamber)
        session.flush()
    return chamber


def languages_of(chamber: Chamber) -> list[str]:
    return languages_in(chamber.languages)


def plan_deliveries(session: Session, report: ChamberReport, chamber: Chamber) -> None:
    """The inbox at once; e-mail and webhook by the postman, with retries."""
    session.add(Delivery(report_id=report.id, channel="inbox", status="delivered",
                         attempts=1, delivered_at=report.created_at))
    if chamber.email:
        session.add(Delivery(report_id=report.id, channel="email"))
    if chamber.webhook_url:
        session.add(Delivery(report_id=report.id, channel="webhook"))


def report_dict(report: ChamberReport) -> dict[str, Any]:
    return {"id": report.id, "region": report.region, "kind": report.kind,
            "period_from": report.period_from.isoformat(),
            "period_to": report.period_to.isoformat(), "requested_by": report.requested_by,
            "summary": report.summary, "created_at": report.created_at.isoformat()}


class ReportDesk:
    def __init__(self, policy: Policy, registry: Registry) -> None:
        self.policy, self.registry = policy, registry

    def regions_with_members(self, session: Session) -> list[str]:
        return list(session.scalars(select(Bailiff.region).where(
            Bailiff.kind == "private").distinct()))

    def exists(self, session: Session, region: str, kind: str, start: date) -> bool:
        return session.scalar(select(ChamberReport.id).where(
            ChamberReport.region == region, ChamberReport.kind == kind,
            ChamberReport.period_from == start, ChamberReport.stamp == "")) is not None

    def check_request(self, reach: Jurisdiction, region: str | None, start: date,
                      end: date) -> str:
        """The region of an on-demand report, once the request is found sound."""
        region = region or reach.principal.region
        if region is None:
            raise Invalid("region_required", "region: which chamber's report", field="region")
        if not reach.covers_region(region):
            raise _outside(region)
        check_period(start, end)
        if (end - start).days > 366:
            raise Invalid("period_too_long", "a report covers at most a year; ask for several",
                          field="to")
        return region

    def make(self, session: Session, region: str, kind: str, start: date, end: date,
             requested_by: str, today: date, stamp: str = "") -> int:
        started = time.perf_counter()
        chamber = chamber_of(session, region)
        content = self.content(session, region, kind, start, end, today)
        content.chamber_name = chamber.name
        report = ChamberReport(
            region=region, kind=kind, period_from=start, period_to=end, stamp=stamp,
            requested_by=requested_by, summary={
                "members": len(content.members), "breaches": len(content.breaches),
                "acts": len(content.acts),
                "over_threshold": sum(m.acts_in_year > content.threshold
                                      for m in content.members)})
        session.add(report)
        session.flush()  # the report's id is its outgoing number's
        content.number = outgoing_number("R", report.id, today)
        store(session, render_report(content, languages_of(chamber)), report_id=report.id)
        plan_deliveries(session, report, chamber)
        CHAMBER_REPORTS.labels(kind).inc()
        CHAMBER_REPORT_SECONDS.observe(time.perf_counter() - started)
        return report.id

    def content(self, session: Session, region: str, kind: str, start: date, end: date,
                today: date) -> ReportContent:
        members = list(session.scalars(select(Bailiff).where(
            Bailiff.region == region, Bailiff.kind == "private").order_by(Bailiff.bailiff_id)))
        rows = {m.bailiff_id: MemberRow(m.bailiff_id, m.name, m.licence_no, m.district)
                for m in members}
        member_ids = list(rows)  # the members read once: a registration meanwhile waits
        breaches = [
            BreachRow(rule, bailiff or "", proceeding, prop or act or decree, due, state, done)
            for rule, bailiff, proceeding, prop, act, decree, due, state, done
            in session.execute(
                select(Alert.rule, Alert.bailiff_id, Alert.proceeding_id, Alert.property_id,
                       Alert.act_id, Alert.decree_id, Alert.due, Alert.state, Alert.done_on)
                .where(Alert.bailiff_id.in_(member_ids), Alert.withdrawn_on.is_(None),
                       Alert.rule.in_(BAILIFFS_BREACHES), Alert.due.between(start, end))
                .order_by(Alert.bailiff_id, Alert.due, Alert.rule, Alert.id))]
        for breach in breaches:
            counts = rows[breach.bailiff_id].breaches
            counts[breach.rule] = counts.get(breach.rule, 0) + 1
        acts = act_rows(session, SupervisoryAct.bailiff_id.in_(member_ids), start, end)
        window_start, window_end = self.registry.window(end.year, end)
        for bailiff_id, count in session.execute(
                select(SupervisoryAct.bailiff_id, func.count())
                .where(SupervisoryAct.bailiff_id.in_(member_ids),
                       SupervisoryAct.registered_on.between(window_start, window_end),
                       self.registry.counted_acts())
                .group_by(SupervisoryAct.bailiff_id)):
            rows[bailiff_id].acts_in_year = count
        rolling = self.policy.licence_window is not LicenceWindow.CALENDAR
        return ReportContent(region, None, kind, start, end, today, end.year,
                             self.policy.licence_threshold, list(rows.values()), breaches, acts,
                             (window_start, window_end) if rolling else None,
                             issuer=Issuer.of(self.policy))

    def configure(self, session: Session, region: str, name: str | None, email: str | None,
                  webhook_url: str | None, webhook_secret: str | None,
                  languages: str | None) -> dict[str, Any]:
        chamber = chamber_of(session, region)
        if name is not None:
            chamber.name = name or None
        if email is not None:
            chamber.email = email or None
        if webhook_url is not None:
            if webhook_url and not webhook_url.startswith(("http://", "https://")):
                raise ValueError("--webhook: an http:// or https:// URL")
            chamber.webhook_url = webhook_url or None
        if webhook_secret is not None:
            chamber.webhook_secret = webhook_secret or None
        if languages is not None:
            chamber.languages = checked_languages(languages)
        return {"region": chamber.region, "name": chamber.name, "email": chamber.email,
                "webhook_url": chamber.webhook_url, "languages": chamber.languages}

    def certificate(self, session: Session, bailiff: Bailiff, record: BailiffRecord,
                    calendar: WorkingCalendar, by: str) -> int:
        """The chamber's copy of an inspection's result certificate: in its inbox (which the
        region's territorial body reads too) and by e-mail and webhook, as its reports go."""
        assert record.ended_on is not None and record.certificate_sent_on is not None
        chamber = chamber_of(session, bailiff.region)
        report = ChamberReport(
            region=bailiff.region, kind="certificate", period_from=record.on,
            period_to=record.ended_on, stamp=f"certificate-{record.id}",
            requested_by=by,
            summary={"bailiff_id": bailiff.bailiff_id, "record_id": record.id})
        session.add(report)
        session.flush()
        record.certificate_report_id = report.id
        content = CertificateContent(
            record.id, bailiff.bailiff_id, bailiff.name, bailiff.licence_no, bailiff.region,
            record.inspection_kind, record.ground, record.ground_ref, record.actions_concerned,
            record.order_no, record.ordered_on, record.notified_on,
            order_notice_in_time(record.notified_on, record.on) if record.notified_on
            else None, record.on, record.ended_on, record.violations_found,
            record.recommendations, certificate_due(record.ended_on, calendar),
            record.certificate_sent_on,
            outgoing_number("C", report.id, record.certificate_sent_on))
        store(session, render_certificate(content, languages_of(chamber)), report_id=report.id)
        plan_deliveries(session, report, chamber)
        return report.id

    # --- the inbox ---------------------------------------------------------------------------

    def inbox(self, session: Session, reach: Jurisdiction, region: str | None,
              kind: str | None, cursor: str | None = None,
              limit: int = 100) -> tuple[list[dict[str, Any]], str | None]:
        """A page of the reports, the latest first, and the next page's cursor."""
        if region and not reach.covers_region(region):
            raise _outside(region)
        keyset, downward = (ChamberReport.id,), (True,)
        query = reach.scope_regions(
            select(ChamberReport).order_by(*paging.order(keyset, downward)).limit(limit + 1),
            ChamberReport.region)
        if cursor is not None:
            query = query.where(paging.after(keyset, paging.key_of(cursor, int), downward))
        if region:
            query = query.where(ChamberReport.region == region)
        if kind:
            query = query.where(ChamberReport.kind == kind)
        reports, next_cursor = paging.cut(list(session.scalars(query)), limit,
                                          lambda r: (r.id,))
        return [report_dict(r) for r in reports], next_cursor

    def visible(self, session: Session, reach: Jurisdiction, report_id: int) -> ChamberReport:
        report = session.get(ChamberReport, report_id)
        if report is None or not reach.covers_region(report.region):
            raise not_found("report", report_id)
        return report

    def report(self, session: Session, reach: Jurisdiction, report_id: int) -> dict[str, Any]:
        report = self.visible(session, reach, report_id)
        documents = session.execute(
            select(Document.id, Document.filename, Document.language, Document.media_type,
                   Document.sha256, func.length(Document.content))
            .where(Document.report_id == report.id).order_by(Document.id)).all()
        deliveries = list(session.scalars(select(Delivery).where(
            Delivery.report_id == report.id).order_by(Delivery.id)))
        attempts: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for attempt in session.scalars(select(DeliveryAttempt).where(
                DeliveryAttempt.delivery_id.in_([d.id for d in deliveries]))
                .order_by(DeliveryAttempt.id)):
            attempts[attempt.delivery_id].append(
                {"at": attempt.at.isoformat(), "ok": attempt.ok, "detail": attempt.detail})
        return report_dict(report) | {
            "documents": [{"id": d[0], "filename": d[1], "language": d[2],
                           "media_type": d[3], "sha256": d[4], "bytes": d[5]}
                          for d in documents],
            "deliveries": [{"id": d.id, "channel": d.channel, "status": d.status,
                            "attempts": d.attempts,
                            "delivered_at": d.delivered_at.isoformat()
                            if d.delivered_at else None,
                            "next_attempt_at": d.next_attempt_at.isoformat()
                            if d.status == "pending" else None,
                            "last_error": d.last_error, "log": attempts.get(d.id, [])}
                           for d in deliveries],
            "allowed_actions": reach.allowed("reports.redeliver")}


def _outside(region: str) -> Forbidden:
    """Naming a region outside one's reach is refused, not hidden: the regions are public."""
    return Forbidden("outside_jurisdiction", f"region {region} is outside your jurisdiction",
                     what="region", id=region[:200])
