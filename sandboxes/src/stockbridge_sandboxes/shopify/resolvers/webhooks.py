"""Webhook subscriptions: create, update, delete (listing is a root read)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.search import tokenize
from stockbridge_sandboxes.shopify.store import Obj
from stockbridge_sandboxes.shopify.versions import describe


def topic_wire(topic: str) -> str:
    """`ORDERS_CREATE` -> `orders/create` (the first underscore of the resource splits)."""
    from stockbridge_sandboxes.shopify.webhooks import TOPICS

    return TOPICS.get(topic, topic.lower().replace("_", "/", 1))


def _uri(data: Obj) -> str:
    return str(data.get("uri") or data.get("callbackUrl") or "").strip()


PUBSUB_RE = re.compile(r"^pubsub://([^:]*):(.*)$")
GCP_PROJECT_RE = re.compile(r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$")
GCP_TOPIC_RE = re.compile(r"^[A-Za-z][\w\-.~+%]{2,254}$")
ARN_RE = re.compile(
    r"^arn:aws:events:[a-z0-9-]+::event-source/aws\.partner/shopify\.com(\.test)?/(\d+)/.+$"
)
LOOPBACK_RE = re.compile(r"^http://(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(/|$)")
MAX_ADDRESS_BYTES = 64 * 1024 - 1  # 65,535 bytes pass; 65,536 are "too big"


def gcp_project_valid(project: str) -> bool:
    """A GCP project id, or a project number (all digits), which Shopify accepts too."""
    return bool(GCP_PROJECT_RE.match(project)) or project.isdigit()


def gcp_topic_valid(topic: str) -> bool:
    return not topic.startswith("goog") and bool(GCP_TOPIC_RE.match(topic))


def address_problems(uri: str, api_client_id: str | None = None) -> list[str]:
    """Shopify's address checks. Plain http:// is refused as on Shopify, except to loopback
    (a sandbox allowance so local receivers can be tested without TLS)."""
    if not uri:
        return ["Address can't be blank"]
    if len(uri.encode()) > MAX_ADDRESS_BYTES:
        return ["Address is too big (maximum is 64 KB)"]
    if uri.startswith("https://"):
        host = urlsplit(uri).hostname
        return [] if host and " " not in uri else ["Address is invalid"]
    if uri.startswith("http://"):
        return [] if LOOPBACK_RE.match(uri) else ["Address protocol http:// is not supported"]
    if uri.startswith("pubsub://"):
        match = PUBSUB_RE.match(uri)
        if match is None or not match.group(2):
            return [
                "Address protocol pubsub:// is not supported",
                "Address is not a valid GCP pub/sub format. Format should be "
                "pubsub://project:topic",
            ]
        project, topic = match.groups()
        if not gcp_project_valid(project):
            return ["Address is invalid", "Address is not a valid GCP project id."]
        if not gcp_topic_valid(topic):
            return ["Address is invalid", "Address is not a valid GCP topic id."]
        return []
    if uri.startswith("arn:"):
        match = ARN_RE.match(uri)
        if match is None:
            return ["Address is invalid", "Address is not a valid AWS ARN"]
        if api_client_id is not None and match.group(2) != api_client_id:
            return [
                "Address is invalid",
                f"Address is an AWS ARN and includes api_client_id '{match.group(2)}' "
                f"instead of '{api_client_id}'",
            ]
        return []
    scheme = uri.split("://", 1)[0] if "://" in uri else None
    if scheme:
        return [
            f"Address protocol {scheme}:// is not supported",
            f"Address is not a valid {scheme} topic",
        ]
    return ["Address is invalid"]


def _invalid(ctx: Context, uri: str) -> list[Obj]:
    return [
        user_error(["webhookSubscription", "callbackUrl"], message)
        for message in address_problems(uri, ctx.api_client_id)
    ]


def app_namespace(ctx: Context, namespace: str) -> str:
    """`$app` and `$app:<name>` name the calling app's reserved namespaces."""
    if namespace == "$app":
        return f"app--{ctx.api_client_id}"
    if namespace.startswith("$app:"):
        return f"app--{ctx.api_client_id}--{namespace[len('$app:') :]}"
    return namespace


def filter_valid(text: str | None) -> bool:
    """A filter is search syntax over named fields: bare words are refused."""
    if not text or not text.strip():
        return True
    for token in tokenize(text):
        if token in ("(", ")") or token.upper() in ("AND", "OR", "NOT"):
            continue
        if ":" not in token.lstrip("-"):
            return False
    return True


FILTER_ERROR = (
    "The specified filter is invalid, please ensure you specify the field(s) you wish to filter on."
)


def _apply(ctx: Context, sub: Obj, data: Obj, uri: str) -> None:
    sub["uri"] = uri
    # Deprecated for `uri`, whose value it carries: "the destination URI" (Shopify's schema).
    sub["callbackUrl"] = uri
    if uri.startswith("pubsub://"):
        project, _, topic = uri[len("pubsub://") :].partition(":")
        sub["endpoint"] = {
            "__typename": "WebhookPubSubEndpoint",
            "pubSubProject": project,
            "pubSubTopic": topic,
        }
    elif uri.startswith("arn:"):
        sub["endpoint"] = {"__typename": "WebhookEventBridgeEndpoint", "arn": uri}
    else:
        sub["endpoint"] = {"__typename": "WebhookHttpEndpoint", "callbackUrl": uri}
    for key in ("includeFields", "metafieldNamespaces", "filter", "format", "name", "metafields"):
        if key in data:
            sub[key] = data[key]
    if isinstance(sub.get("metafieldNamespaces"), list):
        sub["metafieldNamespaces"] = [
            app_namespace(ctx, str(n)) for n in sub["metafieldNamespaces"]
        ]


@mutation("webhookSubscriptionCreate")
def create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    data = args.get("webhookSubscription") or {}
    uri = _uri(data)
    errors = _invalid(ctx, uri)
    if not errors and not filter_valid(data.get("filter")):
        errors = [user_error(["webhookSubscription"], FILTER_ERROR)]
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
            "metafields": [],
            "createdAt": now,
            "updatedAt": now,
            "apiVersion": describe(ctx.webhook_api_version or ctx.version, now[:10]),
        },
    )
    _apply(ctx, sub, data, uri)
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
    uri = _uri(data) if ("uri" in data or "callbackUrl" in data) else str(sub.get("uri") or "")
    errors = _invalid(ctx, uri)
    if not errors and not filter_valid(data.get("filter")):
        errors = [user_error(["webhookSubscription"], FILTER_ERROR)]
    if errors:
        return {"webhookSubscription": None, "userErrors": errors}
    _apply(ctx, sub, data, uri)
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
