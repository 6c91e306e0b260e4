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
    # the channel fields tags carry, as text "season, category" (a JSON list is accepted)
    attribute_tags: str = ", ".join(DEFAULT_ATTRIBUTES)
    currency: str = ""

    @property
    def attribute_fields(self) -> tuple[str, ...]:
        return tuple(a.strip().lower() for a in self.attribute_tags.split(",") if a.strip())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> PushProductsSettings:
        values = _known(data, {"tag", "attribute_tags", "currency"})
        given = values.get("attribute_tags", cls().attribute_tags)
        names = given.split(",") if isinstance(given, str) else given
        if not isinstance(names, list | tuple) or not all(
            isinstance(a, str) and ":" not in a for a in names
        ):
            raise FieldError("attribute_tags", "must be field names separated by commas")
        currency = values.get("currency", "")
        if not isinstance(currency, str) or (currency and len(currency.strip()) != 3):
            raise FieldError("currency", "must be a 3-letter currency code (or empty)")
        return cls(
            tag=_tag(values),
            attribute_tags=", ".join(a.strip().lower() for a in names if a.strip()),
            currency=currency.strip().upper(),
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


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
    # hub location code -> channel warehouse id, as text "MAIN=5f0c..., EAST=5f0d..." (a JSON
    # object {code: id} is accepted)
    warehouses: str = ""

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        found = []
        for part in self.warehouses.split(","):
            code, _, warehouse = part.partition("=")
            if code.strip():
                found.append((code.strip(), warehouse.strip()))
        return tuple(found)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> PushStockByDateSettings:
        values = _known(data, {"warehouses"})
        given = values.get("warehouses", "")
        if isinstance(given, str):
            pairs = [p.partition("=") for p in given.split(",") if p.strip()]
            given = {
                code.strip(): warehouse.strip() if sep else "" for code, sep, warehouse in pairs
            }
        if not isinstance(given, Mapping):
            raise FieldError("warehouses", "must be location code=warehouse id, comma separated")
        checked = []
        for code, warehouse in given.items():
            if not isinstance(warehouse, str) or not warehouse.strip():
                raise FieldError(f"warehouses.{code}", "must be the channel's warehouse id")
            checked.append(f"{code}={check_text(f'warehouses.{code}', warehouse).strip()}")
        return cls(warehouses=", ".join(sorted(checked)))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
