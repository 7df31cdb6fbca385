"""The judge's consumer: a batch of `proceedings.events`, one unit of work, committed here
after the breaches it changed are on the outbox."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from services.monitor.judge.service import Monitor
from shared.bus import Message
from shared.messages import EVENT_CODEC
from shared.storage import transaction

log = logging.getLogger(__name__)


class MonitorConsumer:
    def __init__(self, sessions: sessionmaker[Session], monitor: Monitor) -> None:
        self.sessions, self.monitor = sessions, monitor

    def events(self, messages: list[Message]) -> None:
        # Ingest validated every event: one that does not decode could only come from a
        # foreign producer, and is skipped (loudly) so that it blocks nothing behind it.
        events = EVENT_CODEC.decode_batch(messages)
        if events:
            with transaction(self.sessions) as session:
                self.monitor.take(session, events, self.monitor.today())
