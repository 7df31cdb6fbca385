"""Proposals' consumer: LICENCE_THRESHOLD alerts on `alerts.changes` open, move or withdraw a
proposal, one unit of work a batch."""

from __future__ import annotations

import orjson
from sqlalchemy.orm import Session, sessionmaker

from services.alerts.proposals.service import ProposalDesk
from shared.bus import Message
from shared.storage import transaction


class ProposalsConsumer:
    def __init__(self, sessions: sessionmaker[Session], desk: ProposalDesk) -> None:
        self.sessions, self.desk = sessions, desk

    def changes(self, messages: list[Message]) -> None:
        changes = [orjson.loads(m.value) for m in messages]
        crossings = [c for c in changes if c["alert"].get("rule") == "LICENCE_THRESHOLD"]
        if crossings:
            with transaction(self.sessions) as session:
                for change in crossings:
                    self.desk.apply_change(session, change)
