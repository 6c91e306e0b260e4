"""Persisted purchasing: purchase orders and their lines (open quantities feed the
`incoming` figure of stock levels). Suppliers live in `catalog.models`."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

# The supplier is the catalog's (a product names it); purchasing orders from it.
from stockbridge.catalog.models import Supplier


class PurchaseOrderStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ORDERED = "ordered", "Ordered"
    PARTIALLY_RECEIVED = "partially_received", "Partially received"
    RECEIVED = "received", "Received"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (PurchaseOrderStatus.ORDERED, PurchaseOrderStatus.PARTIALLY_RECEIVED)


class PurchaseOrder(models.Model):
    """Stock ordered from a supplier, to be received at one location."""

    number = models.CharField(max_length=40, unique=True)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="purchase_orders")
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="purchase_orders"
    )
    status = models.CharField(
        max_length=20,
        choices=PurchaseOrderStatus.choices,
        default=PurchaseOrderStatus.DRAFT,
        db_index=True,
    )
    expected_on = models.DateField(null=True, blank=True)
    currency = models.CharField(
        max_length=3, blank=True, default="", help_text="the currency of the lines' unit costs"
    )
    note = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField()
    ordered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number


class PurchaseOrderLine(models.Model):
    purchase_order = models.ForeignKey(
        PurchaseOrder, on_delete=models.CASCADE, related_name="lines"
    )
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    received = models.PositiveIntegerField(default=0)
    expected_on = models.DateField(
        null=True, blank=True, help_text="overrides the order's expected date for this line"
    )
    unit_cost = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="what the supplier charges per unit, in the order's currency",
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["purchase_order", "variant"], name="purchase_line_variant_once"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="purchase_line_qty_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.variant_id} ({self.received} received)"

    @property
    def line_cost(self) -> Decimal | None:
        """Units ordered x unit cost (None without a unit cost)."""
        return None if self.unit_cost is None else self.unit_cost * self.quantity

    @property
    def open_quantity(self) -> int:
        """Units still expected: ordered minus received, never below zero (over-receipts)."""
        return max(self.quantity - self.received, 0)


__all__ = ["OPEN_STATUSES", "PurchaseOrder", "PurchaseOrderLine", "Supplier"]
