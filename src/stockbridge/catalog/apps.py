"""Django app configuration for the catalog."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "stockbridge.catalog"
    label = "catalog"
    verbose_name = "Catalog"
