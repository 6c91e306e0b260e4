"""Django app configuration for sync."""

from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "stockbridge.sync"
    label = "sync"
    verbose_name = "Sync"

    def ready(self) -> None:
        from .drains import listen_to_domains
        from .order_pushes import intake
        from .orders_in import handlers as order_handlers
        from .publish import deleting, inbound
        from .pushes import price_changes, stock_changes

        stock_changes.install()
        price_changes.install()
        intake.install()
        order_handlers.install()
        inbound.install()
        deleting.install()
        listen_to_domains()
