"""Bulk import of CSV and XLSX exports (pandas), for bailiff systems that cannot push.

One row is one event. Columns are the contract's field names; nested fields are written with
a dot (`document.number`, `debtor.iin_bin`). Empty cells are absent fields. Every cell is read
as text and only the contract's few boolean and number fields are converted, so that a date
or an IIN is never reinterpreted by a spreadsheet's guesswork (an IIN read as a number loses
its leading zero).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

BOOLEAN_FIELDS = frozenset({"periodic"})
NUMBER_FIELDS = frozenset({"amount_kzt", "amount_recovered_kzt"})
_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$")
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


class ImportError_(ValueError):
    """A file that cannot be read as a table at all."""


def read_table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise ImportError_(f"{path}: cannot read it as a table: {exc}") from exc
    raise ImportError_(f"{path}: give a .csv or .xlsx file (NDJSON goes to qadagalau audit "
                       f"or POST /api/v1/events)")


def _cell(field: str, text: str) -> Any:
    if field in BOOLEAN_FIELDS:
        lowered = text.lower()
        return True if lowered in _TRUE else False if lowered in _FALSE else text
    if field in NUMBER_FIELDS:
        try:
            number = float(text.replace(" ", "").replace(",", "."))
        except ValueError:
            return text  # left as text: validation names the field
        return int(number) if number.is_integer() else number
    midnight = _MIDNIGHT.match(text)
    return midnight.group(1) if midnight else text


def rows_as_events(table: pd.DataFrame) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number as a spreadsheet shows it, event) for every row."""
    columns = [str(c).strip() for c in table.columns]
    for position, values in enumerate(table.itertuples(index=False, name=None)):
        event: dict[str, Any] = {}
        for column, value in zip(columns, values, strict=True):
            text = str(value).strip()
            if not text or column.startswith("Unnamed"):
                continue
            *parents, leaf = column.split(".")
            target = event
            for part in parents:
                target = target.setdefault(part, {})
            target[leaf] = _cell(leaf, text)
        yield position + 2, event  # row 1 holds the header
