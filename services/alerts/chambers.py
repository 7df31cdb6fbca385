"""Regional chambers of private bailiffs: who their members are, the count of acts toward the
licence threshold and the suspension proposal, breach reports on schedule and on demand, and the
inspection plan (domain.md §2, §5; LICENCE_THRESHOLD; seed 004).

A chamber sees only its own members: private bailiffs registered in its region. Membership comes
from `bailiff.registered` on `proceedings.events`; breaches from the alert queue; acts from the
ledger. Everything is made inside this service's database, so a report, its documents and its
deliveries are written in one transaction and a repeated tick never makes a second copy.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from services.alerts.documents import (
    LANGUAGES,
    ActRow,
    BreachRow,
    MemberRow,
    ProposalContent,
    Rendered,
    ReportContent,
    render_notice,
    render_proposal,
    render_report,
)
from services.alerts.models import (
    RECORD_KINDS,
    Alert,
    Bailiff,
    BailiffRecord,
    Chamber,
    ChamberReport,
    Delivery,
    DeliveryAttempt,
    Document,
    LicenceProposal,
    SupervisoryAct,
)
from services.alerts.service import AlertError
from shared.auth import Principal
from shared.bus import Message, events_in
from shared.events import BailiffRegistered
from shared.legal.calendar import add_months
from shared.legal.inspections import Profile, inspection_plan
from shared.messages import ALERT_CHANGE_CODEC
from shared.metrics import CHAMBER_REPORT_SECONDS, CHAMBER_REPORTS, LICENCE_PROPOSALS
from shared.settings import LicenceWindow, Policy, Runtime
from shared.storage import transaction

log = logging.getLogger(__name__)
# The bailiffs' own breaches; SANCTION_DECISION_TERM is the prosecutor's term, not theirs.
BAILIFF_RULES = ("OPENING_TERM", "NOTICE_TERM", "COMPLETION_TERM", "VALUATION_TERM",
                 "LICENCE_THRESHOLD", "ACT_RESPONSE_TERM", "UNSANCTIONED_EXECUTION")
SYSTEM = "qadagalau"


def last_week(today: date) -> tuple[date, date]:
    """The last complete ISO week (Monday to Sunday) before `today`."""
    sunday = today - timedelta(days=today.weekday() + 1)
    return sunday - timedelta(days=6), sunday


def last_month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    end = first - timedelta(days=1)
    return end.replace(day=1), end


class ChamberDesk:
    def __init__(self, sessions: sessionmaker[Session], policy: Policy, runtime: Runtime,
                 today: Callable[[], date]) -> None:
        self.sessions, self.policy, self.runtime, self.today = sessions, policy, runtime, today

    # --- events ------------------------------------------------------------------------------

    def handle_events(self, messages: list[Message]) -> None:
        """`bailiff.registered` from `proceedings.events`: the latest registration holds."""
        events = events_in(messages, BailiffRegistered)
        if not events:
            return
        with transaction(self.sessions) as session:
            for event in events:
                bailiff = session.get(Bailiff, event.bailiff_id)
                if bailiff is None:
                    bailiff = Bailiff(bailiff_id=event.bailiff_id)
                    session.add(bailiff)
                elif event.occurred_on < bailiff.registered_on:
                    continue
                bailiff.kind, bailiff.name = event.kind, event.name
                bailiff.region, bailiff.district = event.region, event.district
                bailiff.licence_no, bailiff.licence_status = event.licence_no, \
                    event.licence_status
                bailiff.started_on, bailiff.registered_on = event.started_on, event.occurred_on
                session.flush()

    def handle_changes(self, messages: list[Message]) -> None:
        """LICENCE_THRESHOLD alerts from `alerts.changes` open (or withdraw) a proposal."""
        crossings = [c for c in ALERT_CHANGE_CODEC.decode_batch(messages)
                     if c.alert.rule == "LICENCE_THRESHOLD"]
        if not crossings:
            return
        with transaction(self.sessions) as session:
            for change in crossings:
                record = change.alert
                proposal = session.scalar(select(LicenceProposal).where(
                    LicenceProposal.bailiff_id == record.bailiff_id,
                    LicenceProposal.year == record.year))
                if change.change == "withdrawn":
                    if proposal is not None and proposal.status != "withdrawn":
                        proposal.status = "withdrawn"
                        LICENCE_PROPOSALS.labels("withdrawn").inc()
                    continue
                crossed_on = record.due
                if proposal is None:
                    session.add(LicenceProposal(
                        bailiff_id=record.bailiff_id, year=record.year,
                        crossed_on=crossed_on, status="pending", act_ids=[],
                        region=record.region, district=record.district))
                    session.flush()
                elif proposal.status == "withdrawn" or proposal.crossed_on != crossed_on:
                    # Raised again, or late data moved the crossing: the proposal is made
                    # anew and the chamber gets a corrected notice.
                    proposal.status, proposal.crossed_on = "pending", crossed_on

    # --- licence threshold -------------------------------------------------------------------

    def _window(self, year: int, until: date) -> tuple[date, date]:
        if self.policy.licence_window is LicenceWindow.CALENDAR:
            return date(year, 1, 1), min(until, date(year, 12, 31))
        return until - timedelta(days=364), until

    def prepare_proposals(self) -> int:
        """Render the proposals whose bailiff and acts have arrived; the others wait (the
        ledger and the registry may be a few messages behind the monitor)."""
        made = 0
        with self.sessions() as session:
            pending = list(session.scalars(select(LicenceProposal.id).where(
                LicenceProposal.status == "pending")))
        for proposal_id in pending:
            try:
                made += self._prepare(proposal_id)
            except Exception:  # one proposal that cannot be made must not hold up the rest
                log.exception("licence proposal %d could not be made; retried next tick",
                              proposal_id)
        return made

    def _prepare(self, proposal_id: int) -> int:
        with transaction(self.sessions) as session:
            proposal = session.get(LicenceProposal, proposal_id, with_for_update=True)
            if proposal is None or proposal.status != "pending":
                return 0
            bailiff = session.get(Bailiff, proposal.bailiff_id)
            acts = self._acts(session, proposal.bailiff_id,
                              *self._window(proposal.year, proposal.crossed_on))
            if bailiff is None or len(acts) <= self.policy.licence_threshold:
                return 0
            content = ProposalContent(
                bailiff_id=bailiff.bailiff_id, name=bailiff.name,
                licence_no=bailiff.licence_no, region=bailiff.region, year=proposal.year,
                crossed_on=proposal.crossed_on,
                crossing_act=acts[self.policy.licence_threshold].act_id,
                threshold=self.policy.licence_threshold,
                window=self.policy.licence_window.value,
                authority={"kk": self.policy.licence_authority_kk,
                           "ru": self.policy.licence_authority_ru},
                acts=acts, made_on=self.today())
            proposal.act_ids = [a.act_id for a in acts]
            proposal.region = proposal.region or bailiff.region
            proposal.district = proposal.district or bailiff.district
            proposal.status = "ready"
            # A proposal made anew replaces its documents; the notices sent stay as sent.
            session.execute(delete(Document).where(Document.proposal_id == proposal.id))
            _store(session, render_proposal(content, LANGUAGES), proposal_id=proposal.id)
            chamber = self._chamber(session, bailiff.region)
            languages = _languages(chamber)
            notice = ChamberReport(
                region=bailiff.region, kind="licence_notice", period_from=proposal.crossed_on,
                period_to=proposal.crossed_on,
                stamp=f"proposal-{proposal.id}-{uuid.uuid4().hex[:12]}",
                requested_by=SYSTEM, summary={"bailiff_id": bailiff.bailiff_id,
                                              "year": proposal.year, "acts": len(acts)})
            session.add(notice)
            session.flush()
            proposal.notice_report_id = notice.id
            _store(session, render_notice(content, languages)
                   + [d for d in render_proposal(content, languages)
                      if d.media_type == "application/pdf"], report_id=notice.id)
            self._deliveries(session, notice, chamber)
            LICENCE_PROPOSALS.labels("ready").inc()
            return 1

    def _acts(self, session: Session, bailiff_id: str, start: date, end: date) -> list[ActRow]:
        return _act_rows(session, SupervisoryAct.bailiff_id == bailiff_id, start, end)

    def licence_counts(self, principal: Principal, year: int) -> list[dict[str, Any]]:
        """Acts per bailiff in the licence window of `year` (up to today) against the
        threshold, for the bailiffs the policy counts and the caller may see."""
        start, end = self._window(year, min(self.today(), date(year, 12, 31)))
        with self.sessions() as session:
            members = [m for m in self._members(session, principal)
                       if m.kind == "private" or not self.policy.licence_private_only]
            counts = _count_by_bailiff(session, SupervisoryAct.bailiff_id, and_(
                SupervisoryAct.registered_on.between(start, end),
                SupervisoryAct.bailiff_id.in_([m.bailiff_id for m in members])))
        threshold = self.policy.licence_threshold
        return [{"bailiff_id": m.bailiff_id, "region": m.region, "district": m.district,
                 "year": year, "window_from": start.isoformat(), "window_to": end.isoformat(),
                 "acts": counts.get(m.bailiff_id, 0), "threshold": threshold,
                 "over": counts.get(m.bailiff_id, 0) > threshold} for m in members]

    # --- reports -----------------------------------------------------------------------------

    def tick(self) -> dict[str, int]:
        """What the schedule asks today: reports due, proposals ready. Safe to run on several
        replicas at once: a report exists once per chamber and period."""
        today = self.today()
        made = 0
        periods = {"weekly": last_week(today), "monthly": last_month(today)}
        with self.sessions() as session:
            regions = list(session.scalars(select(Bailiff.region).where(
                Bailiff.kind == "private").distinct()))
        for kind in self.runtime.report_schedule:
            start, end = periods[kind]
            for region in regions:
                with self.sessions() as session:
                    exists = session.scalar(select(ChamberReport.id).where(
                        ChamberReport.region == region, ChamberReport.kind == kind,
                        ChamberReport.period_from == start, ChamberReport.stamp == ""))
                if exists is None:
                    try:
                        self.make_report(region, kind, start, end, SYSTEM)
                        made += 1
                    except IntegrityError:
                        pass  # another replica made it first
        return {"reports": made, "proposals": self.prepare_proposals()}

    def request_report(self, principal: Principal, region: str | None, start: date,
                       end: date) -> dict[str, Any]:
        region = region or principal.region
        if region is None:
            raise AlertError(422, "region: which chamber's report")
        if not _sees_region(principal, region):
            raise AlertError(403, f"region {region} is outside your jurisdiction")
        if end < start:
            raise AlertError(422, "to: the period ends before it begins")
        if (end - start).days > 366:
            raise AlertError(422, "a report covers at most a year; ask for several")
        report_id = self.make_report(region, "on_demand", start, end, principal.name,
                                     stamp=uuid.uuid4().hex)
        return self.report(principal, report_id)

    def make_report(self, region: str, kind: str, start: date, end: date, requested_by: str,
                    stamp: str = "") -> int:
        started = time.perf_counter()
        with transaction(self.sessions) as session:
            chamber = self._chamber(session, region)
            content = self.report_content(session, region, kind, start, end)
            content.chamber_name = chamber.name
            documents = render_report(content, _languages(chamber))
            report = ChamberReport(
                region=region, kind=kind, period_from=start, period_to=end, stamp=stamp,
                requested_by=requested_by, summary={
                    "members": len(content.members), "breaches": len(content.breaches),
                    "acts": len(content.acts),
                    "over_threshold": sum(m.acts_in_year > content.threshold
                                          for m in content.members)})
            session.add(report)
            session.flush()
            _store(session, documents, report_id=report.id)
            self._deliveries(session, report, chamber)
            report_id = report.id
        CHAMBER_REPORTS.labels(kind).inc()
        CHAMBER_REPORT_SECONDS.observe(time.perf_counter() - started)
        return report_id

    def report_content(self, session: Session, region: str, kind: str, start: date,
                       end: date) -> ReportContent:
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
                       Alert.rule.in_(BAILIFF_RULES), Alert.due.between(start, end))
                .order_by(Alert.bailiff_id, Alert.due, Alert.rule, Alert.id))]
        for breach in breaches:
            counts = rows[breach.bailiff_id].breaches
            counts[breach.rule] = counts.get(breach.rule, 0) + 1
        acts = _act_rows(session, SupervisoryAct.bailiff_id.in_(member_ids), start, end)
        window_start, window_end = self._window(end.year, end)
        for bailiff_id, count in session.execute(
                select(SupervisoryAct.bailiff_id, func.count())
                .where(SupervisoryAct.bailiff_id.in_(member_ids),
                       SupervisoryAct.registered_on.between(window_start, window_end))
                .group_by(SupervisoryAct.bailiff_id)):
            rows[bailiff_id].acts_in_year = count
        rolling = self.policy.licence_window is not LicenceWindow.CALENDAR
        return ReportContent(region, None, kind, start, end, self.today(), end.year,
                             self.policy.licence_threshold, list(rows.values()), breaches, acts,
                             (window_start, window_end) if rolling else None)

    def _deliveries(self, session: Session, report: ChamberReport, chamber: Chamber) -> None:
        """The inbox at once; e-mail and webhook by the postman, with retries."""
        session.add(Delivery(report_id=report.id, channel="inbox", status="delivered",
                             attempts=1, delivered_at=report.created_at))
        if chamber.email:
            session.add(Delivery(report_id=report.id, channel="email"))
        if chamber.webhook_url:
            session.add(Delivery(report_id=report.id, channel="webhook"))

    def _chamber(self, session: Session, region: str) -> Chamber:
        chamber = session.get(Chamber, region)
        if chamber is None:
            chamber = Chamber(region=region, languages=",".join(LANGUAGES))
            session.add(chamber)
            session.flush()
        return chamber

    def configure(self, region: str, name: str | None, email: str | None,
                  webhook_url: str | None, webhook_secret: str | None,
                  languages: str | None) -> dict[str, Any]:
        with transaction(self.sessions) as session:
            chamber = self._chamber(session, region)
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
                chosen = [x.strip() for x in languages.split(",") if x.strip()]
                wrong = [x for x in chosen if x not in LANGUAGES]
                if wrong or not chosen:
                    raise ValueError(f"--languages: a comma-separated choice of "
                                     f"{', '.join(LANGUAGES)}")
                chamber.languages = ",".join(chosen)
            return {"region": chamber.region, "name": chamber.name, "email": chamber.email,
                    "webhook_url": chamber.webhook_url, "languages": chamber.languages}

    # --- the inbox ---------------------------------------------------------------------------

    def reports(self, principal: Principal, region: str | None,
                kind: str | None) -> list[dict[str, Any]]:
        query = select(ChamberReport).order_by(ChamberReport.id.desc()).limit(500)
        if region and not _sees_region(principal, region):
            raise AlertError(403, f"region {region} is outside your jurisdiction")
        if principal.role not in ("admin", "auditor"):
            if principal.region is None or not _sees_region(principal, principal.region):
                return []
            query = query.where(ChamberReport.region == principal.region)
        if region:
            query = query.where(ChamberReport.region == region)
        if kind:
            query = query.where(ChamberReport.kind == kind)
        with self.sessions() as session:
            return [_report_dict(r) for r in session.scalars(query)]

    def report(self, principal: Principal, report_id: int) -> dict[str, Any]:
        with self.sessions() as session:
            report = self._visible_report(session, principal, report_id)
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
            return _report_dict(report) | {
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
                               for d in deliveries]}

    def document(self, principal: Principal, report_id: int | None, proposal_id: int | None,
                 filename: str) -> Rendered:
        with self.sessions() as session:
            if report_id is not None:
                self._visible_report(session, principal, report_id)
                where = Document.report_id == report_id
            else:
                assert proposal_id is not None
                self._visible_proposal(session, principal, proposal_id)
                where = Document.proposal_id == proposal_id
            doc = session.scalar(select(Document).where(where, Document.filename == filename))
            if doc is None:
                raise AlertError(404, f"no document {filename!r} here")
            return Rendered(doc.filename, doc.language, doc.media_type, doc.content)

    def _visible_report(self, session: Session, principal: Principal,
                        report_id: int) -> ChamberReport:
        report = session.get(ChamberReport, report_id)
        if report is None or not _sees_region(principal, report.region):
            raise AlertError(404, f"no report {report_id} in your jurisdiction")
        return report

    # --- proposals ---------------------------------------------------------------------------

    def proposals(self, principal: Principal, year: int | None) -> list[dict[str, Any]]:
        query = select(LicenceProposal).order_by(LicenceProposal.id.desc()).limit(500)
        if principal.role not in ("admin", "auditor"):
            query = query.where(LicenceProposal.region == principal.region)
            if principal.role == "prosecutor" and principal.district is not None:
                query = query.where(LicenceProposal.district == principal.district)
        if year is not None:
            query = query.where(LicenceProposal.year == year)
        with self.sessions() as session:
            return [self._proposal_dict(session, p) for p in session.scalars(query)]

    def proposal(self, principal: Principal, proposal_id: int) -> dict[str, Any]:
        with self.sessions() as session:
            return self._proposal_dict(session,
                                       self._visible_proposal(session, principal, proposal_id))

    def _visible_proposal(self, session: Session, principal: Principal,
                          proposal_id: int) -> LicenceProposal:
        proposal = session.get(LicenceProposal, proposal_id)
        visible = proposal is not None and (
            principal.role in ("admin", "auditor")
            or (principal.region == proposal.region and (
                principal.role != "prosecutor" or principal.district is None
                or principal.district == proposal.district)))
        if not visible or proposal is None:
            raise AlertError(404, f"no proposal {proposal_id} in your jurisdiction")
        return proposal

    @staticmethod
    def _proposal_dict(session: Session, p: LicenceProposal) -> dict[str, Any]:
        documents = session.execute(select(Document.filename, Document.media_type).where(
            Document.proposal_id == p.id).order_by(Document.id)).all()
        return {"id": p.id, "bailiff_id": p.bailiff_id, "year": p.year,
                "crossed_on": p.crossed_on.isoformat(), "status": p.status,
                "act_ids": p.act_ids, "region": p.region,
                "notice_report_id": p.notice_report_id,
                "documents": [{"filename": f, "media_type": m} for f, m in documents]}

    # --- members -----------------------------------------------------------------------------

    def _members(self, session: Session, principal: Principal,
                 region: str | None = None) -> list[Bailiff]:
        query = select(Bailiff).order_by(Bailiff.bailiff_id)
        query = _members_of(query, principal)
        if region:
            query = query.where(Bailiff.region == region)
        return list(session.scalars(query))

    def bailiffs(self, principal: Principal, region: str | None) -> list[dict[str, Any]]:
        with self.sessions() as session:
            return [_bailiff_dict(b) for b in self._members(session, principal, region)]

    def bailiff(self, principal: Principal, bailiff_id: str) -> dict[str, Any]:
        year = self.today().year
        with self.sessions() as session:
            bailiff = self._visible_bailiff(session, principal, bailiff_id)
            by_rule = dict(session.execute(
                select(Alert.rule, func.count()).where(
                    Alert.bailiff_id == bailiff_id, Alert.withdrawn_on.is_(None),
                    Alert.rule.in_(BAILIFF_RULES)).group_by(Alert.rule)).all())
            start, end = self._window(year, self.today())
            acts = session.scalar(select(func.count()).where(
                SupervisoryAct.bailiff_id == bailiff_id,
                SupervisoryAct.registered_on.between(start, end)))
            counted = bailiff.kind == "private" or not self.policy.licence_private_only
            records = [{"id": r.id, "kind": r.kind, "on": r.on.isoformat(),
                        "violations_found": r.violations_found,
                        "recommendations_met": r.recommendations_met, "note": r.note}
                       for r in session.scalars(select(BailiffRecord).where(
                           BailiffRecord.bailiff_id == bailiff_id).order_by(BailiffRecord.on))]
            return _bailiff_dict(bailiff) | {
                "breaches_by_rule": by_rule, "year": year, "acts_this_year": acts or 0,
                "licence_window": [start.isoformat(), end.isoformat()],
                "licence_counted": counted,
                "licence_threshold": self.policy.licence_threshold,
                "over_threshold": counted and (acts or 0) > self.policy.licence_threshold,
                "records": records}

    def breaches(self, principal: Principal, bailiff_id: str | None, start: date | None,
                 end: date | None, limit: int) -> list[dict[str, Any]]:
        """The breaches of the members in the caller's reach (a chamber: its own members)."""
        with self.sessions() as session:
            members = select(Bailiff.bailiff_id)
            members = _members_of(members, principal)
            if bailiff_id:
                self._visible_bailiff(session, principal, bailiff_id)
            query = (select(Alert).where(Alert.bailiff_id.in_(members),
                                         Alert.withdrawn_on.is_(None),
                                         Alert.rule.in_(BAILIFF_RULES))
                     .order_by(Alert.due.desc(), Alert.id).limit(limit))
            if bailiff_id:
                query = query.where(Alert.bailiff_id == bailiff_id)
            if start:
                query = query.where(Alert.due >= start)
            if end:
                query = query.where(Alert.due <= end)
            return [{"id": a.id, "rule": a.rule, "bailiff_id": a.bailiff_id,
                     "proceeding_id": a.proceeding_id, "property_id": a.property_id,
                     "act_id": a.act_id, "due": a.due.isoformat(), "state": a.state,
                     "done_on": a.done_on.isoformat() if a.done_on else None}
                    for a in session.scalars(query)]

    def _visible_bailiff(self, session: Session, principal: Principal,
                         bailiff_id: str) -> Bailiff:
        bailiff: Bailiff | None = session.scalar(_members_of(select(Bailiff), principal).where(
            Bailiff.bailiff_id == bailiff_id))
        if bailiff is None:
            raise AlertError(404, f"no bailiff {bailiff_id} in your jurisdiction")
        return bailiff

    def add_record(self, principal: Principal, bailiff_id: str, kind: str, on: date,
                   violations_found: bool | None, recommendations_met: bool | None,
                   note: str | None) -> dict[str, Any]:
        if kind not in RECORD_KINDS:
            raise AlertError(422, f"kind: one of {', '.join(RECORD_KINDS)}")
        if on > self.today():
            raise AlertError(422, "on: a record of something that has happened, not a plan")
        with transaction(self.sessions) as session:
            self._visible_bailiff(session, principal, bailiff_id)
            record = BailiffRecord(bailiff_id=bailiff_id, kind=kind, on=on,
                                   violations_found=violations_found,
                                   recommendations_met=recommendations_met, note=note,
                                   recorded_by=principal.name)
            session.add(record)
            session.flush()
            return {"id": record.id, "bailiff_id": bailiff_id, "kind": kind,
                    "on": on.isoformat()}

    # --- the inspection plan -----------------------------------------------------------------

    def inspection_plan(self, principal: Principal, region: str | None, start: date,
                        end: date) -> list[dict[str, Any]]:
        # Counts cover the twelve months before the plan is made, records up to that day.
        today = self.today()
        lookback = add_months(today, -12)
        with self.sessions() as session:
            members = [m for m in self._members(session, principal, region)
                       if m.kind == "private" and m.licence_status in (None, "active")]
            ids = [m.bailiff_id for m in members]
            records: dict[str, list[BailiffRecord]] = defaultdict(list)
            for record in session.scalars(select(BailiffRecord).where(
                    BailiffRecord.bailiff_id.in_(ids), BailiffRecord.on <= today)
                    .order_by(BailiffRecord.on)):
                records[record.bailiff_id].append(record)
            acts = _count_by_bailiff(session, SupervisoryAct.bailiff_id, and_(
                SupervisoryAct.bailiff_id.in_(ids),
                SupervisoryAct.registered_on.between(lookback, today)))
            breaches = _count_by_bailiff(session, Alert.bailiff_id, and_(
                Alert.bailiff_id.in_(ids), Alert.withdrawn_on.is_(None),
                Alert.rule.in_(BAILIFF_RULES),
                Alert.due.between(lookback, today)))
        profiles = [_profile(m, records[m.bailiff_id], lookback, acts, breaches)
                    for m in members]
        by_id = {m.bailiff_id: m for m in members}
        return [{"bailiff_id": e.bailiff_id, "region": by_id[e.bailiff_id].region,
                 "district": by_id[e.bailiff_id].district, "kind": e.kind,
                 "window_from": e.window_from.isoformat(), "window_to": e.window_to.isoformat(),
                 "score": e.score, "factors": e.factors, "never_inspected": e.never_inspected}
                for e in inspection_plan(profiles, start, end, self.policy.inspection_weights)]


def _profile(member: Bailiff, records: list[BailiffRecord], lookback: date,
             acts: dict[str, int], breaches: dict[str, int]) -> Profile:
    inspections = [r for r in records if r.kind == "inspection"]
    last = inspections[-1] if inspections else None
    recent = [r for r in records if r.on >= lookback]
    return Profile(
        bailiff_id=member.bailiff_id, started_on=member.started_on,
        last_inspection_on=last.on if last else None,
        violations_found=bool(last and last.violations_found),
        recommendations_unmet=1 if last is not None and last.recommendations_met is False else 0,
        complaints=sum(1 for r in recent if r.kind == "complaint"),
        court_rulings=sum(1 for r in recent if r.kind in ("court_ruling", "annulled_action")),
        criminal_cases=sum(1 for r in recent if r.kind == "criminal_case"),
        acts=acts.get(member.bailiff_id, 0), breaches=breaches.get(member.bailiff_id, 0))


def _act_rows(session: Session, whose: Any, start: date, end: date) -> list[ActRow]:
    """Acts registered from `start` to `end`, in the order they were registered."""
    return [ActRow(*row) for row in session.execute(
        select(SupervisoryAct.act_id, SupervisoryAct.act_kind, SupervisoryAct.bailiff_id,
               SupervisoryAct.registered_on, SupervisoryAct.response_due_on,
               SupervisoryAct.answered_on)
        .where(whose, SupervisoryAct.registered_on.between(start, end))
        .order_by(SupervisoryAct.registered_on, SupervisoryAct.act_id))]


def _count_by_bailiff(session: Session, column: Any, where: Any) -> dict[str, int]:
    return {bailiff: count for bailiff, count in session.execute(
        select(column, func.count()).where(where).group_by(column))}


def _members_of(query: Any, principal: Principal) -> Any:
    """The bailiffs a principal may see: a chamber its region's private bailiffs, a justice
    body its region's bailiffs, a prosecutor those of their territory."""
    if principal.role in ("admin", "auditor"):
        return query
    if principal.region is None:
        return query.where(Bailiff.bailiff_id.is_(None))
    query = query.where(Bailiff.region == principal.region)
    if principal.role == "chamber":
        return query.where(Bailiff.kind == "private")
    if principal.role == "prosecutor" and principal.district is not None:
        return query.where(Bailiff.district == principal.district)
    return query


def _sees_region(principal: Principal, region: str) -> bool:
    """A chamber's reports are the region's: a district prosecutor does not see them."""
    if principal.role in ("admin", "auditor"):
        return True
    if principal.role == "prosecutor" and principal.district is not None:
        return False
    return principal.region == region


def _languages(chamber: Chamber) -> list[str]:
    return [x for x in (chamber.languages or "").split(",") if x in LANGUAGES] or list(LANGUAGES)


def _store(session: Session, documents: Iterable[Rendered], report_id: int | None = None,
           proposal_id: int | None = None) -> None:
    for doc in documents:
        session.add(Document(report_id=report_id, proposal_id=proposal_id,
                             filename=doc.filename, language=doc.language,
                             media_type=doc.media_type,
                             sha256=hashlib.sha256(doc.content).hexdigest(),
                             content=doc.content))


def _report_dict(report: ChamberReport) -> dict[str, Any]:
    return {"id": report.id, "region": report.region, "kind": report.kind,
            "period_from": report.period_from.isoformat(),
            "period_to": report.period_to.isoformat(), "requested_by": report.requested_by,
            "summary": report.summary, "created_at": report.created_at.isoformat()}


def _bailiff_dict(b: Bailiff) -> dict[str, Any]:
    return {"bailiff_id": b.bailiff_id, "kind": b.kind, "name": b.name, "region": b.region,
            "district": b.district, "licence_no": b.licence_no,
            "licence_status": b.licence_status,
            "started_on": b.started_on.isoformat() if b.started_on else None}

