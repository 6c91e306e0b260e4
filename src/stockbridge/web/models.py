"""Persisted access: API tokens (only their SHA-256 is stored), their scope and the permissions
their owner needs to use them."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class TokenScope(models.TextChoices):
    READ = "read", "read (GET only)"
    READ_WRITE = "read-write", "read and write"


READ_PERMISSION = "web.read_api"
WRITE_PERMISSION = "web.write_api"


class ApiToken(models.Model):
    name = models.CharField(max_length=255)
    prefix = models.CharField(
        max_length=12,
        unique=True,
        help_text="The token id: its first 12 characters, to recognise and revoke it.",
    )
    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    scope = models.CharField(
        max_length=10, choices=TokenScope.choices, default=TokenScope.READ_WRITE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(
        null=True, blank=True, help_text="Recorded at most once every few minutes."
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("read_api", "Can read through the API with a token"),
            ("write_api", "Can write through the API with a read-write token"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
