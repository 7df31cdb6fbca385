"""The pages, run apart from the services (`qadagalau serve web`, as in compose), send each API
call to the service that serves it: every route of every service is checked, so a route moved
from one service to another cannot leave the pages calling the wrong one."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from services.bootstrap import app_for, build
from services.web.client import Api
from shared.bus.memory import InProcessBus
from shared.settings import Policy, Runtime
from tests.support.routes import api_routes

BASES = {"alerts": "http://alerts:8000", "sanctions": "http://sanctions:8000",
         "monitor": "http://monitor:8000", "ingest": "http://alerts:8000"}


@pytest.mark.parametrize("service", ["alerts", "sanctions", "monitor"])
def test_each_service_s_routes_go_to_that_service(service: str, tmp_path: Any) -> None:
    system = build(Runtime(database_url=f"sqlite:///{tmp_path / 'q.db'}"), Policy(),
                   InProcessBus())
    try:
        paths = {path for _, path in api_routes(app_for(system, (service,)))}
    finally:
        system.stop()
    assert paths, "no route found: the walk above no longer matches FastAPI's routes"
    api = Api(httpx.AsyncClient(), Runtime(api_url=BASES["alerts"],
                                           sanctions_api_url=BASES["sanctions"],
                                           monitor_api_url=BASES["monitor"]), "token")
    wrong = {path for path in paths if not api._url(path).startswith(BASES[service])}
    assert wrong == set()
