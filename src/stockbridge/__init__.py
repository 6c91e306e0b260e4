"""Stockbridge: the inventory and order hub."""
