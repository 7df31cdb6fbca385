"""The sanctions service's HTTP edge."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from services.sanctions.documents import fetch_decree_document
from services.sanctions.service import SanctionDesk
from shared.access import Jurisdiction
from shared.web import IdPath, allowed, reading, work

router = APIRouter(tags=["sanctions"])
Reader = Annotated[Jurisdiction, Depends(allowed("sanctions.read"))]
QueueReader = Annotated[Jurisdiction, Depends(allowed("sanctions.queue"))]
Prosecutor = Annotated[Jurisdiction, Depends(allowed("sanctions.decide"))]
Worker = Annotated[Jurisdiction, Depends(allowed("sanctions.assign"))]


def _desk(request: Request) -> SanctionDesk:
    desk: SanctionDesk = request.app.state.sanctions
    return desk


@router.get("/api/v1/sanctions")
def queue(request: Request, reach: QueueReader, status: str = "pending",
          district: str | None = None, decree_kind: str | None = None,
          bailiff_id: str | None = None, cursor: str | None = None,
          limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    values = {"district": district, "decree_kind": decree_kind, "bailiff_id": bailiff_id}
    filters = {name: value for name, value in values.items() if value is not None}
    with reading(request) as session:
        items, next_cursor = _desk(request).queue(session, reach, status, filters, cursor,
                                                  limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/api/v1/sanctions/summary")
def summary(request: Request, reach: QueueReader) -> dict[str, Any]:
    with reading(request) as session:
        return _desk(request).summary(session, reach)


# A path of its own: under /api/v1/sanctions/{decree_id:path} a decree id ending in
# "/document" could not be told from this.
@router.get("/api/v1/sanction-documents/{decree_id:path}",
            response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
def document(request: Request, reach: QueueReader, decree_id: IdPath) -> Response:
    """The decree's document as the bailiff system serves it, fetched from a trusted host and
    verified against the decree's `document_sha256`; for those who review decrees (a bailiff
    system, which sent it, has its own copy)."""
    with reading(request) as session:
        url, sha256 = _desk(request).document_of(session, reach, decree_id)
    found = fetch_decree_document(decree_id, url, sha256,
                                  request.app.state.runtime.document_hosts)
    return Response(found.content, media_type=found.media_type, headers={
        "Content-Disposition": "inline" if found.media_type != "application/octet-stream"
        else "attachment", "Cache-Control": "private, no-store",
        # Whatever the store sent is shown as the type checked, never run as this origin's.
        "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"})


# `:path`: a decree id may contain "/" (docs/contract.md §1), which arrives decoded.
@router.get("/api/v1/sanctions/{decree_id:path}")
def get(request: Request, reach: Reader, decree_id: IdPath) -> dict[str, Any]:
    with reading(request) as session:
        return _desk(request).get(session, reach, decree_id)


class Assignment(BaseModel):
    assignee: str = Field(min_length=1, max_length=128)


@router.post("/api/v1/sanctions/{decree_id:path}/assignment")
def assign(request: Request, reach: Worker, decree_id: IdPath,
           body: Assignment) -> dict[str, Any]:
    with work(request) as session:
        return _desk(request).assign(session, reach, decree_id, body.assignee)


class Draft(BaseModel):
    decision: str = Field(pattern="^(granted|refused)$")
    reason: str | None = Field(None, max_length=4000)


class Decision(Draft):
    signature: str = Field(description="base64 of a detached CMS signature (DER) over the "
                                       "bytes that /to-sign returns")


@router.post("/api/v1/sanctions/{decree_id:path}/to-sign")
def to_sign(request: Request, reach: Prosecutor, decree_id: IdPath,
            body: Draft) -> dict[str, str]:
    with reading(request) as session:
        content = _desk(request).to_sign(session, reach, decree_id, body.decision, body.reason)
    return {"content": content.decode("utf-8"),
            "content_base64": base64.b64encode(content).decode()}


@router.post("/api/v1/sanctions/{decree_id:path}/decision")
def decide(request: Request, reach: Prosecutor, decree_id: IdPath,
           body: Decision) -> dict[str, Any]:
    with work(request) as session:
        return _desk(request).decide(session, reach, decree_id, body.decision, body.reason,
                                     body.signature)
