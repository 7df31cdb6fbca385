"""The facts the judge keeps in memory, so that judging a subject again does not read its whole
history back from the database on every batch.

A kept copy is trusted only while it holds exactly as many facts as the subject's row counts
(`monitor_subjects.facts`, raised in the same transaction that stores them). Facts are only
ever added, so a copy with the right count is the subject's history; anything else — a fact
stored by another replica, a batch rolled back, a copy evicted — shows as a different count,
and the facts are read again. The copy is bounded (least recently used out first).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from shared.legal.history import Fact


class KeptFacts:
    def __init__(self, capacity: int = 200_000) -> None:
        self.capacity = capacity
        self._kept: OrderedDict[str, list[Fact]] = OrderedDict()
        self._lock = threading.Lock()  # the sweep and the consumer judge in their own threads

    def get(self, subject: str, count: int) -> list[Fact] | None:
        """The subject's facts if the copy holds exactly `count` of them."""
        with self._lock:
            facts = self._kept.get(subject)
            if facts is None or len(facts) != count:
                return None
            self._kept.move_to_end(subject)
            return list(facts)

    def put(self, subject: str, facts: Iterable[Fact]) -> None:
        """The subject's whole history, as read from the database."""
        with self._lock:
            self._kept[subject] = sorted(facts)
            self._kept.move_to_end(subject)
            while len(self._kept) > self.capacity:
                self._kept.popitem(last=False)

    def extend(self, subject: str, before: int, new: list[Fact]) -> None:
        """Facts just stored, after `before` others: kept if the copy holds those `before`
        (a new subject holds none), forgotten otherwise. The new facts are numbered after the
        kept ones, in the order they were stored, which is the order of their rows."""
        with self._lock:
            facts = self._kept.get(subject, [] if before == 0 else None)
            if facts is None or len(facts) != before:
                self._kept.pop(subject, None)
                return
            last = max((f.seq for f in facts), default=0)
            facts = facts + [Fact(f[0], last + i, f[2], f[3], f[4], f[5])
                             for i, f in enumerate(new, 1)]
            self._kept[subject] = facts
            self._kept.move_to_end(subject)
            while len(self._kept) > self.capacity:
                self._kept.popitem(last=False)

    def forget(self, subjects: Iterable[str] | None = None) -> None:
        with self._lock:
            if subjects is None:
                self._kept.clear()
            else:
                for subject in subjects:
                    self._kept.pop(subject, None)

    def __len__(self) -> int:
        return len(self._kept)
