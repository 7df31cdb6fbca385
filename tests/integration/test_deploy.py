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


ALERTMANAGER = Path(__file__).resolve().parents[2] / "deploy" / "alertmanager"
RUNBOOK = Path(__file__).resolve().parents[2] / "docs" / "runbook.md"
AMTOOL = shutil.which("amtool")
needs_alerting = pytest.mark.skipif(
    shutil.which("prometheus") is None or shutil.which("prometheus-alertmanager") is None
    or AMTOOL is None,
    reason="Debian's prometheus and prometheus-alertmanager (bin/test installs them)")


def test_every_rule_has_a_team_a_runbook_entry_and_a_test_case() -> None:
    import yaml

    rules = [r for g in yaml.safe_load((PROMETHEUS / "rules.yml").read_text())["groups"]
             for r in g["rules"]]
    headings = set(re.findall(r"^## (\w+)$", RUNBOOK.read_text(), re.MULTILINE))
    tested = (PROMETHEUS / "rules.test.yml").read_text()
    for rule in rules:
        name = rule["alert"]
        assert rule["labels"]["team"] in ("operators", "supervision"), name
        assert rule["labels"]["severity"] in ("page", "warn"), name
        assert rule["annotations"]["runbook_url"] == f"docs/runbook.md#{name.lower()}", name
        assert name in headings, f"docs/runbook.md has no section for {name}"
        assert f"alertname: {name}\n" in tested, f"rules.test.yml has no case for {name}"


@needs_alerting
def test_the_alertmanager_configuration_is_valid() -> None:
    done = subprocess.run([AMTOOL, "check-config", "alertmanager.yml"], cwd=ALERTMANAGER,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def _prometheus(tmp_path: Path, port: int, service_port: int,
                alertmanager_port: int | None = None) -> subprocess.Popen[bytes]:
    """Debian's Prometheus with the deployment's rules (their waits shortened to 2 s), scraping
    the service on `service_port` every second as job qadagalau-alerts."""
    import yaml

    rules = re.sub(r"for: \d+[mh]", "for: 2s", (PROMETHEUS / "rules.yml").read_text())
    (tmp_path / "rules.yml").write_text(rules)
    config: dict[str, object] = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(tmp_path / "rules.yml")],
        "scrape_configs": [{"job_name": "qadagalau-alerts", "static_configs": [
            {"targets": [f"127.0.0.1:{service_port}"]}]}]}
    if alertmanager_port is not None:
        config["alerting"] = {"alertmanagers": [{"static_configs": [
            {"targets": [f"127.0.0.1:{alertmanager_port}"]}]}]}
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config))
    return subprocess.Popen(["prometheus", f"--config.file={tmp_path}/prometheus.yml",
                             f"--storage.tsdb.path={tmp_path}/tsdb",
                             f"--web.listen-address=127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL,
                            stderr=(tmp_path / "prometheus.log").open("wb"))


def _query(port: int, expr: str) -> list[dict[str, object]]:
    import httpx

    try:
        found: list[dict[str, object]] = httpx.get(
            f"http://127.0.0.1:{port}/api/v1/query", params={"query": expr},
            timeout=5).json()["data"]["result"]
    except (httpx.HTTPError, KeyError, ValueError):
        return []
    return found


def _wait_until_scraped(tmp_path: Path, port: int, scrapes: int = 1) -> None:
    import time

    deadline = time.monotonic() + 60
    while [r["value"][1] for r in _query(port, 'up{job="qadagalau-alerts"}')  # type: ignore[index]
           ] != ["1"] or (scrapes > 1 and not _query(
               port, f'count_over_time(up{{job="qadagalau-alerts"}}[1m]) >= {scrapes}')):
        assert time.monotonic() < deadline, (tmp_path / "prometheus.log").read_text()[-3000:]
        time.sleep(0.5)


@needs_alerting
def test_a_service_that_stops_pages_the_operators(tmp_path: Path) -> None:
    """Debian's real Prometheus scrapes a running service with the deployment's rules and sends
    to Debian's real Alertmanager with the deployment's routes; the service stops; the page
    reaches the on-call webhook (a server of this test). Only the waits are shortened."""
    import json
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import uvicorn
    import yaml

    from tests.integration.kafka import free_port

    received: list[dict[str, object]] = []

    class Pager(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # the standard library names it so
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    pager = ThreadingHTTPServer(("127.0.0.1", 0), Pager)
    threading.Thread(target=pager.serve_forever, daemon=True).start()
    pager_url = f"http://127.0.0.1:{pager.server_address[1]}/qadagalau"

    system = in_process_system(f"sqlite:///{tmp_path / 'q.db'}", date(2025, 12, 1))
    service_port, prometheus_port, am_port = free_port(), free_port(), free_port()
    server = uvicorn.Server(uvicorn.Config(app_for(system), host="127.0.0.1",
                                           port=service_port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()

    routes = yaml.safe_load((ALERTMANAGER / "alertmanager.yml").read_text())
    routes["route"].update(group_wait="1s", group_interval="1s")
    for receiver in routes["receivers"]:
        for hook in receiver.get("webhook_configs", []):
            hook["url"] = pager_url
        receiver.pop("email_configs", None)  # e-mail is not what this test waits for
    (tmp_path / "alertmanager.yml").write_text(yaml.safe_dump(routes))
    processes = [
        subprocess.Popen(["prometheus-alertmanager", f"--config.file={tmp_path}/alertmanager.yml",
                          f"--storage.path={tmp_path}/am",
                          f"--web.listen-address=127.0.0.1:{am_port}",
                          "--cluster.listen-address="],
                         stdout=subprocess.DEVNULL, stderr=(tmp_path / "am.log").open("wb")),
        _prometheus(tmp_path, prometheus_port, service_port, am_port)]
    try:
        _wait_until_scraped(tmp_path, prometheus_port)
        server.should_exit = True  # the service stops
        deadline = time.monotonic() + 90
        while not any(a["labels"]["alertname"] == "QadagalauServiceDown"
                      for message in received for a in message["alerts"]):  # type: ignore[attr-defined]
            assert time.monotonic() < deadline, (tmp_path / "am.log").read_text()[-3000:]
            time.sleep(0.5)
        page = next(a for message in received for a in message["alerts"]  # type: ignore[attr-defined]
                    if a["labels"]["alertname"] == "QadagalauServiceDown")
        assert page["status"] == "firing"
        assert page["labels"]["team"] == "operators" and page["labels"]["severity"] == "page"
        assert page["labels"]["job"] == "qadagalau-alerts"
        assert page["annotations"]["runbook_url"] == "docs/runbook.md#qadagalauservicedown"
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)
        pager.shutdown()
        system.stop()


DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_the_compose_file_follows_the_compose_specification() -> None:
    """No Docker engine runs here: the file is checked against the Compose Specification's own
    JSON Schema (check-jsonschema ships it), and for what keeps a deployment's data."""
    import sys

    import yaml

    checker = Path(sys.executable).with_name("check-jsonschema")
    done = subprocess.run([str(checker), "--builtin-schema", "vendor.compose-spec",
                           str(DEPLOY / "compose.yaml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    kafka = services["kafka"]
    assert kafka["environment"]["KAFKA_LOG_DIRS"] == "/var/lib/kafka/data"
    assert "kafkadata:/var/lib/kafka/data" in kafka["volumes"]
    for name, service in services.items():
        image = service.get("image")
        assert image is None or (":" in image and not image.endswith(":latest")), name
        assert "healthcheck" in service or "<<" in service or name in ("migrate",), name
    assert set(compose["volumes"]) >= {"pgdata", "kafkadata", "prometheusdata",
                                       "alertmanagerdata"}
    assert "change-me" not in (DEPLOY / "compose.yaml").read_text()


def test_the_lock_file_pins_what_pyproject_pins() -> None:
    """The image installs deploy/requirements.lock with hashes: every runtime dependency of
    pyproject.toml is in it at the same version, and every line has its hashes."""
    import tomllib

    pins = tomllib.loads((DEPLOY.parent / "pyproject.toml").read_text())["project"][
        "dependencies"]
    locked = dict(re.findall(r"^([a-z0-9_.-]+)==([^ \\]+) \\$",
                             (DEPLOY / "requirements.lock").read_text(), re.MULTILINE))
    for pin in pins:
        name, version = re.split(r"==", pin.split(";")[0].strip(), maxsplit=1)
        name = re.sub(r"\[.*\]", "", name).lower().replace("_", "-")
        assert locked.get(name) == version, f"{name}=={version} not in the lock"
    assert len(locked) > len(pins)  # the indirect ones too
    lines = [line for line in (DEPLOY / "requirements.lock").read_text().splitlines()
             if not line.lstrip().startswith("#")]
    assert sum("==" in line for line in lines) == len(locked)  # nothing unpinned
    assert sum("--hash=sha256:" in line for line in lines) >= len(locked)


def test_the_image_runs_as_its_own_user_from_the_lock() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert dockerfile.count("FROM ") == 2  # build, then run
    assert "--require-hashes -r requirements.lock" in dockerfile
    assert re.search(r"^USER qadagalau$", dockerfile, re.MULTILINE)
    ignored = (DEPLOY.parent / ".dockerignore").read_text().split()
    assert {".venv", ".git", "tests", "deploy/.env"} <= set(ignored)


GRAFANA = Path(__file__).resolve().parents[2] / "deploy" / "grafana"


@needs_alerting
def test_every_dashboard_panel_returns_data(tmp_path: Path) -> None:
    """Each panel's query of deploy/grafana/dashboards, asked of Debian's real Prometheus
    scraping a service that did real work (events in and rejected, breaches raised, a sweep,
    requests, a sanction request), returns data."""
    import json
    import threading

    import uvicorn

    from services.alerts.queue.service import AlertQueue
    from tests.builders import accepted, event
    from tests.integration.kafka import free_port

    system = in_process_system(f"sqlite:///{tmp_path / 'q.db'}", date(2025, 12, 1))
    service_port, prometheus_port = free_port(), free_port()
    server = uvicorn.Server(uvicorn.Config(app_for(system), host="127.0.0.1",
                                           port=service_port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    prometheus = _prometheus(tmp_path, prometheus_port, service_port)
    try:
        results = system.receiver.batch([
            accepted("2025-09-15", "EP-1"),
            event("decree.issued", "2025-11-28", "EP-1", decree_id="D-1",
                  decree_kind="arrest_bank_funds"),
            {"event_id": "bad", "type": "no.such.type", "occurred_on": "2025-11-28"}], "http")
        assert [r.status for r in results] == ["accepted", "accepted", "rejected"]
        system.settle()
        system.sweep(date(2025, 12, 1))
        # Late data: the opening was on time after all, and its breach is withdrawn.
        system.receiver.batch([event("proceeding.initiated", "2025-09-16", "EP-1",
                                     sent_to_debtor_on="2025-09-16")], "http")
        system.settle()
        with system.sessions() as session:
            AlertQueue.refresh_gauges(session)
            system.sanctions.refresh_gauges(session)
        _wait_until_scraped(tmp_path, prometheus_port, scrapes=3)
        panels = [(board.name, panel["title"], target["expr"])
                  for board in sorted((GRAFANA / "dashboards").glob("*.json"))
                  for panel in json.loads(board.read_text())["panels"]
                  for target in panel["targets"]]
        assert len(panels) >= 12
        empty = [(board, title, expr) for board, title, expr in panels
                 if not _query(prometheus_port, expr)]
        assert empty == [], empty
    finally:
        prometheus.terminate()
        prometheus.wait(timeout=20)
        server.should_exit = True
        system.stop()


def test_the_openapi_document_is_valid_and_says_what_a_client_needs(tmp_path: Path) -> None:
    """A bailiff system's developers build against /openapi.json: it validates as OpenAPI;
    every operation documents its refusals as RFC 9457 problems; the event batch's body is the
    contract's own event schema; downloads are documents, not JSON; tags name the concepts."""
    import json

    import jsonschema
    from openapi_spec_validator import validate

    system = in_process_system(f"sqlite:///{tmp_path / 'q.db'}", date(2025, 12, 1))
    try:
        spec = TestClient(app_for(system)).get("/openapi.json").json()
    finally:
        system.stop()
    validate(spec)
    assert spec["info"]["title"] == "Qadagalau"
    operations = [(path, method, op) for path, ops in spec["paths"].items()
                  for method, op in ops.items()]
    assert len(operations) > 30
    for path, method, op in operations:
        for code in ("401", "403", "422", "500"):
            problem = op["responses"][code]["content"]["application/problem+json"]
            assert problem["schema"] == {"$ref": "#/components/schemas/Problem"}, (path, code)
        assert "{" not in path or "404" in op["responses"], path
        assert op.get("tags"), (path, method)
        # A summary of its own, not FastAPI's title of the function's name.
        assert op["summary"] != op["operationId"].split("_api_")[0].replace("_", " ").title()
    # Every answer is typed and exemplified, and each example is what its schema says
    # (the examples are made from the schemas; this would catch a vocabulary value that does
    # not fit, or a schema left untyped).
    components = spec["components"]
    checked = 0
    for path, method, op in operations:
        bodies = [("request", op.get("requestBody", {}).get("content", {}))] + [
            (code, answer.get("content", {})) for code, answer in op["responses"].items()]
        for code, content in bodies:
            for media_type, part in content.items():
                if "json" not in media_type or "schema" not in part:
                    continue
                assert "example" in part, (path, method, code)
                schema = part["schema"]
                if code.startswith("2"):
                    assert "$ref" in schema, (path, method, "an untyped answer")
                errors = list(jsonschema.Draft202012Validator(
                    schema | {"components": components}).iter_errors(part["example"]))
                assert errors == [], (path, method, code, errors[0].message)
                checked += 1
    assert checked > 3 * len(operations)
    assert [t["name"] for t in spec["tags"]][:3] == ["events", "alerts", "acts"]
    # Every list is a page read by cursor: an answer with `items` has `next_cursor`, and its
    # operation takes `cursor` and `limit`.
    lists = 0
    for path, method, op in operations:
        answer = op["responses"].get("200", {}).get("content", {}).get("application/json", {})
        ref = answer.get("schema", {}).get("$ref", "")
        fields = components["schemas"][ref.rsplit("/", 1)[1]]["properties"] if ref else {}
        if "items" in fields and method == "get":
            lists += 1
            assert "next_cursor" in fields, path
            assert {"cursor", "limit"} <= {p["name"] for p in op.get("parameters", ())}, path
    assert lists >= 14
    # A list's page is named as a client's class would be.
    assert "QueuedAlertPage" in components["schemas"]
    assert not [name for name in components["schemas"] if name.startswith("Page_")]
    batch = spec["paths"]["/api/v1/events"]["post"]["requestBody"]["content"]
    contract = json.loads((Path(__file__).resolve().parents[2] / "docs" / "contract"
                           / "event.schema.json").read_text())
    items = batch["application/json"]["schema"]["items"]
    assert items["discriminator"]["propertyName"] == contract["discriminator"]["propertyName"]
    assert set(items["discriminator"]["mapping"]) == set(contract["discriminator"]["mapping"])
    assert "text/plain" in batch  # NDJSON
    assert "413" in spec["paths"]["/api/v1/events"]["post"]["responses"]
    download = spec["paths"]["/api/v1/reports/{report_id}/documents/{filename}"]["get"]
    assert "application/pdf" in download["responses"]["200"]["content"]


def test_a_client_generated_from_the_openapi_document_posts_and_reads(tmp_path: Path) -> None:
    """What a bailiff system's developers would do: generate a client from /openapi.json
    (openapi-python-client), post a batch of events with it, and read the alert queue."""
    import importlib
    import json
    import sys
    import threading
    import time

    import uvicorn

    from shared.auth import create_token
    from shared.storage import transaction
    from tests.builders import accepted
    from tests.integration.kafka import free_port

    system = in_process_system(f"sqlite:///{tmp_path / 'q.db'}", date(2025, 12, 1))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app_for(system), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    try:
        spec = TestClient(app_for(system)).get("/openapi.json").json()
        (tmp_path / "openapi.json").write_text(json.dumps(spec))
        generator = Path(sys.executable).with_name("openapi-python-client")
        done = subprocess.run([str(generator), "generate", "--path", "openapi.json",
                               "--output-path", "client", "--meta", "none"],
                              cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        sys.path.insert(0, str(tmp_path))
        client_module = importlib.import_module("client.client")
        post = importlib.import_module("client.api.events.post_events_api_v1_events_post")
        queue = importlib.import_module("client.api.alerts.list_alerts_api_v1_alerts_get")
        models = importlib.import_module("client.models")
        with transaction(system.sessions) as session:
            sender = create_token(session, role="bailiff-system", name="ais")
            reader = create_token(session, role="admin", name="admin")
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        document = models.DocumentAccepted.from_dict(accepted("2025-09-15", "EP-G"))
        answer = post.sync_detailed(client=client_module.AuthenticatedClient(
            base_url=url, token=sender), body=[document])
        assert answer.status_code == 200, answer.content
        assert json.loads(answer.content)["accepted"] == 1
        system.settle()
        alerts = queue.sync_detailed(client=client_module.AuthenticatedClient(
            base_url=url, token=reader), proceeding_id="EP-G")
        assert alerts.status_code == 200
        # The answer parses into the generated, typed models.
        assert isinstance(alerts.parsed, models.QueuedAlertPage), alerts.parsed
        assert {a.rule for a in alerts.parsed.items} >= {"OPENING_TERM"}
        opening = next(a for a in alerts.parsed.items if a.rule == "OPENING_TERM")
        assert opening.due.isoformat() == "2025-09-18" and opening.status == "new"
    finally:
        server.should_exit = True
        system.stop()
        sys.path[:] = [p for p in sys.path if p != str(tmp_path)]
        for name in [n for n in sys.modules if n == "client" or n.startswith("client.")]:
            del sys.modules[name]
