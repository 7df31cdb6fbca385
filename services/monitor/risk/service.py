"""What the risk room answers: the models, a proceeding's scores, the riskiest open
proceedings and the bailiff indicators, each within the caller's reach. Reads in the caller's
session; the daily job (jobs.py) writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from services.monitor.judge.models import Subject
from services.monitor.risk.models import BailiffIndicator, RiskModelRecord, RiskScore
from shared import paging
from shared.access import Jurisdiction
from shared.errors import not_found


def models(session: Session) -> list[dict[str, Any]]:
    return [model_dict(r) for r in session.scalars(
        select(RiskModelRecord).order_by(RiskModelRecord.id.desc()))]


def scores(session: Session, reach: Jurisdiction, proceeding_id: str) -> list[dict[str, Any]]:
    subject = session.get(Subject, f"P:{proceeding_id}")
    if subject is None or not reach.covers(subject.region, subject.district):
        raise not_found("proceeding", proceeding_id)
    return [{"target": s.target, "probability": round(s.probability, 4),
             "reasons": s.reasons, "model_id": s.model_id,
             "scored_on": s.scored_on.isoformat()}
            for s in session.scalars(select(RiskScore).where(
                RiskScore.proceeding_id == proceeding_id))]


def riskiest(session: Session, reach: Jurisdiction, cursor: str | None,
             limit: int) -> tuple[list[dict[str, Any]], str | None]:
    """A page of the open proceedings most likely to breach, in the caller's jurisdiction:
    each one's highest score over the targets; and the next page's cursor."""
    top = (select(RiskScore.proceeding_id, func.max(RiskScore.probability).label("p"))
           .group_by(RiskScore.proceeding_id).subquery())
    query = (select(RiskScore, Subject.region, Subject.district)
             .join(top, (top.c.proceeding_id == RiskScore.proceeding_id)
                   & (top.c.p == RiskScore.probability))
             .join(Subject, Subject.subject == literal("P:") + RiskScore.proceeding_id))
    query = reach.scope(query, Subject.region, Subject.district)
    keyset, downward = (RiskScore.probability, RiskScore.proceeding_id), (True, False)
    query = query.order_by(*paging.order(keyset, downward))
    if cursor is not None:
        query = query.where(paging.after(keyset, paging.key_of(cursor, float, str), downward))
    # A proceeding whose targets tie on its highest score comes once.
    found: dict[str, tuple[float, dict[str, Any]]] = {}
    for score, region, district in session.execute(query.limit(2 * limit + 2)):
        found.setdefault(score.proceeding_id, (score.probability, {
            "proceeding_id": score.proceeding_id, "target": score.target,
            "probability": round(score.probability, 4), "reasons": score.reasons,
            "region": region, "district": district, "scored_on": score.scored_on.isoformat()}))
    rows, next_cursor = paging.cut(list(found.values()), limit,
                                   lambda row: (row[0], row[1]["proceeding_id"]))
    return [row for _, row in rows], next_cursor


def indicators(session: Session, reach: Jurisdiction, region: str | None,
               outliers_only: bool) -> list[dict[str, Any]]:
    """Every bailiff's indicators in the caller's reach, the highest rank score first."""
    query = select(BailiffIndicator).order_by(BailiffIndicator.rank_score.desc(),
                                              BailiffIndicator.bailiff_id)
    query = reach.scope_bailiffs(query, BailiffIndicator.kind, BailiffIndicator.region,
                                 BailiffIndicator.district)
    if region:
        query = query.where(BailiffIndicator.region == region)
    rows = [{"bailiff_id": r.bailiff_id, "region": r.region, "district": r.district,
             "kind": r.kind, "computed_on": r.computed_on.isoformat(),
             "rank_score": r.rank_score, "outlier_on": r.outlier_on, **r.values}
            for r in session.scalars(query)]
    return [r for r in rows if r["outlier_on"]] if outliers_only else rows


def model_dict(r: RiskModelRecord) -> dict[str, Any]:
    return {"id": r.id, "target": r.target, "trained_on": r.trained_on.isoformat(),
            "promoted": r.promoted, "in_service": r.in_service, "metrics": r.metrics,
            "features": r.features, "importance": r.importance}
