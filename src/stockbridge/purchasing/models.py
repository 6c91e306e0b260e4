"""Persisted purchasing: suppliers (purchase orders come with the inventory engine)."""

from __future__ import annotations

from django.db import models


class Supplier(models.Model):
    name = models.CharField(max_length=255, unique=True)
    code = models.CharField(max_length=40, unique=True)
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=64, blank=True, default="")
    lead_time_days = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
