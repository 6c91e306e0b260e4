"""The NinjaAPI instance: auth, error handlers and the routers of every domain.

Every module of this package that defines a module-level `router` (a `ninja.Router`) is
mounted under `/v1/`; adding a domain's endpoints is adding its module, nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from ninja import NinjaAPI, Router

from . import errors
from .auth import TokenAuth
from .openapi import add_error_responses

API_VERSION = "1.5.0"


def domain_routers() -> list[Router]:
    """The `router` of each module in this package, in module-name order."""
    package = importlib.import_module(__package__ or "stockbridge.web.api")
    routers = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        router = getattr(module, "router", None)
        if isinstance(router, Router):
            routers.append(router)
    return routers


class StockbridgeApi(NinjaAPI):
    """The API whose OpenAPI document also declares every error response."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return add_error_responses(schema)


def build_api() -> NinjaAPI:
    """A new API with every router mounted under `/v1/` (the app is served at `/api/`)."""
    api = StockbridgeApi(
        title="Stockbridge API",
        version=API_VERSION,
        description="The REST API of Stockbridge. Changes are listed in docs/api-changelog.md.",
        auth=TokenAuth(),
        urls_namespace="api",
    )
    errors.install(api)
    for router in domain_routers():
        api.add_router("/v1/", router)
    return api
