"""The dashboard (what an operations person looks at first) and the health check. Login is
required for every page but the health check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from stockbridge.catalog.models import Product
from stockbridge.sync.models import JobHeartbeat

from . import dashboard_data as data
from .access import staff_required


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Channels and their last runs, pending work, orders today and to ship, low stock,
    recent failures, and charts of orders and sync runs over the last 14 days."""
    low, low_count = data.low_stock()
    context = {
        "section": "dashboard",
        "counts": data.orders_today_and_to_ship() | {"Low stock": low_count} | data.pending(),
        "channels": data.channel_rows(),
        "low_stock": low,
        "low_count": low_count,
        "to_ship": data.to_ship(),
        "failures": data.recent_failures(),
        "orders_chart": data.orders_chart(),
        "runs_chart": data.runs_chart(),
        "jobs": list(JobHeartbeat.objects.order_by("name")),
    }
    return render(request, "backoffice/dashboard.html", context)


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: answers without login, touches the database once."""
    Product.objects.exists()
    return JsonResponse({"status": "ok"})
