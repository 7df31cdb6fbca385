"""Ingest's HTTP edge: `POST /api/v1/events` (JSON array or NDJSON, up to 10,000 events)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Request
from pydantic import Field

from services.ingest.service import MAX_BATCH, Ingest
from shared.access import Jurisdiction
from shared.errors import Invalid, TooLarge
from shared.responses import Reply
from shared.web import allowed, work

router = APIRouter(tags=["events"])
BailiffSystem = Annotated[Jurisdiction, Depends(allowed("events.send"))]


async def _body(request: Request) -> bytes:
    """The body in one buffer as it streams in (the body limit, shared/web.py, stops it at its
    size): no list of chunks joined into a second copy."""
    buffer = bytearray()
    async for chunk in request.stream():
        buffer += chunk
    return bytes(buffer)


def _items(body: bytes, content_type: str) -> list[Any]:
    stripped = body.strip()
    if not stripped:
        raise Invalid("body_empty", "empty body: send a JSON array of events or NDJSON")
    if stripped.startswith(b"[") and "ndjson" not in content_type:
        try:
            value = orjson.loads(stripped)
        except orjson.JSONDecodeError as exc:
            raise Invalid("body_not_json", f"the body is not a valid JSON array: {exc}") from None
        if not isinstance(value, list):
            raise Invalid("body_not_array", "the body must be a JSON array of events")
        return value
    # NDJSON: each line stays raw bytes, so a bad line is one rejected event, not a bad body.
    return [line for line in stripped.split(b"\n") if line.strip()]


class EventResult(Reply):
    """What became of one event of the batch, by its place in it."""

    index: int
    event_id: str | None = Field(description="as sent, at most 128 characters (a longer one "
                                             "is cut and marked)")
    status: Literal["accepted", "duplicate", "rejected"]
    reason: str | None = Field(None, description="why it was rejected: the field and the "
                                                 "fault; absent otherwise")


class BatchResult(Reply):
    """One result per event, in the batch's order, and the count of each status."""

    results: list[EventResult]
    accepted: int
    duplicate: int
    rejected: int


@router.post("/api/v1/events", response_model=BatchResult, response_model_exclude_unset=True)
async def post_events(request: Request, reach: BailiffSystem) -> dict[str, Any]:
    """Send a batch of up to 10,000 events (a JSON array or NDJSON); one bad event never
    spoils the batch."""
    items = _items(await _body(request), request.headers.get("content-type", ""))
    if len(items) > MAX_BATCH:
        raise TooLarge("batch_too_large",
                       f"{len(items)} events in one batch; send at most {MAX_BATCH}",
                       events=len(items), limit=MAX_BATCH)
    ingest: Ingest = request.app.state.ingest
    with work(request) as session:
        results = ingest.take(session, items, "http", reach.principal)
    counts = {status: sum(1 for r in results if r.status == status)
              for status in ("accepted", "duplicate", "rejected")}
    return {"results": [r.as_dict() for r in results], **counts}
