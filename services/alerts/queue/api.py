"""The alert queue's HTTP edge, `/api/v1/alerts` (docs/contract.md §3)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from services.alerts.queue.service import FILTERS, AlertQueue
from shared.access import Jurisdiction
from shared.web import RowId, allowed, reading, work

router = APIRouter(prefix="/api/v1/alerts", tags=["alerts"])
Reader = Annotated[Jurisdiction, Depends(allowed("alerts.read"))]
Worker = Annotated[Jurisdiction, Depends(allowed("alerts.work"))]
queue = AlertQueue()


@router.get("")
def list_alerts(
    request: Request,
    reach: Reader,
    rule: str | None = None,
    state: str | None = None,
    region: str | None = None,
    district: str | None = None,
    bailiff_id: str | None = None,
    proceeding_id: str | None = None,
    status: str | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    include_withdrawn: bool = False,
    sort: Annotated[str, Query(pattern="^(id|due|risk)$")] = "id",
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "rule": rule, "state": state, "region": region, "district": district,
        "bailiff_id": bailiff_id, "proceeding_id": proceeding_id,
        # Several statuses, comma-separated: "new,assigned" is what still needs action.
        "status": status.split(",") if status and "," in status else status}
    filters = {name: value for name in FILTERS if (value := values[name]) is not None}
    with reading(request) as session:
        page = queue.page(session, reach, filters, cursor, limit, request.app.state.today(),
                          request.app.state.calendar, include_withdrawn, sort)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/summary")
def summary(request: Request, reach: Reader) -> dict[str, Any]:
    """Open breaches by rule and region, breaches raised per week: the dashboard's figures."""
    with reading(request) as session:
        return queue.summary(session, reach, request.app.state.today())


@router.get("/assignees")
def assignees(request: Request, reach: Worker) -> dict[str, Any]:
    """Whom the caller may give an alert to: the users of their territory who work alerts.
    (An assignment names anyone, as an API client's own directory knows them; the pages offer
    these.)"""
    with reading(request) as session:
        return {"items": queue.assignees(session, reach)}


@router.get("/{alert_id}")
def get_alert(request: Request, reach: Reader, alert_id: RowId) -> dict[str, Any]:
    with reading(request) as session:
        return queue.get(session, reach, alert_id, request.app.state.today(),
                         request.app.state.calendar)


class Transition(BaseModel):
    status: str = Field(pattern="^(assigned|acknowledged|resolved|dismissed)$")
    assignee: str | None = Field(None, max_length=128)
    reason: str | None = Field(None, max_length=4000)


@router.post("/{alert_id}/transitions")
def transition(request: Request, reach: Worker, alert_id: RowId,
               body: Transition) -> dict[str, Any]:
    with work(request) as session:
        return queue.transition(session, reach, alert_id, body.status, body.assignee,
                                body.reason)
