"""The services' log lines (shared/logs.py): JSON off a terminal, with the request's id."""

from __future__ import annotations

import io
import json
import logging
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient

from services.bootstrap import app_for
from shared.logs import configure_logging
from tests.integration.live import in_process_system


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_off_a_terminal_each_line_is_a_json_object_with_the_request_id(tmp_path: Path) -> None:
    stream = io.StringIO()
    handler = configure_logging("alerts", stream)
    system = in_process_system(f"sqlite:///{tmp_path / 'q.db'}", date(2025, 12, 1))
    try:
        app = app_for(system)

        @app.get("/api/v1/boom")
        def boom() -> None:
            logging.getLogger("qadagalau.test").info("about to fail")
            # Made at run time, as data is: the source line the trace shows holds no value.
            name, iin = "".join(("Ива", "нов")), str(900101300000 + 17)
            raise RuntimeError(f"the debtor {name} {iin} must not be logged")

        client = TestClient(app, raise_server_exceptions=False)
        answer = client.get("/api/v1/boom", headers={"X-Request-ID": "req-42"})
        page = client.get("/alerts/boom-page", headers={"X-Request-ID": "req-43"})
        assert page.headers["x-request-id"] == "req-43"
        assert answer.status_code == 500 and answer.headers["x-request-id"] == "req-42"
        fresh = client.get("/healthz").headers["x-request-id"]
        assert len(fresh) == 32  # one made for a caller that sent none
    finally:
        system.stop()
        logging.getLogger().removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    mine = [line for line in lines if line.get("request_id") == "req-42"]
    assert {"about to fail"} <= {line["message"] for line in mine}
    assert all(line["service"] == "alerts" and line["level"] and line["at"] for line in lines)
    assert any(line["level"] == "ERROR" for line in mine)  # the unexpected error, with its id
    assert "900101300017" not in stream.getvalue() and "Иванов" not in stream.getvalue()


def test_on_a_terminal_lines_are_plain_text() -> None:
    stream = Terminal()
    handler = configure_logging("monitor", stream)
    try:
        logging.getLogger("qadagalau").warning("sweep late")
    finally:
        logging.getLogger().removeHandler(handler)
    assert stream.getvalue().rstrip().endswith("WARNING qadagalau: sweep late")
    assert not stream.getvalue().startswith("{")


def test_an_error_handed_to_the_log_keeps_its_message_out() -> None:
    """uvicorn logs the errors an application raises as they are: the line keeps the type and
    the frames, never the message (it may quote a name or an IIN)."""
    stream = io.StringIO()
    handler = configure_logging("ingest", stream)
    try:
        try:
            iin = str(900101300000 + 17)
            raise ValueError(f"debtor {iin}")
        except ValueError:
            logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
    finally:
        logging.getLogger().removeHandler(handler)
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["error"].startswith("ValueError\n") and "test_logs.py" in line["error"]
    assert "900101300017" not in stream.getvalue()
