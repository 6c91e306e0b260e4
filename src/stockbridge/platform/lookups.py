"""Reading rows by thousands of keys (`WHERE key IN (...)`) in fixed SQL.

Imports read the rows a batch touches by SKU, remote id or row id: tens of thousands of
values. The ORM prepares every value of an IN through its lookup machinery, which costs more
CPU than the database takes to find the rows; `rows_in` binds them as they are (text and
whole numbers, what those columns hold) in chunks that stay under SQLite's parameter cap.
Reads only (with an optional row lock); writes go through the services."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model

CHUNK = 2000  # values per statement (SQLite caps a statement's parameters)


def mark(connection: Any) -> str:
    """The parameter mark of fixed SQL run on `connection`: SQLite's own `?`, which Django
    passes as it is (it rewrites each `%s` of a statement with a regular expression: on an
    IN of thousands of values or a multi-row INSERT that costs more than SQLite takes to run
    it), else `%s`; `%s` too while queries are logged (DEBUG, or a test capturing them):
    Django then writes each query out with its values by `%`."""
    return "?" if connection.vendor == "sqlite" and not connection.queries_logged else "%s"


def rows_in(
    model: type[Model],
    columns: Sequence[str],
    key: str,
    values: Sequence[str | int],
    *,
    where: Mapping[str, str | int] | None = None,
    lock: bool = False,
) -> list[tuple[Any, ...]]:
    """The `columns` (field names; a foreign key by its `_id` attribute) of the rows whose
    `key` is one of `values` and whose `where` fields equal their values, as tuples; `lock`
    locks them until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite's IMMEDIATE
    transactions already serialise writers)."""
    meta = model._meta
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        field: Any = meta.get_field(name)  # a field name, or a foreign key's attname
        return str(quote(field.column))

    selected = ", ".join(column(name) for name in columns)
    filters = [(column(name), value) for name, value in (where or {}).items()]
    param = mark(connection)
    extra = "".join(f" AND {col} = {param}" for col, _ in filters)
    suffix = " FOR UPDATE" if lock and connection.vendor == "postgresql" else ""
    unique = list(dict.fromkeys(values))
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(unique), CHUNK):
            chunk = unique[start : start + CHUNK]
            marks = ", ".join([param] * len(chunk))
            cursor.execute(
                f"SELECT {selected} FROM {quote(meta.db_table)}"  # noqa: S608 (names from the model)
                f" WHERE {column(key)} IN ({marks}){extra}{suffix}",
                [*chunk, *(value for _, value in filters)],
            )
            rows.extend(cursor.fetchall())
    return rows
