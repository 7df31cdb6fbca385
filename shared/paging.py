"""Keyset pagination, the one way every list of the API pages (docs/contract.md §3).

A list is read in a fixed order of a key (a few columns, the last one unique); a page ends with
`next_cursor`, the key of its last item, and the next page is what comes after that key. Unlike
an offset, a cursor stays right while rows are added or change under a reader, and the database
reads from an index instead of counting past the earlier pages.

The cursor is opaque to a client: the key as JSON, base64url. What a cursor decodes to is
checked against the kinds the list's key has, so a cursor of another list, an edited one or a
number no row can have is refused (`cursor_invalid`) rather than read."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import and_, false, or_
from sqlalchemy.sql import ColumnElement

from shared.errors import cursor_invalid

T = TypeVar("T")
Key = tuple[Any, ...]
# Database ids are signed 64-bit: a cursor with a larger one names nothing.
_MAX_INT = 2**63 - 1


def cursor_after(*key: Any) -> str:
    """The cursor of the page that follows the item of this key."""
    plain = [part.isoformat() if isinstance(part, date) else part for part in key]
    return base64.urlsafe_b64encode(json.dumps(plain, separators=(",", ":")).encode()
                                    ).decode().rstrip("=")


def key_of(cursor: str, *kinds: type) -> Key:
    """The key a cursor holds, each part of the kind the list's key has; refused otherwise."""
    try:
        parts = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(parts, list) or len(parts) != len(kinds):
            raise ValueError(cursor)
        return tuple(_part(part, kind) for part, kind in zip(parts, kinds, strict=True))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise cursor_invalid() from None


def _part(value: Any, kind: type) -> Any:
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    if kind is int and type(value) is int and -_MAX_INT <= value <= _MAX_INT:
        return value
    if kind is float and type(value) in (int, float):
        return float(value)
    if kind is str and isinstance(value, str):
        return value
    raise ValueError(value)


def after(columns: Sequence[Any], key: Key, descending: Sequence[bool] = ()) -> ColumnElement[bool]:
    """The rows that come after `key` in the order of `columns` (each ascending unless marked
    in `descending`): (a > x) or (a = x and b > y) or …, which every database reads from an
    index on those columns."""
    down = list(descending) + [False] * (len(columns) - len(descending))
    condition: ColumnElement[bool] = false()
    for at in reversed(range(len(columns))):
        beyond = columns[at] < key[at] if down[at] else columns[at] > key[at]
        condition = or_(beyond, and_(columns[at] == key[at], condition)) \
            if at < len(columns) - 1 else beyond
    return condition


def order(columns: Sequence[Any], descending: Sequence[bool] = ()) -> list[Any]:
    """The ORDER BY of a keyset, matching `after`."""
    down = list(descending) + [False] * (len(columns) - len(descending))
    return [column.desc() if d else column for column, d in zip(columns, down, strict=True)]


def cut(rows: Sequence[T], limit: int, key: Callable[[T], Key]) -> tuple[list[T], str | None]:
    """A page of the `limit + 1` rows read: its first `limit`, and the next page's cursor when
    there was one more."""
    page = list(rows[:limit])
    return page, cursor_after(*key(page[-1])) if len(rows) > limit and page else None


def page_of(items: Sequence[T], key: Callable[[T], Key], cursor: str | None,
            kinds: Sequence[type], limit: int,
            descending: bool = False) -> tuple[list[T], str | None]:
    """A page of a list made whole in memory (a ranking computed over all of a territory's
    bailiffs, say), in order of `key` (ascending, or `descending`): the same cursors as a
    database list. Sorted here, by Python's order of the key: a list the database sorted by
    its own collation (Ә, Қ, Ү among Latin and Cyrillic letters) may differ from it, and a
    cursor must find its place in the order it was made in."""
    items = sorted(items, key=key, reverse=descending)
    start = 0
    if cursor is not None:
        last = key_of(cursor, *kinds)
        start = next((at for at, item in enumerate(items)
                      if (key(item) < last if descending else key(item) > last)), len(items))
    return cut(items[start:start + limit + 1], limit, key)
