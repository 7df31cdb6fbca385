"""HTTP edge of the chambers' side: members, breaches, the licence count, proposals, reports
and their delivery log, records and the inspection plan. Every answer is scoped: a chamber sees
only its own members and its own inbox."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from services.alerts.chambers import ChamberDesk
from services.alerts.service import AlertError
from shared.auth import Principal
from shared.legal.calendar import add_months
from shared.web import attachment, require

router = APIRouter()
Viewer = Annotated[Principal, Depends(require("chamber", "justice", "prosecutor", "auditor",
                                              "admin"))]
Requester = Annotated[Principal, Depends(require("chamber", "justice", "admin"))]
Recorder = Annotated[Principal, Depends(require("chamber", "justice", "admin"))]


def _desk(request: Request) -> ChamberDesk:
    desk: ChamberDesk = request.app.state.chambers
    return desk


def _file(document: Any) -> Response:
    return Response(document.content, media_type=document.media_type,
                    headers=attachment(document.filename))


@router.get("/api/v1/bailiffs")
def list_bailiffs(request: Request, principal: Viewer,
                  region: str | None = None) -> dict[str, Any]:
    return {"items": _desk(request).bailiffs(principal, region)}


@router.get("/api/v1/bailiffs/{bailiff_id}")
def get_bailiff(request: Request, principal: Viewer, bailiff_id: str) -> dict[str, Any]:
    return _desk(request).bailiff(principal, bailiff_id)


class NewRecord(BaseModel):
    kind: str = Field(description="inspection, complaint, court_ruling, annulled_action or "
                                  "criminal_case")
    on: date
    violations_found: bool | None = None
    recommendations_met: bool | None = None
    note: str | None = Field(None, max_length=4000)


@router.post("/api/v1/bailiffs/{bailiff_id}/records", status_code=201)
def add_record(request: Request, principal: Recorder, bailiff_id: str,
               body: NewRecord) -> dict[str, Any]:
    return _desk(request).add_record(principal, bailiff_id, body.kind, body.on,
                                     body.violations_found, body.recommendations_met, body.note)


@router.get("/api/v1/breaches")
def list_breaches(request: Request, principal: Viewer, bailiff_id: str | None = None,
                  since: Annotated[date | None, Query(alias="from")] = None,
                  until: Annotated[date | None, Query(alias="to")] = None,
                  limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> dict[str, Any]:
    return {"items": _desk(request).breaches(principal, bailiff_id, since, until, limit)}


@router.get("/api/v1/licence")
def licence(request: Request, principal: Viewer, year: int | None = None) -> dict[str, Any]:
    desk = _desk(request)
    return {"items": desk.licence_counts(principal, year or desk.today().year)}


@router.get("/api/v1/proposals")
def list_proposals(request: Request, principal: Viewer,
                   year: int | None = None) -> dict[str, Any]:
    return {"items": _desk(request).proposals(principal, year)}


@router.get("/api/v1/proposals/{proposal_id}")
def get_proposal(request: Request, principal: Viewer, proposal_id: int) -> dict[str, Any]:
    return _desk(request).proposal(principal, proposal_id)


@router.get("/api/v1/proposals/{proposal_id}/documents/{filename}")
def proposal_document(request: Request, principal: Viewer, proposal_id: int,
                      filename: str) -> Response:
    return _file(_desk(request).document(principal, None, proposal_id, filename))


@router.get("/api/v1/reports")
def list_reports(request: Request, principal: Viewer, region: str | None = None,
                 kind: str | None = None) -> dict[str, Any]:
    return {"items": _desk(request).reports(principal, region, kind)}


class ReportRequest(BaseModel):
    region: str | None = Field(None, description="the chamber's region; a chamber's own "
                                                 "by default")
    period_from: date = Field(alias="from")
    period_to: date = Field(alias="to")


@router.post("/api/v1/reports", status_code=201)
def request_report(request: Request, principal: Requester,
                   body: ReportRequest) -> dict[str, Any]:
    return _desk(request).request_report(principal, body.region, body.period_from,
                                         body.period_to)


@router.get("/api/v1/reports/{report_id}")
def get_report(request: Request, principal: Viewer, report_id: int) -> dict[str, Any]:
    return _desk(request).report(principal, report_id)


@router.post("/api/v1/reports/{report_id}/redeliver")
def redeliver(request: Request, principal: Requester, report_id: int) -> dict[str, Any]:
    """Send again the deliveries of a report that ran out of attempts (after the address or
    the receiver was fixed)."""
    _desk(request).report(principal, report_id)  # the caller's jurisdiction
    return {"report_id": report_id,
            "redelivering": request.app.state.postman.redeliver(report_id)}


@router.get("/api/v1/reports/{report_id}/documents/{filename}")
def report_document(request: Request, principal: Viewer, report_id: int,
                    filename: str) -> Response:
    return _file(_desk(request).document(principal, report_id, None, filename))


@router.get("/api/v1/inspection-plan")
def inspection_plan(request: Request, principal: Viewer, region: str | None = None,
                    since: Annotated[date | None, Query(alias="from")] = None,
                    until: Annotated[date | None, Query(alias="to")] = None) -> dict[str, Any]:
    """Defaults to the current quarter, the period of the initial-inspection schedule."""
    desk = _desk(request)
    today = desk.today()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    start = since or quarter_start
    end = until or _quarter_end(quarter_start)
    if end < start:
        raise AlertError(422, "to: the period ends before it begins")
    return {"from": start.isoformat(), "to": end.isoformat(),
            "items": desk.inspection_plan(principal, region, start, end)}


def _quarter_end(start: date) -> date:
    return add_months(start, 3) - timedelta(days=1)
