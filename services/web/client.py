"""The web pages' way to the services: their HTTP API, with the signed-in person's token, so
that every page gets exactly the roles and jurisdiction checks the API applies.

In the single process the calls go to the API in the same application, in process (ASGI): no
socket, no thread held while waiting, and no address taken from the request (whose Host header
the client chooses). Apart (`serve web`), they go to the configured URLs.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
from fastapi import FastAPI

from shared.settings import Runtime

IN_PROCESS = "http://api.in-process"


def segment(value: str) -> str:
    """An id as one URL path segment. Ids may hold any character (docs/contract.md §1): a "/"
    left as it is would split the path, so it is encoded too."""
    return quote(value, safe="")


class ApiError(Exception):
    """A refusal of the API, with its stable code and params (shared/errors.py), which the
    pages translate; `detail` is the API's English sentence."""

    def __init__(self, status: int, detail: str, code: str | None = None,
                 params: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.code, self.params = status, detail, code, params or {}


def client_for(app: FastAPI, runtime: Runtime) -> httpx.AsyncClient:
    if runtime.api_url:
        return httpx.AsyncClient(timeout=60)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=IN_PROCESS,
                             timeout=60)


# The rooms of the services that may run apart from the alerts service (the base URL).
SANCTIONS_PREFIXES = ("/api/v1/sanctions", "/api/v1/sanction-documents")
MONITOR_PREFIXES = ("/api/v1/proceedings", "/api/v1/monitor", "/api/v1/risk")


class Api:
    def __init__(self, client: httpx.AsyncClient, runtime: Runtime, token: str) -> None:
        self.client = client
        self.base = (runtime.api_url or IN_PROCESS).rstrip("/")
        self.sanctions = (runtime.sanctions_api_url or self.base).rstrip("/")
        self.monitor = (runtime.monitor_api_url or self.base).rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}"}

    def _url(self, path: str) -> str:
        """Which service answers a path: by the URL prefixes of its rooms (the tests check
        every route of every service against this)."""
        if path.startswith(SANCTIONS_PREFIXES):
            return self.sanctions + path
        if path.startswith(MONITOR_PREFIXES):
            return self.monitor + path
        return self.base + path

    async def get(self, path: str, **params: Any) -> Any:
        clean = {k: v for k, v in params.items() if v not in (None, "")}
        return _answer(await self.client.get(self._url(path), params=clean,
                                             headers=self.headers))

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        return _answer(await self.client.post(self._url(path), json=body,
                                              headers=self.headers))

    async def raw(self, path: str) -> httpx.Response:
        response = await self.client.get(self._url(path), headers=self.headers)
        if not response.is_success:
            _answer(response)
        return response


def _answer(response: httpx.Response) -> Any:
    if response.is_success:
        return response.json()
    try:
        body = response.json()
    except ValueError:
        body = {}  # not the API's error shape: nothing of it is shown
    if not isinstance(body, dict):
        body = {}
    detail, code, params = body.get("detail"), body.get("code"), body.get("params")
    raise ApiError(response.status_code, detail[:500] if isinstance(detail, str) else "",
                   code if isinstance(code, str) else None,
                   params if isinstance(params, dict) else None)
