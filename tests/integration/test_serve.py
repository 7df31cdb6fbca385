"""`qadagalau serve --demo` as a user starts it: it answers, with the tokens it printed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.integration.kafka import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_serve_demo_answers_with_the_printed_tokens(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QADAGALAU_")}
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "services.cli", "serve", "--demo",
                                   "--port", str(port)], cwd=tmp_path, env=env | {
                                       "PYTHONPATH": str(ROOT)}, stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise AssertionError(log.read_text())
        text = log.read_text()
        prosecutor = re.search(r"prosecutor (\S+)\s+(qdg_\S+)", text)
        assert prosecutor, text
        district, token = prosecutor.groups()
        alerts = httpx.get(f"{base}/api/v1/alerts?limit=500",
                           headers={"Authorization": f"Bearer {token}"}).json()["items"]
        assert alerts and {a["district"] for a in alerts} == {district}
        assert "today is 2025-12-01" in text
        assert httpx.get(f"{base}/api/v1/alerts").status_code == 401
        chamber = re.search(r"chamber (\S+)\s+(qdg_\S+)", text)
        assert chamber, text
        region, token = chamber.groups()
        inbox = httpx.get(f"{base}/api/v1/reports",
                          headers={"Authorization": f"Bearer {token}"}).json()["items"]
        assert {(r["region"], r["kind"]) for r in inbox} == {
            (region, "weekly"), (region, "monthly"), (region, "on_demand")}
        _the_demo_shows_the_product(base, text)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _the_demo_shows_the_product(base: str, printed: str) -> None:
    """Months of history arrived over time, a model scores open proceedings, the clock says
    the demo's today, requests fall due today and tomorrow, acts with and without answers."""
    found = re.search(r"prosecutor (\S+)\s+(qdg_\S+)", printed)
    admin = re.search(r"admin\s+(qdg_\S+)", printed)
    assert found and admin, printed
    mine = {"Authorization": f"Bearer {found.group(2)}"}
    everyone = {"Authorization": f"Bearer {admin.group(1)}"}
    weeks = httpx.get(f"{base}/api/v1/alerts/summary", headers=everyone).json()[
        "raised_per_week"]
    assert sum(1 for w in weeks if w["count"]) >= 6, weeks  # a shape, not one bar
    assert httpx.get(f"{base}/api/v1/risk/open", headers=mine).json()["items"]
    queue = httpx.get(f"{base}/api/v1/sanctions", headers=mine).json()["items"]
    due = sorted(r["due_on"] for r in queue)
    assert due[:3] == ["2025-12-01", "2025-12-01", "2025-12-02"], queue
    assert min(r["received_on"] for r in queue) >= "2025-11-01"  # none left for years
    arrest = next(r for r in queue if r["decree_kind"] == "arrest_real_estate")
    review = httpx.get(f"{base}/api/v1/sanctions/{arrest['decree_id']}", headers=mine).json()
    assert review["materials"]["property"]["kind"] == "real_estate"  # the property it names
    acts = httpx.get(f"{base}/api/v1/acts", headers=mine).json()["items"]
    assert {a["answered_on"] is None for a in acts} == {True, False}
    assert any(a["answer_result"] == "partly" for a in acts)
    alert = httpx.get(f"{base}/api/v1/alerts?limit=1", headers=mine).json()["items"][0]
    history = httpx.get(f"{base}/api/v1/alerts/{alert['id']}", headers=mine).json()["history"]
    assert all("2025-08-01" <= h["at"][:10] <= "2025-12-01" for h in history), history
