"""The register's consumer: the `appeal.*` events from `proceedings.events`, ours and the
e-appeals system's. One batch, one unit of work; applying an event twice changes nothing."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.alerts.appeals.service import APPEAL_EVENTS, apply_event
from shared.bus import Message, events_in
from shared.storage import transaction


class AppealsConsumer:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def events(self, messages: list[Message]) -> None:
        events = events_in(messages, *APPEAL_EVENTS)
        if events:
            with transaction(self.sessions) as session:
                for event in events:
                    apply_event(session, event)
