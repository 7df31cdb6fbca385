"""The web pages' way to the services: their HTTP API, with the signed-in person's token, so
that every page gets exactly the roles and jurisdiction checks the API applies."""

from __future__ import annotations

from typing import Any

import httpx

from shared.settings import Runtime


class ApiError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


# One pool of connections per process: a page costs a few local requests, not new sockets.
_http = httpx.Client(timeout=60)


class Api:
    def __init__(self, runtime: Runtime, own_url: str, token: str) -> None:
        self.base = (runtime.api_url or own_url).rstrip("/")
        self.sanctions = (runtime.sanctions_api_url or self.base).rstrip("/")
        self.monitor = (runtime.monitor_api_url or self.base).rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}"}

    def _url(self, path: str) -> str:
        if path.startswith("/api/v1/sanctions"):
            return self.sanctions + path
        if path.startswith(("/api/v1/proceedings", "/api/v1/monitor")):
            return self.monitor + path
        return self.base + path

    def get(self, path: str, **params: Any) -> Any:
        clean = {k: v for k, v in params.items() if v not in (None, "")}
        return _answer(_http.get(self._url(path), params=clean, headers=self.headers))

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return _answer(_http.post(self._url(path), json=body, headers=self.headers))

    def raw(self, path: str) -> httpx.Response:
        response = _http.get(self._url(path), headers=self.headers)
        if not response.is_success:
            _answer(response)
        return response


def _answer(response: httpx.Response) -> Any:
    if response.is_success:
        return response.json()
    try:
        detail = response.json().get("detail", response.text)
    except ValueError:
        detail = response.text
    if not isinstance(detail, str):  # FastAPI's validation errors come as a list
        detail = "; ".join(f"{'.'.join(map(str, e.get('loc', [])))}: {e.get('msg')}"
                           for e in detail)
    raise ApiError(response.status_code, detail)
