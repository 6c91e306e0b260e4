"""Orders over several locations: a shopper's order split into one fulfillment order per
location, fulfilled per location, restocked where its units are held (refund CANCEL, order
cancel) or at the location a return names; and an answer lost after a request ran."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.resolvers.inventory import quantity

WH, SHOP = "gid://shopify/Location/1", "gid://shopify/Location/2"
FULFIL = """mutation($fos: [FulfillmentOrderLineItemsInput!]!) {
  fulfillmentCreate(fulfillment: {lineItemsByFulfillmentOrder: $fos,
    trackingInfo: {company: "UPS", numbers: ["1Z1", "1Z2"]}}) {
    fulfillment { id location { id } trackingInfo { number } } userErrors { field message } } }"""
REFUND = """mutation($input: RefundInput!, $key: String!) {
  refundCreate(input: $input) @idempotent(key: $key) {
    refund { id } userErrors { field message } } }"""
CANCEL = """mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, restock: true,
  refund: true) { orderCancelUserErrors { message } } }"""


def _level(sandbox: SandboxApp, sku: str, location: str) -> tuple[int, int]:
    variant = next(v for v in sandbox.store.all("ProductVariant") if v.get("sku") == sku)
    item = sandbox.store.deref(variant["inventoryItem"])
    for entry in item["inventoryLevels"]:
        level = sandbox.store.deref(entry)
        if level["location"]["__ref"] == location:
            return quantity(level, "available"), quantity(level, "committed")
    raise AssertionError(f"no level of {sku} at {location}")


def _split_order(sandbox: SandboxApp, http: httpx.Client) -> dict[str, Any]:
    """12 jackets: 10 from the warehouse (the default location), 2 from the shop."""
    assert http.post("/__sandbox/seed", json={"sample": True}).status_code == 200
    jacket = next(v for v in sandbox.store.all("ProductVariant") if v.get("sku") == "SB-001-1")
    placed = http.post(
        "/__sandbox/orders",
        json={
            "lineItems": [
                {"variantId": jacket["id"], "quantity": 10},
                {"variantId": jacket["id"], "quantity": 2},
            ]
        },
    ).json()
    order = sandbox.store.get(placed["id"])
    fos = [sandbox.store.deref(e) for e in order["fulfillmentOrders"]]
    return {
        "order": order,
        "fos": fos,
        "lines": [sandbox.store.deref(e) for e in order["lineItems"]],
        "fo_lines": [sandbox.store.deref(fo["lineItems"][0]) for fo in fos],
    }


def test_one_fulfilment_takes_fulfillment_orders_of_one_location(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    split = _split_order(sandbox, http)
    both = [{"fulfillmentOrderId": fo["id"]} for fo in split["fos"]]

    refused = gql(http, FULFIL, {"fos": both}).json()["data"]["fulfillmentCreate"]
    made = gql(http, FULFIL, {"fos": both[1:]}).json()["data"]["fulfillmentCreate"]

    assert refused == {
        "fulfillment": None,
        "userErrors": [
            {
                "field": ["fulfillment"],
                "message": "All fulfillment orders must be assigned to the same location.",
            }
        ],
    }
    assert made["userErrors"] == []
    assert made["fulfillment"]["location"] == {"id": SHOP}
    assert made["fulfillment"]["trackingInfo"] == [{"number": "1Z1"}, {"number": "1Z2"}]
    assert _level(sandbox, "SB-001-1", SHOP) == (3, 0)  # 5 - 2 sold; shipped out of committed
    assert _level(sandbox, "SB-001-1", WH) == (0, 10)
    assert split["order"]["displayFulfillmentStatus"] == "PARTIALLY_FULFILLED"


def test_a_cancel_refund_puts_units_back_where_they_are_held_and_a_return_where_it_says(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    split = _split_order(sandbox, http)
    order, lines = split["order"], split["lines"]

    cancelled = gql(
        http,
        REFUND,
        {
            "input": {
                "orderId": order["id"],
                "refundLineItems": [
                    {"lineItemId": lines[1]["id"], "quantity": 2, "restockType": "CANCEL"}
                ],
            },
            "key": "k-cancel",
        },
    ).json()["data"]["refundCreate"]
    gql(http, FULFIL, {"fos": [{"fulfillmentOrderId": split["fos"][0]["id"]}]})
    returned = gql(
        http,
        REFUND,
        {
            "input": {
                "orderId": order["id"],
                "refundLineItems": [
                    {
                        "lineItemId": lines[0]["id"],
                        "quantity": 1,
                        "restockType": "RETURN",
                        "locationId": SHOP,
                    }
                ],
            },
            "key": "k-return",
        },
    ).json()["data"]["refundCreate"]

    assert cancelled["userErrors"] == [] and returned["userErrors"] == []
    assert split["fo_lines"][1]["remainingQuantity"] == 0
    assert split["fos"][1]["status"] == "CLOSED"
    assert _level(sandbox, "SB-001-1", SHOP) == (6, 0)  # 3 + 2 cancelled + 1 returned
    assert _level(sandbox, "SB-001-1", WH) == (0, 0)  # 10 shipped


def test_cancelling_restocks_each_fulfillment_order_where_it_is_assigned(
    sandbox: SandboxApp, http: httpx.Client
) -> None:
    split = _split_order(sandbox, http)

    answer = gql(http, CANCEL, {"id": split["order"]["id"]}).json()["data"]["orderCancel"]

    assert answer == {"orderCancelUserErrors": []}
    assert _level(sandbox, "SB-001-1", WH) == (10, 0)
    assert _level(sandbox, "SB-001-1", SHOP) == (5, 0)
    assert [fo["status"] for fo in split["fos"]] == ["CLOSED", "CLOSED"]


def test_a_lost_answer_means_the_request_ran(sandbox: SandboxApp, http: httpx.Client) -> None:
    split = _split_order(sandbox, http)
    faults = http.post("/__sandbox/faults", json={"lost_answers": {"FulfillmentCreate": 1}})
    assert faults.json()["lost_answers"] == {"FulfillmentCreate": 1}
    query = "mutation FulfillmentCreate" + FULFIL.removeprefix("mutation")
    fos = [{"fulfillmentOrderId": split["fos"][1]["id"]}]

    lost = gql(http, query, {"fos": fos})
    again = gql(http, query, {"fos": fos})

    assert (lost.status_code, lost.json()) == (503, {"errors": "Service Unavailable"})
    assert again.status_code == 200
    refused = again.json()["data"]["fulfillmentCreate"]["userErrors"]
    assert [e["message"].endswith("has an unfulfillable status= closed.") for e in refused] == [
        True
    ]
    assert len(split["order"]["fulfillments"]) == 1
