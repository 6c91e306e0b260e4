"""Django app configuration for sync."""

from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "stockbridge.sync"
    label = "sync"
    verbose_name = "Sync"

    def ready(self) -> None:
        from .drains import listen_to_domains
        from .pushes import price_changes, stock_changes

        stock_changes.install()
        price_changes.install()
        listen_to_domains()
