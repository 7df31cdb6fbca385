"""The audit gives the same answer, byte for byte, whatever number of processes it runs on.

The corpus is a generated export made untidy (tests/support/messy_export.py): re-sends, repeats
whose content conflicts (some naming another proceeding, so the two sit in different parts),
rejected lines, events after the as-of date, several files, a byte-order mark.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from services.cli import main
from shared.audit import AuditResult, _among, audit_files
from shared.event_decoder import read_event
from shared.legal.calendar import working_calendar
from shared.legal.history import Folding, fact_of, fold_proceeding
from shared.settings import Policy
from tests.builders import accepted, event
from tests.support.messy_export import messy
from tests.unit.test_bench_generator import _generator_main

AS_OF = date(2025, 12, 1)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    where = tmp_path_factory.mktemp("messy")
    clean = where / "clean.ndjson"
    assert _generator_main()(["--proceedings", "1500", "--output", str(clean),
                              "--seed", "11"]) == 0
    return messy(clean, where / "files")


def _audit(paths: list[Path], jobs: int) -> tuple[AuditResult, list[str]]:
    reports: list[str] = []
    result = audit_files(paths, AS_OF, working_calendar(), Policy(), report=reports.append,
                         jobs=jobs)
    return result, reports


def test_the_corpus_holds_what_makes_splitting_hard(corpus: list[Path]) -> None:
    result, reports = _audit(corpus, 1)
    counts = result.counts
    assert counts["duplicates"] > 50 and counts["conflicts"] > 20
    assert counts["after_as_of"] > 0 and counts["unjudged"] == 1 and result.orphans
    assert counts["rejected"] > counts["conflicts"]
    assert any(": conflict: " in line for line in reports)


@pytest.mark.parametrize("jobs", [2, 3, 5])
def test_several_jobs_give_what_one_gives(corpus: list[Path], jobs: int) -> None:
    alone, alone_reports = _audit(corpus, 1)
    split, split_reports = _audit(corpus, jobs)
    # The parts write the records; the breaches are read back from them, as a library
    # caller or the csv and xlsx writers ask for them.
    assert split.records == alone.records
    assert split.breaches == alone.breaches
    assert split.by_rule == alone.by_rule and sum(split.by_rule.values()) > 100
    assert split.orphans == alone.orphans
    assert split.counts == alone.counts
    assert split_reports == alone_reports


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_the_command_writes_the_same_bytes_with_any_jobs(
    corpus: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str,
) -> None:
    outputs = []
    for jobs in (1, 2, 4):
        target = tmp_path / f"out-{jobs}.{fmt}"
        assert main(["audit", *map(str, corpus), "--as-of", AS_OF.isoformat(),
                     "--jobs", str(jobs), "-o", str(target)]) == 0
        outputs.append((target.read_bytes(), capsys.readouterr().err))
    assert outputs[0][0] and outputs[0][1]
    assert outputs[1] == outputs[0] and outputs[2] == outputs[0]


def test_jobs_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["audit", "x.ndjson", "--jobs", "0"])
    assert "--jobs" in capsys.readouterr().err


def _proceedings(corpus: list[Path]) -> Iterator[tuple[str, list]]:  # type: ignore[type-arg]
    facts: dict[str, list] = {}  # type: ignore[type-arg]
    seq = 0
    for path in corpus:
        for line in path.read_bytes().splitlines():
            try:
                event = read_event(line.removeprefix(b"\xef\xbb\xbf"))
            except ValueError:
                continue
            seq += 1
            if event.type not in ("act.registered", "act.answered", "bailiff.registered"):
                facts.setdefault(event.proceeding_id, []).append(fact_of(event, seq))
    yield from facts.items()


def test_a_proceeding_folds_alike_whatever_order_its_facts_arrive_in(
        corpus: list[Path]) -> None:
    rng = random.Random(5)
    checked = 0
    for pid, facts in _proceedings(corpus):
        in_order = fold_proceeding(pid, sorted(facts), AS_OF)
        for _ in range(3):
            shuffled = facts[:]
            rng.shuffle(shuffled)
            assert fold_proceeding(pid, shuffled, AS_OF) == in_order, pid
        checked += 1
    assert checked > 1000


def test_folds_of_a_proceeding_cut_anywhere_merge_into_its_fold(corpus: list[Path]) -> None:
    """Each part folds its share of the input; a proceeding in several shares is merged from
    them, in their order, and must come out as if one part had folded all of it."""
    rng = random.Random(9)
    checked = 0
    for pid, facts in _proceedings(corpus):
        facts = [fact for fact in sorted(facts) if fact.on <= AS_OF]
        whole = fold_proceeding(pid, facts, AS_OF)
        for _ in range(3):
            cuts = sorted(rng.sample(range(len(facts) + 1), min(3, len(facts) + 1)))
            pieces = [facts[a:b] for a, b in zip([0, *cuts], [*cuts, len(facts)], strict=True)]
            folds = []
            for piece in pieces:
                folding = Folding()
                for fact in piece:
                    folding.add(fact, AS_OF)
                folds.append(folding)
            merged = folds[0]
            for later in folds[1:]:
                merged.merge(later)
            assert merged.proceeding(pid) == whole, pid
        checked += 1
    assert checked > 1000


def test_steps_of_one_day_keep_their_order_of_receipt_across_shares() -> None:
    """Suspended, resumed, then suspended again on the day of the resumption: a suspension
    closed and one left open. Received in two shares, the merge must keep the first share's
    steps first (the other order reads one suspension, closed)."""
    from shared.legal.history import Fact, Suspension

    on, again = date(2025, 10, 6), date(2025, 10, 20)
    first_share = [Fact(on, 1, "proceeding.suspended"), Fact(again, 2, "proceeding.resumed")]
    second_share = [Fact(again, 3, "proceeding.suspended")]
    whole = fold_proceeding("EP-1", first_share + second_share, AS_OF)
    assert whole.suspensions == [Suspension(on, again), Suspension(again)]
    first, second = Folding(), Folding()
    for fact in first_share:
        first.add(fact, AS_OF)
    for fact in second_share:
        second.add(fact, AS_OF)
    first.merge(second)
    assert first.proceeding("EP-1") == whole


def test_any_number_of_shares_reads_each_line_once(tmp_path: Path) -> None:
    """Shares of a few bytes each: most begin inside a line, some hold no line, one file is
    empty, one has no last newline, one starts with a byte-order mark; a rejected line is
    named by its own line number whichever part read it."""
    first = [json.dumps(dict(accepted("2025-09-15", f"EP-{n}"), event_id=f"a{n}"))
             for n in range(4)]
    second = [json.dumps(dict(event("proceeding.initiated", "2025-09-25", f"EP-{n}"),
                              event_id=f"i{n}")) for n in range(4)]
    second.insert(2, '{"type": "proceeding.initiated"}')
    paths = [tmp_path / "a.ndjson", tmp_path / "empty.ndjson", tmp_path / "b.ndjson"]
    paths[0].write_bytes(b"\xef\xbb\xbf" + "\n".join(first).encode() + b"\n")
    paths[1].write_bytes(b"")
    paths[2].write_text("\n".join(second))
    alone, alone_reports = _audit(paths, 1)
    assert alone.counts["read"] == 8 and alone.counts["rejected"] == 1
    assert [line.split(": ")[0] for line in alone_reports] == [f"{paths[2]}:3"]
    assert {b.proceeding_id for b in alone.breaches} == {f"EP-{n}" for n in range(4)}
    for jobs in (2, 3, 7, 40):
        split, split_reports = _audit(paths, jobs)
        assert [b.record() for b in split.breaches] == [b.record() for b in alone.breaches]
        assert split.counts == alone.counts and split_reports == alone_reports


def test_a_conflict_names_its_lines_past_the_sparse_line_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Line numbers of repeats are found from a mark every _LINE_MARK_EVERY lines: with a mark
    every 4 lines, lines 3 and 18 must still be named 3 and 18."""
    import shared.audit

    monkeypatch.setattr(shared.audit, "_LINE_MARK_EVERY", 4)
    lines = [json.dumps(dict(accepted("2025-09-15", f"EP-{n}"), event_id=f"e{n}"))
             for n in range(20)]
    lines[17] = json.dumps(dict(accepted("2025-09-16", "EP-X"), event_id="e2"))  # e2 again
    path = tmp_path / "conflict.ndjson"
    path.write_text("\n".join(lines) + "\n")
    for jobs in (1, 2):
        result, reports = _audit([path], jobs)
        assert result.counts["conflicts"] == 1
        assert reports == [f"{path}:18: conflict: event_id already received with other content "
                           f"at {path}:3; this one is rejected"]


def test_progress_counts_every_byte_once(corpus: list[Path]) -> None:
    for jobs in (1, 3):
        seen: list[int] = []
        audit_files(corpus, AS_OF, working_calendar(), Policy(), progress=seen.append,
                    jobs=jobs)
        assert sum(seen) == sum(path.stat().st_size for path in corpus)


@pytest.mark.parametrize("step", ["judge", "refold", "proceeding_keys", "give_shared"])
def test_a_part_that_fails_stops_the_audit_with_its_reason(
        corpus: list[Path], monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    """At every step of the exchange between the parts (found by review: a failure while the
    parts sent their proceedings' keys was read as keys)."""
    import shared.audit

    def broken(self: object, *args: object) -> None:
        raise ValueError(f"{step} broke here")

    monkeypatch.setattr(shared.audit._Part, step, broken)
    with pytest.raises(RuntimeError, match=f"{step} broke here"):
        _audit(corpus, 2)


def test_blocks_of_any_size_read_the_same_lines(
        corpus: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines are read in blocks; a block smaller than a line leaves the line in pieces, joined
    once its end is read."""
    import shared.audit

    expected, expected_reports = _audit(corpus, 1)
    for block in (97, 4096):
        monkeypatch.setattr(shared.audit, "_BLOCK", block)
        for jobs in (1, 3):
            result, reports = _audit(corpus, jobs)
            assert [b.record() for b in result.breaches] == \
                [b.record() for b in expected.breaches]
            assert result.counts == expected.counts and reports == expected_reports


def test_a_breach_record_has_the_contract_fields_in_order() -> None:
    from shared.legal.rules import RECORD_FIELDS, Breach

    breach = Breach("OPENING_TERM", "EP-1", "B-1", AS_OF, "late", AS_OF, year=2025)
    assert tuple(breach.record()) == RECORD_FIELDS
    assert breach.record()["due"] == "2025-12-01" and breach.record()["year"] == 2025


def test_suspects_found_by_half_a_hash_are_decided_on_the_whole(
        corpus: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """Repeats are looked for on the low 32 bits of the id hashes; a shared half must cost a
    re-read, never a wrong verdict. With every half equal, every event is a suspect."""
    import numpy as np

    import shared.audit

    expected, expected_reports = _audit(corpus, 1)
    monkeypatch.setattr(shared.audit._Part, "_low_ids",
                        lambda self: np.zeros(len(self.ids), dtype=np.uint32))
    for jobs in (1, 2):
        result, reports = _audit(corpus, jobs)
        assert [b.record() for b in result.breaches] == [b.record() for b in expected.breaches]
        assert result.counts == expected.counts and reports == expected_reports


def test_an_event_the_router_cannot_read_still_reaches_its_proceedings_part(
        tmp_path: Path) -> None:
    """Found by review: pydantic reads NaN in a field the contract ignores, msgspec does not;
    such an event went to the first part while its proceeding was judged in another."""
    lines = []
    for n in range(8):
        pid = f"EP-NAN-{n}"
        lines.append(json.dumps(dict(accepted("2025-09-15", pid), event_id=f"a{n}")))
        lines.append(json.dumps(dict(event("proceeding.initiated", "2025-09-22", pid),
                                     event_id=f"i{n}"))[:-1] + ', "note": NaN}')
    path = tmp_path / "nan.ndjson"
    path.write_text("\n".join(lines) + "\n")
    alone, alone_reports = _audit([path], 1)
    assert alone.counts["read"] == 16 and not alone.orphans
    for jobs in (2, 3):
        split, split_reports = _audit([path], jobs)
        assert [b.record() for b in split.breaches] == [b.record() for b in alone.breaches]
        assert split.counts == alone.counts and split_reports == alone_reports


def test_a_line_with_a_bad_byte_or_too_deep_is_rejected_not_fatal(tmp_path: Path) -> None:
    good = dict(accepted("2025-09-15", "EP-1"), event_id="a1")
    bad_byte = json.dumps(dict(event("proceeding.initiated", "2025-09-22", "EP-1"),
                               event_id="i1", note="X")).encode().replace(b'"X"', b'"\xff"')
    deep = json.dumps(dict(event("proceeding.initiated", "2025-09-22", "EP-2"),
                           event_id="i2"))[:-1].encode() + b', "x": ' + b"[" * 5000 + \
        b"]" * 5000 + b"}"
    path = tmp_path / "odd.ndjson"
    path.write_bytes(json.dumps(good).encode() + b"\n" + bad_byte + b"\n" + deep + b"\n")
    for jobs in (1, 2):
        result, reports = _audit([path], jobs)
        assert result.counts["read"] == 1 and result.counts["rejected"] == 2
        assert [line.split(": ")[0] for line in reports] == [f"{path}:2", f"{path}:3"]


def test_a_decree_whose_kind_reads_like_another_decrees_id_is_still_its_own() -> None:
    """The fold finds a decree's record in a flat list by its id; a kind equal to an id must
    not be taken for that id's record."""
    from shared.legal.history import Fact

    day = date(2025, 10, 6)
    facts = [Fact(day, 1, "decree.issued", "D-1", "D-2"),
             Fact(day, 2, "decree.issued", "D-2", "arrest_property"),
             Fact(date(2025, 10, 8), 3, "decree.executed", "D-2")]
    folding = Folding()
    for fact in facts:
        folding.add(fact, AS_OF)
    decrees = folding.proceeding("EP-1").decrees
    assert sorted(decrees) == ["D-1", "D-2"]
    assert decrees["D-2"].kind == "arrest_property"
    assert decrees["D-2"].executed_on == date(2025, 10, 8) and decrees["D-1"].executed_on is None


@pytest.mark.parametrize("dtype", [np.uint32, np.int64])
def test_among_finds_exactly_what_isin_finds(dtype: type) -> None:
    """`_among` looks values up by their low bits first; values that share those bits with a
    wanted one, and wanted ones absent from the values, must still come out right."""
    rng = np.random.default_rng(7)
    info = np.iinfo(dtype)
    values = rng.integers(info.min, info.max, size=300_000, dtype=dtype, endpoint=True)
    present = rng.choice(values, 500)
    # Values that share their low bits with a wanted one, and are not wanted themselves.
    same_low_bits: np.ndarray = (present[:200].astype(np.int64) + (1 << 22)).astype(dtype)
    absent = rng.integers(info.min, info.max, size=300, dtype=dtype, endpoint=True)
    for wanted in (present, np.concatenate([present, same_low_bits, absent]),
                   values[:0], values[:1], values):
        assert np.array_equal(_among(values, wanted), np.isin(values, wanted))
