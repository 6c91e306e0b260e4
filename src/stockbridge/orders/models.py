"""Persisted orders: orders, lines, shipping lines, the stock each line holds, fulfilments,
refunds, invoices, payments, the order history (timeline) and the order events outbox.

Stock quantities are never written here: `LineAllocation` only records which inventory
reservation (by reference) holds a line's units at which location; the ledger moves stock.

Over ~400 lines on purpose: it is only field declarations and their constraints, the order
tables side by side (several helpers change them in parallel; a split into a package waits
for a quiet moment so migrations and merges stay simple).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F, Q

from .states import FinancialStatus, OrderStatus

MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 4}
ZERO = Decimal("0")


class InvoicingMethod(models.TextChoices):
    HUB = "hub", "Invoiced by the hub"
    CHANNEL = "channel", "Invoiced by the channel"


class TotalsPolicy(models.TextChoices):
    """What to do when a channel states a total that differs from the one we compute."""

    REJECT = "reject", "Reject a mismatching total"
    FLAG = "flag", "Keep our total, flag the mismatch"
    CHANNEL = "channel", "Totals from channel (flagged when they differ)"


class Order(models.Model):
    number = models.CharField(max_length=40, unique=True)
    channel = models.CharField(
        max_length=64, blank=True, default="", help_text="empty for orders created in the hub"
    )
    external_id = models.CharField(max_length=255, blank=True, default="")
    external_name = models.CharField(max_length=255, blank=True, default="")
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    email = models.EmailField(blank=True, default="")
    awaiting_customer = models.BooleanField(
        default=False, help_text="a draft waiting for a customer that does not exist yet"
    )
    billing_address = models.JSONField(default=dict, blank=True)
    shipping_address = models.JSONField(default=dict, blank=True)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=24, choices=OrderStatus.choices, default=OrderStatus.DRAFT, db_index=True
    )
    financial_status = models.CharField(
        max_length=24,
        choices=FinancialStatus.choices,
        default=FinancialStatus.PENDING,
        db_index=True,
    )
    invoicing = models.CharField(
        max_length=16, choices=InvoicingMethod.choices, default=InvoicingMethod.HUB
    )
    requested_location = models.ForeignKey(
        "inventory.Location", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subtotal = models.DecimalField(**MONEY, default=ZERO)
    discount_total = models.DecimalField(**MONEY, default=ZERO)
    shipping_total = models.DecimalField(**MONEY, default=ZERO)
    tax_total = models.DecimalField(**MONEY, default=ZERO)
    total = models.DecimalField(**MONEY, default=ZERO)
    computed_total = models.DecimalField(**MONEY, default=ZERO)
    channel_total = models.DecimalField(**MONEY, null=True, blank=True)
    totals_policy = models.CharField(
        max_length=16, choices=TotalsPolicy.choices, default=TotalsPolicy.REJECT
    )
    totals_flag = models.CharField(max_length=255, blank=True, default="")
    amount_authorized = models.DecimalField(**MONEY, default=ZERO)
    amount_paid = models.DecimalField(**MONEY, default=ZERO)
    amount_refunded = models.DecimalField(**MONEY, default=ZERO)
    note = models.TextField(blank=True, default="")
    custom_fields = models.JSONField(default=dict, blank=True)
    cancel_reason = models.CharField(max_length=255, blank=True, default="")
    placed_at = models.DateTimeField(db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(channel=""),
                name="order_once_per_channel",
            ),
            models.CheckConstraint(condition=Q(total__gte=0), name="order_total_gte_0"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_imported(self) -> bool:
        return bool(self.channel)


class OrderTag(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=255, db_index=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["order", "name"], name="order_tag_once")]

    def __str__(self) -> str:
        return self.name


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField()
    variant = models.ForeignKey(
        "catalog.Variant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="empty for a channel's line no product of ours stands behind (unlinked)",
    )
    unlinked_reason = models.CharField(
        max_length=255,
        blank=True,
        default="",
        help_text="why an imported line has no variant (flagged: it holds and ships no stock)",
    )
    sku = models.CharField(max_length=255)
    title = models.CharField(max_length=512)
    quantity = models.PositiveIntegerField()
    unit_price = models.DecimalField(**MONEY)
    discounts = models.JSONField(default=list, blank=True)
    taxes = models.JSONField(default=list, blank=True)
    subtotal = models.DecimalField(**MONEY)
    discount_total = models.DecimalField(**MONEY, default=ZERO)
    tax_total = models.DecimalField(**MONEY, default=ZERO)
    total = models.DecimalField(**MONEY)
    fulfilled_quantity = models.PositiveIntegerField(default=0)
    removed_quantity = models.PositiveIntegerField(
        default=0, help_text="unfulfilled units refunded with the cancel policy"
    )
    shipped_refunded_quantity = models.PositiveIntegerField(default=0)
    invoiced_quantity = models.PositiveIntegerField(default=0)
    invoiced_amount = models.DecimalField(**MONEY, default=ZERO)
    refunded_amount = models.DecimalField(**MONEY, default=ZERO)

    class Meta:
        ordering = ["order_id", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=F("fulfilled_quantity") + F("removed_quantity")),
                name="order_line_not_overshipped",
            ),
            models.CheckConstraint(
                condition=Q(fulfilled_quantity__gte=F("shipped_refunded_quantity")),
                name="order_line_not_overrefunded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"

    @property
    def open_quantity(self) -> int:
        """Units still to ship."""
        return self.quantity - self.fulfilled_quantity - self.removed_quantity


class ShippingLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipping_lines")
    title = models.CharField(max_length=255)
    code = models.CharField(max_length=64, blank=True, default="")
    price = models.DecimalField(**MONEY)
    discount = models.DecimalField(**MONEY, default=ZERO)
    taxes = models.JSONField(default=list, blank=True)
    tax_total = models.DecimalField(**MONEY, default=ZERO)
    total = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.title}: {self.total}"


class LineAllocation(models.Model):
    """The inventory reservation (by `reference`) holding units of a line at one location."""

    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="allocations")
    location = models.ForeignKey("inventory.Location", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=120, unique=True)
    quantity = models.PositiveIntegerField()
    fulfilled = models.PositiveIntegerField(default=0)
    released = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=F("fulfilled") + F("released")),
                name="line_allocation_not_overdrawn",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.quantity} @ {self.location_id}"

    @property
    def open_quantity(self) -> int:
        return self.quantity - self.fulfilled - self.released


class Fulfilment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="fulfilments")
    location = models.ForeignKey("inventory.Location", on_delete=models.PROTECT, related_name="+")
    carrier = models.CharField(max_length=120, blank=True, default="")
    tracking_number = models.CharField(max_length=255, blank=True, default="", db_index=True)
    tracking_url = models.URLField(max_length=1024, blank=True, default="")
    notify_customer = models.BooleanField(default=False)
    shipped_at = models.DateTimeField()
    created_at = models.DateTimeField()
    channel = models.CharField(max_length=64, blank=True, default="")
    external_id = models.CharField(
        max_length=255, blank=True, default="", help_text="empty for fulfilments made in the hub"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="fulfilment_once_per_channel",
            )
        ]

    def __str__(self) -> str:
        return f"fulfilment {self.pk} of {self.order_id}"


class FulfilmentLine(models.Model):
    fulfilment = models.ForeignKey(Fulfilment, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.quantity} x line {self.line_id}"


class RestockPolicy(models.TextChoices):
    NO_RESTOCK = "no_restock", "No restock (shipped units stay with the customer)"
    CANCEL = "cancel", "Cancel (unfulfilled units go back to available)"
    RETURN = "return", "Return (shipped units come back to a location)"


class Refund(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="refunds")
    amount = models.DecimalField(**MONEY)
    shipping_amount = models.DecimalField(**MONEY, default=ZERO)
    note = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField()
    channel = models.CharField(max_length=64, blank=True, default="")
    external_id = models.CharField(
        max_length=255, blank=True, default="", help_text="empty for refunds made in the hub"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="refund_gte_0"),
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="refund_once_per_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"refund {self.pk}: {self.amount}"


class RefundLine(models.Model):
    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    restock = models.CharField(max_length=16, choices=RestockPolicy.choices)
    location = models.ForeignKey(
        "inventory.Location", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    damaged = models.BooleanField(default=False)
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.quantity} x line {self.line_id} ({self.restock})"


class InvoiceStatus(models.TextChoices):
    OPEN = "open", "Open"
    PAID = "paid", "Paid"


class Invoice(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="invoices")
    number = models.CharField(max_length=64, unique=True)
    fulfilment = models.ForeignKey(
        Fulfilment, null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    currency = models.CharField(max_length=3)
    total = models.DecimalField(**MONEY)
    amount_paid = models.DecimalField(**MONEY, default=ZERO)
    amount_authorized = models.DecimalField(**MONEY, default=ZERO)
    status = models.CharField(
        max_length=16, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN
    )
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=F("amount_paid") + F("amount_authorized")),
                name="invoice_not_overpaid",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def balance(self) -> Decimal:
        return Decimal(self.total) - Decimal(self.amount_paid) - Decimal(self.amount_authorized)


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(
        OrderLine, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    description = models.CharField(max_length=512)
    quantity = models.PositiveIntegerField(default=1)
    amount = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class PaymentKind(models.TextChoices):
    AUTHORIZATION = "authorization", "Authorization"
    CAPTURE = "capture", "Capture (paid)"


class PaymentStatus(models.TextChoices):
    AUTHORIZED = "authorized", "Authorized"
    PAID = "paid", "Paid"
    VOIDED = "voided", "Voided"


class Payment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payments")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(max_length=16, choices=PaymentKind.choices)
    status = models.CharField(max_length=16, choices=PaymentStatus.choices)
    amount = models.DecimalField(**MONEY)
    gateway = models.CharField(max_length=120, blank=True, default="")
    reference = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField()
    channel = models.CharField(max_length=64, blank=True, default="")
    external_id = models.CharField(
        max_length=255, blank=True, default="", help_text="empty for payments recorded in the hub"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_gt_0"),
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="payment_once_per_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} ({self.status})"


class OrderHistory(models.Model):
    """One entry of an order's timeline: a state change or another fact about the order."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="history")
    kind = models.CharField(max_length=40)
    message = models.CharField(max_length=512)
    data = models.JSONField(default=dict, blank=True)
    actor = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["order", "id"], name="order_history_order")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


class OrderEvent(models.Model):
    """The order events outbox: written in the same transaction as the change, drained by
    channel sync later (`published_at` set once pushed)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=40)
    channel = models.CharField(max_length=64, blank=True, default="")
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["published_at", "id"], name="order_event_pending")]

    def __str__(self) -> str:
        return f"{self.kind} ({self.order_id})"
