"""`currentAppInstallation`: the calling app's installation, answered from the token's grant.

`accessScopes` lists the granted handles sorted, then the `read_*` handles their `write_*`
ones imply, sorted (Shopify's order). Fields the sandbox does not model (billing, the access
scope's `description`, the app's listing) answer NOT_SUPPORTED_BY_SANDBOX (graph.py's rule for
anything outside modeled.graphql).
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify import access_scopes
from stockbridge_sandboxes.shopify.resolvers.registry import Context, query


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
