"""Alert changes applied in order, whatever order they arrive in (issue 13: the relay published
a late-committed "raised" 0.8 s after the "withdrawn" of the same alert, which then stayed
raised). Each change carries the subject's change number; the queue keeps the newest."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.alerts.queue.models import Alert
from services.bootstrap import System
from shared.messages import ALERT_CHANGE_CODEC, AlertChange, AlertRecord
from shared.storage import enqueue, transaction
from tests.builders import accepted, event

TODAY = date(2025, 12, 1)
RECORD = AlertRecord(rule="OPENING_TERM", proceeding_id="EP-9", bailiff_id="PB-1",
                     due=date(2025, 11, 20), state="open", region="ALA", district="ALA-MED")



def _change(kind: Any, version: int, **record: Any) -> AlertChange:
    return AlertChange(change_id=f"{kind}-{version}", change=kind, identity=RECORD.identity,
                       on=TODAY, alert=RECORD.model_copy(update=record), version=version)


def _deliver_in_this_order(system: System, changes: list[AlertChange]) -> Alert | None:
    """The outbox's order is the relay's: a change put there first goes out first — as a
    newer change committed before an older one would."""
    for change in changes:
        with transaction(system.sessions) as session:
            enqueue(session, [ALERT_CHANGE_CODEC.outgoing(change)])
    system.settle()
    with system.sessions() as session:
        return session.query(Alert).filter_by(identity=RECORD.identity).one_or_none()


def test_a_raise_delivered_after_its_withdrawal_leaves_the_alert_withdrawn(
        system: System) -> None:
    alert = _deliver_in_this_order(system, [_change("withdrawn", 2), _change("raised", 1)])
    assert alert is not None and alert.withdrawn_on == TODAY and alert.version == 2


def test_an_older_state_never_overwrites_a_newer_one(system: System) -> None:
    alert = _deliver_in_this_order(system, [
        _change("raised", 1), _change("changed", 3, state="late", done_on=date(2025, 11, 28)),
        _change("changed", 2, state="open")])
    assert alert is not None
    assert (alert.state, alert.done_on, alert.version) == ("late", date(2025, 11, 28), 3)


def test_the_monitor_numbers_each_subject_s_changes(system: System) -> None:
    """Raised as late opening on the sweep, then changed when the opening arrives late."""
    results = system.receiver.batch([accepted("2025-11-17", "EP-9")], "test")
    assert all(r.status == "accepted" for r in results)
    system.settle()
    with system.sessions() as session:
        first = session.query(Alert).filter_by(proceeding_id="EP-9",
                                               rule="OPENING_TERM").one()
        assert first.version >= 1
        raised_as = first.version
    system.receiver.batch([event("proceeding.initiated", "2025-11-25", "EP-9",
                                 sent_to_debtor_on="2025-11-25")], "test")
    system.settle()
    with system.sessions() as session:
        later = session.query(Alert).filter_by(proceeding_id="EP-9",
                                               rule="OPENING_TERM").one()
        assert (later.state, later.version > raised_as) == ("late", True)
