"""Back-office admin for customers, their tags and addresses.

A customer's own fields are edited here and saved through `customers.services` (the same
validation as the API: no NUL, lengths, e-mail, account codes). Where a customer came from
(channel, external id) is fixed at creation; addresses keep one default per kind through the
address services, so they are shown here, not edited.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from . import rules, services
from .models import Address, Customer, CustomerTag
from .specs import CustomerSpec

EDITABLE = (
    "kind",
    "account_code",
    "first_name",
    "last_name",
    "company",
    "email",
    "phone",
    "note",
    "tags",
)


def _spec(data: dict[str, Any]) -> CustomerSpec:
    return CustomerSpec(
        kind=data.get("kind") or "retail",
        account_code=data.get("account_code") or None,
        first_name=data.get("first_name") or "",
        last_name=data.get("last_name") or "",
        company=data.get("company") or "",
        email=data.get("email") or "",
        phone=data.get("phone") or "",
        note=data.get("note") or "",
        tags=tuple(t.name for t in data.get("tags") or ()),
    )


class CustomerForm(forms.ModelForm):
    class Meta:
        model = Customer
        fields = EDITABLE

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        spec = rules.normalise_customer(_spec(data))
        for error in rules.validate_customer_fields(spec):
            field = error.field.split("[")[0].split(".")[0]
            self.add_error(field if field in self.fields else None, error.reason)
        return data


class AddressInline(admin.TabularInline):
    model = Address
    extra = 0
    can_delete = False
    fields = ("kind", "is_default", "name", "address1", "city", "postal_code", "country_code")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    form = CustomerForm
    list_display = (
        "__str__",
        "kind",
        "account_code",
        "company",
        "email",
        "phone",
        "channel",
        "updated_at",
    )
    list_filter = ("kind", "tags", "channel", "addresses__country_code")
    search_fields = (
        "account_code",
        "first_name",
        "last_name",
        "company",
        "email",
        "phone",
        "external_id",
    )
    filter_horizontal = ("tags",)
    readonly_fields = ("channel", "external_id", "created_at", "updated_at")
    inlines = (AddressInline,)

    def save_model(self, request: HttpRequest, obj: Customer, form: Any, change: bool) -> None:
        spec = _spec(form.cleaned_data)
        if change:
            changes = {f: getattr(spec, f) for f in EDITABLE}
            saved = services.update_customer(customer_id=obj.pk, changes=changes)
        else:
            saved = services.create_customer(spec=spec)
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Tags were saved by the service; the address inline is read-only."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(CustomerTag)
class CustomerTagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    """Addresses change through the address services (one default per kind)."""

    list_display = ("customer", "kind", "is_default", "address1", "city", "country_code")
    list_filter = ("kind", "is_default", "country_code")
    search_fields = ("customer__account_code", "customer__email", "address1", "city")
    raw_id_fields = ("customer",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
