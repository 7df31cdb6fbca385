"""Measure a region's quarterly report up the prosecutor hierarchy over 1,000,000 proceedings
and 100,000 supervisory acts in PostgreSQL.

The report is what a regional prosecutor's office sends the General Prosecutor's Office after a
quarter (docs/rules.md#reports-up-the-hierarchy): each district's figures (breaches by rule and
how many are still open, acts by kind and what they achieved, appeals and whether they were
answered in time, sanction decisions, licence proposals), their total, the bailiffs with most
breaches and how the districts' own reports came, as XLSX and PDF in Kazakh and Russian (four
files) stored with the report. Timed through the service, as the schedule drafts it:
`OfficeDesk.make`, then the flush that writes the report and its files; each run in a
transaction rolled back after it, so every run does the same work. The median of the runs is
quoted. Also timed the same way: one district's quarterly report, and the figures of
`GET /api/v1/oversight` for the General Prosecutor's Office (every district of the country).
One further run times the figures alone, query by query, and each file's rendering.

The data, seeded, in a fresh database (dropped first if present), filled with COPY:
proceedings in 20 regions of 10 districts, the report's region holding `--region-share` of
everything (1/8 by default: a large region, Almaty's size, not an average one), the other 19
regions sharing the rest; a bailiff per 300 proceedings; `--breaches` breaches per proceeding
due over the year before "today" (2025-10-06), a quarter of them in the report's quarter
(2025-Q3); the acts, appeals, sanction decisions and licence proposals over the same year;
each district's quarterly reports of the year (in the report's region, two of the ten are
missing for Q3, one came late).

    .venv/bin/python bench/hierarchy_report.py [--proceedings 1000000] [--acts 100000]
        [--runs 3] [--json-out FILE] [--keep | --reuse] [--explain]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import sys
import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from sqlalchemy import create_engine, event, func, select, text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402
from tqdm import tqdm  # noqa: E402

from services.alerts.acts.models import ActProceeding, SupervisoryAct  # noqa: E402
from services.alerts.appeals.models import Appeal  # noqa: E402
from services.alerts.bailiffs.models import Bailiff  # noqa: E402
from services.alerts.documents.models import Document  # noqa: E402
from services.alerts.documents.oversight import (  # noqa: E402
    OfficeReportContent,
    office_report_pdf,
    office_report_xlsx,
)
from services.alerts.documents.render import Issuer  # noqa: E402
from services.alerts.oversight.models import OfficeReport, SanctionDecision  # noqa: E402
from services.alerts.oversight.service import OfficeDesk, district_figures  # noqa: E402
from services.alerts.proposals.models import LicenceProposal  # noqa: E402
from services.alerts.queue.models import Alert  # noqa: E402
from services.bootstrap import System, build  # noqa: E402
from shared.access import Jurisdiction  # noqa: E402
from shared.auth import Principal  # noqa: E402
from shared.bus.memory import InProcessBus  # noqa: E402
from shared.legal.hierarchy import Level, due_on  # noqa: E402
from shared.regions import REGIONS  # noqa: E402
from shared.settings import Policy, Runtime  # noqa: E402
from shared.storage import Base, bulk_insert, table_of, transaction  # noqa: E402
from tests.support.postgres import ADMIN_URL  # noqa: E402

TODAY = date(2025, 10, 6)  # the day after the districts' Q3 reports were due (the 5th)
QUARTER = (date(2025, 7, 1), date(2025, 9, 30))
FIRST_DAY = TODAY - timedelta(days=365)  # the data's year: FIRST_DAY up to the day before TODAY
DISTRICTS_PER_REGION = 10
PROCEEDINGS_PER_BAILIFF = 300
CHUNK = 50_000  # rows per COPY
MISSING_Q3 = (1, 2)  # districts of the report's region whose Q3 report never came
LATE_Q3 = 3  # the district whose Q3 report came a day late

# Breaches by rule (SANCTION_DECISION_TERM is the prosecutor's own term: no bailiff).
RULES: tuple[tuple[str, float], ...] = (
    ("OPENING_TERM", 0.16), ("NOTICE_TERM", 0.24), ("COMPLETION_TERM", 0.25),
    ("VALUATION_TERM", 0.10), ("ACT_RESPONSE_TERM", 0.10), ("UNSANCTIONED_EXECUTION", 0.05),
    ("SANCTION_DECISION_TERM", 0.10))
ACT_KINDS: tuple[tuple[str, float], ...] = (
    ("representation", 0.35), ("protest", 0.30), ("instruction", 0.14),
    ("prosecutor_decree", 0.10), ("petition", 0.04), ("claim", 0.04), ("warning", 0.03))
ACT_RESULTS: tuple[tuple[str, float], ...] = (
    ("satisfied", 0.55), ("partly", 0.20), ("rejected", 0.25))
OPEN_STATUSES: tuple[tuple[str, float], ...] = (
    ("new", 0.50), ("assigned", 0.20), ("acknowledged", 0.10), ("resolved", 0.15),
    ("dismissed", 0.05))
LATE_STATUSES: tuple[tuple[str, float], ...] = (
    ("new", 0.25), ("assigned", 0.05), ("acknowledged", 0.05), ("resolved", 0.60),
    ("dismissed", 0.05))

Row = tuple[Any, ...]


def _picker(choices: tuple[tuple[str, float], ...],
            rng: random.Random) -> Callable[[], str]:
    values = [value for value, _ in choices]
    cumulative, total = [], 0.0
    for _, weight in choices:
        total += weight
        cumulative.append(total)

    def pick() -> str:
        return rng.choices(values, cum_weights=cumulative)[0]
    return pick


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


# --- the country ----------------------------------------------------------------------------


@dataclass
class Country:
    """Where every proceeding and bailiff is: districts by index, proceedings by number."""

    region: str
    districts: list[tuple[str, str]] = field(default_factory=list)
    bailiffs: list[tuple[str, str, int]] = field(default_factory=list)  # id, kind, district
    district_of: array[int] = field(default_factory=lambda: array("H"))
    bailiff_of: array[int] = field(default_factory=lambda: array("I"))

    @property
    def proceedings(self) -> int:
        return len(self.district_of)

    def place(self, proceeding: int) -> tuple[str, str]:
        return self.districts[self.district_of[proceeding]]

    def bailiff(self, proceeding: int) -> str:
        return self.bailiffs[self.bailiff_of[proceeding]][0]


def _country(proceedings: int, region: str, share: float, rng: random.Random) -> Country:
    """Districts, bailiffs and each proceeding's district and bailiff (a skewed caseload: a
    few bailiffs hold much of a district's work, as the breaches they are named for show)."""
    country = Country(region)
    others = [code for code in REGIONS if code != region]
    weights = {region: share} | {code: (1 - share) / len(others) for code in others}
    left = proceedings
    for r, code in enumerate([region, *others]):
        in_region = left if r == len(others) else round(proceedings * weights[code])
        left -= in_region
        spread = [rng.uniform(0.5, 1.5) for _ in range(DISTRICTS_PER_REGION)]
        given = 0
        for d in range(DISTRICTS_PER_REGION):
            n = in_region - given if d == DISTRICTS_PER_REGION - 1 \
                else round(in_region * spread[d] / sum(spread))
            given += n
            index = len(country.districts)
            country.districts.append((code, f"{code}-{d + 1:02d}"))
            first = len(country.bailiffs)
            staff = max(2, round(n / PROCEEDINGS_PER_BAILIFF))
            for b in range(staff):
                kind = "private" if b % 5 < 3 else "state"
                prefix = "PB" if kind == "private" else "SB"
                country.bailiffs.append((f"{prefix}-{code}-{d + 1:02d}-{b + 1:03d}", kind, index))
            caseload: list[float] = []
            total = 0.0
            for _ in range(staff):
                total += rng.paretovariate(1.5)
                caseload.append(total)
            members = range(first, first + staff)
            country.district_of.extend([index] * n)
            country.bailiff_of.extend(rng.choices(members, cum_weights=caseload, k=n))
    # Proceedings come in from every district at once: their numbers (and so their rows)
    # interleave the regions.
    pairs = list(zip(country.district_of, country.bailiff_of, strict=True))
    rng.shuffle(pairs)
    country.district_of = array("H", [d for d, _ in pairs])
    country.bailiff_of = array("I", [b for _, b in pairs])
    return country


def _days(count: int, rng: random.Random, span: int = (TODAY - FIRST_DAY).days) -> list[int]:
    """`count` days of the data's year (offsets from FIRST_DAY), in order: each table is
    written as the events came, so its rows lie in the order of their dates."""
    return sorted(rng.randrange(span) for _ in range(count))


# --- the rows -------------------------------------------------------------------------------


def _bailiff_rows(country: Country, rng: random.Random) -> Iterator[Row]:
    for n, (bailiff_id, kind, index) in enumerate(country.bailiffs):
        region, district = country.districts[index]
        started = date(2010, 1, 1) + timedelta(days=rng.randrange(5000))
        yield (bailiff_id, kind, f"Сот орындаушысы {n + 1}", region, district,
               f"L-{n + 1:06d}" if kind == "private" else None,
               "active" if kind == "private" else None, started, started)


BAILIFF_COLUMNS = ("bailiff_id", "kind", "name", "region", "district", "licence_no",
                   "licence_status", "started_on", "registered_on")


def _proceeding_rows(country: Country, rng: random.Random) -> Iterator[Row]:
    for p in range(country.proceedings):
        region, district = country.place(p)
        if rng.random() < 0.8:
            kind, number = "individual", "••••••••" + f"{rng.randrange(10_000):04d}"
            name = f"Борышкер {p + 1}"
        else:
            kind, number = "legal_entity", f"{rng.randrange(10**11, 10**12)}"
            name = f"ЖШС «Борышкер {p + 1}»"
        yield (f"EP-{p + 1:07d}", country.bailiff(p), region, district, kind, name, number,
               round(rng.lognormvariate(12, 1.2), 2))


PROCEEDING_COLUMNS = ("proceeding_id", "bailiff_id", "region", "district", "debtor_kind",
                      "debtor_name", "debtor_iin_bin", "amount_kzt")


def _alert_rows(country: Country, count: int, acts: int, rng: random.Random) -> Iterator[Row]:
    rule_of, open_status, late_status = (_picker(RULES, rng), _picker(OPEN_STATUSES, rng),
                                         _picker(LATE_STATUSES, rng))
    for n, day in enumerate(_days(count, rng, (TODAY - FIRST_DAY).days - 1)):
        p = rng.randrange(country.proceedings)
        region, district = country.place(p)
        rule = rule_of()
        due = FIRST_DAY + timedelta(days=day)
        raised = due + timedelta(days=1)
        if rng.random() < 0.35:
            state, status = "late", late_status()
            done: date | None = min(due + timedelta(days=rng.randint(1, 30)), TODAY)
        else:
            state, status, done = "open", open_status(), None
        withdrawn = min(raised + timedelta(days=rng.randint(1, 20)), TODAY) \
            if rng.random() < 0.02 else None
        decree = f"SD-{rng.randrange(10**7):07d}" \
            if rule in ("SANCTION_DECISION_TERM", "UNSANCTIONED_EXECUTION") else None
        act = f"ACT-{rng.randrange(max(acts, 1)) + 1:07d}" if rule == "ACT_RESPONSE_TERM" \
            else None
        proceeding = f"EP-{p + 1:07d}"
        yield (f"{rule}:{proceeding}:{n}", rule, proceeding,
               f"PR-{proceeding}" if rule == "VALUATION_TERM" else None, act, decree,
               None if rule == "SANCTION_DECISION_TERM" else country.bailiff(p), due.year,
               due, state, done, region, district, status,
               f"prosecutor-{district}" if status != "new" else None, raised, withdrawn, 1,
               _moment(raised), _moment(done or raised))


ALERT_COLUMNS = ("identity", "rule", "proceeding_id", "property_id", "act_id", "decree_id",
                 "bailiff_id", "year", "due", "state", "done_on", "region", "district",
                 "status", "assignee", "raised_on", "withdrawn_on", "version", "created_at",
                 "updated_at")


def _act_rows(country: Country, count: int, rng: random.Random) -> Iterator[Row]:
    kind_of, result_of = _picker(ACT_KINDS, rng), _picker(ACT_RESULTS, rng)
    for n, day in enumerate(_days(count, rng)):
        p = rng.randrange(country.proceedings)
        region, district = country.place(p)
        kind = kind_of()
        registered = FIRST_DAY + timedelta(days=day)
        due = registered + timedelta(days=10 if kind == "protest" else 30)
        answered: date | None = registered + timedelta(days=rng.randint(3, 45))
        if answered is not None and (answered >= TODAY or rng.random() < 0.15):
            answered = None
        result = result_of() if answered is not None else None
        recovered = round(rng.lognormvariate(13, 1.0), 2) \
            if result in ("satisfied", "partly") and rng.random() < 0.5 else None
        court = None
        if (result == "rejected" and rng.random() < 0.4) or (
                answered is None and due < TODAY and rng.random() < 0.2):
            court = min((answered or due) + timedelta(days=rng.randint(5, 30)), TODAY)
        bailiff = country.bailiff(p)
        yield (f"ACT-{n + 1:07d}", kind, bailiff, f"EP-{p + 1:07d}",
               f"Regional chamber of private bailiffs, {region}" if bailiff.startswith("PB")
               else f"Justice department, {region}", registered, due, answered, result,
               recovered, court, "qadagalau" if rng.random() < 0.7 else "prosecutors-system",
               region, district)


ACT_COLUMNS = ("act_id", "act_kind", "bailiff_id", "proceeding_id", "addressee",
               "registered_on", "response_due_on", "answered_on", "answer_result",
               "recovered_kzt", "court_filed_on", "source", "region", "district")


def _appeal_rows(country: Country, count: int, rng: random.Random) -> Iterator[Row]:
    results = ("satisfied", "partly", "rejected", "explained")
    for n, day in enumerate(_days(count, rng)):
        p = rng.randrange(country.proceedings)
        region, district = country.place(p)
        received = FIRST_DAY + timedelta(days=day)
        extensions: list[dict[str, str]] = []
        notified: date | None = None
        ordered: date | None = None
        ended: date | None = None
        if rng.random() < 0.1:
            on = received + timedelta(days=rng.randint(3, 18))
            extensions.append({"on": on.isoformat(),
                               "until": (received + timedelta(days=45)).isoformat(),
                               "reason": "the bailiff's explanation requested"})
            notified = on + timedelta(days=rng.randint(1, 6)) if rng.random() < 0.8 else None
        if rng.random() < 0.05:
            ordered = received + timedelta(days=rng.randint(2, 10))
            ended = ordered + timedelta(days=rng.randint(5, 20))
        answered: date | None = received + timedelta(days=rng.randint(5, 35))
        if answered is not None and (answered >= TODAY or rng.random() < 0.05):
            answered = None
        if ended is not None and ended >= TODAY:
            ended = None
        yield (f"AP-{n + 1:07d}", received, region, district, country.bailiff(p),
               f"EP-{p + 1:07d}", "individual", f"Өтініш беруші {n + 1}",
               "••••••••" + f"{rng.randrange(10_000):04d}",
               "The bailiff did not answer the claimant's request.", extensions,
               notified if notified is None or notified < TODAY else None, ordered, ended,
               answered, rng.choice(results) if answered else None,
               "Answered on the merits." if answered else None, "e-otinish")


APPEAL_COLUMNS = ("appeal_id", "received_on", "region", "district", "bailiff_id",
                  "proceeding_id", "applicant_kind", "applicant_name", "applicant_iin_bin",
                  "summary", "extensions", "notified_on", "inspection_ordered_on",
                  "inspection_ended_on", "answered_on", "result", "answer_text", "source")


def _sanction_rows(country: Country, count: int, rng: random.Random) -> Iterator[Row]:
    for n, day in enumerate(_days(count, rng)):
        yield (f"SD-{n + 1:07d}", f"EP-{rng.randrange(country.proceedings) + 1:07d}",
               "granted" if rng.random() < 0.8 else "refused", FIRST_DAY + timedelta(days=day))


SANCTION_COLUMNS = ("decree_id", "proceeding_id", "decision", "decided_on")


def _proposal_rows(country: Country, acts: int, rng: random.Random) -> Iterator[Row]:
    """A proposal for about one private bailiff in fifteen, in the year of the data."""
    for bailiff_id, kind, index in country.bailiffs:
        if kind != "private" or rng.random() >= 1 / 15:
            continue
        region, district = country.districts[index]
        crossed = date(2025, 1, 1) + timedelta(days=rng.randrange((TODAY - date(2025, 1, 1))
                                                                  .days))
        yield (bailiff_id, 2025, crossed, rng.choice(("pending", "ready", "withdrawn")),
               [f"ACT-{rng.randrange(max(acts, 1)) + 1:07d}" for _ in range(4)], region,
               district, _moment(crossed))


PROPOSAL_COLUMNS = ("bailiff_id", "year", "crossed_on", "status", "act_ids", "region",
                    "district", "created_at")


def _office_report_rows(country: Country, policy: Policy) -> Iterator[Row]:
    """Every district's quarterly reports of the year (Q4 2024 to Q3 2025) and every region's
    before Q3 (the measured one is Q3's). In the report's region, two districts never sent Q3's
    and one sent it a day late; every other report came on its day."""
    quarters = [(date(2024, 10, 1), date(2024, 12, 31)), (date(2025, 1, 1), date(2025, 3, 31)),
                (date(2025, 4, 1), date(2025, 6, 30)), QUARTER]
    for start, end in quarters:
        district_due = due_on(end, policy.district_report_due_day)
        for region, district in country.districts:
            number = int(district.rsplit("-", 1)[1])
            sent: date | None = district_due
            if region == country.region and (start, end) == QUARTER:
                if number in MISSING_Q3:
                    continue
                if number == LATE_Q3:
                    sent = TODAY
            yield ("district", region, district, "quarterly", start, end, district_due, "",
                   "tick", {}, _moment(end + timedelta(days=1)), sent, f"prosecutor-{district}")
        if (start, end) == QUARTER:
            continue
        region_due = due_on(end, policy.region_report_due_day)
        for region in dict.fromkeys(r for r, _ in country.districts):
            yield ("region", region, "", "quarterly", start, end, region_due, "", "tick", {},
                   _moment(end + timedelta(days=1)), region_due, f"prosecutor-{region}")


OFFICE_REPORT_COLUMNS = ("level", "region", "district", "kind", "period_from", "period_to",
                         "due_on", "stamp", "made_by", "figures", "created_at", "sent_on",
                         "sent_by")


def _load(sessions: sessionmaker[Session], model: type[Base], columns: Sequence[str],
          rows: Iterator[Row], total: int | None) -> int:
    """COPY `rows` into the model's table in chunks, in one transaction, with a progress bar."""
    table = table_of(model)
    loaded = 0
    with tqdm(total=total, desc=f"{table.name:>20}", unit=" rows", unit_scale=True,
              file=sys.stderr) as bar, transaction(sessions) as session:
        while chunk := list(islice(rows, CHUNK)):
            bulk_insert(session, table, columns, chunk)
            loaded += len(chunk)
            bar.update(len(chunk))
    return loaded


def _fill(system: System, args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(20251006)
    started = time.perf_counter()
    country = _country(args.proceedings, args.region, args.region_share, rng)
    sessions = system.sessions
    breaches = round(args.proceedings * args.breaches)
    counts = {
        "chamber_bailiffs": _load(sessions, Bailiff, BAILIFF_COLUMNS,
                                  _bailiff_rows(country, rng), len(country.bailiffs)),
        "acts_proceedings": _load(sessions, ActProceeding, PROCEEDING_COLUMNS,
                                  _proceeding_rows(country, rng), country.proceedings),
        "alerts": _load(sessions, Alert, ALERT_COLUMNS,
                        _alert_rows(country, breaches, args.acts, rng), breaches),
        "supervisory_acts": _load(sessions, SupervisoryAct, ACT_COLUMNS,
                                  _act_rows(country, args.acts, rng), args.acts),
        "appeals": _load(sessions, Appeal, APPEAL_COLUMNS,
                         _appeal_rows(country, args.appeals, rng), args.appeals),
        "oversight_sanctions": _load(sessions, SanctionDecision, SANCTION_COLUMNS,
                                     _sanction_rows(country, args.sanctions, rng),
                                     args.sanctions),
        "licence_proposals": _load(sessions, LicenceProposal, PROPOSAL_COLUMNS,
                                   _proposal_rows(country, args.acts, rng), None),
        "office_reports": _load(sessions, OfficeReport, OFFICE_REPORT_COLUMNS,
                                _office_report_rows(country, system.policy), None),
    }
    print("VACUUM ANALYZE ...", file=sys.stderr)
    with system.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    in_region = sum(1 for d in country.district_of if country.districts[d][0] == args.region)
    return {"rows": counts, "proceedings_in_region": in_region,
            "fill_seconds": round(time.perf_counter() - started, 1)}


def _fresh_database(name: str) -> str:
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return _url(name)


def _drop_database(name: str) -> None:
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def _url(name: str) -> str:
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


# --- the measures ---------------------------------------------------------------------------


class Statements:
    """Each SQL statement run while listening: which tables, how long, how many rows."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.seen: list[dict[str, Any]] = []
        self._started = 0.0

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def _before(self, *args: Any) -> None:
        self._started = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
               executemany: bool) -> None:
        flat = " ".join(statement.split())
        self.seen.append({
            "tables": " JOIN ".join(dict.fromkeys(re.findall(r"(?:FROM|JOIN) (\w+)", flat))),
            "ms": round((time.perf_counter() - self._started) * 1000, 1),
            "rows": cursor.rowcount, "statement": statement, "parameters": parameters})


def _median(seconds: list[float]) -> float:
    return round(statistics.median(seconds), 3)


def _report_runs(system: System, runs: int, level: Level, region: str,
                 district: str) -> dict[str, Any]:
    """`runs` reports drafted as the schedule drafts them, each rolled back; the last one's
    figures and files described."""
    desk: OfficeDesk = system.oversight
    seconds: list[float] = []
    described: dict[str, Any] = {}
    for run in range(runs):
        with system.sessions() as session:
            started = time.perf_counter()
            report_id = desk.make(session, level, region, district, "quarterly", *QUARTER,
                                  "bench", TODAY)
            session.flush()  # the report and its four files written
            seconds.append(time.perf_counter() - started)
            if run == runs - 1:
                report = session.get(OfficeReport, report_id)
                assert report is not None
                files = session.execute(
                    select(Document.filename, func.length(Document.content))
                    .where(Document.office_report_id == report_id).order_by(Document.filename))
                described = _described(report.figures) | {
                    "document_bytes": {name: size for name, size in files}}
            session.rollback()
    return {"seconds_median": _median(seconds), "seconds_all": [round(s, 3) for s in seconds]}\
        | described


def _described(figures: dict[str, Any]) -> dict[str, Any]:
    total = figures["total"]
    return {
        "districts": len(figures["districts"]),
        "breaches_found": sum(c["found"] for c in total["breaches"].values()),
        "breaches_open": sum(c["open"] for c in total["breaches"].values()),
        "acts": total["acts"]["total"], "appeals": total["appeals"]["received"],
        "sanctions_decided": total["sanctions"]["granted"] + total["sanctions"]["refused"],
        "sanctions_late": total["sanctions"]["late"], "proposals": total["proposals"],
        "bailiffs_named": len(figures["bailiffs"]),
        "district_reports": len(figures.get("district_reports", []))}


def _steps(system: System, region: str, explain: bool) -> dict[str, Any]:
    """One more region report, step by step: its figures (each statement), then each file."""
    desk: OfficeDesk = system.oversight
    steps: dict[str, float] = {}
    with system.sessions() as session, Statements(system.engine) as statements:
        started = time.perf_counter()
        figures = desk.figures(session, "region", region, "", "quarterly", *QUARTER, TODAY)
        steps["figures"] = time.perf_counter() - started
        session.rollback()
    queries = statements.seen
    # The figures as the report's JSON column keeps them (dates as ISO text).
    stored = json.loads(json.dumps(figures, default=date.isoformat))
    content = OfficeReportContent(
        level="region", region=region, district=None, kind="quarterly",
        period_from=QUARTER[0], period_to=QUARTER[1],
        due_on=due_on(QUARTER[1], system.policy.region_report_due_day), made_on=TODAY,
        figures=stored, number="O-1-bench", issuer=Issuer.of(system.policy))
    for lang in ("kk", "ru"):
        started = time.perf_counter()
        office_report_xlsx(content, lang)
        steps[f"xlsx_{lang}"] = time.perf_counter() - started
        started = time.perf_counter()
        office_report_pdf(content, lang)
        steps[f"pdf_{lang}"] = time.perf_counter() - started
    result: dict[str, Any] = {
        "steps_seconds": {k: round(v, 3) for k, v in steps.items()},
        "figures_statements": [{k: q[k] for k in ("tables", "ms", "rows")} for q in queries]}
    if explain:
        result["plans"] = _plans(system.engine, queries)
    return result


def _plans(engine: Engine, queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    plans = []
    with engine.connect() as connection:
        for q in queries:
            lines = connection.exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS) " + q["statement"], q["parameters"]).scalars().all()
            plans.append({"tables": q["tables"], "plan": list(lines)})
        connection.rollback()
    return plans


def _country_figures(system: System, runs: int) -> dict[str, Any]:
    """`GET /api/v1/oversight`'s figures for the General Prosecutor's Office: every district."""
    reach = Jurisdiction(Principal("bench-gpo", "supervisor"))
    seconds: list[float] = []
    rows: list[dict[str, Any]] = []
    for _ in range(runs):
        with system.sessions() as session:
            started = time.perf_counter()
            rows = district_figures(session, reach, *QUARTER, TODAY, system.oversight.ctx)
            seconds.append(time.perf_counter() - started)
            session.rollback()
    with system.sessions() as session, Statements(system.engine) as statements:
        district_figures(session, reach, *QUARTER, TODAY, system.oversight.ctx)
        session.rollback()
    return {"seconds_median": _median(seconds), "seconds_all": [round(s, 3) for s in seconds],
            "districts": len(rows),
            "statements": [{k: q[k] for k in ("tables", "ms", "rows")} for q in statements.seen]}


def _database_facts(system: System) -> dict[str, Any]:
    with system.engine.connect() as connection:
        return {
            "server": connection.execute(text("SHOW server_version")).scalar_one(),
            "shared_buffers": connection.execute(text("SHOW shared_buffers")).scalar_one(),
            "work_mem": connection.execute(text("SHOW work_mem")).scalar_one(),
            "size": connection.execute(text(
                "SELECT pg_size_pretty(pg_database_size(current_database()))")).scalar_one()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0].replace("\n", " "),
        epilog="Needs PostgreSQL: QADAGALAU_TEST_POSTGRES (default "
               f"{ADMIN_URL}) is the server's admin URL.")
    parser.add_argument("--proceedings", type=int, default=1_000_000,
                        help="proceedings in the country (default 1,000,000)")
    parser.add_argument("--acts", type=int, default=100_000,
                        help="supervisory acts over the year (default 100,000)")
    parser.add_argument("--breaches", type=float, default=0.5,
                        help="breaches (alerts) per proceeding over the year (default 0.5)")
    parser.add_argument("--appeals", type=int, help="appeals over the year "
                        "(default: one per 50 proceedings)")
    parser.add_argument("--sanctions", type=int, help="sanction decisions over the year "
                        "(default: one per 20 proceedings)")
    parser.add_argument("--region", default="ALA", choices=sorted(REGIONS),
                        help="the region whose report is measured (default ALA)")
    parser.add_argument("--region-share", type=float, default=0.125,
                        help="its share of everything (default 0.125; 0.05: an average one)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measure (default 3)")
    parser.add_argument("--database", default="qadagalau_bench_hierarchy",
                        help="the database, dropped and made anew (default %(default)s)")
    keep = parser.add_mutually_exclusive_group()
    keep.add_argument("--keep", action="store_true",
                      help="keep the database afterwards (to try indexes on it by hand)")
    keep.add_argument("--reuse", action="store_true",
                      help="measure a database an earlier --keep run left, without refilling")
    parser.add_argument("--explain", action="store_true",
                        help="add EXPLAIN (ANALYZE, BUFFERS) of each figures' query")
    parser.add_argument("--json-out", type=Path, metavar="PATH", help="write the result here")
    args = parser.parse_args(argv)
    args.appeals = args.proceedings // 50 if args.appeals is None else args.appeals
    args.sanctions = args.proceedings // 20 if args.sanctions is None else args.sanctions

    url = _url(args.database) if args.reuse else _fresh_database(args.database)
    system = build(Runtime(database_url=url, create_schema=True), Policy(today=TODAY),
                   InProcessBus())
    try:
        result: dict[str, Any] = {
            "proceedings": args.proceedings, "acts": args.acts, "breaches": args.breaches,
            "appeals": args.appeals, "sanctions": args.sanctions, "region": args.region,
            "region_share": args.region_share, "period": [d.isoformat() for d in QUARTER],
            "today": TODAY.isoformat(), "runs": args.runs, "cpus": os.cpu_count()}
        if not args.reuse:
            result["fill"] = _fill(system, args)
        result["database"] = _database_facts(system)
        print("measuring ...", file=sys.stderr)
        result["region_report"] = _report_runs(system, args.runs, "region", args.region, "")
        result["region_report_steps"] = _steps(system, args.region, args.explain)
        district = f"{args.region}-{MISSING_Q3[0]:02d}"  # its Q3 report is not yet drafted
        result["district_report"] = {"district": district} | _report_runs(
            system, args.runs, "district", args.region, district)
        result["country_figures"] = _country_figures(system, args.runs)
        result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    finally:
        system.engine.dispose()
        if not (args.keep or args.reuse):
            _drop_database(args.database)
    out = json.dumps(result, indent=2, ensure_ascii=False, default=str)
    print(out)
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(out + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
