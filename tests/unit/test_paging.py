"""Keyset pagination (shared/paging.py): paging through a list by its cursors reads every row
once, in the list's order, whatever the page size, the directions and the ties; a cursor no
list gave out is refused."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import (
    Column,
    Date,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    insert,
    select,
)

from shared import paging
from shared.errors import Invalid

metadata = MetaData()
rows_table = Table("rows", metadata, Column("id", Integer, primary_key=True),
                   Column("day", Date), Column("score", Float), Column("name", String))


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    chance = random.Random(7)
    with engine.begin() as connection:
        connection.execute(insert(rows_table), [
            # Few distinct days and scores: many ties, which the last key part must break.
            {"id": i, "day": date(2026, 1, 1) + timedelta(days=chance.randrange(5)),
             "score": chance.choice([0.1, 0.25, 0.5, 0.75]),
             "name": chance.choice(["a", "б", "c|d", "EP/1"])} for i in range(1, 301)])
    return engine


@pytest.mark.parametrize("page_size", [1, 7, 50, 299, 300, 1000])
@pytest.mark.parametrize("columns, descending", [
    (("id",), ()), (("id",), (True,)), (("day", "id"), (True, False)),
    (("score", "name", "id"), (True, False, True)), (("name", "day", "id"), ())])
def test_paging_through_a_table_reads_every_row_once_in_order(
        engine, page_size: int, columns: tuple[str, ...],  # type: ignore[no-untyped-def]
        descending: tuple[bool, ...]) -> None:
    keyset = [rows_table.c[name] for name in columns]
    kinds = {"id": int, "day": date, "score": float, "name": str}
    with engine.connect() as connection:
        whole = [tuple(r) for r in connection.execute(
            select(*keyset).order_by(*paging.order(keyset, descending)))]
        read: list[tuple[object, ...]] = []
        cursor: str | None = None
        for _ in range(400):
            query = select(*keyset).order_by(*paging.order(keyset, descending))
            if cursor is not None:
                query = query.where(paging.after(
                    keyset, paging.key_of(cursor, *(kinds[c] for c in columns)), descending))
            page, cursor = paging.cut([tuple(r) for r in connection.execute(
                query.limit(page_size + 1))], page_size, lambda row: row)
            read += page
            if cursor is None:
                break
    assert read == whole
    assert len(whole) == 300


@pytest.mark.parametrize("descending", [False, True])
def test_a_list_in_memory_pages_with_the_same_cursors(descending: bool) -> None:
    chance = random.Random(3)
    items = [(chance.randrange(4), f"B-{i}") for i in range(57)]  # in no order
    read: list[tuple[int, str]] = []
    cursor: str | None = None
    while True:
        page, cursor = paging.page_of(items, lambda item: item, cursor, (int, str), 5,
                                      descending=descending)
        read += page
        if cursor is None:
            break
    assert read == sorted(items, reverse=descending)


def test_a_cursor_holds_its_key_whatever_the_characters() -> None:
    key = (date(2026, 3, 2), "ЖСО|1/2 \"x\"", -3, 0.1)
    assert paging.key_of(paging.cursor_after(*key), date, str, int, float) == key


@pytest.mark.parametrize("cursor", [
    "", "not a cursor", "%%%", paging.cursor_after(1, 2),  # two parts for a key of one
    paging.cursor_after("12"),  # a string for an int
    paging.cursor_after(True),  # a boolean is no row id
    paging.cursor_after(2**63),  # no 64-bit id is that large
    paging.cursor_after("2026-13-40"),  # not a date
])
def test_a_cursor_no_list_gave_out_is_refused_by_name(cursor: str) -> None:
    kinds = (date,) if cursor == paging.cursor_after("2026-13-40") else (int,)
    with pytest.raises(Invalid) as refused:
        paging.key_of(cursor, *kinds)
    assert refused.value.code == "cursor_invalid"


def test_a_list_the_database_sorted_by_its_own_collation_pages_whole() -> None:
    # A collation may put Ә after Б and mixed case apart; the cursor must still find its place.
    collated = ["Әлия", "Бекзат", "anar", "Zere", "ерлан"]
    read: list[str] = []
    cursor: str | None = None
    while True:
        page, cursor = paging.page_of(collated, lambda name: (name,), cursor, (str,), 1)
        read += page
        if cursor is None:
            break
    assert sorted(read) == sorted(collated) and len(read) == len(collated)
