"""The access policy, route by route: every role against every route of the app, with real ids
of things in a district and a region not the caller's.

The tables below are the policy as a reader sees it (docs/rules.md#jurisdiction,
shared/access.py). A route of the app without a row fails `test_every_route_has_a_row`, so a
new route cannot ship without its line here.

Every probe aims at things of district ALA-MED (region ALA): its own district for `med`, another
district of the same region for `bos`, the region of `ala` and of `chamber`/`justice`, another
region for `ast` and `chamber-ast`. A thing out of reach is missing (404), except where the
caller names it to act on it (an act's bailiff, a decree under the sanction spec): then 403.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.bootstrap import System, app_for, build
from services.web.sessions import sign_in
from shared.auth import create_token, create_user
from shared.bus.memory import InProcessBus
from shared.settings import Policy, Runtime
from shared.signatures import CmsVerifier
from shared.storage import transaction
from tests.builders import accepted, act, event, registered
from tests.support.pki import authority
from tests.support.postgres import scratch_database
from tests.support.routes import api_routes, plain, routes

TODAY = date(2025, 12, 1)
PASSWORD = "correct horse battery"

# The callers: name -> (role, region, district).
CALLERS: dict[str, tuple[str, str | None, str | None]] = {
    "system": ("bailiff-system", None, None),
    "med": ("prosecutor", "ALA", "ALA-MED"),      # district A
    "bos": ("prosecutor", "ALA", "ALA-BOS"),      # district B, same region
    "ala": ("prosecutor", "ALA", None),           # the regional office
    "ast": ("prosecutor", "AST", "AST-ESL"),      # another region
    "chamber": ("chamber", "ALA", None),
    "chamber-ast": ("chamber", "AST", None),
    "justice": ("justice", "ALA", None),
    "auditor": ("auditor", None, None),
    "sup": ("supervisor", "ALA", None),           # the regional office's supervisor
    "gpo": ("supervisor", None, None),            # the General Prosecutor's Office's
    "admin": ("admin", None, None),
}
ROLES = tuple(CALLERS)
ANONYMOUS = ("anonymous", "bad-token")

# Where each territorial caller reaches, restated here apart from shared/access.py so that the
# lists are checked against the rule, not against the code: (region, district or None for the
# whole region, private bailiffs only).
REACH: dict[str, tuple[str, str | None, bool]] = {
    "med": ("ALA", "ALA-MED", False), "bos": ("ALA", "ALA-BOS", False),
    "ala": ("ALA", None, False), "ast": ("AST", "AST-ESL", False),
    "chamber": ("ALA", None, True), "chamber-ast": ("AST", None, True),
    "justice": ("ALA", None, False), "sup": ("ALA", None, False),
}


@dataclass(frozen=True)
class Place:
    region: str | None
    district: str | None = None
    kind: str | None = None  # of a bailiff, when the thing is one's
    whole_region: bool = False  # a chamber's report: not a district prosecutor's
    any_district: bool = False  # a figure per region (the dashboard's): a district's share


def within(who: str, place: Place) -> bool:
    if who not in REACH:
        return True  # national: the bailiff system of the state, the auditor, the admin
    region, district, private_only = REACH[who]
    if place.region != region:
        return False
    if place.whole_region:
        return district is None
    if private_only and place.kind is not None and place.kind != "private":
        return False
    return district is None or place.any_district or place.district == district


# --- the site ----------------------------------------------------------------------------------

BAILIFFS = {  # id: (kind, region, district)
    "PB-1": ("private", "ALA", "ALA-MED"), "SB-1": ("state", "ALA", "ALA-MED"),
    "PB-2": ("private", "ALA", "ALA-BOS"), "PB-3": ("private", "AST", "AST-ESL"),
}


def _late(pid: str, bailiff: str) -> list[dict[str, Any]]:
    """A proceeding opened and noticed late: OPENING_TERM, NOTICE_TERM, COMPLETION_TERM."""
    _, region, district = BAILIFFS[bailiff]
    doc = accepted("2025-09-15", pid, bailiff_id=bailiff)
    doc["region"], doc["district"] = region, district
    return [doc, event("proceeding.initiated", "2025-09-22", pid, sent_to_debtor_on="2025-09-22")]


def _events() -> list[dict[str, Any]]:
    out = [registered(b, kind=k, region=r, district=d, licence_no=f"L-{b}")
           for b, (k, r, d) in BAILIFFS.items()]
    for n in range(1, 7):
        out += _late(f"EP-M{n}", "PB-1")
    out += _late("EP-S1", "SB-1") + _late("EP-B1", "PB-2") + _late("EP-E1", "PB-3")
    out += [accepted("2025-09-15", "EP-W", bailiff_id="PB-1")]  # withdrawn below
    for pid in ("EP-M1", "EP-B1", "EP-E1"):
        out.append(event("decree.issued", "2025-11-28", pid, decree_id=f"D-{pid[3:]}",
                         decree_kind="arrest_bank_funds"))
    # More than three acts a year: LICENCE_THRESHOLD, a proposal for each of PB-1 and PB-3.
    out += [act(f"2025-0{m}-03", f"GP-M{m}", bailiff_id="PB-1", source="gp")
            for m in range(1, 8)]
    out += [act(f"2025-0{m}-03", f"GP-E{m}", bailiff_id="PB-3", source="gp") for m in range(1, 5)]
    out += [act("2025-05-03", "GP-B1", bailiff_id="PB-2", source="gp")]
    # Appeals received by the district office of ALA-MED: AP-M1 is past its term.
    out += [event("appeal.received", "2025-11-03" if n == 1 else "2025-11-27", None,
                  appeal_id=f"AP-M{n}", region="ALA", district="ALA-MED", bailiff_id="PB-1",
                  applicant={"kind": "individual", "name": "Applicant"}) for n in range(1, 9)]
    return out


@dataclass
class Site:
    system: System
    client: TestClient
    tokens: dict[str, str]
    cookies: dict[str, tuple[str, str]]  # name -> (session cookie, csrf)
    sent: list[dict[str, Any]]
    ids: dict[str, Any] = field(default_factory=dict)
    pools: dict[str, list[Any]] = field(default_factory=dict)

    def headers(self, who: str) -> dict[str, str]:
        if who == "anonymous":
            return {}
        if who == "bad-token":
            return {"Authorization": "Bearer qdg_not-a-token"}
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def as_admin(self, path: str) -> Any:
        answer = self.client.get(path, headers=self.headers("admin"))
        assert answer.status_code == 200, answer.text
        return answer.json()

    def fresh(self, pool: str) -> Any:
        """A thing no one has touched yet, for a write that is meant to succeed."""
        return self.pools[pool].pop()


def _build(database_url: str) -> System:
    root = authority()
    runtime = Runtime(database_url=database_url, web_cookie_secure=False)
    return build(runtime, Policy(today=TODAY), InProcessBus(), CmsVerifier([root.certificate]))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("access")
    if request.param == "sqlite":
        yield from _site(f"sqlite:///{tmp / 'access.db'}")
    else:
        with scratch_database() as url:
            yield from _site(url)


def _site(database_url: str) -> Iterator[Site]:
    system = _build(database_url)
    try:
        sent = _events()
        results = system.receiver.batch(sent, "test")
        assert all(r.status == "accepted" for r in results), results
        system.settle()
        # The opening was in time after all: EP-W's alert is withdrawn.
        system.receiver.batch([event("proceeding.initiated", "2025-09-16", "EP-W",
                                  sent_to_debtor_on="2025-09-16")], "test")
        system.settle()
        system.sweep(TODAY)
        system.chamber_tick()
        system.oversight_tick()
        system.risk.compute_indicators(TODAY)
        system.settle()
        tokens: dict[str, str] = {}
        cookies: dict[str, tuple[str, str]] = {}
        with transaction(system.sessions) as session:
            for name, (role, region, district) in CALLERS.items():
                tokens[name] = create_token(session, role=role, name=name, region=region,
                                            district=district)
                if role != "bailiff-system":
                    create_user(session, name=name, role=role, password=PASSWORD,
                                region=region, district=district)
        for name, (role, _, _) in CALLERS.items():
            if role != "bailiff-system":
                signed = sign_in(system.sessions, system.runtime, name, PASSWORD)
                cookies[name] = (signed.cookie, signed.session.csrf)
        site = Site(system, TestClient(app_for(system), follow_redirects=False), tokens,
                    cookies, sent)
        _find_ids(site)
        yield site
    finally:
        system.stop()


def _find_ids(site: Site) -> None:
    """The real ids of the things the probes aim at, all of district ALA-MED."""
    alerts = site.as_admin("/api/v1/alerts?district=ALA-MED&status=new&limit=500")["items"]
    in_proceedings = [a["id"] for a in alerts if a["proceeding_id"]]
    site.ids["alert"] = in_proceedings[0]
    site.pools["alert"] = in_proceedings[1:]
    site.ids["act"] = "GP-M1"
    site.pools["act"] = [f"GP-M{m}" for m in range(2, 8)]
    site.ids["appeal"] = "AP-M1"
    site.pools["appeal"] = [f"AP-M{n}" for n in range(2, 9)]
    proposals = site.as_admin("/api/v1/proposals")["items"]
    proposal = next(p for p in proposals if p["bailiff_id"] == "PB-1")
    assert proposal["documents"], proposal
    site.ids["proposal"] = proposal["id"]
    site.ids["proposal_file"] = proposal["documents"][0]["filename"]
    reports = site.as_admin("/api/v1/reports")["items"]
    report = next(r for r in reports if r["region"] == "ALA" and r["kind"] != "licence_notice")
    site.ids["report"] = report["id"]
    documents = site.as_admin(f"/api/v1/reports/{report['id']}")["documents"]
    site.ids["report_file"] = documents[0]["filename"]
    assert {r["region"] for r in reports} == {"ALA", "AST"}
    offices = site.as_admin("/api/v1/oversight/reports")["items"]
    assert {(r["region"], r["district"]) for r in offices} == {
        ("ALA", "ALA-MED"), ("ALA", "ALA-BOS"), ("AST", "AST-ESL"), ("ALA", None), ("AST", None)}
    [med] = [r for r in offices if r["district"] == "ALA-MED"]
    site.ids["office_report"] = med["id"]
    documents = site.as_admin(f"/api/v1/oversight/reports/{med['id']}")["documents"]
    site.ids["office_report_file"] = documents[0]["filename"]
    inspections = [site.client.post(f"{BAILIFF}/records", headers=site.headers("admin"), json={
        "kind": "inspection", "on": "2025-11-10", "inspection_kind": "periodic"}).json()["id"]
        for _ in range(5)]
    site.ids["inspection"], site.pools["inspection"] = inspections[0], inspections[1:]
    with transaction(site.system.sessions) as session:  # reports to send, one per sender
        site.pools["office_report"] = [
            site.system.oversight.make(session, "district", "ALA", "ALA-MED", "on_demand",
                                       date(2025, 7, 1), date(2025, 9, 30), "test", TODAY,
                                       stamp=f"pool-{n}") for n in range(8)]


# --- the API's table ---------------------------------------------------------------------------

OK, CREATED, SEE, UNAUTH, FORBIDDEN, MISSING, INVALID = 200, 201, 303, 401, 403, 404, 422
# The letters of the tables, one a status, so that a row reads as a line.
CODES = {"Y": OK, "C": CREATED, "S": SEE, "F": FORBIDDEN, "N": MISSING, "I": INVALID, "X": 409}


def statuses(codes: str) -> tuple[int, ...]:
    return tuple(CODES[c] for c in codes.split())

# A request for a caller: its path and JSON body; `fresh` when the caller is meant to succeed.
Probe = Callable[[Site, bool], tuple[str, Any]]


def fixed(path: str, body: dict[str, Any] | None = None) -> Probe:
    """A request at `path`, `{name}` filled with the id of that name (see _find_ids)."""
    return lambda site, fresh: (path.format(**site.ids), body)


def fresh_alert(body: dict[str, Any]) -> Probe:
    # A caller meant to succeed moves a new alert of its own; the others all try the same one,
    # which must still be new at the end.
    return lambda site, fresh: (
        f"/api/v1/alerts/{site.fresh('alert') if fresh else site.ids['alert']}/transitions", body)


def fresh_act(site: Site, fresh: bool) -> tuple[str, Any]:
    return f"/api/v1/acts/{site.fresh('act') if fresh else site.ids['act']}/answer", {}


def fresh_appeal(step: str, body: dict[str, Any]) -> Probe:
    return lambda site, fresh: (
        f"/api/v1/appeals/{site.fresh('appeal') if fresh else site.ids['appeal']}/{step}", body)


def duplicate_event(site: Site, fresh: bool) -> tuple[str, Any]:
    # An event sent again: a duplicate, answered 200 with its result, and nothing changes.
    return "/api/v1/events", [site.sent[0]]


@dataclass(frozen=True)
class Row:
    probe: Probe
    codes: str  # a letter of CODES for each of ROLES

    @property
    def expect(self) -> tuple[int, ...]:
        return statuses(self.codes)


# Where a list's item is: from its own fields, or from its bailiff's registration.
def at(item: dict[str, Any]) -> Place:
    return Place(item["region"], item["district"])


def at_member(item: dict[str, Any]) -> Place:
    return Place(item["region"], item["district"], item["kind"])


def at_bailiff(item: dict[str, Any]) -> Place:
    kind, region, district = BAILIFFS[item["bailiff_id"]]
    return Place(region, district, kind)


def at_region(item: dict[str, Any]) -> Place:
    return Place(item["region"], whole_region=True)


def at_office(item: dict[str, Any]) -> Place:
    """A report up the hierarchy: a district's, or its region's as a whole."""
    return Place(item["region"], item["district"], whole_region=item["district"] is None)


def fresh_office_report(site: Site, fresh: bool) -> tuple[str, Any]:
    # Who may send it sends a report not yet sent; the others all try the same one.
    ident = site.fresh("office_report") if fresh else site.ids["office_report"]
    return f"/api/v1/oversight/reports/{ident}/send", None


def fresh_inspection(site: Site, fresh: bool) -> tuple[str, Any]:
    # Who may certify an inspection certifies one not certified yet; the others the same one.
    ident = site.fresh("inspection") if fresh else site.ids["inspection"]
    return f"{BAILIFF}/records/{ident}/certificate", {"ended_on": "2025-11-14"}


def per_region(item: dict[str, Any]) -> Place:
    return Place(item["region"], any_district=True)


ALERT = "/api/v1/alerts/{alert}"
HELD = "/api/v1/proceedings?bailiff_id=PB-1"
BAILIFF = "/api/v1/bailiffs/PB-1"
ACT = "/api/v1/acts/{act}"
APPEAL = "/api/v1/appeals/{appeal}"
NEW_APPEAL = {"region": "ALA", "district": "ALA-MED", "bailiff_id": "PB-1",
              "applicant": {"kind": "legal_entity", "name": "«Дала» ЖШС"}}
EXTENSION = {"extended_until": "2025-12-19", "reason": "сұрау салынды"}
EXPLAINED = {"result": "explained"}
PROPOSAL = "/api/v1/proposals/{proposal}"
REPORT = "/api/v1/reports/{report}"
PROPOSAL_DOC = PROPOSAL + "/documents/{proposal_file}"
REPORT_DOC = REPORT + "/documents/{report_file}"
TO_X = {"assignee": "x"}
DECREE = "/api/v1/sanctions/D-M1"
ASSIGN = {"status": "assigned", "assignee": "someone"}
NEW_ACT = {"act_kind": "instruction", "bailiff_id": "PB-1"}
RECORD = {"kind": "inspection", "on": "2025-11-03", "violations_found": False}
PERIOD = {"region": "ALA", "from": "2025-10-01", "to": "2025-10-31"}
OFFICE_REPORT = "/api/v1/oversight/reports/{office_report}"
MED_QUARTER = {"level": "district", "region": "ALA", "district": "ALA-MED",
               "from": "2025-07-01", "to": "2025-09-30"}
DRAFT = {"decision": "granted"}
# Valid base64, not a signature: whoever may see the decree gets as far as its verification.
UNSIGNED = {"decision": "granted", "signature": "AAAA"}

# One row per route: the probe, then what each caller gets, in the order of ROLES:
#   sys  a national bailiff system             ch   the chamber of ALA
#   med  prosecutor of ALA-MED                 cha  the chamber of AST
#   bos  prosecutor of ALA-BOS                 jus  the justice body of ALA
#   ala  regional prosecutor of ALA            aud  the auditor
#   ast  prosecutor of AST-ESL                 adm  the admin
# Y 200, C 201, F 403, N 404 (missing for this caller), I 422, X 409. Without a token or with
# a bad one every route here answers 401. A list's items are checked too (LISTS).
API: dict[tuple[str, str], Row] = {
    # Columns: system, med, bos, ala, ast, chamber, chamber-ast, justice, auditor, sup, gpo, admin
    #                                                   sy md bo al as ch ca ju au su gp ad
    ("POST", "/api/v1/events"):
        Row(duplicate_event,                           "Y  F  F  F  F  F  F  F  F  F  F  Y"),
    ("POST", "/api/v1/monitor/sweep"):
        Row(fixed("/api/v1/monitor/sweep"),            "F  F  F  F  F  F  F  F  F  F  F  Y"),
    ("GET", "/api/v1/proceedings"):
        Row(fixed(HELD),                                   "F  Y  Y  Y  Y  F  F  F  Y  Y  Y  Y"),
    ("GET", "/api/v1/proceedings/{proceeding_id:path}"):
        Row(fixed("/api/v1/proceedings/EP-M1"),        "F  Y  N  Y  N  F  F  F  Y  Y  Y  Y"),
    ("GET", "/api/v1/risk/models"):
        Row(fixed("/api/v1/risk/models"),              "F  F  F  F  F  F  F  F  Y  Y  Y  Y"),
    ("POST", "/api/v1/risk/train"):  # too little history here: the admin gets as far as 409
        Row(fixed("/api/v1/risk/train"),               "F  F  F  F  F  F  F  F  F  F  F  X"),
    ("GET", "/api/v1/risk/open"):
        Row(fixed("/api/v1/risk/open?limit=500"),      "F  Y  Y  Y  Y  F  F  F  Y  Y  Y  Y"),
    ("GET", "/api/v1/risk/proceedings/{proceeding_id:path}"):
        Row(fixed("/api/v1/risk/proceedings/EP-M1"),   "F  Y  N  Y  N  F  F  F  Y  Y  Y  Y"),
    ("GET", "/api/v1/risk/bailiffs"):
        Row(fixed("/api/v1/risk/bailiffs"),            "F  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y"),
    ("GET", "/api/v1/alerts"):
        Row(fixed("/api/v1/alerts?limit=500"),         "F  Y  Y  Y  Y  F  F  F  Y  Y  Y  Y"),
    ("GET", "/api/v1/alerts/summary"):
        Row(fixed("/api/v1/alerts/summary"),           "F  Y  Y  Y  Y  F  F  F  Y  Y  Y  Y"),
    ("GET", "/api/v1/alerts/assignees"):
        Row(fixed("/api/v1/alerts/assignees"),         "F  Y  Y  Y  Y  F  F  F  F  F  F  Y"),
    ("GET", "/api/v1/alerts/{alert_id}"):
        Row(fixed(ALERT),                              "F  Y  N  Y  N  F  F  F  Y  Y  Y  Y"),
    ("POST", "/api/v1/alerts/{alert_id}/transitions"):
        Row(fresh_alert(ASSIGN),                       "F  Y  N  Y  N  F  F  F  F  F  F  Y"),
    # The bailiff is named, not looked up: refused (403 outside_jurisdiction), not hidden.
    ("POST", "/api/v1/acts"):
        Row(fixed("/api/v1/acts", NEW_ACT),            "F  C  F  C  F  F  F  F  F  F  F  F"),
    ("POST", "/api/v1/acts/{act_id:path}/answer"):
        Row(fresh_act,                                 "F  Y  N  Y  N  F  F  F  F  F  F  Y"),
    # The act is unanswered within its term: no ground to go to court (409) for who sees it.
    ("POST", "/api/v1/acts/{act_id:path}/court"):
        Row(fixed(ACT + "/court", {}),                 "F  X  N  X  N  F  F  F  F  F  F  F"),
    ("GET", "/api/v1/oversight"):
        Row(fixed("/api/v1/oversight?from=2025-01-01&to=2025-12-31"),
                                                       "F  Y  Y  Y  Y  F  F  F  Y  Y  Y  Y"),
    ("GET", "/api/v1/oversight/reports"):
        Row(fixed("/api/v1/oversight/reports"),        "F  Y  Y  Y  Y  F  F  F  Y  Y  Y  Y"),
    # The office is named: another district's, or a region's by a district, is refused.
    ("POST", "/api/v1/oversight/reports"):
        Row(fixed("/api/v1/oversight/reports", MED_QUARTER),
                                                       "F  C  F  C  F  F  F  F  F  C  C  F"),
    ("GET", "/api/v1/oversight/reports/{report_id}"):
        Row(fixed(OFFICE_REPORT),                      "F  Y  N  Y  N  F  F  F  Y  Y  Y  Y"),
    ("POST", "/api/v1/oversight/reports/{report_id}/send"):
        Row(fresh_office_report,                       "F  Y  N  F  N  F  F  F  F  F  F  F"),
    # Only the reporting office sends its report, or sends it again; its superiors read it.
    ("POST", "/api/v1/oversight/reports/{report_id}/redeliver"):
        Row(fixed(OFFICE_REPORT + "/redeliver"),       "F  Y  N  F  N  F  F  F  F  F  F  F"),
    ("GET", "/api/v1/oversight/reports/{report_id}/documents/{filename:path}"):
        Row(fixed(OFFICE_REPORT + "/documents/{office_report_file}"),
                                                       "F  Y  N  Y  N  F  F  F  Y  Y  Y  Y"),
    ("GET", "/api/v1/appeals"):
        Row(fixed("/api/v1/appeals"),                  "F  Y  Y  Y  Y  F  F  F  Y  Y  Y  Y"),
    # The office is named: another district's is refused, not hidden.
    ("POST", "/api/v1/appeals"):
        Row(fixed("/api/v1/appeals", NEW_APPEAL),      "F  C  F  C  F  F  F  F  F  F  F  F"),
    ("GET", "/api/v1/appeals/{appeal_id:path}"):
        Row(fixed(APPEAL),                             "F  Y  N  Y  N  F  F  F  Y  Y  Y  Y"),
    ("POST", "/api/v1/appeals/{appeal_id:path}/extension"):
        Row(fresh_appeal("extension", EXTENSION),      "F  Y  N  Y  N  F  F  F  F  F  F  F"),
    ("POST", "/api/v1/appeals/{appeal_id:path}/inspection"):
        Row(fresh_appeal("inspection", {}),            "F  Y  N  Y  N  F  F  F  F  F  F  F"),
    ("POST", "/api/v1/appeals/{appeal_id:path}/answer"):
        Row(fresh_appeal("answer", EXPLAINED),         "F  Y  N  Y  N  F  F  F  F  F  F  F"),
    # AP-M1 was never extended, nor inspected: nothing to notify of or to end (409).
    ("POST", "/api/v1/appeals/{appeal_id:path}/notification"):
        Row(fixed(APPEAL + "/notification", {}),       "F  X  N  X  N  F  F  F  F  F  F  F"),
    ("POST", "/api/v1/appeals/{appeal_id:path}/inspection-end"):
        Row(fixed(APPEAL + "/inspection-end", {}),     "F  X  N  X  N  F  F  F  F  F  F  F"),
    ("GET", "/api/v1/acts"):
        Row(fixed("/api/v1/acts"),                     "F  Y  Y  Y  Y  F  F  F  Y  Y  Y  Y"),
    ("GET", "/api/v1/acts/{act_id:path}"):
        Row(fixed(ACT),                                "F  Y  N  Y  N  F  F  F  Y  Y  Y  Y"),
    ("GET", "/api/v1/bailiffs"):
        Row(fixed("/api/v1/bailiffs"),                 "F  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y"),
    ("POST", "/api/v1/bailiffs/{bailiff_id:path}/records"):
        Row(fixed(BAILIFF + "/records", RECORD),       "F  F  F  F  F  C  N  C  F  F  F  C"),
    ("POST", "/api/v1/bailiffs/{bailiff_id:path}/records/{record_id}/certificate"):
        Row(fresh_inspection,                          "F  F  F  F  F  Y  N  Y  F  F  F  Y"),
    ("GET", "/api/v1/bailiffs/{bailiff_id:path}"):
        Row(fixed(BAILIFF),                            "F  Y  N  Y  N  Y  N  Y  Y  Y  Y  Y"),
    ("GET", "/api/v1/breaches"):
        Row(fixed("/api/v1/breaches?limit=5000"),      "F  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y"),
    ("GET", "/api/v1/licence"):
        Row(fixed("/api/v1/licence"),                  "F  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y"),
    ("GET", "/api/v1/inspection-plan"):
        Row(fixed("/api/v1/inspection-plan"),          "F  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y"),
    ("GET", "/api/v1/proposals"):
        Row(fixed("/api/v1/proposals"),                "F  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y"),
    ("GET", "/api/v1/proposals/{proposal_id}"):
        Row(fixed(PROPOSAL),                           "F  Y  N  Y  N  Y  N  Y  Y  Y  Y  Y"),
    ("GET", "/api/v1/proposals/{proposal_id}/documents/{filename:path}"):
        Row(fixed(PROPOSAL_DOC),                       "F  Y  N  Y  N  Y  N  Y  Y  Y  Y  Y"),
    # A chamber's report is the whole region's: not a district prosecutor's.
    ("GET", "/api/v1/reports"):
        Row(fixed("/api/v1/reports"),                  "F  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y  Y"),
    ("POST", "/api/v1/reports"):  # the region of ALA asked for by name
        Row(fixed("/api/v1/reports", PERIOD),          "F  F  F  F  F  C  F  C  F  F  F  C"),
    ("GET", "/api/v1/reports/{report_id}"):
        Row(fixed(REPORT),                             "F  N  N  Y  N  Y  N  Y  Y  Y  Y  Y"),
    ("POST", "/api/v1/reports/{report_id}/redeliver"):
        Row(fixed(REPORT + "/redeliver"),              "F  F  F  F  F  Y  N  Y  F  F  F  Y"),
    ("GET", "/api/v1/reports/{report_id}/documents/{filename:path}"):
        Row(fixed(REPORT_DOC),                         "F  N  N  Y  N  Y  N  Y  Y  Y  Y  Y"),
    ("GET", "/api/v1/sanctions"):
        Row(fixed("/api/v1/sanctions"),                "F  Y  Y  Y  Y  F  F  F  Y  Y  Y  Y"),
    ("GET", "/api/v1/sanctions/summary"):
        Row(fixed("/api/v1/sanctions/summary"),        "F  Y  Y  Y  Y  F  F  F  Y  Y  Y  Y"),
    # A decree of another office is refused, not hidden (the sanction spec: the bailiff
    # system that sent it knows it exists).
    ("GET", "/api/v1/sanctions/{decree_id:path}"):
        Row(fixed(DECREE),                             "Y  Y  F  Y  F  F  F  F  Y  Y  Y  Y"),
    # D-M1 names no document: missing for whoever may see the decree.
    ("GET", "/api/v1/sanction-documents/{decree_id:path}"):
        Row(fixed("/api/v1/sanction-documents/D-M1"),  "F  N  F  N  F  F  F  F  N  N  N  N"),
    ("POST", "/api/v1/sanctions/{decree_id:path}/assignment"):
        Row(fixed(DECREE + "/assignment", TO_X),       "F  Y  F  Y  F  F  F  F  F  F  F  Y"),
    ("POST", "/api/v1/sanctions/{decree_id:path}/to-sign"):
        Row(fixed(DECREE + "/to-sign", DRAFT),         "F  Y  F  Y  F  F  F  F  F  F  F  F"),
    # An unsigned decision: who may see the decree gets as far as the signature's check.
    ("POST", "/api/v1/sanctions/{decree_id:path}/decision"):
        Row(fixed(DECREE + "/decision", UNSIGNED),     "F  I  F  I  F  F  F  F  F  F  F  F"),
}


# The list routes: where each item is, and under which key the items are. Every item must be
# within the caller's reach, and every item the admin sees within it must be there.
LISTS: dict[tuple[str, str], tuple[Callable[[dict[str, Any]], Place], str]] = {
    ("GET", "/api/v1/proceedings"): (at, "items"),
    ("GET", "/api/v1/risk/open"): (at, "items"),
    ("GET", "/api/v1/risk/bailiffs"): (at_member, "items"),
    ("GET", "/api/v1/alerts"): (at, "items"),
    ("GET", "/api/v1/alerts/summary"): (per_region, "open"),
    ("GET", "/api/v1/alerts/assignees"): (at, "items"),
    ("GET", "/api/v1/acts"): (at, "items"),
    ("GET", "/api/v1/appeals"): (at, "items"),
    ("GET", "/api/v1/oversight"): (at, "items"),
    ("GET", "/api/v1/oversight/reports"): (at_office, "items"),
    ("GET", "/api/v1/bailiffs"): (at_member, "items"),
    ("GET", "/api/v1/breaches"): (at_bailiff, "items"),
    ("GET", "/api/v1/licence"): (at_bailiff, "items"),
    ("GET", "/api/v1/inspection-plan"): (at_bailiff, "items"),
    ("GET", "/api/v1/proposals"): (at_bailiff, "items"),
    ("GET", "/api/v1/reports"): (at_region, "items"),
    ("GET", "/api/v1/sanctions"): (at, "items"),
}

# Served to anyone: health for the orchestrator, metrics for Prometheus, the API's own docs.
PUBLIC = {("GET", p) for p in ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs")}


def _call(site: Site, method: str, path: str, body: Any, who: str) -> httpx.Response:
    headers = site.headers(who)
    answer: httpx.Response = site.client.get(path, headers=headers) if method == "GET" else \
        site.client.post(path, json=body, headers=headers)
    return answer


def assert_error_shape(response: httpx.Response) -> None:
    """Every refusal of the API: an RFC 9457 problem with the stable code and its params."""
    body = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert set(body) == {"type", "title", "status", "detail", "code", "params"}, body
    assert body["status"] == response.status_code
    assert body["type"] == f"urn:qadagalau:problem:{body['code']}"
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["code"], str) and re.fullmatch(r"[a-z_]+", body["code"]), body
    assert isinstance(body["params"], dict)


def test_every_route_has_a_row(site: Site) -> None:
    app = site.client.app
    assert isinstance(app, FastAPI)
    api = api_routes(app)
    rows = {(method, plain(path)) for method, path in API}
    assert api - rows == set(), "a route without a row in the access table"
    assert rows - api == set(), "a row for a route the app no longer has"
    pages = routes(app) - api - PUBLIC
    page_rows = {(method, plain(path)) for method, path in PAGES}
    assert pages - page_rows == set(), "a page without a row in the pages' table"
    assert page_rows - pages == set()
    for row in API.values():
        assert len(row.expect) == len(ROLES)
    for page_row in PAGES.values():
        assert len(page_row.expect) == len(PAGE_CALLERS)


@pytest.mark.parametrize("route", list(API), ids=lambda r: f"{r[0]} {r[1]}")
def test_api_route(site: Site, route: tuple[str, str]) -> None:
    method, _ = route
    row = API[route]
    for who in ANONYMOUS:
        path, body = row.probe(site, False)
        answer = _call(site, method, path, body, who)
        assert answer.status_code == UNAUTH, (who, answer.text)
        assert answer.headers["WWW-Authenticate"] == "Bearer"
        assert_error_shape(answer)
    admin_places: set[Place] | None = None
    for who, expected in zip(ROLES, row.expect, strict=True):
        path, body = row.probe(site, expected < 300)
        answer = _call(site, method, path, body, who)
        assert answer.status_code == expected, (who, path, answer.text)
        if expected >= 400:
            assert_error_shape(answer)
            if expected == FORBIDDEN and route in NAMED:
                assert answer.json()["code"] in ("outside_jurisdiction", "role_forbidden")
            continue
        if route not in LISTS:
            continue
        place, key = LISTS[route]
        places = {place(item) for item in answer.json()[key]}
        outside = {p for p in places if not within(who, p)}
        assert not outside, (who, outside)
        if who == "admin":
            admin_places = places
    if route in LISTS and admin_places:
        # Nothing within reach is missing: each reader sees what the admin sees of its territory.
        for who, expected in zip(ROLES, row.expect, strict=True):
            if expected != OK or who == "admin":
                continue
            answer = _call(site, method, *row.probe(site, False), who)
            seen = {place(item) for item in answer.json()[key]}
            assert seen == {p for p in admin_places if within(who, p)}, (who, seen)


# Routes whose 403 tells the caller why: the thing named is outside their jurisdiction.
NAMED = {("POST", "/api/v1/acts"), ("GET", "/api/v1/sanctions/{decree_id:path}")}



@pytest.mark.parametrize(("who", "path"), [
    ("med", "/api/v1/alerts/0"),
    ("med", "/api/v1/alerts?cursor=abc"),
    ("med", "/api/v1/alerts?limit=0"),
    ("admin", "/api/v1/inspection-plan?from=2025-12-01&to=2025-11-01"),
    ("chamber", "/api/v1/reports/99999999999999999999"),
])
def test_invalid_requests_are_422_of_the_same_shape(site: Site, who: str, path: str) -> None:
    answer = site.client.get(path, headers=site.headers(who))
    assert answer.status_code == INVALID, answer.text
    assert_error_shape(answer)


@pytest.mark.parametrize(("path", "body"), [
    ("/api/v1/acts", {"act_kind": "sermon", "bailiff_id": "PB-1"}),
    ("/api/v1/acts", {"act_kind": "protest", "alert_ids": [2**63]}),
    ("/api/v1/acts", {"act_kind": "protest", "bailiff_id": "PB-404"}),
    ("/api/v1/alerts/1/transitions", {"status": "vanished"}),
])
def test_invalid_writes_are_answered_in_the_same_shape(site: Site, path: str,
                                                      body: dict[str, Any]) -> None:
    answer = site.client.post(path, json=body, headers=site.headers("med"))
    assert answer.status_code in (INVALID, MISSING), answer.text
    assert_error_shape(answer)


# --- allowed_actions ---------------------------------------------------------------------------

ALERT_MOVES = {"assign", "acknowledge", "resolve", "dismiss"}


def test_allowed_actions_of_alerts(site: Site) -> None:
    target = site.ids["alert"]

    def actions(who: str, path: str) -> list[str]:
        answer = site.client.get(path, headers=site.headers(who))
        assert answer.status_code == OK, answer.text
        body = answer.json()
        if "items" in body:
            return next(a["allowed_actions"] for a in body["items"] if a["id"] == target)
        return list(body["allowed_actions"])

    for path in (f"/api/v1/alerts/{target}", "/api/v1/alerts?limit=500&status=new"):
        assert set(actions("med", path)) == ALERT_MOVES | {"issue_act"}
        assert set(actions("ala", path)) == ALERT_MOVES | {"issue_act"}
        assert set(actions("admin", path)) == ALERT_MOVES  # the admin issues no acts
        assert actions("auditor", path) == []
    withdrawn = site.as_admin("/api/v1/alerts?proceeding_id=EP-W&include_withdrawn=true")
    gone_id = next(a["id"] for a in withdrawn["items"] if a["withdrawn_on"] is not None)
    gone = site.client.get(f"/api/v1/alerts/{gone_id}", headers=site.headers("med")).json()
    assert gone["status"] == "new"  # never worked on, and still: nothing to do with it
    assert gone["allowed_actions"] == []
    # Resolved, and dismissed: closed, nothing more to do.
    for status, extra in (("resolved", {}), ("dismissed", {"reason": "duplicate writ"})):
        alert_id = site.fresh("alert")
        moved = site.client.post(f"/api/v1/alerts/{alert_id}/transitions",
                                 json={"status": status, **extra}, headers=site.headers("med"))
        assert moved.status_code == OK, moved.text
        assert moved.json()["allowed_actions"] == []
        assert site.client.get(f"/api/v1/alerts/{alert_id}", headers=site.headers("med")
                               ).json()["allowed_actions"] == []


def test_allowed_actions_of_acts_bailiffs_and_reports(site: Site) -> None:
    unanswered = site.ids["act"]

    def get(who: str, path: str) -> Any:
        answer = site.client.get(path, headers=site.headers(who))
        assert answer.status_code == OK, (who, answer.text)
        return answer.json()

    assert get("med", f"/api/v1/acts/{unanswered}")["allowed_actions"] == ["answer"]
    assert get("admin", f"/api/v1/acts/{unanswered}")["allowed_actions"] == ["answer"]
    assert get("auditor", f"/api/v1/acts/{unanswered}")["allowed_actions"] == []
    listed = get("med", "/api/v1/acts")["items"]
    assert {tuple(a["allowed_actions"]) for a in listed if a["answered_on"]} <= {()}
    assert {tuple(a["allowed_actions"]) for a in listed if not a["answered_on"]} == {("answer",)}
    answered = site.fresh("act")
    assert site.client.post(f"/api/v1/acts/{answered}/answer", json={},
                            headers=site.headers("med")).json()["allowed_actions"] == []

    bailiff = "/api/v1/bailiffs/PB-1"
    assert get("med", bailiff)["allowed_actions"] == ["acts.issue"]
    assert get("chamber", bailiff)["allowed_actions"] == ["bailiffs.record"]
    assert get("justice", bailiff)["allowed_actions"] == ["bailiffs.record"]
    assert get("admin", bailiff)["allowed_actions"] == ["bailiffs.record"]
    assert get("auditor", bailiff)["allowed_actions"] == []

    report = f"/api/v1/reports/{site.ids['report']}"
    assert get("chamber", report)["allowed_actions"] == ["reports.redeliver"]
    assert get("justice", report)["allowed_actions"] == ["reports.redeliver"]
    assert get("admin", report)["allowed_actions"] == ["reports.redeliver"]
    assert get("ala", report)["allowed_actions"] == []
    assert get("auditor", report)["allowed_actions"] == []


# --- the pages ---------------------------------------------------------------------------------

PAGE_CALLERS = ("med", "bos", "ast", "chamber", "chamber-ast", "justice", "auditor", "admin",
                "anonymous")
ALERT_PAGE = "/alerts/{alert}"
ACK = {"status": "acknowledged"}
PROTEST = {"act_kind": "protest"}
SIGN_IN = {"name": "med", "password": "x" * 12}
OCTOBER = {"period_from": "2025-10-01", "period_to": "2025-10-31"}
APPEAL_FORM = {"bailiff_id": "PB-1", "applicant_kind": "legal_entity",
               "applicant_name": "«Дала» ЖШС"}


@dataclass(frozen=True)
class PageRow:
    probe: Probe
    codes: str  # a letter of CODES for each of PAGE_CALLERS

    @property
    def expect(self) -> tuple[int, ...]:
        return statuses(self.codes)


def page(path: str, form: dict[str, Any] | None = None) -> Probe:
    return lambda site, fresh: (path.format(**site.ids), form)


def fresh_send_page(site: Site, fresh: bool) -> tuple[str, Any]:
    ident = site.fresh("office_report") if fresh else site.ids["office_report"]
    return f"/oversight/reports/{ident}/send", {}


def fresh_page(path: str, form: dict[str, Any]) -> Probe:
    return lambda site, fresh: (
        path.format(alert=site.fresh("alert") if fresh else site.ids["alert"]), form)


def fresh_act_page(site: Site, fresh: bool) -> tuple[str, Any]:
    return f"/acts/{site.fresh('act') if fresh else site.ids['act']}/answer", {}


def bulk(site: Site, fresh: bool) -> tuple[str, Any]:
    return "/alerts/bulk", {"action": "assigned",
                            "ids": [site.fresh("alert") if fresh else site.ids["alert"]]}


# A page shows what the API allows the signed-in person: a thing out of reach is missing (N)
# or refused (F) as in the API, a role without access is refused (F), and without a session
# every page sends to the sign-in page (S, 303; also a form's success). Columns in the order
# of PAGE_CALLERS: med, bos, ast, chamber (ALA), chamber-ast, justice (ALA), auditor, admin,
# no session.
PAGES: dict[tuple[str, str], PageRow] = {
    #                                                   med bos ast ch  cha jus aud adm -
    ("GET", "/sign-in"):
        PageRow(page("/sign-in"),                      "Y   Y   Y   Y   Y   Y   Y   Y   Y"),
    ("POST", "/sign-in"):  # without the pre-sign-in token: login CSRF, refused
        PageRow(page("/sign-in", SIGN_IN),             "F   F   F   F   F   F   F   F   F"),
    ("POST", "/sign-out"):  # without its CSRF token another site cannot end a session
        PageRow(page("/sign-out", {}),                 "F   F   F   F   F   F   F   F   S"),
    ("GET", "/language/{lang}"):
        PageRow(page("/language/en"),                  "S   S   S   S   S   S   S   S   S"),
    ("GET", "/"):
        PageRow(page("/"),                             "Y   Y   Y   Y   Y   Y   Y   Y   S"),
    ("GET", "/alerts"):
        PageRow(page("/alerts"),                       "Y   Y   Y   F   F   F   Y   Y   S"),
    ("POST", "/alerts/bulk"):  # a foreign id is listed as failed; the page itself answers
        PageRow(bulk,                                  "Y   Y   Y   F   F   F   Y   Y   S"),
    ("GET", "/alerts/{alert_id}"):
        PageRow(page("/alerts/{alert}"),               "Y   N   N   F   F   F   Y   Y   S"),
    ("POST", "/alerts/{alert_id}/transition"):
        PageRow(fresh_page(ALERT_PAGE + "/transition", ACK),"S   N   N   F   F   F   F   S   S"),
    ("POST", "/alerts/{alert_id}/act"):
        PageRow(fresh_page(ALERT_PAGE + "/act", PROTEST),"S   N   N   F   F   F   F   F   S"),
    ("GET", "/proceedings/{proceeding_id}"):
        PageRow(page("/proceedings/EP-M1"),            "Y   N   N   F   F   F   Y   Y   S"),
    ("GET", "/sanctions"):
        PageRow(page("/sanctions"),                    "Y   Y   Y   F   F   F   Y   Y   S"),
    ("GET", "/sanctions/{decree_id}"):
        PageRow(page("/sanctions/D-M1"),               "Y   F   F   F   F   F   Y   Y   S"),
    ("GET", "/sanction-documents/{decree_id}"):  # D-M1 names no document: missing
        PageRow(page("/sanction-documents/D-M1"),      "N   F   F   F   F   F   N   N   S"),
    ("POST", "/sanctions/{decree_id}/to-sign"):
        PageRow(page("/sanctions/D-M1/to-sign", DRAFT),"Y   F   F   F   F   F   F   F   S"),
    ("POST", "/sanctions/{decree_id}/decision"):
        PageRow(page("/sanctions/D-M1/decision", UNSIGNED),"I   F   F   F   F   F   F   F   S"),
    ("GET", "/bailiffs/{bailiff_id}"):
        PageRow(page("/bailiffs/PB-1"),                "Y   N   N   Y   N   Y   Y   Y   S"),
    ("GET", "/acts"):
        PageRow(page("/acts"),                         "Y   Y   Y   F   F   F   Y   Y   S"),
    ("GET", "/acts/{act_id}"):
        PageRow(page("/acts/{act}"),                   "Y   N   N   F   F   F   Y   Y   S"),
    ("POST", "/acts/{act_id}/answer"):
        PageRow(fresh_act_page,                        "S   N   N   F   F   F   F   S   S"),
    ("POST", "/acts/{act_id}/court"):  # no ground yet: the page again, with the reason
        PageRow(page("/acts/{act}/court", {}),         "X   N   N   F   F   F   F   F   S"),
    ("GET", "/oversight"):
        PageRow(page("/oversight"),                    "Y   Y   Y   F   F   F   Y   Y   S"),
    ("GET", "/oversight/reports"):
        PageRow(page("/oversight/reports"),            "Y   Y   Y   F   F   F   Y   Y   S"),
    ("GET", "/oversight/reports/{report_id}"):
        PageRow(page("/oversight/reports/{office_report}"),
                                                       "Y   N   N   F   F   F   Y   Y   S"),
    ("POST", "/oversight/reports/{report_id}/send"):
        PageRow(fresh_send_page,                       "S   N   N   F   F   F   F   F   S"),
    ("GET", "/oversight/reports/{report_id}/{filename}"):
        PageRow(page("/oversight/reports/{office_report}/{office_report_file}"),
                                                       "Y   N   N   F   F   F   Y   Y   S"),
    ("GET", "/appeals"):
        PageRow(page("/appeals"),                      "Y   Y   Y   F   F   F   Y   Y   S"),
    ("POST", "/appeals"):  # filed under the caller's own office
        PageRow(page("/appeals", APPEAL_FORM),         "S   S   S   F   F   F   F   F   S"),
    ("GET", "/appeals/{appeal_id}"):
        PageRow(page("/appeals/{appeal}"),             "Y   N   N   F   F   F   Y   Y   S"),
    ("POST", "/appeals/{appeal_id}/step"):  # AP-M1 was never extended: nothing to tell of
        PageRow(page("/appeals/{appeal}/step", {"step": "notify"}),
                                                       "X   N   N   F   F   F   F   F   S"),
    ("GET", "/inbox"):
        PageRow(page("/inbox"),                        "Y   Y   Y   Y   Y   Y   Y   Y   S"),
    ("POST", "/inbox/request"):  # a chamber's own region; the admin must name one
        PageRow(page("/inbox/request", OCTOBER),       "F   F   F   S   S   S   F   I   S"),
    ("GET", "/inbox/{report_id}"):
        PageRow(page("/inbox/{report}"),               "N   N   N   Y   N   Y   Y   Y   S"),
    ("GET", "/inbox/{report_id}/{filename}"):
        PageRow(page("/inbox/{report}/{report_file}"), "N   N   N   Y   N   Y   Y   Y   S"),
}
# Forms that need no session (signing in) or end one (signing out) are sent without the CSRF
# token on purpose; every other form carries the session's own.
WITHOUT_CSRF = {("POST", "/sign-in"), ("POST", "/sign-out")}


@pytest.mark.parametrize("route", list(PAGES), ids=lambda r: f"{r[0]} {r[1]}")
def test_page_route(site: Site, route: tuple[str, str]) -> None:
    method, _ = route
    row = PAGES[route]
    for who, expected in zip(PAGE_CALLERS, row.expect, strict=True):
        path, form = row.probe(site, expected in (OK, SEE) and who != "anonymous")
        cookies = {}
        form = dict(form or {})
        if who != "anonymous":
            cookie, csrf = site.cookies[who]
            cookies["qdg_session"] = cookie
            if route not in WITHOUT_CSRF and method == "POST":
                form["csrf"] = csrf
        site.client.cookies.clear()
        for name, value in cookies.items():
            site.client.cookies.set(name, value)
        answer = site.client.get(path) if method == "GET" else site.client.post(path, data=form)
        site.client.cookies.clear()
        assert answer.status_code == expected, (who, path, answer.text[:2000])
        if expected == SEE and who == "anonymous" and route != ("GET", "/language/{lang}"):
            assert answer.headers["location"].startswith("/sign-in?next=")
        if route == ("GET", "/alerts") and expected == OK and who in REACH:
            # The queue's links are to the caller's own alerts only.
            shown = {int(x) for x in re.findall(r'href="/alerts/(\d+)"', answer.text)}
            mine = {a["id"] for a in site.client.get(
                "/api/v1/alerts?limit=500", headers=site.headers(who)).json()["items"]}
            assert shown and shown <= mine, (who, shown - mine)

def test_forbidden_writes_changed_nothing(site: Site) -> None:
    """The things every refused caller aimed at are as they were (runs after both tables)."""
    alert = site.as_admin(f"/api/v1/alerts/{site.ids['alert']}")
    assert alert["status"] == "new", alert["history"]
    assert site.as_admin(f"/api/v1/acts/{site.ids['act']}")["answered_on"] is None
    decree = site.as_admin("/api/v1/sanctions/D-M1")
    assert decree["status"] == "pending"
