"""One module per operation, each with `run(request) -> Run` (see `sync/operations.py`)."""
