"""The port: what a connector implements and the plain values it exchanges with the engine.

Connectors see these frozen dataclasses and protocols (and `channels.errors`, `platform`), never
an ORM model. The engine in `sync/` names no channel kind: anything kind-specific is behind a
connector or declared in its `Capabilities`. The contract is written down in `docs/channels.md`.

Quantities are whole units (`int`); money is `Decimal` in the channel's currency; times are
aware UTC datetimes; remote ids are the channel's own strings (Shopify: gids).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import httpx

if TYPE_CHECKING:
    from .port_oauth1 import OutOfBandHandshake


class Operation(StrEnum):
    """The operations a channel may offer (one settings row, schedule and run log each)."""

    IMPORT_LISTINGS = "import_listings"
    PUBLISH_LISTINGS = "publish_listings"
    SYNC_LISTINGS = "sync_listings"
    RECONCILE = "reconcile"
    GET_ORDERS = "get_orders"
    SYNC_ORDERS = "sync_orders"
    # pushes of what the hub is master of, for kinds that take them (`channels/port_*.py`)
    PUSH_PRODUCTS = "push_products"
    PUSH_ACCOUNTS = "push_accounts"
    PUSH_STOCK_BY_DATE = "push_stock_by_date"
    RECONCILE_STOCK_BY_DATE = "reconcile_stock_by_date"
    # orders a channel hands over once approved there (`channels/port_accounts.py`)
    TAKE_ORDERS = "take_orders"


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    LINKED = "linked"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a channel kind can do; the engine reads these instead of naming the kind."""

    max_options: int
    max_variants: int
    stock_batch_size: int
    has_webhooks: bool
    has_bulk_export: bool
    has_compare_and_set: bool
    has_metafields: bool
    has_taxonomy: bool
    orders_by: str  # "webhook" or "poll"
    has_oauth: bool
    order_filters: frozenset[str] = frozenset()
    # scopes (or permissions) each operation needs, to report what a token lacks
    scopes_by_operation: Mapping[Operation, frozenset[str]] = field(default_factory=dict)
    # the channel keeps one stock figure per item and no locations: its connector answers
    # one remote location standing for that figure, and a mapping may leave the remote
    # location out (it is that one); several hub locations mapped to it are summed
    single_location: bool = False


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a connector needs to call the channel; stored encrypted by the engine."""

    access_token: str
    scopes: frozenset[str] = frozenset()
    expires_at: datetime | None = None
    refresh_token: str | None = None
    refresh_expires_at: datetime | None = None
    # what the channel signs its webhooks with, when it is not the app's own secret (a custom
    # app connected by token signs with that app's API secret key)
    webhook_secret: str | None = None


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where one channel lives: its store domain and the base URL requests go to (a real store
    or a sandbox: only this differs)."""

    domain: str
    base_url: str


@dataclass(frozen=True, slots=True)
class ShopInfo:
    name: str
    domain: str
    plan: str
    currency: str
    scopes: frozenset[str]


@dataclass(frozen=True, slots=True)
class RemoteLocation:
    remote_id: str
    name: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class RemoteQuantity:
    location_remote_id: str
    available: int
    on_hand: int | None = None


@dataclass(frozen=True, slots=True)
class Metafield:
    namespace: str
    key: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class RemoteVariant:
    remote_id: str
    inventory_item_id: str | None
    sku: str
    barcode: str
    title: str
    options: tuple[tuple[str, str], ...]  # (option name, value) in option order
    price: Decimal | None
    compare_at_price: Decimal | None = None
    cost: Decimal | None = None
    weight: Decimal | None = None
    weight_unit: str | None = None  # GRAMS, KILOGRAMS, OUNCES, POUNDS
    tracked: bool = True
    position: int = 0
    image_url: str | None = None
    quantities: tuple[RemoteQuantity, ...] = ()
    metafields: tuple[Metafield, ...] = ()  # the variant's own (a 4th/5th attribute published)


@dataclass(frozen=True, slots=True)
class RemoteProduct:
    remote_id: str
    title: str
    handle: str
    status: str  # active, draft, archived
    published: bool
    vendor: str = ""
    product_type: str = ""
    description_html: str = ""
    tags: tuple[str, ...] = ()
    option_names: tuple[str, ...] = ()
    category: str | None = None  # taxonomy id and full name, "gid ... | Apparel > Shirts"
    image_urls: tuple[str, ...] = ()
    metafields: tuple[Metafield, ...] = ()
    variants: tuple[RemoteVariant, ...] = ()


@dataclass(frozen=True, slots=True)
class LevelWrite:
    """One quantity to show at one remote location. `ref` names the item in results (the
    engine's own key); `last_seen` is what we believe the channel holds now (compare-and-set:
    the write only applies if the channel still holds it; None = we don't know)."""

    ref: str
    inventory_item_id: str
    location_remote_id: str
    quantity: int
    last_seen: int | None


@dataclass(frozen=True, slots=True)
class PriceWrite:
    """The prices to show for one listed variant, in `currency` (the channel's). Each amount is
    the value to set, or None: leave the channel's as it is. `cleared` names the optional
    amounts to remove on the channel ("compare_at_price", "cost"): the hub holds none. `ref`
    names the item in results (the engine's own key)."""

    ref: str
    product_id: str
    variant_id: str
    inventory_item_id: str
    currency: str
    price: Decimal | None = None
    compare_at_price: Decimal | None = None
    cost: Decimal | None = None
    cleared: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RemoteLevel:
    """One item's `available` quantity at one remote location. `tracked` is false when the
    channel does not count the item's stock (its levels exist but show nothing to buyers)."""

    inventory_item_id: str
    location_remote_id: str
    available: int
    variant_remote_id: str | None = None
    sku: str = ""
    tracked: bool = True


@dataclass(frozen=True, slots=True)
class ItemResult:
    """The outcome of one item of a batch. `error_kind` is the name of a `channels.errors`
    class when the item failed (the engine decides retry / skip / give up from it);
    `message` is in words a merchant understands; `confirmed` is the value the channel now
    holds where the answer says so (a stock write)."""

    ref: str
    outcome: Outcome
    message: str = ""
    error_kind: str | None = None
    confirmed: int | None = None
    remote_ids: Mapping[str, str] = field(default_factory=dict)
    request_excerpt: str = ""
    response_excerpt: str = ""


class InboundKind(StrEnum):
    """What an inbound event is about, as the connector normalises it: the engine dispatches
    on this, never on a channel's own topic names."""

    APP_UNINSTALLED = "app_uninstalled"
    ORDER = "order"
    REFUND = "refund"
    CUSTOMER = "customer"
    PRODUCT = "product"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class InboundEventData:
    """One event a channel sent (a webhook), parsed. `event_id` is unique per event of one
    channel (a redelivery carries the same); `topic` is the channel's own name for it, kept
    for people; `kind` is what the engine dispatches on; `body` the decoded payload."""

    event_id: str
    topic: str
    kind: InboundKind
    occurred_at: datetime | None
    resource_id: str
    body: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class SubscriptionResult:
    """One topic's subscription: `ok`, the channel's id for it, or why it was refused."""

    topic: str
    ok: bool
    remote_id: str = ""
    message: str = ""


class WebhookCodec(Protocol):
    """A channel's webhooks: check a delivery's signature, read it, and subscribe to topics.
    `headers` are matched case-insensitively by the codec; `raw_body` is the body exactly as
    received (signatures are over the bytes)."""

    def verify(self, headers: Mapping[str, str], raw_body: bytes) -> bool:
        """True only when the delivery is signed with this channel's secret (constant time);
        never raises for a malformed delivery."""

    def parse(self, headers: Mapping[str, str], raw_body: bytes) -> InboundEventData:
        """The event of a verified delivery; `Rejected(field, reason)` when it lacks what the
        engine needs (its id, its topic, a JSON object body)."""

    def subscribe(self, topics: Sequence[InboundKind], url: str) -> list[SubscriptionResult]:
        """Have the channel deliver the events of `topics` to `url`; one result per channel
        topic subscribed."""


class Throttle(Protocol):
    """One budget per store shared by every worker and process (the engine provides it). A
    connector asks before each call, reports what the channel said about its budget after,
    and blocks the store when the channel refused a call for its rate."""

    def wait(self, cost: float) -> None:
        """Block until `cost` points are likely available."""

    def observe(self, *, available: float, maximum: float, restore_rate: float) -> None:
        """Record the budget the channel reported."""

    def block(self, seconds: float) -> None:
        """The channel refused a call for being too fast (HTTP 429 with Retry-After, Shopify's
        THROTTLED): hold every worker's calls to this store for `seconds`."""


@runtime_checkable
class Connection(Protocol):
    capabilities: Capabilities

    def test(self) -> ShopInfo: ...

    def locations(self) -> list[RemoteLocation]: ...


class CatalogSource(Protocol):
    def export_catalog(self) -> Iterator[RemoteProduct]:
        """Every product of the store, streamed (a 100,000-variant store never sits in memory
        as one list)."""


class StockTarget(Protocol):
    def set_levels(self, levels: Sequence[LevelWrite]) -> Iterator[ItemResult]:
        """Write up to `capabilities.stock_batch_size` quantities; one result per level. A lost
        compare-and-set is an item failed with error_kind "Conflict"; a variant gone from
        the channel is "NotFound"."""

    def read_levels(self) -> Iterator[RemoteLevel]:
        """Every level of every item at every location, streamed (untracked items too, marked
        `tracked=False`, so that an item that exists always shows)."""

    def read_levels_of(self, pairs: Sequence[tuple[str, str]]) -> list[RemoteLevel]:
        """The levels the channel holds now at a few (inventory item id, remote location id)
        pairs (re-read after a lost compare-and-set); a pair the channel does not know is
        left out."""


class PriceTarget(Protocol):
    def set_prices(self, writes: Sequence[PriceWrite]) -> Iterator[ItemResult]:
        """Write prices, compare-at prices and costs; one result per write, in any order,
        keyed by `ref`. A variant gone from the channel is an item failed with error_kind
        "NotFound"; a value the channel refuses is "Rejected". A failed item never sinks the
        others."""


class OAuthInstaller(Protocol):
    """An app install by OAuth (authorization code grant). `endpoint` names the store (its
    domain) and where its OAuth pages live (its base URL: the store, or a sandbox)."""

    def install_url(
        self, *, endpoint: Endpoint, state: str, redirect_uri: str, scopes: Sequence[str]
    ) -> str: ...

    def complete_install(
        self, *, endpoint: Endpoint, params: Mapping[str, str], state: str
    ) -> Credentials:
        """Verify the callback (its signature, the shop, `state` = the nonce we issued) and
        exchange its code for credentials. Refusals are `FieldError`s naming the parameter;
        the channel's own refusals are `channels.errors`."""

    def refresh(self, *, endpoint: Endpoint, credentials: Credentials) -> Credentials:
        """New credentials for expiring ones (AuthFailed when the refresh is refused)."""


class Connector(Connection, CatalogSource, StockTarget, PriceTarget, Protocol):
    """Everything the engine asks of a channel kind so far (orders and publish come with
    their issues)."""


@dataclass(frozen=True, slots=True)
class ConnectorContext:
    """What a connector is built from: where the store is, how to authenticate, the store's
    shared throttle, and (tests) an HTTP transport to use instead of the network."""

    endpoint: Endpoint
    credentials: Credentials
    throttle: Throttle
    transport: httpx.BaseTransport | None = None


@dataclass(frozen=True, slots=True)
class Kind:
    """One channel kind as a connector package declares it."""

    name: str
    label: str
    capabilities: Capabilities
    connect: Callable[[ConnectorContext], Connector]
    # OAuth apps: built from the app's client id/secret and transport; None when the kind has
    # no OAuth install (token + domain only)
    installer: Callable[[httpx.BaseTransport | None], OAuthInstaller] | None = None
    # the default base URL for a store domain (a real store); a sandbox gives its own
    base_url: Callable[[str], str] | None = None
    # what a store domain of this kind looks like (checked when a channel is added), and an
    # example for the error message
    domain_pattern: str = r"^[A-Za-z0-9.-]+$"
    domain_example: str = "shop.example.com"
    # the kind's webhooks (verify, parse, subscribe), built like the connector; None when the
    # kind sends none
    webhooks: Callable[[ConnectorContext], WebhookCodec] | None = None
    # OAuth 1.0 out-of-band onboarding (`channels/port_oauth1.py`), built from a transport
    handshake: Callable[[httpx.BaseTransport | None], OutOfBandHandshake] | None = None
    # the hosts a channel of this kind may live on, by environment ("production",
    # "sandbox"): a channel switches between them (`channels.services.set_environment`)
    environments: Mapping[str, str] = field(default_factory=dict)
