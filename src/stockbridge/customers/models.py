"""Persisted customers: customers, their tags and their addresses."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class CustomerKind(models.TextChoices):
    RETAIL = "retail", "Retail"
    WHOLESALE = "wholesale", "Wholesale"


class AddressKind(models.TextChoices):
    BILLING = "billing", "Billing"
    SHIPPING = "shipping", "Shipping"


class CustomerTag(models.Model):
    name = models.CharField(max_length=255, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Customer(models.Model):
    kind = models.CharField(
        max_length=16, choices=CustomerKind.choices, default=CustomerKind.RETAIL, db_index=True
    )
    account_code = models.CharField(max_length=64, unique=True, null=True, blank=True)
    first_name = models.CharField(max_length=255, blank=True, default="")
    last_name = models.CharField(max_length=255, blank=True, default="")
    company = models.CharField(max_length=255, blank=True, default="")
    email = models.EmailField(blank=True, default="", db_index=True)
    phone = models.CharField(max_length=64, blank=True, default="")
    note = models.TextField(blank=True, default="")
    tags = models.ManyToManyField(CustomerTag, blank=True, related_name="customers")
    channel = models.CharField(max_length=64, blank=True, default="")
    external_id = models.CharField(
        max_length=255, blank=True, default="", help_text="empty for customers made in the hub"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="customer_once_per_channel",
            )
        ]

    def __str__(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.company or self.email or f"Customer {self.pk}"


class Address(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(max_length=16, choices=AddressKind.choices)
    is_default = models.BooleanField(default=False)
    name = models.CharField(max_length=255, blank=True, default="")
    company = models.CharField(max_length=255, blank=True, default="")
    address1 = models.CharField(max_length=255)
    address2 = models.CharField(max_length=255, blank=True, default="")
    city = models.CharField(max_length=255)
    region = models.CharField(max_length=255, blank=True, default="")
    postal_code = models.CharField(max_length=32, blank=True, default="")
    country_code = models.CharField(max_length=2)
    phone = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["customer_id", "kind", "-is_default", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "kind"],
                condition=Q(is_default=True),
                name="one_default_address_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.address1}, {self.city} {self.country_code}"
