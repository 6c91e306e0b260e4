"""Django app configuration for orders."""

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "stockbridge.orders"
    label = "orders"
    verbose_name = "Orders"
