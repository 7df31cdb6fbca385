"""Every id the contract allows is reachable (docs/contract.md §1, §3): a proceeding, decree or
bailiff id with "/", a space, Cyrillic or a percent sign has its API answers and its pages, and the
pages' links to it lead there. And a rejected event's over-long id is not echoed back whole."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path

import httpx
import pytest
import uvicorn

from services.bootstrap import System, app_for, build
from services.ingest.service import ECHO_ID_CHARS
from services.web.client import segment
from shared.auth import create_token, create_user
from shared.bus.memory import InProcessBus
from shared.settings import Policy, Runtime
from shared.storage import transaction
from tests.builders import accepted, event, registered
from tests.integration.kafka import free_port

TODAY = date(2025, 12, 1)
PASSWORD = "correct horse battery"
# (proceeding id, bailiff id). Bailiff ids here hold no "/": the bailiffs' API is the alerts
# service's, which gets the same fix separately.
IDS = [("EP/2025/001", "PB 7"), ("EP 1", "ПБ-1"), ("ЕП-1", "PB-1"), ("a%2Fb", "b%2Fc")]


def decree_of(pid: str) -> str:
    return f"{pid}/D-1"


class World:
    """The system behind a real server: Starlette's test client decodes a path twice, so
    `a%252Fb` would reach the route as `a/b` there, and never in production."""

    def __init__(self, system: System, url: str) -> None:
        self.system, self.url = system, url
        self.client = httpx.Client(base_url=url, timeout=60)
        with transaction(system.sessions) as session:
            self.admin = create_token(session, role="admin", name="admin")
            self.med = create_token(session, role="prosecutor", name="med", region="ALA",
                                    district="ALA-MED")
            create_user(session, name="med", role="prosecutor", password=PASSWORD,
                        region="ALA", district="ALA-MED")

    def as_(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def signed_in(self) -> httpx.Client:
        client = httpx.Client(base_url=self.url, follow_redirects=False, timeout=60)
        pre = re.search(r'name="pre" value="([^"]+)"', client.get("/sign-in").text)
        assert pre
        answer = client.post("/sign-in", data={"name": "med", "password": PASSWORD,
                                               "pre": pre.group(1), "next": "/alerts"})
        assert answer.status_code == 303, answer.text
        return client


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    db = tmp_path_factory.mktemp("ids") / "q.db"
    # Cookies without Secure: the test client, unlike a browser, keeps none over http.
    system = build(Runtime(database_url=f"sqlite:///{db}", web_cookie_secure=False),
                   Policy(today=TODAY), InProcessBus())
    events = []
    for pid, bailiff in IDS:
        events += [registered(bailiff),
                   accepted("2025-11-03", pid, bailiff_id=bailiff),  # opened late: alerts
                   event("proceeding.initiated", "2025-11-20", pid),
                   event("decree.issued", "2025-11-28", pid, decree_id=decree_of(pid),
                         decree_kind="arrest_bank_funds")]
    results = system.receiver.batch(events, "test")
    assert all(r.status == "accepted" for r in results), results
    system.settle()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app_for(system), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    try:
        yield World(system, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        system.stop()


@pytest.mark.parametrize(("pid", "bailiff"), IDS)
def test_the_api_reaches_a_proceeding_and_its_decree_by_any_id(world: World, pid: str,
                                                                bailiff: str) -> None:
    api, med = world.client, world.as_(world.med)
    timeline = api.get(f"/api/v1/proceedings/{segment(pid)}", headers=med)
    assert timeline.status_code == 200, timeline.text
    assert timeline.json()["proceeding_id"] == pid
    assert {b["rule"] for b in timeline.json()["breaches"]} >= {"OPENING_TERM"}
    risk = api.get(f"/api/v1/risk/proceedings/{segment(pid)}", headers=med)
    assert (risk.status_code, risk.json()["proceeding_id"]) == (200, pid)
    decree = decree_of(pid)
    request = api.get(f"/api/v1/sanctions/{segment(decree)}", headers=med)
    assert (request.status_code, request.json()["decree_id"]) == (200, decree)
    assigned = api.post(f"/api/v1/sanctions/{segment(decree)}/assignment",
                        json={"assignee": "med"}, headers=med)
    assert (assigned.status_code, assigned.json()["assignee"]) == (200, "med")
    to_sign = api.post(f"/api/v1/sanctions/{segment(decree)}/to-sign",
                       json={"decision": "granted"}, headers=med)
    assert to_sign.status_code == 200 and decree in to_sign.json()["content"]


def test_an_id_with_an_unencoded_slash_is_reached_too(world: World) -> None:
    answer = world.client.get("/api/v1/proceedings/EP/2025/001", headers=world.as_(world.med))
    assert (answer.status_code, answer.json()["proceeding_id"]) == (200, "EP/2025/001")


def test_an_unknown_id_is_still_a_404(world: World) -> None:
    answer = world.client.get(f"/api/v1/proceedings/{segment('EP/none')}",
                              headers=world.as_(world.med))
    assert answer.status_code == 404


@pytest.mark.parametrize(("pid", "bailiff"), IDS)
def test_the_pages_link_to_and_show_any_id(world: World, pid: str, bailiff: str) -> None:
    web = world.signed_in()
    queue = web.get("/alerts?limit=200").text
    links = {unescape(href) for href in re.findall(r'href="(/proceedings/[^"]+)"', queue)}
    assert f"/proceedings/{segment(pid)}" in links
    page = web.get(f"/proceedings/{segment(pid)}")
    assert page.status_code == 200 and pid in unescape(page.text)
    decree = decree_of(pid)
    review = web.get(f"/sanctions/{segment(decree)}")
    assert review.status_code == 200 and decree in unescape(review.text)
    # The review's own form posts to the address the route takes.
    action = re.search(r'action="(/sanctions/[^"]+/to-sign)"', review.text)
    assert action and unescape(action.group(1)) == f"/sanctions/{segment(decree)}/to-sign"
    csrf = re.search(r'name="csrf" value="([^"]+)"', review.text)
    assert csrf
    signing = web.post(unescape(action.group(1)), data={"decision": "granted",
                                                        "csrf": csrf.group(1)})
    assert signing.status_code == 200 and "/decision" in signing.text
    assert web.get(f"/bailiffs/{segment(bailiff)}").status_code == 200


def test_a_huge_event_id_is_rejected_and_echoed_cut(world: World) -> None:
    huge = "x" * 1_000_000
    answer = world.client.post("/api/v1/events", headers=world.as_(world.admin), json=[
        dict(accepted("2025-11-03", "EP-huge"), event_id=huge)])
    assert answer.status_code == 200
    (result,) = answer.json()["results"]
    assert result["status"] == "rejected" and result["reason"].startswith("event_id:")
    echoed = result["event_id"]
    assert echoed.startswith("x" * ECHO_ID_CHARS) and "cut: 1000000 characters" in echoed
    assert len(echoed) < ECHO_ID_CHARS + 40
    assert len(answer.content) < 2000


def test_a_huge_unknown_type_is_not_echoed_whole_either(world: World) -> None:
    answer = world.client.post("/api/v1/events", headers=world.as_(world.admin), json=[
        {"event_id": "t-huge-type", "type": "y" * 1_000_000, "occurred_on": "2025-11-03"}])
    (result,) = answer.json()["results"]
    assert result["status"] == "rejected" and "cut: " in result["reason"]
    assert len(answer.content) < 3000


def test_the_short_ids_are_echoed_as_they_are(world: World, tmp_path: Path) -> None:
    exact = "z" * ECHO_ID_CHARS
    answer = world.client.post("/api/v1/events", headers=world.as_(world.admin), json=[
        dict(accepted("2025-11-03", "EP-exact"), event_id=exact, occurred_on="2025-02-30")])
    assert answer.json()["results"][0]["event_id"] == exact
