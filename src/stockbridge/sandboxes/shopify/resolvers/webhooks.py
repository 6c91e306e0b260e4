"""Webhook subscriptions: create, update, delete (listing is a root read)."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge.sandboxes.shopify.resolvers.payloads import user_error
from stockbridge.sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge.sandboxes.shopify.store import Obj

SCHEMES = ("https://", "http://", "pubsub://", "arn:aws:events:")


def topic_wire(topic: str) -> str:
    """`ORDERS_CREATE` -> `orders/create` (the first underscore of the resource splits)."""
    from stockbridge.sandboxes.shopify.webhooks import TOPICS

    return TOPICS.get(topic, topic.lower().replace("_", "/", 1))


def _uri(data: Obj) -> str | None:
    return data.get("uri") or data.get("callbackUrl")


def _invalid(uri: str | None) -> list[Obj]:
    if not uri:
        return [user_error(["webhookSubscription", "callbackUrl"], "Address can't be blank")]
    if not uri.startswith(SCHEMES):
        return [user_error(["webhookSubscription", "callbackUrl"], "Address is invalid")]
    return []


def _apply(sub: Obj, data: Obj, uri: str) -> None:
    sub["uri"] = uri
    sub["callbackUrl"] = uri if uri.startswith("http") else None
    sub["endpoint"] = {"__typename": "WebhookHttpEndpoint", "callbackUrl": uri}
    for key in ("includeFields", "metafieldNamespaces", "filter", "format", "name"):
        if key in data:
            sub[key] = data[key]


@mutation("webhookSubscriptionCreate")
def create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    data = args.get("webhookSubscription") or {}
    uri = _uri(data)
    errors = _invalid(uri)
    topic = args.get("topic") or ""
    if not errors:
        for other in ctx.store.all("WebhookSubscription"):
            if other.get("topic") == topic and other.get("uri") == uri:
                errors = [
                    user_error(
                        ["webhookSubscription", "callbackUrl"],
                        "Address for this topic has already been taken",
                    )
                ]
    if errors:
        return {"webhookSubscription": None, "userErrors": errors}
    now = ctx.store.now()
    sub = ctx.store.create(
        "WebhookSubscription",
        {
            "topic": topic,
            "format": "JSON",
            "includeFields": [],
            "metafieldNamespaces": [],
            "filter": None,
            "createdAt": now,
            "updatedAt": now,
            "apiVersion": {"handle": ctx.version, "displayName": ctx.version, "supported": True},
        },
    )
    _apply(sub, data, str(uri))
    return {"webhookSubscription": sub, "userErrors": []}


@mutation("webhookSubscriptionUpdate")
def update(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    sub = ctx.store.get(args.get("id"), "WebhookSubscription")
    if sub is None:
        return {
            "webhookSubscription": None,
            "userErrors": [user_error(["id"], "Webhook subscription does not exist")],
        }
    data = args.get("webhookSubscription") or {}
    uri = _uri(data) or sub.get("uri")
    errors = _invalid(uri)
    if errors:
        return {"webhookSubscription": None, "userErrors": errors}
    _apply(sub, data, str(uri))
    sub["updatedAt"] = ctx.store.now()
    return {"webhookSubscription": sub, "userErrors": []}


@mutation("webhookSubscriptionDelete")
def delete(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    sub = ctx.store.get(args.get("id"), "WebhookSubscription")
    if sub is None:
        return {
            "deletedWebhookSubscriptionId": None,
            "userErrors": [user_error(["id"], "Webhook subscription does not exist")],
        }
    ctx.store.delete(sub["id"])
    return {"deletedWebhookSubscriptionId": sub["id"], "userErrors": []}
