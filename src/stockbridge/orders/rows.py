"""Fixed-SQL inserts and updates of the order tables, for the order hot path (create, confirm,
ship).

Why below the ORM: `bulk_create`, `create` and `save(update_fields=...)` spend more CPU
building each statement than SQLite takes to run it (about 0.2 ms a statement, most of an
order's cost). These helpers write the same rows from model instances already built (defaults
applied by the model's constructor, values adapted by each field's `get_db_prep_save`, as the
ORM does), with the SQL text cached per table, columns and row count. Only table and column
names from the models' metadata are formatted in; every value is a bound parameter. No
signals are sent (the order domain has no receivers; business logic never uses signals).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Field, Model

if TYPE_CHECKING:
    Column = Field[Any, Any]

# Rows per multi-row INSERT (well under SQLite's 32,766 parameters per statement).
_CHUNK = 200


def _quoted(name: str | None) -> str:
    assert name is not None
    return connection.ops.quote_name(name)


@cache
def _fields(model: type[Model]) -> tuple[Column, ...]:
    """The concrete columns an INSERT writes: every field but the auto primary key."""
    return tuple(f for f in model._meta.concrete_fields if not f.primary_key)


def _pk(model: type[Model]) -> str:
    pk = model._meta.pk
    assert pk is not None
    return _quoted(pk.column)


@cache
def _insert_sql(model: type[Model], rows: int) -> str:
    columns = ", ".join(_quoted(f.column) for f in _fields(model))
    row = "(" + ", ".join(["%s"] * len(_fields(model))) + ")"
    return (
        f"INSERT INTO {_quoted(model._meta.db_table)} ({columns}) VALUES "  # noqa: S608
        + ", ".join([row] * rows)
        + f" RETURNING {_pk(model)}"
    )


def insert(objs: Sequence[Model]) -> None:
    """Insert new instances of one model (multi-row INSERT ... RETURNING id) and give each its
    primary key, in order (both SQLite and PostgreSQL return the ids in insertion order, which
    Django's bulk_create relies on too). The instances are then stored ones."""
    if not objs:
        return
    model = type(objs[0])
    fields = _fields(model)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), _CHUNK):
            chunk = objs[start : start + _CHUNK]
            params = [
                f.get_db_prep_save(getattr(obj, f.attname), connection)
                for obj in chunk
                for f in fields
            ]
            cursor.execute(_insert_sql(model, len(chunk)), params)
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias


@cache
def _update_sql(model: type[Model], names: tuple[str, ...]) -> tuple[str, tuple[Column, ...]]:
    fields: list[Column] = []
    for name in names:
        field = model._meta.get_field(name)
        assert isinstance(field, Field) and field.concrete
        fields.append(field)
    sets = ", ".join(f"{_quoted(f.column)} = %s" for f in fields)
    table = _quoted(model._meta.db_table)
    return f"UPDATE {table} SET {sets} WHERE {_pk(model)} = %s", tuple(fields)  # noqa: S608


def update(objs: Sequence[Model], names: Sequence[str]) -> None:
    """Save the fields `names` of stored instances of one model, by primary key: one UPDATE,
    or one executemany for several instances (what `save(update_fields=...)` writes)."""
    if not objs:
        return
    sql, fields = _update_sql(type(objs[0]), tuple(names))
    params = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        if len(params) == 1:
            cursor.execute(sql, params[0])
        else:
            cursor.executemany(sql, params)
