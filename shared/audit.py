"""The offline audit (docs/contract.md §2): event files in, breaches as of a date out.

Files may come in any order and repeat each other, so nothing can be judged until every file
is read. What is kept meanwhile is small: each proceeding's events are folded as they are read
into its `Folding` (no names, no IINs, no list of events), and for de-duplication 20 bytes per
event (a hash of its id, where it was read, a hash of its proceeding's id). A repeated event is
found once everything is read; the few proceedings it touched are folded again from their lines
on disk without it. Same-id events whose bytes differ are re-read and compared as validated
events, so a re-sent event with its keys in another order is still a duplicate, not a conflict.

The work is split over processes (docs/decisions.md, "How the audit splits its work"): each
reads its share of the input's bytes, so every line is read and validated once. A proceeding
whose events lie in several shares is folded by each, and its folds are merged, in the order of
the shares, by the part that judges it; acts, appeals and bailiffs are judged by the first.
De-duplication is decided across the whole input by the parent, and each part's reports and
breaches are merged in the order one process would give, so the output is the same byte for
byte whatever the number of jobs.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import heapq
import io
import json
import os
import pickle
import sys
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np

from shared.event_decoder import REFUSED, block_checked, decode_checked, read_event
from shared.events import EventRejected, parse_event
from shared.legal.calendar import CalendarError, WorkingCalendar
from shared.legal.history import (
    ADDERS,
    APPEAL_TYPES,
    FACT_BUILDERS,
    Fact,
    Folding,
    fact_of,
    fold_acts,
    fold_appeals,
    fold_bailiffs,
)
from shared.legal.rules import (
    RECORD_FIELDS,
    Breach,
    Context,
    act_refusal,
    act_response_term,
    appeal_breaches,
    licence_threshold,
    proceeding_breaches,
)
from shared.settings import Policy

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

ACT_TYPES = frozenset({"act.registered", "act.answered"})
# Acts, appeals and bailiffs are not a proceeding's: part 0 folds and judges them all.
NOT_PROCEEDING = ACT_TYPES | APPEAL_TYPES | {"bailiff.registered"}
_BOM = b"\xef\xbb\xbf"
# Reports after reading come in phases: conflicts by line, proceedings that could not be judged
# by id, then acts and appeals in the order they were folded.
_CONFLICT, _UNJUDGED, _UNJUDGED_ACT, _UNJUDGED_APPEAL = 1, 2, 3, 4
_Order = tuple[int, int, str]
_BLOCK = 1 << 20  # bytes read at once: a block is checked whole, then split into lines
# A sparse index of line numbers, so that a message about a repeated event can name its line
# without counting every newline before it again.
_LINE_MARK_EVERY = 1 << 14  # lines


class AuditInputError(Exception):
    """A file that cannot be read at all."""


@dataclass
class AuditResult:
    """What an audit found. Its breaches, in the output's order, are kept as `Breach`es or as
    their JSONL records, whichever the audit made: with several parts, each part writes its
    own records and the command only merges them (docs/decisions.md, "How the audit splits
    its work"). The other form is made from it the first time it is asked for."""

    as_of: date
    orphans: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    found: list[Breach] | None = None
    records_found: list[str] | None = None
    rules_found: Counter[str] | None = None

    @property
    def breaches(self) -> list[Breach]:
        if self.found is None:
            self.found = [_from_record(line) for line in self.records_found or ()]
        return self.found

    @property
    def records(self) -> list[str]:
        """The breaches' JSONL records (docs/contract.md §2), without their newlines."""
        if self.records_found is None:
            self.records_found = [_jsonl(breach) for breach in self.found or ()]
        return self.records_found

    @property
    def by_rule(self) -> Counter[str]:
        if self.rules_found is None:
            self.rules_found = Counter(breach.rule for breach in self.breaches)
        return Counter(self.rules_found)  # a copy: what the caller does with it stays its own


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# --- where lines are --------------------------------------------------------------------------


@dataclass
class _Files:
    """The input as one sequence of lines: an event's `seq` is its byte offset in the
    concatenated files, so seqs follow the order of receipt and say where to re-read a line."""

    paths: list[Path] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # the seq of each file's first byte
    sizes: list[int] = field(default_factory=list)
    # Per file, (byte offset, line number) of every _LINE_MARK_EVERY-th line.
    marks: list[list[tuple[int, int]]] = field(default_factory=list)
    # Read with pread, not mmap: a mapped national export would be counted in the audit's
    # resident memory page by page as its few repeats are looked up.
    _fds: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, paths: Sequence[Path]) -> _Files:
        """The files as they are now; one that cannot be read stops the audit before it starts."""
        files = cls(paths=list(paths))
        at = 0
        for path in files.paths:
            try:
                size = os.stat(path).st_size
                with path.open("rb"):  # a file we may not read is said now, not in a part
                    pass
            except OSError as exc:
                raise AuditInputError(f"{path}: cannot open: {exc.strerror or exc}") from exc
            files.starts.append(at)
            files.sizes.append(size)
            files.marks.append([])
            at += size
        return files

    @property
    def total(self) -> int:
        return sum(self.sizes)

    def _file(self, seq: int) -> int:
        return bisect_right(self.starts, seq) - 1

    def _fd(self, index: int) -> int:
        if index not in self._fds:
            self._fds[index] = os.open(self.paths[index], os.O_RDONLY)
        return self._fds[index]

    def line(self, seq: int) -> bytes:
        """The line at `seq`, with its newline where it has one, as it was read."""
        index = self._file(seq)
        fd, at = self._fd(index), seq - self.starts[index]
        found = b""
        while True:
            chunk = os.pread(fd, 1 << 12, at + len(found))
            end = chunk.find(b"\n")
            if end >= 0:
                return found + chunk[:end + 1]
            found += chunk
            if not chunk:
                return found

    def where(self, seq: int) -> str:
        index = self._file(seq)
        offset = seq - self.starts[index]
        marks = self.marks[index]
        mark_offset, line_no = marks[bisect_right(marks, (offset, 1 << 62)) - 1]
        fd = self._fd(index)
        while mark_offset < offset:
            chunk = os.pread(fd, min(1 << 20, offset - mark_offset), mark_offset)
            if not chunk:
                break
            line_no += chunk.count(b"\n")
            mark_offset += len(chunk)
        return f"{self.paths[index]}:{line_no}"

    def close(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()


def _line_after(handle: BinaryIO, at: int) -> int:
    """Where the first line beginning after byte `at` begins (the end of the file if none
    does); the handle is left there."""
    handle.seek(at)
    while chunk := handle.read(1 << 12):
        cut = chunk.find(b"\n")
        if cut >= 0:
            at += cut + 1
            break
        at += len(chunk)
    handle.seek(at)
    return at


def _blocks(handle: BinaryIO, at: int, end: int) -> Iterator[tuple[list[bytes], int, bool]]:
    """The lines from byte `at`, a line's beginning, in blocks of about _BLOCK bytes, read
    while a line begins before `end`: each block's lines without their newlines; 1, or 0 for a
    file's last line when it has no newline; and whether the block is checked for
    `decode_checked`."""
    rest: list[bytes] = []  # the beginning of the line at `at`: a line longer than a block
    # comes in pieces, joined once its end is read
    while at < end:
        block = handle.read(_BLOCK)
        if not block:
            if rest:
                yield [b"".join(rest)], 0, False
            return
        cut = block.rfind(b"\n")
        if cut < 0:
            rest.append(block)
            continue
        whole = b"".join([*rest, block[:cut]]) if rest else block[:cut]
        rest = [block[cut + 1:]] if cut + 1 < len(block) else []
        at += len(whole) + 1
        yield whole.split(b"\n"), 1, block_checked(whole)


def _ranges(total: int, parts: int) -> list[tuple[int, int]]:
    """Each part's share of the input's bytes; a line is read by the part its first byte is in."""
    return [(total * k // parts, total * (k + 1) // parts) for k in range(parts)]


# --- one part of the work ---------------------------------------------------------------------


class _Part:
    """Reads its share of the input's bytes: validates and folds every line of it once.

    A proceeding whose events fall in several parts' shares is folded by each, and its folds
    are merged, in the order of the shares, by the part that judges it (`take_shared`).
    With one part, it reads everything and nothing is merged.
    """

    def __init__(self, index: int, parts: int, as_of: date, ctx: Context, files: _Files,
                 reject: Callable[[int, int, int, str], None]) -> None:
        self.index, self.parts = index, parts
        self.as_of, self.ctx = as_of, ctx
        self.counts: Counter[str] = Counter()
        # By proceeding_id, in order of their first event; a new one is made where it is looked up.
        self.folds: defaultdict[str, Folding] = defaultdict(Folding)
        self.acts: list[Fact] = []  # and the appeals' facts: the office's own steps
        self.bailiffs: list[Fact] = []
        # Per accepted event, 20 bytes: a hash of its id, its seq, and a 32-bit hash of its
        # proceeding's id (to find a proceeding's lines again). The rest is re-read when needed.
        self.ids = array("q")
        self.seqs = array("q")
        self.proceeding_of = array("I")
        self.files = files
        # Per file, how many of its lines this part read: a part's line numbers count from its
        # share's first line, and its parent adds the lines of the shares before.
        self.lines = [0] * len(files.paths)
        self.reject = reject  # (seq, file, line number in this part's share, reason)
        # What is found after reading, by (phase, order): merged across parts by the parent.
        self.reports: list[tuple[_Order, str]] = []

    # --- reading -------------------------------------------------------------------------

    def read(self, lo: int, hi: int, progress: Callable[[int], None]) -> None:
        """Take every line that begins in bytes [lo, hi) of the input; a bad line is reported
        and skipped."""
        files = self.files
        for number, (base, size) in enumerate(zip(files.starts, files.sizes, strict=True)):
            if base + size > lo and base < hi:
                self._read_file(number, max(lo - base, 0), min(hi - base, size), progress)

    def _read_file(self, number: int, begin: int, end: int,
                   progress: Callable[[int], None]) -> None:
        files = self.files
        path, base = files.paths[number], files.starts[number]
        try:
            handle = path.open("rb", buffering=0)
        except OSError as exc:
            raise AuditInputError(f"{path}: cannot open: {exc.strerror or exc}") from exc
        marks = files.marks[number]
        # This loop runs once per line of a national export: names are bound locally and the
        # counters kept in plain ints rather than looked up on self for every line.
        as_of, calendar = self.as_of, self.ctx.calendar
        decode = decode_checked
        id_hash = self.ids.append
        seqs, proceeding_of = self.seqs.append, self.proceeding_of.append
        folds, adders, facts = self.folds, ADDERS, FACT_BUILDERS
        acts, bailiffs, reject = self.acts, self.bailiffs, self.reject
        not_proceeding, mark_mask = NOT_PROCEEDING, _LINE_MARK_EVERY - 1
        read = len(self.seqs)  # one seq is kept for each event read: counted from them
        rejected = after = 0
        line_no = 0
        with handle:
            # The share begins inside the line another part reads, unless a line ends just
            # before it.
            offset = _line_after(handle, begin - 1) if begin else 0
            pending = begin
            marks.append((offset, 1))
            for lines, newline, checked in _blocks(handle, offset, end):
                for raw in lines:
                    start = offset
                    if start >= end:
                        break
                    offset += len(raw) + newline
                    line_no += 1
                    if line_no & mark_mask == 0:
                        marks.append((start, line_no))
                    if start == 0 and raw.startswith(_BOM):
                        # Spreadsheet tools save UTF-8 with a byte-order mark; it is not content.
                        raw = raw[len(_BOM):]
                        start += len(_BOM)
                    seq = base + start
                    # A line of a checked block is decoded at once; any other, or one msgspec
                    # refuses, goes through read_event as it was read, newline and all.
                    event = None
                    if checked:
                        try:  # noqa: SIM105 (contextlib.suppress costs a call per line)
                            event = decode(raw)
                        except REFUSED:
                            pass
                    if event is None:
                        try:
                            event = read_event(raw + b"\n" * newline)
                        except EventRejected as exc:
                            if raw.strip():  # a blank line is no error
                                rejected += 1
                                reject(seq, number, line_no, exc.reason)
                            continue
                    kind = event.type
                    if kind == "act.registered" and (unlawful := act_refusal(event, calendar)):
                        rejected += 1  # an invalid act is reported, never judged
                        reject(seq, number, line_no, unlawful)
                        continue
                    id_hash(hash(event.event_id))
                    seqs(seq)
                    if kind in not_proceeding:
                        proceeding_of(0)
                        if event.occurred_on > as_of:
                            after += 1
                        else:
                            fact = facts[kind](event, seq)
                            (bailiffs if kind == "bailiff.registered" else acts).append(fact)
                        continue
                    pid = event.proceeding_id
                    proceeding_of(hash(pid) & 0xFFFFFFFF)
                    if event.occurred_on > as_of:
                        after += 1
                        continue
                    adders[kind](folds[pid], facts[kind](event, seq), as_of)
                done = min(offset, end)  # the last line may run into the next share
                progress(done - pending)
                pending = done
                if offset >= end:
                    break
        if line_no == 0:
            marks.pop()
        progress(end - pending)
        self.lines[number] = line_no
        self.counts.update(read=len(self.seqs) - read, rejected=rejected, after_as_of=after)

    # --- de-duplication ----------------------------------------------------------------

    def id_census(self) -> tuple[np.ndarray, np.ndarray]:
        """The low 32 bits of this part's id hashes, sorted, and those seen twice here.

        Half the hash finds the suspects in half the memory; a suspect whose full hash is
        unique costs one line re-read, and repeats are decided on the full hash and the line.
        """
        ids = np.sort(self._low_ids())
        return ids, np.unique(ids[1:][ids[1:] == ids[:-1]])

    def _low_ids(self) -> np.ndarray:
        both = np.frombuffer(self.ids, dtype=np.uint32)  # a view: no copy
        return both[0::2] if sys.byteorder == "little" else both[1::2]

    def suspects(self, low_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(id hash, content hash, seq) of this part's events whose id hash's low 32 bits are
        among `low_ids`."""
        at = np.flatnonzero(_among(self._low_ids(), low_ids))
        seqs = np.frombuffer(self.seqs, dtype=np.int64)[at]
        contents = np.fromiter((hash(self.files.line(seq)) for seq in seqs.tolist()),
                               dtype=np.int64, count=seqs.size)
        return np.frombuffer(self.ids, dtype=np.int64)[at], contents, seqs

    # --- after de-duplication ------------------------------------------------------------

    def refold(self, repeated: set[int], touched: set[str | None]) -> None:
        """Fold again, without their repeats, the proceedings a repeated event touched."""
        fresh = {pid: Folding() for pid in touched if pid is not None and pid in self.folds}
        if not fresh:
            return
        wanted = np.array([hash(pid) & 0xFFFFFFFF for pid in fresh], dtype=np.uint32)
        proceeding_of = np.frombuffer(self.proceeding_of, dtype=np.uint32)
        seqs = np.frombuffer(self.seqs, dtype=np.int64)
        for seq in seqs[np.flatnonzero(_among(proceeding_of, wanted))].tolist():
            if seq in repeated:
                continue
            event = read_event(self.files.line(seq))
            # A 32-bit hash may be shared: the event's own proceeding id decides.
            folding = fresh.get(_proceeding_of(event) or "")
            if folding is not None and event.occurred_on <= self.as_of:
                folding.add(fact_of(event, seq), self.as_of)
        self.folds.update(fresh)  # each keeps its place in the order

    # --- proceedings read by more than one part -------------------------------------------

    def proceeding_keys(self) -> np.ndarray:
        """The hashes of this part's proceedings' ids, sorted."""
        folds = self.folds
        return np.sort(np.fromiter(map(hash, folds), dtype=np.int64, count=len(folds)))

    def give_shared(self, shared: np.ndarray) -> dict[int, dict[str, Folding]]:
        """Take out the folds of this part's proceedings whose key is among `shared` (found in
        other parts too) and that another part judges: by the part each goes to."""
        given: dict[int, dict[str, Folding]] = {}
        if shared.size == 0:
            return given
        folds, parts = self.folds, self.parts
        pids = list(folds)
        keys = np.fromiter(map(hash, pids), dtype=np.int64, count=len(pids))
        for at in np.flatnonzero(_among(keys, shared)).tolist():
            pid = pids[at]
            judge = hash(pid) % parts  # every part works this out alike: forked, one hash seed
            if judge != self.index:
                given.setdefault(judge, {})[pid] = folds.pop(pid)
        return given

    def take_shared(self, given: Iterable[tuple[int, dict[str, Folding]]]) -> None:
        """Merge into one the folds each part read of the proceedings this part judges, in the
        order of the parts' shares of the input (this part's own in its place)."""
        chains: dict[str, list[tuple[int, Folding]]] = {}
        for part, folds in given:
            for pid, folding in folds.items():
                chains.setdefault(pid, []).append((part, folding))
        own = self.folds
        for pid, chain in chains.items():
            if pid in own:
                chain.append((self.index, own[pid]))
            chain.sort(key=_by_part)
            first = chain[0][1]
            for _, later in chain[1:]:
                first.merge(later)
            own[pid] = first

    def judge(self, repeated: set[int]) -> tuple[list[Breach], list[str]]:
        """Breaches (sorted) and orphans of this part's proceedings, and of acts on part 0."""
        as_of, ctx = self.as_of, self.ctx
        breaches: list[Breach] = []
        orphans: list[str] = []
        self.counts["proceedings"] = len(self.folds)
        # Each proceeding's state is let go once judged, and the arrays of where events were
        # read are no longer needed: the breaches take their memory, not more.
        self.seqs = self.proceeding_of = array("q")
        foldings = list(self.folds.items())
        foldings.reverse()
        self.folds.clear()
        found, pop, judge = breaches.extend, foldings.pop, proceeding_breaches
        while foldings:
            pid, folding = pop()
            proceeding = folding.proceeding(pid)
            if proceeding.is_orphan:
                orphans.append(pid)
                continue
            try:
                found(judge(proceeding, as_of, ctx))
            except CalendarError as exc:
                # One proceeding with a date the calendar cannot count from is reported; the
                # others are judged as usual.
                self.counts["unjudged"] += 1
                self.reports.append(((_UNJUDGED, 0, pid),
                                     f"proceeding {pid}: not judged: {exc}"))
        if self.index == 0:
            acts = fold_acts(_kept(self.acts, repeated), as_of)
            bailiffs = fold_bailiffs(_kept(self.bailiffs, repeated), as_of)
            for order, (act_id, act) in enumerate(acts.items()):
                try:
                    breaches.extend(act_response_term(act, as_of, ctx))
                except CalendarError as exc:
                    self.counts["unjudged"] += 1
                    self.reports.append(((_UNJUDGED_ACT, order, ""),
                                         f"act {act_id}: not judged: {exc}"))
            breaches.extend(licence_threshold(acts.values(), bailiffs, as_of, ctx))
            appeals = fold_appeals(_kept(self.acts, repeated), as_of)
            for order, (appeal_id, appeal) in enumerate(appeals.items()):
                try:
                    breaches.extend(appeal_breaches({appeal_id: appeal}, as_of, ctx))
                except CalendarError as exc:
                    self.counts["unjudged"] += 1
                    self.reports.append(((_UNJUDGED_APPEAL, order, ""),
                                         f"appeal {appeal_id}: not judged: {exc}"))
        breaches.sort(key=_sort_key)
        return breaches, orphans


def _among(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Which of `values` are in the (few) `wanted`. Each value's low bits are looked up first
    in a table of the wanted ones', so that nearly every value is passed over by one lookup and
    only the few found there are searched for (a binary search of every value took 0.2 s a
    part on the national file, docs/performance.md); a slice at a time, so that temporaries
    stay small (np.isin sorts a copy of all the values)."""
    found = np.zeros(values.size, dtype=bool)
    if wanted.size == 0:
        return found
    wanted = np.sort(wanted)
    mask = _BUCKETS - 1
    present = np.zeros(_BUCKETS, dtype=bool)
    present[wanted & mask] = True
    for start in range(0, values.size, _SLICE):
        some = values[start:start + _SLICE]
        maybe = np.flatnonzero(present[some & mask])
        if maybe.size == 0:
            continue
        candidates = some[maybe]
        at = np.searchsorted(wanted, candidates)
        at[at == wanted.size] = 0
        found[start + maybe[wanted[at] == candidates]] = True
    return found


_BUCKETS = 1 << 22  # the table `_among` looks values up in first: 4 MiB, few false hits


def _by_part(item: tuple[int, Any]) -> int:
    return item[0]


def _kept(facts: list[Fact], repeated: set[int]) -> list[Fact]:
    return [fact for fact in facts if fact.seq not in repeated] if repeated else facts


def _sort_key(breach: Breach) -> tuple[str, ...]:
    return breach.sort_key


def _validated(raw: bytes) -> Any:
    """A repeated line as the contract's validator reads it, to compare it with another; one
    the fast reader took and pydantic would not (none is known) is compared as read."""
    try:
        return parse_event(raw)
    except EventRejected:
        return read_event(raw)


def _proceeding_of(event: Any) -> str | None:
    return None if event.type in NOT_PROCEEDING else event.proceeding_id


# --- de-duplication over every part ---------------------------------------------------------


def _repeats(ids: np.ndarray, contents: np.ndarray, seqs: np.ndarray, files: _Files,
             counts: Counter[str], reports: list[tuple[_Order, str]],
             ) -> tuple[set[int], set[str | None]]:
    """Seqs of events whose id came before (duplicates are ignored, conflicts rejected), and
    the proceedings they touched (None for acts and bailiffs).

    Events are grouped by a 64-bit hash of their id. In a group, byte-identical lines are the
    same event; any other member is re-read and compared as a validated event, which also
    settles the (astronomically rare) case of two ids sharing a hash.
    """
    repeated: set[int] = set()
    touched: set[str | None] = set()
    if ids.size < 2:
        return repeated, touched
    order = np.lexsort((seqs, ids))  # by id, then in order of receipt
    sorted_ids = ids[order]
    same = sorted_ids[1:] == sorted_ids[:-1]
    if not same.any():
        return repeated, touched
    # Group boundaries: a run of `same` marks the members after a group's first.
    starts = np.flatnonzero(np.diff(np.concatenate(([False], same, [False])).astype(np.int8)))
    for begin, end in zip(starts[0::2].tolist(), starts[1::2].tolist(), strict=True):
        members = order[begin:end + 1]
        group = seqs[members].tolist()
        if np.unique(contents[members]).size == 1:
            counts["duplicates"] += len(group) - 1
            touched.add(_proceeding_of(_validated(files.line(group[0]))))
            repeated.update(group[1:])
            continue
        firsts: dict[str, tuple[int, Any]] = {}
        for seq in group:
            event = _validated(files.line(seq))
            touched.add(_proceeding_of(event))
            first = firsts.setdefault(event.event_id, (seq, event))
            if first[0] == seq:
                continue
            repeated.add(seq)
            if event == first[1]:
                counts["duplicates"] += 1
            else:
                counts["conflicts"] += 1
                counts["rejected"] += 1
                reports.append(((_CONFLICT, seq, ""), (
                    f"{files.where(seq)}: conflict: event_id already received with other "
                    f"content at {files.where(first[0])}; this one is rejected")))
    return repeated, touched


# --- the whole audit ------------------------------------------------------------------------


def audit_files(
    paths: Sequence[Path],
    as_of: date,
    calendar: WorkingCalendar,
    policy: Policy,
    report: Callable[[str], None] = lambda line: None,
    progress: Callable[[int], None] = lambda nbytes: None,
    jobs: int = 1,
) -> AuditResult:
    """Audit the files as of `as_of` with `jobs` processes: the same result for any number.

    Rejected lines are reported in the order of the input, then conflicting repeats in the
    order of the input, then what could not be judged."""
    ctx = Context(calendar, policy)
    # The collector stays off until what the audit built is let go (on return from these):
    # turned on earlier, it would walk millions of objects once more.
    with _without_cyclic_gc():
        if jobs > 1 and "fork" in _start_methods():
            return _audit_in_parts(paths, as_of, ctx, report, progress, jobs)
        return _audit_alone(paths, as_of, ctx, report, progress)


def _audit_alone(paths: Sequence[Path], as_of: date, ctx: Context,
                 report: Callable[[str], None], progress: Callable[[int], None],
                 ) -> AuditResult:
    files = _Files.of(paths)

    def reject(seq: int, number: int, line_no: int, reason: str) -> None:
        report(f"{files.paths[number]}:{line_no}: {reason}")

    part = _Part(0, 1, as_of, ctx, files, reject)
    part.read(0, files.total, progress)
    counts, reports = part.counts, part.reports
    try:
        _, again = part.id_census()
        repeated, touched = _repeats(*part.suspects(again), part.files, counts, reports)
        part.refold(repeated, touched)
        breaches, orphans = part.judge(repeated)
    finally:
        part.files.close()
    return _result(as_of, counts, orphans, reports, report, found=breaches)


def _result(as_of: date, counts: Counter[str], orphans: list[str],
            reports: list[tuple[_Order, str]], report: Callable[[str], None],
            **breaches: Any) -> AuditResult:
    reports.sort(key=_report_key)
    for _, line in reports:
        report(line)
    orphans.sort()
    counts["orphans"] = len(orphans)
    return AuditResult(as_of=as_of, orphans=orphans, counts=counts, **breaches)


def _report_key(item: tuple[_Order, str]) -> _Order:
    return item[0]


def _start_methods() -> list[str]:
    import multiprocessing

    return multiprocessing.get_all_start_methods()


def _audit_in_parts(paths: Sequence[Path], as_of: date, ctx: Context,
                    report: Callable[[str], None], progress: Callable[[int], None],
                    jobs: int) -> AuditResult:
    """Each part in its own process (forked: they share the imports, and the hash seed that
    says which part judges a proceeding); this process only decides repeats and passes on
    what the parts send each other."""
    import multiprocessing
    import tempfile

    files = _Files.of(paths)
    context = multiprocessing.get_context("fork")
    done_bytes = context.Array("q", jobs, lock=False)  # each part's own count: no lock needed
    with tempfile.TemporaryDirectory(prefix="qadagalau-audit-") as scratch:
        workers: list[tuple[Any, Connection]] = []
        try:
            for index, share in enumerate(_ranges(files.total, jobs)):
                ours, theirs = context.Pipe()
                # The child closes its copies of this process's ends: when this process closes
                # them (or dies), a part waiting for it reads the end of the pipe and stops.
                ends = [conn for _, conn in workers] + [ours]
                process = context.Process(
                    target=_work, name=f"qadagalau-audit-{index}", daemon=True,
                    args=(index, jobs, share, files, as_of, ctx, theirs, done_bytes,
                          Path(scratch), ends))
                process.start()
                workers.append((process, ours))
                theirs.close()
            return _merge_parts(workers, files, as_of, done_bytes, report, progress)
        finally:
            for _, conn in workers:
                conn.close()
            for process, _ in workers:
                process.join(timeout=5)
                if process.is_alive():
                    process.terminate()


def _merge_parts(workers: list[tuple[Any, Connection]], files: _Files, as_of: date,
                 done_bytes: Any, report: Callable[[str], None],
                 progress: Callable[[int], None]) -> AuditResult:
    shown = 0

    def show_progress() -> None:
        nonlocal shown
        now = sum(done_bytes)
        if now > shown:
            progress(now - shown)
            shown = now

    def receive(process: Any, conn: Connection) -> dict[str, Any]:
        return _receive(process, conn, lambda: None)

    read = [_receive(process, conn, show_progress) for process, conn in workers]
    show_progress()
    # A part numbers the lines of its share from 1: the lines of the same file in the shares
    # before it come first.
    before = [[0] * len(files.paths)]
    for part in read[:-1]:
        before.append([n + lines for n, lines in zip(before[-1], part["lines"], strict=True)])
    for number, marks in enumerate(files.marks):
        for part, lines_before in zip(read, before, strict=True):
            marks.extend((at, line_no + lines_before[number])
                         for at, line_no in part["marks"][number])
    # Rejected lines: each part's are in the order of the input; merged, they are all of them
    # in that order, as one process reports them.
    for _, line in heapq.merge(*(_rejections(part["rejected"], files.paths, lines_before)
                                 for part, lines_before in zip(read, before, strict=True))):
        report(line)
    counts: Counter[str] = Counter()
    reports: list[tuple[_Order, str]] = []
    for part in read:
        counts.update(part["counts"])
    del read
    # An id is suspect when one part saw it twice, or two parts saw it (a conflicting repeat
    # may name another proceeding); only the suspects' details come here.
    # Each part's sorted id hashes (their low half) come as raw bytes after its message.
    again: list[np.ndarray] = []
    sorted_ids: list[np.ndarray] = []
    for _, conn in workers:
        conn.send_bytes(b"census")  # all at once: a part's sorted copy is 4 bytes an event
    for process, conn in workers:
        again.append(receive(process, conn)["again"])
        sorted_ids.append(np.frombuffer(conn.recv_bytes(), dtype=np.uint32))
    suspect = np.unique(np.concatenate([*again, *_shared_ids(sorted_ids)]))
    del sorted_ids
    _send_all(workers, suspect)
    found = [receive(process, conn)["suspects"] for process, conn in workers]
    try:
        ids, contents, seqs = (np.concatenate([part[n] for part in found]) for n in range(3))
        repeated, touched = _repeats(ids, contents, seqs, files, counts, reports)
    finally:
        files.close()
    del found
    _send_all(workers, (repeated, touched))
    # A proceeding whose events lie in several parts' shares is judged by one of them; the
    # others leave their folds of it for that part in the scratch directory.
    keys = np.sort(np.concatenate([receive(process, conn)["keys"] for process, conn in workers]))
    _send_all(workers, np.unique(keys[1:][keys[1:] == keys[:-1]]))  # each part's are unique
    del keys
    left = [receive(process, conn)["left"] for process, conn in workers]
    for judge, (_, conn) in enumerate(workers):
        conn.send_bytes(pickle.dumps({
            "given": [(sender, files_left[judge]) for sender, files_left in enumerate(left)
                      if judge in files_left],
            # Acts, appeals and bailiffs are judged by the first part, in the order received.
            "steps": [files_left["steps"] for files_left in left[1:]] if judge == 0 else [],
        }, protocol=pickle.HIGHEST_PROTOCOL))
    places: list[tuple[str, str]] = []
    records: list[str] = []
    orphans: list[str] = []
    for process, conn in workers:
        judged = receive(process, conn)
        counts.update(judged["counts"])
        reports.extend(judged["reports"])
        if judged["places"]:
            places.extend(judged.pop("places"))
            records.extend(judged.pop("records").split("\n"))  # a record escapes its newlines
            if len(records) != len(places):
                raise RuntimeError(f"audit worker {process.name} sent records that do not match "
                                   "its breaches; run again with --jobs 1")
        orphans.extend(judged["orphans"])
    del judged
    # Each part's are in order: a stable sort by place merges them, and keeps the order a
    # part gave those of one place.
    order = sorted(range(len(places)), key=places.__getitem__)
    return _result(as_of, counts, orphans, reports, report,
                   records_found=[records[at] for at in order],
                   rules_found=Counter(rule for rule, _ in places))


def _send_all(workers: list[tuple[Any, Connection]], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    for _, conn in workers:
        conn.send_bytes(data)


def _shared_ids(each: list[np.ndarray]) -> Iterator[np.ndarray]:
    """Id hashes found by more than one part, each part's sorted ones given: a binary search
    of one in the other, a slice at a time, so that no array of the whole input's size is
    made here."""
    for later in range(1, len(each)):
        for earlier in range(later):
            sorted_ids = each[earlier]
            if sorted_ids.size == 0:
                continue
            for start in range(0, each[later].size, _SLICE):
                ids = each[later][start:start + _SLICE]
                at = np.searchsorted(sorted_ids, ids)
                at[at == sorted_ids.size] = 0
                yield ids[sorted_ids[at] == ids]


_SLICE = 1 << 16  # values a binary search takes at once: its temporaries stay small


def _rejections(path: Path, paths: list[Path], lines_before: list[int],
                ) -> Iterator[tuple[int, str]]:
    with path.open("rb") as handle:
        while True:
            try:
                seq, number, line_no, reason = pickle.load(handle)
            except EOFError:
                return
            yield seq, f"{paths[number]}:{line_no + lines_before[number]}: {reason}"


def _receive(process: Any, conn: Connection, tick: Callable[[], None]) -> dict[str, Any]:
    while not conn.poll(0.2):
        tick()
        if not process.is_alive() and not conn.poll():
            raise RuntimeError(f"audit worker {process.name} stopped unexpectedly (exit code "
                               f"{process.exitcode}); run again with --jobs 1 to see why")
    try:
        message: dict[str, Any] = pickle.loads(conn.recv_bytes())
    except EOFError:
        process.join(timeout=5)
        raise RuntimeError(f"audit worker {process.name} stopped unexpectedly (exit code "
                           f"{process.exitcode}); run again with --jobs 1 to see why") from None
    if "unreadable" in message:
        raise AuditInputError(message["unreadable"])
    if "failed" in message:
        raise RuntimeError(f"audit worker {process.name} failed:\n{message['failed']}")
    return message


def _work(index: int, parts: int, share: tuple[int, int], files: _Files, as_of: date,
          ctx: Context, conn: Connection, done_bytes: Any, scratch: Path,
          parents_ends: list[Connection]) -> None:
    """One part, in its own process: read, send what de-duplication needs, wait for its
    decision, exchange the proceedings read by several parts, judge, send the breaches. A
    failure is sent to the parent, which raises it."""
    gc.disable()  # as in _without_cyclic_gc; the process ends with the audit
    for end in parents_ends:
        end.close()
    try:
        _work_on(index, parts, share, files, as_of, ctx, conn, done_bytes, scratch)
    except AuditInputError as exc:
        with contextlib.suppress(OSError):
            conn.send_bytes(pickle.dumps({"unreadable": str(exc)}))
    except BaseException:  # the parent says what happened, with the traceback
        import traceback

        with contextlib.suppress(OSError):  # unless the parent is gone already
            conn.send_bytes(pickle.dumps({"failed": traceback.format_exc()}))
    finally:
        conn.close()


def _work_on(index: int, parts: int, share: tuple[int, int], files: _Files, as_of: date,
             ctx: Context, conn: Connection, done_bytes: Any, scratch: Path) -> None:

    def progress(nbytes: int) -> None:
        done_bytes[index] += nbytes

    rejected_path = scratch / f"rejected-{index}.pickle"
    with rejected_path.open("wb") as rejected:
        # Kept on disk, not in memory: a file of anything but events is rejected line by line.
        def reject(seq: int, number: int, line_no: int, reason: str) -> None:
            pickle.dump((seq, number, line_no, reason), rejected,
                        protocol=pickle.HIGHEST_PROTOCOL)

        part = _Part(index, parts, as_of, ctx, files, reject)
        part.read(*share, progress)
    conn.send_bytes(pickle.dumps({
        "counts": part.counts, "rejected": rejected_path, "lines": part.lines,
        "marks": files.marks,
    }, protocol=pickle.HIGHEST_PROTOCOL))
    part.counts = Counter()
    conn.recv_bytes()  # the census is asked for once the parent has every part's counts
    sorted_ids, again = part.id_census()
    conn.send_bytes(pickle.dumps({"again": again}, protocol=pickle.HIGHEST_PROTOCOL))
    conn.send_bytes(sorted_ids.data)  # the buffer itself, not a pickled copy
    del sorted_ids
    suspect = pickle.loads(conn.recv_bytes())
    conn.send_bytes(pickle.dumps({"suspects": part.suspects(suspect)},
                                 protocol=pickle.HIGHEST_PROTOCOL))
    del part.ids
    repeated, touched = pickle.loads(conn.recv_bytes())
    part.refold(repeated, touched)
    part.files.close()
    conn.send_bytes(pickle.dumps({"keys": part.proceeding_keys()},
                                 protocol=pickle.HIGHEST_PROTOCOL))
    left: dict[int | str, Path] = {}
    for judge, folds in part.give_shared(pickle.loads(conn.recv_bytes())).items():
        left[judge] = _leave(scratch / f"given-{index}-to-{judge}.pickle", folds)
    if index:
        left["steps"] = _leave(scratch / f"steps-{index}.pickle", (part.acts, part.bailiffs))
    conn.send_bytes(pickle.dumps({"left": left}, protocol=pickle.HIGHEST_PROTOCOL))
    taken = pickle.loads(conn.recv_bytes())
    part.take_shared((sender, _take(path)) for sender, path in taken["given"])
    for path in taken["steps"]:
        acts, bailiffs = _take(path)
        part.acts.extend(acts)
        part.bailiffs.extend(bailiffs)
    del taken
    breaches, orphans = part.judge(repeated)
    conn.send_bytes(pickle.dumps({
        "counts": part.counts, "reports": part.reports, "orphans": orphans,
        # Each breach's place among all parts' and its record, written here, in parallel
        # with the other parts. A proceeding is judged by one part, and acts, appeals and
        # bailiffs by the first: breaches of two parts never share a rule and a proceeding.
        "places": [(breach.rule, breach.proceeding_id or "") for breach in breaches],
        "records": "\n".join(map(_jsonl, breaches)),
    }, protocol=pickle.HIGHEST_PROTOCOL))


def _leave(path: Path, what: Any) -> Path:
    """Leave `what` for another part in the scratch directory: through the parent, it would
    be held there whole while every part has not sent its share."""
    with path.open("wb") as out:
        pickle.dump(what, out, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _take(path: Path) -> Any:
    with path.open("rb") as left:
        what = pickle.load(left)
    path.unlink()
    return what


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

# json, not orjson: its spacing is the contract's own sample's. One encoder, made once: json.dumps
# with an argument builds a new one for every record.
_encode_record = json.JSONEncoder(ensure_ascii=False).encode
_string = json.encoder.encode_basestring  # that encoder's own escaping of a string, in C


def _jsonl(b: Breach) -> str:
    """`_encode_record(b.record())`, the same text (tested), at a third of its cost: a national
    audit writes hundreds of thousands, each part its own."""
    done_on = "null" if b.done_on is None else f'"{b.done_on.isoformat()}"'
    return (
        f'{{"rule": {_string(b.rule)}, '
        f'"proceeding_id": {"null" if b.proceeding_id is None else _string(b.proceeding_id)}, '
        f'"property_id": {"null" if b.property_id is None else _string(b.property_id)}, '
        f'"act_id": {"null" if b.act_id is None else _string(b.act_id)}, '
        f'"decree_id": {"null" if b.decree_id is None else _string(b.decree_id)}, '
        f'"bailiff_id": {"null" if b.bailiff_id is None else _string(b.bailiff_id)}, '
        f'"year": {"null" if b.year is None else int(b.year)}, '
        f'"due": "{b.due.isoformat()}", "state": {_string(b.state)}, '
        f'"done_on": {done_on}, '
        f'"appeal_id": {"null" if b.appeal_id is None else _string(b.appeal_id)}}}'
    )


def _from_record(line: str) -> Breach:
    """The breach a record was written from: `_jsonl` read back (tested)."""
    r = json.loads(line)
    done_on = r["done_on"]
    return Breach(r["rule"], r["proceeding_id"], r["bailiff_id"], date.fromisoformat(r["due"]),
                  r["state"], date.fromisoformat(done_on) if done_on else None,
                  r["property_id"], r["act_id"], r["decree_id"], r["year"], r["appeal_id"])


def write_jsonl(records: Iterable[str], out: BinaryIO) -> None:
    lines: list[str] = []
    for record in records:
        lines.append(record)
        if len(lines) >= 4096:
            out.write(("\n".join(lines) + "\n").encode("utf-8"))
            lines.clear()
    if lines:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))


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
        # One process's breaches are written as they are encoded, not kept twice.
        write_jsonl(result.records if result.records_found is not None
                    else map(_jsonl, result.breaches), out)
    elif fmt == "csv":
        write_csv(result.breaches, out)
    elif fmt == "xlsx":
        write_xlsx(result.breaches, out, result)
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
