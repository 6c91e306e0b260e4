"""Forms of the order screens. They read what was typed; every rule (what may ship, what
may be refunded, amounts) is the order services', whose errors are shown next to the field
they name."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q

from stockbridge.channels import order_origin
from stockbridge.customers.models import Customer
from stockbridge.inventory.models import Location
from stockbridge.orders.models import Invoice, Order, OrderLine, RestockPolicy
from stockbridge.orders.states import OrderStatus
from stockbridge.platform.bounds import CURRENCY_PLACES

from .stock_forms import parse_lines


def _locations(label: str, *, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Location.objects.filter(is_active=True).order_by("priority", "id"),
        label=label,
        required=required,
        empty_label="Choose a location" if required else "Where it shipped from",
    )


class OrderFilter(forms.Form):
    q = forms.CharField(label="Number or customer", required=False, max_length=255)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *OrderStatus.choices]
    )
    channel = forms.ChoiceField(label="Channel", required=False, choices=[("", "Any channel")])
    since = forms.DateField(
        label="Placed from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="Placed until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channels = Order.objects.order_by("channel").values_list("channel", flat=True).distinct()
        field: Any = self.fields["channel"]
        names = order_origin.names()
        field.choices = [("", "Any channel")] + [
            (c or "hub", names.get(c, c) if c else "Hub") for c in channels
        ]


class CustomerField(forms.CharField):
    """A customer named by email or account code (optional)."""

    def clean(self, value: Any) -> Customer | None:
        key = super().clean(value)
        if not key:
            return None
        found = list(Customer.objects.filter(Q(email__iexact=key) | Q(account_code=key))[:2])
        if not found:
            raise forms.ValidationError(f"no customer has the email or account code {key!r}")
        if len(found) > 1:
            raise forms.ValidationError(
                f"several customers have the email {key!r}: use the account code"
            )
        return found[0]


class NewOrderForm(forms.Form):
    customer = CustomerField(
        label="Customer (email or account code)", required=False, max_length=255
    )
    email = forms.CharField(label="Email for this order", required=False, max_length=254)
    currency = forms.ChoiceField(
        label="Currency", choices=[(c, c) for c in sorted(CURRENCY_PLACES)], initial="USD"
    )
    lines = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Lines",
        help_text="One per line: SKU, quantity, and a unit price if not the variant's "
        "(for example: LS-M, 2 or LS-M, 2, 45.00)",
    )
    shipping_title = forms.CharField(label="Shipping", required=False, max_length=255)
    shipping_price = forms.DecimalField(
        label="Shipping price", required=False, min_value=Decimal(0), decimal_places=4
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(
        label="Confirm now (reserve the stock)", required=False, initial=True
    )

    def clean_lines(self) -> Any:
        return parse_lines(self.cleaned_data["lines"], with_cost=True)


def _open_lines(order: Order) -> list[OrderLine]:
    return [line for line in order.lines.all() if line.open_quantity > 0]


class FulfilForm(forms.Form):
    """Ship from one location: units per line (what is still to ship by default) and the
    tracking."""

    location = _locations("Ship from")
    carrier = forms.CharField(label="Carrier", required=False, max_length=120)
    tracking_number = forms.CharField(label="Tracking number", required=False, max_length=255)
    tracking_url = forms.CharField(label="Tracking URL", required=False, max_length=1024)
    notify_customer = forms.BooleanField(label="Tell the customer", required=False)

    def __init__(self, order: Order, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line_fields: list[tuple[OrderLine, str]] = []
        for line in _open_lines(order):
            name = f"ship_{line.pk}"
            self.fields[name] = forms.IntegerField(
                label=f"Ship {line.sku}", min_value=0, initial=line.open_quantity
            )
            self.line_fields.append((line, name))
        if order.requested_location_id:
            self.fields["location"].initial = order.requested_location_id
        self.order_fields(["location", *(name for _, name in self.line_fields)])


class CancelForm(forms.Form):
    reason = forms.CharField(label="Reason", required=False, max_length=255)


class RefundForm(forms.Form):
    """Units per line with what happens to them, shipping, an amount (what they cost by
    default) and a note."""

    restock = forms.ChoiceField(label="Units", choices=RestockPolicy.choices)
    location = _locations("Return to", required=False)
    damaged = forms.BooleanField(label="Returned damaged (written off)", required=False)
    shipping_amount = forms.DecimalField(
        label="Shipping refunded", required=False, min_value=Decimal(0), decimal_places=4
    )
    amount = forms.DecimalField(
        label="Amount (leave empty: what the units and shipping cost)",
        required=False,
        min_value=Decimal(0),
        decimal_places=4,
    )
    note = forms.CharField(label="Note", required=False, max_length=255)

    def __init__(self, order: Order, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line_fields: list[tuple[OrderLine, str]] = []
        for line in order.lines.all():
            name = f"refund_{line.pk}"
            self.fields[name] = forms.IntegerField(
                label=f"Refund {line.sku}", min_value=0, initial=0, required=False
            )
            self.line_fields.append((line, name))
        self.order_fields([name for _, name in self.line_fields])


class PaymentForm(forms.Form):
    invoice = forms.ModelChoiceField(queryset=Invoice.objects.none(), label="Invoice")
    amount = forms.DecimalField(
        label="Amount (leave empty: the invoice's balance)",
        required=False,
        decimal_places=4,
    )
    gateway = forms.CharField(label="Paid by", required=False, max_length=120)
    reference = forms.CharField(label="Reference", required=False, max_length=255)

    def __init__(self, order: Order, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["invoice"]
        field.queryset = Invoice.objects.filter(order=order).order_by("id")
        field.label_from_instance = lambda invoice: invoice.number
