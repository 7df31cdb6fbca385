"""A running Qadagalau for the page tests: the whole system behind a real uvicorn server on a
free port, with two district offices, a chamber, breaches, decrees awaiting sanction, acts and
a chamber's report, and a user for each role."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from services.bootstrap import System, app_for, build
from shared.auth import create_user
from shared.bus.memory import InProcessBus
from shared.settings import Policy, Runtime
from shared.signatures import CmsVerifier
from shared.storage import transaction
from tests.builders import accepted, act, event, registered
from tests.integration.kafka import free_port
from tests.support.pki import Identity, authority, intermediate, prosecutor

TODAY = date(2025, 12, 1)
PASSWORD = "correct horse battery"
USERS = {  # name: (role, region, district)
    "med": ("prosecutor", "ALA", "ALA-MED"),
    "bost": ("prosecutor", "ALA", "ALA-BOS"),
    "chamber": ("chamber", "ALA", None),
    "admin": ("admin", None, None),
    "forgetful": ("prosecutor", "ALA", "ALA-MED"),  # locked out by a test
}


def _events() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        registered("PB-1", name="Әлібек Сейітқұлов", licence_no="L-001",
                   started_on="2019-03-01"),
        registered("PB-2", district="ALA-BOS", name="Иванова Мария"),
    ]
    for n in range(1, 7):  # late to open: OPENING_TERM and NOTICE_TERM in Medeu
        pid = f"EP-{n}"
        document = accepted(f"2025-11-0{n}", pid, bailiff_id="PB-1")
        document["amount_kzt"] = 1_250_000.5 * n
        out += [document, event("proceeding.initiated", "2025-11-20", pid,
                                sent_to_debtor_on="2025-11-20")]
    # Names as long as real ones: the queue must still fit the window.
    out[2]["debtor"] = {"kind": "legal_entity", "iin_bin": "120340012345", "name":
                        "Жауапкершілігі шектеулі серіктестігі «Алматы Құрылыс Инвест Холдинг»"}
    out[4]["debtor"] = {"kind": "individual", "iin_bin": "900101300017",
                        "name": "Нұрсұлтанқызы Гүлжанат Серікболқызы"}
    bos = accepted("2025-11-03", "EP-B1", bailiff_id="PB-2")
    bos["district"] = "ALA-BOS"
    out += [bos]
    for n in (1, 2, 3):
        out.append(event("decree.issued", "2025-11-28", f"EP-{n}",
                         decree_id=f"D-{n}", decree_kind="arrest_bank_funds"))
    # D-3 was decided, the bailiff system says, outside Qadagalau: "reported" on the pages.
    reported = event("sanction.decided", "2025-11-28", "EP-3", decree_id="D-3",
                     decision="granted", prosecutor_id="PR-OLD")
    out.append(reported | {"source": "ais-oip"})
    out += [act(f"2025-0{m}-03", f"GP-{m}", bailiff_id="PB-1", source="gp") for m in (2, 4)]
    # An appeal to Medeu's office, its term still running (due 9 December).
    out.append(event(
        "appeal.received", "2025-11-18", None, appeal_id="E-2025-0417", region="ALA",
        district="ALA-MED", bailiff_id="PB-1",
        applicant={"kind": "individual", "name": "Серікбаева Гүлнар Асқарқызы"},
        summary="Сот орындаушысы алимент бойынша іс жүргізу барысы туралы хабарламайды"))
    return out


@dataclass
class Site:
    system: System
    url: str
    issuing: Identity
    keys: dict[str, Identity]

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, follow_redirects=False, timeout=30)


@contextmanager
def running_site(tmp_path: Path, cookie_secure: bool = True,
                 url_host: str = "127.0.0.1", ncalayer_url: str | None = None,
                 ) -> Iterator[Site]:
    """`url_host="localhost"` for a browser: it keeps Secure cookies from http://localhost."""
    root = authority()
    issuing = intermediate(root)
    runtime = Runtime(database_url=f"sqlite:///{tmp_path / 'site.db'}",
                      web_cookie_secure=cookie_secure, web_lockout_attempts=3,
                      **({"ncalayer_url": ncalayer_url} if ncalayer_url else {}))
    system = build(runtime, Policy(today=TODAY), InProcessBus(), CmsVerifier([root.certificate]))
    results = system.receiver.batch(_events(), "test")
    assert all(r.status == "accepted" for r in results), results
    system.settle()
    system.sweep(TODAY)
    system.chamber_tick()
    system.oversight_tick()
    system.settle()
    with transaction(system.sessions) as session:
        for name, (role, region, district) in USERS.items():
            create_user(session, name=name, role=role, password=PASSWORD, region=region,
                        district=district)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app_for(system), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://{url_host}:{port}"
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield Site(system, url, issuing, {"med": prosecutor(issuing, "Prosecutor Medeu")})
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        system.stop()
