"""Django app configuration for customers."""

from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "stockbridge.customers"
    label = "customers"
    verbose_name = "Customers"
