"""WooCommerce (REST API v3) as a channel kind: connect and test, import listings, sync stock
and prices, reconcile. Documented in docs/channels.md, "WooCommerce specifics"."""
