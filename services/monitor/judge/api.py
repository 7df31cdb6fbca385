"""The judge's HTTP edge: proceedings as the monitor knows them, and a sweep on demand."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field

from services.monitor.judge.jobs import Sweep
from services.monitor.judge.service import Monitor
from shared import paging
from shared.access import Jurisdiction
from shared.responses import Page, PlacedBreach, Reply
from shared.web import IdPath, allowed, reading

router = APIRouter(prefix="/api/v1", tags=["proceedings"])
Sweeper = Annotated[Jurisdiction, Depends(allowed("monitor.sweep"))]
Reader = Annotated[Jurisdiction, Depends(allowed("proceedings.read"))]


class Swept(Reply):
    on: date = Field(description="the day judged")
    evaluated: int = Field(description="the proceedings and bailiffs judged again")


class HeldProceeding(Reply):
    proceeding_id: str
    held_since: date = Field(description="the day it came to the bailiff")
    region: str
    district: str


class Fact(Reply):
    """A fact of a proceeding as the monitor keeps it: no names, no IINs."""

    on: date
    type: str = Field(description="the event type it came from (docs/contract.md §1)")
    key: str | None = Field(description="what it is about: a bailiff, a property, a decree…")
    # A kind, a decision, or the accepted document's attributes (region, district, category,
    # periodic, amount).
    value: str | bool | int | float | list[str | bool | int | float | None] | None
    when: date | None = Field(description="a second day the fact carries (a notice's "
                                          "delivery, a sale's date)")


class ProceedingFile(Reply):
    """A proceeding's timeline as the monitor knows it, and the breaches it finds now."""

    proceeding_id: str
    region: str | None = Field(description="null until its document comes")
    district: str | None
    timeline: list[Fact]
    breaches: list[PlacedBreach]


@router.post("/monitor/sweep", response_model=Swept)
def sweep(request: Request, reach: Sweeper) -> dict[str, Any]:
    """Judge today now every proceeding whose next check has come (the daily sweep, on
    demand)."""
    job: Sweep = request.app.state.sweep
    today = job.monitor.today()
    return {"on": today.isoformat(), "evaluated": job(today)}


@router.get("/proceedings", response_model=Page[HeldProceeding])
def proceedings(request: Request, reach: Reader, bailiff_id: str, cursor: str | None = None,
                limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> dict[str, Any]:
    """The proceedings a bailiff holds now, in the caller's jurisdiction, the most recently
    taken first."""
    with reading(request) as session:
        held = Monitor.proceedings_of(session, reach, bailiff_id)
    items, next_cursor = paging.page_of(
        held, lambda p: (date.fromisoformat(p["held_since"]), p["proceeding_id"]), cursor,
        (date, str), limit, descending=True)
    return {"items": items, "next_cursor": next_cursor}


# `:path`: a proceeding id may contain "/" (docs/contract.md §1); sent percent-encoded, it
# arrives decoded, and a plain parameter would stop at the first "/" and answer 404.
@router.get("/proceedings/{proceeding_id:path}", response_model=ProceedingFile)
def proceeding(request: Request, reach: Reader, proceeding_id: IdPath) -> dict[str, Any]:
    """A proceeding's timeline as the monitor knows it (facts: no names, no IINs) and the
    breaches it currently finds."""
    with reading(request) as session:
        return Monitor.timeline(session, reach, proceeding_id)
