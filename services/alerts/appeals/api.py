"""The register of appeals' HTTP edge, `/api/v1/appeals`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from services.alerts.appeals.service import AppealRegister
from shared.access import Jurisdiction
from shared.events import AppealResult, Applicant
from shared.responses import Overdue, Page, Reply
from shared.web import IdPath, allowed, reading, work

router = APIRouter(prefix="/api/v1/appeals", tags=["appeals"])
Reader = Annotated[Jurisdiction, Depends(allowed("appeals.read"))]
Worker = Annotated[Jurisdiction, Depends(allowed("appeals.work"))]


def _register(request: Request) -> AppealRegister:
    register: AppealRegister = request.app.state.appeals
    return register


class ShownApplicant(Reply):
    """The applicant as a page shows them: a person's IIN masked to its last four digits."""

    kind: Literal["individual", "legal_entity"]
    name: str
    iin_bin: str | None


class AppealCard(Reply):
    """An appeal about a bailiff, its steps, and when its answer is due."""

    appeal_id: str
    received_on: date
    region: str
    district: str | None
    bailiff_id: str
    proceeding_id: str | None
    applicant: ShownApplicant
    summary: str | None
    extended_on: date | None
    extended_until: date | None
    extension_reason: str | None
    notified_on: date | None = Field(description="the applicant told of the extension")
    inspection_ordered_on: date | None
    inspection_ended_on: date | None
    answered_on: date | None
    result: AppealResult | None
    answer_text: str | None
    source: str | None
    due_on: date | None = Field(description="the last day of the answer (docs/rules.md"
                                            "#appeal_term); null while an inspection runs")
    overdue: Overdue | None
    allowed_actions: list[Literal["extend", "notify", "order_inspection", "end_inspection",
                                  "answer"]]


class NewAppeal(BaseModel):
    appeal_id: str | None = Field(None, min_length=1, max_length=128,
                                  description="the e-appeals system's number; made if absent")
    received_on: date | None = Field(None, description="today by default")
    region: str | None = Field(None, max_length=128,
                               description="the office's; the caller's own by default")
    district: str | None = Field(None, max_length=128)
    bailiff_id: str = Field(min_length=1, max_length=128)
    proceeding_id: str | None = Field(None, min_length=1, max_length=128)
    applicant: Applicant
    summary: str | None = Field(None, min_length=1, max_length=2000)


class Extension(BaseModel):
    on: date | None = None
    extended_until: date
    reason: str = Field(min_length=1, max_length=2000)


class Step(BaseModel):
    on: date | None = None


class Answer(BaseModel):
    on: date | None = None
    result: AppealResult
    text: str | None = Field(None, min_length=1, max_length=2000)


@router.post("", status_code=201, response_model=AppealCard)
def register_appeal(request: Request, reach: Worker, body: NewAppeal) -> dict[str, Any]:
    """Register an appeal about a bailiff the office received."""
    with work(request) as session:
        return _register(request).register(session, reach, request.app.state.today(),
                                           body.model_dump(exclude_none=True))


@router.get("", response_model=Page[AppealCard])
def list_appeals(request: Request, reach: Reader, bailiff_id: str | None = None,
                 answered: bool | None = None, cursor: str | None = None,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    """The register of appeals, in order of receipt."""
    with reading(request) as session:
        items, next_cursor = _register(request).list(
            session, reach, request.app.state.today(), bailiff_id, answered, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}


def _step(request: Request, reach: Jurisdiction, appeal_id: str, kind: str, on: date | None,
          fields: dict[str, Any]) -> dict[str, Any]:
    with work(request) as session:
        return _register(request).step(session, reach, request.app.state.today(), appeal_id,
                                       kind, on, fields)


@router.post("/{appeal_id:path}/extension", response_model=AppealCard)
def extend_appeal(request: Request, reach: Worker, appeal_id: IdPath,
                  body: Extension) -> dict[str, Any]:
    """Extend the appeal's term (a reasoned decision of the head of the office)."""
    return _step(request, reach, appeal_id, "extend", body.on,
                 {"extended_until": body.extended_until, "reason": body.reason})


@router.post("/{appeal_id:path}/notification", response_model=AppealCard)
def notify_applicant(request: Request, reach: Worker, appeal_id: IdPath,
                     body: Step) -> dict[str, Any]:
    """Record the day the applicant was told of the extension."""
    return _step(request, reach, appeal_id, "notify", body.on, {})


@router.post("/{appeal_id:path}/inspection", response_model=AppealCard)
def order_inspection(request: Request, reach: Worker, appeal_id: IdPath,
                     body: Step) -> dict[str, Any]:
    """Order an inspection on the appeal."""
    return _step(request, reach, appeal_id, "order_inspection", body.on, {})


@router.post("/{appeal_id:path}/inspection-end", response_model=AppealCard)
def end_inspection(request: Request, reach: Worker, appeal_id: IdPath,
                   body: Step) -> dict[str, Any]:
    """Record the end of the inspection: the answer is due within 10 working days."""
    return _step(request, reach, appeal_id, "end_inspection", body.on, {})


@router.post("/{appeal_id:path}/answer", response_model=AppealCard)
def answer_appeal(request: Request, reach: Worker, appeal_id: IdPath,
                  body: Answer) -> dict[str, Any]:
    """Record the final answer to the applicant: its day, result and text."""
    return _step(request, reach, appeal_id, "answer", body.on,
                 {"result": body.result, **({"text": body.text} if body.text else {})})


@router.get("/{appeal_id:path}", response_model=AppealCard)
def get_appeal(request: Request, reach: Reader, appeal_id: IdPath) -> dict[str, Any]:
    """One appeal."""
    with reading(request) as session:
        return _register(request).get(session, reach, request.app.state.today(), appeal_id)
