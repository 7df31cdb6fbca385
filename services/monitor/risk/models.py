"""The risk room's tables: trained models, the latest scores, bailiff indicators, daily runs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    LargeBinary,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from shared.storage import Base, BigId, utcnow


class RiskModelRecord(Base):
    """A trained breach-risk model with its metadata; at most one per target is in service."""

    __tablename__ = "monitor_risk_models"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    target: Mapped[str] = mapped_column(String(40), index=True)
    trained_on: Mapped[date] = mapped_column(Date)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON)  # windows, AUC, AP, baseline...
    features: Mapped[list[str]] = mapped_column(JSON)
    importance: Mapped[dict[str, float]] = mapped_column(JSON)
    promoted: Mapped[bool] = mapped_column(Boolean)
    in_service: Mapped[bool] = mapped_column(Boolean, default=False)
    blob: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RiskScore(Base):
    """An open proceeding's latest probability of breaching a target, with its reasons."""

    __tablename__ = "monitor_risk_scores"

    proceeding_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    target: Mapped[str] = mapped_column(String(40), primary_key=True)
    probability: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    model_id: Mapped[int] = mapped_column(BigInteger)
    scored_on: Mapped[date] = mapped_column(Date, index=True)


class BailiffIndicator(Base):
    """A bailiff's indicators and their robust z-scores within the region, as last computed."""

    __tablename__ = "monitor_bailiff_indicators"

    bailiff_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    region: Mapped[str | None] = mapped_column(String(64), index=True)
    district: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str | None] = mapped_column(String(16))
    computed_on: Mapped[date] = mapped_column(Date)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    rank_score: Mapped[float] = mapped_column(Float)
    outlier_on: Mapped[list[str]] = mapped_column(JSON)


class RiskRun(Base):
    """A daily risk run (scores, indicators) that finished: a run cut short is done again."""

    __tablename__ = "monitor_risk_runs"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    finished_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

