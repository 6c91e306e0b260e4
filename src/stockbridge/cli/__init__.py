"""The `stockbridge` command line."""
