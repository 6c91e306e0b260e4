"""What BigCommerce holds of a published product, read back as the port's `PublishedProduct`
(`GET /v3/catalog/products?id:in=...&include=variants,options,custom_fields`, the variants'
metafields from `GET /v3/catalog/variants/metafields?resource_id:in=...`). A variant's
inventory item is the variant itself. The brand is held by id only: `vendor` reads "". An
amount BigCommerce holds as 0 (retail, cost) is none."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from stockbridge.channels.errors import Unavailable
from stockbridge.channels.port import Metafield
from stockbridge.channels.port_publish import PublishedProduct, PublishedVariant

from ..client import BigCommerceClient
from ..orders.values import moment
from .bodies import PRODUCT_TYPE

INCLUDE = "variants,options,custom_fields"
PAGE = 50


def _amount(value: Any, *, zero_is_none: bool = False) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        found = Decimal(str(value))
    except InvalidOperation as exc:
        raise Unavailable(
            f"BigCommerce answered an amount that is not a number: {value!r}"
        ) from exc
    return None if zero_is_none and found == 0 else found


def metafields_of(client: BigCommerceClient, variant_ids: Sequence[str]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for start in range(0, len(variant_ids), PAGE):
        ids = ",".join(variant_ids[start : start + PAGE])
        for row in client.pages("/catalog/variants/metafields", {"resource_id:in": ids}):
            found.setdefault(str(row["resource_id"]), []).append(row)
    return found


def _variant(
    doc: Mapping[str, Any], position: int, tracked: bool, fields: Sequence[Any]
) -> PublishedVariant:
    return PublishedVariant(
        remote_id=str(doc["id"]),
        inventory_item_id=str(doc["id"]),
        sku=str(doc.get("sku") or ""),
        options=tuple(str(v.get("label")) for v in doc.get("option_values") or []),
        position=position,
        barcode=str(doc.get("upc") or "") or None,
        price=_amount(doc.get("price")),
        compare_at_price=_amount(doc.get("retail_price"), zero_is_none=True),
        cost=_amount(doc.get("cost_price"), zero_is_none=True),
        weight=_amount(doc.get("weight")),
        tracked=tracked,
        metafields=tuple(
            Metafield(str(m["namespace"]), str(m["key"]), "single_line_text_field", str(m["value"]))
            for m in fields
        ),
    )


def product(doc: Mapping[str, Any], metafields: Mapping[str, list[Any]]) -> PublishedProduct:
    fields = {str(f.get("name")): str(f.get("value")) for f in doc.get("custom_fields") or []}
    tracked = doc.get("inventory_tracking", "none") != "none"
    keywords = str(doc.get("search_keywords") or "")
    return PublishedProduct(
        remote_id=str(doc["id"]),
        handle=str((doc.get("custom_url") or {}).get("url", "")).strip("/"),
        title=str(doc.get("name") or ""),
        status="active" if doc.get("is_visible", True) else "draft",
        description_html=str(doc.get("description") or ""),
        vendor="",
        product_type=fields.pop(PRODUCT_TYPE, ""),
        tags=tuple(t.strip() for t in keywords.split(",") if t.strip()),
        seo_title=str(doc.get("page_title") or "") or None,
        seo_description=str(doc.get("meta_description") or "") or None,
        category=None,
        option_names=tuple(str(o["display_name"]) for o in doc.get("options") or []),
        variants=tuple(
            _variant(v, n + 1, tracked, metafields.get(str(v["id"]), []))
            for n, v in enumerate(doc.get("variants") or [])
        ),
        metafields=tuple(
            Metafield("custom_fields", name, "single_line_text_field", value)
            for name, value in fields.items()
        ),
        updated_at=moment(doc, "date_modified"),
    )


def published(client: BigCommerceClient, remote_ids: Sequence[str]) -> dict[str, PublishedProduct]:
    ids = [i for i in dict.fromkeys(remote_ids) if i.isdigit()]
    out: dict[str, PublishedProduct] = {}
    for start in range(0, len(ids), PAGE):
        docs = list(
            client.pages(
                "/catalog/products",
                {"id:in": ",".join(ids[start : start + PAGE]), "include": INCLUDE},
            )
        )
        variant_ids = [str(v["id"]) for d in docs for v in d.get("variants") or []]
        fields = metafields_of(client, variant_ids)
        for doc in docs:
            out[str(doc["id"])] = product(doc, fields)
    return out
