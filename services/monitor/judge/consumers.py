"""The judge's consumer: a batch of `proceedings.events` is stored in one unit of work, and the
subjects it touched are judged once the topic goes quiet.

Judging waits so that a bulk load (an import, a large POST, a lagging topic caught up) raises
only what is still breached at its end: judged batch by batch, a shuffled export raised alerts
that its next batch withdrew (issue 13: 82% of them). The wait is bounded: a topic that never
goes quiet is still judged every `within` seconds. What waits is marked in the database
(`monitor_subjects.pending_since`), so a crash loses nothing: whatever a stopped replica left
is judged by the others once it has waited `within`.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from services.monitor.judge.service import CHUNK, Monitor
from shared.bus import Message
from shared.messages import EVENT_CODEC
from shared.storage import transaction, utcnow

log = logging.getLogger(__name__)


class MonitorConsumer:
    def __init__(self, sessions: sessionmaker[Session], monitor: Monitor,
                 quiet_seconds: float = 1.0, within_seconds: float = 30.0) -> None:
        self.sessions, self.monitor = sessions, monitor
        self.quiet_seconds, self.within_seconds = quiet_seconds, within_seconds
        # Subjects this consumer stored facts for and has not judged, with the moment the
        # first of them was left waiting (insertion order: the oldest first).
        self._waiting: dict[str, float] = {}
        self._last_batch = 0.0
        self._leftovers_checked = 0.0

    def events(self, messages: list[Message]) -> None:
        # Ingest validated every event: one that does not decode could only come from a
        # foreign producer, and is skipped (loudly) so that it blocks nothing behind it.
        events = EVENT_CODEC.read_batch(messages)
        self._last_batch = time.monotonic()
        if events:
            try:
                with transaction(self.sessions) as session:
                    touched = self.monitor.take(session, events, self.monitor.today(),
                                                judge=False)
            except Exception:
                self.monitor.kept.forget()  # what it kept of the batch was rolled back
                raise
            for subject in touched:
                self._waiting.setdefault(subject, self._last_batch)
        if self._waiting and \
                self._last_batch - next(iter(self._waiting.values())) >= self.within_seconds:
            self.judge()  # a topic that never goes quiet is judged all the same

    def quiet(self) -> int:
        """Called when a poll found nothing new: judge what waits once the topic has been
        quiet for `quiet_seconds`; how many subjects were judged."""
        now = time.monotonic()
        judged = 0
        if self._waiting and now - self._last_batch >= self.quiet_seconds:
            judged += self.judge_waiting()
        if now - self._leftovers_checked >= self.within_seconds:
            self._leftovers_checked = now
            judged += self.judge_leftovers()
        return judged

    def judge(self, everything: bool = False) -> int:
        """Judge now what this consumer left waiting, and what others left waiting longer than
        `within_seconds` (or, with `everything`, all that waits: settling the system)."""
        return self.judge_waiting() + self.judge_leftovers(everything)

    def judge_waiting(self) -> int:
        judged = 0
        while self._waiting:
            chunk = list(self._waiting)[:CHUNK]
            with transaction(self.sessions) as session:
                judged += self.monitor.judge_pending(session, self.monitor.today(), chunk,
                                                     limit=len(chunk))
            for subject in chunk:  # judged, or being judged by another replica right now
                del self._waiting[subject]
        return judged

    def judge_leftovers(self, everything: bool = False) -> int:
        """Subjects left waiting longer than `within_seconds` (by a replica that stopped)."""
        judged = 0
        while True:
            since = None if everything else utcnow() - timedelta(seconds=self.within_seconds)
            with transaction(self.sessions) as session:
                done = self.monitor.judge_pending(session, self.monitor.today(),
                                                  waiting_since=since)
            judged += done
            if done < CHUNK:
                return judged
