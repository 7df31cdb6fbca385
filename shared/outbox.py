"""The outbox relay: publishes what services wrote to the outbox, then marks it published.

A message is marked only after the broker acknowledged it, so a crash in between publishes it
again (consumers are idempotent); it is never lost.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from shared.bus import Bus
from shared.metrics import OUTBOX_PENDING
from shared.storage import (
    OutboxMessage,
    mark_published,
    pending_outbox,
    transaction,
    utcnow,
)

log = logging.getLogger(__name__)


class OutboxRelay:
    def __init__(self, sessions: sessionmaker[Session], bus: Bus, batch: int = 5000) -> None:
        self.sessions, self.bus, self.batch = sessions, bus, batch
        self._stopped = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def relay_once(self) -> int:
        """Publish one batch; the number of messages published."""
        with transaction(self.sessions) as session:
            messages = pending_outbox(session, self.batch)
            for message in messages:
                self.bus.publish(message.topic, message.key, message.value)
            self.bus.flush()  # raises if the broker did not take them: nothing is marked
            mark_published(session, [message.id for message in messages])
        return len(messages)

    def relay_all(self) -> int:
        total = 0
        while (published := self.relay_once()) > 0:
            total += published
        return total

    def pending(self) -> int:
        with self.sessions() as session:
            count = session.scalar(select(func.count()).select_from(OutboxMessage)
                                   .where(OutboxMessage.published_at.is_(None))) or 0
        OUTBOX_PENDING.set(count)
        return count

    def prune(self, keep: timedelta = timedelta(days=7)) -> int:
        """Delete messages published more than `keep` ago: the outbox is a queue, not a log."""
        with transaction(self.sessions) as session:
            result = session.execute(delete(OutboxMessage).where(
                OutboxMessage.published_at < utcnow() - keep))
        return int(getattr(result, "rowcount", 0) or 0)

    def wake(self) -> None:
        self._wake.set()

    def start(self, interval: float = 0.2) -> None:
        def run() -> None:
            while not self._stopped.is_set():
                try:
                    if self.relay_once() == self.batch:
                        continue
                except Exception:
                    log.exception("outbox relay failed; retrying")
                    self._stopped.wait(2)
                self._wake.wait(interval)
                self._wake.clear()

        self._thread = threading.Thread(target=run, name="outbox-relay", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
