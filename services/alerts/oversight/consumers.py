"""Oversight's consumer: `sanction.decided` from `proceedings.events`, which the reports up the
hierarchy count as granted and refused (the sanctions service announces each decision there;
the alerts service does not read the sanctions service's tables). The first decision of a
decree holds; a decision read again changes nothing."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from services.alerts.oversight.models import SanctionDecision
from shared.bus import Message, events_in
from shared.events import SanctionDecided
from shared.storage import table_of, transaction, upsert


class OversightConsumer:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def events(self, messages: list[Message]) -> None:
        decisions: dict[str, SanctionDecided] = {}
        for event in events_in(messages, SanctionDecided):
            decisions.setdefault(event.decree_id, event)
        if not decisions:
            return
        with transaction(self.sessions) as session:
            session.execute(upsert(session, table_of(SanctionDecision)).values([
                {"decree_id": e.decree_id, "proceeding_id": e.proceeding_id,
                 "decision": e.decision, "decided_on": e.occurred_on}
                for e in decisions.values()]).on_conflict_do_nothing(
                    index_elements=["decree_id"]))
