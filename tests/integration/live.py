"""Helpers for tests of the live services: build a system, feed it, let it settle."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.bootstrap import System, build
from shared.bus.memory import InProcessBus
from shared.settings import Policy, Runtime


def in_process_system(database_url: str, today: date) -> System:
    return build(Runtime(database_url=database_url), Policy(today=today), InProcessBus())


def settle(system: System) -> int:
    return system.settle()


KEYS = ("rule", "proceeding_id", "property_id", "act_id", "decree_id", "bailiff_id", "year",
        "due", "state", "done_on", "appeal_id")


def queue_records(system: System) -> list[tuple[Any, ...]]:
    from services.alerts.queue.service import AlertQueue
    from shared.access import Jurisdiction
    from shared.auth import Principal

    admin = Jurisdiction(Principal("test", "admin"))
    out: list[tuple[Any, ...]] = []
    cursor = None
    while True:
        with system.sessions() as session:
            page = AlertQueue().page(session, admin, {}, cursor, 500, system.today(),
                                     system.monitor.ctx.calendar)
        out += [tuple(item[k] for k in KEYS) for item in page.items]
        if page.next_cursor is None:
            return sorted(out, key=_sort_key)
        cursor = page.next_cursor


def _sort_key(row: tuple[Any, ...]) -> tuple[str, ...]:
    return tuple("" if v is None else str(v) for v in row)


def audit_records(breaches: list[Any]) -> list[tuple[Any, ...]]:
    return sorted((tuple(b.record()[k] for k in KEYS) for b in breaches), key=_sort_key)
