"""The fast decoder accepts exactly what the contract's validator accepts, with the same values
(issue 14, item 1). It only ever accepts: whatever it refuses goes to pydantic, whose verdict
and reason stand. So the property that matters is one-way — msgspec never accepts what pydantic
refuses, and reads what both accept alike — and it is checked over the demo export, a generated
export, every invalid event of the contract's own tests, and mutations of valid events."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from shared.event_decoder import _DECODER, _FINER_THAN_MICROSECONDS, _utf8, read_event
from shared.events import EVENT_TYPES, EventRejected, parse_event
from tests.unit import test_events
from tests.unit.test_bench_generator import _generator_main

DEMO = Path(__file__).resolve().parents[2] / "samples" / "demo-export.ndjson"


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return {k: _plain(getattr(value, k)) for k in type(value).model_fields}
    if isinstance(value, msgspec.Struct):
        out = {k: _plain(getattr(value, k)) for k in value.__struct_fields__}
        if hasattr(type(value), "type"):
            out["type"] = type(value).type  # type: ignore[attr-defined]
        return out
    return value


def _verdicts(raw: bytes) -> tuple[Any, Any]:
    """(the fast path's event or None, pydantic's event or None)."""
    try:
        fast = None if _FINER_THAN_MICROSECONDS(raw) or not _utf8(raw) else \
            _DECODER.decode(raw)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        fast = None
    try:
        slow = parse_event(raw)
    except EventRejected:
        slow = None
    return fast, slow


def _agree(raw: bytes) -> None:
    fast, slow = _verdicts(raw)
    if fast is not None:
        assert slow is not None, f"msgspec accepted what the contract refuses: {raw!r}"
        assert _plain(fast) == _plain(slow), raw
    # read_event is the one the code calls: it accepts what pydantic accepts, nothing else.
    try:
        read = read_event(raw)
    except EventRejected:
        read = None
    assert (read is None) == (slow is None), raw
    if read is not None:
        assert _plain(read) == _plain(slow)


def test_the_demo_export_and_a_generated_one_read_alike(tmp_path: Path) -> None:
    generated = tmp_path / "export.ndjson"
    assert _generator_main()(["--proceedings", "300", "--output", str(generated),
                              "--seed", "2"]) == 0
    lines = [line for path in (DEMO, generated) for line in path.read_bytes().splitlines()
             if line.strip()]
    assert len(lines) > 2000
    seen = set()
    for line in lines:
        fast, slow = _verdicts(line)
        assert fast is not None and slow is not None, line  # valid events, accepted by both
        assert _plain(fast) == _plain(slow)
        seen.add(slow.type)
    assert len(seen) >= 15


INVALID = [json.dumps(obj).encode() for obj, _ in
           test_events.test_invalid_events_name_the_field.pytestmark[0].args[1]]


@pytest.mark.parametrize("raw", INVALID)
def test_what_the_contract_s_own_tests_refuse_is_refused(raw: bytes) -> None:
    fast, slow = _verdicts(raw)
    assert slow is None and fast is None, raw


def test_a_refused_event_keeps_its_reason() -> None:
    raw = json.dumps({"event_id": "x", "type": "document.accepted", "occurred_on": "2025-02-30",
                      "proceeding_id": "P"}).encode()
    with pytest.raises(EventRejected) as fast:
        read_event(raw)
    with pytest.raises(EventRejected) as slow:
        parse_event(raw)
    assert fast.value.reason == slow.value.reason


def _one_of_each_type() -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for line in DEMO.read_bytes().splitlines():
        if line.strip():
            event = json.loads(line)
            found.setdefault(event["type"], event)
    return list(found.values())


VALID = _one_of_each_type()
RAW = "\x00raw\x00"  # a placeholder for JSON that json.dumps cannot write (1e400, bad escapes)
TRICKY = [
    "", " ", "x" * 128, "x" * 129, "x" * 2000, "x" * 2001, "é" * 128, "é" * 129, "1", "true",
    "2025-01-01", "2025-1-1", "2025-02-29", "2024-02-29", "2025-13-01", "20250101", "2025-01-01 ",
    "2025-01-01T00:00:00", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00+05:00",
    "2025-01-01 10:00:00+05:00", "2025-01-01t10:00:00z", "2025-01-01T10:00:00.123456789+05:00",
    "2025-01-01T10:00+05:00", "2025-01-01T10:00:00+0500", "2025-01-01T24:00:00Z",
    "2025-01-01T10:00:60Z", "014126906045", "014126906046", "01412690604", "0141269060455",
    "a" * 64, "0" * 64, "A" * 64, "state", "private", "refused", "granted", "protest",
]
RAW_NUMBERS = ["1e400", "-1e400", "-0.0", "1E2", "0.0000001", "12345678901234567890123",
               "-1", "1.5e-400", "NaN", "Infinity", "\"\\ud800\"", "\"\\u0000\""]
values = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(TRICKY),
    st.text(max_size=20), st.dates().map(date.isoformat),
    st.datetimes(timezones=st.timezones()).map(datetime.isoformat),
    st.sampled_from(RAW_NUMBERS).map(lambda token: RAW + token),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.none(),
                                                         max_size=2),
)


def _paths(event: dict[str, Any]) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for key, value in event.items():
        out.append((key,))
        if isinstance(value, dict):
            out += [(key, inner) for inner in value]
    return out


def _encode(event: Any) -> bytes:
    text = json.dumps(event, ensure_ascii=False)
    # A raw token replaces its quoted placeholder: numbers JSON allows but Python floats don't.
    while RAW in text:
        start = text.index('"' + RAW)
        end = text.index('"', start + 1 + len(RAW))
        text = text[:start] + text[start + 1 + len(RAW):end] + text[end + 1:]
    return text.encode()


# The test command runs the same 3,000 mutations every time (a run that fails fails again);
# QADAGALAU_FUZZ_EXAMPLES=N explores N new ones (30,000 were run when the decoder was written).
@settings(max_examples=int(os.environ.get("QADAGALAU_FUZZ_EXAMPLES", "3000")), deadline=None,
          derandomize="QADAGALAU_FUZZ_EXAMPLES" not in os.environ,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(VALID), st.data())
def test_mutated_events_are_judged_alike(event: dict[str, Any], data: st.DataObject) -> None:
    mutated = json.loads(json.dumps(event))
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        action = data.draw(st.sampled_from(["set", "set", "set", "drop", "type", "add"]))
        path = data.draw(st.sampled_from(_paths(mutated) or [("event_id",)]))
        parent = mutated
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent.get(key), dict) else {}
        if action == "set":
            parent[path[-1]] = data.draw(values)
        elif action == "drop":
            parent.pop(path[-1], None)
        elif action == "type":
            mutated["type"] = data.draw(st.sampled_from([*EVENT_TYPES, "unknown", ""]))
        else:
            parent[data.draw(st.text(max_size=8))] = data.draw(values)
    _agree(_encode(mutated))


@pytest.mark.parametrize("raw", [b"", b"null", b"[]", b"1", b"{}", b'{"type": 1}',
                                 b'{"type": "document.accepted"}', b"\xef\xbb\xbf{}",
                                 b'{"event_id": "a", "event_id": "b"}', b"{,}", b"\xff"])
def test_what_is_not_an_event_is_refused_by_both(raw: bytes) -> None:
    _agree(raw)


def test_a_repeated_key_is_read_alike() -> None:
    event = dict(VALID[0])
    raw = _encode(event)[:-1] + b', "event_id": "the-second"}'
    _agree(raw)


def test_a_timestamp_finer_than_a_microsecond_reads_as_the_contract_reads_it() -> None:
    """Found by the mutations: msgspec rounds 10:00:00.123456789 up to .123457, pydantic
    truncates to .123456. A line with such a fraction goes to pydantic."""
    event = dict(VALID[0], recorded_at="2025-01-01T10:00:00.123456789+05:00")
    _agree(_encode(event))
    assert read_event(_encode(event)).recorded_at.microsecond == 123456


def test_a_bad_byte_where_the_contract_reads_nothing_is_refused_by_both() -> None:
    """Found by review: msgspec checks only the strings it keeps; pydantic refuses the line."""
    raw = _encode(dict(VALID[0], note="X")).replace(b'"X"', b'"\xff"')
    _agree(raw)
    with pytest.raises(EventRejected, match="not valid JSON"):
        read_event(raw)
