"""The monitor's HTTP edge: an admin may run a sweep now."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from services.monitor.service import Monitor
from shared.auth import Principal
from shared.web import require

router = APIRouter()
Admin = Annotated[Principal, Depends(require("admin"))]


@router.post("/api/v1/monitor/sweep")
def sweep(request: Request, principal: Admin) -> dict[str, Any]:
    monitor: Monitor = request.app.state.monitor
    today = monitor.today()
    return {"on": today.isoformat(), "evaluated": monitor.sweep(today)}


Reader = Annotated[Principal, Depends(require("prosecutor", "auditor", "admin"))]


@router.get("/api/v1/proceedings")
def proceedings(request: Request, principal: Reader, bailiff_id: str) -> dict[str, Any]:
    """The proceedings a bailiff holds now, in the caller's jurisdiction."""
    monitor: Monitor = request.app.state.monitor
    return {"items": monitor.proceedings_of(principal, bailiff_id)}


@router.get("/api/v1/proceedings/{proceeding_id}")
def proceeding(request: Request, principal: Reader, proceeding_id: str) -> dict[str, Any]:
    """A proceeding's timeline as the monitor knows it (facts: no names, no IINs) and the
    breaches it currently finds."""
    monitor: Monitor = request.app.state.monitor
    return monitor.timeline(principal, proceeding_id)
