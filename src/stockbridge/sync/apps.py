"""Django app configuration for sync."""

from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "stockbridge.sync"
    label = "sync"
    verbose_name = "Sync"

    def ready(self) -> None:
        from . import price_pushes
        from .drains import listen_to_domains
        from .order_pushes import intake
        from .pushes import install

        install()
        intake.install()
        price_pushes.install()
        listen_to_domains()
