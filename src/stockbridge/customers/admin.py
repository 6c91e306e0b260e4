"""Back-office admin for customers, their tags and addresses."""

from django.contrib import admin

from .models import Address, Customer, CustomerTag


class AddressInline(admin.TabularInline):
    model = Address
    extra = 0
    fields = ("kind", "is_default", "name", "address1", "city", "postal_code", "country_code")


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "kind",
        "account_code",
        "company",
        "email",
        "phone",
        "updated_at",
    )
    list_filter = ("kind", "tags", "addresses__country_code")
    search_fields = ("account_code", "first_name", "last_name", "company", "email", "phone")
    filter_horizontal = ("tags",)
    inlines = (AddressInline,)


@admin.register(CustomerTag)
class CustomerTagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ("customer", "kind", "is_default", "address1", "city", "country_code")
    list_filter = ("kind", "is_default", "country_code")
    search_fields = ("customer__account_code", "customer__email", "address1", "city")
    raw_id_fields = ("customer",)
