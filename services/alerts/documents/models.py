"""Rendered documents (PDF, XLSX, DOCX) of reports and proposals, kept as they were sent."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    LargeBinary,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.storage import Base, BigId


class Document(Base):
    """A rendered document (PDF, XLSX, DOCX) of a report or a proposal, kept as it was sent."""

    __tablename__ = "chamber_documents"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    report_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    proposal_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    office_report_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    filename: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(4))
    media_type: Mapped[str] = mapped_column(String(128))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
