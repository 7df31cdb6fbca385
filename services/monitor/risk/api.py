"""The risk room's HTTP edge, `/api/v1/risk`: models, training on demand, scores, the riskiest
open proceedings and the bailiff indicators."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from services.monitor.risk import service
from services.monitor.risk.jobs import RiskDesk
from shared import paging
from shared.access import Jurisdiction
from shared.errors import Conflict
from shared.responses import Page, Reply, RiskReason
from shared.risk.model import NotEnoughHistory
from shared.web import IdPath, allowed, reading

router = APIRouter(prefix="/api/v1/risk", tags=["risk"])
Reader = Annotated[Jurisdiction, Depends(allowed("risk.read"))]
ModelReader = Annotated[Jurisdiction, Depends(allowed("risk.models"))]
Trainer = Annotated[Jurisdiction, Depends(allowed("risk.train"))]
Indicators = Annotated[Jurisdiction, Depends(allowed("risk.indicators"))]


class RiskModel(Reply):
    """A trained breach-risk model: its data windows and metrics against the baseline."""

    id: int
    target: str = Field(description="the rule whose breach it predicts")
    trained_on: date
    promoted: bool = Field(description="it beat the baseline on the test window")
    in_service: bool
    metrics: dict[str, Any] = Field(description="train and test windows, examples, the "
                                                "model's and the baseline's ROC AUC, average "
                                                "precision, Brier score, calibration")
    features: list[str]
    importance: dict[str, float] = Field(description="each feature's permutation importance")


class Trained(Reply):
    items: list[RiskModel] = Field(description="the models just trained, one a target")


class RiskScore(Reply):
    target: str
    probability: float
    reasons: list[RiskReason]
    model_id: int
    scored_on: date


class RiskyProceeding(Reply):
    """An open proceeding and its highest breach-risk score."""

    proceeding_id: str
    target: str
    probability: float
    reasons: list[RiskReason]
    region: str | None
    district: str | None
    scored_on: date


class ProceedingRisk(Reply):
    proceeding_id: str
    scores: list[RiskScore]


class BailiffIndicators(Reply):
    """A bailiff's indicators and their robust z-scores within the region."""

    bailiff_id: str
    region: str
    district: str | None
    kind: str | None
    computed_on: date
    rank_score: float = Field(description="the strongest deviation above the region's norm")
    outlier_on: list[str] = Field(description="the indicators past the outlier threshold")
    proceedings: float | None
    alimony_cases: float | None
    alimony_neglected_share: float | None
    large_sum_neglected_share: float | None
    completion_breach_rate: float | None
    alimony_neglect: float | None
    z_completion_breach_rate: float | None
    z_alimony_neglect: float | None


@router.get("/models", response_model=Page[RiskModel])
def risk_models(request: Request, reach: ModelReader, cursor: str | None = None,
                limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict[str, Any]:
    """Every trained model with its data window, metrics and features; which is in service.
    The latest first."""
    with reading(request) as session:
        trained = service.models(session)
    items, next_cursor = paging.page_of(trained, lambda m: (m["id"],), cursor, (int,), limit,
                                        descending=True)
    return {"items": items, "next_cursor": next_cursor}


@router.post("/train", response_model=Trained)
def risk_train(request: Request, reach: Trainer) -> dict[str, Any]:
    """Train a model for each target on the history now (it goes into service only if it
    beats the baseline)."""
    job: RiskDesk = request.app.state.risk
    try:
        return {"items": job.train()}
    except NotEnoughHistory as exc:
        raise Conflict("history_too_short", str(exc)) from None


@router.get("/open", response_model=Page[RiskyProceeding])
def riskiest(request: Request, reach: Reader, cursor: str | None = None,
             limit: Annotated[int, Query(ge=1, le=500)] = 20) -> dict[str, Any]:
    """Open proceedings most likely to breach a term (scores of the models in service), the
    likeliest first."""
    with reading(request) as session:
        items, next_cursor = service.riskiest(session, reach, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/proceedings/{proceeding_id:path}", response_model=ProceedingRisk)
def risk_of(request: Request, reach: Reader, proceeding_id: IdPath) -> dict[str, Any]:
    """A proceeding's breach-risk scores, one a target, with their reasons."""
    with reading(request) as session:
        return {"proceeding_id": proceeding_id,
                "scores": service.scores(session, reach, proceeding_id)}


@router.get("/bailiffs", response_model=Page[BailiffIndicators])
def risk_bailiffs(request: Request, reach: Indicators, region: str | None = None,
                  outliers: bool = False, cursor: str | None = None,
                  limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> dict[str, Any]:
    """Bailiff indicators with robust z-scores within the region, the inspection ranking:
    the highest rank score first."""
    with reading(request) as session:
        rows = service.indicators(session, reach, region, outliers)
    items, next_cursor = paging.page_of(rows, lambda r: (-r["rank_score"], r["bailiff_id"]),
                                        cursor, (float, str), limit)
    return {"items": items, "next_cursor": next_cursor}
