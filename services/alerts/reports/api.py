"""Chambers' reports' HTTP edge, `/api/v1/reports`: the inbox, a report on demand, a report
with its documents and delivery log, and sending it again."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from services.alerts.deliveries.postman import Postman
from services.alerts.documents.models import Document
from services.alerts.documents.service import find
from services.alerts.reports.service import ReportDesk
from shared.access import Jurisdiction
from shared.responses import Page, Reply
from shared.web import DOCUMENT_TYPES, IdPath, RowId, allowed, download, reading, work

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])
Reader = Annotated[Jurisdiction, Depends(allowed("reports.read"))]
Requester = Annotated[Jurisdiction, Depends(allowed("reports.request"))]
Redeliverer = Annotated[Jurisdiction, Depends(allowed("reports.redeliver"))]


class ReportSummary(Reply):
    """A report's figures: a period's (members, breaches, acts, over the threshold), a
    licence notice's (the bailiff, the year, the acts), or an inspection certificate's (the
    bailiff and the record on file)."""

    members: int | None = None
    breaches: int | None = None
    acts: int | None = None
    over_threshold: int | None = None
    bailiff_id: str | None = None
    year: int | None = None
    record_id: int | None = None


class Report(Reply):
    """A report to a regional chamber of private bailiffs."""

    id: int
    region: str
    kind: str = Field(description="weekly, monthly, on_demand, licence_notice or "
                                  "certificate")
    period_from: date
    period_to: date
    requested_by: str
    summary: ReportSummary
    created_at: datetime


class ReportDocument(Reply):
    id: int
    filename: str
    language: str = Field(description="kk or ru")
    media_type: str
    sha256: str
    bytes: int


class Attempt(Reply):
    at: datetime
    ok: bool
    detail: str | None


class Delivery(Reply):
    """A report's way to its chamber: the inbox, e-mail or a webhook, and its attempts."""

    id: int
    channel: Literal["inbox", "email", "webhook"]
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    delivered_at: datetime | None
    next_attempt_at: datetime | None
    last_error: str | None
    log: list[Attempt]


class ReportFile(Report):
    """A report with its documents, its deliveries and what the caller may do with it."""

    documents: list[ReportDocument]
    deliveries: list[Delivery]
    allowed_actions: list[Literal["reports.redeliver"]]


class Redelivery(Reply):
    report_id: int
    redelivering: int = Field(description="the deliveries sent again")


def _desk(request: Request) -> ReportDesk:
    desk: ReportDesk = request.app.state.reports
    return desk


@router.get("", response_model=Page[Report])
def list_reports(request: Request, reach: Reader, region: str | None = None,
                 kind: str | None = None, cursor: str | None = None,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    """The reports to the chambers (a chamber: its own inbox), the latest first."""
    with reading(request) as session:
        items, next_cursor = _desk(request).inbox(session, reach, region, kind, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}


class ReportRequest(BaseModel):
    region: str | None = Field(None, description="the chamber's region; a chamber's own "
                                                 "by default")
    period_from: date = Field(alias="from")
    period_to: date = Field(alias="to")


@router.post("", status_code=201, response_model=ReportFile)
def request_report(request: Request, reach: Requester, body: ReportRequest) -> dict[str, Any]:
    """Make a region's report for a period now, and deliver it."""
    desk = _desk(request)
    region = desk.check_request(reach, body.region, body.period_from, body.period_to)
    with work(request) as session:
        report_id = desk.make(session, region, "on_demand", body.period_from, body.period_to,
                              reach.principal.name, request.app.state.today(),
                              stamp=uuid.uuid4().hex)
        return desk.report(session, reach, report_id)


@router.get("/{report_id}", response_model=ReportFile)
def get_report(request: Request, reach: Reader, report_id: RowId) -> dict[str, Any]:
    """One report with its documents and delivery log."""
    with reading(request) as session:
        return _desk(request).report(session, reach, report_id)


@router.post("/{report_id}/redeliver", response_model=Redelivery)
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
    """A report's document (XLSX or PDF, in kk or ru)."""
    with reading(request) as session:
        _desk(request).visible(session, reach, report_id)
        return download(find(session, Document.report_id == report_id, filename))
