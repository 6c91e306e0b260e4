"""Persisted inventory: locations (stock levels and the ledger come with the inventory engine)."""

from __future__ import annotations

from django.db import models


class Location(models.Model):
    """Any place that holds stock: a warehouse, a store, a 3PL."""

    name = models.CharField(max_length=255, unique=True)
    code = models.CharField(max_length=40, unique=True)
    address1 = models.CharField(max_length=255, blank=True, default="")
    address2 = models.CharField(max_length=255, blank=True, default="")
    city = models.CharField(max_length=255, blank=True, default="")
    region = models.CharField(max_length=255, blank=True, default="")
    postal_code = models.CharField(max_length=32, blank=True, default="")
    country_code = models.CharField(max_length=2, blank=True, default="")
    phone = models.CharField(max_length=64, blank=True, default="")
    is_active = models.BooleanField(default=True)
    fulfils_online_orders = models.BooleanField(default=True)
    allows_backorder = models.BooleanField(default=False)
    priority = models.PositiveIntegerField(default=100, help_text="Lower is allocated first.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
