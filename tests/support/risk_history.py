"""A synthetic history of enforcement proceedings with planted patterns, for the risk model's
tests and benchmark: the model must find them, the indicators must flag the planted bailiffs.

Planted (on the log-odds of a breach):
- neglectful bailiffs (`NEGLECTFUL`): late to complete and to appraise;
- slow categories: evictions and demolitions take longer;
- a slow region (`SLOW_REGION`);
- alimony-neglecting bailiffs (`ALIMONY_NEGLECT`): their alimony cases are opened late and then
  left idle, while their large-sum cases are worked on time.
Everything else is noise. Events follow docs/contract.md §1; the generator is seeded and stable.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from shared.events import validate_event
from shared.legal.calendar import WorkingCalendar, working_calendar
from shared.legal.history import Fact, fact_of, fold_proceeding
from shared.risk.features import History, training_history
from tests.builders import CLAIMANT, DEBTOR

AS_OF = date(2025, 12, 1)
START = date(2023, 1, 9)
REGIONS = ("R1", "R2", "R3", "R4", "R5", "R6")
SLOW_REGION = "R3"
CATEGORIES = (("alimony", 0.25), ("wages", 0.2), ("state_revenue", 0.15), ("fine", 0.15),
              ("other_monetary", 0.15), ("eviction", 0.06), ("demolition", 0.04))
SLOW_CATEGORIES = {"eviction": 1.6, "demolition": 1.2}
NEGLECTFUL = ("B-R1-03", "B-R2-05", "B-R4-01", "B-R5-07", "B-R6-02", "B-R3-08")
ALIMONY_NEGLECT = ("B-R1-06", "B-R2-02", "B-R4-04", "B-R6-09")


@dataclass
class Generated:
    events: list[dict[str, Any]] = field(default_factory=list)
    acts: dict[str, list[date]] = field(default_factory=dict)


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def bailiffs() -> list[tuple[str, str]]:
    return [(f"B-{region}-{n:02d}", region) for region in REGIONS for n in range(1, 11)]


def generate(proceedings: int, seed: int = 7, as_of: date = AS_OF) -> Generated:
    rng = random.Random(seed)
    calendar = working_calendar()
    out = Generated()
    staff = bailiffs()
    for bailiff, region in staff:
        out.events.append({"event_id": f"reg-{bailiff}", "type": "bailiff.registered",
                           "occurred_on": "2020-01-15", "bailiff_id": bailiff,
                           "kind": "private", "name": f"Bailiff {bailiff}", "region": region,
                           "district": f"{region}-D1", "started_on": "2019-06-01"})
    span = (as_of - START).days - 20
    categories, weights = zip(*CATEGORIES, strict=True)
    for n in range(proceedings):
        bailiff, region = staff[rng.randrange(len(staff))]
        category = rng.choices(categories, weights)[0]
        accepted_on = calendar.next_working_day(START + timedelta(days=rng.randrange(span)))
        out.events.extend(_proceeding(rng, calendar, f"P{n:07d}", bailiff, region, category,
                                      accepted_on, as_of))
    for bailiff, _ in staff:
        count = rng.randint(4, 8) if bailiff in NEGLECTFUL else rng.randint(0, 2)
        days = sorted(START + timedelta(days=rng.randrange(span)) for _ in range(count))
        out.acts[bailiff] = days
        out.events.extend({"event_id": f"act-{bailiff}-{i}", "type": "act.registered",
                           "occurred_on": day.isoformat(), "act_id": f"A-{bailiff}-{i}",
                           "act_kind": "representation", "bailiff_id": bailiff}
                          for i, day in enumerate(days))
    return out


def _proceeding(rng: random.Random, calendar: WorkingCalendar, pid: str, bailiff: str,
                region: str, category: str, accepted_on: date,
                as_of: date) -> Iterator[dict[str, Any]]:
    large = rng.random() < 0.25
    amount = round(math.exp(rng.gauss(15.5 if large else 12.5, 0.6)), 2)
    periodic = category == "alimony" and rng.random() < 0.7
    neglect_alimony = bailiff in ALIMONY_NEGLECT and category == "alimony"
    seq = iter(range(100))

    def event(kind: str, on: date, **fields: Any) -> dict[str, Any] | None:
        if on > as_of:
            return None
        return {"event_id": f"{pid}-{next(seq)}", "type": kind, "occurred_on": on.isoformat(),
                "proceeding_id": pid, **fields}

    events = [event("document.accepted", accepted_on, bailiff_id=bailiff, region=region,
                    district=f"{region}-D1",
                    document={"number": f"2-{pid}", "kind": "writ"}, category=category,
                    periodic=periodic, amount_kzt=amount, debtor=DEBTOR, claimant=CLAIMANT)]
    # Opening: three working days; late for the alimony neglecters and now and then.
    late_open = rng.random() < (0.85 if neglect_alimony else 0.06)
    open_days = rng.randint(5, 12) if late_open else rng.randint(0, 3)
    initiated_on = calendar.add_working_days(accepted_on, open_days) if open_days else \
        accepted_on
    events.append(event("proceeding.initiated", initiated_on,
                        sent_to_debtor_on=initiated_on.isoformat()))
    # Completion: two months (four for demolition); planted effects raise the odds of a breach.
    logit = -2.2 + SLOW_CATEGORIES.get(category, 0.0) + (1.0 if region == SLOW_REGION else 0.0)
    logit += 3.0 if bailiff in NEGLECTFUL else 0.0
    logit += 3.0 if neglect_alimony else 0.0
    logit -= 0.5 if large and bailiff in ALIMONY_NEGLECT else 0.0
    late = rng.random() < _sigmoid(logit)
    term = 120 if category == "demolition" else 61
    if rng.random() < 0.3:  # a property arrested, to be appraised within ten working days
        arrested_on = initiated_on + timedelta(days=rng.randint(3, 20))
        prop = f"{pid}-H"
        events.append(event("property.arrested", arrested_on, property_id=prop,
                            property_kind="real_estate",
                            ownership_established_on=arrested_on.isoformat()))
        slow_value = rng.random() < _sigmoid(-2.5 + (2.5 if bailiff in NEGLECTFUL else 0.0)
                                             + (1.0 if region == SLOW_REGION else 0.0))
        value_days = rng.randint(12, 25) if slow_value else rng.randint(1, 9)
        events.append(event("appraiser.appointed",
                            calendar.add_working_days(arrested_on, value_days),
                            property_id=prop, method="bailiff"))
    if not neglect_alimony:
        for step in range(rng.randint(0, 3)):  # ordinary work keeps the proceeding alive
            events.append(event("search.declared",
                                initiated_on + timedelta(days=10 + 15 * step)))
    if periodic and not neglect_alimony:
        # Periodic recoveries go on for years; a bailiff at work records something each month.
        recent = as_of - timedelta(days=rng.randint(1, 40))
        if recent > initiated_on:
            events.append(event("search.declared", recent))
    if not periodic:
        days = rng.randint(term + 5, term + 90) if late else rng.randint(15, term - 8)
        events.append(event("proceeding.completed", initiated_on + timedelta(days=days)))
    yield from (e for e in events if e is not None)


def histories(events: list[dict[str, Any]], as_of: date = AS_OF,
              with_outcomes: bool = True) -> list[History]:
    """The generated proceedings folded for training (snapshots and final) or scoring."""
    facts: dict[str, list[Fact]] = {}
    for seq, raw in enumerate(events):
        event = validate_event(raw)
        pid = getattr(event, "proceeding_id", None)
        if pid is None or event.type == "act.registered":
            continue
        facts.setdefault(pid, []).append(fact_of(event, seq))
    out = []
    for pid, own in facts.items():
        last = max(f.on for f in own if f.on <= as_of)
        if with_outcomes:
            history = training_history(pid, own, as_of, last)
            if history is not None:
                out.append(history)
        else:
            now = fold_proceeding(pid, own, as_of)
            if now.accepted_on is not None:
                out.append(History(now, None, last))
    return out


def accepted_by_bailiff(folded: list[History]) -> dict[str, list[date]]:
    out: dict[str, list[date]] = {}
    for history in folded:
        if history.now.accepted_on is not None and history.now.bailiff_id:
            out.setdefault(history.now.bailiff_id, []).append(history.now.accepted_on)
    return out
