"""The risk room's HTTP edge, `/api/v1/risk`: models, training on demand, scores, the riskiest
open proceedings and the bailiff indicators."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from services.monitor.risk import service
from services.monitor.risk.jobs import RiskDesk
from shared.access import Jurisdiction
from shared.errors import Conflict
from shared.risk.model import NotEnoughHistory
from shared.web import IdPath, allowed, reading

router = APIRouter(prefix="/api/v1/risk", tags=["risk"])
Reader = Annotated[Jurisdiction, Depends(allowed("risk.read"))]
ModelReader = Annotated[Jurisdiction, Depends(allowed("risk.models"))]
Trainer = Annotated[Jurisdiction, Depends(allowed("risk.train"))]
Indicators = Annotated[Jurisdiction, Depends(allowed("risk.indicators"))]


@router.get("/models")
def risk_models(request: Request, reach: ModelReader) -> dict[str, Any]:
    """Every trained model with its data window, metrics and features; which is in service."""
    with reading(request) as session:
        return {"items": service.models(session)}


@router.post("/train")
def risk_train(request: Request, reach: Trainer) -> dict[str, Any]:
    job: RiskDesk = request.app.state.risk
    try:
        return {"items": job.train()}
    except NotEnoughHistory as exc:
        raise Conflict("history_too_short", str(exc)) from None


@router.get("/open")
def riskiest(request: Request, reach: Reader,
             limit: Annotated[int, Query(ge=1, le=500)] = 20) -> dict[str, Any]:
    """Open proceedings most likely to breach a term (scores of the models in service)."""
    with reading(request) as session:
        return {"items": service.riskiest(session, reach, limit)}


@router.get("/proceedings/{proceeding_id:path}")
def risk_of(request: Request, reach: Reader, proceeding_id: IdPath) -> dict[str, Any]:
    with reading(request) as session:
        return {"proceeding_id": proceeding_id,
                "scores": service.scores(session, reach, proceeding_id)}


@router.get("/bailiffs")
def risk_bailiffs(request: Request, reach: Indicators, region: str | None = None,
                  outliers: bool = False) -> dict[str, Any]:
    """Bailiff indicators with robust z-scores within the region, the inspection ranking."""
    with reading(request) as session:
        return {"items": service.indicators(session, reach, region, outliers)}
