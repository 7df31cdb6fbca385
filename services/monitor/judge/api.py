"""The judge's HTTP edge: proceedings as the monitor knows them, and a sweep on demand."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from services.monitor.judge.jobs import Sweep
from services.monitor.judge.service import Monitor
from shared.access import Jurisdiction
from shared.web import IdPath, allowed, reading

router = APIRouter(prefix="/api/v1", tags=["proceedings"])
Sweeper = Annotated[Jurisdiction, Depends(allowed("monitor.sweep"))]
Reader = Annotated[Jurisdiction, Depends(allowed("proceedings.read"))]


@router.post("/monitor/sweep")
def sweep(request: Request, reach: Sweeper) -> dict[str, Any]:
    job: Sweep = request.app.state.sweep
    today = job.monitor.today()
    return {"on": today.isoformat(), "evaluated": job(today)}


@router.get("/proceedings")
def proceedings(request: Request, reach: Reader, bailiff_id: str) -> dict[str, Any]:
    """The proceedings a bailiff holds now, in the caller's jurisdiction."""
    with reading(request) as session:
        return {"items": Monitor.proceedings_of(session, reach, bailiff_id)}


# `:path`: a proceeding id may contain "/" (docs/contract.md §1); sent percent-encoded, it
# arrives decoded, and a plain parameter would stop at the first "/" and answer 404.
@router.get("/proceedings/{proceeding_id:path}")
def proceeding(request: Request, reach: Reader, proceeding_id: IdPath) -> dict[str, Any]:
    """A proceeding's timeline as the monitor knows it (facts: no names, no IINs) and the
    breaches it currently finds."""
    with reading(request) as session:
        return Monitor.timeline(session, reach, proceeding_id)
