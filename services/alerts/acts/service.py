"""The ledger of supervisory acts (docs/rules.md#act_response_term, #licence_threshold).

A prosecutor issues an act — protest, representation, decree, instruction, demand for
disciplinary liability, request to transfer a document — from one or more alerts, or on its own.
The act resolves its alerts (through the queue's own transition, in the same unit of work) and is
announced as an `act.registered` event, its answer as `act.answered`: the monitor then judges the
answer's term and the bailiff's count of acts with the same rules as for acts registered by
other prosecutors' systems, which reach this ledger through the same events.

An act is filed under the territory of the bailiff it concerns, so that the prosecutor in charge
of that bailiff sees every act against them; a caller may bring an act only against a bailiff and
a proceeding within their own jurisdiction.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.alerts.acts.models import ACT_KINDS, ActAlert, SupervisoryAct
from services.alerts.acts.places import place_of_bailiff, place_of_proceeding
from services.alerts.queue.models import Alert
from services.alerts.queue.service import AlertQueue
from shared import paging
from shared.access import Jurisdiction
from shared.errors import Conflict, Invalid, not_found
from shared.events import ActAnswered, ActRegistered, AnswerResult
from shared.legal.history import Act
from shared.legal.rules import (
    PROSECUTORS_TERMS,
    Context,
    act_response_due,
    protest_earliest_due,
    protest_term_refusal,
)
from shared.messages import EVENT_CODEC
from shared.storage import enqueue

SOURCE = "qadagalau"
queue = AlertQueue()


def due_of(act: SupervisoryAct, ctx: Context) -> date | None:
    """The term the answer is due by, as the rule reads it: the prosecutor's own, else the
    law's for a protest or a representation; none for an act the law gives no term."""
    return act_response_due(Act(act.act_id, act.act_kind, act.bailiff_id, act.registered_on,
                                act.proceeding_id, act.response_due_on), ctx)


def ignored(act: SupervisoryAct, due: date | None, today: date) -> bool:
    """Whether the act was rejected, or left unconsidered past its term: the grounds to go to
    court with a claim (Law on the Prosecutor's Office, Art. 39)."""
    return act.answer_result == "rejected" or (
        act.answered_on is None and due is not None and today > due)


def act_dict(session: Session, act: SupervisoryAct, reach: Jurisdiction,
             ctx: Context, today: date) -> dict[str, Any]:
    alert_ids = list(session.scalars(select(ActAlert.alert_id).where(
        ActAlert.act_id == act.act_id)))
    due = due_of(act, ctx)
    actions = ["answer"] if act.answered_on is None and reach.may("acts.answer") else []
    if act.court_filed_on is None and ignored(act, due, today) and reach.may("acts.issue"):
        actions.append("take_to_court")
    return {
        "act_id": act.act_id, "act_kind": act.act_kind, "bailiff_id": act.bailiff_id,
        "proceeding_id": act.proceeding_id, "addressee": act.addressee,
        "registered_on": act.registered_on.isoformat(),
        "response_due_on": act.response_due_on.isoformat() if act.response_due_on else None,
        "due_on": due.isoformat() if due else None,
        "answered_on": act.answered_on.isoformat() if act.answered_on else None,
        "answer_result": act.answer_result, "recovered_kzt": act.recovered_kzt,
        "court_filed_on": act.court_filed_on.isoformat() if act.court_filed_on else None,
        "source": act.source, "region": act.region, "district": act.district,
        "alert_ids": alert_ids, "allowed_actions": actions,
    }


class ActsLedger:
    def issue(self, session: Session, reach: Jurisdiction, today: date, act_kind: str,
              alert_ids: list[int], bailiff_id: str | None, proceeding_id: str | None,
              addressee: str | None, response_due_on: date | None,
              ctx: Context) -> dict[str, Any]:
        calendar = ctx.calendar
        if act_kind not in ACT_KINDS:
            raise Invalid("act_kind_unknown", f"act_kind: one of {', '.join(ACT_KINDS)}",
                          field="act_kind", allowed=list(ACT_KINDS))
        unlawful = protest_term_refusal(act_kind, today, response_due_on, calendar)
        if unlawful is not None:
            raise Invalid("protest_term_too_short", unlawful, field="response_due_on",
                          earliest=protest_earliest_due(today, calendar).isoformat())
        alerts = [self._open_alert(session, reach, alert_id) for alert_id in alert_ids]
        bailiffs = {a.bailiff_id for a in alerts} | ({bailiff_id} if bailiff_id else set())
        if len(bailiffs) != 1 or None in bailiffs:
            raise Invalid("act_one_bailiff", "an act concerns one bailiff: give bailiff_id, or "
                                             "alerts that all concern the same bailiff",
                          field="bailiff_id")
        bailiff = next(iter(bailiffs))
        assert bailiff is not None
        proceedings = {a.proceeding_id for a in alerts if a.proceeding_id}
        proceeding = proceeding_id or (next(iter(proceedings)) if len(proceedings) == 1
                                       else None)
        if proceeding is not None:
            where = place_of_proceeding(session, proceeding)
            if where is None:
                raise Invalid("proceeding_unknown",
                              f"proceeding {proceeding} is not known here (no document "
                              "accepted for it)", field="proceeding_id", id=proceeding[:200])
            reach.check_named("proceeding", proceeding, *where)
        place = place_of_bailiff(session, bailiff)
        if place is None:
            raise Invalid("bailiff_unknown",
                          f"bailiff {bailiff} is not known here (never registered, holds no "
                          "proceeding)", field="bailiff_id", id=bailiff[:200])
        reach.check_named("bailiff", bailiff, *place)
        act_id = f"Q-{uuid.uuid4().hex[:12]}"
        act = SupervisoryAct(
            act_id=act_id, act_kind=act_kind, bailiff_id=bailiff, proceeding_id=proceeding,
            addressee=addressee, registered_on=today, response_due_on=response_due_on,
            source=SOURCE, region=place[0], district=place[1])
        session.add(act)
        session.flush()
        for alert in alerts:
            queue.transition(session, reach, alert.id, "resolved",
                             reason=f"{act_kind} {act_id}")
            session.add(ActAlert(act_id=act_id, alert_id=alert.id))
        enqueue(session, [EVENT_CODEC.outgoing(ActRegistered.model_validate({
            "event_id": f"{act_id}-registered", "type": "act.registered", "occurred_on": today,
            "act_id": act_id, "act_kind": act_kind, "bailiff_id": bailiff,
            "proceeding_id": proceeding, "addressee": addressee or None,
            "response_due_on": response_due_on, "source": SOURCE}))])
        session.flush()
        return act_dict(session, act, reach, ctx, today)

    def answer(self, session: Session, reach: Jurisdiction, act_id: str, on: date,
               ctx: Context, result: AnswerResult | None = None,
               recovered_kzt: float | None = None, today: date | None = None,
               ) -> dict[str, Any]:
        # Locked: of two answers recorded at once, the second finds the first and is refused,
        # instead of overwriting its result under the same event id.
        act = self._visible(session, reach, act_id, for_update=True)
        if act.answered_on is not None:
            raise Conflict("act_answered", f"the answer was recorded already ({act.answered_on})",
                           id=act_id, answered_on=act.answered_on.isoformat())
        if on < act.registered_on:
            raise Invalid("answer_before_act", "answered_on: the answer cannot come before "
                          "the act was registered", field="answered_on",
                          registered_on=act.registered_on.isoformat())
        if today is not None and on > today:
            # A date to come would keep the act's term from ever being found breached.
            raise Invalid("answer_in_future", "answered_on: a day that has not come yet",
                          field="answered_on", today=today.isoformat())
        act.answered_on, act.answer_result, act.recovered_kzt = on, result, recovered_kzt
        # An answer belongs to its act (docs/contract.md §1): keyed like the act, so that the
        # two stay in order on one partition.
        enqueue(session, [EVENT_CODEC.outgoing(ActAnswered(
            event_id=f"{act_id}-answered", type="act.answered", occurred_on=on, act_id=act_id,
            proceeding_id=act.proceeding_id, result=result, recovered_kzt=recovered_kzt,
            source=SOURCE))])
        return act_dict(session, act, reach, ctx, today or on)

    def take_to_court(self, session: Session, reach: Jurisdiction, act_id: str, on: date,
                      today: date, ctx: Context) -> dict[str, Any]:
        """Record that the prosecutor went to court with a claim on an act the bailiff's side
        rejected or left unconsidered past its term."""
        act = self._visible(session, reach, act_id, for_update=True)
        if act.court_filed_on is not None:
            raise Conflict("act_court_recorded",
                           f"going to court was recorded already ({act.court_filed_on})",
                           id=act_id, court_filed_on=act.court_filed_on.isoformat())
        if not ignored(act, due_of(act, ctx), on):
            raise Conflict("act_not_ignored", "an act goes to court when it was rejected or "
                           "left unconsidered past its term", id=act_id)
        # Not before the act, nor before the answer that rejected it.
        after = act.answered_on if act.answer_result == "rejected" else act.registered_on
        if after is not None and on < after:
            raise Invalid("court_too_early", f"filed_on: before {after.isoformat()}, when the "
                          "act was registered or rejected", field="filed_on",
                          earliest=after.isoformat())
        if on > today:
            raise Invalid("court_in_future", "filed_on: a day that has not come yet",
                          field="filed_on", today=today.isoformat())
        act.court_filed_on = on
        return act_dict(session, act, reach, ctx, today)

    def list(self, session: Session, reach: Jurisdiction, bailiff_id: str | None,
             answered: bool | None, ctx: Context, today: date,
             proceeding_id: str | None = None, cursor: str | None = None, limit: int = 500,
             ) -> tuple[list[dict[str, Any]], str | None]:
        """A page of the ledger in order of registration, and the cursor of the next."""
        keyset = (SupervisoryAct.registered_on, SupervisoryAct.act_id)
        query = select(SupervisoryAct).order_by(*keyset)
        if cursor:
            query = query.where(paging.after(keyset, paging.key_of(cursor, date, str)))
        query = reach.scope(query, SupervisoryAct.region, SupervisoryAct.district)
        if bailiff_id:
            query = query.where(SupervisoryAct.bailiff_id == bailiff_id)
        if proceeding_id:
            query = query.where(SupervisoryAct.proceeding_id == proceeding_id)
        if answered is not None:
            column = SupervisoryAct.answered_on
            query = query.where(column.is_not(None) if answered else column.is_(None))
        acts, next_cursor = paging.cut(list(session.scalars(query.limit(limit + 1))), limit,
                                       lambda act: (act.registered_on, act.act_id))
        return [act_dict(session, act, reach, ctx, today) for act in acts], next_cursor

    def get(self, session: Session, reach: Jurisdiction, act_id: str, ctx: Context,
            today: date) -> dict[str, Any]:
        return act_dict(session, self._visible(session, reach, act_id), reach, ctx, today)

    @staticmethod
    def _open_alert(session: Session, reach: Jurisdiction, alert_id: int) -> Alert:
        alert = AlertQueue.visible(session, reach, alert_id, for_update=True)
        if alert.withdrawn_on is not None or alert.status in ("resolved", "dismissed"):
            raise Conflict("alert_closed", f"alert {alert_id} is closed already", id=alert_id)
        if alert.rule in PROSECUTORS_TERMS:
            raise Conflict("alert_office_s_own", f"alert {alert_id} is a term of the "
                           "prosecutor's office itself: no act is brought on it against a "
                           "bailiff", id=alert_id, rule=alert.rule)
        return alert

    @staticmethod
    def _visible(session: Session, reach: Jurisdiction, act_id: str,
                 for_update: bool = False) -> SupervisoryAct:
        act = session.get(SupervisoryAct, act_id, with_for_update=for_update)
        if act is None or not reach.covers(act.region, act.district):
            raise not_found("act", act_id)
        return act
