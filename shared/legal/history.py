"""One proceeding's events folded into the facts the rules read.

Events are first reduced to `Fact`s: small tuples that keep only what a rule can use and no
personal data (a national export holds millions, and the audit keeps them all in memory until
every file is read, since files arrive in any order). A history is then folded from the facts
dated on or before the evaluation date, in date order, ties kept in the order they were received.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from shared import events as ev

ENDING_TYPES = frozenset(
    {"proceeding.completed", "proceeding.returned", "proceeding.terminated"}
)
# Steps that show a case needs the four-month term (Law Art. 39(1); domain.md COMPLETION_TERM).
HARD_CASE_TYPES = frozenset(
    {"appraiser.appointed", "examination.ordered", "sale.scheduled", "search.declared"}
)
MONEY_KINDS = frozenset({"bank_account", "cash"})


class Fact(NamedTuple):
    """What a rule needs of one event. `key`, `value` and `when` mean what the type says."""

    # Tuple order is (on, seq): sorting facts puts them in date order, ties in order of receipt.
    on: date  # occurred_on
    seq: int
    type: str
    proceeding_id: str | None
    key: str = ""  # bailiff, property, decree or act id; "" where the event names none
    value: Any = None  # a kind, a decision, or the accepted document's attributes
    when: date | None = None  # a second date the event carries


class Accepted(NamedTuple):
    region: str
    district: str
    category: str
    periodic: bool


def fact_of(event: ev.Event, seq: int, on: date | None = None) -> Fact:
    """Reduce a validated event to its Fact; `on` may pass an interned copy of its date."""
    build = _BUILDERS.get(event.type, _plain)
    return build(event, event.occurred_on if on is None else on, seq)


# One small builder per type, looked up by the type string: the audit calls this for every event.
_Builder = Callable[[Any, date, int], Fact]


def _plain(e: Any, on: date, seq: int) -> Fact:
    return Fact(on, seq, e.type, e.proceeding_id)


def _with_property(e: Any, on: date, seq: int) -> Fact:
    return Fact(on, seq, e.type, e.proceeding_id, e.property_id or "")


def _with_decree(e: Any, on: date, seq: int) -> Fact:
    return Fact(on, seq, e.type, e.proceeding_id, e.decree_id)


_BUILDERS: dict[str, _Builder] = {
    "document.accepted": lambda e, on, seq: Fact(
        on, seq, e.type, e.proceeding_id, e.bailiff_id,
        Accepted(e.region, e.district, e.category, e.periodic),
    ),
    "proceeding.initiated": lambda e, on, seq: Fact(
        on, seq, e.type, e.proceeding_id, when=e.sent_to_debtor_on
    ),
    "proceeding.transferred": lambda e, on, seq: Fact(
        on, seq, e.type, e.proceeding_id, e.to_bailiff_id
    ),
    "property.arrested": lambda e, on, seq: Fact(
        on, seq, e.type, e.proceeding_id, e.property_id, e.property_kind,
        e.ownership_established_on,
    ),
    "property.ownership_established": _with_property,
    "property.released": _with_property,
    "appraiser.appointed": _with_property,
    "examination.ordered": _with_property,
    "sale.scheduled": _with_property,
    "search.declared": _with_property,
    "decree.issued": lambda e, on, seq: Fact(
        on, seq, e.type, e.proceeding_id, e.decree_id, e.decree_kind
    ),
    "decree.executed": _with_decree,
    "sanction.decided": lambda e, on, seq: Fact(
        on, seq, e.type, e.proceeding_id, e.decree_id, e.decision
    ),
    "act.registered": lambda e, on, seq: Fact(
        on, seq, e.type, e.proceeding_id, e.act_id, (e.act_kind, e.bailiff_id),
        e.response_due_on,
    ),
    "act.answered": lambda e, on, seq: Fact(on, seq, e.type, e.proceeding_id, e.act_id),
    "bailiff.registered": lambda e, on, seq: Fact(
        on, seq, e.type, None, e.bailiff_id, (e.kind, e.region, e.district)
    ),
}


def _earliest(current: date | None, candidate: date | None) -> date | None:
    if candidate is None:
        return current
    if current is None or candidate < current:
        return candidate
    return current


@dataclass(slots=True)
class Property:
    property_id: str
    kind: str
    arrested_on: date
    ownership_on: date | None = None
    appraised_on: date | None = None
    released_on: date | None = None


@dataclass(slots=True)
class Decree:
    decree_id: str
    kind: str | None = None
    issued_on: date | None = None
    executed_on: date | None = None
    granted_on: date | None = None
    refused_on: date | None = None


@dataclass(slots=True)
class Suspension:
    began_on: date
    resumed_on: date | None = None  # None: still suspended on the evaluation date


@dataclass(slots=True)
class Proceeding:
    """A proceeding as known on the evaluation date."""

    proceeding_id: str
    accepted_on: date | None = None
    bailiff_id: str | None = None
    region: str | None = None
    district: str | None = None
    category: str | None = None
    periodic: bool = False
    initiated_on: date | None = None
    refused_on: date | None = None
    notice_on: date | None = None
    ended_on: date | None = None
    hard_case_steps: list[date] = field(default_factory=list)
    suspensions: list[Suspension] = field(default_factory=list)
    transfers: list[tuple[date, str]] = field(default_factory=list)
    properties: dict[str, Property] = field(default_factory=dict)
    decrees: dict[str, Decree] = field(default_factory=dict)

    @property
    def is_orphan(self) -> bool:
        return self.accepted_on is None

    def bailiff_on(self, day: date) -> str | None:
        """Who held the proceeding on `day`: a transfer dated D hands it over from D on."""
        holder = self.bailiff_id
        for on, to_bailiff in self.transfers:
            if on <= day:
                holder = to_bailiff
        return holder


def fold_proceeding(proceeding_id: str, facts: Iterable[Fact], as_of: date) -> Proceeding:
    """The proceeding's state from its facts dated on or before `as_of`."""
    p = Proceeding(proceeding_id)
    # Facts about a property are gathered apart and joined to its arrest at the end, so that
    # an ownership or appraisal recorded before the arrest still counts.
    marks: dict[str, dict[str, date]] = {"ownership": {}, "appraised": {}, "released": {}}
    for fact in sorted(facts):
        if fact.on > as_of:
            break
        _apply(p, fact, as_of, marks)
    for prop in p.properties.values():
        pid = prop.property_id
        prop.ownership_on = _earliest(prop.ownership_on, marks["ownership"].get(pid))
        prop.appraised_on = marks["appraised"].get(pid)
        prop.released_on = marks["released"].get(pid)
    return p


def _mark(marks: dict[str, date], key: str, on: date) -> None:
    if key not in marks or on < marks[key]:
        marks[key] = on


def _apply(p: Proceeding, fact: Fact, as_of: date, marks: dict[str, dict[str, date]]) -> None:
    t, on = fact.type, fact.on
    if t == "document.accepted":
        if p.accepted_on is None:
            doc: Accepted = fact.value
            p.accepted_on, p.bailiff_id = on, fact.key
            p.region, p.district = doc.region, doc.district
            p.category, p.periodic = doc.category, doc.periodic
    elif t == "proceeding.initiated":
        p.initiated_on = _earliest(p.initiated_on, on)
        # A sending date after the evaluation date has not happened yet on that date.
        if fact.when is not None and fact.when <= as_of:
            p.notice_on = _earliest(p.notice_on, fact.when)
    elif t == "proceeding.notice_sent":
        p.notice_on = _earliest(p.notice_on, on)
    elif t == "proceeding.refused":
        p.refused_on = _earliest(p.refused_on, on)
    elif t in ENDING_TYPES:
        p.ended_on = _earliest(p.ended_on, on)
    elif t == "proceeding.suspended":
        if not p.suspensions or p.suspensions[-1].resumed_on is not None:
            p.suspensions.append(Suspension(on))
    elif t == "proceeding.resumed":
        if p.suspensions and p.suspensions[-1].resumed_on is None:
            p.suspensions[-1].resumed_on = on
    elif t == "proceeding.transferred":
        p.transfers.append((on, fact.key))
    elif t == "property.arrested":
        if fact.key not in p.properties:
            ownership = fact.when if fact.when is not None and fact.when <= as_of else None
            p.properties[fact.key] = Property(fact.key, fact.value, on, ownership)
    elif t == "property.ownership_established":
        _mark(marks["ownership"], fact.key, on)
    elif t == "property.released":
        _mark(marks["released"], fact.key, on)
    elif t in HARD_CASE_TYPES:
        p.hard_case_steps.append(on)
        if t == "appraiser.appointed":
            _mark(marks["appraised"], fact.key, on)
    elif t in ("decree.issued", "decree.executed", "sanction.decided"):
        decree = p.decrees.get(fact.key)
        if decree is None:
            decree = p.decrees[fact.key] = Decree(fact.key)
        if t == "decree.issued":
            if decree.kind is None:
                decree.kind, decree.issued_on = fact.value, on
        elif t == "decree.executed":
            decree.executed_on = _earliest(decree.executed_on, on)
        elif fact.value == "granted":
            decree.granted_on = _earliest(decree.granted_on, on)
        else:
            decree.refused_on = _earliest(decree.refused_on, on)


# Acts and bailiffs are not proceedings: they are folded on their own.


@dataclass(slots=True)
class Act:
    act_id: str
    kind: str
    bailiff_id: str
    registered_on: date
    proceeding_id: str | None
    response_due_on: date | None
    answered_on: date | None = None


@dataclass(slots=True)
class Bailiff:
    bailiff_id: str
    kind: str
    region: str
    district: str


def fold_acts(facts: Iterable[Fact], as_of: date) -> dict[str, Act]:
    """Acts by act_id: the first registration of an act_id counts, the earliest answer."""
    acts: dict[str, Act] = {}
    answers: dict[str, date] = {}
    for fact in sorted(f for f in facts if f.on <= as_of):
        if fact.type == "act.registered":
            if fact.key not in acts:
                kind, bailiff_id = fact.value
                acts[fact.key] = Act(
                    fact.key, kind, bailiff_id, fact.on, fact.proceeding_id, fact.when
                )
        elif fact.type == "act.answered" and fact.key not in answers:
            answers[fact.key] = fact.on
    for act_id, answered_on in answers.items():
        if act_id in acts:
            acts[act_id].answered_on = answered_on
    return acts


def fold_bailiffs(facts: Iterable[Fact], as_of: date) -> dict[str, Bailiff]:
    """Bailiffs by id, as their latest registration on or before `as_of` describes them."""
    bailiffs: dict[str, Bailiff] = {}
    for fact in sorted(f for f in facts if f.on <= as_of):
        if fact.type == "bailiff.registered":
            kind, region, district = fact.value
            bailiffs[fact.key] = Bailiff(fact.key, kind, region, district)
    return bailiffs
