"""Back-office views. Login is required for every page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from stockbridge.catalog.models import Product, Season, Variant
from stockbridge.customers.models import Customer
from stockbridge.inventory.models import Location


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    counts = {
        "Products": Product.objects.count(),
        "Variants": Variant.objects.count(),
        "Seasons": Season.objects.count(),
        "Customers": Customer.objects.count(),
        "Locations": Location.objects.count(),
    }
    return render(request, "backoffice/dashboard.html", {"counts": counts})


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: answers without login, touches the database once."""
    Product.objects.exists()
    return JsonResponse({"status": "ok"})
