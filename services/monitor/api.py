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
