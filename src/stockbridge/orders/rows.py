"""Fixed-SQL reads, inserts and updates of the order tables (and the reads of the variants
that order lines name and of the customer and address an order takes), for the order hot path
(create, confirm, ship).

Why below the ORM: `bulk_create`, `create` and `save(update_fields=...)` spend more CPU
building each statement than SQLite takes to run it (about 0.2 ms a statement, most of an
order's cost). These helpers write the same rows from model instances already built (defaults
applied by the model's constructor, or by `new`; each value bound as the field's `pre_save`
and `get_db_prep_save` give it: see `row_values`), with the SQL text cached per table, columns
and row count. Only table and column names from the models' metadata are formatted in; every value
is a bound parameter. No signals are sent (the order domain has no receivers; business logic
never uses signals).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import connection, connections
from django.db.models import Field, Model

from stockbridge.catalog.models import Product, Variant
from stockbridge.customers.models import Address, Customer

from .models import LineAllocation, Order, OrderLine
from .row_values import Preparer, new, preparer

__all__ = [
    "allocations_of",
    "customer",
    "first_address",
    "insert",
    "lock_order_with_lines",
    "new",
    "update",
    "variants_by",
]

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
    preparers = _preparers(model)
    db = connections[connection.alias]
    with db.cursor() as cursor:
        for start in range(0, len(objs), _CHUNK):
            chunk = objs[start : start + _CHUNK]
            params = [prepare(obj, db) for obj in chunk for prepare in preparers]
            cursor.execute(_insert_sql(model, len(chunk)), params)
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = db.alias


@cache
def _preparers(model: type[Model]) -> tuple[Preparer, ...]:
    return tuple(preparer(f, True) for f in _fields(model))


@cache
def _update_sql(model: type[Model], names: tuple[str, ...]) -> tuple[str, tuple[Preparer, ...]]:
    fields: list[Column] = []
    for name in names:
        field = model._meta.get_field(name)
        assert isinstance(field, Field) and field.concrete
        fields.append(field)
    sets = ", ".join(f"{_quoted(f.column)} = %s" for f in fields)
    table = _quoted(model._meta.db_table)
    sql = f"UPDATE {table} SET {sets} WHERE {_pk(model)} = %s"  # noqa: S608
    return sql, tuple(preparer(f, False) for f in fields)


def update(objs: Sequence[Model], names: Sequence[str]) -> None:
    """Save the fields `names` of stored instances of one model, by primary key: one UPDATE,
    or one executemany for several instances (what `save(update_fields=...)` writes)."""
    if not objs:
        return
    sql, preparers = _update_sql(type(objs[0]), tuple(names))
    db = connections[connection.alias]
    params = [[prepare(obj, db) for prepare in preparers] + [obj.pk] for obj in objs]
    with db.cursor() as cursor:
        if len(params) == 1:
            cursor.execute(sql, params[0])
        else:
            cursor.executemany(sql, params)


Reader = tuple[str, tuple[str, ...], tuple[tuple[Any, tuple[Any, ...]], ...]]


def _reader(model: type[Model], names: tuple[str, ...], alias: str) -> Reader:
    """(the `alias.column` list, attnames, each column's (Col, converters) as the ORM applies
    them) for reading the fields `names` of `model`, in the model's field order."""
    return _reader_for(model, names, alias, connection.vendor)


@cache
def _reader_for(model: type[Model], names: tuple[str, ...], alias: str, vendor: str) -> Reader:
    columns: list[str] = []
    attnames: list[str] = []
    converters: list[tuple[Any, tuple[Any, ...]]] = []
    wanted = {model._meta.get_field(name) for name in names}
    # In the model's field order: `Model.from_db` takes the values of a subset in that order.
    for field in model._meta.concrete_fields:
        if field not in wanted:
            continue
        columns.append(f"{alias}.{_quoted(field.column)}")
        attnames.append(field.attname)
        col = field.get_col(alias)
        funcs = (*connection.ops.get_db_converters(col), *field.get_db_converters(connection))
        converters.append((col, funcs))
    return ", ".join(columns), tuple(attnames), tuple(converters)


def _converted(reader: Reader, row: Sequence[Any]) -> list[Any]:
    """The values of `row` (the reader's columns) as the ORM gives them (Decimal, JSON...)."""
    values = list(row)
    for i, (col, funcs) in enumerate(reader[2]):
        for func in funcs:
            values[i] = func(values[i], col, connection)
    return values


def _load(model: type[Model], reader: Reader, row: Sequence[Any]) -> Any:
    """A stored instance from a row (fields not read are deferred: loaded on access)."""
    return model.from_db(connection.alias, reader[1], _converted(reader, row))


_VARIANT_FIELDS = ("id", "sku", "price", "attribute_values")
_PRODUCT_FIELDS = ("title", "status")


def variants_by(column: str, keys: Sequence[Any]) -> list[dict[str, Any]]:
    """The variants whose `column` ("id" or "sku") is one of `keys`, each as {"id", "sku",
    "price", "attribute_values", "product_title", "product_status"} valued as the ORM reads
    them (what `Variant.objects.filter(...).values_list(...)` gives, without building the
    query each time: an order's first statement)."""
    if not keys:
        return []
    assert column in ("id", "sku")
    variant = _reader(Variant, _VARIANT_FIELDS, "v")
    product = _reader(Product, _PRODUCT_FIELDS, "p")
    sql = (
        f"SELECT {variant[0]}, {product[0]}"  # noqa: S608  (fixed names, values bound)
        f" FROM {_quoted(Variant._meta.db_table)} v"
        f" INNER JOIN {_quoted(Product._meta.db_table)} p ON p.id = v.product_id"
        f" WHERE v.{_quoted(column)} IN ({', '.join(['%s'] * len(keys))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(keys))
        found = cursor.fetchall()
    split = len(variant[1])
    names = (*variant[1], *(f"product_{name}" for name in product[1]))
    return [
        dict(
            zip(
                names,
                _converted(variant, row[:split]) + _converted(product, row[split:]),
                strict=True,
            )
        )
        for row in found
    ]


def lock_order_with_lines(
    order_id: int, order_fields: Sequence[str], line_fields: Sequence[str]
) -> tuple[Order | None, list[OrderLine]]:
    """The order (None when there is none), row-locked until the transaction ends on
    PostgreSQL (SQLite's IMMEDIATE transactions serialise writers), and its lines by
    position, in one query reading only the fields named (the others load on access)."""
    orders = _reader(Order, tuple(order_fields), "o")
    lines = _reader(OrderLine, tuple(line_fields), "l")
    lock = " FOR UPDATE OF o" if connection.vendor == "postgresql" else ""
    sql = (
        f"SELECT {orders[0]}, l.id, {lines[0]}"  # noqa: S608
        f" FROM {_quoted(Order._meta.db_table)} o"
        f" LEFT JOIN {_quoted(OrderLine._meta.db_table)} l ON l.order_id = o.id"
        f" WHERE o.id = %s ORDER BY l.position{lock}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [order_id])
        rows = cursor.fetchall()
    if not rows:
        return None, []
    split = len(orders[1])
    order = _load(Order, orders, rows[0][:split])
    found: list[OrderLine] = []
    for row in rows:
        if row[split] is None:  # no lines (the outer join's empty side)
            continue
        line = _load(OrderLine, lines, row[split + 1 :])
        line.order = order
        found.append(line)
    return order, found


_ALLOCATION_FIELDS = (
    "id",
    "line_id",
    "location_id",
    "reference",
    "quantity",
    "fulfilled",
    "released",
)


def allocations_of(line_ids: Sequence[int]) -> list[LineAllocation]:
    """The allocations of these lines, newest first."""
    if not line_ids:
        return []
    columns = _reader(LineAllocation, _ALLOCATION_FIELDS, "a")
    sql = (
        f"SELECT {columns[0]} FROM {_quoted(LineAllocation._meta.db_table)} a"  # noqa: S608
        f" WHERE a.line_id IN ({', '.join(['%s'] * len(line_ids))}) ORDER BY a.id DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(line_ids))
        return [_load(LineAllocation, columns, row) for row in cursor.fetchall()]


def customer(customer_id: int) -> Customer | None:
    """The customer (every field), or None."""
    names = tuple(f.name for f in Customer._meta.concrete_fields)
    columns = _reader(Customer, names, "c")
    sql = (
        f"SELECT {columns[0]} FROM {_quoted(Customer._meta.db_table)} c"  # noqa: S608
        f" WHERE c.{_pk(Customer)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [customer_id])
        row = cursor.fetchone()
    return _load(Customer, columns, row) if row is not None else None


def first_address(customer_id: int, kind: str, fields: Sequence[str]) -> dict[str, Any] | None:
    """The `fields` of the customer's address of `kind` an order takes: the default one, else
    the oldest; None when there is none."""
    columns = _reader(Address, tuple(fields), "a")
    sql = (
        f"SELECT {columns[0]} FROM {_quoted(Address._meta.db_table)} a"  # noqa: S608
        " WHERE a.customer_id = %s AND a.kind = %s ORDER BY a.is_default DESC, a.id LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [customer_id, kind])
        row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip(columns[1], _converted(columns, row), strict=True))
