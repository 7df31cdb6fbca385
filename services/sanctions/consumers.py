"""The sanctions service's consumer: decrees, decisions reported by bailiff systems, and the
documents that say where each proceeding belongs, from `proceedings.events`. One batch, one
unit of work, committed here (with the audit log's checkpoint)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.sanctions.service import SanctionDesk
from shared.bus import Message, events_in
from shared.events import DecreeIssued, DocumentAccepted, PropertyArrested, SanctionDecided
from shared.storage import transaction


class SanctionsConsumer:
    def __init__(self, sessions: sessionmaker[Session], desk: SanctionDesk) -> None:
        self.sessions, self.desk = sessions, desk

    def events(self, messages: list[Message]) -> None:
        events = events_in(messages, DocumentAccepted, DecreeIssued, SanctionDecided,
                           PropertyArrested)
        if events:
            with transaction(self.sessions) as session:
                self.desk.take(session, events)
