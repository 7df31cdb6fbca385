"""Oversight's HTTP edge, `/api/v1/oversight`: each district's figures over a period."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from services.alerts.oversight.service import OfficeDesk, district_figures
from services.alerts.reports.api import ReportDocument
from shared import paging
from shared.access import Jurisdiction
from shared.errors import Forbidden, Invalid, check_period
from shared.legal.calendar import add_months
from shared.legal.hierarchy import Level
from shared.responses import Page, Reply
from shared.web import DOCUMENT_TYPES, IdPath, RowId, allowed, download, reading, work

router = APIRouter(prefix="/api/v1/oversight", tags=["oversight"])
Reader = Annotated[Jurisdiction, Depends(allowed("oversight.read"))]
Reporter = Annotated[Jurisdiction, Depends(allowed("oversight.report"))]


class Found(Reply):
    found: int = Field(description="breaches whose term's last day falls in the period")
    open: int = Field(description="of those, still open and not worked off")


class ActFigures(Reply):
    total: int
    by_kind: dict[str, int]
    satisfied: int
    partly: int
    rejected: int
    unanswered: int
    taken_to_court: int
    recovered_kzt: float


class AppealFigures(Reply):
    received: int
    answered_in_time: int
    answered_late: int
    unanswered: int
    past_term: int = Field(description="unanswered, and past their last day")


class SanctionFigures(Reply):
    granted: int
    refused: int
    late: int = Field(description="requests whose decision term was breached (the "
                                  "SANCTION_DECISION_TERM breaches found)")


class Totals(Reply):
    """Figures added up over districts."""

    breaches: dict[str, Found] = Field(description="by rule")
    acts: ActFigures
    appeals: AppealFigures
    sanctions: SanctionFigures
    proposals: int = Field(description="licence proposals made in the period")


class DistrictFigures(Totals):
    """A district's supervision over the period (a region's, for what has no district)."""

    region: str | None
    district: str | None


class Oversight(Page[DistrictFigures]):
    period_from: date = Field(alias="from")
    period_to: date = Field(alias="to")


@router.get("", response_model=Oversight)
def oversight(request: Request, reach: Reader,
              since: Annotated[date | None, Query(alias="from")] = None,
              until: Annotated[date | None, Query(alias="to")] = None,
              cursor: str | None = None,
              limit: Annotated[int, Query(ge=1, le=500)] = 100) -> dict[str, Any]:
    """Each district's figures side by side, within the caller's reach, for a period (the
    current quarter by default), in order of region and district."""
    today = request.app.state.today()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    start = since or quarter_start
    end = until or add_months(quarter_start, 3) - timedelta(days=1)
    check_period(start, end)
    with reading(request) as session:
        rows = district_figures(session, reach, start, end, today, request.app.state.ctx)
    items, next_cursor = paging.page_of(
        rows, lambda r: (r["region"] or "", r["district"] or ""), cursor, (str, str), limit)
    return {"from": start, "to": end, "items": items, "next_cursor": next_cursor}


# --- reports up the hierarchy ------------------------------------------------------------------

Timeliness = Literal["in_time", "late", "pending", "overdue", "unscheduled"]


class OfficeReport(Reply):
    """A report up the hierarchy: a district's to its region, a region's to the General
    Prosecutor's Office."""

    id: int
    level: Level
    region: str
    district: str | None = Field(description="none in a region's report")
    kind: Literal["monthly", "quarterly", "on_demand"]
    period_from: date
    period_to: date
    due_on: date | None = Field(description="none for a report made on request")
    sent_on: date | None
    sent_by: str | None
    made_by: str
    created_at: datetime
    timeliness: Timeliness = Field(description="sent in time or late; not yet sent and not "
                                               "yet due (pending), or past its day (overdue)")
    days_late: int


class TopBailiff(Reply):
    bailiff_id: str
    name: str | None
    kind: str | None
    region: str | None
    district: str | None
    breaches: int


class DistrictReport(Reply):
    """How a district's quarterly report came, in its region's report."""

    district: str
    report_id: int
    due_on: date | None
    sent_on: date | None
    timeliness: Timeliness


class OfficeFigures(Reply):
    districts: list[DistrictFigures]
    total: Totals
    bailiffs: list[TopBailiff] = Field(description="the bailiffs with most breaches")
    district_reports: list[DistrictReport] | None = Field(
        None, description="in a region's quarterly report: its districts' reports")


class OfficeDelivery(Reply):
    channel: Literal["inbox", "email", "webhook"]
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    delivered_at: datetime | None
    last_error: str | None


class OfficeReportFile(OfficeReport):
    """A report with its figures, documents, deliveries, and what the caller may do."""

    figures: OfficeFigures
    documents: list[ReportDocument]
    deliveries: list[OfficeDelivery]
    allowed_actions: list[Literal["oversight.send"]]


class OfficeReportRequest(BaseModel):
    level: Level
    region: str | None = Field(None, description="the caller's own by default")
    district: str | None = Field(None, description="a district's report: which district "
                                                   "(the caller's own by default)")
    period_from: date = Field(alias="from")
    period_to: date = Field(alias="to")


def _desk(request: Request) -> OfficeDesk:
    desk: OfficeDesk = request.app.state.oversight
    return desk


@router.get("/reports", response_model=Page[OfficeReport])
def office_reports(request: Request, reach: Reader, level: Level | None = None,
                   region: str | None = None, sent: bool | None = None,
                   cursor: str | None = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    """The reports up the hierarchy within the caller's reach, the latest first: a district's
    own, a region's and its districts', every one for the General Prosecutor's Office."""
    with reading(request) as session:
        items, next_cursor = _desk(request).inbox(session, reach, request.app.state.today(),
                                                  level, region, sent, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}


@router.post("/reports", status_code=201, response_model=OfficeReportFile)
def request_office_report(request: Request, reach: Reporter,
                          body: OfficeReportRequest) -> dict[str, Any]:
    """Draft a report for a period now, from the data (not sent until the office sends it)."""
    principal = reach.principal
    region = body.region or principal.region
    if region is None:
        raise Invalid("region_required", "region: which region's report", field="region")
    district = body.district or (principal.district if body.level == "district" else None)
    if body.level == "district" and district is None:
        raise Invalid("district_required", "district: which district's report",
                      field="district")
    within = reach.covers(region, district) if body.level == "district" \
        else reach.covers_region(region)
    if not within:
        raise Forbidden("outside_jurisdiction", "that office is outside your jurisdiction",
                        what="region", id=region[:200])
    check_period(body.period_from, body.period_to)
    if (body.period_to - body.period_from).days > 366:
        raise Invalid("period_too_long", "a report covers at most a year; ask for several",
                      field="to")
    today = request.app.state.today()
    with work(request) as session:
        desk = _desk(request)
        report_id = desk.make(session, body.level, region,
                              district or "" if body.level == "district" else "", "on_demand",
                              body.period_from, body.period_to, principal.name, today,
                              stamp=uuid.uuid4().hex)
        return desk.report(session, reach, report_id, today)


@router.get("/reports/{report_id}", response_model=OfficeReportFile)
def office_report(request: Request, reach: Reader, report_id: RowId) -> dict[str, Any]:
    """One report with its figures, documents and deliveries."""
    with reading(request) as session:
        return _desk(request).report(session, reach, report_id, request.app.state.today())


@router.post("/reports/{report_id}/send", response_model=OfficeReportFile)
def send_office_report(request: Request, reach: Reporter, report_id: RowId) -> dict[str, Any]:
    """The office sends its report to its superior: figures and documents as of today."""
    with work(request) as session:
        return _desk(request).send(session, reach, report_id, reach.principal.name,
                                   request.app.state.today())


class OfficeRedelivery(Reply):
    report_id: int
    redelivering: int = Field(description="the deliveries sent again")


@router.post("/reports/{report_id}/redeliver", response_model=OfficeRedelivery)
def redeliver_office_report(request: Request, reach: Reporter,
                            report_id: RowId) -> dict[str, Any]:
    """Send again a sent report's deliveries that ran out of attempts (after the superior's
    address or receiver was fixed): the reporting office's to ask."""
    with work(request) as session:
        return {"report_id": report_id,
                "redelivering": _desk(request).redeliver(session, reach, report_id)}


@router.get("/reports/{report_id}/documents/{filename:path}", response_class=Response,
            responses=DOCUMENT_TYPES)  # type: ignore[arg-type]
def office_report_document(request: Request, reach: Reader, report_id: RowId,
                           filename: IdPath) -> Response:
    """A report's document (XLSX or PDF, in kk or ru)."""
    with reading(request) as session:
        return download(_desk(request).document(session, reach, report_id, filename))
