"""The hash chain finds any entry edited, inserted or deleted."""

from __future__ import annotations

from dataclasses import replace

from shared.chain import GENESIS, Entry, entry_hash, verify


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
