"""Django app configuration for purchasing."""

from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    name = "stockbridge.purchasing"
    label = "purchasing"
    verbose_name = "Purchasing"
