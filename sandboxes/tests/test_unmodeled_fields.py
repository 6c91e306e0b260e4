"""Every field of Shopify's schema is served; one the sandbox does not hold answers a
NOT_SUPPORTED_BY_SANDBOX error naming it, never a value that would look real."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp


def _not_supported(field: str, path: list[Any]) -> dict[str, Any]:
    type_name, field_name = field.split(".")
    return {
        "message": f"Field '{field}' is not supported by the Shopify sandbox",
        "path": path,
        "extensions": {
            "code": "NOT_SUPPORTED_BY_SANDBOX",
            "typeName": type_name,
            "fieldName": field_name,
        },
    }


def _product(sandbox: SandboxApp) -> str:
    created = sandbox.execute(
        'mutation { productCreate(product: {title: "Cap"}) { product { id } } }'
    )
    return str(created["data"]["productCreate"]["product"]["id"])


def test_a_nullable_field_the_sandbox_does_not_hold_answers_null_with_an_error(
    http: httpx.Client, sandbox: SandboxApp
) -> None:
    product = _product(sandbox)

    body = gql(
        http,
        "query($id: ID!) { product(id: $id) { title combinedListing { parentProduct { id } } } }",
        {"id": product},
    ).json()

    assert body["data"] == {"product": {"title": "Cap", "combinedListing": None}}
    assert [{k: e[k] for k in ("message", "path", "extensions")} for e in body["errors"]] == [
        _not_supported("Product.combinedListing", ["product", "combinedListing"])
    ]


def test_a_non_null_field_the_sandbox_does_not_hold_voids_its_parent(
    http: httpx.Client,
) -> None:
    body = gql(http, "{ shop { name alerts { description } } }").json()

    assert body["data"] is None
    assert [{k: e[k] for k in ("message", "path", "extensions")} for e in body["errors"]] == [
        _not_supported("Shop.alerts", ["shop", "alerts"])
    ]


def test_a_root_without_a_resolver_is_served_and_answers_not_supported(
    http: httpx.Client,
) -> None:
    body = gql(http, "{ files(first: 1) { nodes { id } } }").json()

    assert body["data"] is None
    assert [{k: e[k] for k in ("message", "path", "extensions")} for e in body["errors"]] == [
        _not_supported("QueryRoot.files", ["files"])
    ]


def test_an_object_holding_a_field_as_null_answers_that_null(
    http: httpx.Client, sandbox: SandboxApp
) -> None:
    product = _product(sandbox)
    stored = sandbox.store.get(product, "Product")
    assert stored is not None
    stored["combinedListing"] = None

    body = gql(
        http,
        "query($id: ID!) { product(id: $id) { combinedListing { parentProduct { id } } } }",
        {"id": product},
    ).json()

    assert body == {
        "data": {"product": {"combinedListing": None}},
        "extensions": body["extensions"],
    }


def test_the_roots_with_resolvers_are_in_the_schema(
    http: httpx.Client, sandbox: SandboxApp
) -> None:
    http.post("/__sandbox/seed", json={"products": 1, "variants_per_product": 2})

    body = gql(
        http,
        "{ productVariants(first: 5) { nodes { title } } "
        "inventoryItems(first: 5) { nodes { tracked } } "
        "fulfillmentOrders(first: 5) { nodes { status } } }",
    ).json()

    assert "errors" not in body
    assert len(body["data"]["productVariants"]["nodes"]) == 2
    assert len(body["data"]["inventoryItems"]["nodes"]) == 2
    assert body["data"]["fulfillmentOrders"] == {"nodes": []}


def test_legacy_resource_id_is_the_number_of_the_global_id(http: httpx.Client) -> None:
    created = gql(
        http,
        "mutation { webhookSubscriptionCreate(topic: ORDERS_CREATE, "
        'webhookSubscription: {uri: "pubsub://my-project:orders"}) '
        "{ webhookSubscription { id legacyResourceId uri callbackUrl } } }",
    ).json()["data"]["webhookSubscriptionCreate"]["webhookSubscription"]

    assert created["legacyResourceId"] == created["id"].rsplit("/", 1)[1]
    # `callbackUrl` is deprecated for `uri` and carries the same destination.
    assert created["uri"] == "pubsub://my-project:orders"
    assert created["callbackUrl"] == "pubsub://my-project:orders"


def test_merchant_locations_are_not_fulfillment_service_locations(http: httpx.Client) -> None:
    http.post("/__sandbox/seed", json={"sample": True})
    gql(
        http,
        'mutation { locationAdd(input: {name: "Annex", address: {countryCode: GB}}) '
        "{ userErrors { message } } }",
    )
    service = gql(
        http,
        'mutation { fulfillmentServiceCreate(name: "Outsourced", trackingSupport: true) '
        "{ fulfillmentService { location { name isFulfillmentService } } } }",
    ).json()["data"]["fulfillmentServiceCreate"]["fulfillmentService"]

    nodes = gql(
        http,
        "{ locations(first: 10) { nodes { name isFulfillmentService createdAt } } }",
    ).json()["data"]["locations"]["nodes"]

    assert sorted((n["name"], n["isFulfillmentService"]) for n in nodes) == [
        ("Annex", False),
        ("High Street Shop", False),
        ("Outsourced", True),
        ("Stockbridge Warehouse", False),
    ]
    assert {n["createdAt"] for n in nodes} == {"2026-05-28T20:26:40Z"}  # the frozen clock
    assert service["location"] == {"name": "Outsourced", "isFulfillmentService": True}


LINES = """query($id: ID!) { order(id: $id) { lineItems(first: 5) { nodes {
  quantity currentQuantity refundableQuantity unfulfilledQuantity } } } }"""


def _order(http: httpx.Client, quantity: int) -> str:
    variant = gql(http, "{ productVariants(first: 1) { nodes { id } } }").json()["data"][
        "productVariants"
    ]["nodes"][0]["id"]
    placed = http.post(
        "/__sandbox/orders",
        json={"lineItems": [{"variantId": variant, "quantity": quantity}], "email": "a@b.test"},
    ).json()
    return str(placed["id"])


def _line(http: httpx.Client, order: str) -> dict[str, int]:
    body = gql(http, LINES, {"id": order}).json()
    assert "errors" not in body
    return dict(body["data"]["order"]["lineItems"]["nodes"][0])


def test_line_quantities_follow_fulfilments_and_refunds(http: httpx.Client) -> None:
    http.post("/__sandbox/seed", json={"sample": True})
    shipped, refunded = _order(http, 3), _order(http, 2)

    placed = _line(http, shipped)
    http.post(f"/__sandbox/orders/{shipped.rsplit('/', 1)[1]}/fulfil", json={})
    http.post(
        f"/__sandbox/orders/{refunded.rsplit('/', 1)[1]}/refund", json={"restockType": "CANCEL"}
    )

    assert placed == {
        "quantity": 3,
        "currentQuantity": 3,
        "refundableQuantity": 3,
        "unfulfilledQuantity": 3,
    }
    assert _line(http, shipped) == {
        "quantity": 3,
        "currentQuantity": 3,
        "refundableQuantity": 3,
        "unfulfilledQuantity": 0,
    }
    assert _line(http, refunded) == {
        "quantity": 2,
        "currentQuantity": 0,
        "refundableQuantity": 0,
        "unfulfilledQuantity": 0,
    }


BULK = """mutation($q: String!) { bulkOperationRunQuery(query: $q) {
  bulkOperation { status } userErrors { field message } } }"""


def test_a_bulk_query_naming_a_field_the_sandbox_does_not_hold_is_refused(
    http: httpx.Client,
) -> None:
    http.post("/__sandbox/seed", json={"products": 2})

    refused = gql(
        http,
        BULK,
        {"q": "{ products { edges { node { id combinedListing { parentProduct { id } } } } } }"},
    ).json()["data"]["bulkOperationRunQuery"]
    unrooted = gql(http, BULK, {"q": "{ files { edges { node { id } } } }"}).json()["data"][
        "bulkOperationRunQuery"
    ]

    assert refused == {
        "bulkOperation": None,
        "userErrors": [
            {
                "field": ["query"],
                "message": "Invalid bulk query: Field 'Product.combinedListing' is not "
                "supported by the Shopify sandbox",
            }
        ],
    }
    assert unrooted["userErrors"] == [
        {
            "field": ["query"],
            "message": "Invalid bulk query: Field 'QueryRoot.files' is not supported by the "
            "Shopify sandbox",
        }
    ]


DEFINE = """mutation($definition: MetafieldDefinitionInput!) {
  metafieldDefinitionCreate(definition: $definition) {
    createdDefinition { key } userErrors { message } } }"""
DEFINITION = {
    "name": "Shade",
    "namespace": "custom",
    "key": "shade",
    "type": "single_line_text_field",
}


def test_an_input_field_the_sandbox_would_ignore_is_refused_naming_it(
    http: httpx.Client,
) -> None:
    refused = gql(
        http,
        DEFINE,
        {
            "definition": {
                **DEFINITION,
                "ownerType": "PRODUCT",
                "access": {"admin": "MERCHANT_READ"},
            }
        },
    ).json()
    accepted = gql(http, DEFINE, {"definition": {**DEFINITION, "ownerType": "PRODUCT"}}).json()

    assert refused["data"] == {"metafieldDefinitionCreate": None}
    assert [{k: e[k] for k in ("message", "path", "extensions")} for e in refused["errors"]] == [
        {
            "message": "Input 'MetafieldDefinitionInput.access' is not supported by the "
            "Shopify sandbox",
            "path": ["metafieldDefinitionCreate"],
            "extensions": {
                "code": "NOT_SUPPORTED_BY_SANDBOX",
                "inputName": "MetafieldDefinitionInput.access",
            },
        }
    ]
    assert accepted["data"]["metafieldDefinitionCreate"] == {
        "createdDefinition": {"key": "shade"},
        "userErrors": [],
    }


def test_a_fulfillment_order_names_the_order_it_belongs_to(http: httpx.Client) -> None:
    http.post("/__sandbox/seed", json={"sample": True})
    order = _order(http, 1)

    body = gql(
        http,
        "query($id: ID!) { order(id: $id) { id name processedAt "
        "fulfillmentOrders(first: 1) { nodes { orderId orderName orderProcessedAt } } } }",
        {"id": order},
    ).json()["data"]["order"]

    assert body["fulfillmentOrders"]["nodes"] == [
        {
            "orderId": body["id"],
            "orderName": body["name"],
            "orderProcessedAt": body["processedAt"],
        }
    ]
