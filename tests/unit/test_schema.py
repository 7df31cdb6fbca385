"""The event contract's JSON Schema in docs/ is generated, and must be current."""

from __future__ import annotations

from pathlib import Path

import orjson

from services.cli import SCHEMA_PATH, schema_text

ROOT = Path(__file__).resolve().parents[2]


def test_the_schema_file_is_current() -> None:
    committed = (ROOT / SCHEMA_PATH).read_text("utf-8")
    assert committed == schema_text(), "docs are stale: run `qadagalau schema`"


def test_the_schema_covers_every_event_type() -> None:
    schema = orjson.loads(schema_text())
    tags = set(schema["discriminator"]["mapping"])
    assert len(tags) == 29 and {"document.accepted", "appeal.received"} <= tags
