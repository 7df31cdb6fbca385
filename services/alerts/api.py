"""The alert queue's HTTP edge (contract.md §3)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from services.alerts.acts import ActsLedger
from services.alerts.service import FILTERS, AlertQueue
from shared.auth import Principal
from shared.web import require

router = APIRouter()
Reader = Annotated[Principal, Depends(require("prosecutor", "auditor", "admin"))]
Worker = Annotated[Principal, Depends(require("prosecutor", "admin"))]


def _queue(request: Request) -> AlertQueue:
    queue: AlertQueue = request.app.state.alerts
    return queue


@router.get("/api/v1/alerts")
def list_alerts(
    request: Request,
    principal: Reader,
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
    values = {"rule": rule, "state": state, "region": region, "district": district,
              "bailiff_id": bailiff_id, "proceeding_id": proceeding_id, "status": status}
    filters = {name: value for name in FILTERS if (value := values[name]) is not None}
    page = _queue(request).page(principal, filters, cursor, limit, include_withdrawn, sort)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/api/v1/alerts/summary")
def summary(request: Request, principal: Reader) -> dict[str, Any]:
    """Open breaches by rule and region, breaches raised per week: the dashboard's figures."""
    return _queue(request).summary(principal, _ledger(request).today())


@router.get("/api/v1/risk/open")
def riskiest(request: Request, principal: Reader,
             limit: Annotated[int, Query(ge=1, le=500)] = 20) -> dict[str, Any]:
    """Open proceedings most likely to breach a term (scores from the monitor's model)."""
    return {"items": _queue(request).riskiest(principal, limit)}


@router.get("/api/v1/alerts/{alert_id}")
def get_alert(request: Request, principal: Reader, alert_id: int) -> dict[str, Any]:
    alert, history = _queue(request).get(principal, alert_id)
    return alert | {"history": history}


class Transition(BaseModel):
    status: str = Field(pattern="^(assigned|acknowledged|resolved|dismissed)$")
    assignee: str | None = None
    reason: str | None = Field(None, max_length=4000)


@router.post("/api/v1/alerts/{alert_id}/transitions")
def transition(request: Request, principal: Worker, alert_id: int,
               body: Transition) -> dict[str, Any]:
    return _queue(request).transition(principal, alert_id, body.status, body.assignee,
                                      body.reason)


# --- supervisory acts ----------------------------------------------------------------------

Prosecutor = Annotated[Principal, Depends(require("prosecutor"))]


def _ledger(request: Request) -> ActsLedger:
    ledger: ActsLedger = request.app.state.acts
    return ledger


class NewAct(BaseModel):
    act_kind: str
    alert_ids: list[int] = Field(default_factory=list, max_length=500)
    bailiff_id: str | None = None
    proceeding_id: str | None = None
    addressee: str | None = Field(None, max_length=2000)
    response_due_on: date | None = None


@router.post("/api/v1/acts", status_code=201)
def issue_act(request: Request, principal: Prosecutor, body: NewAct) -> dict[str, Any]:
    return _ledger(request).issue(principal, body.act_kind, body.alert_ids, body.bailiff_id,
                                  body.proceeding_id, body.addressee, body.response_due_on)


class Answer(BaseModel):
    answered_on: date | None = None


@router.post("/api/v1/acts/{act_id}/answer")
def answer_act(request: Request, principal: Worker, act_id: str,
               body: Answer) -> dict[str, Any]:
    return _ledger(request).answer(principal, act_id, body.answered_on)


@router.get("/api/v1/acts")
def list_acts(request: Request, principal: Reader, bailiff_id: str | None = None,
              answered: bool | None = None) -> dict[str, Any]:
    return {"items": _ledger(request).list(principal, bailiff_id, answered)}


@router.get("/api/v1/acts/{act_id}")
def get_act(request: Request, principal: Reader, act_id: str) -> dict[str, Any]:
    return _ledger(request).get(principal, act_id)
