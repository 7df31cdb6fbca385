"""Wiring: builds the services on one database and one bus, in one place.

The services never import each other; this module (with the command line) is the only code
that knows them all. In the single-process default all four share one SQLite file and the
in-process bus; distributed, each process runs one service against PostgreSQL and Kafka.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from services.alerts.acts import api as acts_api
from services.alerts.acts.consumers import ActsConsumer
from services.alerts.appeals import api as appeals_api
from services.alerts.appeals.consumers import AppealsConsumer
from services.alerts.appeals.service import AppealRegister
from services.alerts.bailiffs import api as bailiffs_api
from services.alerts.bailiffs.consumers import RegistryConsumer
from services.alerts.bailiffs.service import Registry
from services.alerts.deliveries.postman import Postman
from services.alerts.oversight import api as oversight_api
from services.alerts.oversight.consumers import OversightConsumer
from services.alerts.oversight.jobs import OversightTick
from services.alerts.oversight.service import OfficeDesk
from services.alerts.proposals import api as proposals_api
from services.alerts.proposals.consumers import ProposalsConsumer
from services.alerts.proposals.service import ProposalDesk
from services.alerts.queue import api as queue_api
from services.alerts.queue.consumers import QueueConsumers
from services.alerts.queue.service import AlertQueue
from services.alerts.reports import api as reports_api
from services.alerts.reports.jobs import ChamberTick
from services.alerts.reports.service import ReportDesk
from services.ingest import api as ingest_api
from services.ingest.consumers import Receiver
from services.ingest.service import Ingest
from services.monitor.judge import api as judge_api
from services.monitor.judge.consumers import MonitorConsumer
from services.monitor.judge.jobs import Sweep
from services.monitor.judge.service import Monitor
from services.monitor.risk import api as risk_api
from services.monitor.risk.jobs import RiskDesk
from services.sanctions import api as sanctions_api
from services.sanctions.consumers import SanctionsConsumer
from services.sanctions.service import SanctionDesk
from services.web.pages import install_pages
from shared.bus import (
    ALERTS_CHANGES,
    BAILIFF_EVENTS,
    PROCEEDINGS_EVENTS,
    PROCEEDINGS_RISK,
    Bus,
    Handler,
    Message,
    Quiet,
    Subscription,
)
from shared.bus.memory import InProcessBus
from shared.clock import keep_time_with, today_in_kazakhstan
from shared.legal.calendar import working_calendar
from shared.legal.rules import Context
from shared.openapi import document_api
from shared.outbox import OutboxRelay
from shared.settings import Policy, Runtime
from shared.signatures import CmsVerifier, Verifier, load_certificates
from shared.storage import Base, make_engine, make_sessions
from shared.version import version
from shared.web import install

log = logging.getLogger(__name__)
SERVICES = ("ingest", "monitor", "sanctions", "alerts")


def _in_turn(*handlers: Handler) -> Handler:
    """One batch to several handlers of one service, each in its own unit of work; all are
    idempotent, so a batch that comes again after one of them failed costs nothing."""
    def handle(messages: list[Message]) -> None:
        for handler in handlers:
            handler(messages)
    return handle


@dataclass(frozen=True, slots=True)
class Consumer:
    """One consumer group: the service that runs it, its topics, its handler, and whether its
    work writes to the outbox (then the relay is woken after each batch)."""

    service: str
    group: str
    topics: tuple[str, ...]
    handler: Handler
    relays: bool = False
    # Work the group leaves until its topic is quiet (called by the bus after an empty poll),
    # and the same work done at once (settle).
    quiet: Quiet | None = None
    finish: Callable[[], int] | None = None


@dataclass
class System:
    runtime: Runtime
    policy: Policy
    engine: Engine
    sessions: sessionmaker[Session]
    bus: Bus
    ingest: Ingest
    receiver: Receiver
    monitor: Monitor
    sweep: Sweep
    sanctions: SanctionDesk
    risk: RiskDesk
    registry: Registry
    reports: ReportDesk
    proposals: ProposalDesk
    chamber_tick: ChamberTick
    oversight: OfficeDesk
    oversight_tick: OversightTick
    postman: Postman
    relay: OutboxRelay
    subscriptions: list[Subscription] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def today(self) -> Callable[[], date]:
        return self.monitor.today

    def consumers(self) -> list[Consumer]:
        """Every consumer group of the system, in the order `settle` drains them. The one
        table: `start` subscribes from it and `settle` drains it, so a consumer added here
        runs in both."""
        queue = QueueConsumers(self.sessions)
        judge = MonitorConsumer(self.sessions, self.monitor, self.runtime.judge_quiet_seconds,
                                self.runtime.judge_within_seconds)
        return [
            Consumer("ingest", "qadagalau-ingest", (BAILIFF_EVENTS,), self.receiver.messages,
                     relays=True),
            Consumer("monitor", "qadagalau-monitor", (PROCEEDINGS_EVENTS,), judge.events,
                     relays=True, quiet=judge.quiet,
                     finish=lambda: judge.judge(everything=True)),
            Consumer("sanctions", "qadagalau-sanctions", (PROCEEDINGS_EVENTS,),
                     SanctionsConsumer(self.sessions, self.sanctions).events, relays=True),
            # The ledger and the registry read the same topic for a few types each: one group
            # fetches it once for both (a fetch of every event costs more than their work).
            Consumer("alerts", "qadagalau-alerts-events", (PROCEEDINGS_EVENTS,),
                     _in_turn(ActsConsumer(self.sessions).events,
                              RegistryConsumer(self.sessions, self.registry).events,
                              AppealsConsumer(self.sessions).events,
                              OversightConsumer(self.sessions).events)),
            Consumer("alerts", "qadagalau-alerts", (ALERTS_CHANGES,), queue.changes),
            Consumer("alerts", "qadagalau-chambers-changes", (ALERTS_CHANGES,),
                     ProposalsConsumer(self.sessions, self.proposals).changes),
            Consumer("alerts", "qadagalau-alerts-risk", (PROCEEDINGS_RISK,), queue.risk),
        ]

    def start(self, services: tuple[str, ...] = SERVICES) -> None:
        """Start consuming and relaying. A sweep runs at start and on the schedule."""
        self.relay.start()
        for consumer in self.consumers():
            if consumer.service not in services:
                continue
            if consumer.topics == (BAILIFF_EVENTS,) and not self.runtime.kafka_servers:
                continue  # bailiff systems reach the single process over HTTP and files
            handler = self._then_relay(consumer.handler) if consumer.relays \
                else consumer.handler
            quiet = self._then_relay_quiet(consumer.quiet) if consumer.quiet else None
            self.subscriptions.append(self.bus.subscribe(consumer.group, list(consumer.topics),
                                                         handler, quiet))
        if "monitor" in services:
            self._every(self.sweep, "sweep")
            self._every(self._risk_daily, "risk")
        if "alerts" in services:
            threading.Thread(target=self._chamber_ticks, name="chambers", daemon=True).start()
        threading.Thread(target=self._gauges, args=(services,), name="gauges",
                         daemon=True).start()

    def _every(self, job: Callable[[], int], name: str) -> None:
        threading.Thread(target=self._sweeps, args=(job,), name=name, daemon=True).start()

    def _risk_daily(self) -> int:
        """Once a day, the risk scores and the bailiff indicators, in their own thread: the
        sweep (and so every breach) never waits for them."""
        done = self.risk.daily()
        return done["scores"] + done["indicators"]

    def _gauges(self, services: tuple[str, ...]) -> None:
        """Gauges that need a query, refreshed on their own clock, not per request."""
        while not self._stop.is_set():
            try:
                self.relay.pending()
                self.relay.prune()
                if "alerts" in services:
                    with self.sessions() as session:
                        AlertQueue.refresh_gauges(session)
                    self.postman.refresh_gauges()
                if "sanctions" in services:
                    with self.sessions() as session:
                        self.sanctions.refresh_gauges(session)
            except Exception:
                log.exception("refreshing gauges failed")
            self._stop.wait(15)

    def _chamber_ticks(self) -> None:
        """Reports due on the schedule (the chambers' and those up the hierarchy), proposals
        whose data has arrived, deliveries due."""
        while not self._stop.is_set():
            # Each step on its own: one that fails holds up neither the others nor delivery.
            for step, name in ((self.chamber_tick, "chamber tick"),
                               (self.oversight_tick, "oversight tick"),
                               (self._deliver_all, "delivery")):
                try:
                    step()
                except Exception:
                    log.exception("%s failed; the next one will retry", name)
            self._stop.wait(self.runtime.chamber_tick_seconds)

    def _deliver_all(self) -> None:
        while self.postman.deliver_due():
            pass

    def _then_relay(self, handler: Handler) -> Handler:
        def handle(messages: list[Message]) -> None:
            handler(messages)
            self.relay.wake()
        return handle

    def _then_relay_quiet(self, quiet: Quiet) -> Quiet:
        def when_quiet() -> object:
            done = quiet()
            if done:
                self.relay.wake()
            return done
        return when_quiet

    def _sweeps(self, sweep: Callable[[], int]) -> None:
        while not self._stop.is_set():
            try:
                evaluated = sweep()
                if evaluated:
                    self.relay.wake()
                    log.info("%s: %d evaluated", sweep.__qualname__, evaluated)
            except Exception:
                log.exception("sweep failed; the next one will retry")
            self._stop.wait(self.runtime.sweep_interval_seconds)

    def settle(self) -> int:
        """Relay and consume until nothing moves, in this thread (in-process bus only): loads
        the demo before the consumers start, and drives the tests step by step."""
        bus = self.bus
        if not isinstance(bus, InProcessBus):
            raise TypeError("settle() runs the in-process bus by hand; Kafka runs by itself")
        total = 0
        while True:
            moved = 0
            for consumer in self.consumers():
                moved += self.relay.relay_all()
                moved += bus.drain(consumer.group, list(consumer.topics), consumer.handler)
                if consumer.finish is not None:
                    moved += consumer.finish()
            moved += self.relay.relay_all()
            moved += self.chamber_tick.prepare_proposals()  # the tick's work, here at once
            total += moved
            if not moved:
                return total

    def stop(self) -> None:
        self._stop.set()
        for subscription in self.subscriptions:
            subscription.stop()
        self.subscriptions.clear()
        self.relay.stop()
        self.bus.close()
        self.engine.dispose()


def build(runtime: Runtime | None = None, policy: Policy | None = None,
          bus: Bus | None = None, verifier: Verifier | None = None,
          today: Callable[[], date] | None = None) -> System:
    """The system; `today`: its "today" where not the policy's (a demo replaying its history
    moves it day by day)."""
    runtime = runtime or Runtime()
    policy = policy or Policy()
    engine = make_engine(runtime.database_url)
    if runtime.create_schema:
        Base.metadata.create_all(engine)
    sessions = make_sessions(engine)
    if bus is None:
        if runtime.kafka_servers:
            from shared.bus.kafka import KafkaBus

            bus = KafkaBus(runtime.kafka_servers)
        else:
            bus = InProcessBus()
    calendar = working_calendar(policy.calendar_decrees)
    ctx = Context(calendar, policy)
    pinned = policy.today
    if today is None:
        today = (lambda: pinned) if pinned is not None else today_in_kazakhstan
    # Timestamps follow a pinned "today" (shared/clock.py); the wall clock's otherwise.
    keep_time_with(today if today is not today_in_kazakhstan else None)
    registry = Registry(policy)
    reports = ReportDesk(policy, registry)
    proposals = ProposalDesk(policy, registry)
    ingest = Ingest(calendar)
    monitor = Monitor(ctx, today)
    oversight = OfficeDesk(policy, ctx)
    return System(runtime, policy, engine, sessions, bus, ingest, Receiver(sessions, ingest),
                  monitor, Sweep(sessions, monitor),
                  SanctionDesk(calendar, policy, verifier or _verifier(runtime), today,
                               runtime.chain_witness),
                  RiskDesk(sessions, ctx, today), registry, reports, proposals,
                  ChamberTick(sessions, runtime, reports, proposals, today), oversight,
                  OversightTick(sessions, oversight, today), Postman(sessions, runtime),
                  OutboxRelay(sessions, bus))


def _verifier(runtime: Runtime) -> Verifier | None:
    """The local CMS verifier over the configured trusted CAs; None when none is configured
    (decisions are then refused with a message that says what to configure)."""
    if runtime.trusted_ca_file is None:
        return None
    trusted = load_certificates(runtime.trusted_ca_file.read_bytes())
    intermediates = load_certificates(runtime.intermediate_ca_file.read_bytes()) \
        if runtime.intermediate_ca_file else []
    return CmsVerifier(trusted, intermediates)


def app_for(system: System, services: tuple[str, ...] = SERVICES) -> FastAPI:
    """One FastAPI app with the HTTP edges of the given services."""
    name = services[0] if len(services) == 1 else "qadagalau"
    # The docs are served from the package (shared/web.py: install_docs), not from a CDN.
    app = FastAPI(title="Qadagalau" if len(services) > 1 else f"Qadagalau: {name}",
                  version=version(), docs_url=None,
                  redoc_url=None)
    app.state.sessions = system.sessions
    # Looked up at each call: the system's "today" is one function, which a test may move.
    app.state.today = lambda: system.today()
    app.state.calendar = system.monitor.ctx.calendar
    app.state.ctx = system.monitor.ctx  # the calendar and the policy the rules read
    app.state.ingest = system.ingest
    app.state.monitor = system.monitor
    app.state.sweep = system.sweep
    app.state.risk = system.risk
    app.state.sanctions = system.sanctions
    app.state.registry = system.registry
    app.state.reports = system.reports
    app.state.proposals = system.proposals
    app.state.oversight = system.oversight
    app.state.appeals = AppealRegister(system.monitor.ctx)
    app.state.runtime = system.runtime
    # Ready: the database (install's own check), the broker and every consumer of this process.
    install(app, name, ready_checks=[system.bus.health],
            max_body_bytes=system.runtime.max_body_bytes)
    document_api(app)
    if "ingest" in services:
        app.include_router(ingest_api.router)
    if "monitor" in services:
        app.include_router(judge_api.router)
        app.include_router(risk_api.router)
    if "alerts" in services:
        for room in (queue_api, acts_api, appeals_api, bailiffs_api, oversight_api,
                     proposals_api, reports_api):
            app.include_router(room.router)
    if "sanctions" in services:
        app.include_router(sanctions_api.router)
    if len(services) > 1 or "web" in services:
        install_pages(app)  # the pages call the API above (or QADAGALAU_API_URL)
    return app
