"""Where a bailiff or a proceeding belongs, as the alerts service knows it: the one answer used
to file an act, to check its caller's reach, and to offer `issue_act` on an alert."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.alerts.acts.models import ActBailiff, ActProceeding
from services.alerts.bailiffs.models import Bailiff
from services.alerts.queue.models import Alert

Place = tuple[str | None, str | None]


def registered_places(session: Session, bailiff_ids: Iterable[str]) -> dict[str, Place]:
    """The registered territory of each of these bailiffs that has one: as the ledger's
    consumer saw the registration, else as the registry did."""
    ids = list(set(bailiff_ids))
    if not ids:
        return {}
    found: dict[str, Place] = {b: (r, d) for b, r, d in session.execute(
        select(Bailiff.bailiff_id, Bailiff.region, Bailiff.district)
        .where(Bailiff.bailiff_id.in_(ids)))}
    found |= {b: (r, d) for b, r, d in session.execute(
        select(ActBailiff.bailiff_id, ActBailiff.region, ActBailiff.district)
        .where(ActBailiff.bailiff_id.in_(ids)))}
    return found


def places_of_bailiffs(session: Session, bailiff_ids: Iterable[str]) -> dict[str, Place]:
    """Where each bailiff belongs: their registration, else the proceedings they hold (the
    first by id), else the alerts about them. A bailiff found nowhere is left out."""
    found = registered_places(session, bailiff_ids)
    rest = set(bailiff_ids) - set(found)
    for model in (ActProceeding, Alert):
        if not rest:
            break
        rows: Any = session.execute(
            select(model.bailiff_id, model.region, model.district)
            .where(model.bailiff_id.in_(rest), model.region.is_not(None))
            .order_by(model.bailiff_id, model.region, model.district))
        for bailiff_id, region, district in rows:
            found.setdefault(bailiff_id, (region, district))
        rest -= set(found)
    return found


def place_of_bailiff(session: Session, bailiff_id: str) -> Place | None:
    return places_of_bailiffs(session, [bailiff_id]).get(bailiff_id)


def place_of_proceeding(session: Session, proceeding_id: str) -> Place | None:
    known = session.get(ActProceeding, proceeding_id)
    if known is not None:
        return known.region, known.district
    row = session.execute(select(Alert.region, Alert.district).where(
        Alert.proceeding_id == proceeding_id, Alert.region.is_not(None)).limit(1)).first()
    return (row[0], row[1]) if row is not None else None
