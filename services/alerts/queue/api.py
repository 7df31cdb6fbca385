"""The alert queue's HTTP edge, `/api/v1/alerts` (docs/contract.md §3)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from services.alerts.queue.service import FILTERS, AlertQueue
from shared.access import Jurisdiction
from shared.paging import page_of
from shared.responses import Overdue, Page, PlacedBreach, Reply, RiskReason, ShownDebtor
from shared.web import RowId, allowed, reading, work

router = APIRouter(prefix="/api/v1/alerts", tags=["alerts"])
Reader = Annotated[Jurisdiction, Depends(allowed("alerts.read"))]
Worker = Annotated[Jurisdiction, Depends(allowed("alerts.work"))]
queue = AlertQueue()

Status = Literal["new", "assigned", "acknowledged", "resolved", "dismissed"]
Action = Literal["assign", "acknowledge", "resolve", "dismiss", "issue_act"]


class Alert(PlacedBreach):
    """A breach in the queue and where it is in its lifecycle."""

    id: int
    status: Status
    assignee: str | None
    raised_on: date = Field(description="the day the monitor found the breach")
    withdrawn_on: date | None = Field(description="the day later data showed no breach")
    created_at: datetime
    updated_at: datetime
    allowed_actions: list[Action] = Field(description="what the caller may do with it next")


class QueuedAlert(Alert):
    """An alert as a prosecutor reads it in the queue."""

    overdue: Overdue | None = Field(description="null for a rule with no term to be late for")
    debtor: ShownDebtor | None
    amount_kzt: float | None
    bailiff_name: str | None
    risk: float | None = Field(description="the proceeding's breach-risk score, 0–1")
    risk_target: str | None = Field(description="the rule the risk score is of")


class AlertEntry(Reply):
    """A step of an alert's history."""

    kind: str = Field(description="raised, changed, withdrawn, or the status it moved to")
    actor: str
    reason: str | None
    at: datetime


class AlertCase(QueuedAlert):
    """One alert whole: its risk's reasons, history and the acts brought on it."""

    risk_reasons: list[RiskReason]
    history: list[AlertEntry]
    acts: list[str] = Field(description="the ids of the acts brought on it")


class OpenBreaches(Reply):
    rule: str
    region: str | None
    count: int


class WeekCount(Reply):
    week: date = Field(description="the week's Monday")
    count: int


class QueueSummary(Reply):
    open: list[OpenBreaches] = Field(description="open breaches by rule and region")
    raised_per_week: list[WeekCount] = Field(description="breaches raised, the last 12 weeks")


class Assignee(Reply):
    name: str
    region: str | None
    district: str | None


@router.get("", response_model=Page[QueuedAlert])
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
    """The queue, filtered, in order of arrival (`id`), of the term's last day (`due`: the
    most overdue first) or of risk."""
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


@router.get("/summary", response_model=QueueSummary)
def summary(request: Request, reach: Reader) -> dict[str, Any]:
    """Open breaches by rule and region, breaches raised per week: the dashboard's figures."""
    with reading(request) as session:
        return queue.summary(session, reach, request.app.state.today())


@router.get("/assignees", response_model=Page[Assignee])
def assignees(request: Request, reach: Worker, cursor: str | None = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> dict[str, Any]:
    """Whom the caller may give an alert to: the users of their territory who work alerts.
    (An assignment names anyone, as an API client's own directory knows them; the pages offer
    these.)"""
    with reading(request) as session:
        people = queue.assignees(session, reach)
    items, next_cursor = page_of(people, lambda p: (p["name"],), cursor, (str,), limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/{alert_id}", response_model=AlertCase)
def get_alert(request: Request, reach: Reader, alert_id: RowId) -> dict[str, Any]:
    """One alert whole: the case, its history, risk and acts."""
    with reading(request) as session:
        return queue.get(session, reach, alert_id, request.app.state.today(),
                         request.app.state.calendar)


class Transition(BaseModel):
    status: Literal["assigned", "acknowledged", "resolved", "dismissed"]
    assignee: str | None = Field(None, max_length=128)
    reason: str | None = Field(None, max_length=4000)


@router.post("/{alert_id}/transitions", response_model=Alert)
def transition(request: Request, reach: Worker, alert_id: RowId,
               body: Transition) -> dict[str, Any]:
    """Move the alert on: assign, acknowledge, resolve, dismiss (with a reason)."""
    with work(request) as session:
        return queue.transition(session, reach, alert_id, body.status, body.assignee,
                                body.reason)
