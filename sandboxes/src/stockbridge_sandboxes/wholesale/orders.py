"""Orders and their states: draft -> review|pending -> approved -> processed -> shipped, and
cancelled from any state that is not final. Drafts never appear in `approved`; a processed
order leaves it. The status verb may be the state (`processed`) or its verb (`process`)."""

from __future__ import annotations

from typing import Any

from .http import PortalError
from .store import Doc, Portal

STATES = ("draft", "review", "pending", "approved", "processed", "shipped", "cancelled")
FINAL = ("shipped", "cancelled")
TRANSITIONS = {
    ("draft", "review"),
    ("draft", "pending"),
    ("review", "approved"),
    ("pending", "approved"),
    ("approved", "processed"),
    ("processed", "shipped"),
}
VERBS = {"process": "processed", "cancel": "cancelled", "ship": "shipped", "approve": "approved"}


def state_of(word: str) -> str:
    state = VERBS.get(word.lower(), word.lower())
    if state not in STATES:
        raise PortalError(400, f"unknown status {word}")
    return state


def move(portal: Portal, order: Doc, word: str) -> Doc:
    target = state_of(word)
    current = order["status"]
    if current == target:
        return order  # repeating a status change is harmless
    allowed = (target == "cancelled" and current not in FINAL) or (current, target) in TRANSITIONS
    if not allowed:
        raise PortalError(400, f"an order in {current} cannot become {target}")
    order["status"] = target
    order["modified_on"] = portal.clock.iso()
    return order


def in_state(portal: Portal, word: str) -> list[Doc]:
    if word == "edited":
        return [o for o in portal.orders.values() if o.get("edited")]
    state = state_of(word)
    return [o for o in portal.orders.values() if o["status"] == state]


def get(portal: Portal, order_id: str) -> Doc:
    order = portal.orders.get(order_id)
    if order is None:
        raise PortalError(404, "order not found")
    return order


def by_number(portal: Portal, number: str) -> Doc:
    order = next((o for o in portal.orders.values() if o["order_number"] == number), None)
    if order is None:
        raise PortalError(404, "order not found")
    return order


def _lines(portal: Portal, lines: Any) -> list[Doc]:
    if not isinstance(lines, list) or not lines:
        raise PortalError(400, "line_items must be a non-empty list")
    out = []
    for line in lines:
        product = portal.products.get(str(line.get("product_id", "")))
        if product is None:
            raise PortalError(404, "product not found")
        sizes = line.get("sizes")
        if not isinstance(sizes, list) or not sizes:
            raise PortalError(400, "each line needs sizes")
        known = {s["size"] for s in product["sizes"]}
        for size in sizes:
            if size.get("size") not in known or not isinstance(size.get("quantity"), int):
                raise PortalError(400, f"size {size.get('size')} is not a size of the product")
        out.append(
            {
                "product": {
                    "_id": product["_id"],
                    "style_number": product["style_number"],
                    "color": product["color"],
                    "color_code": product.get("color_code", ""),
                    "brand_id": product["brand_id"],
                    "season": product["season"],
                },
                "warehouse": line.get("warehouse", ""),
                "prebook": bool(line.get("prebook", False)),
                "sizes": [
                    {"size": s["size"], "quantity": s["quantity"], "price": s.get("price", 0)}
                    for s in sizes
                ],
            }
        )
    return out


def create_draft(portal: Portal, body: Any) -> Doc:
    """A portal user's draft (control API)."""
    if not isinstance(body, dict):
        raise PortalError(400, "order must be an object")
    lines = _lines(portal, body.get("line_items"))
    now = portal.clock.iso()
    total = sum(s["quantity"] * s["price"] for line in lines for s in line["sizes"])
    order: Doc = {
        "_id": portal.new_id(),
        "order_number": portal.next_order_number(),
        "status": "draft",
        "currency_code": body.get("currency_code", "USD"),
        "line_items": lines,
        "total": total,
        "total_quantity": sum(s["quantity"] for line in lines for s in line["sizes"]),
        "discount": 0,
        "additional_percentage": 0,
        "customer_po_number": body.get("customer_po_number", ""),
        "notes": body.get("notes", ""),
        "order_tags": [],
        "edited": False,
        "split": False,
        "start_ship": body.get("start_ship", ""),
        "end_ship": body.get("end_ship", ""),
        "rep_name": body.get("rep_name", ""),
        "rep_code": body.get("rep_code", ""),
        "created_on": now,
        "modified_on": now,
        "schema_id": "541204aca01ceed9650486a4",
        "retailer": None,
        "billing_address": {},
        "shipping_address": {},
    }
    portal.orders[order["_id"]] = order
    return order


def attach_company(portal: Portal, order: Doc, company: Doc) -> Doc:
    addresses = company.get("addresses") or [{}]
    billing = next((a for a in addresses if a.get("default_billing")), addresses[0])
    shipping = next((a for a in addresses if a.get("default_shipping")), addresses[0])
    order["retailer"] = {
        "_id": company["_id"],
        "retailer_name": company["name"],
        "retailer_code": company.get("code", ""),
        "buyer_name": "",
    }
    order["billing_address"] = dict(billing)
    order["shipping_address"] = dict(shipping)
    order["currency_code"] = company.get("currency_code", order["currency_code"])
    order["modified_on"] = portal.clock.iso()
    return order


def edit(portal: Portal, order: Doc, changes: Any) -> Doc:
    """A portal user's edit (control API): allowed in any state, as the portal allows it;
    the integration ignores edits after processing."""
    if not isinstance(changes, dict):
        raise PortalError(400, "changes must be an object")
    for key, value in changes.items():
        if key in ("_id", "order_number", "status", "created_on"):
            raise PortalError(400, f"{key} cannot be edited")
        order[key] = value
    order["edited"] = True
    order["modified_on"] = portal.clock.iso()
    return order
