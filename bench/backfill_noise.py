"""Measure the noise of a backfill: how many of the alerts a bulk load raised were withdrawn by
the load's own later events.

A shuffled export (a proceeding's events spread through the file, as a catch-up of several
systems delivers them) is POSTed to ingest in batches, and the run waits until the queue holds
exactly what the audit finds. Every alert row is a notification a prosecutor would have seen;
those withdrawn are noise. Both deployments are measured: the single process (SQLite, the
in-process bus) and the distributed one (PostgreSQL, a Kafka-protocol broker, one process per
service).

    .venv/bin/python bench/backfill_noise.py --proceedings 7200
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, func, select  # noqa: E402

from shared.audit import audit_files  # noqa: E402
from shared.legal.calendar import working_calendar  # noqa: E402
from shared.settings import Policy  # noqa: E402
from tests.integration.kafka import Broker, free_port  # noqa: E402
from tests.support.postgres import scratch_database  # noqa: E402

AS_OF = date(2025, 12, 1)


@contextmanager
def services(env: dict[str, str], names: Sequence[str | None], log: Path) -> Iterator[str]:
    """Run `qadagalau serve [NAME]` for each name; the URL of the first (ingest or all)."""
    ports = [free_port() for _ in names]
    processes = []
    with log.open("ab") as out:
        for name, port in zip(names, ports, strict=True):
            command = [sys.executable, "-m", "services.cli", "serve", "--port", str(port)]
            processes.append(subprocess.Popen(command + ([name] if name else []), cwd=PROJECT,
                                              env=env, stdout=out, stderr=subprocess.STDOUT))
    base = f"http://127.0.0.1:{ports[0]}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        else:
            raise RuntimeError(f"the services did not start; see {log}")
        time.sleep(5)  # the consumer groups join
        yield base
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def token(env: dict[str, str]) -> str:
    made = subprocess.run([sys.executable, "-m", "services.cli", "token", "create", "--role",
                           "bailiff-system", "--name", "backfill"], cwd=PROJECT, env=env,
                          check=True, capture_output=True, text=True)
    return made.stdout.strip().splitlines()[-1]


def load(base: str, bearer: str, lines: list[bytes], batch: int) -> float:
    started = time.perf_counter()
    with httpx.Client(timeout=300, headers={"Authorization": f"Bearer {bearer}",
                                            "Content-Type": "application/x-ndjson"}) as client:
        for start in range(0, len(lines), batch):
            answer = client.post(f"{base}/api/v1/events",
                                 content=b"\n".join(lines[start:start + batch]))
            answer.raise_for_status()
    return time.perf_counter() - started


def settle(url: str, expected: int, unique: int, timeout: float = 600) -> dict[str, int]:
    """Wait for the queue to hold the audit's breaches; then count the alert rows."""
    from services.alerts.queue.models import Alert
    from services.monitor.judge.models import StoredFact

    engine = create_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with engine.connect() as connection:
                facts = connection.execute(select(func.count()).select_from(StoredFact)).scalar()
                rows = connection.execute(select(func.count()).select_from(Alert)).scalar() or 0
                withdrawn = connection.execute(select(func.count()).select_from(Alert).where(
                    Alert.withdrawn_on.is_not(None))).scalar() or 0
            if facts == unique and rows - withdrawn == expected:
                return {"alerts_raised": rows, "alerts_withdrawn": withdrawn}
            if time.monotonic() > deadline:
                raise RuntimeError(f"not settled: {facts}/{unique} facts, {rows - withdrawn} "
                                   f"open alerts where the audit finds {expected}")
            time.sleep(0.5)
    finally:
        engine.dispose()


def run(mode: str, work: Path, lines: list[bytes], expected: int, unique: int,
        batch: int) -> dict[str, Any]:
    env = os.environ | {"QADAGALAU_TODAY": AS_OF.isoformat()}
    env = {k: v for k, v in env.items() if k not in ("QADAGALAU_KAFKA_SERVERS",)}
    if mode == "single":
        url = f"sqlite:///{work / 'single.db'}"
        env |= {"QADAGALAU_DATABASE_URL": url}
        with services(env, [None], work / "single.log") as base:
            seconds = load(base, token(env), lines, batch)
            counts = settle(url, expected, unique)
        return counts | {"load_s": round(seconds, 1)}
    broker = Broker(work / "broker.log").start()
    try:
        with scratch_database("qadagalau_noise") as url:
            env |= {"QADAGALAU_DATABASE_URL": url, "QADAGALAU_KAFKA_SERVERS": broker.servers}
            subprocess.run([sys.executable, "-m", "services.cli", "migrate"], cwd=PROJECT,
                           env=env, check=True, capture_output=True)
            env["QADAGALAU_CREATE_SCHEMA"] = "false"
            with services(env, ["ingest", "monitor", "alerts"], work / "distributed.log") \
                    as base:
                seconds = load(base, token(env), lines, batch)
                counts = settle(url, expected, unique)
            return counts | {"load_s": round(seconds, 1)}
    finally:
        broker.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proceedings", type=int, default=7200,
                        help="generated proceedings (default 7200)")
    parser.add_argument("--batch", type=int, default=5000,
                        help="events a POST (default 5000)")
    parser.add_argument("--mode", choices=("single", "distributed", "both"), default="both")
    parser.add_argument("--seed", type=int, default=13, help="of the shuffle (default 13)")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="qadagalau-noise-"))
    sys.path.insert(0, str(PROJECT / "bench"))
    from generate_export import main as generate

    export = work / "export.ndjson"
    generate(["--proceedings", str(args.proceedings), "--output", str(export),
              "--as-of", AS_OF.isoformat()])
    expected = sum(audit_files([export], AS_OF, working_calendar(), Policy()).by_rule.values())
    lines = [line for line in export.read_bytes().splitlines() if line.strip()]
    unique = len({json.loads(line)["event_id"] for line in lines})
    random.Random(args.seed).shuffle(lines)
    result: dict[str, Any] = {"machine": {"nproc": os.cpu_count(),
                                          "python": platform.python_version()},
                              "events": len(lines), "proceedings": args.proceedings,
                              "audit_breaches": expected, "batch": args.batch}
    for mode in (("single", "distributed") if args.mode == "both" else (args.mode,)):
        counts = run(mode, work, lines, expected, unique, args.batch)
        counts["withdrawn_of_raised"] = round(
            counts["alerts_withdrawn"] / max(counts["alerts_raised"], 1), 4)
        result[mode] = counts
        print(mode, counts, file=sys.stderr)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json_out:
        args.json_out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
