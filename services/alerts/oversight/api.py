"""Oversight's HTTP edge, `/api/v1/oversight`: each district's figures over a period."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from services.alerts.oversight.service import district_figures
from shared import paging
from shared.access import Jurisdiction
from shared.errors import check_period
from shared.legal.calendar import add_months
from shared.responses import Page, Reply
from shared.web import allowed, reading

router = APIRouter(prefix="/api/v1/oversight", tags=["oversight"])
Reader = Annotated[Jurisdiction, Depends(allowed("oversight.read"))]


class Found(Reply):
    found: int = Field(description="breaches raised in the period")
    open: int = Field(description="of those, still open and not worked off")


class ActFigures(Reply):
    total: int
    by_kind: dict[str, int]
    satisfied: int
    partly: int
    rejected: int
    unanswered: int
    taken_to_court: int
    recovered_kzt: float


class AppealFigures(Reply):
    received: int
    answered_in_time: int
    answered_late: int
    unanswered: int
    past_term: int = Field(description="unanswered, and past their last day")


class DistrictFigures(Reply):
    """A district's supervision over the period (a region's, for what has no district)."""

    region: str | None
    district: str | None
    breaches: dict[str, Found] = Field(description="by rule")
    acts: ActFigures
    appeals: AppealFigures
    proposals: int = Field(description="licence proposals made in the period")


class Oversight(Page[DistrictFigures]):
    period_from: date = Field(alias="from")
    period_to: date = Field(alias="to")


@router.get("", response_model=Oversight)
def oversight(request: Request, reach: Reader,
              since: Annotated[date | None, Query(alias="from")] = None,
              until: Annotated[date | None, Query(alias="to")] = None,
              cursor: str | None = None,
              limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict[str, Any]:
    """Each district's figures side by side, within the caller's reach, for a period (the
    current quarter by default), in order of region and district."""
    today = request.app.state.today()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    start = since or quarter_start
    end = until or add_months(quarter_start, 3) - timedelta(days=1)
    check_period(start, end)
    with reading(request) as session:
        rows = district_figures(session, reach, start, end, today, request.app.state.ctx)
    items, next_cursor = paging.page_of(
        rows, lambda r: (r["region"] or "", r["district"] or ""), cursor, (str, str), limit)
    return {"from": start, "to": end, "items": items, "next_cursor": next_cursor}
