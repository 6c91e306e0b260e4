"""How the order hot path (`rows`) builds model instances and the values it binds for them:
exactly what the ORM builds and binds, at a fraction of its CPU.

- `new(Model, **values)` is `Model(**values)` through the positional constructor Django uses
  for the rows it loads (the keyword one walks every field of a ~40-field Order by name).
- `preparer(field, add)` computes a field's bind value as
  `field.get_db_prep_save(field.pre_save(obj, add), connection)` does, skipping only the steps
  that leave the values the order rows hold unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

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

if TYPE_CHECKING:
    Column = Field[Any, Any]

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
def preparer(field: Column, add: bool) -> Preparer:
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
