"""Which variant each order line names: by id or SKU (both must agree), never an archived
product's. Read as plain values, no model instances."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, NamedTuple, TypeGuard

from stockbridge.catalog.models import ProductStatus
from stockbridge.platform.bounds import MAX_ID, TEXT_SHORT
from stockbridge.platform.errors import FieldError, NotFound

from .. import rows
from ..specs import LineSpec


class LineVariant(NamedTuple):
    """What a line copies from its variant (read as plain values: no model instances)."""

    pk: int
    sku: str
    price: Decimal
    title: str
    archived: bool


def _read_variants(column: str, keys: set[Any]) -> list[LineVariant]:
    return [
        LineVariant(
            v["id"],
            v["sku"],
            v["price"],
            f"{v['product_title']} - {' / '.join(v['attribute_values']) or 'Default'}",
            v["product_status"] == ProductStatus.ARCHIVED,
        )
        for v in rows.variants_by(column, sorted(keys))
    ]


def resolve_variants(lines: Sequence[LineSpec]) -> tuple[dict[int, LineVariant], list[FieldError]]:
    linked = [x for x in lines if not x.unlinked_reason]
    ids = {x.variant_id for x in linked if is_id(x.variant_id)}
    # Only SKUs that can be stored are looked up (the bounds name the others).
    skus = {x.sku for x in linked if isinstance(x.sku, str) and _storable(x.sku)}
    found = _read_variants("id", ids) if ids else []
    if skus:
        found += _read_variants("sku", skus)
    by_id = {v.pk: v for v in found}
    by_sku = {v.sku: v for v in found}
    resolved: dict[int, LineVariant] = {}
    errors: list[FieldError] = []
    for i, line in enumerate(lines):
        if line.unlinked_reason:
            continue  # imported unlinked: no variant stands behind it
        if line.variant_id is not None:
            if not is_id(line.variant_id):
                continue  # refused by the bounds of the variant id
            variant = by_id.get(line.variant_id)
            if variant is None:
                errors.append(NotFound(f"lines[{i}].variant_id", f"no variant {line.variant_id}"))
                continue
            if _storable(line.sku) and line.sku != variant.sku:
                named = "another variant" if line.sku in by_sku else "no variant"
                errors.append(
                    FieldError(
                        f"lines[{i}].sku",
                        f"SKU {line.sku!r} names {named}, but variant_id {line.variant_id} is "
                        f"SKU {variant.sku!r}: give one of them, or both naming the same variant",
                        code="mismatch",
                    )
                )
                continue
        elif line.sku:
            if not _storable(line.sku):
                continue  # refused by the bounds of the text
            variant = by_sku.get(line.sku)
            if variant is None:
                errors.append(NotFound(f"lines[{i}].sku", f"no variant with SKU {line.sku!r}"))
                continue
        else:
            errors.append(FieldError(f"lines[{i}].sku", "variant_id or sku is required"))
            continue
        if variant.archived:
            errors.append(
                FieldError(
                    f"lines[{i}].{'variant_id' if line.variant_id is not None else 'sku'}",
                    f"SKU {variant.sku!r} belongs to an archived product: it cannot be ordered",
                    code="archived",
                )
            )
            continue
        resolved[i] = variant
    return resolved, errors


def _storable(sku: str) -> bool:
    return bool(sku) and "\x00" not in sku and len(sku) <= TEXT_SHORT


def is_id(value: object) -> TypeGuard[int]:
    """Whether `value` can be an id (the bounds refuse it otherwise, naming the field)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID
