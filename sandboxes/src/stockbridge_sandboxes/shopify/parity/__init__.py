"""The parity runner: replay recorded Shopify scenarios against the sandbox and compare."""
