"""The bus port: topics of docs/contract.md §4, one interface, two adapters.

- `InProcessBus` for the single-process default and for tests of the services' logic;
- `KafkaBus` (kafka-python) for the distributed system.

Delivery is at least once and in batches: a subscription hands a batch (what one poll brought:
each partition's messages in their order) to its handler and only afterwards records that the
group has consumed them (commits the Kafka offsets). A handler therefore commits its own
database transaction first and must be idempotent; a crash between the two repeats the batch,
never loses it. Batches let a handler do one transaction for many events, which is what makes
national volumes possible.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, get_args

import orjson
from pydantic import BaseModel

BAILIFF_EVENTS = "bailiff.events"
BAILIFF_EVENTS_DLQ = "bailiff.events.dlq"
PROCEEDINGS_EVENTS = "proceedings.events"
ALERTS_CHANGES = "alerts.changes"
SANCTIONS_DECISIONS = "sanctions.decisions"
# Risk scores of open proceedings, from the monitor to the alert queue (key: proceeding).
PROCEEDINGS_RISK = "proceedings.risk"
# The head of the sanctions audit log after each transaction that appended to it: a copy of the
# chain's checkpoints outside the database (key: "chain", so one partition keeps their order).
SANCTIONS_CHECKPOINTS = "sanctions.checkpoints"
# Messages a service's consumer gave up on after its retries, with the error: the service goes
# on, an operator looks (`qadagalau dlq list`) and sends them again (`qadagalau dlq replay`).
DEAD_LETTERS = "qadagalau.dead-letters"
TOPICS = (BAILIFF_EVENTS, BAILIFF_EVENTS_DLQ, PROCEEDINGS_EVENTS, ALERTS_CHANGES,
          SANCTIONS_DECISIONS, PROCEEDINGS_RISK, SANCTIONS_CHECKPOINTS, DEAD_LETTERS)


@dataclass(frozen=True, slots=True)
class Message:
    topic: str
    key: str | None
    value: bytes
    partition: int = 0
    offset: int = 0


Handler = Callable[[list[Message]], None]
# Called by a subscription when a poll found nothing new: where a consumer does the work it
# leaves until its topic is quiet (the monitor's judging, docs/architecture.md).
Quiet = Callable[[], object]


def events_in(messages: list[Message], *types: type[BaseModel]) -> list[Any]:
    """The events of the given types in a batch. A message that is no valid event is skipped
    here: the monitor, which reads every event, is the one that reports it."""
    from shared.events import EventRejected, parse_event

    # Several consumers read every event for a few types each: the type is read from the JSON
    # first, and only those events are validated (in full, as ingest did).
    wanted = {get_args(t.model_fields["type"].annotation)[0] for t in types}
    found: list[Any] = []
    for message in messages:
        try:
            kind = orjson.loads(message.value).get("type")
        except (orjson.JSONDecodeError, AttributeError):
            continue
        if kind not in wanted:
            continue
        try:
            event = parse_event(message.value)
        except EventRejected:
            continue
        found.append(event)
    return found


class Subscription(Protocol):
    def stop(self) -> None: ...


class Bus(Protocol):
    def publish(self, topic: str, key: str | None, value: bytes) -> None:
        """Queue a message; it is durable only after `flush` returns."""

    def flush(self) -> None:
        """Block until every published message is acknowledged by the broker."""

    def subscribe(self, group: str, topics: Sequence[str], handler: Handler,
                  quiet: Quiet | None = None) -> Subscription:
        """Start delivering the topics' messages to `handler` as consumer group `group`, and
        call `quiet` whenever a poll finds nothing new."""

    def health(self) -> None:
        """Raise, saying why, unless the broker is reached and every consumer is well."""

    def close(self) -> None: ...
