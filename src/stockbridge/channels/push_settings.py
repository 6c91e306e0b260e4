"""The settings of the pushes where the hub is master of what a channel shows (the `settings`
JSON of their `OperationSettings` rows), typed and validated:

- push products: `tag` (the catalog tag that selects the products, default "wholesale"),
  `attribute_tags` (the channel fields a product's tags carry as `field:value`, default
  season, category and department) and `currency` (the one currency prices go in; empty =
  the hub's);
- push accounts: `tag` (the customer tag that selects wholesale accounts, default
  "wholesale");
- push stock by date (and its nightly reconcile): `warehouses`, which hub location (by code)
  feeds which channel warehouse (by the channel's id: a portal's warehouses are set up in its
  admin, and their ids copied here). Several locations may feed one warehouse (summed)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from stockbridge.platform.bounds import check_text
from stockbridge.platform.errors import FieldError

DEFAULT_TAG = "wholesale"
DEFAULT_ATTRIBUTES = ("season", "category", "department")


def _known(data: Mapping[str, Any] | None, known: set[str]) -> Mapping[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise FieldError("settings", "must be an object")
    for key in data:
        if key not in known:
            raise FieldError(str(key), f"unknown setting (known: {', '.join(sorted(known))})")
    return data


def _tag(data: Mapping[str, Any]) -> str:
    value = data.get("tag", DEFAULT_TAG)
    if not isinstance(value, str):
        raise FieldError("tag", "must be a tag name")
    return check_text("tag", value, limit=255, required=True).strip()


@dataclass(frozen=True, slots=True)
class PushProductsSettings:
    tag: str = DEFAULT_TAG
    attribute_tags: tuple[str, ...] = DEFAULT_ATTRIBUTES
    currency: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> PushProductsSettings:
        values = _known(data, {"tag", "attribute_tags", "currency"})
        attributes = values.get("attribute_tags", list(DEFAULT_ATTRIBUTES))
        if not isinstance(attributes, list | tuple) or not all(
            isinstance(a, str) and a.strip() and ":" not in a for a in attributes
        ):
            raise FieldError("attribute_tags", "must be a list of field names (without ':')")
        currency = values.get("currency", "")
        if not isinstance(currency, str) or (currency and len(currency.strip()) != 3):
            raise FieldError("currency", "must be a 3-letter currency code (or empty)")
        return cls(
            tag=_tag(values),
            attribute_tags=tuple(a.strip().lower() for a in attributes),
            currency=currency.strip().upper(),
        )

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["attribute_tags"] = list(self.attribute_tags)
        return data


@dataclass(frozen=True, slots=True)
class PushAccountsSettings:
    tag: str = DEFAULT_TAG

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> PushAccountsSettings:
        return cls(tag=_tag(_known(data, {"tag"})))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class PushStockByDateSettings:
    warehouses: tuple[tuple[str, str], ...] = ()  # (hub location code, channel warehouse id)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> PushStockByDateSettings:
        values = _known(data, {"warehouses"})
        given = values.get("warehouses", {})
        if not isinstance(given, Mapping):
            raise FieldError("warehouses", "must be an object of location code: warehouse id")
        pairs = []
        for code, warehouse in given.items():
            if not isinstance(warehouse, str) or not warehouse.strip():
                raise FieldError(f"warehouses.{code}", "must be the channel's warehouse id")
            pairs.append((str(code), check_text(f"warehouses.{code}", warehouse).strip()))
        return cls(warehouses=tuple(sorted(pairs)))

    def as_dict(self) -> dict[str, Any]:
        return {"warehouses": dict(self.warehouses)}
