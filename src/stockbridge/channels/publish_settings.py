"""The settings of "Publish listings" (Push All Products / Update in Shopify), typed and
validated; stored as JSON in the `publish_listings` `OperationSettings` row.

From the Flxpoint seed's publish settings and the Stitchex / Aptimyz seeds:
- `season`: the season (name or code) whose products a run publishes; empty = every product.
- `long_title`: a title over 255 characters fails the product ("fail") or is cut ("truncate").
- `metafield_namespace` (default "custom") and `metafield_underscore`: metafield keys made
  from names ("Fit Type") use "_" ("fit_type") when on, "-" ("fit-type") when off.
- `variant_images`: each variant's own image is set on it (on by default).
- `image_dedup`: an image already uploaded to the channel (same MD5, else same URL) is
  referenced, never uploaded again, across products and runs (on by default).
- `smart_collections`: an automatic collection per product type (off by default).
- `location`: the remote location new variants are stocked at (their available quantity of
  the hub locations mapped to it); empty = none.
- `extra_attributes`: a 4th and 5th attribute travel as variant "metafields" or product
  "tags" ("Fit: Slim"), never dropped.
- `track_inventory`: the channel counts the variants' stock (on by default).
- `bulk_threshold`: a run of more products than this sends them by the channel's bulk path
  (Shopify: one staged JSONL upload and a bulk mutation per 500 products) instead of one call
  per product (default 100; 0 = always bulk).
- `delete_in_channel`: a product deleted in the hub deletes its linked product on the
  channel (Stock&Buy: "Delete a product in Stock&Buy -> deletes the corresponding product in
  Shopify"; on by default).
- `create_from_channel`: a product created in the channel (its creation event) is created in
  the hub with its variants and linked, as Import listings would import it alone, never
  overwriting a hub product it matches (Stock&Buy: "Create a new product in Shopify ->
  creates a new product in Stock&Buy"; on by default).
- `mapping` / `category_rules`: the mapping template (`publish_mapping.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError

from .publish_mapping import (
    DEFAULT_TEMPLATE,
    CategoryRule,
    MappingRow,
    metafield_key_ok,
    parse_rules,
    parse_template,
)

LONG_TITLES = ("fail", "truncate")
EXTRA_ATTRIBUTES = ("metafields", "tags")
MAX_BULK_THRESHOLD = 1_000_000
FLAGS = (
    "metafield_underscore",
    "variant_images",
    "image_dedup",
    "smart_collections",
    "delete_in_channel",
    "create_from_channel",
)


@dataclass(frozen=True, slots=True)
class PublishSettings:
    season: str = ""
    long_title: str = "fail"
    metafield_namespace: str = "custom"
    metafield_underscore: bool = True
    variant_images: bool = True
    image_dedup: bool = True
    smart_collections: bool = False
    location: str = ""
    extra_attributes: str = "metafields"
    track_inventory: bool = True
    bulk_threshold: int = 100
    delete_in_channel: bool = True
    create_from_channel: bool = True
    mapping: tuple[MappingRow, ...] = DEFAULT_TEMPLATE
    category_rules: tuple[CategoryRule, ...] = field(default=())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> PublishSettings:
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise FieldError("settings", "must be an object")
        known = {
            "season",
            "long_title",
            "metafield_namespace",
            "location",
            "extra_attributes",
            "track_inventory",
            "bulk_threshold",
            "mapping",
            "category_rules",
            *FLAGS,
        }
        for key in data:
            if key not in known:
                raise FieldError(str(key), f"unknown setting (known: {', '.join(sorted(known))})")
        values: dict[str, Any] = {}
        for key in (*FLAGS, "track_inventory"):
            if key in data:
                if not isinstance(data[key], bool):
                    raise FieldError(key, "must be true or false")
                values[key] = data[key]
        for key in ("season", "location", "metafield_namespace"):
            if key in data:
                if not isinstance(data[key], str):
                    raise FieldError(key, "must be a text")
                values[key] = check_text(key, data[key]).strip()
        namespace = values.get("metafield_namespace", "custom")
        if not 3 <= len(namespace) <= 255 or not metafield_key_ok(namespace[:64]):
            raise FieldError("metafield_namespace", "must be 3 to 255 letters, digits, '-' or '_'")
        if "long_title" in data:
            if data["long_title"] not in LONG_TITLES:
                raise FieldError("long_title", f"must be one of {', '.join(LONG_TITLES)}")
            values["long_title"] = data["long_title"]
        if "extra_attributes" in data:
            if data["extra_attributes"] not in EXTRA_ATTRIBUTES:
                raise FieldError(
                    "extra_attributes", f"must be one of {', '.join(EXTRA_ATTRIBUTES)}"
                )
            values["extra_attributes"] = data["extra_attributes"]
        if "bulk_threshold" in data:
            threshold = data["bulk_threshold"]
            if isinstance(threshold, bool) or not isinstance(threshold, int):
                raise FieldError("bulk_threshold", "must be a whole number")
            if not 0 <= threshold <= MAX_BULK_THRESHOLD:
                raise FieldError("bulk_threshold", f"must be 0 to {MAX_BULK_THRESHOLD}")
            values["bulk_threshold"] = threshold
        if "mapping" in data:
            values["mapping"] = parse_template(data["mapping"])
        if "category_rules" in data:
            values["category_rules"] = parse_rules(data["category_rules"])
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        return {
            "season": self.season,
            "long_title": self.long_title,
            "metafield_namespace": self.metafield_namespace,
            "metafield_underscore": self.metafield_underscore,
            "variant_images": self.variant_images,
            "image_dedup": self.image_dedup,
            "smart_collections": self.smart_collections,
            "location": self.location,
            "extra_attributes": self.extra_attributes,
            "track_inventory": self.track_inventory,
            "bulk_threshold": self.bulk_threshold,
            "delete_in_channel": self.delete_in_channel,
            "create_from_channel": self.create_from_channel,
            "mapping": [row.as_dict() for row in self.mapping],
            "category_rules": [rule.as_dict() for rule in self.category_rules],
        }
