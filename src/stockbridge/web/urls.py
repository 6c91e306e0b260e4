"""The root URL configuration: back office, admin, API."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from stockbridge.web import webhooks
from stockbridge.web.api.app import build_api
from stockbridge.web.backoffice import urls as backoffice_urls

api = build_api()

admin.site.site_header = "Stockbridge back office"
admin.site.site_title = "Stockbridge"
admin.site.index_title = "Catalog, stock, customers and orders"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("webhooks/<int:channel_id>", webhooks.receive, name="channel_webhooks"),
    path("", include(backoffice_urls)),
]
