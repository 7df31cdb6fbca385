"""Ingest's edges other than HTTP: a batch from Kafka (`bailiff.events`), from a file import or
the demo loader. Each batch is one unit of work, committed here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from services.ingest.service import Ingest, Result
from shared.auth import Principal
from shared.bus import Message
from shared.storage import transaction


class Receiver:
    def __init__(self, sessions: sessionmaker[Session], ingest: Ingest) -> None:
        self.sessions, self.ingest = sessions, ingest

    def batch(self, items: Iterable[bytes | Any], channel: str,
              principal: Principal | None = None) -> list[Result]:
        with transaction(self.sessions) as session:
            return self.ingest.take(session, items, channel, principal)

    def messages(self, messages: list[Message]) -> None:
        self.batch([message.value for message in messages], "kafka")
