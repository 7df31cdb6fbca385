"""The offline audit (contract.md §2): event files in, breaches as of a date out.

Files may come in any order and repeat each other, so nothing can be judged until every file
is read. What is kept meanwhile is small: each event becomes a `Fact` (no names, no IINs), and
for de-duplication only three machine integers per event (two hashes of its id, one of its
bytes). Same-id events whose bytes differ are re-read from disk and compared as validated
events, so a re-sent event with its keys in another order is still a duplicate, not a conflict.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

import numpy as np

from shared.events import EventRejected, parse_event
from shared.legal.calendar import WorkingCalendar
from shared.legal.history import Fact, fact_of, fold_acts, fold_bailiffs, fold_proceeding
from shared.legal.rules import (
    RECORD_FIELDS,
    Breach,
    Context,
    act_breaches,
    proceeding_breaches,
)
from shared.settings import Policy

ACT_TYPES = frozenset({"act.registered", "act.answered"})


class AuditInputError(Exception):
    """A file that cannot be read at all."""


@dataclass
class AuditResult:
    as_of: date
    breaches: list[Breach] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def by_rule(self) -> Counter[str]:
        return Counter(breach.rule for breach in self.breaches)


@dataclass
class _Origin:
    """Where each event came from, for messages and for re-reading a suspected conflict."""

    paths: list[Path] = field(default_factory=list)
    file_index: array[int] = field(default_factory=lambda: array("i"))
    line: array[int] = field(default_factory=lambda: array("q"))
    offset: array[int] = field(default_factory=lambda: array("q"))

    def where(self, seq: int) -> str:
        return f"{self.paths[self.file_index[seq]]}:{self.line[seq]}"

    def reread(self, seq: int) -> bytes:
        with self.paths[self.file_index[seq]].open("rb") as handle:
            handle.seek(self.offset[seq])
            return handle.readline()


class Auditor:
    """Reads event files, then evaluates every rule as of one date."""

    def __init__(
        self,
        as_of: date,
        calendar: WorkingCalendar,
        policy: Policy,
        report: Callable[[str], None] = lambda line: None,
        progress: Callable[[int], None] = lambda nbytes: None,
    ) -> None:
        self.as_of = as_of
        self.ctx = Context(calendar, policy)
        self.report = report
        self.progress = progress
        self.counts: Counter[str] = Counter()
        self._proceedings: dict[str, list[Fact]] = defaultdict(list)
        self._acts: list[Fact] = []
        self._bailiffs: list[Fact] = []
        self._id_hash = array("q")
        self._id_hash2 = array("q")
        self._content_hash = array("q")
        self._origin = _Origin()
        self._dates: dict[date, date] = {}

    # --- reading ---------------------------------------------------------------------------

    def read(self, path: Path) -> None:
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise AuditInputError(f"{path}: cannot open: {exc.strerror or exc}") from exc
        origin = self._origin
        origin.paths.append(path)
        file_index = len(origin.paths) - 1
        offset = 0
        pending = 0
        with handle:
            for line_no, raw in enumerate(handle, start=1):
                start, offset = offset, offset + len(raw)
                pending += len(raw)
                if pending >= 1 << 20:
                    self.progress(pending)
                    pending = 0
                if not raw.strip():
                    continue
                self._take(raw, file_index, line_no, start, path)
        self.progress(pending)

    def _take(self, raw: bytes, file_index: int, line_no: int, start: int, path: Path) -> None:
        counts = self.counts
        counts["lines"] += 1
        try:
            event = parse_event(raw)
        except EventRejected as exc:
            counts["rejected"] += 1
            self.report(f"{path}:{line_no}: {exc.reason}")
            return
        counts["read"] += 1
        seq = len(self._id_hash)
        event_id = event.event_id
        self._id_hash.append(hash(event_id))
        self._id_hash2.append(hash((event_id, 1)))
        self._content_hash.append(hash(raw.strip()))
        origin = self._origin
        origin.file_index.append(file_index)
        origin.line.append(line_no)
        origin.offset.append(start)
        on = event.occurred_on
        if on > self.as_of:
            counts["after_as_of"] += 1
            return
        fact = fact_of(event, seq)
        on = self._dates.setdefault(on, on)
        fact = fact._replace(on=on)
        if fact.type == "bailiff.registered":
            self._bailiffs.append(fact)
        elif fact.type in ACT_TYPES:
            self._acts.append(fact)
        else:
            assert fact.proceeding_id is not None
            self._proceedings[fact.proceeding_id].append(fact)

    # --- de-duplication --------------------------------------------------------------------

    def _repeated(self) -> set[int]:
        """Seqs of events whose id came before: duplicates (ignored) and conflicts (rejected)."""
        n = len(self._id_hash)
        if n == 0:
            return set()
        h1 = np.frombuffer(self._id_hash, dtype=np.int64)
        h2 = np.frombuffer(self._id_hash2, dtype=np.int64)
        order = np.lexsort((np.arange(n), h2, h1))
        s1, s2 = h1[order], h2[order]
        same_as_previous = np.zeros(n, dtype=bool)
        same_as_previous[1:] = (s1[1:] == s1[:-1]) & (s2[1:] == s2[:-1])
        group_start = np.flatnonzero(~same_as_previous)
        group_of = np.cumsum(~same_as_previous) - 1
        repeated: set[int] = set()
        for position in np.flatnonzero(same_as_previous).tolist():
            seq = int(order[position])
            first = int(order[group_start[group_of[position]]])
            repeated.add(seq)
            if self._same_content(first, seq):
                self.counts["duplicates"] += 1
            else:
                self.counts["conflicts"] += 1
                self.counts["rejected"] += 1
                self.report(
                    f"{self._origin.where(seq)}: conflict: event_id already received with other "
                    f"content at {self._origin.where(first)}; this one is rejected"
                )
        return repeated

    def _same_content(self, first: int, other: int) -> bool:
        if self._content_hash[first] == self._content_hash[other]:
            return True
        try:
            return parse_event(self._origin.reread(first)) == parse_event(
                self._origin.reread(other)
            )
        except (OSError, EventRejected):
            return False

    # --- judging ---------------------------------------------------------------------------

    def judge(self) -> AuditResult:
        repeated = self._repeated()
        as_of, ctx = self.as_of, self.ctx
        result = AuditResult(as_of=as_of, counts=self.counts)
        breaches = result.breaches

        def kept(facts: Iterable[Fact]) -> list[Fact]:
            return [f for f in facts if f.seq not in repeated] if repeated else list(facts)

        for proceeding_id, facts in self._proceedings.items():
            proceeding = fold_proceeding(proceeding_id, kept(facts), as_of)
            if proceeding.is_orphan:
                result.orphans.append(proceeding_id)
                continue
            breaches.extend(proceeding_breaches(proceeding, as_of, ctx))
        acts = fold_acts(kept(self._acts), as_of)
        bailiffs = fold_bailiffs(kept(self._bailiffs), as_of)
        breaches.extend(act_breaches(acts, bailiffs, as_of, ctx))
        breaches.sort(key=lambda breach: breach.sort_key)
        result.orphans.sort()
        self.counts["proceedings"] = len(self._proceedings)
        self.counts["orphans"] = len(result.orphans)
        return result


def audit_files(
    paths: Sequence[Path],
    as_of: date,
    calendar: WorkingCalendar,
    policy: Policy,
    report: Callable[[str], None] = lambda line: None,
    progress: Callable[[int], None] = lambda nbytes: None,
) -> AuditResult:
    auditor = Auditor(as_of, calendar, policy, report, progress)
    for path in paths:
        auditor.read(path)
    return auditor.judge()


def total_size(paths: Iterable[Path]) -> int:
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):
            total += os.path.getsize(path)
    return total


# --- output --------------------------------------------------------------------------------

FORMATS = ("jsonl", "csv", "xlsx")


def write_jsonl(breaches: Iterable[Breach], out: BinaryIO) -> None:
    # json, not orjson: breaches are few, and its spacing is the contract's own sample's.
    for breach in breaches:
        out.write(json.dumps(breach.record(), ensure_ascii=False).encode("utf-8") + b"\n")


def write_csv(breaches: Iterable[Breach], out: BinaryIO) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow(RECORD_FIELDS)
    for breach in breaches:
        record = breach.record()
        writer.writerow(["" if record[key] is None else record[key] for key in RECORD_FIELDS])
    text.flush()
    text.detach()


def write_xlsx(breaches: Iterable[Breach], out: BinaryIO, result: AuditResult) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("breaches")
    sheet.append(list(RECORD_FIELDS))
    for breach in breaches:
        record = breach.record()
        sheet.append([record[key] for key in RECORD_FIELDS])
    summary = book.create_sheet("summary")
    summary.append(["as_of", result.as_of.isoformat()])
    for key in ("read", "rejected", "duplicates", "conflicts", "after_as_of", "orphans"):
        summary.append([key, result.counts.get(key, 0)])
    for rule, count in sorted(result.by_rule.items()):
        summary.append([rule, count])
    book.save(out)


def write_breaches(result: AuditResult, fmt: str, out: BinaryIO) -> None:
    if fmt == "jsonl":
        write_jsonl(result.breaches, out)
    elif fmt == "csv":
        write_csv(result.breaches, out)
    elif fmt == "xlsx":
        write_xlsx(result.breaches, out, result)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
