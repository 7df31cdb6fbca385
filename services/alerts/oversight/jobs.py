"""Oversight's scheduled work: each report up the hierarchy drafted once its period has closed
(docs/rules.md#reports-up-the-hierarchy). Each report is its own unit of work, so one that fails
holds up none of the others; a repeated tick (or two replicas at once) drafts nothing twice,
since a scheduled report exists once per office, kind and period."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from services.alerts.oversight.service import OfficeDesk
from services.alerts.reports.service import SYSTEM
from shared.legal.hierarchy import LEVELS, SCHEDULE, last_closed
from shared.storage import transaction

log = logging.getLogger(__name__)


class OversightTick:
    def __init__(self, sessions: sessionmaker[Session], desk: OfficeDesk,
                 today: Callable[[], date]) -> None:
        self.sessions, self.desk, self.today = sessions, desk, today

    def __call__(self) -> int:
        today = self.today()
        drafted = 0
        # Districts first: a region's quarterly report then lists their drafts.
        for level in LEVELS:
            for kind in SCHEDULE[level]:
                start, end = last_closed(kind, today)
                with self.sessions() as session:
                    offices = [o for o in self.desk.reporting(session, level, start, end)
                               if not self.desk.exists(session, level, *o, kind, start)]
                for region, district in offices:
                    try:
                        with transaction(self.sessions) as session:
                            self.desk.make(session, level, region, district, kind, start, end,
                                           SYSTEM, today)
                        drafted += 1
                    except IntegrityError:
                        pass  # another replica drafted it first
                    except Exception:  # one report that cannot be made holds up no other
                        log.exception("the %s %s report could not be drafted; retried next "
                                      "tick", level, kind)
        return drafted
