"""The demo (`qadagalau serve --demo`): the sample export as it would have arrived, so that the
pages show the product as an office would see it on 2025-12-01.

Its history older than `REPLAY_WEEKS` weeks is loaded at once; the weeks after are replayed a
day at a time — that day's events, then the day's sweep, with the system's "today" (and its
clock, shared/clock.py) on that day — so breaches are raised on the days they happened and the
dashboard's weekly trend has a shape. To the export, the demo adds what an office has on any
day (docs/decisions.md, "The demo"): decisions the bailiff system reported for sanction requests
the export left undecided for years, fresh documents in the busiest district (so terms still
run and the risk model has something to score), three decrees due for a decision today and
tomorrow, and acts of the demo prosecutor with and without an answer. A risk model is trained on
the history and today's scores made.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

from services.alerts.acts.service import ActsLedger
from services.bootstrap import System
from shared.access import Jurisdiction
from shared.auth import Principal
from shared.events import iin_bin_check_digit
from shared.legal.rules import sanction_decision_due
from shared.risk.model import NotEnoughHistory
from shared.storage import transaction

log = logging.getLogger("qadagalau")

DEMO_EXPORT = Path(__file__).resolve().parents[1] / "samples" / "demo-export.ndjson"
DEMO_TODAY = date(2025, 12, 1)  # the demo export's last day: its terms are fresh on it
REPLAY_WEEKS = 16
SOURCE = "AIS OIP"  # the bailiff system the demo's additions come from


class DemoClock:
    """The demo's "today": moved a day at a time while the history is replayed."""

    def __init__(self, day: date = DEMO_TODAY) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@dataclass(frozen=True)
class Office:
    """Where the demo prosecutor works: the district with the most documents."""

    region: str
    district: str
    bailiff_id: str


def load_demo(system: System, clock: DemoClock) -> tuple[int, Office]:
    """Replay the demo's events into `system`; how many, and the demo prosecutor's office."""
    events = [orjson.loads(line) for line in DEMO_EXPORT.read_bytes().splitlines()]
    office = _office(events)
    events += _reported_decisions(system, events) + _fresh_documents(office)
    events += _decrees_due(system, office)
    events.sort(key=_day)  # stable: a day's events keep the export's order
    start = DEMO_TODAY - timedelta(weeks=REPLAY_WEEKS)
    older = [e for e in events if e["occurred_on"] < start.isoformat()]
    clock.day = start
    for at in range(0, len(older), 5000):
        system.receiver.batch(older[at:at + 5000], "import")
    system.settle()
    system.sweep(start)
    by_day: dict[str, list[dict[str, Any]]] = {}
    for event in events[len(older):]:
        by_day.setdefault(event["occurred_on"], []).append(event)
    day = start + timedelta(days=1)
    while day <= DEMO_TODAY:
        clock.day = day
        if day.isoformat() in by_day:
            system.receiver.batch(by_day[day.isoformat()], "import")
        system.settle()
        system.sweep(day)
        day += timedelta(days=1)
    system.settle()
    _acts_of_the_office(system, office)
    system.settle()
    system.chamber_tick()  # the last week's and month's reports, as the schedule makes them
    try:  # a risk model from the demo's own history, and today's scores
        system.risk.train()
        system.risk.daily()
        system.settle()
    except NotEnoughHistory as exc:
        log.warning("demo: no risk model (%s)", exc)
    return len(events), office


def _day(event: dict[str, Any]) -> str:
    return str(event["occurred_on"])


def _office(events: list[dict[str, Any]]) -> Office:
    documents = [e for e in events if e["type"] == "document.accepted"]
    (region, district), _ = Counter((d["region"], d["district"]) for d in documents
                                    ).most_common(1)[0]
    bailiff, _ = Counter(d["bailiff_id"] for d in documents
                         if d["district"] == district).most_common(1)[0]
    return Office(region, district, bailiff)


def _reported_decisions(system: System, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A decision the bailiff system reports for every decree needing the prosecutor's
    sanction that the export leaves undecided (the export was cut from a system that records
    decisions apart): otherwise the sanction queue would open on requests years old."""
    decided = {e["decree_id"] for e in events if e["type"] == "sanction.decided"}
    cutoff = (DEMO_TODAY - timedelta(days=14)).isoformat()
    calendar = system.monitor.ctx.calendar
    out = []
    for e in events:
        if e["type"] != "decree.issued" or e["decree_id"] in decided or \
                e["occurred_on"] >= cutoff or not system.policy.prosecutor_sanctioned(
                    e["decree_kind"]):
            continue
        on = calendar.next_working_day(date.fromisoformat(e["occurred_on"]) + timedelta(days=1))
        out.append({"event_id": f"demo-decided-{e['decree_id']}", "type": "sanction.decided",
                    "occurred_on": on.isoformat(), "proceeding_id": e["proceeding_id"],
                    "decree_id": e["decree_id"], "decision": "granted",
                    "prosecutor_id": "PR-AIS", "source": SOURCE})
    return out


# Fresh documents of the demo district: (days before today accepted, name, kind, amount,
# category, days to initiate or None, property arrested (kind, days after acceptance) or None).
_FRESH = (
    (20, "Сейітқали Нұрлан Бекұлы", "individual", 1_850_000, "wages", 2, ("vehicle", 9)),
    (18, "«Алтын Дала Агро» ЖШС", "legal_entity", 12_400_000, "other_monetary", 1,
     ("real_estate", 8)),
    (16, "Омарова Айгүл Серікқызы", "individual", 96_000, "alimony", 1, None),
    (14, "Ким Виктор Алексеевич", "individual", 3_200_000, "other_monetary", 3, None),
    (12, "«Қызылорда Құрылыс» ЖШС", "legal_entity", 27_500_000, "state_revenue", 2,
     ("bank_account", 4)),
    (9, "Жұмабаев Ерлан Асқарұлы", "individual", 640_000, "fine", None, None),
    (7, "Петренко Ольга Ивановна", "individual", 1_150_000, "harm_to_health", 1, None),
    (5, "Тұрсынов Бауыржан Маратұлы", "individual", 415_000, "wages", None, None),
    (3, "«Шымкент Транс Логистик» ЖШС", "legal_entity", 8_900_000, "other_monetary", 1, None),
    (1, "Сәрсенбаева Дана Ерікқызы", "individual", 210_000, "alimony", None, None),
)


def _iin(n: int, company: bool) -> str:
    """A valid IIN (a person born in the 1980s) or BIN (a company registered in 2010s)."""
    first = f"{'1' if company else '8'}{(n * 37) % 10}0{(n % 9) + 1}{'4' if company else '3'}" \
            f"{(n * 7919) % 1000000:06d}"
    while (check := iin_bin_check_digit(first)) is None:
        first = first[:-1] + str((int(first[-1]) + 1) % 10)
    return first + str(check)


def _fresh_documents(office: Office) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n, (ago, name, kind, amount, category, initiate, arrest) in enumerate(_FRESH, 1):
        pid = f"EP-DEMO-{n:03d}"
        accepted = DEMO_TODAY - timedelta(days=ago)

        def on(days: int, _from: date = accepted) -> str:
            return (_from + timedelta(days=days)).isoformat()

        out.append({
            "event_id": f"demo-{pid}-1", "type": "document.accepted", "occurred_on": on(0),
            "source": SOURCE, "proceeding_id": pid, "bailiff_id": office.bailiff_id,
            "region": office.region, "district": office.district,
            "document": {"number": f"2-{1400 + n}/2025", "kind": "writ",
                         "issued_by": f"District court {office.district}",
                         "issued_on": on(-30)},
            "category": category, "periodic": category == "alimony", "amount_kzt": amount,
            "debtor": {"kind": kind, "iin_bin": _iin(n, kind == "legal_entity"), "name": name},
            "claimant": {"kind": "state", "name": "Мемлекеттік кірістер басқармасы"}})
        if initiate is not None:
            out.append({"event_id": f"demo-{pid}-2", "type": "proceeding.initiated",
                        "occurred_on": on(initiate), "source": SOURCE, "proceeding_id": pid,
                        "decree_no": f"{pid}/1", "sent_to_debtor_on": on(initiate)})
        if arrest is not None:
            property_kind, days = arrest
            out.append({"event_id": f"demo-{pid}-3", "type": "property.arrested",
                        "occurred_on": on(days), "source": SOURCE, "proceeding_id": pid,
                        "property_id": f"{pid}-P1", "property_kind": property_kind,
                        "ownership_established_on": on(days)})
    return out


def _decrees_due(system: System, office: Office) -> list[dict[str, Any]]:
    """Decrees needing the prosecutor's sanction whose decision falls due today (two) and on
    the next working day (one): the sanction queue's first lines."""
    ctx = system.monitor.ctx
    tomorrow = ctx.calendar.next_working_day(DEMO_TODAY + timedelta(days=1))
    out = []
    # The real estate decree is on the proceeding whose real estate was arrested (_FRESH).
    for n, (due, number, kind, summary) in enumerate((
            (DEMO_TODAY, 4, "arrest_bank_funds", "Банк шоттарындағы ақшаға тыйым салу"),
            (DEMO_TODAY, 2, "arrest_real_estate", "Жылжымайтын мүлікке тыйым салу"),
            (tomorrow, 7, "arrest_bank_funds", "Банк шоттарындағы ақшаға тыйым салу")), 1):
        issued = next(day for back in range(1, 15)
                      if ctx.calendar.is_working_day(day := due - timedelta(days=back))
                      and sanction_decision_due(day, ctx) == due)
        pid = f"EP-DEMO-{number:03d}"
        out.append({"event_id": f"demo-decree-{n}", "type": "decree.issued",
                    "occurred_on": issued.isoformat(), "source": SOURCE, "proceeding_id": pid,
                    "decree_id": f"{pid}-D{n}", "decree_kind": kind, "summary": summary,
                    **({"property_id": f"{pid}-P1"} if kind == "arrest_real_estate" else {})})
    return out


def _acts_of_the_office(system: System, office: Office) -> None:
    """Acts the demo prosecutor brought on the district's alerts: a representation answered
    (partly, with sums recovered) and a protest still awaiting its answer."""
    from sqlalchemy import select

    from services.alerts.queue.models import Alert

    reach = Jurisdiction(Principal("demo-prosecutor", "prosecutor", office.region,
                                   office.district))
    ledger = ActsLedger()
    ctx = system.monitor.ctx
    with transaction(system.sessions) as session:
        alerts = list(session.scalars(select(Alert).where(
            Alert.district == office.district, Alert.withdrawn_on.is_(None),
            Alert.status == "new", Alert.bailiff_id.is_not(None),
            Alert.proceeding_id.is_not(None)).order_by(Alert.due).limit(2)))
        if len(alerts) < 2:
            return
        answered = ledger.issue(session, reach, DEMO_TODAY - timedelta(days=25),
                                "representation", [alerts[0].id], None, None,
                                "Жеке сот орындаушыларының өңірлік палатасы", None, ctx)
        ledger.answer(session, reach, answered["act_id"], DEMO_TODAY - timedelta(days=4), ctx,
                      "partly", 350_000.0)
        ledger.issue(session, reach, DEMO_TODAY - timedelta(days=2), "protest",
                     [alerts[1].id], None, None, None,
                     ctx.calendar.add_working_days(DEMO_TODAY, 5), ctx)
