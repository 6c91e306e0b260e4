"""Test connection and locations (helper: connect)."""

from __future__ import annotations

from stockbridge.channels.port import RemoteLocation, ShopInfo

from .client import ShopifyClient


def shop_info(client: ShopifyClient) -> ShopInfo:
    raise NotImplementedError("connection.shop_info")


def locations(client: ShopifyClient) -> list[RemoteLocation]:
    raise NotImplementedError("connection.locations")
