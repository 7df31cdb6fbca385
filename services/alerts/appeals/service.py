"""The register of citizens' appeals about bailiffs (docs/rules.md#appeal_term).

An appeal is registered here (the pages, the API) or by the e-appeals system through ingest;
each step — an extension, the applicant told of it, an inspection ordered and ended, the answer
— is an `appeal.*` event. A step taken here is written to the register by the same function
that applies the events from the bus (`apply_event`), then put on the outbox: the monitor
judges the terms from the events, the register shows them, and the two read one rule
(`appeal_answer_due`).

An appeal is filed under the office that received it; a prosecutor registers appeals of their
own territory and works those within it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.alerts.appeals.models import Appeal
from shared import paging
from shared.access import Jurisdiction
from shared.errors import Conflict, Invalid, not_found
from shared.events import (
    AppealAnswered,
    AppealExtended,
    AppealExtensionNotified,
    AppealInspectionEnded,
    AppealInspectionOrdered,
    AppealReceived,
    appeal_step_id,
    shown_iin_bin,
)
from shared.legal import history
from shared.legal.history import earliest
from shared.legal.rules import Context, appeal_answer_due, overdue
from shared.messages import EVENT_CODEC
from shared.storage import enqueue

SOURCE = "qadagalau"
AppealEvent = (AppealReceived | AppealExtended | AppealExtensionNotified
               | AppealInspectionOrdered | AppealInspectionEnded | AppealAnswered)
APPEAL_EVENTS = (AppealReceived, AppealExtended, AppealExtensionNotified,
                 AppealInspectionOrdered, AppealInspectionEnded, AppealAnswered)


def apply_event(session: Session, event: AppealEvent) -> None:
    """One `appeal.*` event into the register; applied again it changes nothing (the bus
    delivers at least once). The first receipt to arrive holds, as in the rule's fold; every
    extension is kept; of the other steps the earliest."""
    appeal = session.get(Appeal, event.appeal_id)
    if appeal is None:
        appeal = Appeal(appeal_id=event.appeal_id)
        session.add(appeal)
    on = event.occurred_on
    if isinstance(event, AppealReceived):
        if appeal.received_on is None:
            applicant = event.applicant
            appeal.received_on, appeal.region, appeal.district = on, event.region, event.district
            appeal.bailiff_id, appeal.proceeding_id = event.bailiff_id, event.proceeding_id
            appeal.applicant_kind, appeal.applicant_name = applicant.kind, applicant.name
            appeal.applicant_iin_bin = shown_iin_bin(applicant.kind, applicant.iin_bin) \
                if applicant.iin_bin else None
            appeal.summary, appeal.source = event.summary, event.source
    elif isinstance(event, AppealExtended):
        extension = {"on": on.isoformat(), "until": event.extended_until.isoformat(),
                     "reason": event.reason}
        if extension not in (appeal.extensions or []):
            # A new list, not the old one changed in place: the JSON column sees the change.
            appeal.extensions = sorted([*(appeal.extensions or []), extension],
                                       key=lambda e: (e["on"], e["until"]))
    elif isinstance(event, AppealExtensionNotified):
        appeal.notified_on = earliest(appeal.notified_on, on)
    elif isinstance(event, AppealInspectionOrdered):
        appeal.inspection_ordered_on = earliest(appeal.inspection_ordered_on, on)
    elif isinstance(event, AppealInspectionEnded):
        appeal.inspection_ended_on = earliest(appeal.inspection_ended_on, on)
    elif appeal.answered_on is None or on < appeal.answered_on:
        appeal.answered_on, appeal.result, appeal.answer_text = on, event.result, event.text
    session.flush()


def _as_legal(appeal: Appeal) -> history.Appeal:
    assert appeal.received_on is not None and appeal.region is not None
    return history.Appeal(
        appeal.appeal_id, appeal.received_on, appeal.bailiff_id or "", appeal.proceeding_id,
        appeal.region, appeal.district,
        [(date.fromisoformat(e["on"]), date.fromisoformat(e["until"]))
         for e in appeal.extensions or []],
        [appeal.notified_on] if appeal.notified_on else [], appeal.inspection_ordered_on,
        appeal.inspection_ended_on, appeal.answered_on)


def answered_in_time(appeal: Appeal, ctx: Context, today: date) -> bool:
    """Whether the appeal was answered by its last day (or, unanswered, whether its last day
    has not yet passed): the rule's own arithmetic."""
    due = appeal_answer_due(_as_legal(appeal), ctx)
    return due is None or (appeal.answered_on or today) <= due


def next_steps(appeal: Appeal, reach: Jurisdiction) -> list[str]:
    """What the caller may do next with an appeal: its steps in the order the law takes them."""
    if appeal.answered_on is not None or not reach.may("appeals.work"):
        return []
    steps = []
    if not appeal.extensions:
        steps.append("extend")
    elif appeal.notified_on is None:
        steps.append("notify")
    if appeal.inspection_ordered_on is None:
        steps.append("order_inspection")
    elif appeal.inspection_ended_on is None:
        steps.append("end_inspection")
    return [*steps, "answer"]


def appeal_dict(appeal: Appeal, reach: Jurisdiction, ctx: Context,
                today: date) -> dict[str, Any]:
    due = appeal_answer_due(_as_legal(appeal), ctx)
    first, last = (appeal.extensions[0], appeal.extensions[-1]) if appeal.extensions \
        else (None, None)
    late = overdue("APPEAL_TERM", due, appeal.answered_on or today, ctx.calendar) \
        if due is not None else None
    return {
        "appeal_id": appeal.appeal_id, "received_on": appeal.received_on,
        "region": appeal.region, "district": appeal.district, "bailiff_id": appeal.bailiff_id,
        "proceeding_id": appeal.proceeding_id,
        "applicant": {"kind": appeal.applicant_kind, "name": appeal.applicant_name,
                      "iin_bin": appeal.applicant_iin_bin},
        # The first extension's day (its notice runs from it), the last one's term and reason.
        "summary": appeal.summary, "extended_on": first["on"] if first else None,
        "extended_until": last["until"] if last else None,
        "extension_reason": last["reason"] if last else None,
        "notified_on": appeal.notified_on, "inspection_ordered_on": appeal.inspection_ordered_on,
        "inspection_ended_on": appeal.inspection_ended_on, "answered_on": appeal.answered_on,
        "result": appeal.result, "answer_text": appeal.answer_text, "source": appeal.source,
        "due_on": due, "overdue": None if late is None else {"days": late[0], "unit": late[1]},
        "allowed_actions": next_steps(appeal, reach),
    }


class AppealRegister:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def register(self, session: Session, reach: Jurisdiction, today: date,
                 fields: dict[str, Any]) -> dict[str, Any]:
        """Register an appeal the office received; filed under the caller's own territory
        unless they name one within it."""
        region = fields.pop("region", None) or reach.principal.region
        district = fields.pop("district", None) or reach.principal.district
        if region is None:
            raise Invalid("region_required", "region: name the office that received the "
                          "appeal", field="region")
        reach.check_named("office", f"{region}/{district or ''}", region, district)
        on = fields.pop("received_on", None) or today
        if on > today:
            raise Invalid("day_in_future", "received_on: a day that has not come yet",
                          field="received_on", today=today.isoformat())
        appeal_id = fields.pop("appeal_id", None) or f"AP-{uuid.uuid4().hex[:12]}"
        if session.get(Appeal, appeal_id) is not None:
            raise Conflict("appeal_exists", f"appeal {appeal_id} is registered already",
                           id=appeal_id)
        event = AppealReceived.model_validate({
            "event_id": appeal_step_id(appeal_id, "received"), "type": "appeal.received",
            "occurred_on": on, "appeal_id": appeal_id, "region": region, "district": district,
            "source": SOURCE, **fields})
        return self._take(session, reach, today, event)

    def step(self, session: Session, reach: Jurisdiction, today: date, appeal_id: str,
             kind: str, on: date | None, fields: dict[str, Any]) -> dict[str, Any]:
        """One step on a registered appeal: `extend`, `notify`, `order_inspection`,
        `end_inspection` or `answer`, on the day given (today by default)."""
        appeal = self._visible(session, reach, appeal_id, for_update=True)
        day = on or today
        if kind not in next_steps(appeal, reach):
            raise Conflict(f"appeal_cannot_{kind}", _why_not(appeal, kind), id=appeal_id)
        assert appeal.received_on is not None
        if day > today:
            raise Invalid("day_in_future", "on: a day that has not come yet", field="on",
                          today=today.isoformat())
        earliest = appeal.inspection_ordered_on if kind == "end_inspection" else \
            date.fromisoformat(appeal.extensions[0]["on"]) if kind == "notify" \
            else appeal.received_on
        if earliest is not None and day < earliest:
            raise Invalid("step_too_early", f"on: before {earliest.isoformat()}, when the step "
                          "it follows was taken", field="on", earliest=earliest.isoformat())
        if kind == "extend" and fields["extended_until"] <= day:
            raise Invalid("extension_not_later", "extended_until: the new last day must come "
                          "after the day of the extension", field="extended_until")
        model, type_ = STEPS[kind]
        event = model.model_validate({
            "event_id": appeal_step_id(appeal_id, type_), "type": f"appeal.{type_}",
            "occurred_on": day,
            "appeal_id": appeal_id, "source": SOURCE, **fields})
        return self._take(session, reach, today, event)

    def _take(self, session: Session, reach: Jurisdiction, today: date,
              event: AppealEvent) -> dict[str, Any]:
        apply_event(session, event)
        enqueue(session, [EVENT_CODEC.outgoing(event)])
        appeal = session.get(Appeal, event.appeal_id)
        assert appeal is not None
        return appeal_dict(appeal, reach, self.ctx, today)

    def list(self, session: Session, reach: Jurisdiction, today: date, bailiff_id: str | None,
             answered: bool | None, cursor: str | None,
             limit: int) -> tuple[list[dict[str, Any]], str | None]:
        """A page of the register in order of receipt, and the next page's cursor."""
        keyset = (Appeal.received_on, Appeal.appeal_id)
        query = reach.scope(select(Appeal).where(Appeal.received_on.is_not(None)),
                            Appeal.region, Appeal.district).order_by(*keyset)
        if cursor is not None:
            query = query.where(paging.after(keyset, paging.key_of(cursor, date, str)))
        if bailiff_id:
            query = query.where(Appeal.bailiff_id == bailiff_id)
        if answered is not None:
            column = Appeal.answered_on
            query = query.where(column.is_not(None) if answered else column.is_(None))
        appeals, next_cursor = paging.cut(list(session.scalars(query.limit(limit + 1))), limit,
                                          lambda a: (a.received_on, a.appeal_id))
        return [appeal_dict(a, reach, self.ctx, today) for a in appeals], next_cursor

    def get(self, session: Session, reach: Jurisdiction, today: date,
            appeal_id: str) -> dict[str, Any]:
        return appeal_dict(self._visible(session, reach, appeal_id), reach, self.ctx, today)

    @staticmethod
    def _visible(session: Session, reach: Jurisdiction, appeal_id: str,
                 for_update: bool = False) -> Appeal:
        appeal = session.get(Appeal, appeal_id, with_for_update=for_update)
        if appeal is None or appeal.received_on is None \
                or not reach.covers(appeal.region, appeal.district):
            raise not_found("appeal", appeal_id)
        return appeal


STEPS: dict[str, tuple[Any, str]] = {
    "extend": (AppealExtended, "extended"),
    "notify": (AppealExtensionNotified, "extension_notified"),
    "order_inspection": (AppealInspectionOrdered, "inspection_ordered"),
    "end_inspection": (AppealInspectionEnded, "inspection_ended"),
    "answer": (AppealAnswered, "answered"),
}


def _why_not(appeal: Appeal, kind: str) -> str:
    if appeal.answered_on is not None:
        return f"the appeal was answered already ({appeal.answered_on})"
    return {
        "extend": "the appeal's term was extended already",
        "notify": "there is no extension to tell of, or it was told already",
        "order_inspection": "an inspection was ordered already",
        "end_inspection": "no inspection runs",
    }.get(kind, "not allowed")
