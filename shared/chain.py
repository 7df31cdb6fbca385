"""A hash chain: a tamper-evident, append-only record (seed thesis 002, L3100-3102).

Each entry's hash covers its own canonical content and the previous entry's hash, and entries
are numbered without gaps: an edited row breaks its own hash, an inserted one breaks the next
link, a deleted one leaves a gap in the numbers (or a broken link).

The newest entries have no successor to betray them: whoever can write the log can delete them
and rewrite the head. A checkpoint (the sequence number and hash of an entry) kept where that
writer cannot reach closes the gap: the chain must still reach each witnessed checkpoint with the
same hash. Deletion after the newest witnessed checkpoint stays invisible (docs/decisions.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def entry_hash(previous: str, seq: int, content: dict[str, Any]) -> str:
    body = json.dumps({"seq": seq, "previous": previous, "content": content}, sort_keys=True,
                      separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    previous: str
    hash: str
    content: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The head of the chain at some moment: every entry up to `seq` is committed by `hash`."""

    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class Break:
    seq: int
    problem: str


def verify(entries: Iterable[Entry], checkpoints: Iterable[Checkpoint] = ()) -> list[Break]:
    """Every place where the chain shows tampering, in order; empty when it is intact.

    Every checkpoint is checked, not only the newest: a forger who can append to the witness
    could add a checkpoint of the truncated chain, but not take back the older true one."""
    witnessed: dict[int, set[str]] = {}
    for checkpoint in checkpoints:
        witnessed.setdefault(checkpoint.seq, set()).add(checkpoint.hash)
    found: list[Break] = []
    expected_seq, previous = 1, GENESIS
    for entry in entries:
        if entry.seq in witnessed and witnessed[entry.seq] != {entry.hash}:
            found.append(Break(entry.seq, "it differs from the witnessed checkpoint of this "
                                          "entry (the log was rewritten here or before)"))
        if entry.seq != expected_seq:
            found.append(Break(entry.seq, f"entries {expected_seq}..{entry.seq - 1} are missing"
                               if entry.seq > expected_seq else "an entry number repeats"))
        if entry.previous != previous:
            found.append(Break(entry.seq, "it does not link to the entry before it "
                                          "(one was inserted, deleted or changed)"))
        if entry_hash(entry.previous, entry.seq, entry.content) != entry.hash:
            found.append(Break(entry.seq, "its content was changed after it was written"))
        expected_seq, previous = entry.seq + 1, entry.hash
    beyond = [seq for seq in witnessed if seq >= expected_seq]
    if beyond:
        found.append(Break(max(beyond), f"entries {expected_seq}..{max(beyond)} were deleted: a "
                                        f"witnessed checkpoint records entry {max(beyond)}"))
    return found


def newest(checkpoints: Iterable[Checkpoint]) -> Checkpoint | None:
    return max(checkpoints, key=lambda c: c.seq, default=None)
