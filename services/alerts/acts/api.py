"""The ledger's HTTP edge, `/api/v1/acts`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from services.alerts.acts.service import ActsLedger
from shared.access import Jurisdiction
from shared.errors import not_found
from shared.events import ActKind, AnswerResult
from shared.responses import Page, Reply
from shared.web import MAX_ID, IdPath, allowed, reading, work

router = APIRouter(prefix="/api/v1/acts", tags=["acts"])
Reader = Annotated[Jurisdiction, Depends(allowed("acts.read"))]
Issuer = Annotated[Jurisdiction, Depends(allowed("acts.issue"))]
Answerer = Annotated[Jurisdiction, Depends(allowed("acts.answer"))]
ledger = ActsLedger()


class Act(Reply):
    """An act of supervision in the ledger: its term of consideration, its answer and what the
    answer achieved."""

    act_id: str
    act_kind: ActKind
    bailiff_id: str
    proceeding_id: str | None
    addressee: str | None
    registered_on: date
    response_due_on: date | None = Field(description="the term set in the act, if any")
    due_on: date | None = Field(description="the last day of its term of consideration "
                                            "(docs/rules.md#act_response_term)")
    answered_on: date | None
    answer_result: AnswerResult | None
    recovered_kzt: float | None = Field(description="sums recovered on the act's strength")
    court_filed_on: date | None = Field(description="the day the prosecutor went to court "
                                                    "after the act was rejected or left "
                                                    "unconsidered past its term")
    source: str | None = Field(description="`qadagalau` for an act issued here; else the "
                                           "sending system, when it said")
    region: str | None
    district: str | None
    alert_ids: list[int] = Field(description="the alerts the act was brought on")
    allowed_actions: list[Literal["answer", "take_to_court"]]


class NewAct(BaseModel):
    act_kind: str
    alert_ids: list[int] = Field(default_factory=list, max_length=500)
    bailiff_id: str | None = Field(None, max_length=128)
    proceeding_id: str | None = Field(None, max_length=128)
    addressee: str | None = Field(None, max_length=2000)
    response_due_on: date | None = None


@router.post("", status_code=201, response_model=Act)
def issue_act(request: Request, reach: Issuer, body: NewAct) -> dict[str, Any]:
    """Issue an act against a bailiff, on alerts or on its own; resolves the alerts."""
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


@router.post("/{act_id:path}/answer", response_model=Act)
def answer_act(request: Request, reach: Answerer, act_id: IdPath,
               body: Answer) -> dict[str, Any]:
    """Record the answer to an act: its day, result and the sums recovered."""
    with work(request) as session:
        today = request.app.state.today()
        return ledger.answer(session, reach, act_id, body.answered_on or today,
                             request.app.state.ctx, body.result, body.recovered_kzt, today)


class Court(BaseModel):
    filed_on: date | None = Field(None, description="the day the claim was filed; today by "
                                                    "default")


@router.post("/{act_id:path}/court", response_model=Act)
def take_to_court(request: Request, reach: Issuer, act_id: IdPath,
                  body: Court) -> dict[str, Any]:
    """Record that the prosecutor went to court on an act rejected or left unconsidered past
    its term (a claim, Law on the Prosecutor's Office, Art. 39)."""
    with work(request) as session:
        today = request.app.state.today()
        return ledger.take_to_court(session, reach, act_id, body.filed_on or today, today,
                                    request.app.state.ctx)


@router.get("", response_model=Page[Act])
def list_acts(request: Request, reach: Reader, bailiff_id: str | None = None,
              proceeding_id: str | None = None, answered: bool | None = None,
              cursor: str | None = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 500) -> dict[str, Any]:
    """The ledger of acts, in order of registration."""
    with reading(request) as session:
        items, next_cursor = ledger.list(session, reach, bailiff_id, answered,
                                         request.app.state.ctx, request.app.state.today(),
                                         proceeding_id, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/{act_id:path}", response_model=Act)
def get_act(request: Request, reach: Reader, act_id: IdPath) -> dict[str, Any]:
    """One act."""
    with reading(request) as session:
        return ledger.get(session, reach, act_id, request.app.state.ctx,
                          request.app.state.today())
