"""The event contract: strict validation with reasons that name the field."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.events import (
    EVENT_TYPES,
    EventRejected,
    iin_bin_check_digit,
    is_valid_iin_bin,
    parse_event,
    validate_event,
)
from tests.builders import accepted, event


def test_every_contract_type_is_modelled() -> None:
    assert len(EVENT_TYPES) == 29
    assert {"bailiff.registered", "act.answered", "property.ownership_established",
            "appeal.received", "appeal.answered"} <= set(EVENT_TYPES)


@pytest.mark.parametrize("iin", ["014126906045", "431982965728", "776174093192", "254499207077"])
def test_valid_iins_from_the_sample(iin: str) -> None:
    assert is_valid_iin_bin(iin)


def test_the_second_weights_are_used_when_the_first_sum_gives_ten() -> None:
    # 11 digits whose first-weight sum is 10 mod 11, found by search; the check digit then
    # comes from the second weights (3..11,1,2).
    prefix = next(f"{n:011d}" for n in range(10**10, 10**10 + 10_000)
                  if sum(w * int(d) for w, d in zip(range(1, 12), f"{n:011d}", strict=True))
                  % 11 == 10
                  and sum(w * int(d) for w, d in zip((3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2),
                                                     f"{n:011d}", strict=True)) % 11 != 10)
    check = iin_bin_check_digit(prefix)
    assert check is not None and check != 10
    assert is_valid_iin_bin(prefix + str(check))


def test_no_check_digit_when_both_sums_give_ten() -> None:
    prefix = next(f"{n:011d}" for n in range(10**10, 10**10 + 100_000)
                  if iin_bin_check_digit(f"{n:011d}") is None)
    assert not any(is_valid_iin_bin(prefix + str(d)) for d in range(10))


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_exactly_one_check_digit_or_none(prefix: str) -> None:
    valid = [d for d in range(10) if is_valid_iin_bin(prefix + str(d))]
    check = iin_bin_check_digit(prefix)
    assert valid == ([] if check is None else [check])


def _reason(obj: object) -> str:
    with pytest.raises(EventRejected) as caught:
        validate_event(obj)
    return caught.value.reason


def with_(base: dict, path: str, value: object) -> dict:
    out = orjson.loads(orjson.dumps(base))
    *parents, leaf = path.split(".")
    target = out
    for part in parents:
        target = target[part]
    if value is KeyError:
        del target[leaf]
    else:
        target[leaf] = value
    return out


DOC = accepted("2025-09-15")


@pytest.mark.parametrize(("obj", "names"), [
    (with_(DOC, "type", "document.lost"), "type: unknown event type 'document.lost'"),
    (with_(DOC, "type", KeyError), "type: missing"),
    (with_(DOC, "bailiff_id", KeyError), "bailiff_id: missing"),
    (with_(DOC, "occurred_on", "2025-02-30"), "occurred_on: '2025-02-30' is not a real date"),
    (with_(DOC, "occurred_on", "15.09.2025"), "occurred_on"),
    (with_(DOC, "periodic", "false"), "periodic"),
    (with_(DOC, "periodic", 0), "periodic"),
    (with_(DOC, "amount_kzt", -1), "amount_kzt"),
    (with_(DOC, "amount_kzt", "100"), "amount_kzt"),
    (with_(DOC, "category", "wage"), "category: 'wage' is not one of"),
    (with_(DOC, "debtor.iin_bin", "014126906046"), "debtor.iin_bin: check digit"),
    (with_(DOC, "debtor.iin_bin", "01412690604"), "debtor.iin_bin: must be exactly 12 digits"),
    (with_(DOC, "claimant.iin_bin", "43198296572X"), "claimant.iin_bin"),
    (with_(DOC, "document.kind", "scroll"), "document.kind"),
    (with_(DOC, "proceeding_id", ""), "proceeding_id"),
    (event("sanction.decided", "2025-10-01", decree_id="D", decision="refused",
           prosecutor_id="P"), "reason: required when the decision is 'refused'"),
    (event("proceeding.transferred", "2025-10-01"), "to_bailiff_id: missing"),
    (event("property.arrested", "2025-10-01", property_id="X", property_kind="yacht"),
     "property_kind"),
    (event("act.answered", "2025-10-01", None), "act_id: missing"),
    (dict(DOC, recorded_at="2025-09-15T10:00:00"), "recorded_at"),
    (event("bailiff.registered", "2025-10-01", None, bailiff_id="B", kind="public", name="n",
           region="R", district="D"), "kind"),
    ([1, 2], "an event must be a JSON object"),
])
def test_invalid_events_name_the_field(obj: object, names: str) -> None:
    assert names in _reason(obj)


def test_invalid_json_is_reported_as_such() -> None:
    with pytest.raises(EventRejected, match="not valid JSON"):
        parse_event(b'{"type": "document.accepted",')


def test_an_act_needs_no_proceeding() -> None:
    parsed = validate_event(event("act.registered", "2025-10-01", None, act_id="A",
                                  act_kind="protest", bailiff_id="B"))
    assert parsed.type == "act.registered"


def test_fields_outside_the_contract_are_ignored() -> None:
    parsed = validate_event(dict(DOC, note="re-sent", document=dict(DOC["document"], page=3)))
    assert parsed == validate_event(DOC)
    executed = validate_event(event("decree.executed", "2025-10-01", decree_id="D",
                                    decree_kind="other"))
    assert executed.type == "decree.executed"


def test_timestamps_carry_their_offset() -> None:
    parsed = validate_event(dict(DOC, recorded_at="2025-09-15T10:00:00+05:00"))
    assert parsed.recorded_at is not None and parsed.recorded_at.utcoffset() is not None


def test_an_answer_needs_no_proceeding_it_belongs_to_its_act() -> None:
    """docs/contract.md §1, change of 2026-12-04: such answers were rejected, and their acts
    stayed unanswered breaches."""
    answer = validate_event(event("act.answered", "2025-10-01", None, act_id="A"))
    assert answer.type == "act.answered" and answer.proceeding_id is None


def test_other_proceeding_events_need_their_proceeding() -> None:
    with pytest.raises(EventRejected, match="proceeding_id: missing"):
        validate_event(event("proceeding.initiated", "2025-10-01", None))


def test_a_valid_event_round_trips() -> None:
    parsed = validate_event(DOC)
    assert parsed.model_dump(mode="json", exclude_none=True) == {
        k: v for k, v in DOC.items()
    } | {"amount_kzt": 100000.0}
