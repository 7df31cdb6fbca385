"""The sanctions service's HTTP edge."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from services.sanctions.service import SanctionDesk
from shared.auth import Principal
from shared.web import require

router = APIRouter()
Reader = Annotated[Principal, Depends(require("prosecutor", "auditor", "admin",
                                              "bailiff-system"))]
QueueReader = Annotated[Principal, Depends(require("prosecutor", "auditor", "admin"))]
Prosecutor = Annotated[Principal, Depends(require("prosecutor"))]
Worker = Annotated[Principal, Depends(require("prosecutor", "admin"))]


def _desk(request: Request) -> SanctionDesk:
    desk: SanctionDesk = request.app.state.sanctions
    return desk


@router.get("/api/v1/sanctions")
def queue(request: Request, principal: QueueReader, status: str = "pending",
          district: str | None = None, decree_kind: str | None = None,
          bailiff_id: str | None = None, cursor: str | None = None,
          limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    values = {"district": district, "decree_kind": decree_kind, "bailiff_id": bailiff_id}
    filters = {name: value for name, value in values.items() if value is not None}
    items, next_cursor = _desk(request).queue(principal, status, filters, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/api/v1/sanctions/summary")
def summary(request: Request, principal: QueueReader) -> dict[str, Any]:
    return _desk(request).summary(principal)


# `:path`: a decree id may contain "/" (docs/contract.md §1), which arrives decoded.
@router.get("/api/v1/sanctions/{decree_id:path}")
def get(request: Request, principal: Reader, decree_id: str) -> dict[str, Any]:
    return _desk(request).get(principal, decree_id)


class Assignment(BaseModel):
    assignee: str = Field(min_length=1, max_length=128)


@router.post("/api/v1/sanctions/{decree_id:path}/assignment")
def assign(request: Request, principal: Worker, decree_id: str,
           body: Assignment) -> dict[str, Any]:
    return _desk(request).assign(principal, decree_id, body.assignee)


class Draft(BaseModel):
    decision: str = Field(pattern="^(granted|refused)$")
    reason: str | None = Field(None, max_length=4000)


class Decision(Draft):
    signature: str = Field(description="base64 of a detached CMS signature (DER) over the "
                                       "bytes that /to-sign returns")


@router.post("/api/v1/sanctions/{decree_id:path}/to-sign")
def to_sign(request: Request, principal: Prosecutor, decree_id: str,
            body: Draft) -> dict[str, str]:
    content = _desk(request).to_sign(principal, decree_id, body.decision, body.reason)
    return {"content": content.decode("utf-8"),
            "content_base64": base64.b64encode(content).decode()}


@router.post("/api/v1/sanctions/{decree_id:path}/decision")
def decide(request: Request, principal: Prosecutor, decree_id: str,
           body: Decision) -> dict[str, Any]:
    return _desk(request).decide(principal, decree_id, body.decision, body.reason,
                                 body.signature)
