"""What every service's HTTP edge shares: bearer authentication and the access policy, the unit
of work, error answers, health, metrics, latency.

The edge owns the transaction: a route opens `work(request)` (or `reading(request)`), hands the
session to the room's service, and the work commits once when the route's block ends. Services
never commit, so one request is one transaction however many rooms it touches."""

from __future__ import annotations

import json
import logging
import pathlib
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Protocol
from urllib.parse import quote

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.access import Jurisdiction
from shared.auth import Principal, principal_for_token
from shared.errors import PROBLEM_MEDIA_TYPE, ServiceError, Unauthenticated, problem_body
from shared.logs import REQUEST_ID
from shared.metrics import REQUEST_SECONDS, publish_build_info
from shared.storage import transaction

log = logging.getLogger(__name__)

# Database ids are signed 64-bit: a larger number names nothing, and is answered as such
# (422) rather than overflowing the driver.
MAX_ID = 2**63 - 1
RowId = Annotated[int, Path(ge=1, le=MAX_ID, description="a row id")]
# An id from a bailiff system may hold any character, '/' included: routes that end with one
# take it as `{name:path}`, and clients percent-encode it.
IdPath = Annotated[str, Path(min_length=1, max_length=128, description="an id as sent")]
# A calendar year a date can be made of.
Year = Annotated[int | None, Query(ge=1, le=9998, description="a calendar year")]


def sessions_of(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    return factory


# Declared as a security scheme so that the interactive docs offer an "Authorize" button.
_bearer = HTTPBearer(auto_error=False, description="a token from `qadagalau token create`")


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise Unauthenticated("token_missing",
                              "missing bearer token: send 'Authorization: Bearer <token>'")
    with sessions_of(request)() as session:
        principal = principal_for_token(session, credentials.credentials.strip())
    if principal is None:
        raise Unauthenticated("token_unknown", "unknown or revoked token")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def allowed(action: str) -> Callable[[Principal], Jurisdiction]:
    """A route's guard: the caller's jurisdiction, if the access policy lets its role take
    `action` (shared/access.py); 403 otherwise."""
    def check(principal: CurrentPrincipal) -> Jurisdiction:
        reach = Jurisdiction(principal)
        reach.require(action)
        return reach

    return check


@contextmanager
def work(request: Request) -> Iterator[Session]:
    """A request's unit of work: committed once when the block ends, rolled back if it
    raises."""
    with transaction(sessions_of(request)) as session:
        yield session


@contextmanager
def reading(request: Request) -> Iterator[Session]:
    """A request that only reads: no commit."""
    with sessions_of(request)() as session:
        yield session


def attachment(filename: str) -> dict[str, str]:
    """Content-Disposition for a download: a plain ASCII name for old clients and the exact
    one (RFC 6266) for all others, since ids and names may be in Cyrillic."""
    plain = filename.encode("ascii", "replace").decode().replace("?", "_")
    return {"Content-Disposition": f"attachment; filename=\"{plain}\"; "
                                   f"filename*=UTF-8''{quote(filename, safe='')}"}


class Downloadable(Protocol):
    @property
    def filename(self) -> str: ...
    @property
    def media_type(self) -> str: ...
    @property
    def content(self) -> bytes: ...


def download(document: Downloadable) -> Response:
    """A stored document as a download, with its own media type."""
    return Response(document.content, media_type=document.media_type,
                    headers=attachment(document.filename))


# What a download of a chamber's documents is, for the OpenAPI document (they are not JSON).
DOCUMENT_TYPES = {200: {"description": "the document", "content": {
    "application/pdf": {}, "application/vnd.openxmlformats-officedocument."
    "spreadsheetml.sheet": {},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {}}}}


def problem(status: int, code: str, detail: str, params: dict[str, Any] | None = None,
            headers: Any = None) -> JSONResponse:
    return JSONResponse(problem_body(status, code, detail, params), status_code=status,
                        headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    """A request that does not validate, in the shape of every other refusal; the field paths
    say what is wrong. Input values are not echoed back: they may be large, or personal data."""
    errors = [{"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg"))}
              for e in exc.errors()][:50]
    detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)[:1000]
    return problem(422, "request_invalid", detail or "the request is not valid",
                   {"errors": errors})


# The framework's own refusals (no such route, a method the route does not take) by code too.
HTTP_CODES = {404: "route_not_found", 405: "method_not_allowed"}


def http_refusal(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    return problem(exc.status_code, HTTP_CODES.get(exc.status_code, "http_error"),
                   str(exc.detail), headers=exc.headers)


def unexpected(request: Request, exc: Exception) -> JSONResponse:
    """Anything no refusal foresaw: logged with its trace (the path and the error's type; no
    request body, which may hold personal data), answered in the shape of every refusal, never
    as the server's plain text."""
    # The trace's frames, not the error's message: a message may quote the data it failed on
    # (a name, an IIN), and the log is no place for personal data.
    import traceback

    # That handler runs outside the middleware's task: the id comes from the request.
    request_id = getattr(request.state, "request_id", None)
    REQUEST_ID.set(request_id)
    log.error("unexpected %s on %s %s\n%s", type(exc).__name__, request.method,
              request.url.path, "".join(traceback.format_tb(exc.__traceback__)).rstrip())
    return problem(500, "internal_error", "an unexpected error; it was logged, try again later",
                   headers={"X-Request-ID": request_id} if request_id else None)


class _BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuses a request body over `limit` bytes while it streams in: by its Content-Length
    before a byte is read, or, sent in chunks, as soon as the count passes the limit. So the
    process never holds more than the limit of one body (issue 13: a 50 MB array took the
    server from 268 MB to 1 GB before the batch check could refuse it)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        received = 0

        async def counted() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _BodyTooLarge:
            await self._refuse(send)

    async def _refuse(self, send: Any) -> None:
        body = json.dumps(problem_body(
            413, "body_too_large", f"the request body is larger than {self.limit} bytes; "
            "send the events in smaller batches", {"limit": self.limit})).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


# Swagger UI's own files (swagger-ui-dist 5.35.0, Apache-2.0, shared/docs_ui/LICENSE): served
# by the service itself, so that /docs works on a closed network without a CDN.
DOCS_UI = pathlib.Path(__file__).resolve().parent / "docs_ui"


def install_docs(app: FastAPI) -> None:
    """The interactive API docs at /docs, from this package's copy of Swagger UI (the app is
    made with docs_url=None: FastAPI's own page loads Swagger UI from a CDN)."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    app.mount("/docs/assets", StaticFiles(directory=DOCS_UI), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} — API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png")


def install(app: FastAPI, service: str, ready_checks: Iterable[Callable[[], None]] = (),
            max_body_bytes: int = 16 * 1024 * 1024) -> None:
    """Health, readiness, /metrics, error shapes, the body limit and request latency on
    `app`."""
    checks = list(ready_checks)
    publish_build_info()
    app.add_middleware(BodyLimit, limit=max_body_bytes)

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers,
                            media_type=PROBLEM_MEDIA_TYPE)

    app.add_exception_handler(RequestValidationError, invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_refusal)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, unexpected)

    @app.middleware("http")
    async def _latency(request: Request, call_next: Any) -> Any:
        started = time.perf_counter()
        # Every line logged while serving carries the request's id (the caller's, or a new
        # one), and the answer says it: a user's report of a failure finds its log lines. Not
        # reset: each request is a task of its own.
        given = request.headers.get("x-request-id", "")
        request_id = given if 0 < len(given) <= 64 and given.isprintable() else uuid.uuid4().hex
        REQUEST_ID.set(request_id)
        request.state.request_id = request_id  # for the handler of an unexpected error
        response = await call_next(request)
        response.headers["X-Request-ID"] = request_id
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        REQUEST_SECONDS.labels(service, request.method, path, str(response.status_code)).observe(
            time.perf_counter() - started)
        return response

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    install_docs(app)

    @app.get("/readyz", include_in_schema=False)
    def readyz(request: Request) -> JSONResponse:
        try:
            with sessions_of(request)() as session:
                session.execute(text("SELECT 1"))
            for check in checks:
                check()
        except Exception as exc:  # readiness reports any failure, it does not raise
            return JSONResponse({"status": "not ready", "detail": str(exc)}, status_code=503)
        return JSONResponse({"status": "ready"})

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> PlainTextResponse:
        return PlainTextResponse(generate_latest(), media_type=CONTENT_TYPE_LATEST)
