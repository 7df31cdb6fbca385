"""Licence-suspension proposals' HTTP edge, `/api/v1/proposals`, with their documents."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import Field

from services.alerts.documents.models import Document
from services.alerts.documents.service import find
from services.alerts.proposals.service import ProposalDesk
from shared.access import Jurisdiction
from shared.responses import Page, Reply, StoredDocument
from shared.web import DOCUMENT_TYPES, IdPath, RowId, Year, allowed, download, reading

router = APIRouter(prefix="/api/v1/proposals", tags=["proposals"])
Reader = Annotated[Jurisdiction, Depends(allowed("proposals.read"))]


class Proposal(Reply):
    """A proposal to the licensing body to suspend a private bailiff's licence, made when
    their acts in a year passed the threshold."""

    id: int
    bailiff_id: str
    year: int
    crossed_on: date = Field(description="the day the count passed the threshold")
    status: str = Field(description="`ready`, or `withdrawn` when an act it counted was "
                                    "annulled")
    act_ids: list[str] = Field(description="the acts counted")
    region: str | None
    notice_report_id: int | None = Field(description="the report that told the chamber")
    documents: list[StoredDocument]


def _desk(request: Request) -> ProposalDesk:
    desk: ProposalDesk = request.app.state.proposals
    return desk


@router.get("", response_model=Page[Proposal])
def list_proposals(request: Request, reach: Reader, year: Year = None,
                   cursor: str | None = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:
    """The licence-suspension proposals, the latest first."""
    with reading(request) as session:
        items, next_cursor = _desk(request).proposals(session, reach, year, cursor, limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/{proposal_id}", response_model=Proposal)
def get_proposal(request: Request, reach: Reader, proposal_id: RowId) -> dict[str, Any]:
    """One proposal."""
    with reading(request) as session:
        return _desk(request).proposal(session, reach, proposal_id)


@router.get("/{proposal_id}/documents/{filename:path}", response_class=Response,
            responses=DOCUMENT_TYPES)  # type: ignore[arg-type]
def proposal_document(request: Request, reach: Reader, proposal_id: RowId,
                      filename: IdPath) -> Response:
    """A proposal's document (PDF or DOCX, in kk or ru)."""
    with reading(request) as session:
        ProposalDesk.visible(session, reach, proposal_id)
        return download(find(session, Document.proposal_id == proposal_id, filename))
