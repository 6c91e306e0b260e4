"""The port's publishing side: the product a connector creates or updates on a channel, what
the channel holds of a published product (to diff a preview and to check structure), and the
`Publisher` capability protocol. Plain frozen values, like `channels.port`.

A `ProductDraft` is what the channel should show after the publish, already mapped (the
mapping template and the publish settings are applied by the engine, `sync/publish/`); a
connector only translates it to its API. Money is `Decimal` in the channel's currency; a
`None` field is "not published" (left as the channel holds it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from .port import Metafield


@dataclass(frozen=True, slots=True)
class DraftImage:
    """One image of a product. `key` identifies its content (the MD5 of its bytes, else its
    URL) so that it is uploaded once per channel; `remote_id` is the channel's file once it
    was uploaded (then only referenced)."""

    key: str
    url: str
    alt: str = ""
    remote_id: str | None = None


@dataclass(frozen=True, slots=True)
class DraftVariant:
    sku: str
    options: tuple[str, ...]  # the values of the product's options, in option order
    position: int
    remote_id: str | None = None  # the linked variant, None = create
    barcode: str | None = None
    price: Decimal | None = None
    compare_at_price: Decimal | None = None
    cost: Decimal | None = None
    weight: Decimal | None = None
    weight_unit: str | None = None  # GRAMS, KILOGRAMS, OUNCES, POUNDS
    tracked: bool | None = None
    image_key: str | None = None  # one of the product's images
    metafields: tuple[Metafield, ...] = ()
    quantity: int | None = None  # initial available at `ProductDraft.location`, on create


@dataclass(frozen=True, slots=True)
class ProductDraft:
    ref: str  # the engine's own key for results
    handle: str
    title: str | None = None
    remote_id: str | None = None  # the linked product, None = create
    status: str | None = None  # ACTIVE, DRAFT, ARCHIVED
    description_html: str | None = None
    vendor: str | None = None
    product_type: str | None = None
    tags: tuple[str, ...] | None = None
    seo_title: str | None = None
    seo_description: str | None = None
    category: str | None = None  # a taxonomy category id (Shopify: TaxonomyCategory gid)
    option_names: tuple[str, ...] = ()
    variants: tuple[DraftVariant, ...] = ()
    images: tuple[DraftImage, ...] | None = None
    metafields: tuple[Metafield, ...] = ()
    currency: str = ""
    location: str | None = None  # the remote location new variants are stocked at


@dataclass(frozen=True, slots=True)
class PublishedVariant:
    remote_id: str
    inventory_item_id: str
    sku: str
    options: tuple[str, ...]
    position: int
    barcode: str | None = None
    price: Decimal | None = None
    compare_at_price: Decimal | None = None
    cost: Decimal | None = None
    weight: Decimal | None = None
    weight_unit: str | None = None
    tracked: bool | None = None
    image_id: str | None = None
    metafields: tuple[Metafield, ...] = ()


@dataclass(frozen=True, slots=True)
class PublishedProduct:
    """What the channel holds of one product, in the terms of a `ProductDraft`."""

    remote_id: str
    handle: str
    title: str
    status: str
    description_html: str
    vendor: str
    product_type: str
    tags: tuple[str, ...]
    seo_title: str | None
    seo_description: str | None
    category: str | None
    option_names: tuple[str, ...]
    variants: tuple[PublishedVariant, ...]
    image_ids: tuple[str, ...] = ()
    metafields: tuple[Metafield, ...] = ()
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ProductEvent:
    """A product event the channel sent (a webhook), read: the product as the event shows it
    (None when it was deleted) and when the channel last changed it."""

    remote_id: str
    deleted: bool
    updated_at: datetime | None
    product: PublishedProduct | None


class ProductEventReader(Protocol):
    """A webhook codec that reads the channel's product events."""

    def read_product_event(self, topic: str, body: Mapping[str, object]) -> ProductEvent:
        """The event of a stored delivery of kind PRODUCT; `Rejected` when it lacks the
        product's id."""


@dataclass(frozen=True, slots=True)
class PublishResult:
    """The outcome of one product's publish: the product as the channel now holds it and the
    channel's file id of each image key sent (to reference next time), or the reason it was
    refused (`error_kind` names a `channels.errors` class; nothing of it counts as done)."""

    ref: str
    product: PublishedProduct | None
    image_ids: Mapping[str, str] = field(default_factory=dict)
    error_kind: str | None = None
    message: str = ""
    request_excerpt: str = ""
    response_excerpt: str = ""


class Publisher(Protocol):
    """A kind that creates and updates products on its channel."""

    def publish(self, draft: ProductDraft) -> PublishResult:
        """Create the product (`remote_id` None; a product already holding the draft's
        handle is updated instead, so a retry after a lost answer never duplicates) or update
        it. A refusal of the data is a result with `error_kind="Rejected"`; a product gone is
        "NotFound"; call failures raise `channels.errors`."""

    def published(self, remote_ids: Sequence[str]) -> dict[str, PublishedProduct]:
        """What the channel holds of these products (a product it does not know is left
        out)."""

    def ensure_collection(self, product_type: str) -> str:
        """The channel's automatic collection of every product of `product_type`, created
        when it does not exist yet; answers its remote id."""
