"""The sanctions service's HTTP edge."""

from __future__ import annotations

import base64
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from services.sanctions.documents import fetch_decree_document
from services.sanctions.service import SanctionDesk
from shared.access import Jurisdiction
from shared.events import Decision as DecisionKind
from shared.events import DecreeKind, PropertyKind
from shared.responses import Overdue, Page, Reply
from shared.web import IdPath, allowed, reading, work

router = APIRouter(tags=["sanctions"])
Reader = Annotated[Jurisdiction, Depends(allowed("sanctions.read"))]
QueueReader = Annotated[Jurisdiction, Depends(allowed("sanctions.queue"))]
Prosecutor = Annotated[Jurisdiction, Depends(allowed("sanctions.decide"))]
Worker = Annotated[Jurisdiction, Depends(allowed("sanctions.assign"))]


class Decree(Reply):
    """A bailiff's decree that needs the prosecutor's sanction, where it is in the queue and,
    once decided, the signed decision."""

    decree_id: str
    proceeding_id: str
    decree_kind: DecreeKind
    status: Literal["triage", "pending", "court", "granted", "refused", "reported"] = Field(
        description="`triage`: its kind does not say who sanctions it; `court`: the court's "
                    "to sanction; `reported`: decided outside Qadagalau")
    detail: str | None
    # Unknown until the proceeding's document comes (a decree may come first).
    region: str | None
    district: str | None
    bailiff_id: str | None
    summary: str | None
    property_id: str | None
    received_on: date
    due_on: date = Field(description="the last day of the term of decision")
    working_days_left: int = Field(description="negative when past the term")
    overdue: Overdue | None
    assignee: str | None
    decided_on: date | None
    decision: DecisionKind | None
    decided_by: Literal["prosecutor", "reported"] | None
    prosecutor: str | None
    reported_source: str | None
    reported_prosecutor_id: str | None
    reported_event_id: str | None
    reason: str | None
    signer: str | None = Field(description="the signing certificate's subject")
    signature: str | None = Field(description="base64 of the detached CMS signature")
    certificate_pem: str | None
    allowed_actions: list[Literal["sanctions.decide", "sanctions.assign"]]


class MaterialDebtor(Reply):
    kind: Literal["individual", "legal_entity", "state"]
    name: str


class MaterialProperty(Reply):
    id: str
    kind: PropertyKind | None = None
    description: str | None = None


class Materials(Reply):
    """The decree's materials as the bailiff system sent them: what the review shows and a
    decision's signature covers. What is unknown is left out."""

    decree_id: str
    proceeding_id: str
    decree_kind: DecreeKind
    summary: str | None = None
    document_sha256: str | None = None
    enforcement_document: str | None = None
    amount_kzt: float | None = None
    debtor: MaterialDebtor | None = None
    property: MaterialProperty | None = None


class DecreeFile(Decree):
    """A decree with its materials and where its document is served."""

    materials: Materials
    document_url: str | None


class QueueSize(Reply):
    pending: int
    oldest_received_on: date | None
    oldest_age_days: int | None


class ToSign(Reply):
    """The exact bytes a decision's signature must cover."""

    content: str = Field(description="the bytes as UTF-8 text (canonical JSON)")
    content_base64: str


def _desk(request: Request) -> SanctionDesk:
    desk: SanctionDesk = request.app.state.sanctions
    return desk


@router.get("/api/v1/sanctions", response_model=Page[Decree])
def queue(request: Request, reach: QueueReader, status: str = "pending",
          district: str | None = None, decree_kind: str | None = None,
          bailiff_id: str | None = None, cursor: str | None = None,
          limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    """The decrees awaiting sanction (or of another `status`), the oldest first."""
    values = {"district": district, "decree_kind": decree_kind, "bailiff_id": bailiff_id}
    filters = {name: value for name, value in values.items() if value is not None}
    with reading(request) as session:
        items, next_cursor = _desk(request).queue(session, reach, status, filters, cursor,
                                                  limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/api/v1/sanctions/summary", response_model=QueueSize)
def summary(request: Request, reach: QueueReader) -> dict[str, Any]:
    """How many decrees await sanction in the caller's territory, and the oldest."""
    with reading(request) as session:
        return _desk(request).summary(session, reach)


# A path of its own: under /api/v1/sanctions/{decree_id:path} a decree id ending in
# "/document" could not be told from this.
@router.get("/api/v1/sanction-documents/{decree_id:path}",
            response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
def document(request: Request, reach: QueueReader, decree_id: IdPath) -> Response:
    """The decree's document as the bailiff system serves it, fetched from a trusted host and
    verified against the decree's `document_sha256`; for those who review decrees (a bailiff
    system, which sent it, has its own copy)."""
    with reading(request) as session:
        url, sha256 = _desk(request).document_of(session, reach, decree_id)
    found = fetch_decree_document(decree_id, url, sha256,
                                  request.app.state.runtime.document_hosts)
    return Response(found.content, media_type=found.media_type, headers={
        "Content-Disposition": "inline" if found.media_type != "application/octet-stream"
        else "attachment", "Cache-Control": "private, no-store",
        # Whatever the store sent is shown as the type checked, never run as this origin's.
        "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"})


# `:path`: a decree id may contain "/" (docs/contract.md §1), which arrives decoded.
@router.get("/api/v1/sanctions/{decree_id:path}", response_model=DecreeFile,
            response_model_exclude_unset=True)
def get(request: Request, reach: Reader, decree_id: IdPath) -> dict[str, Any]:
    """One decree with its materials."""
    with reading(request) as session:
        return _desk(request).get(session, reach, decree_id)


class Assignment(BaseModel):
    assignee: str = Field(min_length=1, max_length=128)


@router.post("/api/v1/sanctions/{decree_id:path}/assignment", response_model=Decree)
def assign(request: Request, reach: Worker, decree_id: IdPath,
           body: Assignment) -> dict[str, Any]:
    """Give a pending decree to a prosecutor."""
    with work(request) as session:
        return _desk(request).assign(session, reach, decree_id, body.assignee)


class Draft(BaseModel):
    decision: DecisionKind
    reason: str | None = Field(None, max_length=4000)


class Decision(Draft):
    signature: str = Field(description="base64 of a detached CMS signature (DER) over the "
                                       "bytes that /to-sign returns")


@router.post("/api/v1/sanctions/{decree_id:path}/to-sign", response_model=ToSign)
def to_sign(request: Request, reach: Prosecutor, decree_id: IdPath,
            body: Draft) -> dict[str, str]:
    """The bytes to sign for a decision (the decision, reason and the decree's materials)."""
    with reading(request) as session:
        content = _desk(request).to_sign(session, reach, decree_id, body.decision, body.reason)
    return {"content": content.decode("utf-8"),
            "content_base64": base64.b64encode(content).decode()}


@router.post("/api/v1/sanctions/{decree_id:path}/decision", response_model=Decree)
def decide(request: Request, reach: Prosecutor, decree_id: IdPath,
           body: Decision) -> dict[str, Any]:
    """Decide a decree: granted or refused, signed with the prosecutor's key (EDS)."""
    with work(request) as session:
        return _desk(request).decide(session, reach, decree_id, body.decision, body.reason,
                                     body.signature)
