"""The messages of every topic: each round-trips, and what the services wrote before the types
existed still decodes to the same thing."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

import orjson
import pytest

from shared.bus import TOPICS, Message
from shared.events import validate_event
from shared.legal.rules import Breach
from shared.messages import (
    ALERT_CHANGE_CODEC,
    CHECKPOINT_CODEC,
    CODECS,
    DEAD_LETTER_CODEC,
    EVENT_CODEC,
    RISK_SCORE_CODEC,
    SANCTION_DECISION_CODEC,
    AlertChange,
    AlertRecord,
    ChainCheckpoint,
    CourtAnswer,
    DeadLetter,
    GivenUp,
    MessageRejected,
    RiskCleared,
    RiskScored,
    SignedDecision,
)
from shared.signatures import canonical
from tests.builders import accepted, act, event, registered

RECORD = AlertRecord(rule="SANCTION_DECISION_TERM", proceeding_id="EP-1", decree_id="D1",
                     bailiff_id="PB-1", due=date(2025, 10, 22), state="late",
                     done_on=date(2025, 10, 24), region="ALA", district="ALA-MED")
CONTENT = {"decree_id": "D1", "proceeding_id": "EP-1", "decree_kind": "arrest_bank_funds",
           "decision": "refused", "reason": "paid", "prosecutor": "med",
           "decided_on": "2025-10-23"}

EXAMPLES: list[tuple[str, Any]] = [
    ("alerts.changes", AlertChange(change_id="c-1", change="changed", identity=RECORD.identity,
                                   on=date(2025, 10, 24), alert=RECORD)),
    ("proceedings.risk", RiskScored(proceeding_id="EP-1", target="COMPLETION_TERM",
                                    probability=0.4321, reasons=[{"feature": "age", "z": 1.5}],
                                    region="ALA", district=None, scored_on=date(2025, 12, 1),
                                    model_id=7)),
    ("proceedings.risk", RiskCleared(proceeding_id="EP-1", scored_on=date(2025, 12, 2))),
    ("sanctions.decisions", SignedDecision.model_validate(
        CONTENT | {"signature": "MIIB", "certificate_pem": "-----BEGIN CERTIFICATE-----"})),
    ("sanctions.decisions", CourtAnswer(decree_id="D2", proceeding_id="EP-1",
                                        detail="court sanction, not the prosecutor's")),
    ("bailiff.events.dlq", DeadLetter(reason="decision: not one of granted, refused",
                                      channel="http", event_id=None,
                                      received_at=datetime(2025, 10, 1, 9, 30, tzinfo=UTC),
                                      event="{}")),
    ("proceedings.events", validate_event(accepted("2025-10-01"))),
    ("proceedings.events", validate_event(event(
        "sanction.decided", "2025-10-23", decree_id="D1", decision="refused", reason="paid",
        prosecutor_id="med", source="qadagalau-sanctions"))),
    ("bailiff.events", validate_event(registered("PB-1"))),
    ("sanctions.checkpoints", ChainCheckpoint(seq=3, hash="ab" * 32)),
    ("qadagalau.dead-letters", GivenUp(
        group="qadagalau-monitor", topic="proceedings.events", partition=2, offset=41,
        key="EP-1", error="RuntimeError: cannot", at=datetime(2025, 12, 1, 9, 0, tzinfo=UTC),
        value="e30=")),
]


@pytest.mark.parametrize(("topic", "message"), EXAMPLES,
                         ids=[f"{t}:{type(m).__name__}" for t, m in EXAMPLES])
def test_every_message_round_trips(topic: str, message: Any) -> None:
    codec = CODECS[topic]
    out_topic, _, value = codec.outgoing(message)
    assert out_topic == topic
    assert codec.decode(value) == message
    assert codec.encode(codec.decode(value)) == value


def test_every_topic_has_its_message_type() -> None:
    assert set(CODECS) == set(TOPICS)
    assert {topic for topic, _ in EXAMPLES} == set(TOPICS)


def test_a_checkpoint_is_the_witness_file_s_line_and_refuses_a_short_hash() -> None:
    line = CHECKPOINT_CODEC.encode(ChainCheckpoint(seq=1, hash="0" * 64))
    assert orjson.loads(line) == {"seq": 1, "hash": "0" * 64}
    with pytest.raises(MessageRejected, match="hash"):
        CHECKPOINT_CODEC.decode(b'{"seq": 1, "hash": "00"}')


def test_keys_keep_a_subjects_messages_in_order() -> None:
    licence = RECORD.model_copy(update={"rule": "LICENCE_THRESHOLD", "proceeding_id": None,
                                        "decree_id": None, "year": 2025})
    change = AlertChange(change_id="c", change="raised", identity=licence.identity,
                         on=date(2025, 10, 1), alert=licence)
    assert ALERT_CHANGE_CODEC.outgoing(change)[1] == "PB-1"
    assert ALERT_CHANGE_CODEC.outgoing(EXAMPLES[0][1])[1] == "EP-1"
    assert SANCTION_DECISION_CODEC.outgoing(EXAMPLES[4][1])[1] == "D2"
    assert EVENT_CODEC.outgoing(validate_event(registered("PB-9")))[1] == "PB-9"
    assert EVENT_CODEC.outgoing(validate_event(accepted("2025-10-01", "EP-5")))[1] == "EP-5"
    assert EVENT_CODEC.outgoing(validate_event(act("2025-10-01", "A1", bailiff_id="PB-3")))[1] \
        == "PB-3"
    assert EVENT_CODEC.outgoing(validate_event(act("2025-10-01", "A2", proceeding_id="EP-6")))[
        1] == "EP-6"


def test_the_identity_is_the_one_alerts_already_carry() -> None:
    """Alerts in the queue are matched by identity: the format may not change."""
    assert RECORD.identity == "SANCTION_DECISION_TERM|EP-1|||D1||"
    breach = Breach("VALUATION_TERM", "EP-1", "PB-1", date(2025, 11, 4), "open",
                    property_id="CAR")
    assert AlertRecord.of(breach, None, None).identity == "VALUATION_TERM|EP-1|CAR||||"
    licence = Breach("LICENCE_THRESHOLD", None, "PB-1", date(2025, 11, 3), "open", year=2025)
    assert AlertRecord.of(licence, None, None).identity == "LICENCE_THRESHOLD|||||PB-1|2025"
    act = Breach("ACT_RESPONSE_TERM", None, "PB-1", date(2025, 11, 3), "open", act_id="A1")
    assert AlertRecord.of(act, None, None).identity == "ACT_RESPONSE_TERM|||A1||PB-1|"


def test_an_alert_record_is_the_audit_record_and_its_place() -> None:
    breach = Breach("SANCTION_DECISION_TERM", "EP-1", "PB-1", date(2025, 10, 22), "late",
                    date(2025, 10, 24), decree_id="D1")
    record = AlertRecord.of(breach, "ALA", "ALA-MED")
    assert record == RECORD
    # No `appeal_id` where there is none: what was kept before appeals came still compares.
    assert record.stored() == {k: v for k, v in breach.record().items() if k != "appeal_id"} \
        | {"region": "ALA", "district": "ALA-MED"}
    appeal = AlertRecord.of(breach._replace(rule="APPEAL_TERM", appeal_id="AP-1"), "ALA", None)
    assert appeal.stored()["appeal_id"] == "AP-1"
    assert record.identity == "SANCTION_DECISION_TERM|EP-1|||D1||"  # as before appeals
    assert appeal.identity == "APPEAL_TERM|EP-1|||D1|||AP-1"


def test_changes_already_in_the_topic_still_decode() -> None:
    # As the monitor wrote them, and as a test wrote a partial one (fields left out).
    old = orjson.dumps({"change_id": "c-9", "change": "withdrawn", "identity": RECORD.identity,
                        "on": "2025-10-24", "alert": RECORD.stored()})
    assert ALERT_CHANGE_CODEC.decode(old).alert == RECORD
    # Written again, it says its version: 0, from before versions (applied as it comes).
    assert orjson.loads(ALERT_CHANGE_CODEC.encode(ALERT_CHANGE_CODEC.decode(old))) == \
        orjson.loads(old) | {"version": 0}
    partial = orjson.dumps({"change_id": "c-1", "change": "raised", "on": "2025-11-03",
                            "identity": "LICENCE_THRESHOLD|||||PB-1|2025",
                            "alert": {"rule": "LICENCE_THRESHOLD", "bailiff_id": "PB-1",
                                      "year": 2025, "due": "2025-11-03", "state": "open",
                                      "a_field_of_a_newer_producer": 1}})
    change = ALERT_CHANGE_CODEC.decode(partial)
    assert (change.alert.proceeding_id, change.alert.done_on, change.alert.key) == (
        None, None, "PB-1")


def test_risk_scores_in_both_forms_as_the_monitor_wrote_them() -> None:
    scored = orjson.dumps({"proceeding_id": "EP-1", "target": "OPENING_TERM",
                           "probability": 0.25, "reasons": [], "region": None,
                           "district": None, "scored_on": "2025-12-01", "model_id": 3})
    cleared = orjson.dumps({"proceeding_id": "EP-1", "cleared": True,
                            "scored_on": "2025-12-02"})
    assert isinstance(RISK_SCORE_CODEC.decode(scored), RiskScored)
    assert isinstance(RISK_SCORE_CODEC.decode(cleared), RiskCleared)
    assert RISK_SCORE_CODEC.encode(RISK_SCORE_CODEC.decode(scored)) == scored
    assert RISK_SCORE_CODEC.encode(RISK_SCORE_CODEC.decode(cleared)) == cleared


def test_a_signed_decision_gives_back_the_content_that_was_signed() -> None:
    """A bailiff system verifies the CMS over these bytes: the wire must keep them."""
    decision = EXAMPLES[3][1]
    assert canonical(decision.content()) == canonical(CONTENT)
    wire = orjson.loads(SANCTION_DECISION_CODEC.encode(decision))
    # What was not known is not signed: the wire's nulls are no part of the content.
    assert {k: v for k, v in wire.items() if v is not None} == CONTENT | {
        "signature": "MIIB", "certificate_pem": "-----BEGIN CERTIFICATE-----"}
    assert SANCTION_DECISION_CODEC.decode(orjson.dumps(wire)).content() == CONTENT


def test_the_court_answer_is_as_before() -> None:
    old = {"decree_id": "D2", "proceeding_id": "EP-1", "decision": "not_prosecutor",
           "detail": "court sanction, not the prosecutor's"}
    answer = SANCTION_DECISION_CODEC.decode(orjson.dumps(old))
    assert answer == EXAMPLES[4][1]
    assert orjson.loads(SANCTION_DECISION_CODEC.encode(answer)) == old


def test_the_sanctions_event_leaves_out_what_it_does_not_carry() -> None:
    granted = validate_event(event("sanction.decided", "2025-10-23", decree_id="D1",
                                   decision="granted", prosecutor_id="med"))
    wire = orjson.loads(EVENT_CODEC.encode(granted))
    assert "reason" not in wire and "recorded_at" not in wire


def test_a_dead_letter_keeps_the_event_as_received() -> None:
    letter = EXAMPLES[5][1]
    assert DEAD_LETTER_CODEC.outgoing(letter)[1] is None
    assert DEAD_LETTER_CODEC.decode(DEAD_LETTER_CODEC.encode(letter)).event == "{}"


@pytest.mark.parametrize("raw", [b"not json", b"{}", b'{"change_id": "c", "change": "gone"}'])
def test_a_message_that_is_not_its_topics_is_refused_with_a_reason(raw: bytes) -> None:
    with pytest.raises(MessageRejected):
        ALERT_CHANGE_CODEC.decode(raw)


def test_a_batch_skips_what_does_not_decode(caplog: pytest.LogCaptureFixture) -> None:
    good = ALERT_CHANGE_CODEC.encode(EXAMPLES[0][1])
    batch = [Message("alerts.changes", None, b"{}", offset=4),
             Message("alerts.changes", "EP-1", good, offset=5)]
    with caplog.at_level(logging.ERROR):
        assert ALERT_CHANGE_CODEC.decode_batch(batch) == [EXAMPLES[0][1]]
    assert "alerts.changes@4" in caplog.text
    bad_event = Message("proceedings.events", None, b'{"type": "decree.issued"}')
    assert EVENT_CODEC.decode_batch([bad_event]) == []
