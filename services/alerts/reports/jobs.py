"""The chambers' scheduled work, an edge like a consumer: reports due on the schedule, proposals
whose data has arrived. Each report and each proposal is its own unit of work, so one that
fails holds up none of the others; a repeated tick (or two replicas at once) makes nothing twice,
since a scheduled report exists once per chamber and period."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from services.alerts.proposals.service import ProposalDesk
from services.alerts.reports.service import SYSTEM, ReportDesk, last_month, last_week
from shared.settings import Runtime
from shared.storage import transaction

log = logging.getLogger(__name__)


class ChamberTick:
    def __init__(self, sessions: sessionmaker[Session], runtime: Runtime, reports: ReportDesk,
                 proposals: ProposalDesk, today: Callable[[], date]) -> None:
        self.sessions, self.runtime, self.today = sessions, runtime, today
        self.reports, self.proposals = reports, proposals

    def __call__(self) -> dict[str, int]:
        today = self.today()
        made = 0
        periods = {"weekly": last_week(today), "monthly": last_month(today)}
        with self.sessions() as session:
            regions = self.reports.regions_with_members(session)
        for kind in self.runtime.report_schedule:
            start, end = periods[kind]
            for region in regions:
                with self.sessions() as session:
                    if self.reports.exists(session, region, kind, start):
                        continue
                try:
                    with transaction(self.sessions) as session:
                        self.reports.make(session, region, kind, start, end, SYSTEM, today)
                    made += 1
                except IntegrityError:
                    pass  # another replica made it first
        return {"reports": made, "proposals": self.prepare_proposals()}

    def prepare_proposals(self) -> int:
        made = 0
        with self.sessions() as session:
            pending = self.proposals.pending(session)
        for proposal_id in pending:
            try:
                with transaction(self.sessions) as session:
                    made += self.proposals.prepare(session, proposal_id, self.today())
            except Exception:  # one proposal that cannot be made must not hold up the rest
                log.exception("licence proposal %d could not be made; retried next tick",
                              proposal_id)
        return made
