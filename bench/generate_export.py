"""Generate a synthetic national-scale NDJSON export of bailiff events (docs/contract.md §1).

The export feeds `bench/audit_throughput.py`. Every line is a valid contract event; the mix is
meant to look like three years of a national system: 20 regions, a few thousand state and
private bailiffs, documents of every category, proceedings that are opened, notified, suspended,
transferred, arrested, appraised, sanctioned and closed. Most actions are timely, but a few per
cent are late or missing, so the audit has breaches of every rule of docs/rules.md to report, not
only events to read.

The generator is built for speed (plain dicts, orjson, working days as integer tables, no
pydantic in the loop): a million proceedings must take about a minute, not an hour. Output is
streamed: lines are buffered in chunks, each chunk shuffled (an export is not sorted) and
written, so no more than one chunk of events is ever held. What does grow with the size is the
pool of debtors and claimants (about 0.8 GB of peak RSS at a million proceedings).

    .venv/bin/python bench/generate_export.py --proceedings 20000 --output bench/data/small.ndjson
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import random
import sys
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import orjson

from shared.events import iin_bin_check_digit
from shared.legal.calendar import add_months, working_calendar

T = TypeVar("T")
Fields = dict[str, Any]
Emit = Callable[[str, int, str | None, str, Fields | None], bool]

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "data" / "export.ndjson"
CHUNK_LINES = 100_000
DUPLICATE_RATE = 1e-4  # exact re-sends of a line, to exercise de-duplication
PROCEEDINGS_PER_BAILIFF = 300
PROGRESS_EVERY = 1024

# 17 regions and 3 cities of republican significance: (code, population in millions, districts).
REGIONS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("AST", 1.50, ("ALM", "BAI", "ESL", "SAR", "NUR")),
    ("ALA", 2.30, ("ALT", "ALM", "AUE", "BOS", "ZHE", "MED", "NAU", "TUR")),
    ("SHY", 1.20, ("ABA", "FAR", "ENB", "KAR", "TUR")),
    ("AKM", 0.79, ("KOK", "STE", "SHC", "ATB", "ZER")),
    ("AKT", 0.93, ("AKT", "KHR", "KAN", "SHA")),
    ("ALM", 1.50, ("KON", "TAL", "KAS", "ESI", "UZY")),
    ("ATY", 0.70, ("ATY", "KUL", "MAK", "IND")),
    ("VKO", 0.73, ("OSK", "RID", "ALT", "ZAI")),
    ("ZHA", 1.20, ("TAR", "SHU", "KOR", "ZHU")),
    ("ZKO", 0.69, ("ORA", "AKS", "ZHA", "TER")),
    ("KAR", 1.13, ("KAR", "TEM", "SAR", "SHA", "BAL")),
    ("KOS", 0.83, ("KOS", "RUD", "LIS", "ARK")),
    ("KZY", 0.83, ("KZY", "ARA", "KAZ", "SHI")),
    ("MAN", 0.77, ("AKT", "ZHA", "BEI", "MUN")),
    ("PAV", 0.75, ("PAV", "EKI", "AKS", "BAY")),
    ("SKO", 0.53, ("PET", "BUL", "MAM", "TAI")),
    ("TUR", 2.10, ("TUR", "KEN", "SAR", "SHA", "ARY", "ZHE")),
    ("ABA", 0.61, ("SEM", "AYA", "KUR", "URZ")),
    ("ZHT", 0.70, ("TAL", "TEK", "ZHA", "USH")),
    ("ULY", 0.22, ("ZHE", "SAT", "KAR")),
)

# Share of new documents by category: loans and fines dominate, alimony and wages are common,
# demolition is rare (the seed thesis gives no breakdown; plausible, not official, figures).
CATEGORIES: tuple[tuple[str, float], ...] = (
    ("other_monetary", 0.30),
    ("alimony", 0.18),
    ("fine", 0.15),
    ("wages", 0.12),
    ("state_revenue", 0.12),
    ("other_non_monetary", 0.06),
    ("eviction", 0.025),
    ("harm_to_health", 0.02),
    ("demolition", 0.005),
)
NON_MONETARY = frozenset({"demolition", "eviction", "other_non_monetary"})
STATE_CLAIMANT = frozenset({"state_revenue", "fine", "demolition"})

DOCUMENT_KINDS: dict[str, tuple[tuple[str, float], ...]] = {
    "alimony": (("court_order", 0.6), ("writ", 0.4)),
    "wages": (("writ", 0.5), ("court_order", 0.5)),
    "state_revenue": (("administrative_decree", 0.7), ("writ", 0.2), ("court_order", 0.1)),
    "fine": (("administrative_decree", 0.8), ("writ", 0.15), ("prosecutor_decree", 0.05)),
    "harm_to_health": (("writ", 1.0),),
    "demolition": (("writ", 1.0),),
    "eviction": (("writ", 1.0),),
    "other_monetary": (("notarial", 0.45), ("writ", 0.35), ("court_order", 0.2)),
    "other_non_monetary": (("writ", 0.8), ("other", 0.2)),
}
# Debt in KZT as a log-normal (median, sigma); None: a non-monetary document has no amount.
AMOUNTS: dict[str, tuple[float, float] | None] = {
    "other_monetary": (700_000, 1.3),
    "alimony": (250_000, 1.0),
    "fine": (30_000, 0.9),
    "wages": (400_000, 0.9),
    "state_revenue": (150_000, 1.3),
    "harm_to_health": (1_500_000, 1.0),
    "other_non_monetary": None,
    "eviction": None,
    "demolition": None,
}
# Share of legal entities among debtors, by category.
ENTITY_DEBTOR = {"wages": 0.12, "state_revenue": 0.30, "other_monetary": 0.08, "fine": 0.05}
# Property arrested without a decree needing a sanction: (kind, chance, ownership known at once).
OTHER_PROPERTY = (("land", 0.02, 0.6), ("securities", 0.005, 0.6), ("other", 0.03, 0.6),
                  ("cash", 0.003, 1.0))

ACT_KINDS: tuple[tuple[str, float], ...] = (
    ("protest", 0.30),
    ("representation", 0.35),
    ("instruction", 0.15),
    ("prosecutor_decree", 0.08),
    ("disciplinary_demand", 0.07),
    ("transfer_request", 0.05),
)
# Per-proceeding chance of a supervisory act, by bailiff "tier": most bailiffs draw few acts,
# a few draw many, so that some private bailiffs cross LICENCE_THRESHOLD (> 3 a year).
ACT_TIERS: tuple[tuple[float, float], ...] = ((0.002, 0.65), (0.012, 0.27), (0.045, 0.08))

MALE_GIVEN = ("Айбек", "Ерлан", "Нурлан", "Данияр", "Бауыржан", "Серик", "Асхат", "Ержан",
              "Марат", "Арман", "Дамир", "Руслан", "Алексей", "Сергей", "Андрей", "Тимур")
FEMALE_GIVEN = ("Айгуль", "Жанар", "Гульнара", "Динара", "Асель", "Сауле", "Алия", "Мадина",
                "Елена", "Ольга", "Айжан", "Камила", "Жулдыз", "Наталья")
SURNAMES = ("Ахметов", "Жумабаев", "Нурланов", "Касымов", "Иванов", "Абенов", "Бекмуханов",
            "Тулегенов", "Оспанов", "Калиев", "Смагулов", "Сериков", "Исаев", "Ким", "Петров",
            "Мухамедиев", "Садыков", "Есенов", "Байжанов", "Кузнецов")
FIRMS = ("Астана Құрылыс", "Сарыарқа Сервис", "KazTrans", "Алтын Дала", "Nur Logistics",
         "Береке Агро", "Qazaq Retail", "Дала Энерго", "Steppe Build", "Шығыс Металл")
CREDITORS = ("АО «Halyk Bank»", "АО «Kaspi Bank»", "АО «ForteBank»", "АО «Банк ЦентрКредит»",
             "АО «Jusan Bank»", "АО «Bank RBK»", "АО «Евразийский банк»", "АО «Отбасы банк»",
             "ТОО «МФО Solva»", "ТОО «МФО KMF»", "ТОО «МФО Shinhan Finance»",
             "ТОО «Коллекторское агентство ПКБ»", "АО «Казахтелеком»", "ТОО «Теплосети»",
             "ТОО «Водоканал»", "АО «Энергосбыт»")
SUSPENSION_REASONS = ("debtor in hospital", "appeal against the judgement pending",
                      "debtor on military service", "court stay of enforcement")
REFUSAL_REASONS = ("limitation period for presentation expired", "document not signed",
                   "debtor lives outside the bailiff's territory")
SANCTION_REFUSALS = ("amount of arrest exceeds the debt", "account holds social benefits",
                     "decree lacks the enforcement document number")
TIMES = tuple(
    f"T{h:02d}:{m:02d}:{s:02d}+05:00"
    for h in range(9, 19) for m in range(0, 60, 7) for s in (4, 17, 33, 48)
)


class Picker:
    """Weighted choice by bisecting cumulative weights: much cheaper than random.choices."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.items = [item for item, _ in pairs]
        self.cum = list(itertools.accumulate(weight for _, weight in pairs))
        self.total = self.cum[-1]

    def __call__(self, r: Callable[[], float]) -> Any:
        return self.items[bisect_right(self.cum, r() * self.total)]


def _pick(r: Callable[[], float], items: Sequence[T]) -> T:
    return items[int(r() * len(items))]


@dataclass(slots=True)
class Bailiff:
    bailiff_id: str
    kind: str
    region: str
    district: str
    source: str
    act_chance: float
    addressee: str


@dataclass
class Calendar:
    """Working days as integer day offsets from `first`: every term is two list look-ups.

    `after[d]` is the index in `working` of the first working day strictly after day d, so the
    N-th working day after d is `working[after[d] + N - 1]` and the first working day on or
    after d is `working[after[d - 1]]`. Built from the project's own calendar, so that what the
    generator plants as timely is timely for the audit too.
    """

    first: date
    iso: list[str]
    working: list[int]
    after: list[int]
    plus2: list[int]  # add_months(d, 2) as an offset: the general completion term
    plus4: list[int]  # add_months(d, 4): the completion term of hard cases

    @classmethod
    def build(cls, first: date, last: date) -> Calendar:
        cal = working_calendar()
        days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        working = [i for i, day in enumerate(days) if cal.is_working_day(day)]
        after = [bisect_right(working, i) for i in range(len(days))]
        base = first.toordinal()

        def shifted(months: int) -> list[int]:
            return [min(add_months(day, months).toordinal() - base, len(days) - 1)
                    for day in days]

        return cls(first, [d.isoformat() for d in days], working, after, shifted(2), shifted(4))

    def offset(self, day: date) -> int:
        return (day - self.first).days

    def nwd(self, d: int) -> int:
        """The first working day on or after d."""
        return self.working[self.after[d - 1]]

    def wd(self, d: int, n: int) -> int:
        """The n-th working day after d (d itself not counted), n >= 1."""
        return self.working[self.after[d] + n - 1]


# --- people and organisations ------------------------------------------------------------------


def _iin(r: Callable[[], float], female: bool) -> str | None:
    """An individual's IIN: birth date, century-and-sex digit, serial, check digit."""
    year = 1955 + int(r() * 50)
    century = (4 if female else 3) if year < 2000 else (6 if female else 5)
    first = (f"{year % 100:02d}{1 + int(r() * 12):02d}{1 + int(r() * 28):02d}"
             f"{century}{int(r() * 10_000):04d}")
    check = iin_bin_check_digit(first)
    return None if check is None else f"{first}{check}"


def _bin(r: Callable[[], float]) -> str | None:
    """A legal entity's BIN: registration year and month, type 4 (resident), serial."""
    first = f"{1 + int(r() * 24):02d}{1 + int(r() * 12):02d}4{int(r() * 3)}{int(r() * 1e5):05d}"
    check = iin_bin_check_digit(first)
    return None if check is None else f"{first}{check}"


def _unique(make: Callable[[], str | None], n: int) -> list[str]:
    """n distinct valid numbers; prefixes that have no check digit are skipped."""
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        number = make()
        if number is not None and number not in seen:
            seen.add(number)
            out.append(number)
    return out


def _person_name(r: Callable[[], float], female: bool) -> str:
    surname = _pick(r, SURNAMES)
    if female and surname.endswith(("ов", "ев", "ин")):
        surname += "а"
    return f"{surname} {_pick(r, FEMALE_GIVEN if female else MALE_GIVEN)}"


class Parties:
    """Pools of debtors and claimants: a debtor often has several documents against him."""

    def __init__(self, rng: random.Random, proceedings: int) -> None:
        r = rng.random
        self.male = self._people(r, max(1_000, proceedings // 3), female=False)
        self.female = self._people(r, max(1_000, proceedings // 4), female=True)
        self.entities: list[Fields] = [
            {"kind": "legal_entity", "iin_bin": number, "name": f"ТОО «{_pick(r, FIRMS)} {i}»"}
            for i, number in enumerate(_unique(lambda: _bin(r), max(200, proceedings // 20)))
        ]
        numbers = _unique(lambda: _bin(r), len(CREDITORS))
        self.creditors: list[Fields] = [
            {"kind": "legal_entity", "iin_bin": number, "name": name}
            for name, number in zip(CREDITORS, numbers, strict=True)
        ]
        self.state: dict[str, dict[str, Fields]] = {}
        for region, _, _ in REGIONS:
            revenue, police, akimat = _unique(lambda: _bin(r), 3)
            self.state[region] = {
                "state_revenue": {"kind": "state", "iin_bin": revenue,
                                  "name": f"State revenue department, {region}"},
                "fine": {"kind": "state", "iin_bin": police,
                         "name": f"Police department, {region}"},
                "demolition": {"kind": "state", "iin_bin": akimat, "name": f"Akimat, {region}"},
            }

    @staticmethod
    def _people(r: Callable[[], float], n: int, female: bool) -> list[Fields]:
        return [
            {"kind": "individual", "iin_bin": iin, "name": _person_name(r, female)}
            for iin in _unique(lambda: _iin(r, female), n)
        ]

    def debtor(self, r: Callable[[], float], category: str) -> Fields:
        if category == "alimony":
            return _pick(r, self.male)
        if r() < ENTITY_DEBTOR.get(category, 0.0):
            return _pick(r, self.entities)
        return _pick(r, self.male if r() < 0.7 else self.female)

    def claimant(self, r: Callable[[], float], category: str, region: str) -> Fields:
        if category == "alimony":
            return _pick(r, self.female)
        if category in STATE_CLAIMANT:
            body = self.state[region][category]
            # iin_bin is optional for a state claimant, and not every system fills it.
            return body if r() < 0.8 else {"kind": "state", "name": body["name"]}
        if category == "other_monetary":
            return _pick(r, self.creditors)
        if category == "eviction" and r() < 0.4:
            return self.state[region]["demolition"]
        return _pick(r, self.female if r() < 0.5 else self.male)


class Staff:
    """Bailiffs by region and kind, each with a caseload weight and an act 'tier'."""

    def __init__(self, rng: random.Random, n_bailiffs: int) -> None:
        r = rng.random
        total = sum(weight for _, weight, _ in REGIONS)
        tiers = Picker(ACT_TIERS)
        self.all: list[Bailiff] = []
        # region -> kind -> (bailiffs, cumulative caseload)
        self.desks: dict[str, dict[str, tuple[list[Bailiff], list[float]]]] = {}
        for region, weight, districts in REGIONS:
            size = max(2, round(n_bailiffs * weight / total))
            n_private = max(1, round(size * 0.6))
            self.desks[region] = {}
            for kind, count in (("private", n_private), ("state", max(1, size - n_private))):
                prefix = "PB" if kind == "private" else "SB"
                addressee = (f"Regional chamber of private bailiffs, {region}"
                             if kind == "private" else f"Justice department, {region}")
                staff = [
                    Bailiff(
                        f"{prefix}-{region}-{i + 1:04d}", kind, region,
                        f"{region}-{districts[i % len(districts)]}",
                        "AIS OIP" if kind == "state" else _pick(
                            r, ("AIS OIP", "ChSI Office", "Ispolnitel Pro")
                        ),
                        tiers(r), addressee,
                    )
                    for i in range(count)
                ]
                # Caseloads differ a lot between offices: a log-normal spread.
                load = list(itertools.accumulate(rng.lognormvariate(0, 0.5) for _ in staff))
                self.desks[region][kind] = (staff, load)
                self.all.extend(staff)

    def assign(self, r: Callable[[], float], region: str, state_claimant: bool) -> Bailiff:
        # State bodies' documents go mostly to state bailiffs, the rest mostly to private ones.
        if state_claimant:
            kind = "state" if r() < 0.75 else "private"
        else:
            kind = "private" if r() < 0.8 else "state"
        staff, load = self.desks[region][kind]
        return staff[bisect_right(load, r() * load[-1])]

    def colleague(self, r: Callable[[], float], bailiff: Bailiff) -> Bailiff:
        staff = self.desks[bailiff.region][bailiff.kind][0]
        i = int(r() * len(staff))
        return staff[(i + 1) % len(staff)] if staff[i] is bailiff else staff[i]


# --- one proceeding's enforcement steps --------------------------------------------------------


class Steps:
    """The enforcement steps of one proceeding, held until its ending day is known.

    Steps dated after the ending are dropped when written: a closed proceeding sees no more
    arrests. One instance is reused for every proceeding, to spare an allocation each.
    """

    __slots__ = ("cal", "hard", "iso", "money", "n_decree", "n_prop", "pid", "prosecutor", "r",
                 "steps")

    def __init__(self, cal: Calendar, r: Callable[[], float]) -> None:
        self.cal, self.iso, self.r = cal, cal.iso, r
        self.reset("", "")

    def reset(self, pid: str, district: str) -> None:
        self.pid = pid
        self.prosecutor = f"PR-{district}"
        self.steps: list[tuple[int, str, Fields | None]] = []
        self.hard: list[int] = []  # days of steps that make it a four-month case
        self.money: list[str] = []  # arrested accounts and cash, released when it ends
        self.n_prop = 0
        self.n_decree = 0

    def add(self, day: int, typ: str, fields: Fields | None = None) -> None:
        self.steps.append((day, typ, fields))

    def hard_step(self, day: int, typ: str, fields: Fields | None = None) -> None:
        self.steps.append((day, typ, fields))
        self.hard.append(day)

    def decree(self, kind: str, issued: int) -> str:
        self.n_decree += 1
        decree_id = f"{self.pid}-D{self.n_decree}"
        self.steps.append((issued, "decree.issued", {"decree_id": decree_id, "decree_kind": kind}))
        return decree_id

    def sanctioned(self, kind: str, issued: int) -> int | None:
        """A decree needing the prosecutor's sanction; returns its execution day, if any."""
        r, wd = self.r, self.cal.wd
        decree_id = self.decree(kind, issued)
        executed: int | None
        v = r()
        if v < 0.92:  # granted, nearly always by the next working day
            w = r()
            granted = wd(issued - 1, 1 + (0 if w < 0.5 else 1 if w < 0.9 else 2 + int(r() * 4)))
            if r() < 0.006:  # executed before the grant: UNSANCTIONED_EXECUTION
                granted = max(granted, wd(issued, 2))
                executed = issued
            else:
                executed = wd(granted - 1, 1 + int(r() * r() * 3))
            self.add(granted, "sanction.decided", {
                "decree_id": decree_id, "decision": "granted", "prosecutor_id": self.prosecutor,
            })
        elif v < 0.96:
            self.add(wd(issued, 1), "sanction.decided", {
                "decree_id": decree_id, "decision": "refused",
                "reason": _pick(r, SANCTION_REFUSALS), "prosecutor_id": self.prosecutor,
            })
            executed = wd(issued, 2) if r() < 0.01 else None
        else:  # the request was never decided; rarely executed anyway
            executed = wd(issued, 1) if r() < 0.05 else None
        if executed is not None:
            self.add(executed, "decree.executed", {"decree_id": decree_id})
        return executed

    def arrest(self, day: int, kind: str, ownership_known: float) -> None:
        """An arrest; for anything but money, ownership and valuation (VALUATION_TERM)."""
        r, wd = self.r, self.cal.wd
        self.n_prop += 1
        prop = f"{self.pid}-P{self.n_prop}"
        fields: Fields = {"property_id": prop, "property_kind": kind}
        self.add(day, "property.arrested", fields)
        if kind in ("bank_account", "cash"):
            self.money.append(prop)
            return
        v = r()
        if v < ownership_known:  # known from a registry when arrested
            fields["ownership_established_on"] = self.iso[day - int(r() * 10)]
            clock = day
        elif v < ownership_known + (1 - ownership_known) * 0.7:
            clock = wd(day, 1 + int(r() * 10))
            self.add(clock, "property.ownership_established", {"property_id": prop})
        else:
            return  # ownership never established: no valuation clock
        v = r()
        if v < 0.04:  # released within the term: no breach
            self.add(wd(clock, 1 + int(r() * 9)), "property.released", {"property_id": prop})
            return
        if v < 0.88:
            appraised = wd(clock, 1 + int(r() * 10))
        elif v < 0.95:
            appraised = wd(clock, 11 + int(r() * 25))
        else:
            return  # never appraised
        w = r()
        method = "bailiff" if w < 0.7 else "party_proposal" if w < 0.9 else "party_instructed"
        self.hard_step(appraised, "appraiser.appointed", {"property_id": prop, "method": method})
        if r() < 0.4:
            sale = self.cal.nwd(appraised + 10 + int(r() * 30))
            self.hard_step(sale, "sale.scheduled", {"property_id": prop})


# --- the export --------------------------------------------------------------------------------


class ExportGenerator:
    def __init__(self, proceedings: int, seed: int, as_of: date) -> None:
        self.n = proceedings
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.start = date(as_of.year - 2, 1, 1)
        # Back far enough for documents issued before acceptance, forward far enough for every
        # term the lifecycle computes (events after as-of are computed, then dropped).
        self.cal = Calendar.build(date(as_of.year - 3, 1, 1), as_of + timedelta(days=1500))
        self.parties = Parties(self.rng, proceedings)
        self.staff = Staff(
            self.rng, max(len(REGIONS) * 2, round(proceedings / PROCEEDINGS_PER_BAILIFF))
        )

    def write(self, out: BinaryIO, progress: Callable[[int], None]) -> tuple[int, int]:
        """Write the export; returns (events, lines): lines include re-sent duplicates."""
        rng = self.rng
        r = rng.random
        cal = self.cal
        iso, W, plus2, plus4 = cal.iso, cal.working, cal.plus2, cal.plus4
        nwd, wd = cal.nwd, cal.wd
        asof = cal.offset(self.as_of)
        dumps = orjson.dumps
        n_times = len(TIMES)
        next_id = itertools.count(1).__next__
        buffer: list[bytes] = []
        append = buffer.append
        written = [0, 0]  # events, lines

        def flush() -> None:
            events = len(buffer)
            # Re-sent events: Poisson-many exact copies of random lines of this chunk.
            for _ in range(_poisson(rng, events * DUPLICATE_RATE)):
                append(buffer[int(r() * events)])
            rng.shuffle(buffer)
            out.write(b"\n".join(buffer))
            out.write(b"\n")
            written[0] += events
            written[1] += len(buffer)
            buffer.clear()

        def ev(typ: str, d: int, pid: str | None, source: str, extra: Fields | None) -> bool:
            """Emit one event dated d, unless it is after as-of: then it has not happened yet."""
            if d > asof:
                return False
            day = iso[d]
            record: Fields = {
                "event_id": f"e{next_id()}",
                "type": typ,
                "occurred_on": day,
                "recorded_at": day + TIMES[int(r() * n_times)],
                "source": source,
            }
            if pid is not None:
                record["proceeding_id"] = pid
            if extra:
                record.update(extra)
            append(dumps(record))
            return True

        self._register_bailiffs(ev, asof)

        category_of = Picker(CATEGORIES)
        doc_kind_of = {category: Picker(kinds) for category, kinds in DOCUMENT_KINDS.items()}
        region_of = Picker([(code, weight) for code, weight, _ in REGIONS])
        act_kind_of = Picker(ACT_KINDS)
        parties, staff = self.parties, self.staff
        case = Steps(cal, r)
        first_w = cal.after[cal.offset(self.start) - 1]
        span_w = cal.after[asof] - first_w  # working days on which documents may arrive
        next_act = itertools.count(1).__next__
        gauss, log, exp = rng.gauss, math.log, math.exp
        reported = 0

        for n in range(1, self.n + 1):
            if n % PROGRESS_EVERY == 0:
                progress(n - reported)
                reported = n
                if len(buffer) >= CHUNK_LINES:
                    flush()
            pid = f"EP{n:08d}"
            category = category_of(r)
            region = region_of(r)
            bailiff = staff.assign(
                r, region, category in STATE_CLAIMANT or (category == "eviction" and r() < 0.4)
            )
            src = bailiff.source

            # --- document.accepted, on a working day of the export's span ----------------------
            ai = first_w + int(r() * span_w)
            acc = W[ai]
            doc_kind = doc_kind_of[category](r)
            document: Fields = {
                "number": f"{doc_kind[:2].upper()}-{n}/{iso[acc][2:4]}",
                "kind": doc_kind,
                "issued_on": iso[acc - 3 - int(r() * 60)],
            }
            if doc_kind in ("writ", "court_order"):
                document["issued_by"] = f"District court {bailiff.district}"
            periodic = category == "alimony" or (category == "harm_to_health" and r() < 0.5)
            debtor = parties.debtor(r, category)
            accepted: Fields = {
                "bailiff_id": bailiff.bailiff_id,
                "region": region,
                "district": bailiff.district,
                "document": document,
                "category": category,
                "periodic": periodic,
                "debtor": debtor,
                "claimant": parties.claimant(r, category, region),
            }
            amount = 0.0
            law = AMOUNTS[category]
            if law is not None:
                amount = round(exp(log(law[0]) + law[1] * gauss()), 2)
                accepted["amount_kzt"] = amount
            ev("document.accepted", acc, pid, src, accepted)

            if r() < bailiff.act_chance:
                self._act(ev, act_kind_of(r), next_act(), acc, pid, bailiff)

            # --- OPENING_TERM: initiate or refuse within 3 working days ------------------------
            u = r()
            if u < 0.02:
                continue  # never decided
            if u < 0.07:
                di = ai + 4 + int(r() * r() * 30)  # late
            else:
                v = r()
                di = ai + (0 if v < 0.3 else 1 if v < 0.65 else 2 if v < 0.85 else 3)
            start = W[di]
            if r() < 0.03:
                ev("proceeding.refused", start, pid, src, {"reason": _pick(r, REFUSAL_REASONS)})
                continue

            # --- NOTICE_TERM: the decree reaches the debtor within the same 3 working days -----
            u = r()
            ni: int | None
            if u < 0.008:
                ni = None
            elif u < 0.03:
                ni = max(di, ai + 4) + int(r() * 15)  # late
            elif di <= ai + 3:
                ni = di + int(r() * (ai + 4 - di))
            else:
                ni = di  # sent at once, but the initiation itself was late
            initiated: Fields = {"decree_no": f"{pid}/1"}
            if ni == di and r() < 0.65:
                initiated["sent_to_debtor_on"] = iso[start]
            elif ni is not None:
                ev("proceeding.notice_sent", W[ni], pid, src, None)
            if not ev("proceeding.initiated", start, pid, src, initiated):
                continue

            # --- enforcement -----------------------------------------------------------------
            case.reset(pid, bailiff.district)
            if category not in NON_MONETARY:
                # Bank accounts: the bulk of sanction requests (~2 million in nine months).
                if r() < 0.55:
                    for j in range(1 + (r() < 0.4) + (r() < 0.15)):
                        issued = nwd(start + (int(r() * 3) if j == 0 else 3 + int(r() * 30)))
                        executed = case.sanctioned("arrest_bank_funds", issued)
                        if executed is not None:
                            case.arrest(executed, "bank_account", 1.0)
                if r() < 0.10:  # sanctioned by a court, not the prosecutor: never a breach here
                    issued = nwd(start + 5 + int(r() * 40))
                    decree_id = case.decree("restrict_exit", issued)
                    case.add(wd(issued, 1 + int(r() * 5)), "decree.executed",
                             {"decree_id": decree_id})
                individual = debtor["kind"] == "individual"
                if individual and r() < 0.12:
                    case.arrest(nwd(start + 3 + int(r() * 30)), "vehicle", 0.65)
                if r() < 0.06:
                    executed = case.sanctioned("arrest_real_estate", nwd(start + 5 + int(r() * 30)))
                    if executed is not None:
                        case.arrest(executed, "real_estate", 0.85)
                for prop_kind, chance, ownership_known in OTHER_PROPERTY:
                    if r() < chance:
                        case.arrest(nwd(start + 5 + int(r() * 40)), prop_kind, ownership_known)
                if r() < 0.01:
                    case.sanctioned("withdraw_title_documents", nwd(start + 5 + int(r() * 30)))
                if individual and r() < 0.03:
                    case.hard_step(nwd(start + 10 + int(r() * 40)), "search.declared")
            if r() < 0.03:
                case.decree("other", nwd(start + 5 + int(r() * 30)))
            if r() < 0.007:
                case.hard_step(nwd(start + 5 + int(r() * 35)), "examination.ordered")

            # --- suspension (extends the completion term) and transfer -----------------------
            extension = 0
            still_suspended = False
            if r() < 0.05:
                began = nwd(start + 3 + int(r() * 45))
                case.add(began, "proceeding.suspended", {"reason": _pick(r, SUSPENSION_REASONS)})
                if r() < 0.08:
                    still_suspended = True  # no completion breach while it lasts
                else:
                    resumed = nwd(began + 7 + int(r() * 84))
                    case.add(resumed, "proceeding.resumed")
                    extension = resumed - began
            if r() < 0.03:
                case.add(nwd(start + 5 + int(r() * 45)), "proceeding.transferred",
                         {"to_bailiff_id": staff.colleague(r, bailiff).bailiff_id})

            # --- COMPLETION_TERM: 2 months (4 for hard cases); periodic recoveries exempt ----
            ended: int | None = None
            if periodic:
                if r() < 0.12:
                    ended = nwd(start + 60 + int(r() * 800))
            elif not still_suspended:
                # A suspension begun within the term extends it (docs/rules.md#completion_term).
                due = nwd(plus2[start] + extension)
                if category == "demolition" or any(day <= due for day in case.hard):
                    due = nwd(plus4[start] + extension)
                u = r()
                if u < 0.89:
                    last_step = max((step[0] for step in case.steps), default=start)
                    low = last_step + 1 if last_step < due else start + 3
                    ended = nwd(low + int(r() * (due - low + 1)))
                elif u < 0.95:
                    ended = nwd(due + 1 + int(r() ** 1.5 * 150))
            for day, typ, fields in case.steps:
                if ended is None or day <= ended:
                    ev(typ, day, pid, src, fields)
            if ended is not None:
                self._end(ev, ended, pid, src, category, amount, case.money)

        flush()
        progress(self.n - reported)
        return written[0], written[1]

    def _end(self, ev: Emit, ended: int, pid: str, src: str, category: str, amount: float,
             money: list[str]) -> None:
        r = self.rng.random
        v = r()
        if category in NON_MONETARY:
            typ = "proceeding.completed" if v < 0.85 else "proceeding.terminated"
        else:
            typ = ("proceeding.completed" if v < 0.6 else
                   "proceeding.returned" if v < 0.88 else "proceeding.terminated")
        fields: Fields | None = None
        if typ == "proceeding.completed" and amount:
            fields = {"amount_recovered_kzt": amount}
        elif typ == "proceeding.returned" and amount:
            fields = {"amount_recovered_kzt": round(amount * r() * 0.3, 2)}
        if ev(typ, ended, pid, src, fields):
            for prop in money:
                if r() < 0.5:
                    ev("property.released", ended, pid, src, {"property_id": prop})

    def _register_bailiffs(self, ev: Emit, asof: int) -> None:
        """A bailiff.registered each, as the register stood when the export begins."""
        r = self.rng.random
        cal = self.cal
        first = cal.nwd(cal.offset(self.start))
        licence_no = itertools.count(1).__next__
        source = "Ministry of Justice register"
        for bailiff in self.staff.all:
            started = self.start - timedelta(days=30 + int(r() * 3000))
            fields: Fields = {
                "bailiff_id": bailiff.bailiff_id,
                "kind": bailiff.kind,
                "name": _person_name(r, r() < 0.3),
                "region": bailiff.region,
                "district": bailiff.district,
                "started_on": started.isoformat(),
            }
            if bailiff.kind == "private":
                fields["licence_no"] = f"L-{bailiff.region}-{licence_no():05d}"
                fields["licence_status"] = "active"
            ev("bailiff.registered", first, None, source, fields)
            if bailiff.kind == "private" and r() < 0.01:
                changed = dict(fields, licence_status="suspended")
                ev("bailiff.registered", first + 200 + int(r() * (asof - first - 200)), None,
                   source, changed)

    def _act(self, ev: Emit, kind: str, number: int, accepted: int, pid: str,
             bailiff: Bailiff) -> None:
        """A supervisory act about this proceeding and its answer (ACT_RESPONSE_TERM)."""
        r, cal = self.rng.random, self.cal
        registered = cal.nwd(accepted + 5 + int(r() * 120))
        act_id = f"A{number:07d}"
        fields: Fields = {
            "act_id": act_id, "act_kind": kind, "bailiff_id": bailiff.bailiff_id,
            "addressee": bailiff.addressee,
        }
        due: int | None = None
        set_term: int | None = None  # a term the prosecutor set on the act, taken as it is
        if kind == "protest":
            due = cal.nwd(registered + 10)
            if r() < 0.15:  # at least three working days
                set_term = cal.wd(registered, 3 + int(r() * 7))
        elif kind == "representation":
            due = cal.nwd(registered + 30)
            if r() < 0.1:  # shorter, where irreparable harm threatens
                set_term = cal.nwd(registered + 10 + int(r() * 15))
        elif r() < (0.9 if kind == "instruction" else 0.3):
            set_term = cal.wd(registered, 5 + int(r() * 10))
        if set_term is not None:
            due = set_term
            fields["response_due_on"] = cal.iso[set_term]
        if not ev("act.registered", registered, pid, "Prosecutor's office", fields):
            return
        u = r()
        answered: int | None = None
        if due is None:
            if u < 0.7:
                answered = cal.nwd(registered + 5 + int(r() * 35))
        elif u < 0.86:
            answered = cal.nwd(registered + 1 + int(r() * (due - registered)))
        elif u < 0.94:
            answered = cal.nwd(due + 1 + int(r() * 45))
        if answered is not None:
            # act.answered must carry a proceeding_id (contract §1): the act's own.
            ev("act.answered", answered, pid, bailiff.source, {"act_id": act_id})


def _poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method: fine for the small means used here."""
    limit = math.exp(-lam)
    k, p = 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _positive(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate a synthetic NDJSON export of bailiff events (docs/contract.md §1).",
    )
    parser.add_argument("--proceedings", type=_positive, default=1_000_000, metavar="N",
                        help="number of proceedings (default 1000000: about 7 million events)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, metavar="PATH",
                        help="where to write (default bench/data/export.ndjson)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--as-of", type=_date, default=date(2025, 12, 1), metavar="DATE",
                        help="no event is dated after this day (default 2025-12-01)")
    args = parser.parse_args(argv)
    if not date(2000, 1, 1) <= args.as_of <= date(2055, 12, 31):
        parser.error("--as-of must lie between 2000 and 2055 (the working-day calendar's span)")

    started = time.perf_counter()
    generator = ExportGenerator(args.proceedings, args.seed, args.as_of)
    setup = time.perf_counter() - started

    output: Path = args.output
    output.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed at the end: an interrupted run leaves no half file
    # that a benchmark could take for a whole one.
    partial = output.with_name(output.name + ".partial")
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(total=args.proceedings, unit="proc", unit_scale=True, desc="generate",
                   file=sys.stderr, dynamic_ncols=True)

    def progress(done: int) -> None:
        if bar is not None:
            bar.update(done)

    try:
        with partial.open("wb", buffering=1 << 20) as out:
            events, lines = generator.write(out, progress)
    finally:
        if bar is not None:
            bar.close()
    os.replace(partial, output)
    elapsed = time.perf_counter() - started
    rate = events / max(elapsed - setup, 1e-9)
    print(
        f"wrote {output}: {args.proceedings:,} proceedings, {events:,} events "
        f"(+{lines - events:,} duplicate lines), {output.stat().st_size / 2**20:,.0f} MiB "
        f"in {elapsed:.1f} s (setup {setup:.1f} s; {rate:,.0f} events/s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
