"""Django app configuration for the web layer."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "stockbridge.web"
    label = "web"
    verbose_name = "Access"

    def ready(self) -> None:
        from stockbridge.sync.housekeeping import register_pruner

        from .housekeeping import prune_revoked_tokens

        register_pruner("revoked_tokens", prune_revoked_tokens)
