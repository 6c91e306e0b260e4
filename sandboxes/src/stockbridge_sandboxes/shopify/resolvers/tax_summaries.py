"""`taxSummaryCreate`: only a tax calculations app with `write_taxes` may ask for order tax
summaries; the sandbox's app is none, so the field is denied, as Shopify denies it to others."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation

TAX_SUMMARY_ACCESS = (
    "`write_taxes` access scope. Also: The caller must be a tax calculations app and the "
    "relevant feature must be on."
)


@mutation("taxSummaryCreate")
def tax_summary_create(_c: Context, _s: Any, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    raise GraphQLError(
        f"Access denied for taxSummaryCreate field. Required access: {TAX_SUMMARY_ACCESS}",
        extensions={
            "code": "ACCESS_DENIED",
            "documentation": "https://shopify.dev/api/usage/access-scopes",
            "requiredAccess": TAX_SUMMARY_ACCESS,
        },
    )
