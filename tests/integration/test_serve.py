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
    finally:
        server.terminate()
        server.wait(timeout=30)
