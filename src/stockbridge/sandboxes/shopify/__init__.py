"""sandboxes shopify."""
