"""Fixed-SQL reads, inserts and updates of the order tables (and the reads of the variants
that order lines name), for the order hot path (create, confirm, ship).

Why below the ORM: `bulk_create`, `create` and `save(update_fields=...)` spend more CPU
building each statement than SQLite takes to run it (about 0.2 ms a statement, most of an
order's cost). These helpers write the same rows from model instances already built (defaults
applied by the model's constructor; each value through its field's `pre_save` and
`get_db_prep_save`, as the ORM does), with the SQL text cached per table, columns and row
count. Only table and column names from the models' metadata are formatted in; every value
is a bound parameter. No signals are sent (the order domain has no receivers; business logic
never uses signals).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    BooleanField,
    CharField,
    DateTimeField,
    DecimalField,
    Field,
    ForeignKey,
    IntegerField,
    JSONField,
    Model,
    TextField,
)
from django.db.models.fields.reverse_related import ForeignObjectRel

from stockbridge.catalog.models import Product, Variant

from .models import LineAllocation, Order, OrderLine

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


# Values these fields take as they are when they are already of a plain type (what
# `get_db_prep_save` would give back unchanged); anything else goes through the field.
_PLAIN_FIELDS = (CharField, TextField, IntegerField, BooleanField, ForeignKey)
_PLAIN_VALUES = (str, int, bool, type(None))

# (obj, connection) -> the value to bind for one field, as the ORM computes it.
Preparer = Callable[[Model, BaseDatabaseWrapper], Any]


def _own(field: Column, method: str, base: type[Any]) -> bool:
    """The field's `method` is `base`'s (no subclass changed what it does)."""
    return getattr(type(field), method) is getattr(base, method)


@cache
def _preparer(field: Column, add: bool) -> Preparer:
    """How to compute the value to bind for `field` (`add`: in an INSERT), as
    `field.get_db_prep_save(field.pre_save(obj, add), connection)` does. The field kinds of the
    order rows get a shortcut for the values they hold (a str, a finite Decimal, an aware
    datetime, a dict or list for JSON) that skips only the steps that leave such a value
    unchanged (`get_prep_value`, `to_python`) and calls the backend's adapter as the field
    does; any other value, or field, goes the ORM's whole way."""
    attname = field.attname

    def orm(obj: Model, db: BaseDatabaseWrapper) -> Any:
        return field.get_db_prep_save(field.pre_save(obj, add), db)

    reads_attribute = _own(field, "pre_save", Field) or (
        isinstance(field, DateTimeField)
        and _own(field, "pre_save", DateTimeField)
        and not field.auto_now
        and not (field.auto_now_add and add)
    )
    if not reads_attribute:
        return orm  # pre_save computes the value (auto_now...)
    if isinstance(field, _PLAIN_FIELDS):

        def plain(obj: Model, db: BaseDatabaseWrapper) -> Any:
            value = getattr(obj, attname)
            if type(value) in _PLAIN_VALUES:
                return value
            return field.get_db_prep_save(value, db)

        return plain
    if isinstance(field, DecimalField) and _own(field, "get_db_prep_value", DecimalField):
        digits, places = field.max_digits, field.decimal_places

        def decimal(obj: Model, db: BaseDatabaseWrapper) -> Any:
            value = getattr(obj, attname)
            if type(value) is Decimal and value.is_finite():
                return db.ops.adapt_decimalfield_value(value, digits, places)
            return field.get_db_prep_save(value, db)

        return decimal
    if isinstance(field, DateTimeField) and _own(field, "get_db_prep_value", DateTimeField):

        def stamp(obj: Model, db: BaseDatabaseWrapper) -> Any:
            value = getattr(obj, attname)
            if type(value) is datetime and value.utcoffset() is not None:
                return db.ops.adapt_datetimefield_value(value)
            return field.get_db_prep_save(value, db)

        return stamp
    if (
        isinstance(field, JSONField)
        and _own(field, "get_db_prep_save", JSONField)
        and _own(field, "get_db_prep_value", JSONField)
        and _own(field, "get_prep_value", Field)
    ):
        encoder = field.encoder

        def document(obj: Model, db: BaseDatabaseWrapper) -> Any:
            value = getattr(obj, attname)
            if type(value) in (dict, list):
                return db.ops.adapt_json_value(value, encoder)
            return field.get_db_prep_save(value, db)

        return document
    return orm


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


_UNSET = object()


class _Plan(NamedTuple):
    """How `new` builds instances of one model: the positional arguments with every constant
    default in place (`_UNSET` where a default is made per instance), those makers, and the
    position of each field by attname and of each relation by name."""

    template: tuple[Any, ...]
    makers: tuple[tuple[int, Callable[[], Any]], ...]
    positions: dict[str, int]
    relations: dict[str, int]


@cache
def _plan(model: type[Model]) -> _Plan | None:
    """None when the positional constructor cannot stand for the keyword one (a generated
    field)."""
    fields = model._meta.concrete_fields
    if any(f.generated for f in fields):
        return None
    template: list[Any] = []
    makers: list[tuple[int, Callable[[], Any]]] = []
    for i, field in enumerate(fields):
        constant = not field.has_db_default() and not (
            field.has_default() and callable(field.default)
        )
        # A constant default is one object (the field hands out the same one every time).
        template.append(field.get_default() if constant else _UNSET)
        if not constant:
            makers.append((i, field.get_default))
    return _Plan(
        tuple(template),
        tuple(makers),
        {f.attname: i for i, f in enumerate(fields)},
        {
            f.name: i
            for i, f in enumerate(fields)
            if isinstance(f.remote_field, ForeignObjectRel) and f.name != f.attname
        },
    )


def new[M: Model](model: type[M], **values: Any) -> M:
    """A new, unsaved instance: what `model(**values)` builds (a field not given takes its
    default, made only then; a related object given by the relation's name is set through
    its descriptor, which sets the id and caches the object), built by the positional
    constructor that Django uses for rows it loads, which costs a fraction of the keyword one
    for a model of many fields. Raises TypeError for a name that is no field."""
    plan = _plan(model)
    if plan is None:
        return model(**values)
    args = list(plan.template)
    related: list[tuple[str, Any]] = []
    unexpected: list[str] = []
    for name, value in values.items():
        i = plan.positions.get(name)
        if i is None:
            i = plan.relations.get(name)
            if i is None:
                unexpected.append(name)
                continue
            related.append((name, value))
            value = None  # set through the descriptor below
        args[i] = value
    if unexpected:
        raise TypeError(f"{model.__name__}() got unexpected keyword arguments: {unexpected}")
    for i, make in plan.makers:
        if args[i] is _UNSET:
            args[i] = make()
    instance = model(*args)
    for name, obj in related:
        setattr(instance, name, obj)
    return instance


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
    return tuple(_preparer(f, True) for f in _fields(model))


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
    return sql, tuple(_preparer(f, False) for f in fields)


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
