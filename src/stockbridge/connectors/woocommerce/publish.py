"""Publishing one product: a simple product (no options) or a variable product whose options
are its variation attributes and whose variants are its variations.

- Create: `POST /products` (type, name, slug = the handle, status, description, images,
  attributes with `variation: true` and every value in option order), then the variations by
  `POST /products/<id>/variations/batch`, up to 100 a call. A product whose slug is already in
  the store is updated instead (a retry after a lost answer never makes it twice), and a
  variation whose SKU the product already has is updated, not created again.
- Update: `PUT /products/<id>` with what the draft publishes, then the variations: linked
  ones (and ones matching by SKU) updated, new ones created. WooCommerce keeps variations not
  sent (nothing is deleted).
- Status: active -> `publish`, draft -> `draft`, archived -> `private`. Prices as the price
  push writes them (`prices.row`: with a compare-at price the regular price is the compare-at
  and the sale price the price). Stock: `manage_stock` when tracked; a new variant's quantity
  when the draft has a location. Weight in kilograms (WooCommerce's default unit), as text.
  Images by URL (`src`), or by id once uploaded; a variation's image by the id of the
  product's image.
- Metafields: WooCommerce's REST API has none; the product's and variants' metafields (the
  attributes beyond the options, per the `extra_attributes` setting) go as `meta_data`
  `<namespace>.<key>` = value. WooCommerce has no vendor, product type, barcode or cost
  field: they are not sent. Tags neither: a product names its tags by term id only
  (`tags: [{id}]`), and the reference documents no endpoint that makes or finds a tag.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from stockbridge.channels.errors import NotFound, Rejected
from stockbridge.channels.port import Metafield, PriceWrite
from stockbridge.channels.port_publish import DraftVariant, ProductDraft, PublishResult

from .client import WooClient
from .errors import excerpt
from .prices import row as price_row
from .published import held, variations

BATCH = 100
# WooCommerce's weights are in the store's unit, kilograms unless the merchant changed it
KILOGRAMS = {
    "KILOGRAMS": Decimal(1),
    "GRAMS": Decimal("0.001"),
    "POUNDS": Decimal("0.45359237"),
    "OUNCES": Decimal("0.028349523125"),
}


def _kilograms(weight: Decimal, unit: str | None) -> str:
    kilograms = (weight * KILOGRAMS.get((unit or "KILOGRAMS").upper(), Decimal(1))).quantize(
        Decimal("0.001")
    )
    return f"{kilograms.normalize():f}"


STATUS = {"active": "publish", "draft": "draft", "archived": "private"}


def _meta(fields: tuple[Metafield, ...]) -> list[dict[str, str]]:
    return [{"key": f"{m.namespace}.{m.key}", "value": m.value} for m in fields]


def _prices(draft: ProductDraft, v: DraftVariant) -> dict[str, Any]:
    write = PriceWrite(
        ref="",
        product_id="",
        variant_id="",
        inventory_item_id="",
        currency=draft.currency,
        price=v.price,
        compare_at_price=v.compare_at_price
        if v.compare_at_price is not None and v.price is not None and v.compare_at_price > v.price
        else None,
    )
    out = price_row(write, "0")
    del out["id"]
    if v.price is not None and "sale_price" not in out:
        out["sale_price"] = ""
    return out


def _selling(draft: ProductDraft, v: DraftVariant, images: dict[str, int]) -> dict[str, Any]:
    """What a variation (or a simple product) sells: SKU, prices, stock, weight, image."""
    out: dict[str, Any] = {"sku": v.sku, **_prices(draft, v)}
    if v.tracked is not None:
        out["manage_stock"] = v.tracked
    if draft.location and v.quantity is not None and not v.remote_id and v.tracked is not False:
        out["manage_stock"] = True
        out["stock_quantity"] = v.quantity
    if v.weight is not None:
        out["weight"] = _kilograms(v.weight, v.weight_unit)
    if v.metafields:
        out["meta_data"] = _meta(v.metafields)
    if v.image_key is not None and v.image_key in images:
        out["image"] = {"id": images[v.image_key]}
    return out


def product_body(draft: ProductDraft) -> dict[str, Any]:
    """The product's own fields (variations go apart)."""
    body: dict[str, Any] = {
        "slug": draft.handle,
        "type": "variable" if draft.option_names else "simple",
    }
    if draft.title is not None:
        body["name"] = draft.title
    if draft.status is not None:
        body["status"] = STATUS.get(draft.status.lower(), "draft")
    if draft.description_html is not None:
        body["description"] = draft.description_html
    if draft.images is not None:
        body["images"] = [
            {"id": int(i.remote_id)}
            if i.remote_id and i.remote_id.isdigit()
            else {"src": i.url, "alt": i.alt}
            for i in draft.images
        ]
    if draft.option_names:
        ordered = sorted(draft.variants, key=lambda v: v.position)
        body["attributes"] = [
            {
                "name": name,
                "position": n,
                "visible": True,
                "variation": True,
                "options": list(dict.fromkeys(v.options[n] for v in ordered)),
            }
            for n, name in enumerate(draft.option_names)
        ]
    if draft.metafields:
        body["meta_data"] = _meta(draft.metafields)
    return body


def publish(client: WooClient, draft: ProductDraft) -> PublishResult:
    body = product_body(draft)
    try:
        product = _write_product(client, draft, body)
        image_ids = _image_ids(draft, product)
        children = variations(client, product)
        if draft.option_names:
            children = _write_variations(client, draft, product, children, image_ids)
        elif draft.variants:  # a simple product sells itself
            simple = _selling(draft, draft.variants[0], image_ids)
            product = client.json(
                client.call("PUT", f"/products/{product['id']}", body=simple), "the product"
            )
    except Rejected as exc:
        return PublishResult(
            ref=draft.ref,
            product=None,
            error_kind=Rejected.__name__,
            message=f"WooCommerce refused the product: {exc.message}",
            request_excerpt=excerpt(body),
            response_excerpt=exc.excerpt,
        )
    except NotFound as exc:
        return PublishResult(
            ref=draft.ref, product=None, error_kind=NotFound.__name__, message=exc.message
        )
    return PublishResult(
        ref=draft.ref, product=held(product, children), image_ids=image_ids_by_key(draft, product)
    )


def _write_product(client: WooClient, draft: ProductDraft, body: dict[str, Any]) -> dict[str, Any]:
    remote_id = draft.remote_id
    if remote_id is None:
        same = client.json(
            client.get("/products", {"slug": draft.handle, "status": "any"}), "the products"
        )
        if isinstance(same, list) and same:  # made by an earlier attempt whose answer was lost
            remote_id = str(same[0]["id"])
    if remote_id is None:
        made = client.json(client.post("/products", body), "the product")
    else:
        made = client.json(client.call("PUT", f"/products/{remote_id}", body=body), "the product")
    if not isinstance(made, dict) or not made.get("id"):
        raise Rejected("product", "WooCommerce answered without the product")
    return made


def image_ids_by_key(draft: ProductDraft, product: dict[str, Any]) -> dict[str, str]:
    held_images = [str(i.get("id")) for i in product.get("images") or ()]
    return {
        image.key: remote
        for image, remote in zip(draft.images or (), held_images, strict=False)
        if remote
    }


def _image_ids(draft: ProductDraft, product: dict[str, Any]) -> dict[str, int]:
    return {k: int(v) for k, v in image_ids_by_key(draft, product).items() if v.isdigit()}


def _write_variations(
    client: WooClient,
    draft: ProductDraft,
    product: dict[str, Any],
    children: list[dict[str, Any]],
    images: dict[str, int],
) -> list[dict[str, Any]]:
    by_sku = {str(c.get("sku")): int(c["id"]) for c in children if c.get("sku")}
    ids = {int(c["id"]) for c in children}
    rows: list[tuple[str, dict[str, Any]]] = []
    for v in sorted(draft.variants, key=lambda v: v.position):
        row = _selling(draft, v, images)
        row["attributes"] = [
            {"name": name, "option": value}
            for name, value in zip(draft.option_names, v.options, strict=True)
        ]
        row["menu_order"] = v.position
        known = int(v.remote_id) if v.remote_id and v.remote_id.isdigit() else by_sku.get(v.sku)
        if known in ids:
            rows.append(("update", {"id": known, **row}))
        else:
            rows.append(("create", row))
    path = f"/products/{product['id']}/variations/batch"
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        body = {
            key: [r for k, r in chunk if k == key]
            for key in ("create", "update")
            if any(k == key for k, _ in chunk)
        }
        answer = client.json(client.post(path, body), "the variations")
        failed = [
            item["error"]
            for key in ("create", "update")
            for item in (answer.get(key) or [] if isinstance(answer, dict) else [])
            if isinstance(item, dict) and isinstance(item.get("error"), dict)
        ]
        if failed:
            words = "; ".join(str(e.get("message") or e.get("code")) for e in failed)
            raise Rejected("variants", words, excerpt=excerpt(failed))
    return variations(client, product)


def ensure_collection(product_type: str) -> str:
    raise Rejected(
        "smart_collections",
        "WooCommerce has no automatic collections: turn smart collections off for this channel",
    )
