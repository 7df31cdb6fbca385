"""The registry's consumer: `bailiff.registered` from `proceedings.events`, one unit of work a
batch."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.alerts.bailiffs.service import Registry
from shared.bus import Message, events_in
from shared.events import BailiffRegistered
from shared.storage import transaction


class RegistryConsumer:
    def __init__(self, sessions: sessionmaker[Session], registry: Registry) -> None:
        self.sessions, self.registry = sessions, registry

    def events(self, messages: list[Message]) -> None:
        events = events_in(messages, BailiffRegistered)
        if events:
            with transaction(self.sessions) as session:
                for event in events:
                    self.registry.register(session, event)
