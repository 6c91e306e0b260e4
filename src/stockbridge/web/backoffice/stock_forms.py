"""Forms of the stock screens: adjust, count, transfer. They only read what was typed and
find the variant a SKU names; every rule (quantities, reasons, what is available) is the
inventory services', whose errors the views show next to the field they name."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from stockbridge.catalog.models import Variant
from stockbridge.inventory.models import Location
from stockbridge.inventory.services.adjusting import ADJUST_REASONS

MAX_LINES = 200


def _locations() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Location.objects.filter(is_active=True).order_by("priority", "id"),
        label="Location",
        empty_label="Choose a location",
    )


class SkuField(forms.CharField):
    """A SKU typed by hand, answered with the variant it names."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "SKU")
        kwargs.setdefault("max_length", 255)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Variant:
        sku = super().clean(value)
        variant = Variant.objects.filter(sku=sku).first()
        if variant is None:
            raise forms.ValidationError(f"no variant has the SKU {sku!r}")
        return variant


class AdjustForm(forms.Form):
    sku = SkuField()
    location = _locations()
    delta = forms.IntegerField(
        label="Change (units)", help_text="Positive adds units, negative removes them."
    )
    reason = forms.ChoiceField(
        choices=[(str(r.value), r.label) for r in ADJUST_REASONS], label="Reason"
    )
    note = forms.CharField(label="Note", required=False, max_length=255)


class CountForm(forms.Form):
    sku = SkuField()
    location = _locations()
    counted = forms.IntegerField(
        label="Counted (units)", min_value=0, help_text="On hand becomes this figure."
    )


@dataclass(frozen=True, slots=True)
class TypedLine:
    """One line of a lines box: a variant, units and (purchase orders) a unit cost."""

    variant: Variant
    quantity: int
    unit_cost: Decimal | None = None


def parse_lines(text: str, *, with_cost: bool = False) -> list[TypedLine]:
    """Lines written `SKU, quantity` (and `, unit cost` when `with_cost`), one per line.
    Raises ValidationError naming the line that cannot be read."""
    rows: list[tuple[int, list[str]]] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if raw.strip():
            rows.append((n, [part.strip() for part in raw.split(",")]))
    if not rows:
        raise forms.ValidationError("at least one line is required")
    if len(rows) > MAX_LINES:
        raise forms.ValidationError(f"at most {MAX_LINES} lines")
    wanted = 3 if with_cost else 2
    variants = Variant.objects.in_bulk([p[0] for _, p in rows], field_name="sku")
    lines: list[TypedLine] = []
    for n, parts in rows:
        if len(parts) not in (2, wanted):
            form = "SKU, quantity, unit cost" if with_cost else "SKU, quantity"
            raise forms.ValidationError(f"line {n}: write {form}")
        variant = variants.get(parts[0])
        if variant is None:
            raise forms.ValidationError(f"line {n}: no variant has the SKU {parts[0]!r}")
        try:
            quantity = int(parts[1])
        except ValueError:
            raise forms.ValidationError(f"line {n}: {parts[1]!r} is not a whole number") from None
        cost = None
        if len(parts) == 3 and parts[2]:
            try:
                cost = Decimal(parts[2])
            except InvalidOperation:
                raise forms.ValidationError(f"line {n}: {parts[2]!r} is not an amount") from None
        lines.append(TypedLine(variant, quantity, cost))
    return lines


class TransferForm(forms.Form):
    source = _locations()
    destination = _locations()
    lines = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Lines",
        help_text="One per line: SKU, quantity (for example: LS-M, 4)",
    )
    note = forms.CharField(label="Note", required=False, max_length=255)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].label = "From"
        self.fields["destination"].label = "To"

    def clean_lines(self) -> list[TypedLine]:
        return parse_lines(self.cleaned_data["lines"])


class LevelFilter(forms.Form):
    q = forms.CharField(label="SKU or product", required=False, max_length=255)
    location = forms.ModelChoiceField(
        queryset=Location.objects.order_by("priority", "id"),
        required=False,
        label="Location",
        empty_label="All locations",
    )
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All levels"),
            ("out", "Nothing available"),
            ("low", "Below the variant's threshold"),
            ("incoming", "With incoming units"),
        ],
    )
