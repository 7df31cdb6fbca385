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

MONEY_KINDS = frozenset({"bank_account", "cash"})


class Fact(NamedTuple):
    """What a rule needs of one event. `key`, `value` and `when` mean what the type says."""

    # Tuple order is (on, seq): sorting facts puts them in date order, ties in order of receipt.
    on: date  # occurred_on
    seq: int
    type: str
    key: str = ""  # bailiff, property, decree or act id; "" where the event names none
    value: Any = None  # a kind, a decision, or the accepted document's attributes
    when: date | None = None  # a second date the event carries


class Accepted(NamedTuple):
    region: str
    district: str
    category: str
    periodic: bool
    amount_kzt: float | None = None  # for the risk model; no rule reads it


def fact_of(event: ev.Event, seq: int) -> Fact:
    """Reduce a validated event to its Fact (the proceeding it belongs to is kept by the caller)."""
    return _BUILDERS[event.type](event, seq)


# A national export holds millions of facts. Dates repeat (a few thousand distinct ones), so each
# is stored once; strings need no such pooling, as the JSON parser already shares short strings.
_DATES: dict[date, date] = {}
_pooled = _DATES.setdefault


def _maybe_day(day: date | None) -> date | None:
    return None if day is None else _pooled(day, day)


_Builder = Callable[[Any, int], Fact]


def _plain(e: Any, seq: int) -> Fact:
    return Fact(_pooled(e.occurred_on, e.occurred_on), seq, e.type)


def _with_property(e: Any, seq: int) -> Fact:
    return Fact(_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.property_id or "")


def _accepted(e: Any, seq: int) -> Fact:
    return Fact(_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.bailiff_id,
                Accepted(e.region, e.district, e.category, e.periodic, e.amount_kzt))


def _initiated(e: Any, seq: int) -> Fact:
    return Fact(_pooled(e.occurred_on, e.occurred_on), seq, e.type,
                when=_maybe_day(e.sent_to_debtor_on))


def _transferred(e: Any, seq: int) -> Fact:
    return Fact(_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.to_bailiff_id)


def _arrested(e: Any, seq: int) -> Fact:
    return Fact(_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.property_id,
                e.property_kind, _maybe_day(e.ownership_established_on))


def _issued(e: Any, seq: int) -> Fact:
    return Fact(_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.decree_id, e.decree_kind)


def _executed(e: Any, seq: int) -> Fact:
    return Fact(_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.decree_id)


def _decided(e: Any, seq: int) -> Fact:
    return Fact(_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.decree_id, e.decision)


def _act_registered(e: Any, seq: int) -> Fact:
    return Fact(_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.act_id,
                (e.act_kind, e.bailiff_id, e.proceeding_id), _maybe_day(e.response_due_on))


def _act_answered(e: Any, seq: int) -> Fact:
    return Fact(_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.act_id)


def _bailiff_registered(e: Any, seq: int) -> Fact:
    return Fact(_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.bailiff_id,
                (e.kind, e.region, e.district))


# One small builder per event type, looked up by the type string.
_BUILDERS: dict[str, _Builder] = dict.fromkeys(ev.EVENT_TYPES, _plain) | {
    "document.accepted": _accepted,
    "proceeding.initiated": _initiated,
    "proceeding.transferred": _transferred,
    "property.arrested": _arrested,
    "property.ownership_established": _with_property,
    "property.released": _with_property,
    "appraiser.appointed": _with_property,
    "examination.ordered": _with_property,
    "sale.scheduled": _with_property,
    "search.declared": _with_property,
    "decree.issued": _issued,
    "decree.executed": _executed,
    "sanction.decided": _decided,
    "act.registered": _act_registered,
    "act.answered": _act_answered,
    "bailiff.registered": _bailiff_registered,
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

    @property
    def decided_on(self) -> date | None:
        """The day of the first decision on its sanction, a grant or a refusal alike."""
        return _earliest(self.granted_on, self.refused_on)


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
    amount_kzt: float | None = None
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
    """The proceeding's state from its facts dated on or before `as_of`.

    Facts are applied in date order, so the first date seen for an action is its earliest.
    """
    p = Proceeding(proceeding_id)
    # Facts about a property are gathered apart and joined to its arrest at the end, so that
    # an ownership or appraisal recorded before the arrest still counts.
    marks = _Marks()
    appliers = _APPLIERS
    for fact in sorted(facts):
        if fact.on > as_of:
            break
        appliers[fact.type](p, fact, as_of, marks)
    for prop in p.properties.values():
        pid = prop.property_id
        prop.ownership_on = _earliest(prop.ownership_on, marks.ownership.get(pid))
        prop.appraised_on = marks.appraised.get(pid)
        prop.released_on = marks.released.get(pid)
    return p


@dataclass(slots=True)
class _Marks:
    ownership: dict[str, date] = field(default_factory=dict)
    appraised: dict[str, date] = field(default_factory=dict)
    released: dict[str, date] = field(default_factory=dict)
    lone_resume: date | None = None  # a resumption with no suspension open (yet)


_Applier = Callable[[Proceeding, Fact, date, _Marks], None]


def _accepted_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    if p.accepted_on is None:
        doc: Accepted = fact.value
        p.accepted_on, p.bailiff_id = fact.on, fact.key
        p.region, p.district = doc.region, doc.district
        p.category, p.periodic = doc.category, doc.periodic
        p.amount_kzt = doc.amount_kzt


def _initiated_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    if p.initiated_on is None:
        p.initiated_on = fact.on
    # A sending date after the evaluation date has not happened yet on that date.
    if fact.when is not None and fact.when <= as_of:
        p.notice_on = _earliest(p.notice_on, fact.when)


def _notice_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    p.notice_on = _earliest(p.notice_on, fact.on)


def _refused_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    if p.refused_on is None:
        p.refused_on = fact.on


def _ending_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    if p.ended_on is None:
        p.ended_on = fact.on


def _suspended_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    if marks.lone_resume == fact.on:
        # Suspended and resumed on one day, the resumption received first: a closed suspension
        # of no length, not a suspension left open for ever.
        marks.lone_resume = None
        p.suspensions.append(Suspension(fact.on, fact.on))
    elif not p.suspensions or p.suspensions[-1].resumed_on is not None:
        p.suspensions.append(Suspension(fact.on))


def _resumed_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    if p.suspensions and p.suspensions[-1].resumed_on is None:
        p.suspensions[-1].resumed_on = fact.on
    else:
        marks.lone_resume = fact.on


def _transferred_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    p.transfers.append((fact.on, fact.key))


def _arrested_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    if fact.key not in p.properties:
        ownership = fact.when if fact.when is not None and fact.when <= as_of else None
        p.properties[fact.key] = Property(fact.key, fact.value, fact.on, ownership)


def _ownership_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    marks.ownership.setdefault(fact.key, fact.on)


def _released_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    marks.released.setdefault(fact.key, fact.on)


def _hard_case_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    p.hard_case_steps.append(fact.on)


def _appraiser_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    p.hard_case_steps.append(fact.on)
    marks.appraised.setdefault(fact.key, fact.on)


def _decree(p: Proceeding, decree_id: str) -> Decree:
    decree = p.decrees.get(decree_id)
    if decree is None:
        decree = p.decrees[decree_id] = Decree(decree_id)
    return decree


def _issued_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    decree = _decree(p, fact.key)
    if decree.kind is None:
        decree.kind, decree.issued_on = fact.value, fact.on


def _executed_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    decree = _decree(p, fact.key)
    if decree.executed_on is None:
        decree.executed_on = fact.on


def _decided_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    decree = _decree(p, fact.key)
    if fact.value == "granted":
        if decree.granted_on is None:
            decree.granted_on = fact.on
    elif decree.refused_on is None:
        decree.refused_on = fact.on


def _ignored_fact(p: Proceeding, fact: Fact, as_of: date, marks: _Marks) -> None:
    """Facts that are not about the proceeding's own terms (acts, registrations)."""


_APPLIERS: dict[str, _Applier] = dict.fromkeys(ev.EVENT_TYPES, _ignored_fact) | {
    "document.accepted": _accepted_fact,
    "proceeding.initiated": _initiated_fact,
    "proceeding.notice_sent": _notice_fact,
    "proceeding.refused": _refused_fact,
    "proceeding.completed": _ending_fact,
    "proceeding.returned": _ending_fact,
    "proceeding.terminated": _ending_fact,
    "proceeding.suspended": _suspended_fact,
    "proceeding.resumed": _resumed_fact,
    "proceeding.transferred": _transferred_fact,
    "property.arrested": _arrested_fact,
    "property.ownership_established": _ownership_fact,
    "property.released": _released_fact,
    "appraiser.appointed": _appraiser_fact,
    "examination.ordered": _hard_case_fact,
    "sale.scheduled": _hard_case_fact,
    "search.declared": _hard_case_fact,
    "decree.issued": _issued_fact,
    "decree.executed": _executed_fact,
    "sanction.decided": _decided_fact,
}


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
                kind, bailiff_id, proceeding_id = fact.value
                acts[fact.key] = Act(fact.key, kind, bailiff_id, fact.on, proceeding_id, fact.when)
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
