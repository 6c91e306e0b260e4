"""What a product carries beside its options and variants: its storefront URL (`custom_url`,
unique in the store), SEO fields, search keywords, its brand (made by name on the fly, as
`brand_name` documents), and custom fields (name and value; one with an `id` is updated, one
without is added)."""

from __future__ import annotations

import re
from typing import Any

from .answers import StoreError
from .store import Doc, Store

TEXTS = ("page_title", "meta_description", "search_keywords")
FIELD_LIMIT = 250


def slug(name: str) -> str:
    return "/" + "-".join(re.findall(r"[a-z0-9]+", name.lower())) + "/"


def _url(store: Store, body: dict[str, Any], own: int | None) -> dict[str, Any] | None:
    given = body.get("custom_url")
    if given is None:
        return None
    url = given.get("url") if isinstance(given, dict) else None
    if not isinstance(url, str) or not url.startswith("/"):
        raise StoreError(422, "JSON data is missing or invalid", {"custom_url": "a /path/"})
    for product in store.products.values():
        if product["id"] != own and product.get("custom_url", {}).get("url") == url:
            raise StoreError(409, f"The URL {url} is already used by another product")
    return {"url": url, "is_customized": bool(given.get("is_customized", True))}


def _custom_fields(store: Store, body: dict[str, Any], held: list[Doc]) -> list[Doc]:
    fields = body.get("custom_fields")
    if not isinstance(fields, list):
        raise StoreError(422, "JSON data is missing or invalid", {"custom_fields": "a list"})
    out = [dict(f) for f in held]
    for n, entry in enumerate(fields):
        name, value = (
            (entry.get("name"), entry.get("value")) if isinstance(entry, dict) else ("", "")
        )
        if not isinstance(name, str) or not isinstance(value, str):
            raise StoreError(
                422, "JSON data is missing or invalid", {f"custom_fields[{n}]": "name and value"}
            )
        if not 1 <= len(name) <= FIELD_LIMIT or not 1 <= len(value) <= FIELD_LIMIT:
            raise StoreError(
                422, "JSON data is missing or invalid",
                {f"custom_fields[{n}]": "name and value must be 1 to 250 characters"},
            )  # fmt: skip
        if "id" in entry:
            known = next((f for f in out if f["id"] == entry["id"]), None)
            if known is None:
                raise StoreError(404, f"custom field {entry['id']} does not exist")
            known.update(name=name, value=value)
        else:
            out.append({"id": store.next_id("custom_field"), "name": name, "value": value})
    return out


def apply(store: Store, product: Doc, body: dict[str, Any], *, creating: bool) -> None:
    """Set the fields of `body` on `product` (all checked before any is set)."""
    own = None if creating else product["id"]
    url = _url(store, body, own)
    fields = _custom_fields(store, body, product.get("custom_fields", [])) if (
        "custom_fields" in body) else None  # fmt: skip
    for name in TEXTS:
        if name in body and not isinstance(body[name], str):
            raise StoreError(422, "JSON data is missing or invalid", {name: "must be text"})
    if url is not None:
        product["custom_url"] = url
    elif creating:
        product["custom_url"] = {"url": slug(product["name"]), "is_customized": False}
    if fields is not None:
        product["custom_fields"] = fields
    elif creating:
        product["custom_fields"] = []
    for name in TEXTS:
        if name in body:
            product[name] = body[name]
        elif creating:
            product[name] = ""
    brand = body.get("brand_name")
    if isinstance(brand, str) and brand:
        product["brand_id"] = store.brands.setdefault(brand, len(store.brands) + 1)
    elif creating:
        product["brand_id"] = 0
