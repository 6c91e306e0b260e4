"""Typed settings per operation: a registry of operation -> the dataclass that reads them.

Each operation's settings live in their own module as a frozen dataclass with
`from_dict(data) -> Settings` raising `FieldError` naming the bad key; this module only names
them by dotted path, so an operation whose module is not (yet) present takes no settings
instead of breaking the others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any, cast

from stockbridge.platform.errors import FieldError

from .port import Operation

# operation -> "module:Class" of its settings: a frozen dataclass with `from_dict(data)`
# raising FieldError (a module-level `from_dict` is accepted too: "module")
SETTINGS: dict[str, str] = {
    Operation.SYNC_LISTINGS.value: "stockbridge.channels.stock_settings:SyncListingsSettings",
    Operation.IMPORT_LISTINGS.value: "stockbridge.channels.import_settings:ImportSettings",
    Operation.PUBLISH_LISTINGS.value: "stockbridge.channels.publish_settings:PublishSettings",
    Operation.SYNC_ORDERS.value: "stockbridge.channels.order_sync_settings:SyncOrdersSettings",
    Operation.GET_ORDERS.value: "stockbridge.channels.order_settings:GetOrdersSettings",
    Operation.PUSH_PRODUCTS.value: "stockbridge.channels.push_settings:PushProductsSettings",
    Operation.PUSH_ACCOUNTS.value: "stockbridge.channels.push_settings:PushAccountsSettings",
    Operation.PUSH_STOCK_BY_DATE.value: (
        "stockbridge.channels.push_settings:PushStockByDateSettings"
    ),
}

Reader = Callable[[dict[str, Any]], Any]


def reader(operation: str) -> Reader | None:
    """The `from_dict` of `operation`'s settings, or None when it takes none (or its module
    is not part of this build yet)."""
    path = SETTINGS.get(operation)
    if path is None:
        return None
    module_name, _, attribute = path.partition(":")
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    holder = getattr(module, attribute) if attribute else module
    found = getattr(holder, "from_dict", None)
    if not callable(found):
        raise TypeError(f"{path} has no from_dict(data)")
    return cast(Reader, found)


def validate(operation: str, data: Mapping[str, Any]) -> Any:
    """The typed settings of `operation` read from `data`; FieldError("settings.<key>", ...)
    for a bad value. An operation without a settings module accepts only no settings."""
    if not isinstance(data, Mapping):
        raise FieldError("settings", "must be an object of setting: value")
    read = reader(operation)
    if read is None:
        if data:
            raise FieldError(
                "settings", f"{operation} takes no settings (got {', '.join(sorted(data))})"
            )
        return None
    try:
        return read(dict(data))
    except FieldError as exc:
        field = exc.field if exc.field.startswith("settings") else f"settings.{exc.field}"
        raise FieldError(field, exc.reason, code=exc.code) from exc
