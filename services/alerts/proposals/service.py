"""Licence-suspension proposals (docs/rules.md#licence_threshold): one per bailiff and year in
which the threshold was crossed, opened by the LICENCE_THRESHOLD alert, rendered (PDF, DOCX;
Kazakh and Russian) once the ledger holds the acts and the registry the bailiff, and noticed to
the bailiff's chamber. Qadagalau proposes; the authorised body decides."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.alerts.acts.models import SupervisoryAct
from services.alerts.bailiffs.models import Bailiff
from services.alerts.bailiffs.service import Registry
from services.alerts.documents.models import Document
from services.alerts.documents.render import (
    LANGUAGES,
    Issuer,
    ProposalContent,
    outgoing_number,
    render_notice,
    render_proposal,
)
from services.alerts.documents.service import store
from services.alerts.proposals.models import LicenceProposal
from services.alerts.reports.models import ChamberReport
from services.alerts.reports.service import (
    SYSTEM,
    act_rows,
    chamber_of,
    languages_of,
    plan_deliveries,
)
from shared import paging
from shared.access import Jurisdiction
from shared.errors import not_found
from shared.messages import AlertChange
from shared.metrics import LICENCE_PROPOSALS
from shared.settings import Policy


class ProposalDesk:
    def __init__(self, policy: Policy, registry: Registry) -> None:
        self.policy, self.registry = policy, registry

    def apply_change(self, session: Session, change: AlertChange) -> None:
        """A LICENCE_THRESHOLD alert raised, changed or withdrawn."""
        record = change.alert
        proposal = session.scalar(select(LicenceProposal).where(
            LicenceProposal.bailiff_id == record.bailiff_id,
            LicenceProposal.year == record.year))
        if change.change == "withdrawn":
            if proposal is not None and proposal.status != "withdrawn":
                proposal.status = "withdrawn"
                LICENCE_PROPOSALS.labels("withdrawn").inc()
            return
        crossed_on = record.due
        if proposal is None:
            assert record.bailiff_id is not None and record.year is not None
            session.add(LicenceProposal(
                bailiff_id=record.bailiff_id, year=record.year, crossed_on=crossed_on,
                status="pending", act_ids=[], region=record.region, district=record.district))
            session.flush()
        elif proposal.status == "withdrawn" or proposal.crossed_on != crossed_on:
            # Raised again, or late data moved the crossing: the proposal is made anew and
            # the chamber gets a corrected notice.
            proposal.status, proposal.crossed_on = "pending", crossed_on

    @staticmethod
    def pending(session: Session) -> list[int]:
        return list(session.scalars(select(LicenceProposal.id).where(
            LicenceProposal.status == "pending")))

    def prepare(self, session: Session, proposal_id: int, today: date) -> int:
        """Render one waiting proposal if its bailiff and acts have arrived (the ledger and the
        registry may be a few messages behind the monitor); 1 if it was made."""
        proposal = session.get(LicenceProposal, proposal_id, with_for_update=True)
        if proposal is None or proposal.status != "pending":
            return 0
        bailiff = session.get(Bailiff, proposal.bailiff_id)
        # The acts the threshold counted: the proposal lists those, the crossing one among them.
        window = self.registry.window(proposal.year, proposal.crossed_on)
        acts = act_rows(session, (SupervisoryAct.bailiff_id == proposal.bailiff_id)
                        & self.registry.counted_acts(), *window)
        if bailiff is None or len(acts) <= self.policy.licence_threshold:
            return 0
        content = ProposalContent(
            bailiff_id=bailiff.bailiff_id, name=bailiff.name, licence_no=bailiff.licence_no,
            region=bailiff.region, year=proposal.year, crossed_on=proposal.crossed_on,
            crossing_act=acts[self.policy.licence_threshold].act_id,
            threshold=self.policy.licence_threshold, window=self.policy.licence_window.value,
            authority={"kk": self.policy.licence_authority_kk,
                       "ru": self.policy.licence_authority_ru},
            acts=acts, made_on=today, number=outgoing_number("P", proposal.id, today),
            issuer=Issuer.of(self.policy), period=window)
        proposal.act_ids = [a.act_id for a in acts]
        proposal.region = proposal.region or bailiff.region
        proposal.district = proposal.district or bailiff.district
        proposal.status = "ready"
        # A proposal made anew replaces its documents; the notices sent stay as sent.
        session.execute(delete(Document).where(Document.proposal_id == proposal.id))
        store(session, render_proposal(content, LANGUAGES), proposal_id=proposal.id)
        chamber = chamber_of(session, bailiff.region)
        languages = languages_of(chamber)
        notice = ChamberReport(
            region=bailiff.region, kind="licence_notice", period_from=proposal.crossed_on,
            period_to=proposal.crossed_on, stamp=f"proposal-{proposal.id}-{uuid.uuid4().hex[:12]}",
            requested_by=SYSTEM, summary={"bailiff_id": bailiff.bailiff_id,
                                          "year": proposal.year, "acts": len(acts)})
        session.add(notice)
        session.flush()
        proposal.notice_report_id = notice.id
        store(session, render_notice(content, languages,
                                     outgoing_number("N", notice.id, today))
              + [d for d in render_proposal(content, languages)
                 if d.media_type == "application/pdf"], report_id=notice.id)
        plan_deliveries(session, notice, chamber)
        LICENCE_PROPOSALS.labels("ready").inc()
        return 1

    def proposals(self, session: Session, reach: Jurisdiction, year: int | None,
                  cursor: str | None, limit: int) -> tuple[list[dict[str, Any]], str | None]:
        """A page of the proposals, the latest first, and the next page's cursor."""
        keyset, downward = (LicenceProposal.id,), (True,)
        query = reach.scope(select(LicenceProposal).order_by(*paging.order(keyset, downward))
                            .limit(limit + 1), LicenceProposal.region, LicenceProposal.district)
        if cursor is not None:
            query = query.where(paging.after(keyset, paging.key_of(cursor, int), downward))
        if year is not None:
            query = query.where(LicenceProposal.year == year)
        proposals, next_cursor = paging.cut(list(session.scalars(query)), limit,
                                            lambda p: (p.id,))
        return [self._as_dict(session, p) for p in proposals], next_cursor

    def proposal(self, session: Session, reach: Jurisdiction, proposal_id: int) -> dict[str, Any]:
        return self._as_dict(session, self.visible(session, reach, proposal_id))

    @staticmethod
    def visible(session: Session, reach: Jurisdiction, proposal_id: int) -> LicenceProposal:
        proposal = session.get(LicenceProposal, proposal_id)
        if proposal is None or not reach.covers(proposal.region, proposal.district):
            raise not_found("proposal", proposal_id)
        return proposal

    @staticmethod
    def _as_dict(session: Session, p: LicenceProposal) -> dict[str, Any]:
        documents = session.execute(select(Document.filename, Document.media_type).where(
            Document.proposal_id == p.id).order_by(Document.id)).all()
        return {"id": p.id, "bailiff_id": p.bailiff_id, "year": p.year,
                "crossed_on": p.crossed_on.isoformat(), "status": p.status,
                "act_ids": p.act_ids, "region": p.region,
                "notice_report_id": p.notice_report_id,
                "documents": [{"filename": f, "media_type": m} for f, m in documents]}
