"""What every service's HTTP edge shares: bearer authentication, health, metrics, latency."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from shared.auth import AuthError, Principal, principal_for_token
from shared.errors import ServiceError
from shared.metrics import REQUEST_SECONDS


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
        raise AuthError(401, "missing bearer token: send 'Authorization: Bearer <token>'")
    with sessions_of(request)() as session:
        principal = principal_for_token(session, credentials.credentials.strip())
    if principal is None:
        raise AuthError(401, "unknown or revoked token")
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require(*roles: str) -> Callable[[Principal], Principal]:
    def check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in roles:
            raise AuthError(403, f"the role {principal.role!r} may not do this; "
                                 f"it needs one of: {', '.join(roles)}")
        return principal

    return check


def attachment(filename: str) -> dict[str, str]:
    """Content-Disposition for a download: a plain ASCII name for old clients and the exact
    one (RFC 6266) for all others, since ids and names may be in Cyrillic."""
    plain = filename.encode("ascii", "replace").decode().replace("?", "_")
    return {"Content-Disposition": f"attachment; filename=\"{plain}\"; "
                                   f"filename*=UTF-8''{quote(filename, safe='')}"}


def install(app: FastAPI, service: str, ready_checks: Iterable[Callable[[], None]] = ()) -> None:
    """Health, readiness, /metrics, error shapes and request latency on `app`."""
    checks = list(ready_checks)

    @app.exception_handler(ServiceError)
    async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)

    @app.exception_handler(AuthError)
    async def _auth_error(request: Request, exc: AuthError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse({"detail": exc.detail}, status_code=exc.status, headers=headers)

    @app.middleware("http")
    async def _latency(request: Request, call_next: Any) -> Any:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        REQUEST_SECONDS.labels(service, request.method, path, str(response.status_code)).observe(
            time.perf_counter() - started)
        return response

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

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
