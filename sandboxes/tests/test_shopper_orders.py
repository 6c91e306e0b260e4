"""Orders placed as a shopper (control API): checked like Shopify's checkout, all or nothing.

A DENY variant whose inventory is tracked is not sold beyond what is available at the
location a line is routed to (the default location first, then the others); a refused cart
writes nothing; totals are exact decimals.
"""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.webhook_scenario import SUBSCRIBE, Delivered
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.resolvers.inventory import quantity

COUNTED = ("Order", "LineItem", "FulfillmentOrder", "FulfillmentOrderLineItem", "Customer")


def _variant(sandbox: SandboxApp, sku: str) -> dict[str, Any]:
    return next(v for v in sandbox.store.all("ProductVariant") if v.get("sku") == sku)


def _available(sandbox: SandboxApp, variant: dict[str, Any]) -> int:
    item = sandbox.store.deref(variant["inventoryItem"])
    level = sandbox.store.deref(item["inventoryLevels"][0])
    return quantity(level, "available")


def _counts(sandbox: SandboxApp) -> dict[str, int]:
    return {name: len(sandbox.store.all(name)) for name in COUNTED}


def _order(http: httpx.Client, lines: list[dict[str, Any]], **extra: Any) -> httpx.Response:
    return http.post("/__sandbox/orders", json={"lineItems": lines, **extra})


def _seeded(http: httpx.Client) -> None:
    assert http.post("/__sandbox/seed", json={"sample": True}).status_code == 200


def test_a_deny_variant_is_not_oversold_and_the_refusal_leaves_nothing_behind(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    _seeded(http)
    jacket = _variant(sandbox, "SB-001-1")
    delivered = Delivered()
    sandbox.webhooks.transport = delivered
    sandbox.execute(SUBSCRIBE, {"topic": "ORDERS_CREATE", "uri": "https://hooks.example/o"})
    before = _counts(sandbox)

    answer = _order(
        http, [{"variantId": jacket["id"], "quantity": 11}], email="new-shopper@example.com"
    )
    http.post("/__sandbox/tick")

    assert answer.status_code == 422
    assert answer.json() == {
        "errors": [
            {
                "field": "lineItems.0.quantity",
                "message": "only 10 of SB-001-1 available at Stockbridge Warehouse, 11 ordered",
                "code": "NOT_ENOUGH_IN_STOCK",
            }
        ]
    }
    assert _counts(sandbox) == before
    assert _available(sandbox, jacket) == 10
    assert delivered.bodies == []


def _level(sandbox: SandboxApp, variant: dict[str, Any], location: str) -> dict[str, int]:
    item = sandbox.store.deref(variant["inventoryItem"])
    for entry in item["inventoryLevels"]:
        level = sandbox.store.deref(entry)
        if level["location"]["__ref"] == location:
            return {n: quantity(level, n) for n in ("available", "committed")}
    raise AssertionError(f"no level at {location}")


def _fulfillment_orders(sandbox: SandboxApp, order_id: str) -> list[tuple[str, list[int]]]:
    order = sandbox.store.get(order_id)
    out = []
    for entry in order["fulfillmentOrders"]:
        fo = sandbox.store.deref(entry)
        quantities = [sandbox.store.deref(x)["remainingQuantity"] for x in fo["lineItems"]]
        out.append((fo["assignedLocation"]["location"]["__ref"], quantities))
    return out


def test_lines_of_one_variant_count_together(sandbox: SandboxApp, http: httpx.Client) -> None:
    """10 jackets at the warehouse (the default location), 5 at the high-street shop: 6 + 5
    is more than the warehouse holds, so the second line ships from the shop (Shopify's
    default routing: the first ranked location that has the line in stock)."""
    _seeded(http)
    jacket = _variant(sandbox, "SB-001-1")

    answer = _order(
        http,
        [{"variantId": jacket["id"], "quantity": 6}, {"variantId": jacket["id"], "quantity": 5}],
    )

    assert answer.status_code == 201
    assert _fulfillment_orders(sandbox, answer.json()["id"]) == [
        ("gid://shopify/Location/1", [6]),
        ("gid://shopify/Location/2", [5]),
    ]
    assert _level(sandbox, jacket, "gid://shopify/Location/1") == {"available": 4, "committed": 6}
    assert _level(sandbox, jacket, "gid://shopify/Location/2") == {"available": 0, "committed": 5}


def test_a_line_no_location_covers_refuses_the_cart(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    _seeded(http)
    jacket = _variant(sandbox, "SB-001-1")

    answer = _order(
        http,
        [{"variantId": jacket["id"], "quantity": 6}, {"variantId": jacket["id"], "quantity": 6}],
    )

    assert answer.status_code == 422
    assert answer.json()["errors"][0] == {
        "field": "lineItems.1.quantity",
        "message": "only 10 of SB-001-1 available at Stockbridge Warehouse, 12 ordered",
        "code": "NOT_ENOUGH_IN_STOCK",
    }
    assert _level(sandbox, jacket, "gid://shopify/Location/1") == {"available": 10, "committed": 0}
    assert _level(sandbox, jacket, "gid://shopify/Location/2") == {"available": 5, "committed": 0}


def test_exactly_what_is_available_can_be_sold(sandbox: SandboxApp, http: httpx.Client) -> None:
    _seeded(http)
    jacket = _variant(sandbox, "SB-001-1")

    answer = _order(http, [{"variantId": jacket["id"], "quantity": 10}])

    assert answer.status_code == 201
    assert _available(sandbox, jacket) == 0


def test_continue_selling_and_untracked_variants_may_go_below_zero(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    _seeded(http)
    jacket, mug = _variant(sandbox, "SB-001-1"), _variant(sandbox, "SB-004")
    jacket["inventoryPolicy"] = "CONTINUE"
    sandbox.store.deref(mug["inventoryItem"])["tracked"] = False

    answer = _order(
        http,
        [{"variantId": jacket["id"], "quantity": 12}, {"variantId": mug["id"], "quantity": 30}],
    )

    assert answer.status_code == 201
    assert (_available(sandbox, jacket), _available(sandbox, mug)) == (-2, -5)


def test_a_bad_later_line_refuses_the_whole_cart(sandbox: SandboxApp, http: httpx.Client) -> None:
    _seeded(http)
    jacket = _variant(sandbox, "SB-001-1")
    before = _counts(sandbox)

    unknown = _order(
        http,
        [
            {"variantId": jacket["id"], "quantity": 1},
            {"variantId": "gid://shopify/ProductVariant/404", "quantity": 1},
        ],
    )
    zero = _order(http, [{"variantId": jacket["id"], "quantity": 0}])
    text = _order(http, [{"variantId": jacket["id"], "quantity": "two"}])
    empty = _order(http, [])
    stranger = _order(
        http, [{"variantId": jacket["id"], "quantity": 1}], customerId="gid://shopify/Customer/9"
    )

    assert [r.status_code for r in (unknown, zero, text, empty, stranger)] == [422] * 5
    assert [r.json()["errors"][0] for r in (unknown, zero, text, empty, stranger)] == [
        {
            "field": "lineItems.1.variantId",
            "message": "unknown variant 'gid://shopify/ProductVariant/404'",
            "code": "NOT_FOUND",
        },
        {
            "field": "lineItems.0.quantity",
            "message": "must be between 1 and 1000000000, got 0",
            "code": "INVALID",
        },
        {
            "field": "lineItems.0.quantity",
            "message": "must be a whole number, got 'two'",
            "code": "INVALID",
        },
        {"field": "lineItems", "message": "must list at least one line", "code": "BLANK"},
        {
            "field": "customerId",
            "message": "unknown customer 'gid://shopify/Customer/9'",
            "code": "NOT_FOUND",
        },
    ]
    assert _counts(sandbox) == before
    assert _available(sandbox, jacket) == 10


def test_totals_are_exact_decimals_in_the_shops_currency(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    _seeded(http)
    sandbox.store.put("gid://shopify/Shop/1", {"name": "Maple", "currencyCode": "CAD"})
    jacket = _variant(sandbox, "SB-001-1")
    jacket["price"] = "99999999999999.99"  # a float cannot hold this to the cent
    mug = _variant(sandbox, "SB-004")

    answer = _order(
        http, [{"variantId": jacket["id"], "quantity": 1}, {"variantId": mug["id"], "quantity": 3}]
    )
    order = sandbox.store.get(answer.json()["id"])

    assert order["totalPriceSet"] == {
        "shopMoney": {"amount": "100000000000029.24", "currencyCode": "CAD"},
        "presentmentMoney": {"amount": "100000000000029.24", "currencyCode": "CAD"},
    }
    assert order["currencyCode"] == "CAD"


def test_contact_details_are_bounded_text(sandbox: SandboxApp, http: httpx.Client) -> None:
    _seeded(http)
    jacket = _variant(sandbox, "SB-001-1")
    line = [{"variantId": jacket["id"], "quantity": 1}]
    before = _counts(sandbox)

    long_email = _order(http, line, email="a" * 250 + "@example.com")
    odd_field = _order(http, line, shippingAddress={"street": "1 Main St"})
    nul = _order(http, line, billingAddress={"city": "Ott\u0000awa"})
    placed = _order(
        http,
        line,
        email="ada@example.com",
        shippingAddress={"firstName": "Ada", "lastName": "Lovelace", "countryCode": "CA"},
    )

    assert [r.json()["errors"][0]["field"] for r in (long_email, odd_field, nul)] == [
        "email",
        "shippingAddress.street",
        "billingAddress.city",
    ]
    assert placed.status_code == 201
    order = sandbox.store.get(placed.json()["id"])
    assert (order["shippingAddress"]["country"], order["email"]) == ("Canada", "ada@example.com")
    assert _counts(sandbox) == {
        **before,
        "Order": 1,
        "LineItem": 1,
        "FulfillmentOrder": 1,
        "FulfillmentOrderLineItem": 1,
        "Customer": 1,
    }
