"""Django app configuration for the web layer."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "stockbridge.web"
    label = "web"
    verbose_name = "Access"
