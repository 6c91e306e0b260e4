"""Django app configuration for inventory."""

from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "stockbridge.inventory"
    label = "inventory"
    verbose_name = "Inventory"
