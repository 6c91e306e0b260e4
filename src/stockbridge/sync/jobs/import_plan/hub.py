"""What the hub holds that a batch of remote products touches (loaded by the job, read by the
plan)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from stockbridge.catalog.specs import ProductSpec


@dataclass(frozen=True, slots=True)
class HubVariant:
    id: int
    sku: str
    barcode: str
    product_handle: str


@dataclass(frozen=True, slots=True)
class HubListing:
    variant_id: int
    remote_variant_id: str
    remote_product_id: str
    remote_inventory_item_id: str
    status: str


@dataclass(slots=True)
class Hub:
    """What the hub holds that a batch of remote products touches. `label` names the channel
    kind in messages (its `Kind.label`): the engine names none itself."""

    currency: str
    listings: Mapping[str, HubListing] = field(default_factory=dict)  # by remote variant id
    linked: dict[int, str] = field(default_factory=dict)  # hub variant id -> remote variant id
    variants: Mapping[int, HubVariant] = field(default_factory=dict)  # by id
    by_sku: Mapping[str, HubVariant] = field(default_factory=dict)
    by_barcode: Mapping[str, tuple[HubVariant, ...]] = field(default_factory=dict)
    products: Mapping[str, ProductSpec] = field(default_factory=dict)  # stored, by handle
    # SKUs already taken by earlier products of this run: sku -> that product's title
    seen_skus: dict[str, str] = field(default_factory=dict)
    label: str = "the channel"
