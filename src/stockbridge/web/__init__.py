"""Web: the REST API, the back office and the webhook endpoint."""
