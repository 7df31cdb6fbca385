"""The ledger of supervisory acts (domain.md §5, ACT_RESPONSE_TERM, LICENCE_THRESHOLD).

A prosecutor issues an act — protest, representation, decree, instruction, demand for
disciplinary liability, request to transfer a document — from one or more alerts, or on its own.
The act resolves its alerts and is announced as an `act.registered` event, its answer as
`act.answered`: the monitor then judges the answer's term and the bailiff's count of acts with
the same rules as for acts registered by other prosecutors' systems, which reach this ledger
through the same events.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.alerts.models import ACT_KINDS, ActAlert, Alert, AlertEvent, SupervisoryAct
from services.alerts.service import AlertError
from shared.auth import Principal
from shared.bus import PROCEEDINGS_EVENTS, Message, events_in
from shared.events import ActAnswered, ActRegistered
from shared.storage import enqueue, transaction

SOURCE = "qadagalau"


class ActsLedger:
    def __init__(self, sessions: sessionmaker[Session], today: Callable[[], date]) -> None:
        self.sessions, self.today = sessions, today

    # --- events ------------------------------------------------------------------------------

    def handle(self, messages: list[Message]) -> None:
        """act.registered and act.answered from `proceedings.events`, ours and others'."""
        events = events_in(messages, ActRegistered, ActAnswered)
        if not events:
            return
        with transaction(self.sessions) as session:
            for event in events:
                act = session.get(SupervisoryAct, event.act_id)
                if isinstance(event, ActRegistered):
                    if act is None:  # the first registration of an act_id counts
                        region, district = _place(session, event.proceeding_id,
                                                  event.bailiff_id)
                        session.add(SupervisoryAct(
                            act_id=event.act_id, act_kind=event.act_kind,
                            bailiff_id=event.bailiff_id, proceeding_id=event.proceeding_id,
                            addressee=event.addressee, registered_on=event.occurred_on,
                            response_due_on=event.response_due_on, source=event.source,
                            region=region, district=district))
                        session.flush()
                elif act is not None and (act.answered_on is None
                                          or event.occurred_on < act.answered_on):
                    act.answered_on = event.occurred_on

    # --- issuing and answering -----------------------------------------------------------------

    def issue(self, principal: Principal, act_kind: str, alert_ids: list[int],
              bailiff_id: str | None, proceeding_id: str | None, addressee: str | None,
              response_due_on: date | None) -> dict[str, Any]:
        if act_kind not in ACT_KINDS:
            raise AlertError(422, f"act_kind: one of {', '.join(ACT_KINDS)}")
        today = self.today()
        act_id = f"Q-{uuid.uuid4().hex[:12]}"
        with transaction(self.sessions) as session:
            alerts = [self._open_alert(session, principal, alert_id) for alert_id in alert_ids]
            bailiffs = {a.bailiff_id for a in alerts} | ({bailiff_id} if bailiff_id else set())
            if len(bailiffs) != 1 or None in bailiffs:
                raise AlertError(422, "an act concerns one bailiff: give bailiff_id, or alerts "
                                      "that all concern the same bailiff")
            bailiff = next(iter(bailiffs))
            assert bailiff is not None
            proceedings = {a.proceeding_id for a in alerts if a.proceeding_id}
            proceeding = proceeding_id or (next(iter(proceedings)) if len(proceedings) == 1
                                           else None)
            region = alerts[0].region if alerts else principal.region
            district = alerts[0].district if alerts else principal.district
            session.add(SupervisoryAct(
                act_id=act_id, act_kind=act_kind, bailiff_id=bailiff, proceeding_id=proceeding,
                addressee=addressee, registered_on=today, response_due_on=response_due_on,
                source=SOURCE, region=region, district=district))
            session.flush()
            for alert in alerts:
                alert.status = "resolved"
                session.add(ActAlert(act_id=act_id, alert_id=alert.id))
                session.add(AlertEvent(alert_id=alert.id, kind="resolved", actor=principal.name,
                                       reason=f"{act_kind} {act_id}"))
            event: dict[str, Any] = {
                "event_id": f"{act_id}-registered", "type": "act.registered",
                "occurred_on": today.isoformat(), "act_id": act_id, "act_kind": act_kind,
                "bailiff_id": bailiff, "source": SOURCE}
            if proceeding:
                event["proceeding_id"] = proceeding
            if addressee:
                event["addressee"] = addressee
            if response_due_on:
                event["response_due_on"] = response_due_on.isoformat()
            enqueue(session, [(PROCEEDINGS_EVENTS, proceeding or bailiff, orjson.dumps(event))])
            session.flush()
            return self._as_dict(session, session.get(SupervisoryAct, act_id))

    def answer(self, principal: Principal, act_id: str,
               answered_on: date | None) -> dict[str, Any]:
        on = answered_on or self.today()
        with transaction(self.sessions) as session:
            act = self._visible(session, principal, act_id)
            if act.answered_on is not None:
                raise AlertError(409, f"the answer was recorded already ({act.answered_on})")
            act.answered_on = on
            # The contract asks every act.answered for a proceeding; an act about none sends
            # its bailiff's id there (the monitor matches answers by act_id).
            enqueue(session, [(PROCEEDINGS_EVENTS, act.proceeding_id or act.bailiff_id,
                               orjson.dumps({
                                   "event_id": f"{act_id}-answered", "type": "act.answered",
                                   "occurred_on": on.isoformat(), "act_id": act_id,
                                   "proceeding_id": act.proceeding_id or act.bailiff_id,
                                   "source": SOURCE}))])
            return self._as_dict(session, act)

    def list(self, principal: Principal, bailiff_id: str | None,
             answered: bool | None) -> list[dict[str, Any]]:
        query = select(SupervisoryAct).order_by(SupervisoryAct.registered_on,
                                                SupervisoryAct.act_id)
        if principal.role not in ("admin", "auditor"):
            query = query.where(SupervisoryAct.region == principal.region)
            if principal.district is not None:
                query = query.where(SupervisoryAct.district == principal.district)
        if bailiff_id:
            query = query.where(SupervisoryAct.bailiff_id == bailiff_id)
        if answered is not None:
            column = SupervisoryAct.answered_on
            query = query.where(column.is_not(None) if answered else column.is_(None))
        with self.sessions() as session:
            return [self._as_dict(session, act) for act in session.scalars(query.limit(1000))]

    def get(self, principal: Principal, act_id: str) -> dict[str, Any]:
        with self.sessions() as session:
            return self._as_dict(session, self._visible(session, principal, act_id))

    # --- helpers -----------------------------------------------------------------------------

    def _open_alert(self, session: Session, principal: Principal, alert_id: int) -> Alert:
        alert = session.get(Alert, alert_id, with_for_update=True)
        if alert is None or not principal.sees(alert.region, alert.district):
            raise AlertError(404, f"no alert {alert_id} in your jurisdiction")
        if alert.withdrawn_on is not None or alert.status in ("resolved", "dismissed"):
            raise AlertError(409, f"alert {alert_id} is closed already")
        return alert

    def _visible(self, session: Session, principal: Principal, act_id: str) -> SupervisoryAct:
        act = session.get(SupervisoryAct, act_id)
        if act is None or not principal.sees(act.region, act.district):
            raise AlertError(404, f"no act {act_id} in your jurisdiction")
        return act

    def _as_dict(self, session: Session, act: SupervisoryAct | None) -> dict[str, Any]:
        assert act is not None
        alert_ids = list(session.scalars(select(ActAlert.alert_id).where(
            ActAlert.act_id == act.act_id)))
        return {
            "act_id": act.act_id, "act_kind": act.act_kind, "bailiff_id": act.bailiff_id,
            "proceeding_id": act.proceeding_id, "addressee": act.addressee,
            "registered_on": act.registered_on.isoformat(),
            "response_due_on": act.response_due_on.isoformat() if act.response_due_on
            else None,
            "answered_on": act.answered_on.isoformat() if act.answered_on else None,
            "source": act.source, "region": act.region, "district": act.district,
            "alert_ids": alert_ids,
        }


def _place(session: Session, proceeding_id: str | None,
           bailiff_id: str) -> tuple[str | None, str | None]:
    """Where an act from elsewhere belongs: the territory of the alerts it concerns."""
    query = select(Alert.region, Alert.district).limit(1)
    if proceeding_id:
        row = session.execute(query.where(Alert.proceeding_id == proceeding_id)).first()
        if row is not None:
            return row[0], row[1]
    row = session.execute(query.where(Alert.bailiff_id == bailiff_id)).first()
    return (row[0], row[1]) if row is not None else (None, None)
