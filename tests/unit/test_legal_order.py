"""A day's events in the law's order (shared/legal/history.py: LEGAL_ORDER)."""

from __future__ import annotations

from datetime import date

from shared.events import EVENT_TYPES
from shared.legal.history import LEGAL_ORDER, in_legal_order


def test_every_event_type_has_its_place() -> None:
    assert set(LEGAL_ORDER) == set(EVENT_TYPES)


def test_a_day_reads_in_the_laws_order_then_by_receipt() -> None:
    day, next_day = date(2025, 11, 20), date(2025, 11, 21)
    received = [(day, "decree.executed"), (day, "sanction.decided"), (day, "decree.issued"),
                (next_day, "document.accepted"), (day, "proceeding.completed"),
                (day, "proceeding.resumed"), (day, "proceeding.suspended"),
                (day, "document.accepted"), (day, "proceeding.initiated")]
    shown = sorted(((on, kind, seq) for seq, (on, kind) in enumerate(received)),
                   key=lambda f: in_legal_order(*f))
    assert [(on, kind) for on, kind, _ in shown] == [
        (day, "document.accepted"), (day, "proceeding.initiated"), (day, "decree.issued"),
        (day, "sanction.decided"), (day, "decree.executed"),
        # suspended and resumed keep the order they came in: the fold reads it so
        (day, "proceeding.resumed"), (day, "proceeding.suspended"),
        (day, "proceeding.completed"), (next_day, "document.accepted")]


def test_a_type_it_does_not_know_comes_last_in_its_day() -> None:
    day = date(2025, 11, 20)
    assert in_legal_order(day, "proceeding.completed", 9) < in_legal_order(day, "x.new", 1)
