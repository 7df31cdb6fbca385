"""`qadagalau serve`: the services behind uvicorn, all in one process or one at a time."""

from __future__ import annotations

import logging
import os
import sys
from datetime import date, timedelta
from pathlib import Path

import uvicorn

from services.bootstrap import SERVICES, System, app_for, build
from services.demo import DEMO_EXPORT, DEMO_TODAY, DemoClock, load_demo
from shared.auth import create_token, create_user
from shared.logs import configure_logging
from shared.settings import Policy, Runtime
from shared.storage import transaction

log = logging.getLogger("qadagalau")
DEMO_PASSWORD = "demo-password-2025"


def serve(service: str | None, host: str, port: int, demo: bool) -> int:
    configure_logging(service or "qadagalau")
    runtime, policy = Runtime(), Policy()
    if service == "web" and not runtime.api_url:
        print("qadagalau serve web: the pages need the services' API: set QADAGALAU_API_URL "
              "(and QADAGALAU_SANCTIONS_API_URL / QADAGALAU_MONITOR_API_URL where those run "
              "apart)", file=sys.stderr)
        return 2
    if service not in (None, "web") and not runtime.kafka_servers:
        print("qadagalau serve: one service alone needs the bus: set QADAGALAU_KAFKA_SERVERS "
              "(and QADAGALAU_DATABASE_URL to the shared PostgreSQL), or run `qadagalau serve` "
              "without a service for the single-process default", file=sys.stderr)
        return 2
    if demo:
        if "QADAGALAU_DATABASE_URL" not in os.environ:
            demo_db = Path("qadagalau-demo.db")
            for leftover in (demo_db, Path("qadagalau-demo.db-wal"), Path("qadagalau-demo.db-shm"),
                             Path("qadagalau-demo.db.witness")):
                leftover.unlink(missing_ok=True)
            runtime = Runtime(database_url=f"sqlite:///{demo_db}")
        if policy.today is None:
            policy = Policy(today=DEMO_TODAY)
    services = SERVICES if service is None else (service,)
    clock = DemoClock()
    system = build(runtime, policy, today=clock if demo else None)
    if demo:
        _load_demo(system, clock, host, port)
    system.start(services)
    try:
        # Our logging for uvicorn's lines too (JSON off a terminal, with the request's id).
        uvicorn.run(app_for(system, services), host=host, port=port, log_level="info",
                    log_config=None)
    finally:
        system.stop()
    return 0


def _load_demo(system: System, clock: DemoClock, host: str, port: int) -> None:
    loaded, office = load_demo(system, clock)
    region, district = office.region, office.district
    with system.sessions() as session:
        from sqlalchemy import func, select

        from services.alerts.bailiffs.models import Bailiff

        chamber_region = session.scalar(
            select(Bailiff.region).where(Bailiff.kind == "private").group_by(Bailiff.region)
            .order_by(func.count().desc()).limit(1)) or "ALA"
    # The year so far, as a chamber would ask for it (the schedule made the week's and month's).
    with transaction(system.sessions) as session:
        system.reports.make(session, chamber_region, "on_demand", date(DEMO_TODAY.year, 1, 1),
                            DEMO_TODAY - timedelta(days=1), "demo", system.today(),
                            stamp="demo-year")
    with transaction(system.sessions) as session:
        admin = create_token(session, role="admin", name="demo-admin")
        prosecutor = create_token(session, role="prosecutor", name="demo-prosecutor",
                                  region=region, district=district)
        bailiffs = create_token(session, role="bailiff-system", name="demo-bailiff-system")
        chamber = create_token(session, role="chamber", name="demo-chamber",
                               region=chamber_region)
        create_user(session, name="demo-prosecutor", role="prosecutor", password=DEMO_PASSWORD,
                    region=region, district=district)
        create_user(session, name="demo-chamber", role="chamber", password=DEMO_PASSWORD,
                    region=chamber_region)
        create_user(session, name="demo-admin", role="admin", password=DEMO_PASSWORD)
    url = f"http://{host}:{port}"
    # Session cookies are Secure: browsers keep them over plain http only for localhost.
    pages = f"http://localhost:{port}" if host in ("127.0.0.1", "localhost") else url
    print(f"""
Qadagalau demo: {loaded} events ({DEMO_EXPORT.name} and more) replayed; today is {system.today()}.
  API:     {url}/api/v1/alerts   (docs at {url}/docs, metrics at {url}/metrics)
  tokens:  admin                        {admin}
           prosecutor {district:<17} {prosecutor}
           bailiff-system               {bailiffs}
           chamber {chamber_region:<20} {chamber}
  pages:   {pages}/   sign in as demo-prosecutor, demo-chamber or demo-admin,
           password {DEMO_PASSWORD}
  data:    {system.engine.url.render_as_string(hide_password=True)} (made anew at each --demo)
  try:     curl -H 'Authorization: Bearer {prosecutor}' '{url}/api/v1/alerts?limit=5'
           curl -H 'Authorization: Bearer {chamber}' '{url}/api/v1/reports'
""", file=sys.stderr, flush=True)
