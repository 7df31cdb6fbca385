"""The ledger's consumer: `act.registered` and `act.answered` from `proceedings.events`, ours and
other systems', and `document.accepted` for where each proceeding belongs. One batch, one unit
of work; the first registration of an act_id counts, the earliest answer holds."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from services.alerts.acts.models import ActBailiff, ActEarlyAnswer, ActProceeding, SupervisoryAct
from services.alerts.acts.places import place_of_bailiff, place_of_proceeding
from shared.bus import Message, events_in
from shared.events import (
    ActAnswered,
    ActRegistered,
    BailiffRegistered,
    DocumentAccepted,
    shown_iin_bin,
)
from shared.storage import among, bulk_insert, table_of, transaction

PLACE_COLUMNS = ("proceeding_id", "bailiff_id", "region", "district", "debtor_kind",
                 "debtor_name", "debtor_iin_bin", "amount_kzt")


def _file_unplaced(session: Session, bailiff_id: str, region: str, district: str) -> None:
    """Acts that came before anything said where their bailiff belongs are filed now: the
    registration and the documents travel on other partitions, so may come later."""
    session.execute(update(SupervisoryAct)
                    .where(SupervisoryAct.bailiff_id == bailiff_id,
                           SupervisoryAct.region.is_(None))
                    .values(region=region, district=district))


def _file_documents(session: Session, documents: list[DocumentAccepted]) -> None:
    """Where each proceeding belongs, from its first accepted document: every document of a
    batch in a few statements (they are nearly every event the ledger reads)."""
    first: dict[str, DocumentAccepted] = {}
    for document in documents:
        first.setdefault(document.proceeding_id, document)
    known = dict(session.execute(select(ActProceeding.proceeding_id, ActProceeding.debtor_kind)
                                 .where(among(session, ActProceeding.proceeding_id, first))).all())
    # Filed before the queue showed debtors (migration 0013): their card is completed from the
    # document when it comes again; a card once filled keeps the first document's.
    for pid, kind in known.items():
        if kind is None:
            d = first[pid]
            session.execute(update(ActProceeding).where(
                ActProceeding.proceeding_id == pid, ActProceeding.debtor_kind.is_(None)).values(
                debtor_kind=d.debtor.kind, debtor_name=d.debtor.name,
                debtor_iin_bin=shown_iin_bin(d.debtor.kind, d.debtor.iin_bin),
                amount_kzt=d.amount_kzt))
    fresh = [d for pid, d in first.items() if pid not in known]
    if not fresh:
        return
    bulk_insert(session, table_of(ActProceeding), PLACE_COLUMNS,
                [(d.proceeding_id, d.bailiff_id, d.region, d.district, d.debtor.kind,
                  d.debtor.name, shown_iin_bin(d.debtor.kind, d.debtor.iin_bin), d.amount_kzt)
                 for d in fresh])
    places = {d.bailiff_id: (d.region, d.district) for d in fresh}
    for bailiff_id in session.scalars(select(SupervisoryAct.bailiff_id).where(
            SupervisoryAct.region.is_(None),
            among(session, SupervisoryAct.bailiff_id, places)).distinct()):
        _file_unplaced(session, bailiff_id, *places[bailiff_id])


def apply_events(session: Session, events: list[BailiffRegistered | DocumentAccepted
                                                 | ActRegistered | ActAnswered]) -> None:
    # Documents first, all at once: an act of the same batch then finds its proceeding's
    # place at once, as it would have a batch later.
    _file_documents(session, [e for e in events if isinstance(e, DocumentAccepted)])
    for event in events:
        if isinstance(event, BailiffRegistered):
            known = session.get(ActBailiff, event.bailiff_id)
            if known is None:
                session.add(ActBailiff(bailiff_id=event.bailiff_id, region=event.region,
                                       district=event.district,
                                       registered_on=event.occurred_on))
                session.flush()
            elif event.occurred_on >= known.registered_on:  # the latest registration holds
                known.region, known.district = event.region, event.district
                known.registered_on = event.occurred_on
            _file_unplaced(session, event.bailiff_id, event.region, event.district)
            continue
        if isinstance(event, DocumentAccepted):
            continue
        act = session.get(SupervisoryAct, event.act_id)
        if isinstance(event, ActRegistered):
            if act is None:
                place = place_of_bailiff(session, event.bailiff_id) or (
                    place_of_proceeding(session, event.proceeding_id)
                    if event.proceeding_id else None) or (None, None)
                early = session.get(ActEarlyAnswer, event.act_id)
                session.add(SupervisoryAct(
                    act_id=event.act_id, act_kind=event.act_kind,
                    bailiff_id=event.bailiff_id, proceeding_id=event.proceeding_id,
                    addressee=event.addressee, registered_on=event.occurred_on,
                    response_due_on=event.response_due_on, source=event.source,
                    region=place[0], district=place[1],
                    answered_on=early.answered_on if early else None,
                    answer_result=early.answer_result if early else None,
                    recovered_kzt=early.recovered_kzt if early else None))
                if early is not None:
                    session.delete(early)
                session.flush()
        elif act is None:  # the answer came first: it waits for its act
            early = session.get(ActEarlyAnswer, event.act_id)
            if early is None:
                session.add(ActEarlyAnswer(act_id=event.act_id, answered_on=event.occurred_on,
                                           answer_result=event.result,
                                           recovered_kzt=event.recovered_kzt))
                session.flush()
            elif event.occurred_on < early.answered_on:
                early.answered_on, early.answer_result, early.recovered_kzt = (
                    event.occurred_on, event.result, event.recovered_kzt)
        elif act.answered_on is None or event.occurred_on < act.answered_on:
            # The earliest answer holds, with what it says of the result.
            act.answered_on, act.answer_result, act.recovered_kzt = (
                event.occurred_on, event.result, event.recovered_kzt)


class ActsConsumer:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def events(self, messages: list[Message]) -> None:
        events = events_in(messages, BailiffRegistered, DocumentAccepted, ActRegistered,
                           ActAnswered)
        if events:
            with transaction(self.sessions) as session:
                apply_events(session, events)
