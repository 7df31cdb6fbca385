"""The ledger's consumer: `act.registered` and `act.answered` from `proceedings.events`, ours and
other systems', and `document.accepted` for where each proceeding belongs. One batch, one unit
of work; the first registration of an act_id counts, the earliest answer holds."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.alerts.acts.models import ActProceeding, SupervisoryAct
from services.alerts.acts.service import place_of_bailiff, place_of_proceeding
from shared.bus import Message, events_in
from shared.events import ActAnswered, ActRegistered, DocumentAccepted
from shared.storage import transaction


def apply_events(session: Session, events: list[DocumentAccepted | ActRegistered
                                                 | ActAnswered]) -> None:
    for event in events:
        if isinstance(event, DocumentAccepted):
            if session.get(ActProceeding, event.proceeding_id) is None:
                session.add(ActProceeding(proceeding_id=event.proceeding_id,
                                          bailiff_id=event.bailiff_id, region=event.region,
                                          district=event.district))
                session.flush()
            continue
        act = session.get(SupervisoryAct, event.act_id)
        if isinstance(event, ActRegistered):
            if act is None:
                place = place_of_bailiff(session, event.bailiff_id) or (
                    place_of_proceeding(session, event.proceeding_id)
                    if event.proceeding_id else None) or (None, None)
                session.add(SupervisoryAct(
                    act_id=event.act_id, act_kind=event.act_kind,
                    bailiff_id=event.bailiff_id, proceeding_id=event.proceeding_id,
                    addressee=event.addressee, registered_on=event.occurred_on,
                    response_due_on=event.response_due_on, source=event.source,
                    region=place[0], district=place[1]))
                session.flush()
        elif act is not None and (act.answered_on is None
                                  or event.occurred_on < act.answered_on):
            act.answered_on = event.occurred_on


class ActsConsumer:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def events(self, messages: list[Message]) -> None:
        events = events_in(messages, DocumentAccepted, ActRegistered, ActAnswered)
        if events:
            with transaction(self.sessions) as session:
                apply_events(session, events)
