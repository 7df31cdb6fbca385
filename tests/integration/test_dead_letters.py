"""Consumers that fail loudly (on a real Kafka-protocol broker): a message a handler keeps
failing on is retried with backoff, then put on the dead-letter topic with its error while
the others go on; the failures are counted, the lag comes from the broker's end offsets (so a
stuck consumer shows it), readiness says which consumer fails, and an operator lists and
replays the dead letters with `qadagalau dlq`."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from prometheus_client import REGISTRY

import shared.bus.kafka as kafka_bus
from services.cli import main
from shared.bus import PROCEEDINGS_EVENTS, Message
from shared.bus.kafka import KafkaBus, _KafkaSubscription
from tests.integration.kafka import Broker


def _wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def _ready(bus: KafkaBus) -> bool:
    try:
        bus.health()
    except Exception:
        return False
    return True


def _sample(name: str, group: str, topic: str) -> float:
    return REGISTRY.get_sample_value(name, {"group": group, "topic": topic}) or 0.0


def test_a_poison_message_goes_to_the_dead_letters_and_the_rest_goes_on(
        broker: Broker, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(kafka_bus, "BACKOFF_SECONDS", (0.05, 0.05, 0.05, 0.05, 0.05))
    monkeypatch.setenv("QADAGALAU_KAFKA_SERVERS", broker.servers)
    group = "test-gives-up"
    handled: list[bytes] = []
    cured = threading.Event()

    def handler(messages: list[Message]) -> None:
        if not cured.is_set() and any(m.value == b"poison" for m in messages):
            raise RuntimeError("cannot take this one")
        handled.extend(m.value for m in messages)

    failures = _sample("qadagalau_consumer_failures_total", group, PROCEEDINGS_EVENTS)
    bus = KafkaBus(broker.servers)
    try:
        for value in (b"first", b"poison", b"third"):
            bus.publish(PROCEEDINGS_EVENTS, "EP-1", value)  # one key: one partition, in order
        bus.flush()
        bus.subscribe(group, [PROCEEDINGS_EVENTS], handler)
        _wait_for(lambda: {b"first", b"third"} <= set(handled), 60, "the others handled")
        assert b"poison" not in handled
        assert _sample("qadagalau_consumer_failures_total", group, PROCEEDINGS_EVENTS) \
            >= failures + kafka_bus.ATTEMPTS
        assert _sample("qadagalau_consumer_dead_letters_total", group, PROCEEDINGS_EVENTS) >= 1
        _wait_for(lambda: _ready(bus), 30, "the service ready again")  # it went on
        # The operator's view: where it came from and why, not its content.
        assert main(["dlq", "list", "--group", group]) == 0
        listed = capsys.readouterr().out.strip().splitlines()
        assert len(listed) == 1
        number, _, listed_group, where, error = listed[0].split("\t")
        assert (listed_group, error) == (group, "RuntimeError")
        assert where.startswith(f"{PROCEEDINGS_EVENTS}[") and "poison" not in listed[0]
        # The cause fixed, it is sent again to its topic and taken.
        cured.set()
        assert main(["dlq", "replay", "--group", group, number]) == 0
        _wait_for(lambda: b"poison" in handled, 60, "the replayed message")
    finally:
        bus.close()


def test_a_stuck_consumer_shows_its_lag_and_is_not_ready(
        broker: Broker, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a dead-letter topic to give up to, a consumer stuck on a message keeps it: its
    lag, measured from the broker's end offsets, grows with what comes after; readiness says
    so."""
    monkeypatch.setattr(kafka_bus, "LAG_EVERY_SECONDS", 0.0)
    monkeypatch.setattr(kafka_bus, "BACKOFF_SECONDS", (0.1, 0.1, 0.1, 0.1, 0.1))
    group = "test-stuck"
    bus = KafkaBus(broker.servers)
    try:
        for n in range(5):
            bus.publish(PROCEEDINGS_EVENTS, "EP-2", f"m{n}".encode())
        bus.flush()

        def always_fails(messages: list[Message]) -> None:
            raise RuntimeError("stuck")

        stuck = _KafkaSubscription(broker.servers, group, [PROCEEDINGS_EVENTS], always_fails,
                                   100)
        try:
            _wait_for(lambda: _sample("qadagalau_consumer_lag_messages", group,
                                      PROCEEDINGS_EVENTS) >= 5, 60, "the lag of a stuck one")
            _wait_for(lambda: stuck.health() is not None, 30, "the consumer to be not ready")
            assert "failing" in (stuck.health() or "")
        finally:
            stuck.stop()
    finally:
        bus.close()


def test_an_outage_is_waited_out_not_dead_lettered(
        broker: Broker, monkeypatch: pytest.MonkeyPatch) -> None:
    """The database away: every message fails, batch and alone. That is no bad message: the
    consumer waits (without end) and takes them all, in order, once it is back."""
    from sqlalchemy.exc import OperationalError

    monkeypatch.setattr(kafka_bus, "BACKOFF_SECONDS", (0.05, 0.05, 0.05, 0.05, 0.05))
    group = "test-outage"
    handled: list[bytes] = []
    calls = [0]

    def handler(messages: list[Message]) -> None:
        calls[0] += 1
        if calls[0] <= 12:
            raise OperationalError("SELECT 1", {}, ConnectionError("database away"))
        handled.extend(m.value for m in messages)

    bus = KafkaBus(broker.servers)
    try:
        for n in range(4):
            bus.publish(PROCEEDINGS_EVENTS, "EP-3", f"o{n}".encode())
        bus.flush()
        bus.subscribe(group, [PROCEEDINGS_EVENTS], handler)
        _wait_for(lambda: len(handled) >= 4, 60, "everything once the database is back")
        assert handled[:4] == [b"o0", b"o1", b"o2", b"o3"]
        assert _sample("qadagalau_consumer_dead_letters_total", group, PROCEEDINGS_EVENTS) == 0
    finally:
        bus.close()
