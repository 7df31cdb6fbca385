"""The offline audit (docs/contract.md §2): event files in, breaches as of a date out.

Files may come in any order and repeat each other, so nothing can be judged until every file
is read. What is kept meanwhile is small: each event becomes a `Fact` (no names, no IINs), and
for de-duplication only three machine integers per event (two hashes of its id, one of its
bytes). Same-id events whose bytes differ are re-read from disk and compared as validated
events, so a re-sent event with its keys in another order is still a duplicate, not a conflict.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import os
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from shared.event_decoder import read_event
from shared.events import EventRejected, parse_event
from shared.legal.calendar import CalendarError, WorkingCalendar
from shared.legal.history import Fact, fact_of, fold_acts, fold_bailiffs, fold_proceeding
from shared.legal.rules import (
    RECORD_FIELDS,
    Breach,
    Context,
    act_refusal,
    act_response_term,
    licence_threshold,
    proceeding_breaches,
)
from shared.settings import Policy

ACT_TYPES = frozenset({"act.registered", "act.answered"})
_BOM = b"\xef\xbb\xbf"


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
    """Where each event came from: its byte offset, and the first seq of every file.

    Only offsets are kept per event (8 bytes); the file is found by the seq, and the line number
    counted again from the file when a message needs it, which happens only for repeats.
    """

    paths: list[Path] = field(default_factory=list)
    first_seq: list[int] = field(default_factory=list)
    offset: array[int] = field(default_factory=lambda: array("q"))

    def _file(self, seq: int) -> int:
        return bisect_right(self.first_seq, seq) - 1

    def where(self, seq: int) -> str:
        path = self.paths[self._file(seq)]
        with path.open("rb") as handle:
            line = handle.read(self.offset[seq]).count(b"\n") + 1
        return f"{path}:{line}"

    def reread(self, seq: int) -> bytes:
        with self.paths[self._file(seq)].open("rb") as handle:
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
        self._content_hash = array("q")
        self._origin = _Origin()
        # Proceedings (and None for acts and bailiffs) that hold a repeated event: only these
        # need their facts filtered before folding.
        self._touched: set[str | None] = set()

    # --- reading ---------------------------------------------------------------------------

    def read(self, path: Path) -> None:
        """Take every line of one file; a bad line is reported and skipped."""
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise AuditInputError(f"{path}: cannot open: {exc.strerror or exc}") from exc
        origin = self._origin
        origin.paths.append(path)
        origin.first_seq.append(len(self._id_hash))
        # This loop runs once per event of a national export: names are bound locally and the
        # counters kept in plain ints rather than looked up on self for every line.
        as_of, report, progress = self.as_of, self.report, self.progress
        id_hash, content_hash = self._id_hash.append, self._content_hash.append
        offsets = origin.offset.append
        proceedings, acts, bailiffs = self._proceedings, self._acts, self._bailiffs
        seq = len(self._id_hash)
        read = rejected = after = 0
        offset = pending = 0
        with handle:
            for line_no, raw in enumerate(handle, start=1):
                start = offset
                offset += len(raw)
                if line_no == 1 and raw.startswith(_BOM):
                    # Spreadsheet tools save UTF-8 with a byte-order mark; it is not content.
                    raw = raw[len(_BOM):]
                    start += len(_BOM)
                if offset - pending >= 1 << 22:
                    progress(offset - pending)
                    pending = offset
                try:
                    event = read_event(raw)
                except EventRejected as exc:
                    if raw.strip():  # a blank line is not an event, nor an error
                        rejected += 1
                        report(f"{path}:{line_no}: {exc.reason}")
                    continue
                if event.type == "act.registered" and (
                        unlawful := act_refusal(event, self.ctx.calendar)):
                    rejected += 1  # an invalid act is reported, never judged
                    report(f"{path}:{line_no}: {unlawful}")
                    continue
                read += 1
                id_hash(hash(event.event_id))
                content_hash(hash(raw))
                offsets(start)
                on = event.occurred_on
                if on > as_of:
                    after += 1
                else:
                    fact = fact_of(event, seq)
                    kind = fact.type
                    if kind == "bailiff.registered":
                        bailiffs.append(fact)
                    elif kind in ACT_TYPES:
                        acts.append(fact)
                    else:
                        proceedings[event.proceeding_id].append(fact)
                seq += 1
        progress(offset - pending)
        self.counts.update(read=read, rejected=rejected, after_as_of=after)

    # --- de-duplication --------------------------------------------------------------------

    def _repeated(self) -> set[int]:
        """Seqs of events whose id came before: duplicates (ignored) and conflicts (rejected).

        Events are grouped by a 64-bit hash of their id. In a group, byte-identical lines are
        the same event; any other member is re-read and compared as a validated event, which
        also settles the (astronomically rare) case of two ids sharing a hash.
        """
        n = len(self._id_hash)
        if n == 0:
            return set()
        ids = np.frombuffer(self._id_hash, dtype=np.int64)
        order = np.argsort(ids, kind="stable")  # stable: within a group, order of receipt
        sorted_ids = ids[order]
        repeats = np.flatnonzero(sorted_ids[1:] == sorted_ids[:-1]) + 1
        if repeats.size == 0:
            return set()
        repeated: set[int] = set()
        position = 0
        repeat_positions = repeats.tolist()
        while position < len(repeat_positions):
            first_position = repeat_positions[position] - 1
            end = position
            while end + 1 < len(repeat_positions) and (
                repeat_positions[end + 1] == repeat_positions[end] + 1
            ):
                end += 1
            group = [int(order[i]) for i in range(first_position, repeat_positions[end] + 1)]
            repeated.update(self._judge_group(group))
            position = end + 1
        return repeated

    def _judge_group(self, group: list[int]) -> list[int]:
        """The repeats in a group of seqs (in order of receipt) sharing one id hash."""
        reread = self._origin.reread
        hashes = {self._content_hash[seq] for seq in group}
        if len(hashes) == 1:
            self.counts["duplicates"] += len(group) - 1
            self._touched.add(_proceeding_of(parse_event(reread(group[0]))))
            return group[1:]
        firsts: dict[str, tuple[int, Any]] = {}
        repeats = []
        for seq in group:
            event = parse_event(reread(seq))
            self._touched.add(_proceeding_of(event))
            first = firsts.setdefault(event.event_id, (seq, event))
            if first[0] == seq:
                continue
            repeats.append(seq)
            if event == first[1]:
                self.counts["duplicates"] += 1
            else:
                self.counts["conflicts"] += 1
                self.counts["rejected"] += 1
                self.report(
                    f"{self._origin.where(seq)}: conflict: event_id already received with other "
                    f"content at {self._origin.where(first[0])}; this one is rejected"
                )
        return repeats

    def judge(self) -> AuditResult:
        repeated = self._repeated()
        as_of, ctx = self.as_of, self.ctx
        result = AuditResult(as_of=as_of, counts=self.counts)
        breaches = result.breaches

        def kept(facts: list[Fact]) -> list[Fact]:
            return [f for f in facts if f.seq not in repeated]

        touched = self._touched
        for proceeding_id, facts in self._proceedings.items():
            if proceeding_id in touched:
                facts = kept(facts)
            proceeding = fold_proceeding(proceeding_id, facts, as_of)
            if proceeding.is_orphan:
                result.orphans.append(proceeding_id)
                continue
            try:
                breaches.extend(proceeding_breaches(proceeding, as_of, ctx))
            except CalendarError as exc:
                # One proceeding with a date the calendar cannot count from is reported; the
                # others are judged as usual.
                self.counts["unjudged"] += 1
                self.report(f"proceeding {proceeding_id}: not judged: {exc}")
        acts = fold_acts(kept(self._acts), as_of)
        bailiffs = fold_bailiffs(kept(self._bailiffs), as_of)
        for act_id, act in list(acts.items()):
            try:
                breaches.extend(act_response_term(act, as_of, ctx))
            except CalendarError as exc:
                self.counts["unjudged"] += 1
                self.report(f"act {act_id}: not judged: {exc}")
        breaches.extend(licence_threshold(acts.values(), bailiffs, as_of, ctx))
        breaches.sort(key=lambda breach: breach.sort_key)
        result.orphans.sort()
        self.counts["proceedings"] = len(self._proceedings)
        self.counts["orphans"] = len(result.orphans)
        return result


def _proceeding_of(event: Any) -> str | None:
    return getattr(event, "proceeding_id", None) if event.type not in _NOT_PROCEEDING else None


_NOT_PROCEEDING = ACT_TYPES | {"bailiff.registered"}


def audit_files(
    paths: Sequence[Path],
    as_of: date,
    calendar: WorkingCalendar,
    policy: Policy,
    report: Callable[[str], None] = lambda line: None,
    progress: Callable[[int], None] = lambda nbytes: None,
) -> AuditResult:
    auditor = Auditor(as_of, calendar, policy, report, progress)
    with _without_cyclic_gc():
        for path in paths:
            auditor.read(path)
        return auditor.judge()


@contextlib.contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """The audit builds millions of objects and no reference cycles: the cyclic collector would
    only walk them over and over (a fifth of the reading time, docs/performance.md)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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
