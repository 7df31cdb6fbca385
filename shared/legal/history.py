"""One proceeding's events folded into the facts the rules read.

Events are first reduced to `Fact`s: small tuples that keep only what a rule can use and no
personal data. A proceeding is then folded (`Folding`) from its facts dated on or before the
evaluation date: where the law reads "the first time something happened", the earliest fact
counts, by date and then by order of receipt. Facts are folded in order of receipt: the audit
reads them so and folds each event as it reads it, keeping no fact (docs/performance.md);
`fold_proceeding`, which the monitor calls on what its database holds, sorts them so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
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
    return FACT_BUILDERS[event.type](event, seq)


# A national export holds millions of facts. Dates repeat (a few thousand distinct ones), so each
# is stored once.
_DATES: dict[date, date] = {}
_pooled = _DATES.setdefault


def _maybe_day(day: date | None) -> date | None:
    return None if day is None else _pooled(day, day)


_Builder = Callable[[Any, int], Fact]
# A Fact built straight from its six values: NamedTuple's own constructor is a Python function,
# and a national audit builds one Fact per event.
_fact: Callable[[tuple[Any, ...]], Fact] = partial(tuple.__new__, Fact)
_document: Callable[[tuple[Any, ...]], Accepted] = partial(tuple.__new__, Accepted)


def _plain(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type, "", None, None))


def _with_property(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.property_id or "", None,
                  None))


# Bailiff ids repeat across a million documents: each kept once. (A document's region, district
# and category are kept once through its place, `_PLACES`, where they are folded.)
_TEXTS: dict[str, str] = {}
_text = _TEXTS.setdefault


def _accepted(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type,
                  _text(e.bailiff_id, e.bailiff_id),
                  _document((e.region, e.district, e.category, e.periodic, e.amount_kzt)), None))


def _initiated(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type, "", None,
                  _maybe_day(e.sent_to_debtor_on)))


def _transferred(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type,
                  _text(e.to_bailiff_id, e.to_bailiff_id), None, None))


def _arrested(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.property_id,
                  e.property_kind, _maybe_day(e.ownership_established_on)))


def _issued(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.decree_id,
                  e.decree_kind, None))


def _executed(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.decree_id, None, None))


def _decided(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.decree_id, e.decision,
                  None))


def _act_registered(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.act_id,
                  (e.act_kind, e.bailiff_id, e.proceeding_id), _maybe_day(e.response_due_on)))


def _act_answered(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.act_id, None, None))


def _appeal_received(e: Any, seq: int) -> Fact:
    # No applicant: a rule needs none of their data.
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.appeal_id,
                  (e.bailiff_id, e.proceeding_id, e.region, e.district), None))


def _appeal_extended(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.appeal_id, None,
                  _maybe_day(e.extended_until)))


def _appeal_step(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.appeal_id, None, None))


def _bailiff_registered(e: Any, seq: int) -> Fact:
    return _fact((_pooled(e.occurred_on, e.occurred_on), seq, e.type, e.bailiff_id,
                  (e.kind, e.region, e.district), None))


# One small builder per event type, looked up by the type string; the audit's reading loop
# calls these directly.
FACT_BUILDERS: dict[str, _Builder] = dict.fromkeys(ev.EVENT_TYPES, _plain) | {
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
    "appeal.received": _appeal_received,
    "appeal.extended": _appeal_extended,
    "appeal.extension_notified": _appeal_step,
    "appeal.inspection_ordered": _appeal_step,
    "appeal.inspection_ended": _appeal_step,
    "appeal.answered": _appeal_step,
}


def earliest(current: date | None, candidate: date | None) -> date | None:
    """The earlier of two days, either of which may be unknown."""
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
        return earliest(self.granted_on, self.refused_on)


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
    hard_case_from: date | None = None  # the first step that makes the case a hard one
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
    """The proceeding's state from its facts dated on or before `as_of`, given in any order."""
    folding = Folding()
    add = folding.add
    for fact in sorted(facts, key=_receipt):
        if fact.on <= as_of:
            add(fact, as_of)
    return folding.proceeding(proceeding_id)


def _receipt(fact: Fact) -> int:
    return fact.seq


class Folding:
    """One proceeding's facts folded as they are received, into what its rules read.

    The law's reading of a history is "the first time each thing happened": every field keeps
    its earliest candidate by date, and of two on one day the one received first. So facts must
    be added in order of receipt (their `seq`; the audit reads them so, `fold_proceeding` sorts
    them so), and a national audit keeps this small state per proceeding instead of every fact
    (docs/performance.md). What depends on the sequence itself (suspensions and resumptions,
    transfers) is kept as dated steps and ordered once, in `proceeding()`, by a stable sort on
    the date. Properties and decrees are short lists searched in place: a proceeding has a few,
    and a dict for each would cost more memory than all its dates. No seq is kept: an int each
    would be a tenth of the state.
    """

    __slots__ = (
        "accepted_on",
        "amount_kzt",
        "bailiff_id",
        "decrees",
        "ended_on",
        "hard_from",
        "initiated_on",
        "notice_on",
        "pauses",
        "place",
        "properties",
        "refused_on",
        "transfers",
    )

    def __init__(self) -> None:
        # The document that counts, kept field by field (a tuple would cost 64 bytes more);
        # its (region, district, category, periodic) is one tuple shared by every proceeding
        # of that place and kind. The proceeding's id is its key where it is kept.
        self.accepted_on: date | None = None
        self.bailiff_id: str | None = None
        self.place: tuple[str, str, str, bool] | None = None
        self.amount_kzt: float | None = None
        self.initiated_on: date | None = None
        self.notice_on: date | None = None
        self.refused_on: date | None = None
        self.ended_on: date | None = None
        self.hard_from: date | None = None
        # The rarer parts start as None: most proceedings of an export never need them.
        self.pauses: list[tuple[date, bool]] | None = None  # (on, suspended)
        self.transfers: list[tuple[date, str]] | None = None
        # Flat lists, a record every _PROPERTY (_DECREE) items: a list per property would cost
        # more than its dates.
        self.properties: list[Any] | None = None
        self.decrees: list[Any] | None = None

    def add(self, fact: Fact, as_of: date) -> None:
        """Fold in one fact dated on or before `as_of`."""
        ADDERS[fact.type](self, fact, as_of)

    def merge(self, later: Folding) -> None:
        """Fold in what `later` folded from facts all received after this one's: the same state
        as if its facts had been added here one by one (the audit folds each byte range of its
        input apart and merges them in the order of the ranges). Each field follows its adder:
        the earliest date wins and, of two on one day, this one's."""
        if _earlier(later.accepted_on, self.accepted_on):
            self.accepted_on, self.bailiff_id = later.accepted_on, later.bailiff_id
            self.place, self.amount_kzt = later.place, later.amount_kzt
        if _earlier(later.initiated_on, self.initiated_on):
            self.initiated_on = later.initiated_on
        if _earlier(later.notice_on, self.notice_on):
            self.notice_on = later.notice_on
        if _earlier(later.refused_on, self.refused_on):
            self.refused_on = later.refused_on
        if _earlier(later.ended_on, self.ended_on):
            self.ended_on = later.ended_on
        if _earlier(later.hard_from, self.hard_from):
            self.hard_from = later.hard_from
        if later.pauses is not None:
            self.pauses = (self.pauses or []) + later.pauses
        if later.transfers is not None:
            self.transfers = (self.transfers or []) + later.transfers
        if later.properties is not None:
            x, y = self.properties or [], later.properties
            self.properties = x
            for at in range(0, len(y), _PROPERTY):
                mine = _record(x, y[at], _PROPERTY)
                if _earlier(y[at + _ARRESTED_ON], x[mine + _ARRESTED_ON]):
                    # The first arrest counts with its kind and the ownership date it gave.
                    for what in (_KIND, _ARRESTED_ON, _WHEN):
                        x[mine + what] = y[at + what]
                for what in (_OWNERSHIP, _APPRAISED, _RELEASED):
                    _earliest_at(x, mine + what, y[at + what])
        if later.decrees is not None:
            x, y = self.decrees or [], later.decrees
            self.decrees = x
            for at in range(0, len(y), _DECREE):
                mine = _record(x, y[at], _DECREE)
                if _earlier(y[at + _ISSUED_ON], x[mine + _ISSUED_ON]):  # the first issue counts
                    x[mine + _DECREE_KIND] = y[at + _DECREE_KIND]
                    x[mine + _ISSUED_ON] = y[at + _ISSUED_ON]
                for what in (_EXECUTED_ON, _GRANTED_ON, _REFUSED_ON):
                    _earliest_at(x, mine + what, y[at + what])

    def proceeding(self, proceeding_id: str) -> Proceeding:
        # Positional arguments, and sorting only what has more than one item: this runs once
        # for every proceeding of a national export.
        region, district, category, periodic = self.place or _NOWHERE
        p = Proceeding(proceeding_id, self.accepted_on, self.bailiff_id, region, district,
                       category, periodic, self.amount_kzt, self.initiated_on, self.refused_on,
                       self.notice_on, self.ended_on, self.hard_from)
        if self.pauses is not None:
            p.suspensions = _suspensions(sorted(self.pauses, key=_day))
        if self.transfers is not None:
            p.transfers = sorted(self.transfers, key=_day)
        if self.properties is not None:
            x = self.properties
            arrested = [x[at:at + _PROPERTY] for at in range(0, len(x), _PROPERTY)
                        if x[at + _ARRESTED_ON] is not None]
            if len(arrested) > 1:
                arrested.sort(key=_arrest_order)
            for pid, kind, arrested_on, when, ownership, appraised, released in arrested:
                p.properties[pid] = Property(pid, kind, arrested_on, earliest(when, ownership),
                                             appraised, released)
        if self.decrees is not None:
            x = self.decrees
            decrees = [x[at:at + _DECREE] for at in range(0, len(x), _DECREE)]
            if len(decrees) > 1:
                decrees.sort(key=_by_id)
            for decree_id, kind, issued_on, executed, granted, refused in decrees:
                p.decrees[decree_id] = Decree(decree_id, kind, issued_on, executed, granted,
                                              refused)
        return p


_NOWHERE: tuple[Any, Any, Any, bool] = (None, None, None, False)
_PLACES: dict[tuple[str, str, str, bool], tuple[str, str, str, bool]] = {}


def _day(step: tuple[date, Any]) -> date:
    return step[0]


def _suspensions(pauses: list[tuple[date, bool]]) -> list[Suspension]:
    """Suspensions from suspending and resuming steps in date order (ties: order of receipt)."""
    suspensions: list[Suspension] = []
    lone_resume: date | None = None  # a resumption with no suspension open (yet)
    for on, suspended in pauses:
        if suspended:
            if lone_resume == on:
                # Suspended and resumed on one day, the resumption received first: a closed
                # suspension of no length, not a suspension left open for ever.
                lone_resume = None
                suspensions.append(Suspension(on, on))
            elif not suspensions or suspensions[-1].resumed_on is not None:
                suspensions.append(Suspension(on))
        elif suspensions and suspensions[-1].resumed_on is None:
            suspensions[-1].resumed_on = on
        else:
            lone_resume = on
    return suspensions


# A property: property_id, kind, arrested_on, ownership date the arrest gave, ownership
# established on, appraiser appointed on, released on.
_KIND, _ARRESTED_ON, _WHEN, _OWNERSHIP, _APPRAISED, _RELEASED = range(1, 7)
_PROPERTY = 7
# A decree: decree_id, kind, issued_on, executed_on, granted_on, refused_on.
_DECREE_KIND, _ISSUED_ON, _EXECUTED_ON, _GRANTED_ON, _REFUSED_ON = range(1, 6)
_DECREE = 6


def _arrest_order(x: list[Any]) -> date:
    return x[_ARRESTED_ON]  # type: ignore[no-any-return]


def _by_id(x: list[Any]) -> str:
    return str(x[0])


def _earlier(candidate: date | None, current: date | None) -> bool:
    return candidate is not None and (current is None or candidate < current)


_Adder = Callable[[Folding, Fact, date], None]


def _accepted_fact(f: Folding, fact: Fact, as_of: date) -> None:
    # The earliest document counts; of two on one day, the first received.
    if f.accepted_on is None or fact.on < f.accepted_on:
        f.accepted_on, f.bailiff_id = fact.on, fact.key
        region, district, category, periodic, f.amount_kzt = fact.value
        place = (region, district, category, periodic)
        f.place = _PLACES.setdefault(place, place)


def _initiated_fact(f: Folding, fact: Fact, as_of: date) -> None:
    if _earlier(fact.on, f.initiated_on):
        f.initiated_on = fact.on
    # A sending date after the evaluation date has not happened yet on that date.
    if fact.when is not None and fact.when <= as_of and _earlier(fact.when, f.notice_on):
        f.notice_on = fact.when


def _notice_fact(f: Folding, fact: Fact, as_of: date) -> None:
    if _earlier(fact.on, f.notice_on):
        f.notice_on = fact.on


def _refused_fact(f: Folding, fact: Fact, as_of: date) -> None:
    if _earlier(fact.on, f.refused_on):
        f.refused_on = fact.on


def _ending_fact(f: Folding, fact: Fact, as_of: date) -> None:
    if _earlier(fact.on, f.ended_on):
        f.ended_on = fact.on


def _pause(f: Folding, fact: Fact, suspended: bool) -> None:
    if f.pauses is None:
        f.pauses = []
    f.pauses.append((fact.on, suspended))


def _suspended_fact(f: Folding, fact: Fact, as_of: date) -> None:
    _pause(f, fact, True)


def _resumed_fact(f: Folding, fact: Fact, as_of: date) -> None:
    _pause(f, fact, False)


def _transferred_fact(f: Folding, fact: Fact, as_of: date) -> None:
    if f.transfers is None:
        f.transfers = []
    f.transfers.append((fact.on, fact.key))


def _record(records: list[Any], key: str, size: int) -> int:
    """Where the record of `key` starts in a flat list, added blank if not there yet."""
    if key in records:  # searched in C; a value equal to the key is told by where it is
        at = records.index(key)
        try:
            while at % size:
                at = records.index(key, at + 1)
            return at
        except ValueError:
            pass  # only values equal to it: a new record
    at = len(records)
    records.append(key)
    records.extend(_BLANK[:size - 1])
    return at


_BLANK = (None,) * 8


def _property(f: Folding, property_id: str) -> tuple[list[Any], int]:
    """The properties' flat list and where this property's record starts in it."""
    x = f.properties
    if x is None:
        x = f.properties = []
    return x, _record(x, property_id, _PROPERTY)


def _decree(f: Folding, decree_id: str) -> tuple[list[Any], int]:
    """The decrees' flat list and where this decree's record starts in it."""
    x = f.decrees
    if x is None:
        x = f.decrees = []
    return x, _record(x, decree_id, _DECREE)


def _earliest_at(x: list[Any], at: int, day: date) -> None:
    if _earlier(day, x[at]):
        x[at] = day


def _arrested_fact(f: Folding, fact: Fact, as_of: date) -> None:
    x, at = _property(f, fact.key)
    if _earlier(fact.on, x[at + _ARRESTED_ON]):
        # The first arrest counts; an ownership date after the evaluation date is not known
        # on that date.
        x[at + _KIND], x[at + _ARRESTED_ON] = fact.value, fact.on
        x[at + _WHEN] = fact.when if fact.when is not None and fact.when <= as_of else None


def _mark(f: Folding, fact: Fact, what: int) -> None:
    x, at = _property(f, fact.key)
    _earliest_at(x, at + what, fact.on)


def _ownership_fact(f: Folding, fact: Fact, as_of: date) -> None:
    _mark(f, fact, _OWNERSHIP)


def _released_fact(f: Folding, fact: Fact, as_of: date) -> None:
    _mark(f, fact, _RELEASED)


def _hard_case_fact(f: Folding, fact: Fact, as_of: date) -> None:
    if _earlier(fact.on, f.hard_from):
        f.hard_from = fact.on


def _appraiser_fact(f: Folding, fact: Fact, as_of: date) -> None:
    _hard_case_fact(f, fact, as_of)
    _mark(f, fact, _APPRAISED)


def _issued_fact(f: Folding, fact: Fact, as_of: date) -> None:
    x, at = _decree(f, fact.key)
    if _earlier(fact.on, x[at + _ISSUED_ON]):  # the first issue counts
        x[at + _DECREE_KIND], x[at + _ISSUED_ON] = fact.value, fact.on


def _executed_fact(f: Folding, fact: Fact, as_of: date) -> None:
    x, at = _decree(f, fact.key)
    _earliest_at(x, at + _EXECUTED_ON, fact.on)


def _decided_fact(f: Folding, fact: Fact, as_of: date) -> None:
    x, at = _decree(f, fact.key)
    _earliest_at(x, at + (_GRANTED_ON if fact.value == "granted" else _REFUSED_ON), fact.on)


def _ignored_fact(f: Folding, fact: Fact, as_of: date) -> None:
    """Facts that are not about the proceeding's own terms (acts, registrations)."""


# How each type of fact is folded in; the audit's reading loop calls these directly.
ADDERS: dict[str, _Adder] = dict.fromkeys(ev.EVENT_TYPES, _ignored_fact) | {
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


# The order in which the law's steps follow one another within a day (Law No. 261-IV: a document
# is accepted, then proceedings are initiated or refused and the debtor notified; a decree needing
# a sanction is issued, decided, then executed; property is arrested, its ownership established,
# an appraiser appointed, then the examination and the sale; a proceeding ends last). A timeline
# shows the events of one day in this order, then in order of receipt: the sender's order of
# receipt is not the order of the law (docs/decisions.md, "A day's events in the law's order").
# A suspension and a resumption share a place: of those, the order of receipt is what the fold
# reads (`_suspensions`), so the timeline shows them in it.
LEGAL_ORDER: dict[str, int] = {kind: rank for rank, kinds in enumerate((
    "bailiff.registered",
    "document.accepted",
    "proceeding.refused",
    "proceeding.initiated",
    "proceeding.notice_sent",
    "proceeding.transferred",
    "search.declared",
    "decree.issued",
    "sanction.decided",
    "decree.executed",
    "property.arrested",
    "property.ownership_established",
    "appraiser.appointed",
    "examination.ordered",
    "sale.scheduled",
    "property.released",
    ("proceeding.suspended", "proceeding.resumed"),
    "act.registered",
    "act.answered",
    # An appeal: received, its term extended and the applicant told, an inspection ordered
    # and ended, then the answer.
    "appeal.received",
    "appeal.extended",
    "appeal.extension_notified",
    "appeal.inspection_ordered",
    "appeal.inspection_ended",
    "appeal.answered",
    "proceeding.completed",
    "proceeding.returned",
    "proceeding.terminated",
)) for kind in ((kinds,) if isinstance(kinds, str) else kinds)}


def in_legal_order(on: date, kind: str, seq: int) -> tuple[date, int, int]:
    """A sort key for a timeline: by date, the law's steps of one day in their order, then by
    receipt. An event type the order does not know comes after the known ones of its day."""
    return on, LEGAL_ORDER.get(kind, len(LEGAL_ORDER)), seq


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


@dataclass(slots=True)
class Appeal:
    """A citizen's appeal about a bailiff as the office's steps on it tell it."""

    appeal_id: str
    received_on: date
    bailiff_id: str
    proceeding_id: str | None
    region: str
    district: str | None
    extensions: list[tuple[date, date]] = field(default_factory=list)  # (decided, until)
    notified_on: list[date] = field(default_factory=list)
    inspection_ordered_on: date | None = None
    inspection_ended_on: date | None = None
    answered_on: date | None = None


def _receipts_first(fact: Fact) -> tuple[bool, int] | tuple[bool, date, int]:
    """Receipts in order of receipt, then the steps in date order."""
    if fact.type == "appeal.received":
        return (False, fact.seq)
    return (True, fact.on, fact.seq)


APPEAL_TYPES = frozenset({"appeal.received", "appeal.extended", "appeal.extension_notified",
                          "appeal.inspection_ordered", "appeal.inspection_ended",
                          "appeal.answered"})


def fold_appeals(facts: Iterable[Fact], as_of: date) -> dict[str, Appeal]:
    """Appeals by id: the first receipt received counts (a later one, whatever its date or
    office, does not move the appeal); extensions and notices in date order; the earliest
    inspection ordered and ended, the earliest answer. Steps of an appeal whose receipt is not
    known are kept for when it comes, not judged."""
    appeals: dict[str, Appeal] = {}
    steps: list[Fact] = []
    for fact in sorted((f for f in facts if f.on <= as_of and f.type in APPEAL_TYPES),
                       key=_receipts_first):
        if fact.type == "appeal.received":
            if fact.key not in appeals:
                bailiff_id, proceeding_id, region, district = fact.value
                appeals[fact.key] = Appeal(fact.key, fact.on, bailiff_id, proceeding_id, region,
                                           district)
        else:
            steps.append(fact)
    for fact in steps:
        appeal = appeals.get(fact.key)
        if appeal is None:
            continue
        if fact.type == "appeal.extended" and fact.when is not None:
            appeal.extensions.append((fact.on, fact.when))
        elif fact.type == "appeal.extension_notified":
            appeal.notified_on.append(fact.on)
        elif fact.type == "appeal.inspection_ordered":
            appeal.inspection_ordered_on = earliest(appeal.inspection_ordered_on, fact.on)
        elif fact.type == "appeal.inspection_ended":
            appeal.inspection_ended_on = earliest(appeal.inspection_ended_on, fact.on)
        elif fact.type == "appeal.answered":
            appeal.answered_on = earliest(appeal.answered_on, fact.on)
    return appeals


def fold_bailiffs(facts: Iterable[Fact], as_of: date) -> dict[str, Bailiff]:
    """Bailiffs by id, as their latest registration on or before `as_of` describes them."""
    bailiffs: dict[str, Bailiff] = {}
    for fact in sorted(f for f in facts if f.on <= as_of):
        if fact.type == "bailiff.registered":
            kind, region, district = fact.value
            bailiffs[fact.key] = Bailiff(fact.key, kind, region, district)
    return bailiffs
