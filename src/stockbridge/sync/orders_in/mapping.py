"""A channel's order as the orders domain's `OrderSpec`. Pure: plain values in, a spec out.

Lines are linked to hub variants through listings (`variant_of`: channel variant id -> hub
variant id), else by SKU (`variant_by_sku`); a line with no variant behind it (a custom
item, a product deleted on the channel, a variant the hub does not have) is imported
unlinked, saying why, and never blocks the order. Totals are the channel's: the stated
total is kept (`totals_policy="channel"`) and flagged if the hub's sum differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from stockbridge.channels.order_settings import GetOrdersSettings
from stockbridge.channels.port_orders import RemoteAddress, RemoteOrder, RemoteOrderLine
from stockbridge.orders.specs import Discount, LineSpec, OrderSpec, ShippingSpec
from stockbridge.orders.totals import Tax

ZERO = Decimal("0")
TAX_TITLE = 255
LINE_TITLE = 512


@dataclass(frozen=True, slots=True)
class MappedOrder:
    spec: OrderSpec
    line_ids: tuple[str, ...]  # the channel line id of each spec line, in order
    unlinked: int


def address(value: RemoteAddress | None) -> dict[str, Any]:
    if value is None:
        return {}
    fields = {
        "name": value.name,
        "company": value.company,
        "address1": value.address1,
        "address2": value.address2,
        "city": value.city,
        "region": value.region,
        "postal_code": value.postal_code,
        "country_code": value.country_code,
        "phone": value.phone,
    }
    return {k: v[:255] for k, v in fields.items() if v}


def _taxes(taxes: Any) -> tuple[Tax, ...]:
    return tuple(
        Tax(title=t.title[:TAX_TITLE], rate=t.rate or ZERO, amount=t.amount) for t in taxes
    )


def unlinked_reason(line: RemoteOrderLine, linked: bool) -> str:
    if linked:
        return ""
    if line.variant_remote_id is None and line.product_remote_id is None:
        return "a custom item with no product on the channel"
    if not line.product_exists:
        return "the product no longer exists on the channel"
    return "no hub variant is linked to this channel variant"


def line_spec(
    line: RemoteOrderLine, variant_of: Mapping[str, int], variant_by_sku: Mapping[str, int]
) -> LineSpec:
    variant_id = variant_of.get(line.variant_remote_id or "")
    if variant_id is None and line.variant_remote_id is not None and line.product_exists:
        variant_id = variant_by_sku.get(line.sku)
    return LineSpec(
        quantity=line.quantity,
        variant_id=variant_id,
        sku=line.sku[:255] if variant_id is None else "",
        unit_price=line.unit_price,
        title=line.title[:LINE_TITLE],
        discounts=(Discount(line.discount, "discounts"),) if line.discount > 0 else (),
        taxes=_taxes(line.taxes),
        unlinked_reason=unlinked_reason(line, variant_id is not None),
    )


def order_spec(
    order: RemoteOrder,
    *,
    origin: str,
    settings: GetOrdersSettings,
    variant_of: Mapping[str, int],
    variant_by_sku: Mapping[str, int],
    customer_id: int | None,
    location_id: int | None,
) -> MappedOrder:
    kept = [line for line in order.lines if line.quantity > 0]
    lines = tuple(line_spec(line, variant_of, variant_by_sku) for line in kept)
    wanted = set(settings.fields)
    shipping = (
        tuple(
            ShippingSpec(
                title=s.title[:255],
                price=s.price,
                code=s.code[:64],
                discount=min(s.discount, s.price),
                taxes=_taxes(s.taxes),
            )
            for s in order.shipping_lines
        )
        if "shipping" in wanted
        else ()
    )
    spec = OrderSpec(
        currency=order.currency,
        lines=lines,
        shipping_lines=shipping,
        customer_id=customer_id,
        email=order.email[:254] if "email" in wanted else "",
        billing_address=address(order.billing_address) if "addresses" in wanted else {},
        shipping_address=address(order.shipping_address) if "addresses" in wanted else {},
        tags=tuple(t[:255] for t in order.tags) if "tags" in wanted else (),
        note=order.note if "note" in wanted else "",
        invoicing="channel",
        requested_location_id=location_id,
        channel=origin,
        external_id=order.remote_id,
        external_name=order.name[:255],
        stated_total=order.total,
        totals_policy="channel",
        placed_at=order.processed_at or order.created_at,
    )
    unlinked = sum(1 for line in lines if line.unlinked_reason)
    return MappedOrder(spec, tuple(line.remote_id for line in kept), unlinked)
