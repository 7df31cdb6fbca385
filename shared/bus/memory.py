"""The in-process bus: per-topic logs in memory, a thread per subscription.

It keeps Kafka's semantics that the services rely on: an ordered log per topic, consumer groups
with their own committed offsets, and at-least-once delivery (the offset moves only after the
handler returns). Nothing survives the process: what must survive is in the outbox.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Sequence

from shared.bus import Handler, Message, Quiet
from shared.metrics import CONSUMER_FAILURES, CONSUMER_LAG

log = logging.getLogger(__name__)


class _Subscription:
    def __init__(self, bus: InProcessBus, group: str, topics: Sequence[str], handler: Handler,
                 quiet: Quiet | None = None):
        self._bus, self.group, self.topics, self.handler = bus, group, tuple(topics), handler
        self._quiet = quiet
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"bus-{group}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        bus = self._bus
        while not self._stopped.is_set():
            if not bus.deliver_once(self.group, self.topics, self.handler):
                if self._quiet is not None:
                    try:
                        self._quiet()
                    except Exception:  # tried again at the next quiet poll
                        log.exception("quiet work of group %s failed", self.group)
                with bus._changed:
                    bus._changed.wait(timeout=0.2)

    def alive(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        self._stopped.set()
        with self._bus._changed:
            self._bus._changed.notify_all()
        self._thread.join(timeout=5)


class InProcessBus:
    def __init__(self) -> None:
        self._logs: dict[str, list[Message]] = defaultdict(list)
        self._offsets: dict[tuple[str, str], int] = defaultdict(int)
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._subscriptions: list[_Subscription] = []

    def publish(self, topic: str, key: str | None, value: bytes) -> None:
        with self._changed:
            log_ = self._logs[topic]
            log_.append(Message(topic, key, value, 0, len(log_)))
            self._changed.notify_all()

    def flush(self) -> None:
        """Nothing to wait for: a published message is in the log already."""

    def messages(self, topic: str) -> list[Message]:
        with self._lock:
            return list(self._logs[topic])

    def deliver_once(self, group: str, topics: Sequence[str], handler: Handler,
                     batch: int = 500) -> int:
        """Hand the group's next batch to `handler`; how many messages it held (0: none)."""
        for topic in topics:
            with self._lock:
                position = self._offsets[(group, topic)]
                messages = self._logs[topic][position:position + batch]
            if not messages:
                continue
            try:
                handler(messages)
            except Exception as exc:
                # Not committed: the same batch comes again, as from Kafka after a failure. The
                # error's type only: its text may quote the data it failed on.
                CONSUMER_FAILURES.labels(group, topic).inc()
                log.error("handler of group %s failed on %s@%d (%s)", group, topic, position,
                          type(exc).__name__)
                return 0
            with self._lock:
                self._offsets[(group, topic)] = position + len(messages)
                CONSUMER_LAG.labels(group, topic).set(len(self._logs[topic])
                                                      - self._offsets[(group, topic)])
            return len(messages)
        return 0

    def lag(self, group: str, topic: str) -> int:
        with self._lock:
            return len(self._logs[topic]) - self._offsets[(group, topic)]

    def drain(self, group: str, topics: Sequence[str], handler: Handler) -> int:
        """Deliver everything pending to `handler` in this thread (tests and batch jobs)."""
        delivered = 0
        while moved := self.deliver_once(group, topics, handler):
            delivered += moved
        return delivered

    def subscribe(self, group: str, topics: Sequence[str], handler: Handler,
                  quiet: Quiet | None = None) -> _Subscription:
        subscription = _Subscription(self, group, topics, handler, quiet)
        self._subscriptions.append(subscription)
        return subscription

    def health(self) -> None:
        """Raises unless every subscription's thread runs (what /readyz reports)."""
        stopped = [s.group for s in self._subscriptions if not s.alive()]
        if stopped:
            raise RuntimeError(f"consumers stopped: {', '.join(stopped)}")

    def close(self) -> None:
        for subscription in self._subscriptions:
            subscription.stop()
        self._subscriptions.clear()
