"""A witness file: the checkpoints of the audit log's hash chain, kept outside the database.

One JSON line per checkpoint, only ever appended. It proves something only if the database's
user cannot rewrite it: an append-only file (`chattr +a`, set by root) or one on a disk or host
the database administrators do not control (docs/decisions.md, "The head of the chain").
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from shared.chain import Checkpoint
from shared.messages import CHECKPOINT_CODEC, ChainCheckpoint, MessageRejected


@dataclass(slots=True)
class Witnessed:
    """What a witness holds: its checkpoints, and the lines that are no checkpoint."""

    checkpoints: list[Checkpoint] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    missing: bool = False


def append(path: Path, checkpoint: Checkpoint) -> None:
    """Append one checkpoint and force it to disk before returning."""
    line = CHECKPOINT_CODEC.encode(ChainCheckpoint(
        seq=checkpoint.seq, hash=checkpoint.hash,
        at=datetime.now(UTC).replace(microsecond=0))) + b"\n"
    # O_APPEND (never a seek and write): an append-only file admits nothing else, and two
    # writers' lines cannot overwrite each other.
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            line = b"\n" + line  # a torn line from a crash stays one bad line, not two
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def read(path: Path) -> Witnessed:
    if not path.exists():
        return Witnessed(missing=True)
    with path.open("rb") as lines:
        return _parse(lines, f"{path}:")


def from_messages(values: Iterable[bytes]) -> Witnessed:
    """The checkpoints published on `sanctions.checkpoints`, in the same form."""
    return _parse(values, "message ")


def _parse(lines: Iterable[bytes], where: str) -> Witnessed:
    found = Witnessed()
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = CHECKPOINT_CODEC.decode(raw)
        except MessageRejected:
            found.unreadable.append(f"{where}{number}")
            continue
        found.checkpoints.append(Checkpoint(record.seq, record.hash))
    return found
