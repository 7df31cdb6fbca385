"""`qadagalau`: the command line. The one place that wires the parts together.

It may import every service (it starts them); no service imports it or another service.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import orjson
from pydantic import ValidationError

from shared.audit import (
    FORMATS,
    AuditInputError,
    audit_files,
    default_jobs,
    total_size,
    write_breaches,
)
from shared.clock import today_in_kazakhstan
from shared.events import event_schema
from shared.legal.calendar import CalendarError, working_calendar
from shared.legal.rules import RULES
from shared.settings import Policy
from shared.version import version

if TYPE_CHECKING:  # the audit, the command most run, starts without the database's libraries
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from shared.messages import GivenUp

SCHEMA_PATH = Path("docs/contract/event.schema.json")

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments or settings: the message says what to do."""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text) if len(text) == 10 else _bad_date(text)
    except ValueError:
        return _bad_date(text)


def _bad_date(text: str) -> date:
    raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def today(policy: Policy) -> date:
    return today_in_kazakhstan(policy.today)


def _load_policy() -> Policy:
    try:
        return Policy()
    except ValidationError as exc:
        problems = "; ".join(
            f"QADAGALAU_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in exc.errors()
        )
        raise UsageError(f"settings are not valid: {problems}") from None


# --- audit ---------------------------------------------------------------------------------


def cmd_audit(args: argparse.Namespace) -> int:
    policy = _load_policy()
    as_of: date = args.as_of or today(policy)
    fmt: str = args.format or _format_from_name(args.output)
    if fmt == "xlsx" and args.output is None and sys.stdout.isatty():
        raise UsageError("xlsx is a binary format: give --output FILE.xlsx")
    try:
        calendar = working_calendar(policy.calendar_decrees)
    except CalendarError as exc:
        raise UsageError(str(exc)) from None

    paths = [Path(p) for p in args.files]
    for path in paths:
        if not path.is_file():
            raise UsageError(f"{path}: no such file (give NDJSON exports of bailiff events)")
    show_bar = sys.stderr.isatty() and not args.quiet
    bar = _progress_bar(total_size(paths), show_bar)

    def report(line: str) -> None:
        if bar is not None:
            bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    try:
        result = audit_files(
            paths, as_of, calendar, policy, report=report,
            progress=bar.update if bar is not None else lambda n: None,
            jobs=args.jobs,
        )
    except AuditInputError as exc:
        raise UsageError(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()

    counts = result.counts
    for proceeding_id in result.orphans:
        print(
            f"orphan: proceeding {proceeding_id} has events but no valid document.accepted "
            f"on or before {as_of}; no breaches evaluated",
            file=sys.stderr,
        )
    if counts["read"] == 0:
        print("qadagalau audit: no event could be read from the given files", file=sys.stderr)
        return EXIT_USAGE

    if args.output:
        with open(args.output, "wb") as out:
            write_breaches(result, fmt, out)
    else:
        stdout: BinaryIO = sys.stdout.buffer
        write_breaches(result, fmt, stdout)
        stdout.flush()

    if not args.quiet:
        _summary(result, as_of)
    if args.strict and counts["rejected"]:
        print(f"--strict: {counts['rejected']} event(s) rejected", file=sys.stderr)
        return EXIT_REJECTED
    return EXIT_OK


def _format_from_name(output: str | None) -> str:
    if output:
        suffix = Path(output).suffix.lower().lstrip(".")
        if suffix in FORMATS:
            return suffix
    return "jsonl"


def _progress_bar(total: int, show: bool):  # type: ignore[no-untyped-def]
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc="audit",
                file=sys.stderr, dynamic_ncols=True)


def _summary(result, as_of: date) -> None:  # type: ignore[no-untyped-def]
    c = result.counts
    print(
        f"audit as of {as_of}: {c['read']} events read, {c['rejected']} rejected "
        f"({c['conflicts']} conflicting duplicates), {c['duplicates']} duplicates ignored, "
        f"{c['after_as_of']} after the as-of date; {c['proceedings']} proceedings, "
        f"{c['orphans']} orphans",
        file=sys.stderr,
    )
    by_rule = result.by_rule
    per_rule = ", ".join(f"{rule.code} {by_rule.get(rule.code, 0)}" for rule in RULES)
    print(f"breaches: {sum(by_rule.values())} ({per_rule})", file=sys.stderr)


# --- schema --------------------------------------------------------------------------------


def schema_text() -> str:
    return orjson.dumps(event_schema(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode(
        "utf-8"
    ) + "\n"


def cmd_schema(args: argparse.Namespace) -> int:
    text = schema_text()
    target = Path(args.output)
    if args.check:
        current = target.read_text("utf-8") if target.is_file() else ""
        if current != text:
            print(f"{target} is out of date: run `qadagalau schema`", file=sys.stderr)
            return EXIT_REJECTED
        print(f"{target} is current", file=sys.stderr)
        return EXIT_OK
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return EXIT_OK


# --- rules ---------------------------------------------------------------------------------


def cmd_rules(args: argparse.Namespace) -> int:
    policy = _load_policy()
    for rule in RULES:
        print(f"{rule.code:<24} {rule.description}\n{'':<24} source: {rule.source}")
        for name in rule.settings:
            print(f"{'':<24} setting: {name} = {_setting(getattr(policy, name))}")
    return EXIT_OK


def _setting(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def cmd_workdays(args: argparse.Namespace) -> int:
    policy = _load_policy()
    calendar = working_calendar(policy.calendar_decrees)
    due = calendar.add_working_days(args.start, args.days)
    print(due.isoformat())
    return EXIT_OK


# --- users, tokens, services --------------------------------------------------------------


def _system() -> Any:
    """The system as the services build it (the one bootstrap), not started: a command does
    its work through the same rooms and settings."""
    from services.bootstrap import build
    from shared.bus.memory import InProcessBus

    return build(bus=InProcessBus())


def _system_for_admin() -> tuple[Engine, sessionmaker[Session]]:
    system = _system()
    return system.engine, system.sessions


def cmd_token_create(args: argparse.Namespace) -> int:
    from shared.auth import create_token
    from shared.storage import transaction

    engine, sessions = _system_for_admin()
    try:
        with transaction(sessions) as session:
            token = create_token(session, role=args.role, name=args.name, region=args.region,
                                 district=args.district)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    finally:
        engine.dispose()
    where = engine.url.render_as_string(hide_password=True)
    print(f"token for {args.name} ({args.role}) in {where}; shown once, keep it secret:",
          file=sys.stderr)
    print(token)
    return EXIT_OK


def cmd_token_revoke(args: argparse.Namespace) -> int:
    from shared.auth import revoke_tokens_of
    from shared.storage import transaction

    engine, sessions = _system_for_admin()
    try:
        with transaction(sessions) as session:
            revoked = revoke_tokens_of(session, args.name)
    finally:
        engine.dispose()
    if not revoked:
        raise UsageError(f"no token held by {args.name!r} is in force: check the name "
                         "(`token create --name` gave it)")
    print(f"revoked {revoked} token(s) of {args.name}", file=sys.stderr)
    return EXIT_OK


def cmd_user_create(args: argparse.Namespace) -> int:
    import getpass

    from sqlalchemy.exc import IntegrityError

    from shared.auth import create_user
    from shared.storage import transaction

    if sys.stdin.isatty():
        password = getpass.getpass("password (at least 10 characters): ")
    else:
        password = sys.stdin.readline().rstrip("\n")
    engine, sessions = _system_for_admin()
    try:
        with transaction(sessions) as session:
            create_user(session, name=args.name, role=args.role, password=password,
                        region=args.region, district=args.district)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    except IntegrityError:
        raise UsageError(f"a user named {args.name!r} exists already") from None
    finally:
        engine.dispose()
    print(f"user {args.name} ({args.role}) created", file=sys.stderr)
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    from services.migrations import upgrade
    from shared.settings import Runtime

    runtime = Runtime()
    upgrade(runtime.database_url)
    print(f"database schema is current ({_redacted(runtime.database_url)})", file=sys.stderr)
    if args.topics:
        from shared.bus import TOPICS
        from shared.bus.kafka import ensure_topics

        if not runtime.kafka_servers:
            raise UsageError("--topics needs QADAGALAU_KAFKA_SERVERS")
        ensure_topics(runtime.kafka_servers, TOPICS, partitions=args.partitions,
                      replication_factor=args.replication_factor)
        print(f"topics present: {', '.join(TOPICS)}", file=sys.stderr)
    return EXIT_OK


def _dead_letters(args: argparse.Namespace) -> tuple[str, list[tuple[int, GivenUp]]]:
    """The dead-letter topic's entries, numbered from 1 in the topic's order, of the chosen
    group and numbers."""
    from shared.bus import DEAD_LETTERS
    from shared.bus.kafka import read_topic
    from shared.messages import GIVEN_UP_CODEC
    from shared.settings import Runtime

    servers = Runtime().kafka_servers
    if not servers:
        raise UsageError("the dead-letter topic is on Kafka: set QADAGALAU_KAFKA_SERVERS")
    # Numbered in the order they were given up (then by origin): the order a topic of many
    # partitions is read in is no order at all, and a number must name the same letter again.
    letters = sorted((GIVEN_UP_CODEC.decode(value) for value in read_topic(servers, DEAD_LETTERS)),
                     key=lambda e: (e.at, e.group, e.topic, e.partition, e.offset))
    entries = list(enumerate(letters, 1))
    chosen = set(args.number or ())
    return servers, [(n, e) for n, e in entries
                     if (not args.group or e.group == args.group)
                     and (not chosen or n in chosen)]


def cmd_dlq_list(args: argparse.Namespace) -> int:
    _, entries = _dead_letters(args)
    for n, e in entries:
        at = e.at.strftime("%Y-%m-%d %H:%M:%S")
        # Where it came from and the error's type, never the message nor the error's text:
        # either may hold personal data, and a line of this list goes into bug reports.
        kind = e.error.split(":", 1)[0]
        print(f"{n}\t{at}\t{e.group}\t{e.topic}[{e.partition}]@{e.offset}\t{kind}")
    print(f"{len(entries)} message(s) given up", file=sys.stderr)
    return EXIT_OK


def cmd_dlq_replay(args: argparse.Namespace) -> int:
    import base64

    from shared.bus.kafka import KafkaBus

    servers, entries = _dead_letters(args)
    if not entries:
        raise UsageError("nothing to send again: `qadagalau dlq list` shows what is there")
    bus = KafkaBus(servers)
    try:
        # To their own topic, with their own key: every consumer of it takes them again (the
        # consumers are idempotent, so one that had taken a message is not harmed).
        for _, e in entries:
            bus.publish(e.topic, e.key, base64.b64decode(e.value))
        bus.flush()
    finally:
        bus.close()
    print(f"sent again: {len(entries)} message(s)", file=sys.stderr)
    return EXIT_OK


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def cmd_import(args: argparse.Namespace) -> int:
    from services.bootstrap import build
    from services.ingest.appeals_export import ExportError, rows_as_appeal_events
    from services.ingest.files import ImportError_, read_table, rows_as_events

    system = build()
    accepted = duplicate = rejected = 0
    try:
        for name in args.files:
            path = Path(name)
            try:
                table = read_table(path)
                # An e-appeals export's row is an appeal and its steps: several events.
                rows = [(row, event) for row, events in rows_as_appeal_events(table)
                        for event in events] if args.appeals else list(rows_as_events(table))
            except (ImportError_, ExportError) as exc:
                raise UsageError(f"{path}: {exc}" if isinstance(exc, ExportError)
                                 else str(exc)) from None
            bar = _progress_bar(len(rows), sys.stderr.isatty() and not args.quiet)
            for start in range(0, len(rows), 5000):
                chunk = rows[start:start + 5000]
                for (row, _), result in zip(chunk, system.receiver.batch(
                        [event for _, event in chunk], "import"), strict=True):
                    if result.status == "rejected":
                        rejected += 1
                        print(f"{path}:{row}: {result.reason}", file=sys.stderr)
                    elif result.status == "duplicate":
                        duplicate += 1
                    else:
                        accepted += 1
                if bar is not None:
                    bar.update(len(chunk))
            if bar is not None:
                bar.close()
    finally:
        system.stop()
    print(f"import: {accepted} accepted, {duplicate} duplicates, {rejected} rejected; accepted "
          f"events go to the monitor as soon as the services run", file=sys.stderr)
    return EXIT_REJECTED if args.strict and rejected else EXIT_OK


def cmd_audit_log_verify(args: argparse.Namespace) -> int:
    from services.bootstrap import build
    from shared.chain import newest

    system = build()
    try:
        with system.sessions() as session:
            head = system.sanctions.log_head(session)
            witnesses, unreadable = _witnesses(system.runtime, head.seq if head else 0)
            checkpoints = [c for _, found in witnesses for c in found]
            problems = system.sanctions.verify_log(session, checkpoints)
    finally:
        system.stop()
    where = system.engine.url.render_as_string(hide_password=True)
    if head is None:
        print(f"audit log in {where}: empty (is QADAGALAU_DATABASE_URL the services' "
              "database?)", file=sys.stderr)
    else:
        print(f"audit log in {where}: entries 1..{head.seq}, the newest {head.hash[:16]}…",
              file=sys.stderr)
    for name, found in witnesses:
        top = newest(found)
        print(f"witness {name}: " + (f"{len(found)} checkpoint(s), the newest of entry "
                                     f"{top.seq} ({top.hash[:16]}…)" if top else
                                     "no checkpoint"), file=sys.stderr)
    for problem in problems:
        print(f"entry {problem.seq}: {problem.problem}", file=sys.stderr)
    for damage in unreadable:
        print(f"witness: {damage}", file=sys.stderr)
    if problems or unreadable:
        print(f"audit log: {len(problems) + len(unreadable)} sign(s) of tampering",
              file=sys.stderr)
        return EXIT_REJECTED
    top = newest(checkpoints)
    if not witnesses:
        print("audit log: intact as far as the chain shows; no witness is configured "
              "(QADAGALAU_CHAIN_WITNESS_FILE, or sanctions.checkpoints on Kafka), so the "
              "newest entries could have been deleted and the head rewritten unseen",
              file=sys.stderr)
    elif top is None:
        print("audit log: intact as far as the chain shows; no checkpoint witnessed yet",
              file=sys.stderr)
    else:
        after = (head.seq if head else 0) - top.seq
        print(f"audit log: intact up to the newest witnessed checkpoint, entry {top.seq}; "
              f"{after} newer entr{'y' if after == 1 else 'ies'} not witnessed yet",
              file=sys.stderr)
    return EXIT_OK


def _witnesses(runtime: Any, head_seq: int) -> tuple[list[tuple[str, list[Any]]], list[str]]:
    """The checkpoints of each configured witness, and what in them is no checkpoint (a
    witness missing or damaged is itself a sign: only appending was ever allowed)."""
    from shared import witness

    found: list[tuple[str, list[Any]]] = []
    unreadable: list[str] = []
    if runtime.chain_witness is not None:
        held = witness.read(runtime.chain_witness)
        if held.missing:
            unreadable.append(f"{runtime.chain_witness} is missing (an append-only "
                              f"witness is never removed; `qadagalau audit-log checkpoint` "
                              f"starts a new one)")
        unreadable += [f"{where}: not a checkpoint" for where in held.unreadable]
        found.append((str(runtime.chain_witness), held.checkpoints))
    if runtime.kafka_servers:
        from kafka.errors import KafkaError

        from shared.bus import SANCTIONS_CHECKPOINTS
        from shared.bus.kafka import read_topic

        try:
            held = witness.from_messages(read_topic(runtime.kafka_servers,
                                                    SANCTIONS_CHECKPOINTS))
        except KafkaError as exc:
            raise UsageError(f"cannot read {SANCTIONS_CHECKPOINTS} from Kafka, so the log "
                             f"cannot be verified: {exc}") from None
        unreadable += [f"{SANCTIONS_CHECKPOINTS} {where}: not a checkpoint"
                       for where in held.unreadable]
        if not held.checkpoints and head_seq:
            # Every transaction that appended put its checkpoint on the topic: an empty or
            # missing topic beside a log with entries was deleted or emptied.
            unreadable.append(f"{SANCTIONS_CHECKPOINTS} holds no checkpoint though the log "
                              f"has {head_seq} entries: the topic was deleted or emptied, or "
                              "this is not the broker the sanctions service writes to")
        found.append((f"kafka {SANCTIONS_CHECKPOINTS}", held.checkpoints))
    return found, unreadable


def cmd_audit_log_checkpoint(args: argparse.Namespace) -> int:
    from services.bootstrap import build
    from shared import witness

    system = build()
    try:
        if system.runtime.chain_witness is None:
            raise UsageError("set QADAGALAU_CHAIN_WITNESS_FILE to the witness file first "
                             "(a SQLite database has one beside it by default)")
        with system.sessions() as session:
            head = system.sanctions.log_head(session)
            witnesses, _ = _witnesses(system.runtime, head.seq if head else 0)
            problems = system.sanctions.verify_log(
                session, [c for _, found in witnesses for c in found])
    finally:
        system.stop()
    if problems:
        print("audit log: not intact; `qadagalau audit-log verify` says where. No checkpoint "
              "is witnessed for a log that shows tampering", file=sys.stderr)
        return EXIT_REJECTED
    if head is None:
        print("audit log: empty, nothing to witness", file=sys.stderr)
        return EXIT_OK
    assert system.runtime.chain_witness is not None
    witness.append(system.runtime.chain_witness, head)
    print(f"audit log: entry {head.seq} witnessed in {system.runtime.chain_witness}",
          file=sys.stderr)
    return EXIT_OK


def cmd_chamber_set(args: argparse.Namespace) -> int:
    return _set_receiver(args, lambda system, session, *how: system.reports.configure(
        session, args.region, *how))


def cmd_office_set(args: argparse.Namespace) -> int:
    return _set_receiver(args, lambda system, session, *how: system.oversight.configure(
        session, args.region or "", "", *how))


def _set_receiver(args: argparse.Namespace, configure: Callable[..., dict[str, Any]]) -> int:
    """A chamber's or an office's way of receiving reports, set in one transaction and shown."""
    from shared.storage import transaction

    system = _system()
    try:
        with transaction(system.sessions) as session:
            receiver = configure(system, session, args.name, args.email, args.webhook,
                                 args.webhook_secret, args.languages)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    finally:
        system.engine.dispose()
    print(json.dumps(receiver, ensure_ascii=False))
    return EXIT_OK


def _receiving(command: argparse.ArgumentParser, name: str) -> None:
    """How a receiver of reports (a chamber, an office) gets them: one set of options."""
    command.add_argument("--name", help=name)
    command.add_argument("--email", help="where reports are e-mailed")
    command.add_argument("--webhook", help="an http(s) URL reports are POSTed to")
    command.add_argument("--webhook-secret", help="signs webhook bodies (HMAC-SHA256)")
    command.add_argument("--languages", help="kk, ru or kk,ru (default kk,ru)")


def cmd_chamber_report(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from services.alerts.documents.models import Document
    from shared.access import Jurisdiction
    from shared.auth import Principal
    from shared.storage import transaction

    system = _system()
    everywhere = Jurisdiction(Principal("command line", "admin"))
    try:
        if args.period_to < args.period_from:
            raise UsageError("--to: the period ends before it begins")
        where = system.engine.url.render_as_string(hide_password=True)
        with system.sessions() as session:
            members = system.registry.bailiffs(session, everywhere, args.region)
        if not members:
            raise UsageError(f"no bailiff is registered in region {args.region!r} in {where}; "
                             "check the region code, or set QADAGALAU_DATABASE_URL to the "
                             "database the services use")
        print(f"gathering and rendering the report for {args.region} from {where}…",
              file=sys.stderr)
        with transaction(system.sessions) as session:
            report_id = system.reports.make(session, args.region, "on_demand",
                                            args.period_from, args.period_to, "command line",
                                            system.today(), stamp=os.urandom(8).hex())
        args.out.mkdir(parents=True, exist_ok=True)
        with system.sessions() as session:
            for document in session.scalars(select(Document).where(
                    Document.report_id == report_id)):
                (args.out / document.filename).write_bytes(document.content)
                print(args.out / document.filename)
    finally:
        system.engine.dispose()
    print(f"report {report_id} is in the chamber's inbox; e-mail and webhook deliveries, if "
          "configured, go out with the running alerts service", file=sys.stderr)
    return EXIT_OK


def _plotter(folder: Path | None) -> Any:
    if folder is None:
        return None
    from shared.risk.plots import calibration_png, importance_png

    folder.mkdir(parents=True, exist_ok=True)

    def plot(evaluation: Any, weights: dict[str, float]) -> None:
        name = evaluation.target.lower()
        for path in (calibration_png(evaluation, folder / f"risk-calibration-{name}.png"),
                     importance_png(evaluation.target, weights,
                                    folder / f"risk-importance-{name}.png")):
            print(f"wrote {path}", file=sys.stderr)

    return plot


def cmd_model(args: argparse.Namespace) -> int:
    from services.monitor.risk import service as risk
    from shared.access import Jurisdiction
    from shared.auth import Principal
    from shared.risk.features import TARGETS
    from shared.risk.model import NotEnoughHistory

    system = _system()
    desk = system.risk
    everywhere = Jurisdiction(Principal("command line", "admin"))
    targets = tuple(args.target) if getattr(args, "target", None) else TARGETS
    try:
        if args.model_command in ("train", "evaluate"):
            print(f"{args.model_command}: folding the stored history and fitting "
                  f"{', '.join(targets)}…", file=sys.stderr)
            results = desk.train(targets, store=args.model_command == "train",
                                 plots=_plotter(args.plots))
            for result in results:
                if "skipped" in result:
                    print(f"{result['target']}: skipped — {result['skipped']}", file=sys.stderr)
                    continue
                metrics = result["metrics"]
                verdict = "promoted, in service" if metrics["promoted"] else \
                    "not promoted: it does not beat the baseline"
                model, baseline = metrics["model"], metrics["baseline"]
                print(f"{metrics['target']}: AUC {model['roc_auc']} vs baseline "
                      f"{baseline['roc_auc']}, AP {model['average_precision']} vs "
                      f"{baseline['average_precision']} — {verdict}", file=sys.stderr)
            print(json.dumps(results, ensure_ascii=False, indent=2))
        elif args.model_command == "list":
            with system.sessions() as session:
                print(json.dumps(risk.models(session), ensure_ascii=False, indent=2))
        elif args.model_command == "explain":
            with system.sessions() as session:
                if args.proceeding:
                    scores = risk.scores(session, everywhere, args.proceeding)
                    print(json.dumps(scores, ensure_ascii=False, indent=2))
                else:
                    print(json.dumps([{"id": m["id"], "target": m["target"],
                                       "importance": m["importance"]}
                                      for m in risk.models(session) if m["in_service"]],
                                     ensure_ascii=False, indent=2))
        elif args.model_command == "score":
            print(f"scored {desk.score_open()} (proceeding, target) pairs; indicators for "
                  f"{desk.compute_indicators()} bailiffs", file=sys.stderr)
    except NotEnoughHistory as exc:
        raise UsageError(f"{exc}; load more history first") from None
    finally:
        system.engine.dispose()
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from services.serve import serve

    return serve(args.service, args.host, args.port, args.demo)


# --- parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qadagalau",
        description="Qadagalau: prosecutorial supervision of enforcement proceedings.",
    )
    parser.add_argument("--version", action="version", version=f"qadagalau {version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    audit = commands.add_parser(
        "audit",
        help="find breaches of statutory terms in bailiff event exports",
        description=(
            "Evaluate every rule over the events dated on or before --as-of and print one record "
            "per breach, sorted by rule and proceeding. Bad lines are reported on stderr as "
            "FILE:LINE: reason and skipped; every good line still counts."
        ),
        epilog=(
            "exit status: 0 done (rejected lines are reported but do not fail the audit), "
            "1 --strict and some line was rejected, 2 nothing could be read or bad arguments.  "
            "example: qadagalau audit export.ndjson --as-of 2025-12-01 --format csv"
        ),
    )
    audit.add_argument("files", nargs="+", metavar="FILE", help="NDJSON export(s), any order")
    audit.add_argument(
        "--as-of", type=_date, metavar="DATE",
        help="evaluation date YYYY-MM-DD (default: today in Kazakhstan, or QADAGALAU_TODAY)",
    )
    audit.add_argument("--format", choices=FORMATS,
                       help="output format (default: from --output's suffix, else jsonl)")
    audit.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    audit.add_argument("--strict", action="store_true",
                       help="exit with status 1 if any line was rejected")
    audit.add_argument("--quiet", "-q", action="store_true",
                       help="no progress bar and no summary on stderr")
    audit.add_argument(
        "--jobs", "-j", type=_positive, default=default_jobs(), metavar="N",
        help="processes to audit with (default: the cores available, here %(default)s); "
             "the output is the same for any N",
    )
    audit.set_defaults(handler=cmd_audit)

    schema = commands.add_parser(
        "schema", help="write the JSON Schema of the event contract",
        description="Generate the JSON Schema of bailiff events (docs/contract.md §1) into docs/.",
    )
    schema.add_argument("--output", default=str(SCHEMA_PATH), metavar="FILE",
                        help=f"where to write it (default: {SCHEMA_PATH})")
    schema.add_argument("--check", action="store_true",
                        help="only check that the file is current; exit 1 if not")
    schema.set_defaults(handler=cmd_schema)

    rules = commands.add_parser("rules", help="list the rules with their legal sources")
    rules.set_defaults(handler=cmd_rules)

    workdays = commands.add_parser(
        "workdays", help="the N-th working day after a date (Kazakhstan calendar)"
    )
    workdays.add_argument("start", type=_date, metavar="DATE")
    workdays.add_argument("days", type=int, metavar="N")
    workdays.set_defaults(handler=cmd_workdays)

    from shared.roles import ROLES

    def territory(command: argparse.ArgumentParser) -> None:
        command.add_argument("--role", required=True, choices=ROLES)
        command.add_argument("--region", help="the region a prosecutor, chamber or bailiff "
                                              "system is limited to")
        command.add_argument("--district", help="the district of a district prosecutor")
        command.add_argument("--name", required=True, help="who or what holds it")

    token = commands.add_parser("token", help="bearer tokens for systems and people")
    token_commands = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    token_create = token_commands.add_parser(
        "create", help="make a token; it is printed once, on the last line",
        description="Make a bearer token with a role and, where the role has one, a territory.",
        epilog="example: qadagalau token create --role bailiff-system --region ALA "
               "--name ais-op-almaty")
    territory(token_create)
    token_create.set_defaults(handler=cmd_token_create)
    token_revoke = token_commands.add_parser(
        "revoke", help="revoke every token a holder has (rotate: create the new one first)",
        epilog="example: qadagalau token revoke --name ais-op-almaty")
    token_revoke.add_argument("--name", required=True, help="the holder, as created")
    token_revoke.set_defaults(handler=cmd_token_revoke)

    user = commands.add_parser("user", help="users who will sign in to the web pages")
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    user_create = user_commands.add_parser(
        "create", help="make a user; the password is asked for (or read from stdin)")
    territory(user_create)
    user_create.set_defaults(handler=cmd_user_create)

    serve = commands.add_parser(
        "serve", help="run the services",
        description=("Without SERVICE: all four services in one process on SQLite and the "
                     "in-process bus (QADAGALAU_DATABASE_URL, default ./qadagalau.db). With "
                     "SERVICE: that service alone against the PostgreSQL and Kafka named in "
                     "QADAGALAU_DATABASE_URL and QADAGALAU_KAFKA_SERVERS."))
    serve.add_argument("service", nargs="?",
                       choices=("ingest", "monitor", "sanctions", "alerts", "web"),
                       help="one service (distributed mode); web: the pages alone, calling "
                            "the API at QADAGALAU_API_URL")
    serve.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="default 8000")
    serve.add_argument("--demo", action="store_true",
                       help="load the demo export and print demo credentials")
    serve.set_defaults(handler=cmd_serve)

    importer = commands.add_parser(
        "import", help="import CSV or XLSX exports of bailiff events",
        description="Validate and store the events of CSV/XLSX exports, one event per row; "
                    "columns are the contract's fields, nested ones with a dot "
                    "(document.number, debtor.iin_bin). Bad rows are reported as FILE:ROW: "
                    "reason; the good ones are kept.")
    importer.add_argument("files", nargs="+", metavar="FILE")
    importer.add_argument("--appeals", action="store_true",
                          help="the files are the e-appeals system's exports of appeals (its "
                               "own Russian headers: docs/decisions.md, 'Appeals'), not "
                               "bailiff events")
    importer.add_argument("--strict", action="store_true",
                          help="exit with status 1 if any row was rejected")
    importer.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    importer.set_defaults(handler=cmd_import)

    audit_log = commands.add_parser("audit-log", help="the tamper-evident log of decisions")
    audit_log_commands = audit_log.add_subparsers(dest="audit_log_command", required=True,
                                                  metavar="ACTION")
    audit_log_verify = audit_log_commands.add_parser(
        "verify", help="find any entry of the sanctions audit log edited, inserted or deleted",
        description="Walk the hash chain of sanction decisions and check it reaches every "
                    "checkpoint witnessed outside the database (QADAGALAU_CHAIN_WITNESS_FILE, "
                    "sanctions.checkpoints on Kafka); exit 1 and name each entry that shows "
                    "tampering.")
    audit_log_verify.set_defaults(handler=cmd_audit_log_verify)
    audit_log_checkpoint = audit_log_commands.add_parser(
        "checkpoint", help="witness the log's newest entry now",
        description="Verify the log, then append its newest entry as a checkpoint to "
                    "QADAGALAU_CHAIN_WITNESS_FILE: starts a new witness, or closes the window "
                    "a failed write left open.")
    audit_log_checkpoint.set_defaults(handler=cmd_audit_log_checkpoint)

    chamber = commands.add_parser("chamber", help="regional chambers: delivery and reports")
    chamber_commands = chamber.add_subparsers(dest="chamber_command", required=True,
                                              metavar="ACTION")
    chamber_set = chamber_commands.add_parser(
        "set", help="how a chamber receives its reports",
        description="Set a regional chamber's name, e-mail, webhook and languages. Every "
                    "chamber has its inbox in Qadagalau; e-mail needs QADAGALAU_SMTP_HOST. "
                    "An empty value removes a setting.",
        epilog="example: qadagalau chamber set ALA --email reports@chamber.kz --languages kk,ru")
    chamber_set.add_argument("region", help="the chamber's region code, as bailiffs are "
                                            "registered with")
    _receiving(chamber_set, "the chamber's name, printed on reports")
    chamber_set.set_defaults(handler=cmd_chamber_set)
    office = commands.add_parser("office", help="prosecutor's offices: how reports up the "
                                                "hierarchy reach them")
    office_commands = office.add_subparsers(dest="office_command", required=True,
                                            metavar="COMMAND")
    office_set = office_commands.add_parser(
        "set", help="how an office receives the reports sent up to it",
        description="Set a receiving office's name, e-mail, webhook and languages: a regional "
                    "office (--region) receives its districts' reports, the General "
                    "Prosecutor's Office (no --region) the regions'. Every office has its "
                    "inbox in Qadagalau; e-mail needs QADAGALAU_SMTP_HOST.",
        epilog="example: qadagalau office set --region ALA --email reports@ala.prokuror.kz")
    office_set.add_argument("--region", help="the regional office's region code; none: the "
                                             "General Prosecutor's Office")
    _receiving(office_set, "the office's name, printed as the addressee")
    office_set.set_defaults(handler=cmd_office_set)
    chamber_report = chamber_commands.add_parser(
        "report", help="make a breach report for a chamber now and write its files",
        description="Gather the chamber's members' breaches and acts in a period, render the "
                    "report (XLSX and PDF, in the chamber's languages), put it in the "
                    "chamber's inbox and write the files to --out.")
    chamber_report.add_argument("region", help="the chamber's region code")
    chamber_report.add_argument("--from", dest="period_from", required=True,
                                type=_date, help="first day, YYYY-MM-DD")
    chamber_report.add_argument("--to", dest="period_to", required=True,
                                type=_date, help="last day, YYYY-MM-DD")
    chamber_report.add_argument("--out", type=Path, default=Path("."),
                                help="folder for the files (default: here)")
    chamber_report.set_defaults(handler=cmd_chamber_report)

    model = commands.add_parser(
        "model", help="breach-risk models: train, evaluate, explain",
        description="Risk models trained on the monitor's stored history (proceedings whose "
                    "outcome is known), one per target rule, judged on the newest 20% "
                    "against the bailiff's past breach rate.")
    model_commands = model.add_subparsers(dest="model_command", required=True, metavar="ACTION")
    for name, text in (("train", "train, evaluate, store; a model that beats the baseline "
                                 "goes into service"),
                       ("evaluate", "train and evaluate only: nothing is stored")):
        command = model_commands.add_parser(name, help=text, description=text)
        command.add_argument("--target", action="append",
                             choices=("COMPLETION_TERM", "OPENING_TERM", "VALUATION_TERM"),
                             help="one target (repeat for more; default all three)")
        command.add_argument("--plots", type=Path,
                             help="folder for calibration and importance charts (PNG)")
        command.set_defaults(handler=cmd_model)
    explain = model_commands.add_parser(
        "explain", help="what moves the scores of the models in service, or one "
                        "proceeding's scores and their reasons")
    explain.add_argument("--proceeding", help="a proceeding id")
    explain.set_defaults(handler=cmd_model)
    model_list = model_commands.add_parser("list", help="every model with its metadata")
    model_list.set_defaults(handler=cmd_model)
    score = model_commands.add_parser(
        "score", help="score every open proceeding now, and the bailiff indicators "
                      "(the monitor does it daily)")
    score.set_defaults(handler=cmd_model)

    dlq = commands.add_parser(
        "dlq", help="messages the services' consumers gave up on",
        description="The dead-letter topic (qadagalau.dead-letters): messages a consumer failed "
                    "on after its retries, with the error. List them; once the cause is "
                    "fixed, send them again to their topic. Needs QADAGALAU_KAFKA_SERVERS.")
    dlq_commands = dlq.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, helped, handler in (
            ("list", "number, time, group, where it came from, the error", cmd_dlq_list),
            ("replay", "send them again to their topics", cmd_dlq_replay)):
        sub = dlq_commands.add_parser(action, help=helped)
        sub.add_argument("--group", help="only those of this consumer group")
        sub.add_argument("number", nargs="*", type=_positive,
                         help="only these (the numbers `dlq list` shows)")
        sub.set_defaults(handler=handler)

    migrate = commands.add_parser(
        "migrate", help="bring the database schema up to date (Alembic)",
        description="Apply the schema migrations to QADAGALAU_DATABASE_URL; with --topics also "
                    "create the Kafka topics of docs/contract.md §4.")
    migrate.add_argument("--topics", action="store_true", help="also create the Kafka topics")
    migrate.add_argument("--partitions", type=int, default=12,
                         help="partitions of a new topic (default 12: up to 12 monitor replicas)")
    migrate.add_argument("--replication-factor", type=_positive, default=1,
                         help="copies of each partition on the brokers (default 1; 3 with three "
                              "brokers, as in production)")
    migrate.set_defaults(handler=cmd_migrate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except UsageError as exc:
        print(f"qadagalau {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    return code


if __name__ == "__main__":
    sys.exit(main())
