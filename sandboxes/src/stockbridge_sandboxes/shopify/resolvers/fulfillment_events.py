"""A fulfillment's tracking events (`fulfillmentEventCreate`) and its detail read
(`fulfillment(id:)`, `Fulfillment.service`).

An event is recorded as given (its `happenedAt` defaults to now) and moves the fulfillment's
shipment state: its display status follows the event's status (a cancelled fulfillment stays
CANCELED, though it accepts events), IN_TRANSIT sets `inTransitAt` and DELIVERED
`deliveredAt` to when the event happened, and an event's `estimatedDeliveryAt` becomes the
fulfillment's. A fulfillment the merchant made is handled by the manual fulfillment service
at its location.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation, query
from stockbridge_sandboxes.shopify.store import Obj, ref

EVENT_FIELDS = (
    "status",
    "message",
    "estimatedDeliveryAt",
    "city",
    "province",
    "country",
    "zip",
    "address1",
    "latitude",
    "longitude",
)
# Event statuses that are also display statuses of the fulfillment they happen to.
DISPLAYED = {
    "ATTEMPTED_DELIVERY",
    "CARRIER_PICKED_UP",
    "CONFIRMED",
    "DELAYED",
    "DELIVERED",
    "FAILURE",
    "IN_TRANSIT",
    "LABEL_PRINTED",
    "LABEL_PURCHASED",
    "OUT_FOR_DELIVERY",
    "READY_FOR_PICKUP",
}
MANUAL_SERVICE = "gid://shopify/FulfillmentService/manual"


@query("fulfillment")
def fulfillment_read(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return ctx.store.get(args.get("id"), "Fulfillment")


@mutation("fulfillmentEventCreate")
def fulfillment_event_create(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    store = ctx.store
    data = args.get("fulfillmentEvent") or {}
    fulfillment = store.get(data.get("fulfillmentId"), "Fulfillment")
    if fulfillment is None:
        return {
            "fulfillmentEvent": None,
            "userErrors": [
                user_error(["fulfillmentEvent", "fulfillmentId"], "Fulfillment does not exist.")
            ],
        }
    now = store.now()
    event = store.create(
        "FulfillmentEvent",
        {key: data.get(key) for key in EVENT_FIELDS}
        | {"happenedAt": data.get("happenedAt") or now, "createdAt": now},
    )
    fulfillment["events"] = [*(fulfillment.get("events") or []), ref(event["id"])]
    status = str(data.get("status") or "")
    if fulfillment.get("status") != "CANCELLED" and status in DISPLAYED:
        fulfillment["displayStatus"] = status
    if status == "IN_TRANSIT":
        fulfillment["inTransitAt"] = event["happenedAt"]
    if status == "DELIVERED":
        fulfillment["deliveredAt"] = event["happenedAt"]
    if data.get("estimatedDeliveryAt"):
        fulfillment["estimatedDeliveryAt"] = data["estimatedDeliveryAt"]
    fulfillment["updatedAt"] = now
    return {"fulfillmentEvent": event, "userErrors": []}


@computed("Fulfillment", "service")
def fulfillment_service(
    ctx: Context, fulfillment: Any, _a: dict[str, Any], _i: GraphQLResolveInfo
) -> Obj | None:
    if not isinstance(fulfillment, dict):
        return None
    if fulfillment.get("service"):
        found = ctx.store.deref(fulfillment["service"])
        return found if isinstance(found, dict) else fulfillment["service"]
    return {
        "id": MANUAL_SERVICE,
        "handle": "manual",
        "serviceName": "Manual",
        "trackingSupport": False,
        "type": "MANUAL",
        "inventoryManagement": False,
        "requiresShippingMethod": False,
        "location": fulfillment.get("location"),
    }
