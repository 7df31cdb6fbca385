"""The access policy's two forms agree: the Python check (`covers…`) and the SQL filter
(`scope…`) of every role, over things placed in every territory."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import Column, MetaData, String, Table, create_engine, insert, select

from shared.access import Jurisdiction
from shared.auth import Principal

CALLERS = [
    Principal("admin", "admin"), Principal("auditor", "auditor"),
    Principal("med", "prosecutor", "ALA", "ALA-MED"), Principal("ala", "prosecutor", "ALA"),
    Principal("chamber", "chamber", "ALA"), Principal("justice", "justice", "ALA"),
    Principal("ais", "bailiff-system"), Principal("ais-ast", "bailiff-system", "AST"),
    Principal("lost", "prosecutor"),  # a territorial role without a territory
    Principal("sup", "supervisor", "ALA"), Principal("gpo", "supervisor"),
]
PLACES = [(region, district, kind)
          for region, district in [("ALA", "ALA-MED"), ("ALA", "ALA-BOS"), ("AST", "AST-ESL"),
                                   (None, None)]
          for kind in ("private", "state")]

things = Table("things", MetaData(), Column("id", String, primary_key=True),
               Column("region", String), Column("district", String), Column("kind", String))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str | None]]:
    return [{"id": f"{r}|{d}|{k}", "region": r, "district": d, "kind": k} for r, d, k in PLACES]


@pytest.mark.parametrize("principal", CALLERS, ids=lambda p: p.name)
def test_the_python_check_and_the_sql_filter_agree(principal: Principal,
                                                   rows: list[dict[str, str | None]]) -> None:
    engine = create_engine("sqlite://")
    things.metadata.create_all(engine)
    reach = Jurisdiction(principal)
    with engine.begin() as connection:
        connection.execute(insert(things), rows)
        found = {
            "things": set(connection.scalars(reach.scope(
                select(things.c.id), things.c.region, things.c.district))),
            "bailiffs": set(connection.scalars(reach.scope_bailiffs(
                select(things.c.id), things.c.kind, things.c.region, things.c.district))),
            "regions": set(connection.scalars(reach.scope_regions(
                select(things.c.id), things.c.region))),
        }
    expected = {
        "things": {r["id"] for r in rows if reach.covers(r["region"], r["district"])},
        "bailiffs": {r["id"] for r in rows
                     if reach.covers_bailiff(r["kind"], r["region"], r["district"])},
        "regions": {r["id"] for r in rows if reach.covers_region(r["region"])},
    }
    assert found == expected


def test_the_territories_are_as_the_rules_say() -> None:
    def sees(principal: Principal, of: str) -> set[tuple[str | None, str | None, str]]:
        reach = Jurisdiction(principal)
        check = {"things": lambda r, d, k: reach.covers(r, d),
                 "bailiffs": lambda r, d, k: reach.covers_bailiff(k, r, d),
                 "regions": lambda r, d, k: reach.covers_region(r)}[of]
        return {(r, d, k) for r, d, k in PLACES if check(r, d, k)}

    med, ala, chamber, justice, lost = (CALLERS[2], CALLERS[3], CALLERS[4], CALLERS[5],
                                        CALLERS[8])
    assert sees(med, "things") == {("ALA", "ALA-MED", k) for k in ("private", "state")}
    assert sees(ala, "things") == {("ALA", d, k) for d, k in itertools.product(
        ("ALA-MED", "ALA-BOS"), ("private", "state"))}
    assert sees(chamber, "bailiffs") == {("ALA", d, "private") for d in ("ALA-MED", "ALA-BOS")}
    assert sees(justice, "bailiffs") == sees(ala, "things")
    assert sees(med, "regions") == set()  # a chamber's report is not a district's
    assert sees(ala, "regions") == sees(ala, "things")
    assert all(sees(lost, of) == set() for of in ("things", "bailiffs", "regions"))
    assert sees(CALLERS[6], "things") == set(PLACES)  # a national bailiff system
    assert sees(CALLERS[7], "things") == {("AST", "AST-ESL", k) for k in ("private", "state")}


def test_a_supervisor_oversees_a_region_or_every_region_and_takes_no_step() -> None:
    """Item 5 of the hierarchy: a district prosecutor sees the district; the regional office's
    supervisor every district of the region; the General Prosecutor's Office's every region."""
    from shared.auth import _check_role

    district = Jurisdiction(Principal("med", "prosecutor", "ALA", "ALA-MED"))
    region = Jurisdiction(Principal("sup", "supervisor", "ALA"))
    nation = Jurisdiction(Principal("gpo", "supervisor"))
    places = [("ALA", "ALA-MED"), ("ALA", "ALA-BOS"), ("AST", "AST-ESL")]
    assert [district.covers(*p) for p in places] == [True, False, False]
    assert [region.covers(*p) for p in places] == [True, True, False]
    assert [nation.covers(*p) for p in places] == [True, True, True]
    assert region.covers_region("ALA") and not district.covers_region("ALA")
    for reach in (region, nation):
        assert reach.may("alerts.read") and reach.may("appeals.read")
        assert not any(reach.may(a) for a in ("alerts.work", "acts.issue", "appeals.work",
                                              "sanctions.decide", "events.send"))
    with pytest.raises(ValueError, match="whole region"):
        _check_role("supervisor", "ALA", "ALA-MED")
