"""Products and variations: writes as WooCommerce's REST controllers apply them, and the
properties WooCommerce derives (price, on sale, stock status, purchasable, permalink)."""

from __future__ import annotations

import copy
from decimal import Decimal, InvalidOperation
from typing import Any

from . import blanks, derived, fields
from .errors import RestError, invalid_id, invalid_param
from .store import Store
from .terms import Terms, download_id, slugify


class Catalog:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.terms = Terms()
        self.media = 1000

    # -- products ----------------------------------------------------------------------------
    def create_product(self, body: dict[str, Any]) -> dict[str, Any]:
        product = blanks.product()
        product["id"] = self.store.post_id()
        self._write_product(product, body)
        self.store.stamp(product, created=True)
        self.store.products[product["id"]] = product
        self.store.index_sku(product["id"], "", product["sku"])
        self.derive(product)
        return product

    def update_product(self, product_id: Any, body: dict[str, Any]) -> dict[str, Any]:
        product = self.product(product_id)
        draft = copy.deepcopy(product)
        self._write_product(draft, body, own_id=product["id"])
        self.store.index_sku(product["id"], product["sku"], draft["sku"])
        product.update(draft)
        self.store.stamp(product, created=False)
        self.derive(product)
        return product

    def delete_product(self, product_id: Any, force: bool) -> dict[str, Any]:
        product = self.product(product_id)
        if not force:
            raise RestError(
                501,
                "woocommerce_rest_trash_not_supported",
                "The product does not support trashing.",
            )
        answer = self.present_product(product)
        for child in self.store.children(product["id"]):
            del self.store.variations[child["id"]]
            self.store.orphan(child["id"])
        self.store.index_sku(product["id"], product["sku"], "")
        del self.store.products[product["id"]]
        return answer

    def product(self, product_id: Any) -> dict[str, Any]:
        found = self.store.products.get(_int(product_id))
        if found is None:
            raise invalid_id("product")
        return found

    def _write_product(
        self, product: dict[str, Any], body: dict[str, Any], own_id: int = 0
    ) -> None:
        for name, rule in fields.PRODUCT.items():
            if name in body:
                product[name] = fields.check(name, body[name], rule)
        self._selling(product, body, own_id)
        if "name" in body and not body.get("slug") and not product["slug"]:
            product["slug"] = self._unique_slug(slugify(product["name"]) or str(product["id"]))
        for kind in ("categories", "tags"):
            if kind in body:
                product[kind] = self.terms.resolve(kind, body[kind])
        if "images" in body:
            product["images"] = [self._image(i) for i in _list("images", body["images"])]
        if "attributes" in body:
            product["attributes"] = [
                self._attribute(a, n) for n, a in enumerate(_list("attributes", body["attributes"]))
            ]
        if "default_attributes" in body:
            product["default_attributes"] = [
                {
                    "id": int(a.get("id") or 0),
                    "name": self._attribute_name(a),
                    "option": str(a.get("option", "")),
                }
                for a in _list("default_attributes", body["default_attributes"])
            ]

    # -- variations --------------------------------------------------------------------------
    def create_variation(
        self, product_id: Any, body: dict[str, Any], *, derive: bool = True
    ) -> dict[str, Any]:
        parent = self.product(product_id)
        if parent["type"] != "variable":
            raise RestError(
                400,
                "woocommerce_rest_product_variation_invalid_parent",
                "The parent product is not a variable product.",
            )
        variation = blanks.variation()
        variation["id"] = self.store.post_id()
        self.store.adopt(variation["id"], parent["id"])
        try:
            self._write_variation(parent, variation, body)
        except RestError:
            self.store.orphan(variation["id"])
            raise
        self.store.stamp(variation, created=True)
        self.store.variations[variation["id"]] = variation
        self.store.index_sku(variation["id"], "", variation["sku"])
        if derive:
            self.derive(parent)
        else:
            self.derive_variation(parent, variation)
        return variation

    def update_variation(
        self, product_id: Any, variation_id: Any, body: dict[str, Any], *, derive: bool = True
    ) -> dict[str, Any]:
        parent = self.product(product_id)
        variation = self.variation(parent, variation_id)
        draft = copy.deepcopy(variation)
        self._write_variation(parent, draft, body, own_id=variation["id"])
        self.store.index_sku(variation["id"], variation["sku"], draft["sku"])
        variation.update(draft)
        self.store.stamp(variation, created=False)
        if derive:
            self.derive(parent)
        else:
            self.derive_variation(parent, variation)
        return variation

    def delete_variation(self, product_id: Any, variation_id: Any, force: bool) -> dict[str, Any]:
        parent = self.product(product_id)
        variation = self.variation(parent, variation_id)
        if not force:
            raise RestError(
                501,
                "woocommerce_rest_trash_not_supported",
                "Variations do not support trashing.",
            )
        answer = self.present_variation(variation)
        self.store.index_sku(variation["id"], variation["sku"], "")
        del self.store.variations[variation["id"]]
        self.store.orphan(variation["id"])
        self.derive(parent)
        return answer

    def variation(self, parent: dict[str, Any], variation_id: Any) -> dict[str, Any]:
        wanted = _int(variation_id)
        if self.store.parent_of.get(wanted) != parent["id"]:
            raise invalid_id("product_variation")
        return self.store.variations[wanted]

    def _write_variation(
        self,
        parent: dict[str, Any],
        variation: dict[str, Any],
        body: dict[str, Any],
        own_id: int = 0,
    ) -> None:
        for name, rule in fields.VARIATION.items():
            if name in body:
                variation[name] = fields.check(name, body[name], rule)
        self._selling(variation, body, own_id)
        if "image" in body:
            variation["image"] = None if body["image"] is None else self._image(body["image"])
        if "attributes" in body:
            variation["attributes"] = [
                {
                    "id": int(a.get("id") or 0),
                    "name": self._attribute_name(a, parent),
                    "option": str(a.get("option", "")),
                }
                for a in _list("attributes", body["attributes"])
            ]

    # -- shared rules ------------------------------------------------------------------------
    def _selling(self, item: dict[str, Any], body: dict[str, Any], own_id: int) -> None:
        for name in ("regular_price", "sale_price"):
            if name in body and body[name] != "":
                try:
                    amount = Decimal(body[name])
                except InvalidOperation:
                    raise invalid_param(name, f"{name} is not a number.") from None
                if not amount.is_finite():
                    raise invalid_param(name, f"{name} is not a number.")
        if body.get("sku"):
            owner = self.store.skus.get(body["sku"])
            if owner is not None and owner != own_id:
                raise RestError(
                    400,
                    "product_invalid_sku",
                    "Invalid or duplicated SKU.",
                    resource_id=owner,
                    unique_sku=body["sku"],
                )
        if "downloads" in body:
            item["downloads"] = [
                {
                    "id": download_id(str(d.get("file", ""))),
                    "name": str(d.get("name", "")),
                    "file": str(d.get("file", "")),
                }
                for d in _list("downloads", body["downloads"])
            ]
        if "dimensions" in body:
            sizes = body["dimensions"]
            if not isinstance(sizes, dict):
                raise invalid_param("dimensions", "dimensions is not of type object.")
            for side in ("length", "width", "height"):
                if side in sizes:
                    item["dimensions"][side] = fields.check(f"dimensions[{side}]", sizes[side], str)
        if "meta_data" in body:
            for meta in _list("meta_data", body["meta_data"]):
                key = str(meta.get("key", ""))
                existing = [m for m in item["meta_data"] if m["key"] == key]
                if existing:
                    existing[0]["value"] = meta.get("value")
                else:
                    item["meta_data"].append(
                        {"id": self.store.meta_id(), "key": key, "value": meta.get("value")}
                    )
        if not item["manage_stock"]:
            item["stock_quantity"] = None
        elif item["stock_quantity"] is None:
            item["stock_quantity"] = 0

    def _image(self, given: Any) -> dict[str, Any]:
        if not isinstance(given, dict) or not (given.get("src") or given.get("id")):
            raise invalid_param("images", "an image needs a src or an id.")
        self.media += 1
        local, gmt = self.store.clock.stamps()
        src = str(given.get("src", ""))
        return {
            "id": int(given.get("id") or self.media),
            "date_created": local,
            "date_created_gmt": gmt,
            "date_modified": local,
            "date_modified_gmt": gmt,
            "src": src,
            "name": str(given.get("name") or src.rsplit("/", 1)[-1].rsplit(".", 1)[0]),
            "alt": str(given.get("alt", "")),
        }

    def _attribute(self, given: dict[str, Any], position: int) -> dict[str, Any]:
        options = given.get("options", [])
        if not isinstance(options, list):
            raise invalid_param("attributes", "attributes[].options is not of type array.")
        return {
            "id": int(given.get("id") or 0),
            "name": self._attribute_name(given),
            "position": int(given.get("position", position)),
            "visible": bool(given.get("visible", False)),
            "variation": bool(given.get("variation", False)),
            "options": [str(o) for o in options],
        }

    def _attribute_name(self, given: Any, parent: dict[str, Any] | None = None) -> str:
        if not isinstance(given, dict):
            raise invalid_param("attributes", "attributes[] is not of type object.")
        attribute_id = int(given.get("id") or 0)
        if attribute_id and attribute_id in self.terms.attributes:
            return self.terms.attributes[attribute_id]
        if attribute_id and parent is not None:
            for own in parent["attributes"]:
                if own["id"] == attribute_id:
                    return str(own["name"])
        return str(given.get("name", ""))

    def _unique_slug(self, base: str) -> str:
        taken = {p["slug"] for p in self.store.products.values()}
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    def derive_variation(self, product: dict[str, Any], child: dict[str, Any]) -> None:
        derived.derive_variation(self.store, product, child)

    def derive(self, product: dict[str, Any]) -> None:
        """Recompute what WooCommerce derives, for a product and its variations."""
        derived.derive(self.store, product)

    # -- answers -----------------------------------------------------------------------------
    def present_product(self, product: dict[str, Any]) -> dict[str, Any]:
        answer = copy.deepcopy(product)
        answer["_links"] = self.links(f"products/{product['id']}", "products")
        return answer

    def present_variation(self, variation: dict[str, Any]) -> dict[str, Any]:
        answer = copy.deepcopy(variation)
        parent = self.store.parent_of[variation["id"]]
        answer["_links"] = {
            **self.links(
                f"products/{parent}/variations/{variation['id']}", f"products/{parent}/variations"
            ),
            "up": [{"href": self._href(f"products/{parent}")}],
        }
        return answer

    def links(self, own: str, collection: str) -> dict[str, Any]:
        return {
            "self": [{"href": self._href(own)}],
            "collection": [{"href": self._href(collection)}],
        }

    def _href(self, path: str) -> str:
        return f"{self.store.site.home_url.rstrip('/')}/wp-json/wc/v3/{path}"


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _list(name: str, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise invalid_param(name, f"{name} is not of type array of objects.")
    return value
