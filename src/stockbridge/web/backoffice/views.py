"""Back-office views. Login is required for every page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from stockbridge.catalog.models import Product, Variant
from stockbridge.customers.models import Customer
from stockbridge.inventory import queries as stock
from stockbridge.inventory.models import Location
from stockbridge.orders import queries as orders
from stockbridge.orders.states import OrderStatus
from stockbridge.sync.models import JobHeartbeat

TO_SHIP = (OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_FULFILLED)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What an operations person looks at first: counts, what needs doing, whether jobs run."""
    by_status = dict(
        orders.orders().order_by().values_list("status").annotate(n=Count("id", distinct=True))
    )
    counts = {
        "Products": Product.objects.count(),
        "Variants": Variant.objects.count(),
        "Customers": Customer.objects.count(),
        "Locations": Location.objects.filter(is_active=True).count(),
        "Orders to ship": sum(by_status.get(s, 0) for s in TO_SHIP),
        "Draft orders": by_status.get(OrderStatus.DRAFT, 0),
    }
    context = {
        "counts": counts,
        "out_of_stock": list(stock.low_stock(threshold=0)[:10]),
        "to_ship": list(orders.orders().filter(status__in=TO_SHIP).order_by("placed_at")[:10]),
        "recent": list(orders.orders().order_by("-placed_at")[:10]),
        "jobs": list(JobHeartbeat.objects.order_by("name")),
    }
    return render(request, "backoffice/dashboard.html", context)


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: answers without login, touches the database once."""
    Product.objects.exists()
    return JsonResponse({"status": "ok"})
