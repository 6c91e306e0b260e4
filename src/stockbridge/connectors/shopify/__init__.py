"""The Shopify connector: GraphQL Admin API 2026-07 only. The same code talks to a real store
and to the sandbox; only the base URL differs."""
