"""The NinjaAPI instance: auth, error handlers and the routers of every domain."""

from __future__ import annotations

from ninja import NinjaAPI

from . import catalog, errors
from .auth import TokenAuth

API_VERSION = "1.0.0"


def build_api() -> NinjaAPI:
    """A new API with every router mounted under `/v1/` (the app is served at `/api/`)."""
    api = NinjaAPI(
        title="Stockbridge API",
        version=API_VERSION,
        description="The REST API of Stockbridge. Changes are listed in docs/api-changelog.md.",
        auth=TokenAuth(),
        urls_namespace="api",
    )
    errors.install(api)
    api.add_router("/v1/", catalog.router)
    return api
