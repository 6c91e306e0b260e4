"""Persisted catalog: suppliers, seasons, tags, products, attributes, variants, images."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q


class ProductStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DRAFT = "draft", "Draft"
    ARCHIVED = "archived", "Archived"


class WeightUnit(models.TextChoices):
    GRAMS = "g", "grams"
    KILOGRAMS = "kg", "kilograms"
    OUNCES = "oz", "ounces"
    POUNDS = "lb", "pounds"


class DimensionUnit(models.TextChoices):
    MILLIMETERS = "mm", "millimeters"
    CENTIMETERS = "cm", "centimeters"
    METERS = "m", "meters"
    INCHES = "in", "inches"


class UnitType(models.TextChoices):
    FIXED = "fixed", "Fixed (sold as one unit)"
    PER_UNIT = "per_unit", "Per unit of measure"


MAX_ATTRIBUTES = 5
MONEY: dict[str, Any] = {"max_digits": 14, "decimal_places": 4}


class Supplier(models.Model):
    """Who supplies a product; purchase orders are placed with a supplier.

    The catalog owns it (a product names its supplier) so that purchasing depends on the
    catalog and never the other way round. The table keeps its first name, from when it lived
    in purchasing: moving the model moved no row."""

    name = models.CharField(max_length=255, unique=True)
    code = models.CharField(max_length=40, unique=True)
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=64, blank=True, default="")
    lead_time_days = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        db_table = "purchasing_supplier"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Season(models.Model):
    name = models.CharField(max_length=120, unique=True)
    code = models.CharField(max_length=40, unique=True, null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=255, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    title = models.CharField(max_length=255)
    handle = models.SlugField(max_length=255, unique=True)
    description_html = models.TextField(blank=True, default="")
    status = models.CharField(
        max_length=16, choices=ProductStatus.choices, default=ProductStatus.DRAFT, db_index=True
    )
    brand = models.CharField(max_length=255, blank=True, default="")
    vendor = models.CharField(max_length=255, blank=True, default="")
    product_type = models.CharField(max_length=255, blank=True, default="")
    category = models.CharField(max_length=255, blank=True, default="")
    product_group = models.CharField(max_length=255, blank=True, default="")
    season = models.ForeignKey(
        Season, null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )
    supplier = models.ForeignKey(
        Supplier,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="products")
    custom_fields = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class ProductAttribute(models.Model):
    """One of a product's up to five attributes (Color, Size...), with its ordered values."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="attributes")
    name = models.CharField(max_length=64)
    position = models.PositiveSmallIntegerField()
    values = models.JSONField(default=list)

    class Meta:
        ordering = ["product_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["product", "position"], name="attribute_position_once"),
            models.UniqueConstraint(fields=["product", "name"], name="attribute_name_once"),
            models.CheckConstraint(
                condition=Q(position__gte=1) & Q(position__lte=MAX_ATTRIBUTES),
                name="attribute_position_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({', '.join(self.values)})"


class Variant(models.Model):
    """The sellable unit, identified by its SKU."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(max_length=255, unique=True)
    barcode = models.CharField(max_length=64, blank=True, default="", db_index=True)
    attribute_values = models.JSONField(default=list, blank=True)
    position = models.PositiveIntegerField(default=1)
    currency = models.CharField(max_length=3)
    price = models.DecimalField(**MONEY)
    compare_at_price = models.DecimalField(**MONEY, null=True, blank=True)
    cost = models.DecimalField(**MONEY, null=True, blank=True)
    wholesale_price = models.DecimalField(**MONEY, null=True, blank=True)
    weight = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    weight_unit = models.CharField(max_length=2, choices=WeightUnit.choices, default="g")
    length = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    width = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    height = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    dimension_unit = models.CharField(max_length=2, choices=DimensionUnit.choices, default="cm")
    unit_type = models.CharField(max_length=10, choices=UnitType.choices, default="fixed")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["product_id", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=Decimal(0)), name="variant_price_gte_0"),
            models.CheckConstraint(
                condition=Q(compare_at_price__isnull=True) | Q(compare_at_price__gte=Decimal(0)),
                name="variant_compare_at_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=Decimal(0)), name="variant_cost_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(wholesale_price__isnull=True) | Q(wholesale_price__gte=Decimal(0)),
                name="variant_wholesale_gte_0",
            ),
        ]

    def __str__(self) -> str:
        return self.sku

    @property
    def title(self) -> str:
        return " / ".join(self.attribute_values) or "Default"


class Image(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    url = models.URLField(max_length=2048, blank=True, default="")
    file = models.FileField(upload_to="images/", blank=True, default="")
    md5 = models.CharField(max_length=32, blank=True, default="")
    alt = models.CharField(max_length=512, blank=True, default="")
    position = models.PositiveIntegerField(default=1)
    variants = models.ManyToManyField(Variant, blank=True, related_name="images")

    class Meta:
        ordering = ["product_id", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(url="") | ~Q(file=""), name="image_has_url_or_file")
        ]

    def __str__(self) -> str:
        return self.url or self.file.name or f"Image {self.pk}"
