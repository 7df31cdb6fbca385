"""The distributed system on a real Kafka-protocol broker and PostgreSQL: the monitor killed
mid-stream and restarted loses and doubles nothing; the broker going away loses nothing."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select

from services.alerts.queue.models import Alert, AlertEvent
from services.bootstrap import System, build
from services.monitor.judge.models import StoredFact
from shared.audit import audit_files
from shared.bus import BAILIFF_EVENTS, BAILIFF_EVENTS_DLQ
from shared.bus.kafka import KafkaBus
from shared.legal.calendar import working_calendar
from shared.settings import Policy, Runtime
from shared.storage import OutboxMessage
from tests.integration.kafka import Broker, free_port
from tests.integration.live import audit_records, queue_records
from tests.unit.test_bench_generator import _generator_main

AS_OF = date(2025, 12, 1)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    target = tmp_path / "export.ndjson"
    assert _generator_main()(["--proceedings", "300", "--output", str(target), "--seed", "21",
                              "--as-of", AS_OF.isoformat()]) == 0
    return target


class MonitorProcess:
    """`qadagalau serve monitor` in its own process, as a replica runs in production."""

    def __init__(self, database_url: str, servers: str, log: Path) -> None:
        self.env = os.environ | {"QADAGALAU_DATABASE_URL": database_url,
                                 "QADAGALAU_KAFKA_SERVERS": servers,
                                 "QADAGALAU_TODAY": AS_OF.isoformat()}
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "services.cli", "serve", "monitor",
                 "--port", str(free_port())], cwd=ROOT, env=self.env, stdout=out,
                stderr=subprocess.STDOUT)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


def _front(database_url: str, servers: str) -> System:
    """Ingest and alerts in the test's process, on Kafka and PostgreSQL."""
    system = build(Runtime(database_url=database_url, kafka_servers=servers),
                   Policy(today=AS_OF), KafkaBus(servers))
    system.start(("ingest", "alerts"))
    return system


def _wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def _expected(export: Path) -> list[tuple[object, ...]]:
    return audit_records(audit_files([export], AS_OF, working_calendar(), Policy()).breaches)


def _no_alert_doubled(system: System) -> None:
    with system.sessions() as session:
        raised = session.execute(select(AlertEvent.alert_id, func.count())
                                 .where(AlertEvent.kind == "raised")
                                 .group_by(AlertEvent.alert_id)).all()
        total = session.scalar(select(func.count()).select_from(Alert))
    assert total == len(raised)
    assert all(count == 1 for _, count in raised)


@pytest.fixture
def front(postgres_url: str, broker: Broker) -> Iterator[System]:
    system = _front(postgres_url, broker.servers)
    try:
        yield system
    finally:
        system.stop()


def test_monitor_killed_mid_stream_loses_and_doubles_nothing(
    export: Path, postgres_url: str, broker: Broker, front: System, tmp_path: Path,
) -> None:
    lines = export.read_bytes().splitlines()
    random.Random(3).shuffle(lines)
    monitor = MonitorProcess(postgres_url, broker.servers, tmp_path / "monitor.log")
    monitor.start()
    try:
        batches = [lines[i:i + 250] for i in range(0, len(lines), 250)]
        *direct, pushed = batches
        for number, batch in enumerate(direct):
            front.receiver.batch(batch, "test")
            front.relay.wake()
            if number == len(batches) // 2:
                _wait_for(lambda: bool(queue_records(front)), 90, "the first alerts")
                monitor.kill()  # mid-stream: events keep arriving while it is down
        # The last batch comes the way bailiff systems push: over bailiff.events, with one
        # message that is not an event at all.
        producer = KafkaBus(broker.servers)
        for line in [*pushed, b'{"type": "proceeding.initiated"}']:
            producer.publish(BAILIFF_EVENTS, None, line)
        producer.flush()
        producer.close()
        monitor.start()
        expected = _expected(export)
        _wait_for(lambda: queue_records(front) == expected, 180, "the queue to equal the audit")
        _no_alert_doubled(front)
        with front.sessions() as session:
            dead = session.scalars(select(OutboxMessage.value).where(
                OutboxMessage.topic == BAILIFF_EVENTS_DLQ)).all()
        assert [orjson.loads(d)["reason"] for d in dead] == [
            "event_id: missing; occurred_on: missing; proceeding_id: missing"]
    finally:
        monitor.stop()


def test_broker_away_and_back_loses_nothing(
    export: Path, postgres_url: str, broker: Broker, front: System, tmp_path: Path,
) -> None:
    lines = export.read_bytes().splitlines()
    monitor = MonitorProcess(postgres_url, broker.servers, tmp_path / "monitor.log")
    monitor.start()
    try:
        half = len(lines) // 2
        front.receiver.batch(lines[:half], "test")
        first_half = len({orjson.loads(line)["event_id"] for line in lines[:half]})

        def monitor_stored_first_half() -> bool:
            with front.sessions() as session:
                stored = session.scalar(select(func.count()).select_from(StoredFact)) or 0
            return stored == first_half

        # An in-memory broker forgets everything when it stops, as a lost cluster would: the
        # test stops it only once the monitor has stored what it was sent.
        _wait_for(monitor_stored_first_half, 90, "the monitor to store the first half")

        broker.stop()
        # Accepted while the broker is away: kept in the outbox, not lost.
        results = front.receiver.batch(lines[half:], "test")
        assert all(r.status == "accepted" for r in results)
        time.sleep(3)
        assert front.relay.pending() > 0

        broker.start()  # an in-memory broker comes back empty, as a new cluster would
        monitor.stop()
        monitor.start()
        # The second half arrives from the outbox.
        expected = _expected(export)
        _wait_for(lambda: queue_records(front) == expected, 180, "the queue to equal the audit")
        _no_alert_doubled(front)
    finally:
        monitor.stop()


def test_two_monitor_replicas_share_the_partitions(
    export: Path, postgres_url: str, broker: Broker, front: System, tmp_path: Path,
) -> None:
    logs = [tmp_path / "monitor-a.log", tmp_path / "monitor-b.log"]
    replicas = [MonitorProcess(postgres_url, broker.servers, log) for log in logs]
    for replica in replicas:
        replica.start()
    try:
        time.sleep(5)  # both join the group before the events come
        lines = export.read_bytes().splitlines()
        for start in range(0, len(lines), 500):
            front.receiver.batch(lines[start:start + 500], "test")
            front.relay.wake()
        expected = _expected(export)
        _wait_for(lambda: queue_records(front) == expected, 180, "the queue to equal the audit")
        _no_alert_doubled(front)
        owned = []
        for log in logs:
            lines_said = [line for line in log.read_text().splitlines()
                          if "group qadagalau-monitor now consumes" in line]
            owned.append(set(re.findall(r"proceedings\.events\[(\d)\]", lines_said[-1])))
        # Each replica ended up with its own share of the three partitions.
        assert all(owned) and not owned[0] & owned[1]
        assert owned[0] | owned[1] == {"0", "1", "2"}
    finally:
        for replica in replicas:
            replica.stop()


def test_the_kafka_client_checksums_in_c(broker: Broker) -> None:
    """The C crc32c package is a dependency: without it kafka-python checksums every batch in
    pure Python (issue 13: 5.4x fewer messages a second). The bus says which at start."""
    from prometheus_client import REGISTRY

    from shared.bus.kafka import KafkaBus, native_checksum

    assert native_checksum() is True
    bus = KafkaBus(broker.servers)
    try:
        assert REGISTRY.get_sample_value("qadagalau_kafka_native_checksum") == 1
    finally:
        bus.close()


def test_sanction_decisions_reach_the_reports_up_the_hierarchy_over_the_broker(
        front: System) -> None:
    """The alerts service learns each sanction decision from `proceedings.events`, as the
    sanctions service announces it, never from the sanctions service's tables: a region's
    report counts it where its proceeding is."""
    from services.alerts.oversight.models import SanctionDecision
    from tests.builders import accepted, event, registered

    events = [registered("PB-K"), accepted("2025-11-03", "EP-K", bailiff_id="PB-K"),
              event("decree.issued", "2025-11-10", "EP-K", decree_id="D-K",
                    decree_kind="arrest_real_estate"),
              event("sanction.decided", "2025-11-11", "EP-K", decree_id="D-K",
                    decision="refused", reason="мүлік борышкерге тиесілі емес",
                    prosecutor_id="P-1")]
    assert all(r.status == "accepted" for r in front.receiver.batch(events, "test"))

    def counted() -> bool:
        with front.sessions() as session:
            return session.get(SanctionDecision, "D-K") is not None
    _wait_for(counted, 60, "the decision in the alerts service")
    with front.sessions() as session:
        figures = front.oversight.figures(session, "region", "ALA", "", "quarterly",
                                          date(2025, 10, 1), date(2025, 12, 31), AS_OF)
    assert figures["total"]["sanctions"]["refused"] == 1
