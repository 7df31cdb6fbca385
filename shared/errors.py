"""Business errors that carry their HTTP status: services raise them, routes stay thin, and one
handler (shared/web.py) turns them into `{"detail": …}` answers."""

from __future__ import annotations


class ServiceError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail
