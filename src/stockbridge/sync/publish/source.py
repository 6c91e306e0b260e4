"""The hub's side of a publish as plain values: a product with its attributes, variants and
images, read once per chunk. `drafts.py` (pure) maps these to `ProductDraft`s."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class SourceImage:
    key: str  # MD5 of the bytes, else "url:" + SHA-256 of the URL
    url: str
    alt: str = ""


@dataclass(frozen=True, slots=True)
class SourceVariant:
    id: int
    sku: str
    values: tuple[str, ...]  # attribute values, in attribute order
    position: int
    currency: str
    fields: dict[str, Any]  # sku, barcode, price, compare_at_price, cost, weight
    weight_unit: str = "g"
    image: SourceImage | None = None
    available: int | None = None  # at the publish location's mapped hub locations


@dataclass(frozen=True, slots=True)
class SourceProduct:
    id: int
    handle: str
    fields: dict[str, Any]  # title, description_html, vendor, ..., tags, custom_fields
    attributes: tuple[tuple[str, tuple[str, ...]], ...]  # (name, ordered values)
    variants: tuple[SourceVariant, ...]
    images: tuple[SourceImage, ...] = ()
    file_only_images: int = 0  # images without a URL (not publishable by URL)
    linked: dict[int, str] = field(default_factory=dict)  # variant id -> remote variant id
    remote_id: str | None = None  # the linked remote product
    fingerprint: str = ""  # the content fingerprint its listings hold (all the same), or ""


def image_key(md5: str, url: str) -> str:
    if md5:
        return md5.lower()
    return "url:" + hashlib.sha256(url.encode("utf-8")).hexdigest()
