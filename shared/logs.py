"""How the services log: one JSON object a line for the log collector (time, level, service,
logger, message, the request's id), or plain text when a person watches a terminal. No
personal data: what is logged names ids, counts and error types, never a debtor's name or IIN
(tests/unit/test_logs.py and the services' own tests check the lines they write)."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from typing import IO, Any

# The id of the HTTP request being served (shared/web.py sets it), for every line logged
# while serving it.
REQUEST_ID: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id",
                                                                        default=None)


def _frames_only(exc_info: Any) -> str:
    """An error as its type and trace, without its message: the message may quote the data it
    failed on (a name, an IIN), and uvicorn logs the errors it is handed as they are."""
    import traceback

    kind, _, trace = exc_info
    return f"{getattr(kind, '__name__', kind)}\n" + "".join(traceback.format_tb(trace)).rstrip()


class PlainLines(logging.Formatter):
    def formatException(self, ei: object) -> str:
        return _frames_only(ei)


class JsonLines(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line = {"at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}",
                "level": record.levelname, "service": self.service, "logger": record.name,
                "message": record.getMessage()}
        if (request_id := REQUEST_ID.get()) is not None:
            line["request_id"] = request_id
        if record.exc_info:
            line["error"] = _frames_only(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(service: str, stream: IO[str] | None = None,
                      level: int = logging.INFO) -> logging.Handler:
    """Route every logger (uvicorn's too) to one handler on `stream` (stderr)."""
    stream = stream or sys.stderr
    handler = logging.StreamHandler(stream)
    if stream.isatty():
        handler.setFormatter(PlainLines("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    else:
        handler.setFormatter(JsonLines(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    return handler
