"""The monitor's HTTP edge: proceedings as the monitor knows them, a sweep on demand, and the
breach-risk models, scores and bailiff indicators."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from services.monitor.risk import RiskDesk
from services.monitor.service import Monitor
from shared.access import Jurisdiction
from shared.errors import Conflict
from shared.risk.model import NotEnoughHistory
from shared.web import IdPath, allowed

router = APIRouter(prefix="/api/v1", tags=["monitor"])
Sweeper = Annotated[Jurisdiction, Depends(allowed("monitor.sweep"))]
Reader = Annotated[Jurisdiction, Depends(allowed("proceedings.read"))]
RiskReader = Annotated[Jurisdiction, Depends(allowed("risk.read"))]
ModelReader = Annotated[Jurisdiction, Depends(allowed("risk.models"))]
Trainer = Annotated[Jurisdiction, Depends(allowed("risk.train"))]
Indicators = Annotated[Jurisdiction, Depends(allowed("risk.indicators"))]


def _monitor(request: Request) -> Monitor:
    monitor: Monitor = request.app.state.monitor
    return monitor


def _risk(request: Request) -> RiskDesk:
    desk: RiskDesk = request.app.state.risk
    return desk


@router.post("/monitor/sweep")
def sweep(request: Request, reach: Sweeper) -> dict[str, Any]:
    monitor = _monitor(request)
    today = monitor.today()
    return {"on": today.isoformat(), "evaluated": monitor.sweep(today)}


@router.get("/proceedings")
def proceedings(request: Request, reach: Reader, bailiff_id: str) -> dict[str, Any]:
    """The proceedings a bailiff holds now, in the caller's jurisdiction."""
    return {"items": _monitor(request).proceedings_of(reach.principal, bailiff_id)}


# `:path`: a proceeding id may contain "/" (docs/contract.md §1); sent percent-encoded, it
# arrives decoded, and a plain parameter would stop at the first "/" and answer 404.
@router.get("/proceedings/{proceeding_id:path}")
def proceeding(request: Request, reach: Reader, proceeding_id: IdPath) -> dict[str, Any]:
    """A proceeding's timeline as the monitor knows it (facts: no names, no IINs) and the
    breaches it currently finds."""
    return _monitor(request).timeline(reach.principal, proceeding_id)


@router.get("/risk/models")
def risk_models(request: Request, reach: ModelReader) -> dict[str, Any]:
    """Every trained model with its data window, metrics and features; which is in service."""
    return {"items": _risk(request).models()}


@router.post("/risk/train")
def risk_train(request: Request, reach: Trainer) -> dict[str, Any]:
    try:
        return {"items": _risk(request).train()}
    except NotEnoughHistory as exc:
        raise Conflict("history_too_short", str(exc)) from None


@router.get("/risk/open")
def riskiest(request: Request, reach: RiskReader,
             limit: Annotated[int, Query(ge=1, le=500)] = 20) -> dict[str, Any]:
    """Open proceedings most likely to breach a term (scores of the models in service)."""
    return {"items": _risk(request).riskiest(reach.principal, limit)}


@router.get("/risk/proceedings/{proceeding_id:path}")
def risk_of(request: Request, reach: RiskReader, proceeding_id: IdPath) -> dict[str, Any]:
    return {"proceeding_id": proceeding_id,
            "scores": _risk(request).scores(reach.principal, proceeding_id)}


@router.get("/risk/bailiffs")
def risk_bailiffs(request: Request, reach: Indicators, region: str | None = None,
                  outliers: bool = False) -> dict[str, Any]:
    """Bailiff indicators with robust z-scores within the region, the inspection ranking."""
    return {"items": _risk(request).indicators(reach.principal, region, outliers)}
