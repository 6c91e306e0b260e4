"""The deprecated dedicated roots for cloud destinations: `pubSubWebhookSubscriptionCreate/
Update` (project and topic) and `eventBridgeWebhookSubscriptionCreate/Update` (an ARN). They
check their own fields, then act as `webhookSubscriptionCreate/Update` with the address."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers import webhooks
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj

SHARED = ("format", "includeFields", "filter", "metafieldNamespaces", "metafields", "name")


def _pubsub(data: Obj) -> tuple[Obj, list[Obj]]:
    project, topic = str(data.get("pubSubProject") or ""), str(data.get("pubSubTopic") or "")
    errors = []
    if not webhooks.gcp_project_valid(project):
        field = ["webhookSubscription", "pubSubProject"]
        errors.append(user_error(field, "Google Cloud Pub/Sub project ID is not valid"))
    if not webhooks.gcp_topic_valid(topic):
        field = ["webhookSubscription", "pubSubTopic"]
        errors.append(user_error(field, "Google Cloud Pub/Sub topic ID is not valid"))
    unified = {k: data[k] for k in SHARED if k in data}
    return {**unified, "uri": f"pubsub://{project}:{topic}"}, errors


def _eventbridge(ctx: Context, data: Obj) -> tuple[Obj, list[Obj]]:
    arn = str(data.get("arn") or "").strip()
    errors = [
        user_error(["webhookSubscription", "arn"], message)
        for message in webhooks.address_problems(arn, ctx.api_client_id)
    ]
    unified = {k: data[k] for k in SHARED if k in data}
    return {**unified, "uri": arn}, errors


def _run(ctx: Context, args: dict[str, Any], info: GraphQLResolveInfo, pubsub: bool) -> Any:
    data = args.get("webhookSubscription") or {}
    unified, errors = _pubsub(data) if pubsub else _eventbridge(ctx, data)
    if errors:
        return {"webhookSubscription": None, "userErrors": errors}
    forwarded = {**args, "webhookSubscription": unified}
    if "topic" in args:
        return webhooks.create(ctx, None, forwarded, info)
    return webhooks.update(ctx, None, forwarded, info)


@mutation("pubSubWebhookSubscriptionCreate")
def pubsub_create(ctx: Context, _s: Any, args: dict[str, Any], info: GraphQLResolveInfo) -> Any:
    return _run(ctx, args, info, pubsub=True)


@mutation("pubSubWebhookSubscriptionUpdate")
def pubsub_update(ctx: Context, _s: Any, args: dict[str, Any], info: GraphQLResolveInfo) -> Any:
    return _run(ctx, args, info, pubsub=True)


@mutation("eventBridgeWebhookSubscriptionCreate")
def eventbridge_create(
    ctx: Context, _s: Any, args: dict[str, Any], info: GraphQLResolveInfo
) -> Any:
    return _run(ctx, args, info, pubsub=False)


@mutation("eventBridgeWebhookSubscriptionUpdate")
def eventbridge_update(
    ctx: Context, _s: Any, args: dict[str, Any], info: GraphQLResolveInfo
) -> Any:
    return _run(ctx, args, info, pubsub=False)
