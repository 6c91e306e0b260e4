"""`orderEditCommit`: a calculated order's staged changes applied to its order.

Existing lines take their staged quantity as `currentQuantity` (the ordered `quantity` stays),
their fulfillment order lines follow, and removed units are restocked when the edit asked for
it; added lines become order lines (`order_edit_additions.py`). The order's current totals
are the calculated order's, and a paid order can be left owing a negative balance. A closed
order reopens ("Order unarchived"); notifying the customer sends an invoice when a balance is
due, otherwise a notification. The order records an `edited` event and
`orders/edited` fires with the line quantities added and removed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.gid import gid_number
from stockbridge_sandboxes.shopify.resolvers.order_edit_additions import commit_added_line
from stockbridge_sandboxes.shopify.resolvers.order_edit_shipping import commit_shipping
from stockbridge_sandboxes.shopify.resolvers.order_edits import (
    NO_CALCULATED_ORDER,
    calculated_lines,
    currencies,
    current_quantity,
    open_calculated_order,
    recalculate,
    unit_price,
)
from stockbridge_sandboxes.shopify.resolvers.order_money import ZERO
from stockbridge_sandboxes.shopify.resolvers.orders import (
    _derive_fulfillment_order,
    restock_units,
    touch_order,
)
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import APP_TITLE, Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, ref


def _apply_line(ctx: Context, order: Obj, calc_line: Obj) -> None:
    """Set an existing line's current quantity to the staged one; fulfilment and stock follow."""
    store = ctx.store
    line = store.deref(calc_line.get("lineItem")) or {}
    before = current_quantity(line)
    after = int(calc_line["quantity"])
    if line and calc_line.get("hasStagedLineItemDiscount"):
        line["discountedUnitPriceSet"] = calc_line.get("discountedUnitPriceSet")
    if not line or after == before:
        return
    delta = after - before
    line["currentQuantity"] = after
    # A line recorded without its fulfillable quantity is taken as wholly unfulfilled.
    open_qty = int(line.get("fulfillableQuantity", before) or 0)
    removed_open = min(-delta, open_qty) if delta < 0 else 0
    line["fulfillableQuantity"] = max(0, open_qty + delta)
    if delta < 0 and calc_line.get("restocking") and removed_open > 0:
        restock_units(store, line, removed_open, from_committed=True)
    for fo_entry in order.get("fulfillmentOrders") or []:
        fo = store.deref(fo_entry) or {}
        for entry in fo.get("lineItems") or []:
            fo_line = store.deref(entry) or {}
            if (fo_line.get("lineItem") or {}).get("__ref") != line["id"]:
                continue
            for key in ("totalQuantity", "remainingQuantity"):
                if key in fo_line:
                    fo_line[key] = max(0, int(fo_line[key] or 0) + delta)
            return


def apply_order_totals(store: Store, order: Obj, calc: Obj) -> None:
    recalculate(store, calc)
    lines = calculated_lines(store, calc)
    cur = currencies(order, lines)
    subtotal = cur.pair(calc["subtotalPriceSet"])
    order["currentSubtotalPriceSet"] = cur.bag(subtotal)
    order["currentTotalPriceSet"] = calc["totalPriceSet"]
    order["totalOutstandingSet"] = calc["totalOutstandingSet"]
    order["currentSubtotalLineItemsQuantity"] = calc["subtotalLineItemsQuantity"]
    # Added lines join the order's total too (removals show only in the current totals).
    added = sum(
        (unit_price(cur, line).times(int(line["quantity"])) for line in lines if line.get("added")),
        ZERO,
    )
    if added != ZERO:
        before = order.get("totalPriceSet") or order.get("currentTotalPriceSet")
        order["totalPriceSet"] = cur.bag(cur.pair(before) + added)
    owed = cur.pair(order["totalOutstandingSet"]).shop
    status = order.get("displayFinancialStatus")
    if status == "PAID" and owed > 0:
        order["displayFinancialStatus"] = "PARTIALLY_PAID"
    elif status == "PARTIALLY_PAID" and owed <= 0:
        order["displayFinancialStatus"] = "PAID"


def has_changes(store: Store, calc: Obj) -> bool:
    if calc.get("addedLineItems") or calc.get("addedDiscountApplications"):
        return True
    if any(x.get("stagedStatus") != "NONE" for x in calc.get("shippingLines") or []):
        return True
    return any(
        int(line["quantity"]) != int(line.get("editableQuantityBeforeChanges") or 0)
        for line in calculated_lines(store, calc)
    )


def _numeric(gid: Any) -> int | None:
    number = gid_number(str(gid or ""))
    return int(number) if number.isdigit() else None


def _change(line: Obj, delta: int) -> Obj:
    return {"id": _numeric(line.get("id")), "delta": delta}


def edited_payload(
    order: Obj,
    event: Obj,
    notify: bool,
    staff_note: Any,
    additions: list[Obj],
    removals: list[Obj],
) -> dict[str, Any]:
    """The REST body of `orders/edited`: the edit and the line quantities it added/removed."""
    return {
        "order_edit": {
            "id": _numeric(event["id"]),
            "app_id": None,
            "created_at": event["createdAt"],
            "notify_customer": notify,
            "order_id": _numeric(order["id"]),
            "staff_note": staff_note or "",
            "user_id": None,
            "line_items": {"additions": additions, "removals": removals},
        }
    }


def _record_edit(store: Store, order: Obj, staff_note: Any) -> Obj:
    event = store.create(
        "BasicEvent",
        {
            "action": "edited",
            # Shopify names who edited: "<app title> edited this order." (attributed to the app).
            "message": f"{APP_TITLE} edited this order.",
            "createdAt": store.now(),
            "subjectType": "ORDER",
            "subject": ref(order["id"]),
            "additionalContent": {"staff_note": staff_note} if staff_note else None,
            "attributeToApp": True,
            "attributeToUser": False,
            "criticalAlert": False,
            "hasAdditionalContent": bool(staff_note),
        },
    )
    order["events"] = [*(order.get("events") or []), ref(event["id"])]
    return event


def success_messages(order: Obj, notify: bool, reopened: bool) -> list[str]:
    messages = ["Order updated"]
    if reopened:
        messages.append("Order unarchived")
    if notify:
        owed = Decimal(
            str(
                ((order.get("totalOutstandingSet") or {}).get("shopMoney") or {}).get("amount") or 0
            )
        )
        messages.append("Invoice sent" if owed > 0 else "Notification sent")
    return messages


@mutation("orderEditCommit")
def order_edit_commit(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    calc = open_calculated_order(ctx, args.get("id"))
    order = store.deref(calc.get("originalOrder")) if calc else None
    if calc is None or order is None:
        return {
            "order": None,
            "successMessages": None,
            "userErrors": [user_error(["id"], NO_CALCULATED_ORDER)],
        }
    if not has_changes(store, calc):
        return {
            "order": None,
            "successMessages": None,
            "userErrors": [user_error(["id"], "There must be at least one change to be made.")],
        }
    if "fulfillmentOrders" not in order:
        _derive_fulfillment_order(store, order)
    additions: list[Obj] = []
    removals: list[Obj] = []
    for entry in calc.get("lineItems") or []:
        calc_line = store.deref(entry)
        line = store.deref((calc_line or {}).get("lineItem"))
        if calc_line is None or line is None:
            continue
        delta = int(calc_line["quantity"]) - current_quantity(line)
        if delta:
            (additions if delta > 0 else removals).append(_change(line, abs(delta)))
        _apply_line(ctx, order, calc_line)
    for entry in calc.get("addedLineItems") or []:
        calc_line = store.deref(entry)
        added = commit_added_line(store, order, calc_line) if calc_line else None
        if added is not None:
            additions.append(_change(added, int(added["quantity"])))
    event = _record_edit(store, order, args.get("staffNote"))
    apply_order_totals(store, order, calc)
    commit_shipping(store, order, calc)
    reopened = bool(order.get("closed"))
    if reopened:
        order["closed"], order["closedAt"] = False, None
    calc["committed"] = True
    touch_order(ctx, order)
    notify = bool(args.get("notifyCustomer"))
    ctx.emit(
        "orders/edited",
        edited_payload(order, event, notify, args.get("staffNote"), additions, removals),
    )
    return {
        "order": order,
        "successMessages": success_messages(order, notify, reopened),
        "userErrors": [],
    }
