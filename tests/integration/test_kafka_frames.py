"""Fetches larger than kafka-python's default frame limit (issue 13, item 7).

kafka-python 2.3 fetches up to 50 MiB (1 MiB a partition) but refuses any response frame over
1,000,000 bytes with `InvalidReceiveError: Invalid frame length`, drops the connection and
fetches again. A topic whose partitions each hold more than a megabyte unread — any backlog —
hits it. The consumers of Qadagalau set the limits of shared/bus/kafka.py (FETCH_LIMITS)."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

import pytest
from kafka import KafkaConsumer, KafkaProducer

from shared.bus.kafka import FETCH_LIMITS, ensure_topics
from tests.integration.kafka import Broker

PARTITIONS = 3
PER_PARTITION = 1_500  # of 1 KiB: 1.5 MiB unread in each partition


def _fill(servers: str) -> tuple[str, int]:
    topic = f"frames-{uuid.uuid4().hex[:8]}"
    ensure_topics(servers, [topic], partitions=PARTITIONS)
    producer = KafkaProducer(bootstrap_servers=servers, acks="all", linger_ms=5)
    payload = b"x" * 1024
    for partition in range(PARTITIONS):
        for _ in range(PER_PARTITION):
            producer.send(topic, value=payload, partition=partition)
    producer.flush()
    producer.close()
    return topic, PARTITIONS * PER_PARTITION


def _consume_all(servers: str, topic: str, expected: int, **settings: Any) -> int:
    consumer = KafkaConsumer(topic, bootstrap_servers=servers, group_id=topic + "-g",
                             auto_offset_reset="earliest", enable_auto_commit=False,
                             **settings)
    seen = 0
    deadline = time.monotonic() + 60
    try:
        while seen < expected and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                seen += len(records)
    finally:
        consumer.close(autocommit=False)
    return seen


def _frame_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "Invalid frame length" in r.getMessage()
            or "InvalidReceiveError" in r.getMessage()]


def test_the_defaults_refuse_a_backlog_fetch_and_ours_do_not(
        broker: Broker, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="kafka")
    topic, expected = _fill(broker.servers)
    # kafka-python's defaults: the fetch of a backlog is refused, and fetched again.
    assert _consume_all(broker.servers, topic, expected) == expected
    assert _frame_errors(caplog), "the defaults no longer hit the frame limit: see docstring"
    caplog.clear()
    # Qadagalau's settings: the same backlog in fewer fetches, none refused.
    assert _consume_all(broker.servers, topic, expected, **FETCH_LIMITS) == expected
    assert _frame_errors(caplog) == []
