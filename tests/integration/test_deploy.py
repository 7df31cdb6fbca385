"""The deployment files: Prometheus configuration and alert rules checked with promtool, and
every metric the rules use is one the services expose."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.bootstrap import app_for
from tests.integration.live import in_process_system

PROMETHEUS = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool comes with Debian's prometheus (bin/test installs it)")


@needs_promtool
def test_prometheus_configuration_is_valid() -> None:
    done = subprocess.run([PROMTOOL, "check", "config", "prometheus.yml"], cwd=PROMETHEUS,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@needs_promtool
def test_alert_rules_fire_as_their_tests_say() -> None:
    done = subprocess.run([PROMTOOL, "test", "rules", "rules.test.yml"], cwd=PROMETHEUS,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_metric_in_the_rules_is_exposed(tmp_path: Path) -> None:
    used = set(re.findall(r"\b(qadagalau_[a-z_]+)", (PROMETHEUS / "rules.yml").read_text()))
    system = in_process_system(f"sqlite:///{tmp_path / 'q.db'}", date(2025, 12, 1))
    try:
        exposed = TestClient(app_for(system)).get("/metrics").text
    finally:
        system.stop()
    names = set(re.findall(r"^# TYPE (qadagalau_[a-z_]+) ", exposed, re.MULTILINE))
    # Counters are exposed as NAME_total with "# TYPE NAME counter".
    names |= {f"{name}_total" for name in names}
    assert used <= names, f"rules use metrics no service exposes: {used - names}"


@needs_promtool
def test_the_metrics_follow_prometheus_conventions(tmp_path: Path) -> None:
    """`promtool check metrics` on what a service exposes after real work: durations in
    seconds, counters named *_total, help on every metric; and the build's version."""
    system = in_process_system(f"sqlite:///{tmp_path / 'q.db'}", date(2025, 12, 1))
    try:
        client = TestClient(app_for(system))
        client.get("/api/v1/alerts")  # a request's latency, refused or not
        exposed = client.get("/metrics").text
    finally:
        system.stop()
    done = subprocess.run([PROMTOOL, "check", "metrics"], input=exposed, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    from shared.version import version

    assert re.search(rf'^qadagalau_build_info{{python="[0-9.]+",version="{re.escape(version())}"}}'
                     r" 1\.0$", exposed, re.MULTILINE), exposed[:2000]


def test_the_command_says_its_version() -> None:
    import sys

    from shared.version import version

    done = subprocess.run([sys.executable, "-m", "services.cli", "--version"],
                          capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert (done.returncode, done.stdout.strip()) == (0, f"qadagalau {version()}")
    assert version() != "0+unknown"  # the package is installed: bin/setup does it
