"""Orders from Shopify: REST webhook payloads (`rest.py`) and GraphQL order nodes
(`nodes.py`) read into the port's order values, and the reads and tags of `reading.py`."""
