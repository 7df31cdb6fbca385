"""Measure how fast each web page is served with the demo data.

The demo system (`qadagalau serve --demo`: the demo export, 7,212 events) runs behind uvicorn in
this process; a signed-in prosecutor and a chamber fetch every page through HTTP, as a browser
would (the page's own calls to the API included). Median and p95 per page, over repeated calls.

    .venv/bin/python bench/web_pages.py [--calls 50] [--json-out docs/bench-web-pages.json]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import httpx  # noqa: E402
import uvicorn  # noqa: E402

from services.bootstrap import app_for, build  # noqa: E402
from services.demo import DEMO_TODAY, DemoClock  # noqa: E402
from services.serve import DEMO_PASSWORD, _load_demo  # noqa: E402
from shared.settings import Policy, Runtime  # noqa: E402
from tests.integration.kafka import free_port  # noqa: E402


def _signed_in(url: str, name: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=30)
    pre = re.search(r'name="pre" value="([^"]+)"', client.get("/sign-in").text)
    assert pre
    answer = client.post("/sign-in", data={"name": name, "password": DEMO_PASSWORD,
                                           "pre": pre.group(1), "next": "/"},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client


def _timed(client: httpx.Client, path: str, calls: int) -> dict[str, float]:
    assert client.get(path).status_code == 200, path  # warm
    seconds = []
    for _ in range(calls):
        started = time.perf_counter()
        response = client.get(path)
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    seconds.sort()
    return {"p50_ms": round(statistics.median(seconds) * 1000, 1),
            "p95_ms": round(seconds[max(0, int(len(seconds) * 0.95) - 1)] * 1000, 1)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp())
    runtime = Runtime(database_url=f"sqlite:///{folder / 'demo.db'}", web_cookie_secure=False)
    clock = DemoClock()
    system = build(runtime, Policy(today=DEMO_TODAY), today=clock)
    port = free_port()
    with contextlib.redirect_stderr(io.StringIO()):
        _load_demo(system, clock, "127.0.0.1", port)
    server = uvicorn.Server(uvicorn.Config(app_for(system), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    prosecutor, chamber = _signed_in(url, "demo-prosecutor"), _signed_in(url, "demo-chamber")
    queue = prosecutor.get("/alerts").text
    alert = re.search(r'href="/alerts/(\d+)"', queue)
    proceeding = re.search(r'href="/proceedings/([^"]+)"', queue)
    bailiff = re.search(r'href="/bailiffs/([^"]+)"', queue)
    decree = re.search(r'href="/sanctions/([^"?]+)"', prosecutor.get("/sanctions").text)
    report = re.search(r'href="/inbox/(\d+)"', chamber.get("/inbox").text)
    assert alert and proceeding and bailiff and decree and report
    pages = {
        "sign-in": (httpx.Client(base_url=url), "/sign-in"),
        "dashboard": (prosecutor, "/"),
        "alert queue": (prosecutor, "/alerts"),
        "alert queue, one rule": (prosecutor, "/alerts?rule=COMPLETION_TERM"),
        "alert": (prosecutor, f"/alerts/{alert.group(1)}"),
        "proceeding": (prosecutor, f"/proceedings/{proceeding.group(1)}"),
        "bailiff": (prosecutor, f"/bailiffs/{bailiff.group(1)}"),
        "sanction queue": (prosecutor, "/sanctions"),
        "decree review": (prosecutor, f"/sanctions/{decree.group(1)}"),
        "acts ledger": (prosecutor, "/acts"),
        "chamber dashboard": (chamber, "/"),
        "chamber inbox": (chamber, "/inbox"),
        "chamber report": (chamber, f"/inbox/{report.group(1)}"),
    }
    result = {"calls": args.calls, "pages": {
        name: _timed(client, path, args.calls) for name, (client, path) in pages.items()}}
    server.should_exit = True
    system.stop()
    out = json.dumps(result, indent=2, ensure_ascii=False)
    print(out)
    if args.json_out:
        args.json_out.write_text(out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
