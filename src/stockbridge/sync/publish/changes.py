"""What a publish changes on the channel, field by field: {field: [old, new]} (pure). A new
product shows every published field as [null, new]; a linked one only the fields whose value
differs from what the channel holds. Variants are keyed by SKU (`variants.<sku>.price`);
amounts are compared as numbers and shown as text; tags compare as sets."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stockbridge.channels.port_publish import (
    DraftVariant,
    ProductDraft,
    PublishedProduct,
    PublishedVariant,
)
from stockbridge.platform.bounds import CURRENCY_PLACES

PRODUCT_FIELDS = (
    "title",
    "status",
    "description_html",
    "vendor",
    "product_type",
    "seo_title",
    "seo_description",
    "category",
)
VARIANT_FIELDS = (
    "barcode",
    "price",
    "compare_at_price",
    "cost",
    "weight",
    "weight_unit",
    "tracked",
)


MONEY = ("price", "compare_at_price", "cost")


def _shown(value: Any, currency: str = "") -> Any:
    if isinstance(value, Decimal):
        if currency:
            places = CURRENCY_PLACES.get(currency, 2)
            return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
        return format(value.normalize(), "f")
    if isinstance(value, tuple):
        return list(value)
    return value


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) and isinstance(new, Decimal):
        return old == new
    if old in (None, "") and new in (None, ""):
        return True
    return bool(old == new)


def changes(draft: ProductDraft, remote: PublishedProduct | None) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for name in PRODUCT_FIELDS:
        new = getattr(draft, name)
        if new is None:
            continue
        old = getattr(remote, name) if remote is not None else None
        if remote is None or not _same(old, new):
            out[name] = [_shown(old), _shown(new)]
    if draft.tags is not None:
        old_tags = sorted(remote.tags) if remote is not None else None
        if old_tags != sorted(draft.tags):
            out["tags"] = [old_tags, sorted(draft.tags)]
    theirs = _options(remote) if remote is not None else None
    if theirs != list(draft.option_names) and (draft.option_names or remote is not None):
        out["options"] = [theirs, list(draft.option_names)]
    if draft.images is not None:
        new_images = [i.remote_id or i.url for i in draft.images]
        old_images = list(remote.image_ids) if remote is not None else None
        if old_images != new_images:
            out["images"] = [old_images, new_images]
    held = {v.remote_id: v for v in remote.variants} if remote is not None else {}
    for variant in draft.variants:
        found = held.get(variant.remote_id or "")
        out.update(_variant_changes(variant, found, draft.currency))
    return out


def _variant_changes(
    new: DraftVariant, old: PublishedVariant | None, currency: str
) -> dict[str, list[Any]]:
    prefix = f"variants.{new.sku}"
    out: dict[str, list[Any]] = {}
    if old is None:
        out[prefix] = [None, "created"]
    elif old.sku != new.sku:
        out[f"{prefix}.sku"] = [old.sku, new.sku]
    if old is not None and tuple(old.options) != new.options and new.options:
        out[f"{prefix}.options"] = [list(old.options), list(new.options)]
    for name in VARIANT_FIELDS:
        value = getattr(new, name)
        if value is None:
            continue
        before = getattr(old, name) if old is not None else None
        if old is None or not _same(before, value):
            money = currency if name in MONEY else ""
            out[f"{prefix}.{name}"] = [_shown(before, money), _shown(value, money)]
    if old is not None and old.position != new.position:
        out[f"{prefix}.position"] = [old.position, new.position]
    return out


def _options(remote: PublishedProduct) -> list[str]:
    """The remote option names; a single "Title" option (no options of its own) is none."""
    if tuple(remote.option_names) == ("Title",) and len(remote.variants) <= 1:
        return []
    return list(remote.option_names)
