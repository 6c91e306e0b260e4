"""Back-office admin for the catalog.

Products, variants and seasons are written through the catalog services, exactly like the API
and imports: the form first runs the service in a transaction that is rolled back, so every
rule (duplicate SKU, attribute values, negative prices...) shows as a form error on its field,
then the save runs the service for real. Attributes and images are shown read-only here and
change through the API or a spreadsheet import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from stockbridge.platform.errors import FieldError, ValidationErrors

from . import services
from .models import Image, Product, ProductAttribute, Season, Tag, Variant
from .specs import PRODUCT_FIELDS, VARIANT_FIELDS, ProductSpec, VariantSpec

# Form fields derived from the specs: what the service takes, less what the admin shows
# read-only (attributes and images change through the API or an import).
PRODUCT_FORM_FIELDS = tuple(f for f in PRODUCT_FIELDS if f not in ("attributes", "images"))
VARIANT_FORM_FIELDS = VARIANT_FIELDS


class _Rollback(Exception):
    pass


def _dry_run(write: Callable[[], object]) -> None:
    """Run a service write and roll it back: raises its FieldError/ValidationErrors, if any."""
    try:
        with transaction.atomic():
            write()
            raise _Rollback
    except _Rollback:
        pass


class ServiceForm(forms.ModelForm):
    """A model form whose validation is the service's: errors land on the field they name."""

    def service_write(self) -> object:
        raise NotImplementedError

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            _dry_run(self.service_write)
        except ValidationErrors as exc:
            for error in exc.errors:
                self._add_field_error(error)
        except FieldError as exc:
            self._add_field_error(exc)
        return cleaned

    def _add_field_error(self, error: FieldError) -> None:
        field = error.field.split(".")[-1].split("[")[0]
        message = f"{error.field}: {error.reason}" if field not in self.fields else error.reason
        self.add_error(field if field in self.fields else None, ValidationError(message))


def _product_values(data: dict[str, Any], fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in fields:
        value = data.get(name)
        if name == "season":
            value = value.name if value else None
        elif name == "supplier":
            value = value.code if value else None
        elif name == "tags":
            value = tuple(t.name for t in value or ())
        elif name == "custom_fields":
            value = value or {}
        values[name] = value
    return values


class ProductForm(ServiceForm):
    class Meta:
        model = Product
        fields = PRODUCT_FORM_FIELDS

    def service_write(self) -> object:
        if self.instance.pk:
            changed = [f for f in self.changed_data if f in PRODUCT_FORM_FIELDS]
            return services.update_product(
                product_id=self.instance.pk, changes=_product_values(self.cleaned_data, changed)
            )
        return services.create_product(
            spec=ProductSpec(**_product_values(self.cleaned_data, PRODUCT_FORM_FIELDS))
        )


class VariantForm(ServiceForm):
    class Meta:
        model = Variant
        fields = ("product", *VARIANT_FORM_FIELDS)

    def _values(self, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
        values = {f: self.cleaned_data.get(f) for f in fields if f != "product"}
        if "attribute_values" in values:
            values["attribute_values"] = tuple(values["attribute_values"] or ())
        return values

    def service_write(self) -> object:
        if self.instance.pk:
            changed = [f for f in self.changed_data if f in VARIANT_FORM_FIELDS]
            return services.update_variant(
                variant_id=self.instance.pk, changes=self._values(changed)
            )
        product = self.cleaned_data["product"]
        return services.add_variant(
            product_id=product.pk, spec=VariantSpec(**self._values(VARIANT_FORM_FIELDS))
        )


class ServiceAdmin(admin.ModelAdmin):
    """Saves by running the form's service write (validated already by the form)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        saved = form.service_write()
        obj.pk = saved.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Many-to-many fields (tags) were written by the service: no form.save_m2m() here.
        # The inlines are read-only; saving them records "nothing changed" for the history.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class AttributeInline(admin.TabularInline):
    model = ProductAttribute
    extra = 0
    can_delete = False
    fields = ("position", "name", "values")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("position", "sku", "barcode", "attribute_values", "price", "cost", "wholesale_price")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ImageInline(admin.TabularInline):
    model = Image
    extra = 0
    can_delete = False
    fields = ("position", "url", "file", "alt", "md5")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Product)
class ProductAdmin(ServiceAdmin):
    form = ProductForm
    list_display = (
        "title",
        "handle",
        "status",
        "season",
        "brand",
        "vendor",
        "product_type",
        "variant_count",
        "updated_at",
    )
    list_filter = ("status", "season", "tags", "brand", "vendor", "product_type", "supplier")
    search_fields = ("title", "handle", "variants__sku", "variants__barcode")
    filter_horizontal = ("tags",)
    inlines = (AttributeInline, VariantInline, ImageInline)
    date_hierarchy = "updated_at"

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("season").prefetch_related("variants")

    @admin.display(description="Variants")
    def variant_count(self, obj: Product) -> int:
        return len(obj.variants.all())

    def delete_model(self, request: HttpRequest, obj: Product) -> None:
        services.delete_product(product_id=obj.pk)


@admin.register(Variant)
class VariantAdmin(ServiceAdmin):
    form = VariantForm
    list_display = ("sku", "barcode", "product", "title", "price", "cost", "wholesale_price")
    list_filter = ("product__status", "product__season", "unit_type")
    search_fields = ("=sku", "sku", "=barcode", "product__title")
    raw_id_fields = ("product",)
    list_select_related = ("product",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ("product",) if obj else ()

    def delete_model(self, request: HttpRequest, obj: Variant) -> None:
        services.delete_variant(variant_id=obj.pk)


class SeasonForm(ServiceForm):
    class Meta:
        model = Season
        fields = ("name", "code", "starts_on", "ends_on")

    def service_write(self) -> object:
        if self.instance.pk:  # renaming or re-dating a season has no cross-row rules
            return self.save()
        return services.create_season(
            name=self.cleaned_data["name"],
            code=self.cleaned_data.get("code") or None,
            starts_on=self.cleaned_data.get("starts_on"),
            ends_on=self.cleaned_data.get("ends_on"),
        )


@admin.register(Season)
class SeasonAdmin(ServiceAdmin):
    form = SeasonForm
    list_display = ("name", "code", "starts_on", "ends_on", "product_count")
    search_fields = ("name", "code")

    @admin.display(description="Products")
    def product_count(self, obj: Season) -> int:
        return obj.products.count()

    def delete_model(self, request: HttpRequest, obj: Season) -> None:
        services.delete_season(name=obj.name)


@admin.register(ProductAttribute)
class ProductAttributeAdmin(admin.ModelAdmin):
    """Read-only: attributes change with their product (API or import) so variants stay valid."""

    list_display = ("product", "position", "name", "values")
    search_fields = ("product__title", "name")
    list_select_related = ("product",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("product", "position", "url", "alt", "md5")
    search_fields = ("product__title", "url", "alt")
    list_select_related = ("product",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
