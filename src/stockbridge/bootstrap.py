"""The composition root: settings, database, clock, queue and web app are put together here,
at start-up, never at import time."""

from __future__ import annotations

import os
from typing import Any

SETTINGS_MODULE = "stockbridge.platform.settings"


def configure() -> None:
    """Point Django at Stockbridge's settings and set it up (idempotent)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()


def wsgi_application() -> Any:
    """The WSGI app serving back office, API and webhooks."""
    configure()
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()
