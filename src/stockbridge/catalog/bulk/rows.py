"""Writing many rows with one prepared statement (`executemany`), without Django's bulk
machinery: values are adapted by each field for the database, column by column, with fast
paths for the plain values most columns hold. Used by the catalog's bulk writer and by the
writers of imports (listings, run items); each caller is a service that checked its rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connections, models, router
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Field, Model

from stockbridge.platform import json_text

# Fields whose database value is the Python value itself when it already has this exact type
# (anything else, None aside, goes through the field's own adaptation).
_PLAIN: dict[type[Field[Any, Any]], type] = {
    models.CharField: str,
    models.TextField: str,
    models.SlugField: str,
    models.URLField: str,
    models.IntegerField: int,
    models.SmallIntegerField: int,
    models.BigIntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.BooleanField: bool,
}


_NOTHING = object()


def _plain_type(field: Field[Any, Any]) -> type | None:
    if isinstance(field, models.ForeignKey):
        target = field.target_field
        return int if type(target) in (models.AutoField, models.BigAutoField) else None
    return _PLAIN.get(type(field))


def _direct(field: Field[Any, Any], connection: Any) -> tuple[type, Any] | None:
    """(value type, adapter) for fields whose adaptation of a value of that exact type is
    only the backend's last step (what `get_db_prep_save` ends with)."""
    if type(field) is models.DecimalField:
        adapt, digits, places = (
            connection.ops.adapt_decimalfield_value,
            field.max_digits,
            field.decimal_places,
        )
        return (
            Decimal,
            lambda value: (
                adapt(value, digits, places)
                if value.is_finite()
                else field.get_db_prep_save(value, connection)
            ),
        )
    if type(field) is models.JSONField:
        adapt_json, encoder = connection.ops.adapt_json_value, field.encoder
        if encoder is None and _json_as_text(connection):
            return dict, json_text.dumps  # (run items hold hundreds of thousands of objects)
        return dict, lambda value: adapt_json(value, encoder)
    return None


def _json_as_text(connection: Any) -> bool:
    """The backend stores JSON as `json.dumps` text (Django's default: SQLite); it reads back
    any JSON text, compact or not."""
    return type(connection.ops).adapt_json_value is BaseDatabaseOperations.adapt_json_value


def _adapted(
    fields: list[Field[Any, Any]], connection: Any, rows: Iterable[Sequence[Any]]
) -> list[tuple[Any, ...]]:
    """Each row's values (in `fields` order) as the database takes them: adapted by each field,
    except values that are None or of the field's plain type (`_PLAIN`), values that only
    need the backend's step (`_direct`), and repeated objects (a batch's one timestamp)
    adapted once. Worked column by column: a column holding only plain values (most) is
    taken as it is after one look at its types."""
    table: Sequence[Sequence[Any]] = rows if isinstance(rows, list) else list(rows)
    if not table:
        return []
    columns: list[Sequence[Any]] = []
    for field, column in zip(fields, zip(*table, strict=True), strict=True):
        plain, direct = _plain_type(field), _direct(field, connection)
        kinds = set(map(type, column))
        kinds.discard(_NONE)
        if not kinds or kinds == {plain}:
            columns.append(column)
            continue
        if kinds == {Decimal} and _decimals_as_they_are(field, connection, column):
            columns.append(column)
            continue
        if direct is not None and kinds == {list} and type(field) is models.JSONField:
            columns.append(_json_lists(column, direct[1]))
            continue
        if direct is not None and kinds <= _direct_kinds(direct[0], plain):
            adapt = direct[1]
            columns.append([v if v is None or type(v) is plain else adapt(v) for v in column])
            continue
        columns.append(_adapted_column(field, connection, column, plain, direct))
    return list(zip(*columns, strict=True))  # (the rows as tuples: executemany takes them)


_NONE = type(None)


def _decimals_as_they_are(field: Field[Any, Any], connection: Any, column: Sequence[Any]) -> bool:
    """A decimal column the backend takes as it is: its adaptation of a finite Decimal is the
    value itself (Django's default, both backends) and every value is finite."""
    return (
        type(field) is models.DecimalField
        and type(connection.ops).adapt_decimalfield_value
        is BaseDatabaseOperations.adapt_decimalfield_value
        and all(v is None or v.is_finite() for v in column)
    )


def _json_lists(column: Sequence[Any], adapt: Any) -> list[Any]:
    """A JSON column of lists, each distinct list of texts adapted once (the option values
    of a product's variants repeat: ["M", "Black"])."""
    done: dict[tuple[Any, ...], Any] = {}
    values: list[Any] = []
    for value in column:
        if value is None:
            values.append(None)
            continue
        key = tuple(value)
        if not all(type(item) is str for item in key):  # (1 == 1.0 == True: text only)
            values.append(adapt(value))
            continue
        adapted = done.get(key, _NOTHING)
        if adapted is _NOTHING:
            adapted = done[key] = adapt(value)
        values.append(adapted)
    return values


def _direct_kinds(kind: type, plain: type | None) -> set[type | None]:
    """The value types a `_direct` adapter (or no adaptation at all) takes as they are."""
    kinds: set[type | None] = {kind, plain}
    if kind is dict:
        kinds.add(list)
    return kinds


def _adapted_column(
    field: Field[Any, Any],
    connection: Any,
    column: Sequence[Any],
    plain: type | None,
    direct: tuple[type, Any] | None,
) -> list[Any]:
    """One column value by value (mixed types): as `_adapted` says."""
    prep = field.get_db_prep_save
    seen: object = _NOTHING
    adapted: Any = None
    values: list[Any] = []
    for value in column:
        kind = type(value)
        if value is None or kind is plain:
            values.append(value)
            continue
        if direct is not None and (kind is direct[0] or (direct[0] is dict and kind is list)):
            values.append(direct[1](value))
            continue
        if seen is not value:
            adapted = prep(value, connection)
            seen = value
        values.append(adapted)
    return values


def _statement_rows(
    model: type[Model], rows: list[Any], field_names: tuple[str, ...]
) -> tuple[Any, list[Any], list[tuple[Any, ...]]]:
    """The connection, fields and parameter rows (values adapted by each field) for `rows`."""
    by_name = {f.name: f for f in model._meta.concrete_fields}
    fields = [by_name[name] for name in field_names]
    connection = connections[router.db_for_write(model)]
    attnames = [f.attname for f in fields]
    params = _adapted(fields, connection, ([getattr(row, a) for a in attnames] for row in rows))
    return connection, fields, params


def update_rows(model: type[Model], rows: list[Any], field_names: tuple[str, ...]) -> None:
    """UPDATE `rows` by primary key: one prepared statement run over all rows (executemany).

    Django's bulk_update builds a CASE WHEN expression per field and row, which costs seconds
    per thousand rows in Python; values here are still adapted by each field for the database."""
    if not rows:
        return
    meta = model._meta
    assert meta.pk is not None
    connection, fields, params = _statement_rows(model, rows, field_names)
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 (names from the model)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[*p, row.pk] for p, row in zip(params, rows, strict=True)])


def insert_rows(model: type[Model], rows: list[Any], field_names: tuple[str, ...]) -> None:
    """INSERT `rows` (ids are not read back): one prepared statement over all rows. Every
    field not named must have a database default or be nullable; `auto_now` fields are not
    filled in here, so name them and set them on the rows."""
    if not rows:
        return
    connection, fields, params = _statement_rows(model, rows, field_names)
    _insert(model, connection, fields, params)


def insert_values(
    model: type[Model], field_names: tuple[str, ...], rows: Sequence[Sequence[Any]]
) -> None:
    """`insert_rows` for rows given as value tuples in `field_names` order (attribute values:
    a foreign key's id), without building a model instance per row."""
    if not rows:
        return
    by_name = {f.name: f for f in model._meta.concrete_fields}
    fields = [by_name[name] for name in field_names]
    connection = connections[router.db_for_write(model)]
    _insert(model, connection, fields, _adapted(fields, connection, rows))


def _insert(
    model: type[Model],
    connection: Any,
    fields: list[Field[Any, Any]],
    params: list[tuple[Any, ...]],
) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
