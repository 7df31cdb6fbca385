"""The Kafka adapter (kafka-python 2.3).

kafka-python is pinned to 2.3.3: with 3.0.12 a consumer hangs in the group join against the
Kafka-protocol broker the tests run (docs/decisions.md). Offsets are committed by hand, after
the handler has returned, that is after its database transaction committed.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from shared.bus import DEAD_LETTERS, SANCTIONS_CHECKPOINTS, Handler, Message, Quiet
from shared.metrics import CONSUMER_FAILURES, CONSUMER_LAG, KAFKA_NATIVE_CHECKSUM
from shared.metrics import DEAD_LETTERS as GIVEN_UP

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
            # Dead letters wait for an operator, however long: kept too.
            configs = {"retention.ms": "-1"} if topic in (SANCTIONS_CHECKPOINTS,
                                                           DEAD_LETTERS) else {}
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


# A failing batch is tried again this many times, waiting longer each time; then its messages
# one by one, and one that still fails goes to the dead-letter topic (docs/decisions.md).
ATTEMPTS = 5
BACKOFF_SECONDS = (0.5, 1, 2, 4, 8)
LAG_EVERY_SECONDS = 5.0
# A consumer that has not polled for this long is not ready (its thread is stuck or dead).
SILENT_SECONDS = 60.0

DeadLetter = Callable[[Message, str, str], None]


class _KafkaSubscription:
    def __init__(self, servers: str, group: str, topics: Sequence[str], handler: Handler,
                 poll_records: int, quiet: Quiet | None = None,
                 dead_letter: DeadLetter | None = None) -> None:
        self._consumer = KafkaConsumer(
            *topics,
            bootstrap_servers=servers,
            group_id=group,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=poll_records,
            session_timeout_ms=10_000,
            heartbeat_interval_ms=3_000,
            # A request to a broker that does not answer ends in 30 s, not five minutes: the
            # lag's end offsets, a commit.
            request_timeout_ms=30_000,
            **FETCH_LIMITS,
        )
        self._handler = handler
        self._quiet = quiet
        self._group = group
        self._topics = tuple(topics)
        self._dead_letter = dead_letter
        # Every series from 0 at start: a first failure then shows as an increase.
        for topic in topics:
            CONSUMER_FAILURES.labels(group, topic)
            GIVEN_UP.labels(group, topic)
        self.attempts = 0  # of the batch now being handled
        self.polled_at = time.monotonic()
        self._lag_at = 0.0
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
            # Before the poll: the position is what this group has taken (a failed batch was
            # sought back), not what the poll is about to fetch.
            self._measure_lag()
            try:
                batches = consumer.poll(timeout_ms=300)
            except KafkaError:
                log.exception("poll failed; retrying")
                time.sleep(1)
                continue
            self.polled_at = time.monotonic()
            if not batches and self._quiet is not None:
                self._quiet()  # its failure is this loop's: logged, and tried again
                self.polled_at = time.monotonic()
            if consumer.assignment() != assigned:
                assigned = set(consumer.assignment())
                log.info("group %s now consumes %s", self._group, ", ".join(
                    sorted(f"{tp.topic}[{tp.partition}]" for tp in assigned)) or "nothing")
            if not batches:
                continue
            try:
                done = self._handle(batches)
            except Exception as exc:  # anything else (a dead letter not sent): nothing passes
                log.error("group %s could not finish a batch (%s); it comes again",
                          self._group, type(exc).__name__)
                done = False
            self.polled_at = time.monotonic()  # progress, not only polls, keeps it ready
            if not done:
                # Not committed, and not past: the batch comes again, from its first message.
                for tp, records in batches.items():
                    consumer.seek(tp, records[0].offset)
                self._stopped.wait(BACKOFF_SECONDS[min(self.attempts, ATTEMPTS) - 1]
                                   if self.attempts else 1)
                continue
            self.attempts = 0
            try:
                consumer.commit({tp: _offset(records[-1].offset + 1)
                                 for tp, records in batches.items()})
            except KafkaError as exc:
                # The group moved on (a rebalance, a broker restart): this batch comes
                # again to whoever owns the partitions now, and handlers are idempotent.
                log.warning("commit failed (%s); the batch may come again", exc)
                continue

    def _handle(self, batches: dict[TopicPartition, list[Any]]) -> bool:
        """Hand the batch to the handler; whether it may be committed. Everything one poll
        brought is one batch, each partition's messages in their order: one transaction and
        one commit where there were one per partition."""
        messages = [Message(r.topic, r.key.decode(errors="replace") if r.key else None,
                            r.value, r.partition, r.offset)
                    for records in batches.values() for r in records]
        try:
            self._handler(messages)
            return True
        except Exception as exc:
            for topic in {m.topic for m in messages}:
                CONSUMER_FAILURES.labels(self._group, topic).inc()
            self.attempts += 1
            where = ", ".join(
                f"{tp.topic}[{tp.partition}]@{records[0].offset}..{records[-1].offset}"
                for tp, records in batches.items())
            # The error's type only: its text may quote the data it failed on.
            if self.attempts < ATTEMPTS or self._dead_letter is None or _transient(exc):
                log.warning("handler of group %s failed on %s (%s), attempt %d; the batch "
                            "comes again", self._group, where, type(exc).__name__,
                            self.attempts)
                return False
        log.error("handler of group %s failed %d times on %s: its messages are taken one by "
                  "one", self._group, self.attempts, where)
        return self._one_by_one(messages)

    def _one_by_one(self, messages: list[Message]) -> bool:
        """Each message of a batch that kept failing, in order, once more alone. One that still
        fails goes to the dead-letter topic — unless every one fails, or the failure is the
        database's or the broker's: that is an outage, not a bad message, and the batch waits
        for it to end (dead-lettering it all would lose the order and flood the topic)."""
        assert self._dead_letter is not None
        failed: list[tuple[Message, Exception]] = []
        for message in messages:
            try:
                self._handler([message])
            except Exception as exc:
                CONSUMER_FAILURES.labels(self._group, message.topic).inc()
                if _transient(exc):
                    return False
                failed.append((message, exc))
            self.polled_at = time.monotonic()
        if len(failed) == len(messages) > 1:
            log.error("group %s: every message of the batch fails alone too; it waits",
                      self._group)
            return False
        for message, error in failed:
            log.error("group %s gave up on %s[%d]@%d (%s): on %s", self._group,
                      message.topic, message.partition, message.offset,
                      type(error).__name__, DEAD_LETTERS)
            self._dead_letter(message, self._group, f"{type(error).__name__}: {error}")
            GIVEN_UP.labels(self._group, message.topic).inc()
        return True

    def _measure_lag(self) -> None:
        """How far behind the broker's end this group is, by topic: from the end offsets and
        this consumer's position, so a consumer stuck on a message shows its lag growing."""
        now = time.monotonic()
        if now - self._lag_at < LAG_EVERY_SECONDS:
            return
        self._lag_at = now
        assigned = list(self._consumer.assignment())
        # A topic this replica no longer holds (a rebalance) is no lag of its own: 0, not the
        # last value it measured.
        behind: dict[str, int] = dict.fromkeys(self._topics, 0)
        if not assigned:
            for topic in behind:
                CONSUMER_LAG.labels(self._group, topic).set(0)
            return
        try:
            ends = self._consumer.end_offsets(assigned)
            for tp in assigned:
                # The larger of the broker's end offset and the high watermark of the last
                # fetch: the test broker (tansu) answers a batch's first offset + 1 as its end.
                end = max(ends.get(tp) or 0, self._consumer.highwater(tp) or 0)
                behind[tp.topic] = behind.get(tp.topic, 0) + max(
                    end - self._consumer.position(tp, timeout_ms=5000), 0)
        except KafkaError as exc:  # measured again at the next poll
            log.warning("lag of group %s not measured (%s)", self._group, exc)
            return
        for topic, lag in behind.items():
            CONSUMER_LAG.labels(self._group, topic).set(lag)

    def health(self) -> str | None:
        """Why this consumer is not ready, or None: its thread ended, it has not polled for a
        minute, or it keeps failing on a batch."""
        if not self._thread.is_alive():
            return f"consumer {self._group}: stopped"
        if time.monotonic() - self.polled_at > SILENT_SECONDS:
            return f"consumer {self._group}: no poll for {SILENT_SECONDS:.0f} s"
        if self.attempts >= ATTEMPTS:
            return f"consumer {self._group}: failing ({self.attempts} attempts on one batch)"
        return None

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=10)
        self._consumer.close(autocommit=False)


def _transient(exc: Exception) -> bool:
    """A failure of what the handler depends on (the database, the broker, the network), which
    passes: retried without end, never a reason to give a message up."""
    from sqlalchemy.exc import DBAPIError, OperationalError

    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError | KafkaError | ConnectionError | TimeoutError)


def _reachable(server: str, timeout: float = 2.0) -> bool:
    """Whether a broker accepts a connection: the client's own state says too little (its
    bootstrap connection closes once it has the cluster's metadata)."""
    import socket

    host, _, port = server.strip().rpartition(":")
    try:
        socket.create_connection((host.strip("[]") or "localhost", int(port or 9092)),
                                 timeout=timeout).close()
    except (OSError, ValueError):
        return False
    return True


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
                                          self._poll_records, quiet, self._dead_letter)
        self._subscriptions.append(subscription)
        return subscription

    def _dead_letter(self, message: Message, group: str, error: str) -> None:
        from shared.messages import GIVEN_UP_CODEC, GivenUp

        topic, key, value = GIVEN_UP_CODEC.outgoing(GivenUp(
            group=group, topic=message.topic, partition=message.partition,
            offset=message.offset, key=message.key, error=error[:2000],
            at=datetime.now(UTC), value=base64.b64encode(message.value).decode()))
        # Sent and waited for before the consumer commits past the message: given up, never lost.
        self._producer.send(topic, key=key.encode() if key else None, value=value).get(
            timeout=30)

    def health(self) -> None:
        """Raises, saying why, unless the broker is reached and every consumer is well: what
        /readyz reports."""
        if not any(_reachable(server) for server in self._servers.split(",")):
            raise KafkaError(f"no Kafka broker of {self._servers} is reached")
        problems = [p for s in self._subscriptions if (p := s.health()) is not None]
        if problems:
            raise KafkaError("; ".join(problems))

    def close(self) -> None:
        for subscription in self._subscriptions:
            subscription.stop()
        self._producer.close(timeout=10)


__all__ = ["KafkaBus", "TopicPartition", "ensure_topics", "read_topic"]
