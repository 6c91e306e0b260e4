"""Give a sandbox store a known shop (name, currency, plan) and app grant for channel tests."""

from __future__ import annotations

from tests.support.shopify_stores import Store

SCOPES = "read_products,write_products,write_inventory,read_locations"


def seed_shop(
    store: Store,
    *,
    name: str = "Moor Outfitters",
    currency: str = "GBP",
    plan: str = "Grow",
) -> None:
    """The store's `shop` as Shopify would answer it (set before the first read)."""
    store.app.store.put(
        "gid://shopify/Shop/1",
        {
            "name": name,
            "myshopifyDomain": store.domain,
            "email": "owner@example.com",
            "currencyCode": currency,
            "plan": {"publicDisplayName": plan, "partnerDevelopment": False, "shopifyPlus": False},
        },
    )


def grant(store: Store, token: str, scopes: str = SCOPES) -> str:
    """Issue `token` for the store's app with `scopes` (a custom app's Admin API token)."""
    return store.app.credentials.issue_token(scopes, token=token)
