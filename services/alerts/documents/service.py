"""Stored documents of reports and proposals: written once as rendered, read back as sent."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.alerts.documents.models import Document
from services.alerts.documents.render import Rendered
from shared.errors import NotFound


def store(session: Session, documents: Iterable[Rendered], report_id: int | None = None,
          proposal_id: int | None = None, office_report_id: int | None = None) -> None:
    for doc in documents:
        session.add(Document(report_id=report_id, proposal_id=proposal_id,
                             office_report_id=office_report_id,
                             filename=doc.filename, language=doc.language,
                             media_type=doc.media_type,
                             sha256=hashlib.sha256(doc.content).hexdigest(),
                             content=doc.content))


def find(session: Session, where: Any, filename: str) -> Rendered:
    doc = session.scalar(select(Document).where(where, Document.filename == filename))
    if doc is None:
        raise NotFound("document_not_found", f"no document {filename!r} here",
                       filename=filename[:200])
    return Rendered(doc.filename, doc.language, doc.media_type, doc.content)
