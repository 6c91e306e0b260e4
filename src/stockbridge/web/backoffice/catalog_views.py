"""Catalog screens: products by season, status and tag with each channel's listing state; a
product's variant grid (attributes x SKU, barcode, prices, stock per location) with its
listings, linked or unlinked by hand; and the "to complete" list of imported products."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from stockbridge.catalog.models import Product, ProductStatus, Season, Tag, Variant
from stockbridge.channels import manual_links
from stockbridge.channels.models import Channel, Listing
from stockbridge.channels.queries_import import to_complete as products_to_complete
from stockbridge.inventory.models import Location, StockLevel
from stockbridge.platform.errors import FieldError

from .access import staff_required
from .form_errors import show_error
from .paging import page_of

SECTION = {"section": "catalog"}


class ProductFilter(forms.Form):
    q = forms.CharField(label="Title, handle or SKU", required=False, max_length=255)
    season = forms.ModelChoiceField(
        queryset=Season.objects.order_by("name"), required=False, empty_label="Any season"
    )
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *ProductStatus.choices])
    tag = forms.ModelChoiceField(
        queryset=Tag.objects.order_by("name"), required=False, empty_label="Any tag"
    )


def _listing_states(product_ids: list[int]) -> dict[int, dict[int, str]]:
    """{product id: {channel id: "2 linked, 1 error"}} in one query."""
    counted: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for product_id, channel_id, status, n in (
        Listing.objects.filter(variant__product_id__in=product_ids)
        .values("variant__product_id", "channel_id", "status")
        .annotate(n=Count("id"))
        .order_by("variant__product_id", "channel_id", "status")
        .values_list("variant__product_id", "channel_id", "status", "n")
    ):
        counted[product_id][channel_id].append(f"{n} {status}")
    return {p: {c: ", ".join(parts) for c, parts in by.items()} for p, by in counted.items()}


@staff_required
def products(request: HttpRequest) -> HttpResponse:
    filters = ProductFilter(request.GET or None)
    qs = (
        Product.objects.select_related("season")
        .prefetch_related("tags")
        .annotate(variant_count=Count("variants", distinct=True))
        .order_by("title", "id")
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data["q"]:
            q = data["q"]
            qs = qs.filter(
                Q(title__icontains=q) | Q(handle__icontains=q) | Q(variants__sku__iexact=q)
            )
        if data["season"]:
            qs = qs.filter(season=data["season"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["tag"]:
            qs = qs.filter(tags=data["tag"])
    page = page_of(request, qs.distinct())
    channels = list(Channel.objects.order_by("name"))
    states = _listing_states([p.pk for p in page.object_list])
    shown = [
        (p, [states.get(p.pk, {}).get(c.pk, "not listed") for c in channels])
        for p in page.object_list
    ]
    return render(
        request,
        "backoffice/catalog/products.html",
        {
            **SECTION,
            "filters": filters,
            "page": page,
            "channels": channels,
            "shown": shown,
            "seasons": list(Season.objects.order_by("name").values_list("pk", "name")),
            "channel_choices": [(c.pk, c.name) for c in channels],
        },
    )


class LinkForm(forms.Form):
    channel = forms.ModelChoiceField(queryset=Channel.objects.order_by("name"), label="Channel")
    variant = forms.ModelChoiceField(queryset=Variant.objects.none(), label="Variant (SKU)")
    remote_product_id = forms.CharField(label="Store's product id", max_length=255)
    remote_variant_id = forms.CharField(label="Store's variant id", max_length=255)
    remote_inventory_item_id = forms.CharField(
        label="Store's inventory item id", max_length=255, required=False
    )

    def __init__(self, product: Product, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["variant"]
        field.queryset = Variant.objects.filter(product=product).order_by("position", "id")
        field.label_from_instance = lambda v: v.sku


def _product_page(
    request: HttpRequest, product: Product, form: LinkForm | None = None, status: int = 200
) -> HttpResponse:
    attributes = [a.name for a in product.attributes.all()]
    variants = list(product.variants.order_by("position", "id"))
    locations = list(Location.objects.filter(is_active=True).order_by("priority", "id"))
    stock: dict[tuple[int, int], int] = {
        (v, loc): on_hand - committed
        for v, loc, on_hand, committed in StockLevel.objects.filter(
            variant__product=product
        ).values_list("variant_id", "location_id", "on_hand", "committed")
    }
    listings: dict[int, list[Listing]] = defaultdict(list)
    for listing in (
        Listing.objects.filter(variant__product=product)
        .select_related("channel")
        .order_by("channel__name", "id")
    ):
        listings[listing.variant_id].append(listing)
    grid = [
        {
            "variant": v,
            "values": [
                v.attribute_values[i] if i < len(v.attribute_values) else ""
                for i in range(len(attributes))
            ],
            "stock": [stock.get((v.pk, loc.pk), 0) for loc in locations],
            "listings": listings.get(v.pk, []),
        }
        for v in variants
    ]
    context = {
        **SECTION,
        "product": product,
        "attributes": attributes,
        "locations": locations,
        "grid": grid,
        "form": form or LinkForm(product),
    }
    return render(request, "backoffice/catalog/product.html", context, status=status)


def _product(product_id: int) -> Product:
    product = (
        Product.objects.select_related("season", "supplier")
        .prefetch_related("tags", "attributes")
        .filter(pk=product_id)
        .first()
    )
    if product is None:
        raise Http404(f"no product {product_id}")
    return product


@staff_required
def product(request: HttpRequest, product_id: int) -> HttpResponse:
    return _product_page(request, _product(product_id))


@staff_required
@require_POST
def link(request: HttpRequest, product_id: int) -> HttpResponse:
    """Link one of the product's variants to a channel's listing by its ids in the store."""
    found = _product(product_id)
    form = LinkForm(found, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            manual_links.link_variant(
                channel_id=data["channel"].pk,
                variant_id=data["variant"].pk,
                remote_product_id=data["remote_product_id"],
                remote_variant_id=data["remote_variant_id"],
                remote_inventory_item_id=data["remote_inventory_item_id"],
            )
        except FieldError as exc:
            show_error(form, exc, {"variant_id": "variant", "channel_id": "channel"})
        else:
            messages.success(request, f"{data['variant'].sku} linked on {data['channel'].name}")
            return HttpResponseRedirect(reverse("backoffice:product", args=[found.pk]))
    return _product_page(request, found, form, status=400)


@staff_required
@require_POST
def unlink(request: HttpRequest, product_id: int, listing_id: int) -> HttpResponse:
    listing = (
        Listing.objects.select_related("variant", "channel")
        .filter(pk=listing_id, variant__product_id=product_id)
        .first()
    )
    if listing is None:
        raise Http404(f"no listing {listing_id} on product {product_id}")
    try:
        manual_links.unlink_variant(channel_id=listing.channel_id, variant_id=listing.variant_id)
    except FieldError as exc:
        messages.error(request, f"{exc.field}: {exc.reason}")
    else:
        messages.success(request, f"{listing.variant.sku} unlinked from {listing.channel.name}")
    return HttpResponseRedirect(reverse("backoffice:product", args=[product_id]))


@staff_required
def to_complete(request: HttpRequest) -> HttpResponse:
    """Imported products still missing a supplier, brand, product type, cost or price."""
    channel = request.GET.get("channel", "")
    rows = products_to_complete(channel_id=int(channel) if channel.isdigit() else None)
    page = page_of(request, rows)
    return render(
        request,
        "backoffice/catalog/to_complete.html",
        {
            **SECTION,
            "page": page,
            "channel": channel,
            "channels": list(Channel.objects.order_by("name").values_list("pk", "name")),
        },
    )
