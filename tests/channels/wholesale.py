"""Hub data the wholesale portal tests share: a tagged jacket in two colours and two sizes, a
tagged wholesale customer, a buyer's approved order in the portal, and running an operation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from stockbridge.catalog.services import create_product
from stockbridge.catalog.specs import AttributeSpec, ProductSpec, VariantSpec
from stockbridge.channels.models import Channel
from stockbridge.customers.services import create_customer
from stockbridge.customers.specs import AddressSpec, CustomerSpec
from stockbridge.sync.models import Run, RunItem
from stockbridge.sync.operations import run_operation
from tests.support.portals import Portal

PORTAL_TAGS = ("wholesale", "season:FW26", "category:Outerwear", "department:Women")


def jacket(
    *,
    tags: tuple[str, ...] = PORTAL_TAGS,
    currency: str = "USD",
    handle: str = "field-jacket",
    sku: str = "FJ",
) -> int:
    """A jacket in two colours and two sizes, with custom fields the portal never sees (its
    Navy variants priced in `currency`)."""
    product = create_product(
        spec=ProductSpec(
            title="Field Jacket",
            handle=handle,
            description_html="Waxed cotton.",
            tags=tags,
            custom_fields={"fabric_mill": "Halley Stevensons"},
            attributes=(
                AttributeSpec(name="Color", values=("Olive", "Navy")),
                AttributeSpec(name="Size", values=("S", "M")),
            ),
            variants=tuple(
                VariantSpec(
                    sku=f"{sku}-{colour[:3].upper()}-{size}",
                    price=Decimal("180.00"),
                    wholesale_price=Decimal("90.00") if size == "S" else Decimal("92.50"),
                    barcode=f"0001{n}",
                    currency=currency if colour == "Navy" else "USD",
                    attribute_values=(colour, size),
                )
                for n, (colour, size) in enumerate(
                    (c, s) for c in ("Olive", "Navy") for s in ("S", "M")
                )
            ),
        )
    )
    return product.pk


def operate(channel: Channel, operation: str, *, dry_run: bool = False) -> Run:
    return run_operation(channel_id=channel.pk, operation=operation, dry_run=dry_run)


def items(run: Run) -> list[tuple[str, str, str]]:
    rows = RunItem.objects.filter(run=run).order_by("id")
    return [(i.ref, i.outcome, i.message) for i in rows]


def boutique(code: str = "ACME-01") -> int:
    return create_customer(
        spec=CustomerSpec(
            kind="wholesale",
            account_code=code,
            company="Acme Boutique",
            tags=("wholesale",),
            addresses=(AddressSpec("billing", "1 Bill St", "Leeds", "GB", is_default=True),),
        )
    ).pk


def portal_order(portal: Portal, code: str, *, approve: bool = True, **custom: str) -> Any:
    """A buyer's order for the pushed Olive jacket (2 S at 90, 1 M at 92.50), attached to the
    company `code`, submitted for review and approved by the brand. (The hub holds no stock of
    it, so the imported order stays a draft, as any order short of stock does.)"""
    olive = next(p for p in portal.app.portal.products.values() if p["color"] == "Olive")
    draft = portal.control(
        "POST",
        "orders",
        {
            "line_items": [
                {
                    "product_id": olive["_id"],
                    "sizes": [
                        {"size": "S", "quantity": 2, "price": 90},
                        {"size": "M", "quantity": 1, "price": 92.5},
                    ],
                }
            ],
            "customer_po_number": "PO-77",
        },
    )
    if code not in {c["code"] for c in portal.app.portal.companies.values()}:
        portal.control("POST", "seed", {"companies": [{"name": f"Shop {code}", "code": code}]})
    portal.control("POST", f"orders/{draft['_id']}/company", {"code": code})
    if custom:
        portal.control("POST", f"orders/{draft['_id']}/custom_fields", custom)
    portal.control("POST", f"orders/{draft['_id']}/submit", {"by": "buyer"})
    if approve:
        portal.control("POST", f"orders/{draft['_id']}/approve")
    return portal.app.portal.orders[draft["_id"]]
