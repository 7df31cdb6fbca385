"""Chambers' reports' HTTP edge, `/api/v1/reports`: the inbox, a report on demand, a report
with its documents and delivery log, and sending it again."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from services.alerts.deliveries.postman import Postman
from services.alerts.documents.models import Document
from services.alerts.documents.service import find
from services.alerts.reports.service import ReportDesk
from shared.access import Jurisdiction
from shared.web import DOCUMENT_TYPES, IdPath, RowId, allowed, download, reading, work

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])
Reader = Annotated[Jurisdiction, Depends(allowed("reports.read"))]
Requester = Annotated[Jurisdiction, Depends(allowed("reports.request"))]
Redeliverer = Annotated[Jurisdiction, Depends(allowed("reports.redeliver"))]


def _desk(request: Request) -> ReportDesk:
    desk: ReportDesk = request.app.state.reports
    return desk


@router.get("")
def list_reports(request: Request, reach: Reader, region: str | None = None,
                 kind: str | None = None) -> dict[str, Any]:
    with reading(request) as session:
        return {"items": _desk(request).inbox(session, reach, region, kind)}


class ReportRequest(BaseModel):
    region: str | None = Field(None, description="the chamber's region; a chamber's own "
                                                 "by default")
    period_from: date = Field(alias="from")
    period_to: date = Field(alias="to")


@router.post("", status_code=201)
def request_report(request: Request, reach: Requester, body: ReportRequest) -> dict[str, Any]:
    desk = _desk(request)
    region = desk.check_request(reach, body.region, body.period_from, body.period_to)
    with work(request) as session:
        report_id = desk.make(session, region, "on_demand", body.period_from, body.period_to,
                              reach.principal.name, request.app.state.today(),
                              stamp=uuid.uuid4().hex)
        return desk.report(session, reach, report_id)


@router.get("/{report_id}")
def get_report(request: Request, reach: Reader, report_id: RowId) -> dict[str, Any]:
    with reading(request) as session:
        return _desk(request).report(session, reach, report_id)


@router.post("/{report_id}/redeliver")
def redeliver(request: Request, reach: Redeliverer, report_id: RowId) -> dict[str, Any]:
    """Send again the deliveries of a report that ran out of attempts (after the address or
    the receiver was fixed)."""
    with work(request) as session:
        _desk(request).visible(session, reach, report_id)
        return {"report_id": report_id, "redelivering": Postman.redeliver(session, report_id)}


@router.get("/{report_id}/documents/{filename:path}", response_class=Response,
            responses=DOCUMENT_TYPES)  # type: ignore[arg-type]
def report_document(request: Request, reach: Reader, report_id: RowId,
                    filename: IdPath) -> Response:
    with reading(request) as session:
        _desk(request).visible(session, reach, report_id)
        return download(find(session, Document.report_id == report_id, filename))
