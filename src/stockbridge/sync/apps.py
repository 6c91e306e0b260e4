"""Django app configuration for sync."""

from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "stockbridge.sync"
    label = "sync"
    verbose_name = "Sync"

    def ready(self) -> None:
        from .drains import listen_to_domains

        listen_to_domains()
