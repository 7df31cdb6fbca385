"""The Kafka adapter (kafka-python 2.3).

kafka-python is pinned to 2.3.3: with 3.0.12 a consumer hangs in the group join against the
Kafka-protocol broker the tests run (docs/decisions.md). Offsets are committed by hand, after
the handler has returned, that is after its database transaction committed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from shared.bus import SANCTIONS_CHECKPOINTS, Handler, Message, Quiet
from shared.metrics import CONSUMER_LAG, KAFKA_NATIVE_CHECKSUM

log = logging.getLogger(__name__)
MIB = 1024 * 1024
# kafka-python's own defaults disagree: a fetch may bring up to 50 MiB (1 MiB a partition),
# but a response frame over 1,000,000 bytes is refused ("InvalidReceiveError: Invalid frame
# length"), the connection dropped and the fetch sent again (issue 13). A fetch is limited
# here, and the frame allowed what a fetch may bring: its limit, plus one record batch the
# broker sends whole even over the limit (so that a consumer always makes progress), plus
# the response's own headers.
FETCH_LIMITS = {
    "fetch_max_bytes": 16 * MIB,
    "max_partition_fetch_bytes": 1 * MIB,
    "receive_message_max_bytes": 16 * MIB + 2 * MIB,
}


def ensure_topics(servers: str, topics: Sequence[str], partitions: int = 6,
                  replication_factor: int = 1) -> None:
    """Create the topics that do not exist yet (the broker may not auto-create them).

    Each is simply created and "already exists" ignored: listing topics first would parse ACL
    fields that some Kafka-protocol brokers fill with values kafka-python does not know."""
    admin = KafkaAdminClient(bootstrap_servers=servers, client_id="qadagalau-admin")
    try:
        for topic in topics:
            # Checkpoints are evidence of the audit log's head: kept for ever, not for the
            # broker's default week (docs/decisions.md, "The head of the chain").
            configs = {"retention.ms": "-1"} if topic == SANCTIONS_CHECKPOINTS else {}
            try:
                admin.create_topics([NewTopic(topic, num_partitions=partitions,
                                              replication_factor=replication_factor,
                                              topic_configs=configs)])
            except TopicAlreadyExistsError:  # made before, or by another replica
                if configs:  # a topic made before this setting existed keeps it too
                    _configure(admin, topic, configs)
    finally:
        admin.close()


def _configure(admin: KafkaAdminClient, topic: str, configs: dict[str, str]) -> None:
    try:
        admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, topic, configs=configs)])
    except KafkaError as exc:  # a broker that refuses: said, since evidence may expire
        log.warning("could not set %s on the existing topic %s (%s): set it by hand", configs,
                    topic, exc)


def read_topic(servers: str, topic: str, timeout_seconds: float = 30) -> list[bytes]:
    """Every message a topic holds now, from its beginning, without a consumer group (nothing
    is committed): how `qadagalau audit-log verify` reads the chain's checkpoints."""
    consumer = KafkaConsumer(bootstrap_servers=servers, enable_auto_commit=False,
                             group_id=None, consumer_timeout_ms=1000, **FETCH_LIMITS)
    try:
        partitions = [TopicPartition(topic, p)
                      for p in sorted(consumer.partitions_for_topic(topic) or ())]
        if not partitions:
            return []
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        values: list[bytes] = []
        deadline = time.monotonic() + timeout_seconds
        while any(consumer.position(p) < ends[p] for p in partitions):
            if time.monotonic() > deadline:
                raise KafkaError(f"{topic}: not read to its end in {timeout_seconds:.0f} s")
            for records in consumer.poll(timeout_ms=500).values():
                values += [record.value for record in records]
        return values
    finally:
        consumer.close(autocommit=False)


class _KafkaSubscription:
    def __init__(self, servers: str, group: str, topics: Sequence[str], handler: Handler,
                 poll_records: int, quiet: Quiet | None = None) -> None:
        self._consumer = KafkaConsumer(
            *topics,
            bootstrap_servers=servers,
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=poll_records,
            session_timeout_ms=10_000,
            heartbeat_interval_ms=3_000,
            **FETCH_LIMITS,
        )
        self._handler = handler
        self._quiet = quiet
        self._group = group
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"kafka-{group}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        # Nothing may end this loop but stop(): a dead consumer thread would silently stop a
        # service from consuming while its process still looks healthy.
        while not self._stopped.is_set():
            try:
                self._consume()
            except Exception:
                log.exception("consumer of group %s failed; carrying on", self._group)
                time.sleep(1)

    def _consume(self) -> None:
        consumer = self._consumer
        assigned: set[TopicPartition] = set()
        while not self._stopped.is_set():
            try:
                batches = consumer.poll(timeout_ms=300)
            except KafkaError:
                log.exception("poll failed; retrying")
                time.sleep(1)
                continue
            if not batches and self._quiet is not None:
                self._quiet()  # its failure is this loop's: logged, and tried again
            if consumer.assignment() != assigned:
                assigned = set(consumer.assignment())
                log.info("group %s now consumes %s", self._group, ", ".join(
                    sorted(f"{tp.topic}[{tp.partition}]" for tp in assigned)) or "nothing")
            if not batches:
                continue
            # Everything one poll brought is one batch, each partition's messages in their
            # order: one transaction and one commit where there were one per partition.
            messages = [Message(r.topic, r.key.decode() if r.key else None, r.value,
                                r.partition, r.offset)
                        for records in batches.values() for r in records]
            try:
                self._handler(messages)
            except Exception:
                log.exception("handler failed on %s; the batch comes again", ", ".join(
                    f"{tp.topic}[{tp.partition}]@{records[0].offset}..{records[-1].offset}"
                    for tp, records in batches.items()))
                for tp, records in batches.items():
                    consumer.seek(tp, records[0].offset)
                time.sleep(0.5)
                continue
            try:
                consumer.commit({tp: _offset(records[-1].offset + 1)
                                 for tp, records in batches.items()})
            except KafkaError as exc:
                # The group moved on (a rebalance, a broker restart): this batch comes
                # again to whoever owns the partitions now, and handlers are idempotent.
                log.warning("commit failed (%s); the batch may come again", exc)
                continue
            behind: dict[str, int] = {}
            for tp, records in batches.items():
                highwater = consumer.highwater(tp)
                if highwater is not None:
                    behind[tp.topic] = behind.get(tp.topic, 0) + max(
                        highwater - (records[-1].offset + 1), 0)
            for topic, lag in behind.items():
                CONSUMER_LAG.labels(self._group, topic).set(lag)

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=10)
        self._consumer.close(autocommit=False)


def _offset(offset: int):  # type: ignore[no-untyped-def]
    from kafka.structs import OffsetAndMetadata

    return OffsetAndMetadata(offset, None, -1)


def native_checksum() -> bool:
    """Whether kafka-python checksums with the C `crc32c` package. Without it every record
    batch is checksummed in pure Python, the client's own bottleneck: said loudly at start and
    on a metric, since nothing else would show it."""
    from kafka.record import util

    native = util.crc32c_c is not None
    KAFKA_NATIVE_CHECKSUM.set(1 if native else 0)
    if not native:
        log.warning("kafka-python runs with its pure-Python CRC32C (the crc32c package is not "
                    "importable): expect a fraction of the broker's rate; install crc32c")
    return native


class KafkaBus:
    def __init__(self, servers: str, poll_records: int = 5000) -> None:
        native_checksum()
        self._servers = servers
        self._poll_records = poll_records
        self._producer = KafkaProducer(
            bootstrap_servers=servers, acks="all", linger_ms=5, retries=5,
            max_in_flight_requests_per_connection=1,  # keeps a key's messages in order on retry
            # The relay sends thousands at once: with one request in flight, the 16 KiB default
            # made a round trip per ~30 messages a partition. Half a partition's fetch (1 MiB).
            batch_size=512 * 1024,
            # Fail fast while the broker is away: the outbox keeps the messages meanwhile.
            max_block_ms=10_000, request_timeout_ms=10_000,
        )
        self._subscriptions: list[_KafkaSubscription] = []
        self._pending: list[object] = []
        self._lock = threading.Lock()

    def publish(self, topic: str, key: str | None, value: bytes) -> None:
        future = self._producer.send(
            topic, key=key.encode() if key is not None else None, value=value
        )
        with self._lock:
            self._pending.append(future)

    def flush(self) -> None:
        """Wait for the broker's acknowledgement of everything published; raise if any failed,
        so that the outbox keeps those messages for the next attempt."""
        self._producer.flush(timeout=30)
        with self._lock:
            pending, self._pending = self._pending, []
        failed = [f for f in pending if not f.succeeded()]  # type: ignore[attr-defined]
        if failed:
            raise KafkaError(f"{len(failed)} message(s) not acknowledged: "
                             f"{failed[0].exception!r}")  # type: ignore[attr-defined]

    def subscribe(self, group: str, topics: Sequence[str], handler: Handler,
                  quiet: Quiet | None = None) -> _KafkaSubscription:
        subscription = _KafkaSubscription(self._servers, group, topics, handler,
                                          self._poll_records, quiet)
        self._subscriptions.append(subscription)
        return subscription

    def close(self) -> None:
        for subscription in self._subscriptions:
            subscription.stop()
        self._producer.close(timeout=10)


__all__ = ["KafkaBus", "TopicPartition", "ensure_topics", "read_topic"]
