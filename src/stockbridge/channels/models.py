"""Persisted channel state: connected stores, where their stock comes from, listings (our
variant <-> the channel's ids) and per-operation settings. Run logs, the inbox and the
per-channel outbox live in `sync.models`."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class ChannelStatus(models.TextChoices):
    PENDING = "pending", "waiting for install"
    CONNECTED = "connected", "connected"
    DISCONNECTED = "disconnected", "disconnected"


class Channel(models.Model):
    """One connected store or account. Credentials are encrypted at rest
    (`platform/crypto.py`); `status_reason` says in words why a channel is disconnected."""

    kind = models.CharField(max_length=40)
    name = models.CharField(max_length=120, unique=True)
    domain = models.CharField(max_length=255, help_text="the store's domain (shop.myshopify.com)")
    base_url = models.CharField(max_length=300, help_text="where requests go (store or sandbox)")
    credentials = models.TextField(blank=True, default="", help_text="encrypted")
    status = models.CharField(
        max_length=20, choices=ChannelStatus.choices, default=ChannelStatus.PENDING
    )
    status_reason = models.CharField(max_length=500, blank=True, default="")
    shop_name = models.CharField(max_length=255, blank=True, default="")
    plan = models.CharField(max_length=60, blank=True, default="")
    currency = models.CharField(max_length=3, blank=True, default="")
    scopes = models.JSONField(default=list, blank=True, help_text="scopes the store granted")
    token_expires_at = models.DateTimeField(null=True, blank=True)
    install_state = models.CharField(max_length=64, blank=True, default="")
    # quantity rules (inventory/channel_rules.QuantityRule), per channel
    buffer = models.PositiveIntegerField(default=0)
    percentage = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    max_listed = models.PositiveIntegerField(null=True, blank=True)
    out_of_stock_below = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    connected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "domain"], name="channel_kind_domain_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"


class LocationMapping(models.Model):
    """Which of our locations feed which remote location. Several of ours may feed one
    remote location (their available is summed); each of ours feeds at most one."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="locations")
    location = models.ForeignKey("inventory.Location", on_delete=models.CASCADE, related_name="+")
    remote_location_id = models.CharField(max_length=255)
    remote_name = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        ordering = ["channel", "location"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "location"], name="location_mapping_once")
        ]

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.location_id} -> {self.remote_location_id}"


class ListingStatus(models.TextChoices):
    LINKED = "linked", "linked"
    PAUSED = "paused", "paused"
    ERROR = "error", "error"
    REMOVED = "removed", "removed"


class Listing(models.Model):
    """Our variant <-> the channel's product, variant and inventory item."""

    # (no index of their own: the unique constraints lead with the channel, and
    # `listing_variant` indexes the variant)
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, related_name="listings", db_index=False
    )
    variant = models.ForeignKey(
        "catalog.Variant", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    remote_product_id = models.CharField(max_length=255)
    remote_variant_id = models.CharField(max_length=255)
    remote_inventory_item_id = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(
        max_length=20, choices=ListingStatus.choices, default=ListingStatus.LINKED
    )
    status_reason = models.CharField(max_length=500, blank=True, default="")
    content_fingerprint = models.CharField(max_length=64, blank=True, default="")
    price_fingerprint = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["channel", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "remote_variant_id"], name="listing_remote_variant_once"
            ),
            models.UniqueConstraint(fields=["channel", "variant"], name="listing_variant_once"),
        ]
        indexes = [models.Index(fields=["variant"], name="listing_variant")]

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.variant_id} -> {self.remote_variant_id}"


class ListingLevel(models.Model):
    """A listing's quantity at one remote location: what we last pushed (when, by which run)
    and what the channel last confirmed holding. `explain` reads the chain from here."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="levels")
    remote_location_id = models.CharField(max_length=255)
    pushed = models.IntegerField(null=True, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True)
    pushed_by_run = models.BigIntegerField(null=True, blank=True)
    confirmed = models.IntegerField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["listing", "remote_location_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "remote_location_id"], name="listing_level_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.listing_id}@{self.remote_location_id}: {self.pushed}/{self.confirmed}"


class ScheduleKind(models.TextChoices):
    OFF = "off", "off"
    EVERY = "every", "every N minutes"
    HOURLY = "hourly", "hourly"
    DAILY = "daily", "daily at"


class OperationSettings(models.Model):
    """One row per channel x operation: enabled, typed settings (validated by
    `channels/settings.py`), schedule."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="operations")
    operation = models.CharField(max_length=40)
    enabled = models.BooleanField(default=True)
    settings = models.JSONField(default=dict, blank=True)
    schedule = models.CharField(max_length=10, choices=ScheduleKind.choices, default="off")
    every_minutes = models.PositiveIntegerField(null=True, blank=True)
    daily_at = models.TimeField(null=True, blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["channel", "operation"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "operation"], name="operation_once")
        ]

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.operation}"


class PublishedRef(models.Model):
    """Something "Publish listings" made on a channel once and references ever after: an
    uploaded image (`kind` "image", `key` its MD5, else "url:" + the SHA-256 of its URL) or
    an automatic collection (`kind` "collection", `key` the product type). Never made twice
    per channel."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="published_refs")
    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=255)
    remote_id = models.CharField(max_length=255)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["channel", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "kind", "key"], name="published_ref_once")
        ]

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.kind} {self.key[:40]} -> {self.remote_id}"


class PublishedProductState(models.Model):
    """What the channel last held of one linked product as far as the hub knows: the
    fingerprint of its channel-side content (after our publish, or after an event we
    applied) and the channel's own time of that change. A product event whose content has
    this fingerprint is our own write echoed back; one older than `remote_updated_at` is
    stale. Both are ignored."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    remote_product_id = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    remote_updated_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["channel", "remote_product_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "remote_product_id"], name="published_product_state_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.remote_product_id} {self.fingerprint[:8]}"


class AccountLink(models.Model):
    """A hub customer pushed to a channel as one of its accounts (a wholesale portal's
    company): the channel's id of it, the account code orders name it by, and the content
    fingerprint last pushed (an unchanged account is not sent again). An order placed for an
    account waits until its customer has a link here."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="accounts")
    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="+")
    account_code = models.CharField(max_length=64)
    remote_id = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, blank=True, default="")
    pushed_at = models.DateTimeField()

    class Meta:
        ordering = ["channel", "account_code"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "customer"], name="account_link_once"),
            models.UniqueConstraint(
                fields=["channel", "account_code"], name="account_link_code_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel_id}: {self.account_code} -> {self.remote_id}"


class DatedStockPush(models.Model):
    """What "push stock by date" last sent of one listing at one remote warehouse: the
    fingerprint of its rows (an unchanged listing is not sent again) and when."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="dated_pushes")
    warehouse_id = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    pushed_at = models.DateTimeField()

    class Meta:
        ordering = ["listing", "warehouse_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "warehouse_id"], name="dated_stock_push_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.listing_id}@{self.warehouse_id}: {self.fingerprint[:8]}"
