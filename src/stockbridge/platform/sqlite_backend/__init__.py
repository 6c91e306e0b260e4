"""Stockbridge's SQLite database engine (`ENGINE = "stockbridge.platform.sqlite_backend"`):
Django's, with a fair write gate (`gate.py`) in front of each write transaction."""
