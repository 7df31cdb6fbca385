"""The figures of each district's supervision over a period, for its supervisors to compare
(docs/decisions.md, "Oversight"): the breaches found by rule and how many are still open, the
acts brought by kind and what they achieved, the appeals received and whether they were
answered in time, the licence proposals. Each figure is counted where the thing is filed
(the alert's, the act's, the appeal's, the proposal's territory) and within the caller's reach,
so a district prosecutor sees their district's row, a regional supervisor every district of the
region, the General Prosecutor's Office every region's."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.alerts.acts.models import SupervisoryAct
from services.alerts.appeals.models import Appeal
from services.alerts.appeals.service import answered_in_time
from services.alerts.proposals.models import LicenceProposal
from services.alerts.queue.models import Alert
from shared.access import Jurisdiction
from shared.legal.rules import Context

Place = tuple[str | None, str | None]


def _row() -> dict[str, Any]:
    return {"breaches": defaultdict(lambda: {"found": 0, "open": 0}),
            "acts": {"total": 0, "by_kind": defaultdict(int), "satisfied": 0, "partly": 0,
                     "rejected": 0, "unanswered": 0, "taken_to_court": 0,
                     "recovered_kzt": 0.0},
            "appeals": {"received": 0, "answered_in_time": 0, "answered_late": 0,
                        "unanswered": 0, "past_term": 0},
            "proposals": 0}


def district_figures(session: Session, reach: Jurisdiction, start: date, end: date,
                     today: date, ctx: Context) -> list[dict[str, Any]]:
    """One row per district (region and district) that had anything in the period, in order
    of region and district."""
    rows: dict[Place, dict[str, Any]] = defaultdict(_row)
    found = reach.scope(
        select(Alert.region, Alert.district, Alert.rule, Alert.status, Alert.state,
               func.count())
        .where(Alert.raised_on.between(start, end), Alert.withdrawn_on.is_(None)),
        Alert.region, Alert.district).group_by(
            Alert.region, Alert.district, Alert.rule, Alert.status, Alert.state)
    for region, district, rule, status, state, count in session.execute(found):
        cell = rows[(region, district)]["breaches"][rule]
        cell["found"] += count
        # Open: not done, and no prosecutor has resolved or dismissed it.
        if state == "open" and status not in ("resolved", "dismissed"):
            cell["open"] += count
    acts = reach.scope(
        select(SupervisoryAct.region, SupervisoryAct.district, SupervisoryAct.act_kind,
               SupervisoryAct.answer_result, SupervisoryAct.answered_on.is_not(None),
               func.count(), func.count(SupervisoryAct.court_filed_on),
               func.coalesce(func.sum(SupervisoryAct.recovered_kzt), 0.0))
        .where(SupervisoryAct.registered_on.between(start, end)),
        SupervisoryAct.region, SupervisoryAct.district).group_by(
            SupervisoryAct.region, SupervisoryAct.district, SupervisoryAct.act_kind,
            SupervisoryAct.answer_result, SupervisoryAct.answered_on.is_not(None))
    for region, district, kind, result, answered, count, to_court, recovered in \
            session.execute(acts):
        cell = rows[(region, district)]["acts"]
        cell["total"] += count
        cell["by_kind"][kind] += count
        if result in ("satisfied", "partly", "rejected"):
            cell[result] += count
        elif not answered:
            cell["unanswered"] += count
        cell["taken_to_court"] += to_court
        cell["recovered_kzt"] += float(recovered or 0.0)
    appeals = reach.scope(select(Appeal).where(Appeal.received_on.between(start, end)),
                          Appeal.region, Appeal.district)
    for appeal in session.scalars(appeals):
        cell = rows[(appeal.region, appeal.district)]["appeals"]
        cell["received"] += 1
        in_time = answered_in_time(appeal, ctx, today)
        if appeal.answered_on is not None:
            cell["answered_in_time" if in_time else "answered_late"] += 1
        else:
            cell["unanswered"] += 1
            cell["past_term"] += 0 if in_time else 1
    proposals = reach.scope(
        select(LicenceProposal.region, LicenceProposal.district, func.count())
        .where(LicenceProposal.crossed_on.between(start, end)),
        LicenceProposal.region, LicenceProposal.district).group_by(
            LicenceProposal.region, LicenceProposal.district)
    for region, district, count in session.execute(proposals):
        rows[(region, district)]["proposals"] += count
    return [{"region": region, "district": district,
             "breaches": dict(row["breaches"]),
             "acts": row["acts"] | {"by_kind": dict(row["acts"]["by_kind"])},
             "appeals": row["appeals"], "proposals": row["proposals"]}
            for (region, district), row in sorted(
                rows.items(), key=lambda item: (item[0][0] or "", item[0][1] or ""))]
