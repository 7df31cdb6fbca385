"""The judge's sweep, an edge like a consumer: at start, on a schedule and on demand it judges
again the subjects whose next check has come — an index read, so millions of open proceedings
cost nothing until they fall due. Each chunk is its own unit of work."""

from __future__ import annotations

import time
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from services.monitor.judge.service import Monitor
from shared.metrics import SWEEP_LAST_SUCCESS, SWEEP_SECONDS
from shared.storage import transaction


class Sweep:
    def __init__(self, sessions: sessionmaker[Session], monitor: Monitor) -> None:
        self.sessions, self.monitor = sessions, monitor

    def __call__(self, today: date | None = None, batch: int = 500) -> int:
        """Judge every subject due; returns how many were judged."""
        today = today or self.monitor.today()
        started = time.perf_counter()
        done = 0
        while True:
            with transaction(self.sessions) as session:
                due = self.monitor.due(session, today, batch)
                self.monitor.evaluate(session, due, today)
            done += len(due)
            if len(due) < batch:
                break
        SWEEP_SECONDS.observe(time.perf_counter() - started)
        SWEEP_LAST_SUCCESS.set_to_current_time()
        return done
