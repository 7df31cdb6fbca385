"""Builders of contract events for tests: short to write, valid unless told otherwise."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from shared.audit import AuditResult, audit_files
from shared.legal.calendar import working_calendar
from shared.settings import Policy

_ids = itertools.count(1)
DEBTOR = {"kind": "individual", "iin_bin": "014126906045", "name": "Debtor"}
CLAIMANT = {"kind": "individual", "iin_bin": "431982965728", "name": "Claimant"}


def event(type_: str, on: str, proceeding_id: str | None = "EP-1", **fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"event_id": f"t-{next(_ids)}", "type": type_, "occurred_on": on}
    if proceeding_id is not None:
        out["proceeding_id"] = proceeding_id
    out.update(fields)
    return out


def accepted(
    on: str,
    proceeding_id: str = "EP-1",
    bailiff_id: str = "PB-1",
    category: str = "wages",
    periodic: bool = False,
    **fields: Any,
) -> dict[str, Any]:
    fields.setdefault("region", "ALA")
    fields.setdefault("district", "ALA-MED")
    return event(
        "document.accepted", on, proceeding_id, bailiff_id=bailiff_id,
        document={"number": f"2-{proceeding_id}", "kind": "writ"},
        category=category, periodic=periodic, amount_kzt=100000,
        debtor=DEBTOR, claimant=CLAIMANT, **fields,
    )


def registered(bailiff_id: str, kind: str = "private", on: str = "2020-01-15",
               region: str = "ALA", district: str = "ALA-MED", **fields: Any) -> dict[str, Any]:
    return event(
        "bailiff.registered", on, None, bailiff_id=bailiff_id, kind=kind,
        name=fields.pop("name", f"Bailiff {bailiff_id}"), region=region, district=district,
        **fields,
    )


def act(on: str, act_id: str, kind: str = "instruction", bailiff_id: str = "PB-1",
        proceeding_id: str | None = None, **fields: Any) -> dict[str, Any]:
    return event("act.registered", on, proceeding_id, act_id=act_id, act_kind=kind,
                 bailiff_id=bailiff_id, **fields)


def write_ndjson(path: Path, events: Iterable[dict[str, Any] | str]) -> Path:
    with path.open("wb") as out:
        for item in events:
            out.write((item.encode() if isinstance(item, str) else orjson.dumps(item)) + b"\n")
    return path


def audit(
    tmp_path: Path, events: Iterable[dict[str, Any]], as_of: str, policy: Policy | None = None,
) -> AuditResult:
    path = write_ndjson(tmp_path / f"events-{next(_ids)}.ndjson", events)
    return audit_files([path], date.fromisoformat(as_of), working_calendar(), policy or Policy())


def rows(result: AuditResult, rule: str | None = None) -> list[dict[str, Any]]:
    return [b.record() for b in result.breaches if rule is None or b.rule == rule]
