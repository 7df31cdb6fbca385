"""The single-process default (SQLite) takes a burst of small batches beside a large one: every
answer 200, every event stored (issue 13: 36 of 40 got a plain-text 500, "database is locked",
and nothing of those batches was stored)."""

from __future__ import annotations

import concurrent.futures
import threading
import time
from datetime import date
from pathlib import Path

import httpx
import uvicorn
from sqlalchemy import func, select

from services.bootstrap import app_for, build
from services.ingest.models import AcceptedEvent
from shared.auth import create_token
from shared.bus.memory import InProcessBus
from shared.settings import Policy, Runtime
from shared.storage import transaction
from tests.builders import accepted, event
from tests.integration.kafka import free_port

TODAY = date(2025, 12, 1)


def test_small_batches_beside_a_large_one_are_all_stored(tmp_path: Path) -> None:
    system = build(Runtime(database_url=f"sqlite:///{tmp_path / 'one.db'}",
                           sweep_interval_seconds=3600), Policy(today=TODAY), InProcessBus())
    with transaction(system.sessions) as session:
        token = create_token(session, role="bailiff-system", name="burst")
    system.start()  # the consumers write while the requests do
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app_for(system), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url, headers = f"http://127.0.0.1:{port}/api/v1/events", {"Authorization": f"Bearer {token}"}
    large = []
    for n in range(2500):
        pid = f"EP-L{n}"
        large += [accepted("2025-11-03", pid), event("proceeding.initiated", "2025-11-04", pid),
                  event("proceeding.suspended", "2025-11-10", pid),
                  event("proceeding.resumed", "2025-11-12", pid)]
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            big = pool.submit(httpx.post, url, json=large, headers=headers, timeout=300)

            def small_ones() -> list[int]:
                statuses = []
                for n in range(40):
                    answer = httpx.post(url, json=[accepted("2025-11-20", f"EP-S{n}")],
                                        headers=headers, timeout=120)
                    statuses.append(answer.status_code)
                    time.sleep(0.1)
                return statuses

            small = pool.submit(small_ones)
            assert big.result().status_code == 200
            assert small.result() == [200] * 40
        with system.sessions() as session:
            stored = session.scalar(select(func.count()).select_from(AcceptedEvent))
        assert stored == len(large) + 40
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        system.stop()
