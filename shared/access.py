"""The one access policy: what each role may do, and which territory's things it sees.

Every read and write of every room goes through a `Jurisdiction`: routes ask `may(action)` (via
`shared.web.allowed`), queries are narrowed by `scope(...)` or `scope_bailiffs(...)`, and a single
thing is checked with `covers(...)`. Nothing else in the code compares roles or territories, so
the rules below are written, and tested (tests/integration/test_access.py), once.

Territory (docs/rules.md#jurisdiction):
- `admin` and `auditor` see everything;
- a prosecutor sees the things of their region, and of their district when they have one;
- a supervisor oversees: of a region (a regional prosecutor's office's supervisor), all its
  districts; without a region (the General Prosecutor's Office's), every region. They read what
  the prosecutors under them do, the office's own late terms too, and take no step of theirs;
- a regional chamber sees the private bailiffs registered in its region (and what concerns them);
- a territorial justice body sees the bailiffs of its region;
- a territorial role without a territory sees nothing.
Things that belong to a whole region (a chamber's reports) are not a district prosecutor's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import false

from shared.auth import Principal
from shared.errors import Forbidden, not_found

EVERYWHERE = frozenset({"admin", "auditor"})

# What each role may do. An action is `<room>.<verb>`; routes name theirs, responses list the
# caller's next ones as `allowed_actions`, and the pages show only what is allowed.
ACTIONS: dict[str, frozenset[str]] = {
    "bailiff-system": frozenset({"events.send", "sanctions.read"}),
    "prosecutor": frozenset({
        "alerts.read", "alerts.work", "acts.read", "acts.issue", "acts.answer",
        "sanctions.read", "sanctions.queue", "sanctions.decide", "sanctions.assign",
        "proceedings.read", "risk.read", "risk.indicators", "bailiffs.read",
        "breaches.read", "licence.read", "proposals.read", "reports.read",
        "inspections.read", "appeals.read", "appeals.work", "oversight.read",
        "oversight.report"}),
    "chamber": frozenset({
        "bailiffs.read", "bailiffs.record", "breaches.read", "licence.read", "proposals.read",
        "reports.read", "reports.request", "reports.redeliver", "inspections.read",
        "risk.indicators"}),
    "justice": frozenset({
        "bailiffs.read", "bailiffs.record", "breaches.read", "licence.read", "proposals.read",
        "reports.read", "reports.request", "reports.redeliver", "inspections.read",
        "risk.indicators"}),
    "auditor": frozenset({
        "alerts.read", "acts.read", "sanctions.read", "sanctions.queue", "proceedings.read",
        "risk.read", "risk.indicators", "risk.models", "bailiffs.read", "breaches.read",
        "licence.read", "proposals.read", "reports.read", "inspections.read",
        "appeals.read", "oversight.read"}),
    "admin": frozenset({
        "events.send", "alerts.read", "alerts.work", "acts.read", "acts.answer",
        "sanctions.read", "sanctions.queue", "sanctions.assign", "proceedings.read",
        "risk.read", "risk.indicators", "risk.models", "risk.train", "monitor.sweep",
        "bailiffs.read", "bailiffs.record", "breaches.read", "licence.read", "proposals.read",
        "reports.read", "reports.request", "reports.redeliver", "inspections.read",
        "appeals.read", "oversight.read"}),
}


# Oversight reads what the auditor reads, over the supervisor's territory, and sends the
# office's reports up the hierarchy.
ACTIONS["supervisor"] = ACTIONS["auditor"] | {"oversight.report"}


def roles_that(action: str) -> list[str]:
    """The roles that may do `action`, sorted."""
    return sorted(role for role, actions in ACTIONS.items() if action in actions)


Of = Literal["things", "bailiffs", "regions"]


@dataclass(frozen=True, slots=True)
class Bounds:
    """A territory: a region, maybe one district of it, maybe its private bailiffs only."""

    region: str | None = None
    district: str | None = None
    private_only: bool = False
    nothing: bool = False


NOTHING = Bounds(nothing=True)


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """A principal's reach: its actions and its territory."""

    principal: Principal

    @property
    def everywhere(self) -> bool:
        # A bailiff system given no region is a national one (the state system); a supervisor
        # with none is the General Prosecutor's Office's.
        p = self.principal
        return p.role in EVERYWHERE or (
            p.role in ("bailiff-system", "supervisor") and p.region is None)

    # --- actions -------------------------------------------------------------------------------

    def may(self, action: str) -> bool:
        return action in ACTIONS.get(self.principal.role, frozenset())

    def require(self, action: str) -> None:
        if not self.may(action):
            roles = roles_that(action)
            raise Forbidden("role_forbidden",
                            f"the role {self.principal.role!r} may not do this; it needs one of: "
                            f"{', '.join(roles)}", role=self.principal.role, action=action)

    def allowed(self, *actions: str) -> list[str]:
        """Of `actions`, those this caller may take: a response's `allowed_actions`."""
        return [a for a in actions if self.may(a)]

    # --- territory -----------------------------------------------------------------------------
    # The territory rule is written once, as bounds (`_bounds`); the Python checks (`covers…`)
    # and the SQL filters (`scope…`) both apply those bounds, so they cannot disagree.

    def _bounds(self, of: Of) -> Bounds | None:
        """What the caller reaches of one sort of thing; None: everything."""
        if self.everywhere:
            return None
        p = self.principal
        if p.region is None:  # a territorial role without a territory reaches nothing
            return NOTHING
        if of == "regions":  # a whole region's things: not a district prosecutor's
            return NOTHING if p.role == "prosecutor" and p.district is not None \
                else Bounds(p.region)
        if of == "bailiffs" and p.role == "chamber":
            return Bounds(p.region, private_only=True)
        if of == "bailiffs" and p.role == "justice":
            return Bounds(p.region)
        return Bounds(p.region, p.district)

    def _within(self, of: Of, region: str | None, district: str | None = None,
                kind: str | None = None) -> bool:
        bounds = self._bounds(of)
        if bounds is None:
            return True
        return not bounds.nothing and region == bounds.region \
            and (bounds.district is None or district == bounds.district) \
            and (not bounds.private_only or kind == "private")

    def _narrow(self, of: Of, query: Any, region: Any, district: Any = None,
                kind: Any = None) -> Any:
        bounds = self._bounds(of)
        if bounds is None:
            return query
        if bounds.nothing:
            return query.where(false())
        query = query.where(region == bounds.region)
        if bounds.district is not None:
            query = query.where(district == bounds.district)
        if bounds.private_only:
            query = query.where(kind == "private")
        return query

    def covers(self, region: str | None, district: str | None) -> bool:
        """Whether a thing placed in `region`/`district` is within reach."""
        return self._within("things", region, district)

    def covers_bailiff(self, kind: str | None, region: str | None,
                       district: str | None) -> bool:
        """Whether a bailiff is within reach: a chamber's are its region's private bailiffs,
        a justice body's its region's bailiffs, a prosecutor's those of their territory."""
        return self._within("bailiffs", region, district, kind)

    def covers_region(self, region: str | None) -> bool:
        """Whether a whole region's thing (a chamber's report) is within reach: not a district
        prosecutor's."""
        return self._within("regions", region)

    @property
    def regional(self) -> bool:
        """Whether whole-region things (a chamber's inbox) are within reach at all."""
        bounds = self._bounds("regions")
        return bounds is None or not bounds.nothing

    def scope(self, query: Any, region: Any, district: Any) -> Any:
        """`query` narrowed to the things within reach, given their region and district
        columns."""
        return self._narrow("things", query, region, district)

    def scope_bailiffs(self, query: Any, kind: Any, region: Any, district: Any) -> Any:
        """`query` narrowed to the bailiffs within reach (see `covers_bailiff`)."""
        return self._narrow("bailiffs", query, region, district, kind)

    def scope_regions(self, query: Any, region: Any) -> Any:
        """`query` narrowed to whole-region things within reach (see `covers_region`)."""
        return self._narrow("regions", query, region)

    def check(self, what: str, ident: object, region: str | None,
              district: str | None) -> None:
        """A single thing the caller asked for by id: missing if out of reach."""
        if not self.covers(region, district):
            raise not_found(what, ident)

    def check_named(self, what: str, ident: object, region: str | None,
                    district: str | None) -> None:
        """A thing the caller names to act on (a bailiff or proceeding of an act): refused,
        not hidden, when outside the caller's territory — the caller's own act would
        otherwise be filed where they cannot see it."""
        if not self.covers(region, district):
            raise Forbidden("outside_jurisdiction",
                            f"{what} {ident} is outside your jurisdiction",
                            what=what, id=str(ident)[:200])


def jurisdiction(principal: Principal) -> Jurisdiction:
    return Jurisdiction(principal)
