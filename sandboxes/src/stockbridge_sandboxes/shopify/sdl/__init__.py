"""The served SDL: generated from Shopify's published schema (`generate`), and what of it the
sandbox models (`modeled`)."""
