"""Django app configuration for channels."""

from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "stockbridge.channels"
    label = "channels"
    verbose_name = "Channels"
