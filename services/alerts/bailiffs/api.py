"""The registry's HTTP edge: `/api/v1/bailiffs` (members, one bailiff, records), and the
members' `/api/v1/breaches`, `/api/v1/licence` (acts against the threshold) and
`/api/v1/inspection-plan`. A chamber sees only its own members."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from services.alerts.bailiffs.service import Registry, record_dict
from shared import paging
from shared.access import Jurisdiction
from shared.errors import check_period
from shared.events import BailiffKind, LicenceStatus
from shared.legal.calendar import add_months
from shared.legal.rules import State
from shared.responses import Page, Reply
from shared.web import IdPath, RowId, Year, allowed, reading, work

router = APIRouter(prefix="/api/v1", tags=["bailiffs"])
Reader = Annotated[Jurisdiction, Depends(allowed("bailiffs.read"))]
Recorder = Annotated[Jurisdiction, Depends(allowed("bailiffs.record"))]
BreachReader = Annotated[Jurisdiction, Depends(allowed("breaches.read"))]
PlanReader = Annotated[Jurisdiction, Depends(allowed("inspections.read"))]
LicenceReader = Annotated[Jurisdiction, Depends(allowed("licence.read"))]


class Bailiff(Reply):
    """A bailiff as the registry knows them (`bailiff.registered`)."""

    bailiff_id: str
    kind: BailiffKind
    name: str
    region: str
    district: str
    licence_no: str | None
    licence_status: LicenceStatus | None
    started_on: date | None = Field(description="the day the private practice began")


class Record(Reply):
    """An inspection, complaint, court ruling, annulled action or criminal case on file; an
    inspection with its kind, order, end and result certificate (an unscheduled one with its
    ground and the actions it is limited to)."""

    id: int
    kind: str
    on: date
    violations_found: bool | None
    recommendations_met: bool | None
    note: str | None
    inspection_kind: Literal["initial", "periodic", "unscheduled"] | None
    ground: Literal["complaint", "appeal", "act", "court_ruling"] | None
    ground_ref: str | None = Field(description="the appeal, act or ruling it was made on")
    actions_concerned: str | None
    order_no: str | None
    ordered_on: date | None
    notified_on: date | None = Field(description="the bailiff acquainted with the order")
    ended_on: date | None
    certificate_due_on: date | None = Field(description="5 working days after the end")
    certificate_sent_on: date | None
    certificate_late: bool
    order_notice_in_time: bool | None = Field(
        description="the bailiff acquainted with the order ten calendar days or more before "
                    "the inspection began")
    recommendations: str | None
    certificate_report_id: int | None = Field(
        description="the certificate's copy in the chamber's inbox (/api/v1/reports/{id})")


class Grounds(Reply):
    """Grounds for an unscheduled inspection of a private bailiff, the last twelve months."""

    appeals: int = Field(description="appeals to the prosecutor about them")
    acts: int = Field(description="prosecutorial acts against them")


class ActResults(Reply):
    """What the acts against a bailiff this year achieved."""

    satisfied: int
    partly: int
    rejected: int
    answered_no_result: int = Field(description="answered, the result not given")
    unanswered: int
    taken_to_court: int = Field(description="rejected or left unconsidered, and taken to "
                                            "court by the prosecutor")
    recovered_kzt: float = Field(description="sums recovered on the acts' strength")


class BailiffCard(Bailiff):
    """A bailiff with their breaches, the acts counted toward the licence threshold this year,
    and their records."""

    breaches_by_rule: dict[str, int] = Field(description="open and late breaches by rule, in "
                                                         "the caller's territory")
    year: int
    acts_this_year: int
    act_results: ActResults
    unscheduled_grounds: Grounds | None = Field(description="private bailiffs only")
    licence_window: list[date] = Field(description="the window the acts are counted in: its "
                                                   "first and last day")
    licence_counted: bool = Field(description="whether the policy counts this bailiff's acts")
    licence_threshold: int
    over_threshold: bool
    records: list[Record]
    allowed_actions: list[Literal["bailiffs.record", "acts.issue"]]


class RecordAdded(Reply):
    id: int
    bailiff_id: str
    kind: str
    on: date


class BailiffBreach(Reply):
    """A breach of a bailiff's, as a chamber reads it."""

    id: int = Field(description="the alert's id")
    rule: str
    bailiff_id: str | None
    proceeding_id: str | None
    property_id: str | None
    act_id: str | None
    due: date
    state: State
    done_on: date | None


class LicenceCount(Reply):
    """A bailiff's acts in the licence window against the threshold."""

    bailiff_id: str
    region: str
    district: str
    year: int
    window_from: date
    window_to: date
    acts: int
    threshold: int
    over: bool


class PlannedInspection(Reply):
    """A private bailiff due for inspection in the period, ranked by score."""

    bailiff_id: str
    region: str
    district: str
    kind: Literal["initial", "periodic", "unscheduled"] = Field(
        description="unscheduled: proposed on appeals to the prosecutor about the bailiff")
    window_from: date
    window_to: date
    score: float
    factors: dict[str, float] = Field(description="what the score is made of, by factor")
    never_inspected: bool
    appeals: int = Field(description="appeals about the bailiff since the last inspection: "
                                     "grounds for an unscheduled one")


class InspectionPlan(Page[PlannedInspection]):
    """The period the plan covers, and a page of it."""

    period_from: date = Field(alias="from")
    period_to: date = Field(alias="to")


def _registry(request: Request) -> Registry:
    registry: Registry = request.app.state.registry
    return registry


@router.get("/bailiffs", response_model=Page[Bailiff])
def list_bailiffs(request: Request, reach: Reader, region: str | None = None,
                  cursor: str | None = None,
                  limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> dict[str, Any]:
    """The bailiffs in the caller's reach (a chamber: its members), in order of id."""
    after = paging.key_of(cursor, str)[0] if cursor is not None else None
    with reading(request) as session:
        rows = _registry(request).bailiffs(session, reach, region, after, limit + 1)
    items, next_cursor = paging.cut(rows, limit, lambda b: (b["bailiff_id"],))
    return {"items": items, "next_cursor": next_cursor}


INSPECTION_FIELDS = ("inspection_kind", "ground", "ground_ref", "actions_concerned", "order_no",
                     "ordered_on", "notified_on", "ended_on", "certificate_sent_on")


class NewRecord(BaseModel):
    kind: str = Field(description="inspection, complaint, court_ruling, annulled_action or "
                                  "criminal_case")
    on: date
    violations_found: bool | None = None
    recommendations_met: bool | None = None
    note: str | None = Field(None, max_length=4000)
    # An inspection's own (kind "inspection"): see Record.
    inspection_kind: Literal["initial", "periodic", "unscheduled"] | None = None
    ground: Literal["complaint", "appeal", "act", "court_ruling"] | None = None
    ground_ref: str | None = Field(None, max_length=128)
    actions_concerned: str | None = Field(None, max_length=4000)
    order_no: str | None = Field(None, max_length=128)
    ordered_on: date | None = None
    notified_on: date | None = None
    ended_on: date | None = None
    certificate_sent_on: date | None = None


@router.post("/bailiffs/{bailiff_id:path}/records", status_code=201,
             response_model=RecordAdded)
def add_record(request: Request, reach: Recorder, bailiff_id: IdPath,
               body: NewRecord) -> dict[str, Any]:
    """Put an inspection (initial, periodic, or unscheduled on a ground), complaint, court
    ruling, annulled action or criminal case on a bailiff's file (the inspection plan reads
    them)."""
    inspection = body.model_dump(include=set(INSPECTION_FIELDS))
    with work(request) as session:
        return _registry(request).add_record(
            session, reach, request.app.state.today(), bailiff_id, body.kind, body.on,
            body.violations_found, body.recommendations_met, body.note, inspection)


class NewCertificate(BaseModel):
    ended_on: date | None = Field(None, description="the inspection's end, if not on file yet")
    on: date | None = Field(None, description="the day the certificate goes out (today)")
    violations_found: bool | None = None
    recommendations: str | None = Field(None, max_length=8000)


class Certified(Reply):
    record: Record
    report_id: int = Field(description="the chamber's copy: /api/v1/reports/{report_id}")


@router.post("/bailiffs/{bailiff_id:path}/records/{record_id}/certificate",
             response_model=Certified)
def certify(request: Request, reach: Recorder, bailiff_id: IdPath, record_id: RowId,
            body: NewCertificate) -> dict[str, Any]:
    """The commission's result certificate of an inspection on file: its end, result and
    recommendations recorded, and its copy sent to the chamber (inbox, e-mail, webhook) and
    the region's territorial body (the same inbox), within five working days of the end."""
    today = request.app.state.today()
    calendar = request.app.state.calendar
    with work(request) as session:
        bailiff, record = _registry(request).certify(
            session, reach, today, bailiff_id, record_id, body.ended_on, body.on or today,
            body.violations_found, body.recommendations)
        report_id = request.app.state.reports.certificate(session, bailiff, record, calendar,
                                                          reach.principal.name)
        return {"record": record_dict(record, calendar, today), "report_id": report_id}


@router.get("/bailiffs/{bailiff_id:path}", response_model=BailiffCard)
def get_bailiff(request: Request, reach: Reader, bailiff_id: IdPath) -> dict[str, Any]:
    """One bailiff: breaches, acts toward the licence threshold, records."""
    with reading(request) as session:
        return _registry(request).bailiff(session, reach, bailiff_id, request.app.state.today(),
                                          request.app.state.calendar)


@router.get("/breaches", response_model=Page[BailiffBreach])
def list_breaches(request: Request, reach: BreachReader, bailiff_id: str | None = None,
                  since: Annotated[date | None, Query(alias="from")] = None,
                  until: Annotated[date | None, Query(alias="to")] = None,
                  cursor: str | None = None,
                  limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> dict[str, Any]:
    """The breaches of the bailiffs in the caller's reach, whose term ended from `from` to
    `to`, the latest term first."""
    with reading(request) as session:
        items, next_cursor = _registry(request).breaches(session, reach, bailiff_id, since,
                                                         until, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/licence", response_model=Page[LicenceCount])
def licence(request: Request, reach: LicenceReader, year: Year = None,
            cursor: str | None = None,
            limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> dict[str, Any]:
    """Acts per bailiff toward the licence threshold in `year` (this year by default), in
    order of bailiff id."""
    today = request.app.state.today()
    with reading(request) as session:
        counts = _registry(request).licence_counts(session, reach, year or today.year, today)
    items, next_cursor = paging.page_of(counts, lambda c: (c["bailiff_id"],), cursor, (str,),
                                        limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/inspection-plan", response_model=InspectionPlan, response_model_by_alias=True)
def inspection_plan(request: Request, reach: PlanReader, region: str | None = None,
                    since: Annotated[date | None, Query(alias="from")] = None,
                    until: Annotated[date | None, Query(alias="to")] = None,
                    cursor: str | None = None,
                    limit: Annotated[int, Query(ge=1, le=5000)] = 500) -> dict[str, Any]:
    """The private bailiffs due for inspection in a period, the highest score first. The
    period defaults to the current quarter, the period of the initial-inspection schedule."""
    today = request.app.state.today()
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    start = since or quarter_start
    end = until or add_months(quarter_start, 3) - timedelta(days=1)
    check_period(start, end)
    with reading(request) as session:
        plan = _registry(request).inspection_plan(session, reach, region, start, end, today)
    items, next_cursor = paging.page_of(
        plan, lambda e: (-e["score"], date.fromisoformat(e["window_to"]), e["bailiff_id"]),
        cursor, (float, date, str), limit)
    return {"from": start.isoformat(), "to": end.isoformat(), "items": items,
            "next_cursor": next_cursor}
