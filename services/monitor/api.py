"""The monitor's HTTP edge: an admin may run a sweep now."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from services.monitor.risk import RiskDesk
from services.monitor.service import Monitor
from shared.auth import Principal
from shared.errors import ServiceError
from shared.risk.model import NotEnoughHistory
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


# `:path`: a proceeding id may contain "/" (docs/contract.md §1); sent percent-encoded, it
# arrives decoded, and a plain parameter would stop at the first "/" and answer 404.
@router.get("/api/v1/proceedings/{proceeding_id:path}")
def proceeding(request: Request, principal: Reader, proceeding_id: str) -> dict[str, Any]:
    """A proceeding's timeline as the monitor knows it (facts: no names, no IINs) and the
    breaches it currently finds."""
    monitor: Monitor = request.app.state.monitor
    return monitor.timeline(principal, proceeding_id)


# --- risk ----------------------------------------------------------------------------------

Supervisor = Annotated[Principal, Depends(require("auditor", "admin"))]
Indicators = Annotated[Principal, Depends(require("prosecutor", "chamber", "justice",
                                                  "auditor", "admin"))]


def _risk(request: Request) -> RiskDesk:
    desk: RiskDesk = request.app.state.risk
    return desk


@router.get("/api/v1/risk/models")
def risk_models(request: Request, principal: Supervisor) -> dict[str, Any]:
    """Every trained model with its data window, metrics and features; which is in service."""
    return {"items": _risk(request).models()}


@router.post("/api/v1/risk/train")
def risk_train(request: Request, principal: Admin) -> dict[str, Any]:
    try:
        return {"items": _risk(request).train()}
    except NotEnoughHistory as exc:
        raise ServiceError(409, str(exc)) from None


@router.get("/api/v1/risk/proceedings/{proceeding_id:path}")
def risk_of(request: Request, principal: Reader, proceeding_id: str) -> dict[str, Any]:
    return {"proceeding_id": proceeding_id,
            "scores": _risk(request).scores(principal, proceeding_id)}


@router.get("/api/v1/risk/bailiffs")
def risk_bailiffs(request: Request, principal: Indicators, region: str | None = None,
                  outliers: bool = False) -> dict[str, Any]:
    """Bailiff indicators with robust z-scores within the region, the inspection ranking."""
    return {"items": _risk(request).indicators(principal, region, outliers)}

