"""Tagged hub products -> `StyleDraft`s (pure).

- A product becomes one style per colour (the value of its attribute named Color or Colour;
  one style when it has none), keyed `external_id` = handle, or handle + "-" + colour.
- A size is the variant's other attribute values joined by " / " ("default" with none).
- Prices are the channel's one currency: wholesale = the variant's wholesale price, retail =
  its price; the style's are its first size's. A variant priced in another currency sends no
  price and is a warning (never converted, never a failure).
- The product's tags `field:value` set the channel attributes named in the settings (season,
  category...). Custom fields and availability dates are never part of a draft.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from stockbridge.channels.port_styles import StyleDraft, StyleSize

COLOUR_NAMES = frozenset({"color", "colour"})
NO_SIZE = "default"


@dataclass(frozen=True, slots=True)
class HubVariant:
    id: int
    sku: str
    barcode: str
    values: tuple[str, ...]  # attribute values, in attribute order
    currency: str
    price: Decimal
    wholesale_price: Decimal | None


@dataclass(frozen=True, slots=True)
class HubProduct:
    id: int
    handle: str
    title: str
    description: str
    tags: tuple[str, ...]
    attribute_names: tuple[str, ...]
    variants: tuple[HubVariant, ...]
    # variant id -> (remote style id, the content fingerprint its listing holds)
    linked: Mapping[int, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PriceWarning:
    ref: str
    message: str


@dataclass(frozen=True, slots=True)
class Style:
    product_id: int
    draft: StyleDraft
    variant_ids: Mapping[str, int]  # sku -> hub variant id
    fingerprint: str  # of the draft's content (what the channel should hold)
    pushed_fingerprint: str  # what its listings hold ("" = never pushed or not all alike)


def tag_attributes(tags: tuple[str, ...], fields: tuple[str, ...]) -> dict[str, str]:
    """`{field: value}` from tags written `field:value` (the field case-insensitive), for the
    fields asked; the last tag of a field wins."""
    found: dict[str, str] = {}
    for tag in tags:
        name, sep, value = tag.partition(":")
        if sep and name.strip().lower() in fields and value.strip():
            found[name.strip().lower()] = value.strip()
    return found


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def styles_of(
    product: HubProduct, *, currency: str, attribute_tags: tuple[str, ...]
) -> tuple[list[Style], list[PriceWarning]]:
    colour_at = next(
        (i for i, n in enumerate(product.attribute_names) if n.lower() in COLOUR_NAMES), None
    )
    groups: dict[str, list[HubVariant]] = {}
    for variant in product.variants:
        colour = variant.values[colour_at] if colour_at is not None else ""
        groups.setdefault(colour, []).append(variant)
    attributes = tag_attributes(product.tags, attribute_tags)
    styles: list[Style] = []
    warnings: list[PriceWarning] = []
    for colour, variants in groups.items():
        sizes = []
        for variant in variants:
            size = " / ".join(v for i, v in enumerate(variant.values) if i != colour_at)
            priced = variant.currency == currency
            if not priced:
                warnings.append(
                    PriceWarning(
                        ref=f"price:{variant.sku}",
                        message=(
                            f"{variant.sku} is priced in {variant.currency}: its price is not "
                            f"sent (the channel takes {currency} only)"
                        ),
                    )
                )
            sizes.append(
                StyleSize(
                    sku=variant.sku,
                    size=size or NO_SIZE,
                    barcode=variant.barcode,
                    wholesale=variant.wholesale_price if priced else None,
                    retail=variant.price if priced else None,
                )
            )
        external_id = product.handle + (f"-{_slug(colour)}" if colour else "")
        first = next((s for s in sizes if s.wholesale is not None), None)
        linked = [product.linked[v.id] for v in variants if v.id in product.linked]
        remote_ids = {remote for remote, _ in linked}
        draft = StyleDraft(
            ref=f"style:{external_id}",
            external_id=external_id,
            name=product.title,
            style_number=product.handle,
            color=colour or NO_SIZE,
            currency=currency,
            wholesale=first.wholesale if first else None,
            retail=first.retail if first else None,
            sizes=tuple(sizes),
            description=product.description,
            attributes=attributes,
            remote_id=next(iter(remote_ids)) if len(remote_ids) == 1 else None,
        )
        pushed = {fp for _, fp in linked}
        styles.append(
            Style(
                product_id=product.id,
                draft=draft,
                variant_ids={v.sku: v.id for v in variants},
                fingerprint=fingerprint(draft),
                pushed_fingerprint=(
                    next(iter(pushed)) if len(pushed) == 1 and len(linked) == len(variants) else ""
                ),
            )
        )
    return styles, warnings


def fingerprint(draft: StyleDraft) -> str:
    """The draft's content (not its ref or remote id), as a short digest."""
    content = {
        "external_id": draft.external_id,
        "name": draft.name,
        "style_number": draft.style_number,
        "color": draft.color,
        "currency": draft.currency,
        "wholesale": str(draft.wholesale),
        "retail": str(draft.retail),
        "description": draft.description,
        "attributes": dict(sorted(draft.attributes.items())),
        "sizes": [[s.sku, s.size, s.barcode, str(s.wholesale), str(s.retail)] for s in draft.sizes],
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:32]
