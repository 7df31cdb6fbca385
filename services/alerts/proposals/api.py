"""Licence-suspension proposals' HTTP edge, `/api/v1/proposals`, with their documents."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from services.alerts.documents.models import Document
from services.alerts.documents.service import find
from services.alerts.proposals.service import ProposalDesk
from shared.access import Jurisdiction
from shared.web import DOCUMENT_TYPES, IdPath, RowId, Year, allowed, download, reading

router = APIRouter(prefix="/api/v1/proposals", tags=["proposals"])
Reader = Annotated[Jurisdiction, Depends(allowed("proposals.read"))]


def _desk(request: Request) -> ProposalDesk:
    desk: ProposalDesk = request.app.state.proposals
    return desk


@router.get("")
def list_proposals(request: Request, reach: Reader, year: Year = None) -> dict[str, Any]:
    with reading(request) as session:
        return {"items": _desk(request).proposals(session, reach, year)}


@router.get("/{proposal_id}")
def get_proposal(request: Request, reach: Reader, proposal_id: RowId) -> dict[str, Any]:
    with reading(request) as session:
        return _desk(request).proposal(session, reach, proposal_id)


@router.get("/{proposal_id}/documents/{filename:path}", response_class=Response,
            responses=DOCUMENT_TYPES)  # type: ignore[arg-type]
def proposal_document(request: Request, reach: Reader, proposal_id: RowId,
                      filename: IdPath) -> Response:
    with reading(request) as session:
        ProposalDesk.visible(session, reach, proposal_id)
        return download(find(session, Document.proposal_id == proposal_id, filename))
