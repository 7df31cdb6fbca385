"""A generated export made as untidy as real ones, to check that the audit's answer does not
depend on how it is split over processes (tests/unit/test_audit_jobs.py).

From a clean export it makes several files holding, shuffled: exact re-sends, re-sends with
their keys in another order, conflicting repeats (an event id sent again with another date, some
before the original, some naming another proceeding), lines that are not events or break the
contract, blank lines, events after the as-of date, timestamps finer than a microsecond, a
proceeding whose dates the calendar cannot count from, a byte-order mark and a file without
its last newline.

    .venv/bin/python -m tests.support.messy_export SOURCE.ndjson OUT_DIR
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

NOT_EVENTS = [b"", b"   ", b"{", b"null", b"[1, 2]", b'{"type": "no.such_event"}',
              b'{"event_id": "x", "type": "document.accepted"}', b"\xff\xfe"]


def messy(source: Path, out: Path, files: int = 3, seed: int = 7) -> list[Path]:
    """Write `files` untidy files made from `source` into `out`; returns their paths."""
    rng = random.Random(seed)
    lines = [line for line in source.read_bytes().splitlines() if line.strip()]
    events = [json.loads(line) for line in lines]
    extra: list[bytes] = []
    by_proceeding = [e for e in events if e.get("proceeding_id") and
                     e["type"] not in ("act.registered", "act.answered")]
    for event in rng.sample(events, len(events) // 50):
        extra.append(json.dumps(event, separators=(",", ":")).encode())  # an exact re-send?
        extra.append(json.dumps(dict(reversed(list(event.items())))).encode())  # keys reordered
    for event in rng.sample(events, len(events) // 100):
        changed = dict(event, occurred_on="2019-01-10")  # earlier: it would win if kept
        extra.append(json.dumps(changed).encode())
        other = rng.choice(events)
        extra.append(json.dumps(dict(other, event_id=event["event_id"])).encode())
    for event in rng.sample(by_proceeding, len(by_proceeding) // 200):
        extra.append(json.dumps(dict(event, event_id=event["event_id"] + "-late",
                                     occurred_on="2030-06-03")).encode())
        extra.append(json.dumps(dict(event, event_id=event["event_id"] + "-fine",
                                     recorded_at="2025-01-01T10:00:00.9999999+05:00")).encode())
    for event in rng.sample(by_proceeding, len(by_proceeding) // 300):
        broken = dict(event)
        broken.pop("occurred_on")
        extra.append(json.dumps(broken).encode())
    extra.append(json.dumps({"event_id": "old-1", "type": "document.accepted",
                             "occurred_on": "1985-01-03", "proceeding_id": "EP-OLD",
                             **_document_fields(events)}).encode())
    extra.extend(NOT_EVENTS * 3)
    everything = lines + extra
    rng.shuffle(everything)
    # Conflicts placed before their originals make the original the rejected one.
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    size = len(everything) // files + 1
    for n in range(files):
        chunk = everything[n * size:(n + 1) * size]
        body = b"\n".join(chunk) + (b"" if n == files - 1 else b"\n")
        if n == 1:
            body = b"\xef\xbb\xbf" + body
        path = out / f"part-{n}.ndjson"
        path.write_bytes(body)
        paths.append(path)
    return paths


def _document_fields(events: list[dict[str, object]]) -> dict[str, object]:
    accepted = next(e for e in events if e["type"] == "document.accepted")
    return {key: value for key, value in accepted.items()
            if key not in ("event_id", "type", "occurred_on", "proceeding_id", "recorded_at")}


if __name__ == "__main__":
    for written in messy(Path(sys.argv[1]), Path(sys.argv[2])):
        print(written)
