"""Business errors: typed, each with its HTTP status and a stable machine-readable code.

Services raise them; one handler (`shared/web.py`) turns them into answers of one shape,
`{"detail": <English sentence>, "code": <code>, "params": {...}}`. The code and its params
are what a client relies on: the pages translate them into the reader's language
(`services/web/i18n.py`, keys `error.<code>`), so an English sentence never reaches a Kazakh or
Russian page. A code, once given out, keeps its meaning; a new meaning gets a new code.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

# Refusals are RFC 9457 problem details: `type`, `title`, `status`, `detail`, and this project's
# members `code` (stable, what clients and the pages rely on) and `params`.
PROBLEM_MEDIA_TYPE = "application/problem+json"


def problem_body(status: int, code: str, detail: str,
                 params: dict[str, Any] | None = None) -> dict[str, Any]:
    """One refusal's body: the one shape every service answers with."""
    from http import HTTPStatus

    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    return {"type": f"urn:qadagalau:problem:{code}", "title": title, "status": status,
            "detail": detail, "code": code, "params": params or {}}


class ServiceError(Exception):
    """A refusal a caller can act on. `status` is fixed by the kind, `code` by the cause."""

    status: ClassVar[int] = 400

    def __init__(self, code: str, detail: str, **params: Any) -> None:
        super().__init__(detail)
        self.code, self.detail, self.params = code, detail, params

    def body(self) -> dict[str, Any]:
        return problem_body(self.status, self.code, self.detail, self.params)


class Invalid(ServiceError):
    """The request itself is wrong (422): a field, a period, a cursor."""

    status = 422


class Unauthenticated(ServiceError):
    """No valid token (401)."""

    status = 401


class Forbidden(ServiceError):
    """Known caller, not allowed (403): the role may not, or the thing is outside the
    caller's jurisdiction and the caller named it (so its existence is no secret)."""

    status = 403


class NotFound(ServiceError):
    """Nothing there for this caller (404). A thing in another jurisdiction is answered as
    missing, so that its existence is not disclosed."""

    status = 404


class Conflict(ServiceError):
    """The thing's state does not allow it now (409): decided already, closed, withdrawn."""

    status = 409


class TooLarge(ServiceError):
    """The request is larger than the service takes at once (413): say the limit."""

    status = 413


class Unavailable(ServiceError):
    """Something the work needs is not set up or not reachable (503): say what to configure."""

    status = 503


def check_period(start: date, end: date) -> None:
    """A period from `start` to `end`: refused when it ends before it begins."""
    if end < start:
        raise Invalid("period_reversed", "to: the period ends before it begins", field="to")


def cursor_invalid() -> Invalid:
    """The one refusal of a cursor no list gave out."""
    return Invalid("cursor_invalid", "cursor: not a cursor this service gave out",
                   field="cursor")


def not_found(what: str, ident: object) -> NotFound:
    """The one wording of 'no such thing for you', shared by every room."""
    return NotFound(f"{what}_not_found", f"no {what} {ident} in your jurisdiction",
                    id=str(ident)[:200])
