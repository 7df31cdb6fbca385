"""The figures of each district's supervision over a period, for its supervisors to compare
(docs/decisions.md, "Oversight"): the breaches found by rule and how many are still open, the
acts brought by kind and what they achieved, the appeals received and whether they were
answered in time, the licence proposals. Each figure is counted where the thing is filed
(the alert's, the act's, the appeal's, the proposal's territory) and within the caller's reach,
so a district prosecutor sees their district's row, a regional supervisor every district of the
region, the General Prosecutor's Office every region's."""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from services.alerts.acts.models import ActProceeding, SupervisoryAct
from services.alerts.appeals.models import Appeal
from services.alerts.appeals.service import answered_in_time
from services.alerts.bailiffs.models import Bailiff
from services.alerts.deliveries.models import Delivery
from services.alerts.deliveries.postman import Postman
from services.alerts.documents.models import Document
from services.alerts.documents.oversight import OfficeReportContent, render_office_report
from services.alerts.documents.render import (
    LANGUAGES,
    Issuer,
    Rendered,
    checked_languages,
    languages_in,
    outgoing_number,
)
from services.alerts.documents.service import find, store
from services.alerts.oversight.models import Office, OfficeReport, SanctionDecision, superior_of
from services.alerts.proposals.models import LicenceProposal
from services.alerts.queue.models import Alert
from shared import paging
from shared.access import Jurisdiction
from shared.errors import Conflict, Forbidden, not_found
from shared.legal.hierarchy import Level, due_on, timeliness
from shared.legal.rules import BAILIFFS_BREACHES, Context
from shared.metrics import OFFICE_REPORT_SECONDS, OFFICE_REPORTS
from shared.settings import Policy
from shared.storage import utcnow

Place = tuple[str | None, str | None]
TOP_BAILIFFS = 10  # the bailiffs with most breaches a report names


def _within(query: Any, reach: Jurisdiction | None, region_col: Any, district_col: Any,
            region: str | None, district: str | None) -> Any:
    """`query` within the caller's reach (None: a report's own territory, whoever asks) and,
    where given, one region or one district."""
    if reach is not None:
        query = reach.scope(query, region_col, district_col)
    if region is not None:
        query = query.where(region_col == region)
    if district is not None:
        query = query.where(district_col == district)
    return query


def _row() -> dict[str, Any]:
    return {"breaches": defaultdict(lambda: {"found": 0, "open": 0}),
            "acts": {"total": 0, "by_kind": defaultdict(int), "satisfied": 0, "partly": 0,
                     "rejected": 0, "unanswered": 0, "taken_to_court": 0,
                     "recovered_kzt": 0.0},
            "appeals": {"received": 0, "answered_in_time": 0, "answered_late": 0,
                        "unanswered": 0, "past_term": 0},
            "sanctions": {"granted": 0, "refused": 0, "late": 0},
            "proposals": 0}


def district_figures(session: Session, reach: Jurisdiction | None, start: date, end: date,
                     today: date, ctx: Context, region: str | None = None,
                     district: str | None = None) -> list[dict[str, Any]]:
    """One row per district (region and district) that had anything in the period, in order
    of region and district; within `region` or `district` where given."""
    rows: dict[Place, dict[str, Any]] = defaultdict(_row)
    found = _within(
        select(Alert.region, Alert.district, Alert.rule, Alert.status, Alert.state,
               func.count())
        .where(Alert.due.between(start, end), Alert.withdrawn_on.is_(None)),
        reach, Alert.region, Alert.district, region, district).group_by(
            Alert.region, Alert.district, Alert.rule, Alert.status, Alert.state)
    for where, within, rule, status, state, count in session.execute(found):
        cell = rows[(where, within)]["breaches"][rule]
        cell["found"] += count
        # Open: not done, and no prosecutor has resolved or dismissed it.
        if state == "open" and status not in ("resolved", "dismissed"):
            cell["open"] += count
        if rule == "SANCTION_DECISION_TERM":
            rows[(where, within)]["sanctions"]["late"] += count
    acts = _within(
        select(SupervisoryAct.region, SupervisoryAct.district, SupervisoryAct.act_kind,
               SupervisoryAct.answer_result, SupervisoryAct.answered_on.is_not(None),
               func.count(), func.count(SupervisoryAct.court_filed_on),
               func.coalesce(func.sum(SupervisoryAct.recovered_kzt), 0.0))
        .where(SupervisoryAct.registered_on.between(start, end)),
        reach, SupervisoryAct.region, SupervisoryAct.district, region, district).group_by(
            SupervisoryAct.region, SupervisoryAct.district, SupervisoryAct.act_kind,
            SupervisoryAct.answer_result, SupervisoryAct.answered_on.is_not(None))
    for where, within, kind, result, answered, count, to_court, recovered in \
            session.execute(acts):
        cell = rows[(where, within)]["acts"]
        cell["total"] += count
        cell["by_kind"][kind] += count
        if result in ("satisfied", "partly", "rejected"):
            cell[result] += count
        elif not answered:
            cell["unanswered"] += count
        cell["taken_to_court"] += to_court
        cell["recovered_kzt"] += float(recovered or 0.0)
    appeals = _within(select(Appeal).where(Appeal.received_on.between(start, end)),
                      reach, Appeal.region, Appeal.district, region, district)
    for appeal in session.scalars(appeals):
        cell = rows[(appeal.region, appeal.district)]["appeals"]
        cell["received"] += 1
        in_time = answered_in_time(appeal, ctx, today)
        if appeal.answered_on is not None:
            cell["answered_in_time" if in_time else "answered_late"] += 1
        else:
            cell["unanswered"] += 1
            cell["past_term"] += 0 if in_time else 1
    proposals = _within(
        select(LicenceProposal.region, LicenceProposal.district, func.count())
        .where(LicenceProposal.crossed_on.between(start, end)),
        reach, LicenceProposal.region, LicenceProposal.district, region, district).group_by(
            LicenceProposal.region, LicenceProposal.district)
    for where, within, count in session.execute(proposals):
        rows[(where, within)]["proposals"] += count
    # Decisions are placed where their proceeding is: the ledger knows each one's place.
    decisions = _within(
        select(ActProceeding.region, ActProceeding.district, SanctionDecision.decision,
               func.count())
        .select_from(SanctionDecision)
        .join(ActProceeding, ActProceeding.proceeding_id == SanctionDecision.proceeding_id)
        .where(SanctionDecision.decided_on.between(start, end)),
        reach, ActProceeding.region, ActProceeding.district, region, district).group_by(
            ActProceeding.region, ActProceeding.district, SanctionDecision.decision)
    for where, within, decision, count in session.execute(decisions):
        if decision in ("granted", "refused"):
            rows[(where, within)]["sanctions"][decision] += count
    return [{"region": where, "district": within,
             "breaches": dict(row["breaches"]),
             "acts": row["acts"] | {"by_kind": dict(row["acts"]["by_kind"])},
             "appeals": row["appeals"], "sanctions": row["sanctions"],
             "proposals": row["proposals"]}
            for (where, within), row in sorted(
                rows.items(), key=lambda item: (item[0][0] or "", item[0][1] or ""))]


def total_of(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of several districts added up: a region's, the country's."""
    total = _row()
    for row in rows:
        for rule, cell in row["breaches"].items():
            total["breaches"][rule]["found"] += cell["found"]
            total["breaches"][rule]["open"] += cell["open"]
        for key, value in row["acts"].items():
            if key == "by_kind":
                for kind, count in value.items():
                    total["acts"]["by_kind"][kind] += count
            else:
                total["acts"][key] += value
        for part in ("appeals", "sanctions"):
            for key, value in row[part].items():
                total[part][key] += value
        total["proposals"] += row["proposals"]
    return {"breaches": dict(sorted(total["breaches"].items())),
            "acts": total["acts"] | {"by_kind": dict(sorted(total["acts"]["by_kind"].items()))},
            "appeals": total["appeals"], "sanctions": total["sanctions"],
            "proposals": total["proposals"]}


def most_breaches(session: Session, reach: Jurisdiction | None, start: date, end: date,
                  region: str | None = None, district: str | None = None,
                  limit: int = TOP_BAILIFFS) -> list[dict[str, Any]]:
    """The bailiffs with most breaches in the period, most first (ties by id)."""
    # The bailiff's own breaches only: a prosecutor's term names the bailiff but is never
    # counted against them.
    count = func.count().label("breaches")
    query = _within(
        select(Alert.bailiff_id, count)
        .where(Alert.due.between(start, end), Alert.withdrawn_on.is_(None),
               Alert.bailiff_id.is_not(None), Alert.rule.in_(BAILIFFS_BREACHES)),
        reach, Alert.region, Alert.district, region, district).group_by(
            Alert.bailiff_id).order_by(count.desc(), Alert.bailiff_id).limit(limit)
    top = session.execute(query).all()
    known = {b.bailiff_id: b for b in session.scalars(select(Bailiff).where(
        Bailiff.bailiff_id.in_([row[0] for row in top])))}
    return [{"bailiff_id": bailiff_id,
             **({"name": b.name, "kind": b.kind, "region": b.region, "district": b.district}
                if (b := known.get(bailiff_id)) else
                {"name": None, "kind": None, "region": None, "district": None}),
             "breaches": n} for bailiff_id, n in top]


# --- reports up the hierarchy ------------------------------------------------------------------


def reporting_office(reach: Jurisdiction, report: OfficeReport) -> bool:
    """Whether the caller is of the office that makes the report: a district's prosecutor
    their district's, the regional office (no district) the region's. A superior reads its
    subordinates' reports but never sends them for them."""
    principal = reach.principal
    return principal.region == report.region and \
        (principal.district or "") == report.district


def office_of(session: Session, region: str, district: str) -> Office:
    """An office's settings; every office has its inbox, so one is made on first use."""
    office = session.get(Office, (region, district))
    if office is None:
        office = Office(region=region, district=district, languages=",".join(LANGUAGES))
        session.add(office)
        session.flush()
    return office


def office_report_dict(report: OfficeReport, today: date) -> dict[str, Any]:
    kept = timeliness(report.due_on, report.sent_on, today)
    return {"id": report.id, "level": report.level, "region": report.region,
            "district": report.district or None, "kind": report.kind,
            "period_from": report.period_from, "period_to": report.period_to,
            "due_on": report.due_on, "sent_on": report.sent_on, "sent_by": report.sent_by,
            "made_by": report.made_by, "created_at": report.created_at,
            "timeliness": kept.state, "days_late": kept.days_late}


class OfficeDesk:
    """Drafts, sends and shows the reports up the hierarchy. A scheduled report exists once
    per office, kind and period (a unique key), so a repeated tick never drafts it twice."""

    def __init__(self, policy: Policy, ctx: Context) -> None:
        self.policy, self.ctx = policy, ctx

    def due_day(self, level: Level) -> int:
        return self.policy.district_report_due_day if level == "district" \
            else self.policy.region_report_due_day

    def reporting(self, session: Session, level: Level, start: date,
                  end: date) -> list[tuple[str, str]]:
        """The offices that report on a period: every district (or region) where bailiffs
        are registered or anything was supervised in it."""
        places = set(session.execute(select(Bailiff.region, Bailiff.district).distinct()))
        for region_col, district_col, day in (
                (Alert.region, Alert.district, Alert.due),
                (SupervisoryAct.region, SupervisoryAct.district, SupervisoryAct.registered_on),
                (Appeal.region, Appeal.district, Appeal.received_on)):
            places |= set(session.execute(select(region_col, district_col).where(
                day.between(start, end), region_col.is_not(None),
                district_col.is_not(None)).distinct()))
        if level == "region":
            return sorted({(region, "") for region, _ in places})
        return sorted((region, district) for region, district in places)

    def exists(self, session: Session, level: str, region: str, district: str, kind: str,
               start: date) -> bool:
        return session.scalar(select(OfficeReport.id).where(
            OfficeReport.level == level, OfficeReport.region == region,
            OfficeReport.district == district, OfficeReport.kind == kind,
            OfficeReport.period_from == start, OfficeReport.stamp == "")) is not None

    def figures(self, session: Session, level: str, region: str, district: str, kind: str,
                start: date, end: date, today: date) -> dict[str, Any]:
        """What a report says: each district's figures and their sum, the bailiffs with most
        breaches, and in a region's quarterly report how its districts' reports came."""
        within = district or None
        rows = district_figures(session, None, start, end, today, self.ctx, region, within)
        figures: dict[str, Any] = {
            "districts": rows, "total": total_of(rows),
            "bailiffs": most_breaches(session, None, start, end, region, within)}
        if level == "region" and kind == "quarterly":
            figures["district_reports"] = self.district_reports(session, region, start, today)
        return figures

    def district_reports(self, session: Session, region: str, start: date,
                         today: date) -> list[dict[str, Any]]:
        """The region's districts' reports for the quarter beginning `start`: sent in time,
        late, not yet due, or missing past their day."""
        return [{"district": r.district, "report_id": r.id, "due_on": r.due_on,
                 "sent_on": r.sent_on} | {"timeliness": timeliness(r.due_on, r.sent_on,
                                                                  today).state}
                for r in session.scalars(select(OfficeReport).where(
                    OfficeReport.level == "district", OfficeReport.region == region,
                    OfficeReport.kind == "quarterly", OfficeReport.period_from == start,
                    OfficeReport.stamp == "").order_by(OfficeReport.district))]

    def make(self, session: Session, level: Level, region: str, district: str, kind: str,
             start: date, end: date, made_by: str, today: date, stamp: str = "") -> int:
        """A report drafted, with its documents, in the caller's unit of work."""
        started = time.perf_counter()
        report = OfficeReport(
            level=level, region=region, district=district, kind=kind, period_from=start,
            period_to=end, stamp=stamp, made_by=made_by,
            due_on=due_on(end, self.due_day(level), self.ctx.calendar) if not stamp else None,
            figures={})
        session.add(report)
        session.flush()  # the report's id is its outgoing number's
        self._render(session, report, today)
        OFFICE_REPORTS.labels(level, kind).inc()
        OFFICE_REPORT_SECONDS.observe(time.perf_counter() - started)
        return report.id

    def _render(self, session: Session, report: OfficeReport, today: date) -> None:
        """The report's figures as of `today`, and its documents in the superior office's
        languages (those drafted before replaced)."""
        figures = self.figures(session, report.level, report.region, report.district,
                               report.kind, report.period_from, report.period_to, today)
        report.figures = _jsonable(figures)
        session.execute(delete(Document).where(Document.office_report_id == report.id))
        superior = office_of(session, *superior_of(report))
        content = OfficeReportContent(
            level=report.level, region=report.region, district=report.district or None,
            kind=report.kind, period_from=report.period_from, period_to=report.period_to,
            due_on=report.due_on, made_on=today, figures=report.figures,
            number=outgoing_number("O", report.id, today), issuer=Issuer.of(self.policy),
            addressee=superior.name)
        store(session, render_office_report(content, languages_in(superior.languages)),
              office_report_id=report.id)

    def send(self, session: Session, reach: Jurisdiction, report_id: int, who: str,
             today: date) -> dict[str, Any]:
        """The office sends its report up: figures and documents as of today, into the
        superior's inbox, and by e-mail and webhook where the superior has them."""
        report = self.visible(session, reach, report_id, lock=True)
        if not reporting_office(reach, report):
            raise Forbidden("not_the_reporting_office", "only the reporting office sends its "
                            "report (its superior reads it)", id=report_id)
        if report.sent_on is not None:
            raise Conflict("report_sent", f"report {report_id} was sent on "
                           f"{report.sent_on.isoformat()}", id=report_id)
        report.sent_on, report.sent_by = today, who
        self._render(session, report, today)
        superior = office_of(session, *superior_of(report))
        session.add(Delivery(office_report_id=report.id, channel="inbox", status="delivered",
                             attempts=1, delivered_at=utcnow()))
        if superior.email:
            session.add(Delivery(office_report_id=report.id, channel="email"))
        if superior.webhook_url:
            session.add(Delivery(office_report_id=report.id, channel="webhook"))
        session.flush()
        return self.report(session, reach, report_id, today)

    def redeliver(self, session: Session, reach: Jurisdiction, report_id: int) -> int:
        """The report's failed e-mail and webhook deliveries sent again, by its office."""
        report = self.visible(session, reach, report_id)
        if not reporting_office(reach, report):
            raise Forbidden("not_the_reporting_office", "only the reporting office sends its "
                            "report (its superior reads it)", id=report_id)
        return Postman.redeliver(session, report_id, upward=True)

    def visible(self, session: Session, reach: Jurisdiction, report_id: int,
                lock: bool = False) -> OfficeReport:
        report = session.get(OfficeReport, report_id, with_for_update=lock or None)
        if report is None or not reach.covers(report.region, report.district or None):
            raise not_found("report", report_id)
        return report

    def inbox(self, session: Session, reach: Jurisdiction, today: date, level: str | None,
              region: str | None, sent: bool | None, cursor: str | None,
              limit: int) -> tuple[list[dict[str, Any]], str | None]:
        """A page of the reports within reach, the latest first."""
        keyset, downward = (OfficeReport.id,), (True,)
        query = reach.scope(
            select(OfficeReport).order_by(*paging.order(keyset, downward)).limit(limit + 1),
            OfficeReport.region, OfficeReport.district)
        if cursor is not None:
            query = query.where(paging.after(keyset, paging.key_of(cursor, int), downward))
        if level:
            query = query.where(OfficeReport.level == level)
        if region:
            query = query.where(OfficeReport.region == region)
        if sent is not None:
            query = query.where(OfficeReport.sent_on.is_not(None) if sent
                                else OfficeReport.sent_on.is_(None))
        reports, next_cursor = paging.cut(list(session.scalars(query)), limit,
                                          lambda r: (r.id,))
        return [office_report_dict(r, today) for r in reports], next_cursor

    def report(self, session: Session, reach: Jurisdiction, report_id: int,
               today: date) -> dict[str, Any]:
        report = self.visible(session, reach, report_id)
        documents = session.execute(
            select(Document.id, Document.filename, Document.language, Document.media_type,
                   Document.sha256, func.length(Document.content))
            .where(Document.office_report_id == report.id).order_by(Document.id)).all()
        deliveries = session.execute(
            select(Delivery.channel, Delivery.status, Delivery.attempts, Delivery.delivered_at,
                   Delivery.last_error)
            .where(Delivery.office_report_id == report.id).order_by(Delivery.id)).all()
        may_send = report.sent_on is None and reach.may("oversight.report") and \
            reporting_office(reach, report)
        figures = report.figures
        if report.sent_on is None and "district_reports" in figures:
            # A draft tells the superior how the districts' reports stand today, not as drafted.
            figures = figures | {"district_reports": _jsonable(self.district_reports(
                session, report.region, report.period_from, today))}
        return office_report_dict(report, today) | {
            "figures": figures,
            "documents": [{"id": d[0], "filename": d[1], "language": d[2],
                           "media_type": d[3], "sha256": d[4], "bytes": d[5]}
                          for d in documents],
            "deliveries": [{"channel": c, "status": st, "attempts": a, "delivered_at": at,
                            "last_error": err} for c, st, a, at, err in deliveries],
            "allowed_actions": ["oversight.send"] if may_send else []}

    def document(self, session: Session, reach: Jurisdiction, report_id: int,
                 filename: str) -> Rendered:
        report = self.visible(session, reach, report_id)
        return find(session, Document.office_report_id == report.id, filename)

    def configure(self, session: Session, region: str, district: str, name: str | None,
                  email: str | None, webhook_url: str | None, webhook_secret: str | None,
                  languages: str | None) -> dict[str, Any]:
        office = office_of(session, region, district)
        if name is not None:
            office.name = name or None
        if email is not None:
            office.email = email or None
        if webhook_url is not None:
            if webhook_url and not webhook_url.startswith(("http://", "https://")):
                raise ValueError("--webhook: an http:// or https:// URL")
            office.webhook_url = webhook_url or None
        if webhook_secret is not None:
            office.webhook_secret = webhook_secret or None
        if languages is not None:
            office.languages = checked_languages(languages)
        return {"region": office.region or None, "district": office.district or None,
                "name": office.name, "email": office.email, "webhook_url": office.webhook_url,
                "languages": office.languages}


def _jsonable(value: Any) -> Any:
    """Figures as the JSON column keeps them: dates as ISO text."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
