"""The message of every topic (docs/contract.md §4), defined once for producers and consumers.

Each topic has one `Codec`: its message type, its key, one `encode` and one `decode`. A producer
builds the message and hands `codec.outgoing(message)` to the outbox; a consumer reads a batch
with `codec.decode_batch(messages)`. What a producer may write and a consumer may expect is the
model, so the two can no longer drift apart field by field.

The wire is the JSON the services wrote before these types existed: messages already in a topic
decode, fields a reader does not know are ignored (a newer producer may add one), and a field
missing from an older message takes its default.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    Tag,
    TypeAdapter,
    ValidationError,
    model_serializer,
)

from shared.bus import (
    ALERTS_CHANGES,
    BAILIFF_EVENTS,
    BAILIFF_EVENTS_DLQ,
    DEAD_LETTERS,
    PROCEEDINGS_EVENTS,
    PROCEEDINGS_RISK,
    SANCTIONS_CHECKPOINTS,
    SANCTIONS_DECISIONS,
    TOPICS,
    Message,
)
from shared.event_decoder import read_event
from shared.events import EVENT_ADAPTER, Event, EventRejected, parse_event
from shared.legal.rules import Breach

log = logging.getLogger(__name__)
M = TypeVar("M")


class MessageRejected(ValueError):
    """A message that is not what its topic carries; the reason names the field."""


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


# --- alerts.changes -----------------------------------------------------------------------


class AlertRecord(_Wire):
    """A breach as an alert: the audit record of docs/contract.md §2 and where it happened."""

    rule: str
    proceeding_id: str | None = None
    property_id: str | None = None
    act_id: str | None = None
    decree_id: str | None = None
    bailiff_id: str | None = None
    year: int | None = None
    due: date
    state: Literal["open", "late"]
    done_on: date | None = None
    appeal_id: str | None = None
    region: str | None = None
    district: str | None = None

    @classmethod
    def of(cls, breach: Breach, region: str | None, district: str | None) -> AlertRecord:
        return cls(rule=breach.rule, proceeding_id=breach.proceeding_id,
                   property_id=breach.property_id, act_id=breach.act_id,
                   decree_id=breach.decree_id, bailiff_id=breach.bailiff_id, year=breach.year,
                   due=breach.due, state=breach.state, done_on=breach.done_on,
                   appeal_id=breach.appeal_id, region=region, district=district)

    @property
    def identity(self) -> str:
        """What keeps an alert the same alert while its state, term or bailiff changes: the
        rule and the ids of its subject. The bailiff names the subject only where no
        proceeding does (LICENCE_THRESHOLD); a proceeding's holder may change."""
        parts = (self.rule, self.proceeding_id, self.property_id, self.act_id, self.decree_id,
                 self.bailiff_id if self.proceeding_id is None else None, self.year)
        # An appeal's id only where there is one: the identities of every other alert, kept
        # by the monitor and the queue, stay what they were before appeals came.
        appeal = (self.appeal_id,) if self.appeal_id is not None else ()
        return "|".join("" if part is None else str(part) for part in parts + appeal)

    @property
    def key(self) -> str | None:
        """Keyed like the proceeding's events, so that one proceeding's alerts stay in order."""
        return self.proceeding_id or self.bailiff_id

    def stored(self) -> dict[str, Any]:
        """The record as JSON values, as the monitor keeps what it announced."""
        return self.model_dump(mode="json")

    @model_serializer(mode="wrap")
    def _without_an_absent_appeal(self, handler: SerializerFunctionWrapHandler) -> Any:
        """No `appeal_id` where there is none: a record kept, or a change sent, before appeals
        came reads the same, so an upgrade announces no change of every alert."""
        record = handler(self)
        if isinstance(record, dict) and record.get("appeal_id", "") is None:
            del record["appeal_id"]
        return record


class AlertChange(_Wire):
    """An alert raised, changed (open → late, another bailiff, another term) or withdrawn
    (later facts showed no breach). `change_id` makes a repeat harmless."""

    change_id: str
    change: Literal["raised", "changed", "withdrawn"]
    identity: str
    on: date
    alert: AlertRecord
    # The subject's change number: a change older than what the queue holds is stale (the
    # relay may deliver a late-committed change after a newer one). 0: a change from before
    # versions, applied as it comes.
    version: int = 0


# --- proceedings.risk ---------------------------------------------------------------------


class RiskScored(_Wire):
    """A proceeding's highest probability of breaching a target term, with its reasons."""

    proceeding_id: str
    target: str
    probability: float
    reasons: list[dict[str, Any]]
    region: str | None = None
    district: str | None = None
    scored_on: date
    model_id: int | None = None


class RiskCleared(_Wire):
    """A proceeding no longer scored (ended, or no target term running): its score goes."""

    proceeding_id: str
    cleared: Literal[True] = True
    scored_on: date


def _risk_form(value: Any) -> str:
    cleared = value.get("cleared") if isinstance(value, dict) else \
        isinstance(value, RiskCleared)
    return "cleared" if cleared else "scored"


# A score on the wire has no `cleared` field at all, so the form is told by a function.
RiskScore = Annotated[
    Annotated[RiskScored, Tag("scored")] | Annotated[RiskCleared, Tag("cleared")],
    Discriminator(_risk_form),
]


# --- sanctions.decisions ------------------------------------------------------------------


class Debtor(_Wire):
    kind: str
    name: str


class PropertyRef(_Wire):
    id: str
    kind: str | None = None
    description: str | None = None


class SignedDecision(_Wire):
    """A prosecutor's decision for the bailiff system. The fields but `signature` and
    `certificate_pem` are the content that was signed (without the absent ones): `content()`
    gives it back, and `shared.signatures.canonical` (RFC 8785) the very bytes, to verify the
    CMS signature."""

    decree_id: str
    proceeding_id: str
    decree_kind: str
    summary: str | None = None
    document_sha256: str | None = None
    enforcement_document: str | None = None
    amount_kzt: float | None = None
    debtor: Debtor | None = None
    property: PropertyRef | None = None
    decision: Literal["granted", "refused"]
    reason: str | None = None
    prosecutor: str
    decided_on: date
    signature: str  # base64 of the DER CMS signature
    certificate_pem: str

    def content(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"signature", "certificate_pem"},
                               exclude_none=True)


class CourtAnswer(_Wire):
    """A decree whose kind the catalogue gives to a court: not the prosecutor's to decide."""

    decree_id: str
    proceeding_id: str
    decision: Literal["not_prosecutor"] = "not_prosecutor"
    detail: str


SanctionDecision = Annotated[SignedDecision | CourtAnswer, Field(discriminator="decision")]


# --- bailiff.events.dlq -------------------------------------------------------------------


class DeadLetter(_Wire):
    """An event ingest rejected, as received, with the reason."""

    reason: str
    channel: str
    event_id: str | None
    received_at: datetime
    event: str


# --- qadagalau.dead-letters --------------------------------------------------------------


class GivenUp(_Wire):
    """A message a service's consumer gave up on after its retries: where it came from, the
    error, and the message itself (base64), for `qadagalau dlq replay`."""

    group: str
    topic: str
    partition: int
    offset: int
    key: str | None
    error: str
    at: datetime
    value: str


# --- sanctions.checkpoints ---------------------------------------------------------------


class ChainCheckpoint(_Wire):
    """The head of the audit log's hash chain after a transaction that appended to it (the same
    line a witness file holds; `at` only there)."""

    seq: int = Field(gt=0)
    hash: str = Field(min_length=64, max_length=64)
    at: datetime | None = None


# --- one codec per topic ------------------------------------------------------------------


class Codec(Generic[M]):
    """How one topic's messages are written and read."""

    def __init__(self, topic: str, adapter: TypeAdapter[M], key: Callable[[M], str | None],
                 decode: Callable[[bytes | str], M] | None = None,
                 exclude_none: bool = False,
                 read: Callable[[bytes | str], Any] | None = None) -> None:
        self.topic, self.adapter, self._key = topic, adapter, key
        self._decode, self._exclude_none = decode, exclude_none
        self._read = read or self.decode

    def encode(self, message: M) -> bytes:
        return self.adapter.dump_json(message, exclude_none=self._exclude_none)

    def decode(self, raw: bytes | str) -> M:
        if self._decode is not None:
            return self._decode(raw)
        try:
            return self.adapter.validate_json(raw)
        except ValidationError as exc:
            raise MessageRejected(_reason(exc)) from None

    def outgoing(self, message: M) -> tuple[str, str | None, bytes]:
        """The (topic, key, value) the outbox takes."""
        return self.topic, self._key(message), self.encode(message)

    def decode_batch(self, messages: Iterable[Message]) -> list[M]:
        """A batch's messages, decoded. One that does not decode is logged and skipped: only a
        foreign producer could write it, and it must not block the messages behind it."""
        return self._batch(messages, self.decode)

    def read_batch(self, messages: Iterable[Message]) -> list[Any]:
        """A batch's messages for a consumer that reads only their fields: as `decode_batch`,
        at the speed of the topic's fast reader where it has one (the events' Structs)."""
        return self._batch(messages, self._read)

    def _batch(self, messages: Iterable[Message], decode: Callable[[bytes | str], Any],
               ) -> list[Any]:
        found = []
        for message in messages:
            try:
                found.append(decode(message.value))
            except (MessageRejected, EventRejected) as exc:
                log.error("undecodable message on %s@%d skipped: %s", message.topic,
                          message.offset, exc)
        return found


def _reason(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'message'}: {e['msg']}"
                     for e in exc.errors(include_url=False))


def _decode_event(raw: bytes | str) -> Event:
    return parse_event(raw)


def event_key(event: Event) -> str:
    """The appeal, for an appeal's steps (they follow one another, whatever proceeding the
    appeal names); the proceeding, so that a proceeding's events stay in order on one
    partition; the bailiff for events about a bailiff (a registration, an act about no one
    proceeding), as docs/contract.md §1 keys them; else the act an answer belongs to."""
    return str(getattr(event, "appeal_id", None) or getattr(event, "proceeding_id", None)
               or getattr(event, "bailiff_id", None) or getattr(event, "act_id", None)
               or event.event_id)


ALERT_CHANGE_CODEC: Codec[AlertChange] = Codec(
    ALERTS_CHANGES, TypeAdapter(AlertChange), lambda change: change.alert.key)
RISK_SCORE_CODEC: Codec[RiskScored | RiskCleared] = Codec(
    PROCEEDINGS_RISK, TypeAdapter(RiskScore), lambda score: score.proceeding_id)
SANCTION_DECISION_CODEC: Codec[SignedDecision | CourtAnswer] = Codec(
    SANCTIONS_DECISIONS, TypeAdapter(SanctionDecision), lambda decision: decision.decree_id)
# Events as docs/contract.md §1 gives them; null optional fields are left out, as a bailiff
# system would send them.
BAILIFF_EVENT_CODEC: Codec[Event] = Codec(
    BAILIFF_EVENTS, EVENT_ADAPTER, event_key, _decode_event, exclude_none=True)
# The monitor reads only the events' fields: at msgspec's speed (shared/event_decoder.py);
# pydantic did it in a fifth of the monitor's time.
EVENT_CODEC: Codec[Event] = Codec(
    PROCEEDINGS_EVENTS, EVENT_ADAPTER, event_key, _decode_event, exclude_none=True,
    read=read_event)
DEAD_LETTER_CODEC: Codec[DeadLetter] = Codec(
    BAILIFF_EVENTS_DLQ, TypeAdapter(DeadLetter), lambda letter: letter.event_id)
# Keyed as the message was: a proceeding's given-up messages stay in their order.
GIVEN_UP_CODEC: Codec[GivenUp] = Codec(
    DEAD_LETTERS, TypeAdapter(GivenUp), lambda letter: letter.key)
# One key for every checkpoint: one partition, so they stay in the order they were made.
CHECKPOINT_CODEC: Codec[ChainCheckpoint] = Codec(
    SANCTIONS_CHECKPOINTS, TypeAdapter(ChainCheckpoint), lambda checkpoint: "chain",
    exclude_none=True)

CODECS: dict[str, Codec[Any]] = {codec.topic: codec for codec in (
    BAILIFF_EVENT_CODEC, DEAD_LETTER_CODEC, EVENT_CODEC, ALERT_CHANGE_CODEC,
    SANCTION_DECISION_CODEC, RISK_SCORE_CODEC, CHECKPOINT_CODEC, GIVEN_UP_CODEC)}
assert set(CODECS) == set(TOPICS), "every topic has its message type"
