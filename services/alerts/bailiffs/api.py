"""The registry's HTTP edge: `/api/v1/bailiffs` (members, one bailiff, records), and the
members' `/api/v1/breaches`, `/api/v1/licence` (acts against the threshold) and
`/api/v1/inspection-plan`. A chamber sees only its own members."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from services.alerts.bailiffs.service import Registry
from shared.access import Jurisdiction
from shared.errors import check_period
from shared.legal.calendar import add_months
from shared.web import IdPath, Year, allowed, reading, work

router = APIRouter(prefix="/api/v1", tags=["bailiffs"])
Reader = Annotated[Jurisdiction, Depends(allowed("bailiffs.read"))]
Recorder = Annotated[Jurisdiction, Depends(allowed("bailiffs.record"))]
BreachReader = Annotated[Jurisdiction, Depends(allowed("breaches.read"))]
PlanReader = Annotated[Jurisdiction, Depends(allowed("inspections.read"))]
LicenceReader = Annotated[Jurisdiction, Depends(allowed("licence.read"))]


def _registry(request: Request) -> Registry:
    registry: Registry = request.app.state.registry
    return registry


@router.get("/bailiffs")
def list_bailiffs(request: Request, reach: Reader, region: str | None = None) -> dict[str, Any]:
    with reading(request) as session:
        return {"items": _registry(request).bailiffs(session, reach, region)}


class NewRecord(BaseModel):
    kind: str = Field(description="inspection, complaint, court_ruling, annulled_action or "
                                  "criminal_case")
    on: date
    violations_found: bool | None = None
    recommendations_met: bool | None = None
    note: str | None = Field(None, max_length=4000)


@router.post("/bailiffs/{bailiff_id:path}/records", status_code=201)
def add_record(request: Request, reach: Recorder, bailiff_id: IdPath,
               body: NewRecord) -> dict[str, Any]:
    with work(request) as session:
        return _registry(request).add_record(
            session, reach, request.app.state.today(), bailiff_id, body.kind, body.on,
            body.violations_found, body.recommendations_met, body.note)


@router.get("/bailiffs/{bailiff_id:path}")
def get_bailiff(request: Request, reach: Reader, bailiff_id: IdPath) -> dict[str, Any]:
    with reading(request) as session:
        return _registry(request).bailiff(session, reach, bailiff_id, request.app.state.today())


@router.get("/breaches")
def list_breaches(request: Request, reach: BreachReader, bailiff_id: str | None = None,
                  since: Annotated[date | None, Query(alias="from")] = None,
                  until: Annotated[date | None, Query(alias="to")] = None,
                  limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> dict[str, Any]:
    with reading(request) as session:
        return {"items": _registry(request).breaches(session, reach, bailiff_id, since, until,
                                                     limit)}


@router.get("/licence")
def licence(request: Request, reach: LicenceReader, year: Year = None) -> dict[str, Any]:
    """Acts per bailiff toward the licence threshold in `year` (this year by default)."""
    today = request.app.state.today()
    with reading(request) as session:
        return {"items": _registry(request).licence_counts(session, reach, year or today.year,
                                                           today)}


@router.get("/inspection-plan")
def inspection_plan(request: Request, reach: PlanReader, region: str | None = None,
                    since: Annotated[date | None, Query(alias="from")] = None,
                    until: Annotated[date | None, Query(alias="to")] = None) -> dict[str, Any]:
    """Defaults to the current quarter, the period of the initial-inspection schedule."""
    today = request.app.state.today()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    start = since or quarter_start
    end = until or add_months(quarter_start, 3) - timedelta(days=1)
    check_period(start, end)
    with reading(request) as session:
        return {"from": start.isoformat(), "to": end.isoformat(),
                "items": _registry(request).inspection_plan(session, reach, region, start, end,
                                                            today)}
