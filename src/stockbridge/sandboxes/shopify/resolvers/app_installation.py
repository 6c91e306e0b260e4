"""`currentAppInstallation`: the calling app's installation, answered from the token's grant.

`accessScopes` lists the granted handles sorted, then the `read_*` handles their `write_*`
ones imply, sorted (Shopify's order). Fields the sandbox does not model (billing, the access
scope's `description`, the app's listing) fail naming themselves rather than answer made-up
values.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from stockbridge.sandboxes.shopify import access_scopes
from stockbridge.sandboxes.shopify.resolvers.registry import Context, computed, query


def _unsupported(type_name: str, field_name: str) -> GraphQLError:
    return GraphQLError(f"{type_name}.{field_name} is not supported by the sandbox")


@query("currentAppInstallation")
def current_app_installation(
    ctx: Context, _s: Any, _a: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    return {
        "__typename": "AppInstallation",
        "id": f"gid://shopify/AppInstallation/{ctx.api_client_id}",
        "accessScopes": [
            {"__typename": "AccessScope", "handle": handle}
            for handle in access_scopes.listing(ctx.scopes)
        ],
    }


@computed("AccessScope", "description")
def access_scope_description(
    _c: Context, _s: Any, _a: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    raise _unsupported("AccessScope", "description")


for _field in (
    "activeSubscriptions",
    "allSubscriptions",
    "app",
    "channel",
    "credits",
    "launchUrl",
    "metafield",
    "metafields",
    "oneTimePurchases",
    "publication",
    "revenueAttributionRecords",
    "subscriptions",
    "uninstallUrl",
):

    def _refuse(_c: Context, _s: Any, _a: dict[str, Any], info: GraphQLResolveInfo) -> Any:
        raise _unsupported("AppInstallation", info.field_name)

    computed("AppInstallation", _field)(_refuse)
