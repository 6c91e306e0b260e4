"""Field changes as a run shows them: {field: [old, new]} in JSON values."""

from __future__ import annotations

import dataclasses
import operator
from decimal import Decimal
from typing import Any

from stockbridge.catalog.specs import AttributeSpec, ImageSpec
from stockbridge.platform import figures

PRODUCT_DIFF_FIELDS = (
    "title",
    "handle",
    "description_html",
    "status",
    "vendor",
    "product_type",
    "category",
    "season",
    "tags",
    "custom_fields",
    "attributes",
    "images",
)
VARIANT_DIFF_FIELDS = (
    "sku",
    "barcode",
    "attribute_values",
    "position",
    "currency",
    "price",
    "compare_at_price",
    "cost",
    "weight",
    "weight_unit",
)

_variant_values = operator.attrgetter(*VARIANT_DIFF_FIELDS)
_SCALARS = frozenset((str, int, float, bool))
_PLAIN = frozenset(VARIANT_DIFF_FIELDS)  # fields `_value` gives as they are


def jsonable(value: Any) -> Any:
    """A value as it is shown in a run's changes (JSON)."""
    kind = type(value)
    if value is None or kind in _SCALARS:
        return value
    if kind is Decimal:
        return figures.text(value)
    if kind is tuple and all(type(v) is str for v in value):
        return list(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, AttributeSpec):
        return {"name": value.name, "values": list(value.values)}
    if isinstance(value, ImageSpec):
        return {"url": value.url, "variant_skus": sorted(value.variant_skus)}
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def _value(spec: Any, name: str) -> Any:
    value = getattr(spec, name)
    if name == "tags":
        return tuple(sorted(set(value)))
    if name == "images":
        return tuple(
            dataclasses.replace(i, variant_skus=tuple(sorted(i.variant_skus))) for i in value
        )
    return value


def _created(new: Any) -> dict[str, list[Any]]:
    """`diff(None, new, VARIANT_DIFF_FIELDS)`: the plain values (text, numbers, None) and
    Decimals shown without a call each (an import creates a hundred thousand variants)."""
    out: dict[str, list[Any]] = {}
    for name, value in zip(VARIANT_DIFF_FIELDS, _variant_values(new), strict=True):
        kind = type(value)
        if kind is Decimal:
            out[name] = [None, figures.text(value)]
        elif value is None or kind in _SCALARS:
            out[name] = [None, value]
        else:
            out[name] = [None, jsonable(value)]
    return out


def diff(old: Any, new: Any, names: tuple[str, ...]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field that differs (money and measures compared as
    numbers: 54.00 equals 54.0000); [None, new] for every field when old is None."""
    if old is None and names is VARIANT_DIFF_FIELDS:  # (every variant created: one C call)
        return _created(new)
    if old is None:
        return {
            name: [None, jsonable(getattr(new, name) if name in _PLAIN else _value(new, name))]
            for name in names
        }
    out: dict[str, list[Any]] = {}
    for name in names:
        after = _value(new, name)
        before = _value(old, name)
        if before != after:
            out[name] = [jsonable(before), jsonable(after)]
    return out
