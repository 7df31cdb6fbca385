"""Proposals' consumer: LICENCE_THRESHOLD alerts on `alerts.changes` open, move or withdraw a
proposal, one unit of work a batch."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.alerts.proposals.service import ProposalDesk
from shared.bus import Message
from shared.messages import ALERT_CHANGE_CODEC
from shared.storage import transaction


class ProposalsConsumer:
    def __init__(self, sessions: sessionmaker[Session], desk: ProposalDesk) -> None:
        self.sessions, self.desk = sessions, desk

    def changes(self, messages: list[Message]) -> None:
        crossings = [c for c in ALERT_CHANGE_CODEC.decode_batch(messages)
                     if c.alert.rule == "LICENCE_THRESHOLD"]
        if crossings:
            with transaction(self.sessions) as session:
                for change in crossings:
                    self.desk.apply_change(session, change)
