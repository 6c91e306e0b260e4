"""Exporting the catalog: products 100 a page; a variable product's variations 100 a page
under it. WooCommerce has no bulk export, so this is one call per page of products plus one
per page of each variable product's variations, streamed product by product.

Mapping (WooCommerce -> the port): a simple product is one variant (its own id, no options);
a variable product's variations are its variants, their options the product's variation
attributes in position order. `regular_price` / `sale_price`: on sale, the price is the sale
price and the compare-at price the regular one; else the price is the regular price. Status
`publish` is active and published; `draft`, `pending` and `private` are drafts. Stock:
`manage_stock` is `tracked`, `stock_quantity` the quantity at the one location. WooCommerce's
REST API has no vendor, product type (its `type` is simple/variable), barcode or cost; they
are left empty."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from stockbridge.channels.errors import Unavailable
from stockbridge.channels.port import RemoteProduct, RemoteQuantity, RemoteVariant

from .client import WooClient
from .ids import STOCK, item_id

SELLABLE = ("simple", "variable")


def export_catalog(client: WooClient) -> Iterator[RemoteProduct]:
    for product in client.pages("/products", {"status": "any"}):
        if product.get("type") not in SELLABLE:
            continue  # grouped and external products hold no stock of their own
        variations = (
            list(client.pages(f"/products/{product['id']}/variations"))
            if product.get("type") == "variable"
            else []
        )
        yield product_of(product, variations)


def product_of(product: dict[str, Any], variations: list[dict[str, Any]]) -> RemoteProduct:
    status = str(product.get("status") or "")
    attributes = sorted(
        (a for a in product.get("attributes") or () if a.get("variation")),
        key=lambda a: int(a.get("position") or 0),
    )
    names = tuple(str(a.get("name") or "") for a in attributes)
    if product.get("type") == "variable":
        variants = tuple(variant_of(v, product, names, n) for n, v in enumerate(variations))
    else:
        variants = (variant_of(product, product, (), 0),)
    return RemoteProduct(
        remote_id=str(product["id"]),
        title=str(product.get("name") or ""),
        handle=str(product.get("slug") or ""),
        status="active" if status == "publish" else "draft",
        published=status == "publish",
        description_html=str(product.get("description") or ""),
        tags=tuple(str(t.get("name") or "") for t in product.get("tags") or ()),
        option_names=names if product.get("type") == "variable" else (),
        image_urls=tuple(str(i["src"]) for i in product.get("images") or () if i.get("src")),
        variants=variants,
    )


def variant_of(
    item: dict[str, Any], product: dict[str, Any], names: tuple[str, ...], position: int
) -> RemoteVariant:
    variation = item is not product
    owner = f"{'variation' if variation else 'product'} {item.get('sku') or item.get('id')}"
    chosen = (
        {str(a.get("name") or ""): str(a.get("option") or "") for a in item.get("attributes") or ()}
        if variation
        else {}
    )
    options = tuple((name, chosen.get(name, "")) for name in names)
    regular = _decimal(item.get("regular_price"), "the regular price", owner)
    sale = _decimal(item.get("sale_price"), "the sale price", owner)
    on_sale = bool(item.get("on_sale")) and sale is not None
    tracked = bool(item.get("manage_stock") is True)
    quantity = item.get("stock_quantity")
    if tracked and not isinstance(quantity, int):
        raise Unavailable(f"WooCommerce manages the stock of {owner} but gave no quantity")
    shown = (
        (RemoteQuantity(location_remote_id=STOCK, available=quantity),)
        if tracked and isinstance(quantity, int)
        else ()
    )
    title = str(product.get("name") or "")
    if variation:
        title = " - ".join([title, ", ".join(v for _, v in options if v)]) if options else title
    image = item.get("image") if variation else None
    return RemoteVariant(
        remote_id=str(item["id"]),
        inventory_item_id=item_id(product["id"], item["id"] if variation else None),
        sku=str(item.get("sku") or ""),
        barcode="",
        title=title,
        options=options,
        price=sale if on_sale else regular,
        compare_at_price=regular if on_sale else None,
        tracked=tracked,
        position=position,
        image_url=str(image["src"]) if isinstance(image, dict) and image.get("src") else None,
        quantities=shown,
    )


def _decimal(value: Any, what: str, owner: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise Unavailable(
            f"WooCommerce gave {what} {value!r} for {owner}, which is not a number",
            excerpt=str(value),
        ) from None
