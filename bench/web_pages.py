"""Measure how fast each web page is served, and loads in a real browser, at a district's
full load of open alerts.

The demo system (`qadagalau serve --demo`) runs behind uvicorn in this process, and its
prosecutor's district is given `--open-alerts` more open alerts (default 100,000; each with its
proceeding's debtor and sum, as the queue shows them). A signed-in prosecutor and a chamber
fetch every page through HTTP (the page's own calls to the API included): median and p95 of the
server's time per page. Then Debian's Chromium (Selenium) loads every page: median and p95 of
the browser's load time (navigation start to the load event), static files cached as a
returning user has them.

    .venv/bin/python bench/web_pages.py [--calls 50] [--open-alerts 100000] [--no-browser]
        [--json-out docs/bench-web-pages.json]
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
from datetime import timedelta
from pathlib import Path
from typing import Any

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


def _open_alerts(system: Any, count: int) -> int:
    """`count` open alerts in the demo prosecutor's district, each on a proceeding of its own
    with a debtor and a sum: how many open alerts the district then has."""
    from sqlalchemy import func, insert, select

    from services.alerts.acts.models import ActProceeding
    from services.alerts.queue.models import Alert
    from shared.auth import User

    with system.sessions() as session:
        user = session.scalar(select(User).where(User.name == "demo-prosecutor"))
        region, district = user.region, user.district
        bailiff = session.scalar(select(Alert.bailiff_id).where(
            Alert.district == district, Alert.bailiff_id.is_not(None)).limit(1))
    rules = ("OPENING_TERM", "NOTICE_TERM", "COMPLETION_TERM", "VALUATION_TERM")
    with system.sessions.begin() as session:
        for start in range(0, count, 10_000):
            batch = range(start, min(count, start + 10_000))
            session.execute(insert(ActProceeding), [{
                "proceeding_id": f"EP-LOAD-{n:07d}", "bailiff_id": bailiff, "region": region,
                "district": district, "debtor_kind": "individual",
                "debtor_name": f"Борышкер {n}", "debtor_iin_bin": "••••••••" + f"{n:04d}"[-4:],
                "amount_kzt": 10_000.0 + n} for n in batch])
            session.execute(insert(Alert), [{
                "identity": f"load|{n}", "rule": rules[n % 4],
                "proceeding_id": f"EP-LOAD-{n:07d}", "bailiff_id": bailiff,
                "due": DEMO_TODAY - timedelta(days=1 + n % 300), "state": "open",
                "region": region, "district": district, "status": ("new", "assigned")[n % 2],
                "assignee": "demo-prosecutor" if n % 2 else None,
                "raised_on": DEMO_TODAY - timedelta(days=n % 300)} for n in batch])
    with system.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(Alert).where(
            Alert.district == district, Alert.withdrawn_on.is_(None))) or 0)


def _browser_loads(url: str, pages: dict[str, tuple[httpx.Client, str]],
                   loads: int) -> dict[str, dict[str, float]]:
    """Each page's load time in Chromium, signed in as the page's user."""
    import shutil

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1366,900", "--disable-gpu"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")
                                              or "/usr/bin/chromedriver"), options=options)
    out: dict[str, dict[str, float]] = {}
    try:
        driver.get(url + "/sign-in")
        for name, (client, path) in pages.items():
            driver.delete_all_cookies()
            for cookie in client.cookies.jar:
                driver.add_cookie({"name": cookie.name, "value": cookie.value or "",
                                   "path": "/"})
            driver.get(url + path)  # warm: static files cached
            seconds = []
            for _ in range(loads):
                driver.get(url + path)
                seconds.append(driver.execute_script(
                    "const t = performance.getEntriesByType('navigation')[0];"
                    "return t.loadEventEnd - t.startTime;") / 1000)
            seconds.sort()
            out[name] = {"p50_ms": round(statistics.median(seconds) * 1000, 1),
                         "p95_ms": round(seconds[max(0, int(len(seconds) * 0.95) - 1)] * 1000,
                                         1)}
    finally:
        driver.quit()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--open-alerts", type=int, default=100_000,
                        help="open alerts added to the demo prosecutor's district")
    parser.add_argument("--browser-loads", type=int, default=10,
                        help="loads of each page in Chromium (0: none)")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp())
    runtime = Runtime(database_url=f"sqlite:///{folder / 'demo.db'}", web_cookie_secure=False)
    clock = DemoClock()
    system = build(runtime, Policy(today=DEMO_TODAY), today=clock)
    port = free_port()
    with contextlib.redirect_stderr(io.StringIO()):
        _load_demo(system, clock, "127.0.0.1", port)
    added = _open_alerts(system, args.open_alerts)
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
    act = re.search(r'href="/acts/([^"?]+)"', prosecutor.get("/acts").text)
    assert alert and proceeding and bailiff and decree and report and act
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
        "act": (prosecutor, f"/acts/{act.group(1)}"),
        "alert queue, all statuses by risk": (prosecutor, "/alerts?status=any&sort=risk"),
        "chamber dashboard": (chamber, "/"),
        "chamber inbox": (chamber, "/inbox"),
        "chamber report": (chamber, f"/inbox/{report.group(1)}"),
    }
    result: dict[str, Any] = {
        "calls": args.calls, "open_alerts_in_district": added, "pages": {
            name: _timed(client, path, args.calls) for name, (client, path) in pages.items()}}
    if args.browser_loads:
        result["browser"] = _browser_loads(url, pages, args.browser_loads)
    server.should_exit = True
    system.stop()
    out = json.dumps(result, indent=2, ensure_ascii=False)
    print(out)
    if args.json_out:
        args.json_out.write_text(out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
