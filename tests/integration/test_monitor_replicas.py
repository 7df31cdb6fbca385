"""The monitor's state in memory never outvotes the database (issue 13, item 3).

The judge keeps subjects' facts in memory and judges what waits once the topic is quiet. Both
are shortcuts a replica must not trust blindly: another replica may have stored facts for the
same subject (a partition moved), a batch may have been rolled back, a replica may stop with
subjects still waiting. Each test sets one of these up with two monitors over one database.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import orjson
import pytest
from sqlalchemy import select

from services.bootstrap import System
from services.monitor.judge.consumers import MonitorConsumer
from services.monitor.judge.models import CurrentBreach, Subject
from services.monitor.judge.service import Monitor
from shared.bus import PROCEEDINGS_EVENTS, Message
from shared.events import validate_event
from shared.storage import transaction
from tests.builders import accepted, event

TODAY = date(2025, 12, 1)



def _another_replica(system: System) -> Monitor:
    return Monitor(system.monitor.ctx, system.monitor.today)  # its own memory, the same data


def _take(system: System, monitor: Monitor, *events: dict[str, Any]) -> None:
    with transaction(system.sessions) as session:
        monitor.take(session, [validate_event(e) for e in events], TODAY)


def _rules(system: System, proceeding_id: str) -> list[str]:
    with system.sessions() as session:
        return sorted(session.scalars(select(CurrentBreach.identity).where(
            CurrentBreach.subject == f"P:{proceeding_id}")))


def test_facts_another_replica_stored_are_read_not_assumed(system: System) -> None:
    first, second = system.monitor, _another_replica(system)
    _take(system, first, accepted("2025-11-03", "EP-R"))  # never opened: OPENING_TERM
    assert any("OPENING_TERM" in rule for rule in _rules(system, "EP-R"))
    # The partition moves: the other replica stores the opening, made in time, and judges.
    _take(system, second, event("proceeding.initiated", "2025-11-04", "EP-R"))
    assert not any("OPENING_TERM" in rule for rule in _rules(system, "EP-R"))
    # It moves back. The first replica's memory holds one fact of the two: it must not judge
    # from it (the opening it never saw would be missing, and the breach would come back).
    _take(system, first, event("proceeding.notice_sent", "2025-11-05", "EP-R"))
    assert not any("OPENING_TERM" in rule for rule in _rules(system, "EP-R"))


def test_a_rollback_in_the_consumer_forgets_what_it_kept(system: System) -> None:
    """The consumer itself: a batch whose transaction fails leaves no trace in memory."""
    monitor = system.monitor
    _take(system, monitor, accepted("2025-11-03", "EP-C"))
    consumer = MonitorConsumer(system.sessions, monitor)
    good = event("proceeding.initiated", "2025-11-04", "EP-C")
    real_mark = monitor._mark_pending

    def failing(session: Any, added: dict[str, int]) -> dict[str, int]:
        counts = real_mark(session, added)
        monitor.kept.extend("P:EP-C", counts["P:EP-C"] - 1, [])  # memory touched, then…
        raise RuntimeError("the database went away")

    monitor._mark_pending = failing  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        consumer.events([Message(PROCEEDINGS_EVENTS, "EP-C", orjson.dumps(good), 0, 0)])
    assert len(monitor.kept) == 0
    del monitor._mark_pending  # back to the class's own
    _take(system, monitor, event("proceeding.notice_sent", "2025-11-05", "EP-C"))
    assert any("OPENING_TERM" in rule for rule in _rules(system, "EP-C"))


def test_what_a_stopped_replica_left_waiting_is_judged_by_another(system: System) -> None:
    stopped = MonitorConsumer(system.sessions, system.monitor, quiet_seconds=60,
                              within_seconds=60)
    body = accepted("2025-11-03", "EP-S")
    stopped.events([Message(PROCEEDINGS_EVENTS, "EP-S", orjson.dumps(body), 0, 0)])
    assert _rules(system, "EP-S") == []  # stored, waiting: the replica stops here
    with system.sessions() as session:
        assert session.get(Subject, "P:EP-S").pending_since is not None  # type: ignore[union-attr]
    other = MonitorConsumer(system.sessions, _another_replica(system), quiet_seconds=0.1,
                            within_seconds=0.5)
    assert other.quiet() == 0  # not waiting long enough yet: its owner may still judge it
    time.sleep(0.6)
    other._leftovers_checked = 0.0  # the next check is due
    assert other.quiet() == 1
    assert any("OPENING_TERM" in rule for rule in _rules(system, "EP-S"))
    with system.sessions() as session:
        assert session.get(Subject, "P:EP-S").pending_since is None  # type: ignore[union-attr]
