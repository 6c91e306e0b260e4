"""Persisted inventory: locations, stock levels, the movement ledger, reservations, transfers
and bundle components. Quantities on these rows are written only by `inventory.ledger`."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q


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
    allows_negative_stock = models.BooleanField(
        default=False,
        help_text="Units may ship (or be transferred out) from here that are not on hand, "
        "taking on hand below zero (a drop-shipper that books its stock late).",
    )
    priority = models.PositiveIntegerField(default=100, help_text="Lower is allocated first.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Reason(models.TextChoices):
    """Why a movement happened (the ledger's reason codes)."""

    RECEIVED = "received", "Received"
    SOLD = "sold", "Sold (fulfilled)"
    RESERVED = "reserved", "Reserved"
    RELEASED = "released", "Released"
    ADJUSTED = "adjusted", "Adjusted"
    COUNTED = "counted", "Counted"
    TRANSFERRED_OUT = "transferred_out", "Transferred out"
    TRANSFERRED_IN = "transferred_in", "Transferred in"
    RETURNED = "returned", "Returned"
    DAMAGED = "damaged", "Damaged"
    CHANNEL_CORRECTION = "channel_correction", "Channel correction"


class StockLevel(models.Model):
    """Stock of one variant at one location. `available = on_hand - committed`.

    `backorder` mirrors the location's `allows_backorder` at the last write (a CHECK constraint
    can only see its own row); while it is false the database refuses negative availability.
    """

    # (no index of their own: `stock_level_once` leads with the variant, `stock_level_loc_var`
    # with the location)
    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.CASCADE, related_name="stock_levels", db_index=False
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="stock_levels", db_index=False
    )
    on_hand = models.IntegerField(default=0)
    committed = models.IntegerField(default=0)
    incoming = models.IntegerField(default=0)
    backorder = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["location_id", "variant_id"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "location"], name="stock_level_once"),
            models.CheckConstraint(condition=Q(committed__gte=0), name="stock_committed_gte_0"),
            models.CheckConstraint(condition=Q(incoming__gte=0), name="stock_incoming_gte_0"),
            models.CheckConstraint(
                condition=Q(backorder=True) | (Q(on_hand__gte=F("committed")) & Q(on_hand__gte=0)),
                name="stock_no_oversell_without_backorder",
            ),
        ]
        indexes = [models.Index(fields=["location", "variant"], name="stock_level_loc_var")]

    def __str__(self) -> str:
        return f"{self.variant_id}@{self.location_id}: {self.on_hand}/{self.committed}"

    @property
    def available(self) -> int:
        return self.on_hand - self.committed


class Movement(models.Model):
    """One immutable ledger row: a change of `on_hand` and/or `committed` of one stock level."""

    # (the variant has no index of its own: `movement_var_loc` leads with it)
    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=24, choices=Reason.choices)
    on_hand_delta = models.IntegerField()
    committed_delta = models.IntegerField()
    on_hand_after = models.IntegerField()
    committed_after = models.IntegerField()
    reference = models.CharField(max_length=120, blank=True, default="", db_index=True)
    actor = models.CharField(max_length=150, blank=True, default="")
    note = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["variant", "location", "id"], name="movement_var_loc")]

    def __str__(self) -> str:
        return f"{self.reason} {self.on_hand_delta:+}/{self.committed_delta:+} ({self.reference})"


class ReservationStatus(models.TextChoices):
    OPEN = "open", "Open"
    RELEASED = "released", "Released"
    FULFILLED = "fulfilled", "Fulfilled"


class Reservation(models.Model):
    """Units of a variant held at a location for a reference (an order line).

    For a bundle, one reservation per component carries `bundle` (the variant sold).
    """

    reference = models.CharField(max_length=120, db_index=True)
    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.CASCADE, related_name="reservations"
    )
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="reservations")
    bundle = models.ForeignKey(
        "catalog.Variant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    quantity = models.PositiveIntegerField()
    per_unit = models.PositiveIntegerField(
        default=1, help_text="units of this variant per unit of the reserved line (bundles)"
    )
    released = models.PositiveIntegerField(default=0)
    fulfilled = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference", "variant", "location"], name="reservation_once"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=F("released") + F("fulfilled")),
                name="reservation_not_overdrawn",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.quantity} x {self.variant_id}@{self.location_id}"

    @property
    def open_quantity(self) -> int:
        return self.quantity - self.released - self.fulfilled

    @property
    def status(self) -> str:
        if self.open_quantity:
            return ReservationStatus.OPEN
        return ReservationStatus.FULFILLED if self.fulfilled else ReservationStatus.RELEASED


class TransferStatus(models.TextChoices):
    IN_TRANSIT = "in_transit", "In transit"
    RECEIVED = "received", "Received"
    PARTIALLY_RECEIVED = "partially_received", "Partially received"


class Transfer(models.Model):
    """Stock sent from one location to another: out at shipping, in at receiving."""

    source = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="transfers_out")
    destination = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="transfers_in")
    status = models.CharField(max_length=20, choices=TransferStatus.choices)
    note = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("destination")), name="transfer_between_two_locations"
            )
        ]

    def __str__(self) -> str:
        return f"transfer {self.pk}: {self.source_id} -> {self.destination_id}"


class TransferLine(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    received = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received__lte=F("quantity")), name="transfer_line_not_overreceived"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.variant_id} ({self.received} received)"

    @property
    def in_transit(self) -> int:
        return self.quantity - self.received


class BundleComponent(models.Model):
    """A bundle variant is made of component variants, `quantity` of each."""

    bundle = models.ForeignKey(
        "catalog.Variant", on_delete=models.CASCADE, related_name="bundle_components"
    )
    component = models.ForeignKey(
        "catalog.Variant", on_delete=models.PROTECT, related_name="part_of_bundles"
    )
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["bundle_id", "component_id"]
        constraints = [
            models.UniqueConstraint(fields=["bundle", "component"], name="bundle_component_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="bundle_quantity_gte_1"),
            models.CheckConstraint(
                condition=~Q(bundle=F("component")), name="bundle_not_its_own_component"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bundle_id} = {self.quantity} x {self.component_id}"


class LowStockThreshold(models.Model):
    """A variant is low on stock at a location when its available units there are at or below
    `units` (no row: at or below zero, out of stock). Set through `inventory.thresholds`."""

    variant = models.OneToOneField(
        "catalog.Variant", on_delete=models.CASCADE, related_name="low_stock_threshold"
    )
    units = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["variant_id"]

    def __str__(self) -> str:
        return f"{self.variant_id} low at {self.units}"


from .outbox import StockChange  # noqa: E402  (registered with the app from here)

__all__ = [
    "BundleComponent",
    "Location",
    "LowStockThreshold",
    "Movement",
    "Reason",
    "Reservation",
    "StockChange",
    "StockLevel",
    "Transfer",
    "TransferLine",
]
