"""The hash chain finds any entry edited, inserted or deleted, and with witnessed checkpoints
the newest entries deleted too."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from shared import witness
from shared.chain import GENESIS, Checkpoint, Entry, entry_hash, newest, verify


def chain(n: int) -> list[Entry]:
    entries, previous = [], GENESIS
    for seq in range(1, n + 1):
        content = {"decree_id": f"D-{seq}", "decision": "granted"}
        digest = entry_hash(previous, seq, content)
        entries.append(Entry(seq, previous, digest, content))
        previous = digest
    return entries


def test_an_intact_chain_verifies() -> None:
    assert verify(chain(5)) == []


def test_an_edited_entry_is_found() -> None:
    entries = chain(5)
    entries[2] = replace(entries[2], content={"decree_id": "D-3", "decision": "refused"})
    assert [(b.seq, "changed" in b.problem) for b in verify(entries)] == [(3, True)]


def test_a_deleted_entry_is_found() -> None:
    entries = chain(5)
    del entries[1]
    problems = verify(entries)
    assert problems[0].seq == 3 and "missing" in problems[0].problem


def test_an_inserted_entry_is_found_even_if_renumbered() -> None:
    entries = chain(4)
    forged_content = {"decree_id": "D-X", "decision": "granted"}
    forged = Entry(3, entries[1].hash, entry_hash(entries[1].hash, 3, forged_content),
                   forged_content)
    tail = [replace(e, seq=e.seq + 1) for e in entries[2:]]
    problems = verify([*entries[:2], forged, *tail])
    assert problems and problems[0].seq == 4 and "link" in problems[0].problem


def test_truncation_with_a_rewritten_head_passes_the_chain_but_not_a_checkpoint() -> None:
    entries = chain(5)
    witnessed = [Checkpoint(3, entries[2].hash), Checkpoint(5, entries[4].hash)]
    truncated = entries[:3]  # the newest two deleted; the head row rewritten to match entry 3
    assert verify(truncated) == []  # the chain alone cannot tell
    problems = verify(truncated, witnessed)
    assert [(b.seq, b.problem) for b in problems] == [
        (5, "entries 4..5 were deleted: a witnessed checkpoint records entry 5")]
    assert verify(entries, witnessed) == []


def test_a_forged_checkpoint_of_the_truncated_chain_does_not_hide_the_true_one() -> None:
    entries = chain(5)
    witnessed = [Checkpoint(5, entries[4].hash), Checkpoint(3, entries[2].hash)]
    assert newest(witnessed) == Checkpoint(5, entries[4].hash)
    assert verify(entries[:3], witnessed)


def test_a_chain_rebuilt_from_the_start_misses_its_checkpoints() -> None:
    entries = chain(4)
    forged, previous = [], GENESIS
    for entry in entries:  # every hash recomputed over an edited first entry
        content = {"decree_id": "D-1", "decision": "refused"} if entry.seq == 1 else entry.content
        digest = entry_hash(previous, entry.seq, content)
        forged.append(Entry(entry.seq, previous, digest, content))
        previous = digest
    assert verify(forged) == []
    problems = verify(forged, [Checkpoint(2, entries[1].hash), Checkpoint(4, entries[3].hash)])
    assert [b.seq for b in problems] == [2, 4]
    assert all("witnessed checkpoint" in b.problem for b in problems)


def test_the_witness_file_is_appended_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "witness.jsonl"
    assert witness.read(path).missing
    witness.append(path, Checkpoint(1, "a" * 64))
    with path.open("ab") as torn:  # a crash in the middle of a line
        torn.write(b'{"seq":2,"ha')
    witness.append(path, Checkpoint(3, "c" * 64))
    held = witness.read(path)
    assert held.checkpoints == [Checkpoint(1, "a" * 64), Checkpoint(3, "c" * 64)]
    assert held.unreadable == [f"{path}:2"]
    assert witness.from_messages([b'{"seq":7,"hash":"' + b"d" * 64 + b'"}', b"junk"]) \
        .checkpoints == [Checkpoint(7, "d" * 64)]
