"""The ledger's HTTP edge, `/api/v1/acts`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from services.alerts.acts.service import ActsLedger
from shared.access import Jurisdiction
from shared.errors import not_found
from shared.events import AnswerResult
from shared.web import MAX_ID, IdPath, allowed, reading, work

router = APIRouter(prefix="/api/v1/acts", tags=["acts"])
Reader = Annotated[Jurisdiction, Depends(allowed("acts.read"))]
Issuer = Annotated[Jurisdiction, Depends(allowed("acts.issue"))]
Answerer = Annotated[Jurisdiction, Depends(allowed("acts.answer"))]
ledger = ActsLedger()


class NewAct(BaseModel):
    act_kind: str
    alert_ids: list[int] = Field(default_factory=list, max_length=500)
    bailiff_id: str | None = Field(None, max_length=128)
    proceeding_id: str | None = Field(None, max_length=128)
    addressee: str | None = Field(None, max_length=2000)
    response_due_on: date | None = None


@router.post("", status_code=201)
def issue_act(request: Request, reach: Issuer, body: NewAct) -> dict[str, Any]:
    alert_ids = [i for i in body.alert_ids if 1 <= i <= MAX_ID]
    if len(alert_ids) != len(body.alert_ids):  # a number no alert can have names none
        raise not_found("alert", next(i for i in body.alert_ids if i not in alert_ids))
    with work(request) as session:
        return ledger.issue(session, reach, request.app.state.today(), body.act_kind, alert_ids,
                            body.bailiff_id, body.proceeding_id, body.addressee,
                            body.response_due_on, request.app.state.ctx)


class Answer(BaseModel):
    answered_on: date | None = None
    # What the answer did with the act, and the sums recovered on its strength.
    result: AnswerResult | None = None
    recovered_kzt: float | None = Field(None, ge=0, allow_inf_nan=False)


@router.post("/{act_id:path}/answer")
def answer_act(request: Request, reach: Answerer, act_id: IdPath,
               body: Answer) -> dict[str, Any]:
    with work(request) as session:
        today = request.app.state.today()
        return ledger.answer(session, reach, act_id, body.answered_on or today,
                             request.app.state.ctx, body.result, body.recovered_kzt, today)


@router.get("")
def list_acts(request: Request, reach: Reader, bailiff_id: str | None = None,
              proceeding_id: str | None = None, answered: bool | None = None,
              cursor: str | None = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> dict[str, Any]:
    with reading(request) as session:
        items, next_cursor = ledger.list(session, reach, bailiff_id, answered,
                                         request.app.state.ctx, proceeding_id, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/{act_id:path}")
def get_act(request: Request, reach: Reader, act_id: IdPath) -> dict[str, Any]:
    with reading(request) as session:
        return ledger.get(session, reach, act_id, request.app.state.ctx)
