"""The hub side of the demo: a login, locations matching the store's, a spring season made
here (to publish later), and the sandbox store connected as a channel with its catalog
imported. Every write goes through the same services as the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from stockbridge.catalog.specs import AttributeSpec, ProductSpec, VariantSpec

USERNAME = "demo"

# hub location code -> the store location's name
LOCATIONS = (("WH", "Warehouse"), ("FLAG", "Flagship Store"), ("OUT", "Outlet"))

AUTUMN = "AW26"
# the spring season is made in the hub only: it is what "push a season" publishes
SPRING = "SS27"
SPRING_STYLES = (
    ("Wold Linen Shirt", "Shirts", "49.00", ("S", "M", "L"), ("Sand", "Sky")),
    ("Swale Chino Shorts", "Shorts", "45.00", ("30", "32", "34"), ("Stone",)),
    ("Nidd Cotton Tee", "T-Shirts", "25.00", ("S", "M", "L", "XL"), ("White", "Sage")),
)


@dataclass(frozen=True, slots=True)
class HubSetup:
    channel_id: int
    imported: str  # the import run's summary line
    spring_products: int


def create_login(password: str) -> None:
    from django.contrib.auth import get_user_model

    users = get_user_model()
    if not users.objects.filter(username=USERNAME).exists():
        users.objects.create_superuser(USERNAME, "demo@example.com", password)


def create_locations() -> dict[str, int]:
    from stockbridge.inventory.locations import LocationSpec, create_location
    from stockbridge.inventory.models import Location

    ids = {}
    for code, name in LOCATIONS:
        existing = Location.objects.filter(code=code).first()
        ids[name] = (existing or create_location(spec=LocationSpec(name=name, code=code))).pk
    return ids


def create_spring_season(locations: dict[str, int]) -> int:
    from stockbridge.catalog.models import Variant
    from stockbridge.catalog.services import create_product, create_season
    from stockbridge.inventory.services.counting import CountLine, count_levels

    create_season(name=AUTUMN, code=AUTUMN)  # what the store's catalog is imported into
    create_season(name=SPRING, code=SPRING)
    warehouse = locations["Warehouse"]
    counts = []
    for n, (title, kind, price, sizes, colours) in enumerate(SPRING_STYLES):
        stem = "".join(word[0] for word in title.split()).upper()
        variants = tuple(
            VariantSpec(
                sku=f"{stem}-{size}-{colour.upper()[:4]}",
                price=Decimal(price),
                attribute_values=(size, colour),
            )
            for size in sizes
            for colour in colours
        )
        product = create_product(
            spec=ProductSpec(
                title=title,
                status="active",
                vendor="Stockbridge Goods",
                product_type=kind,
                season=SPRING,
                tags=(SPRING, kind.lower()),
                description_html=f"<p>{title}, new for spring.</p>",
                attributes=(AttributeSpec("Size", sizes), AttributeSpec("Colour", colours)),
                variants=variants,
            )
        )
        for m, variant in enumerate(Variant.objects.filter(product=product).order_by("pk")):
            counts.append(CountLine(variant.pk, warehouse, 10 + (n * 5 + m * 3) % 17))
    count_levels(counts=counts, reference="demo: spring delivery", actor="demo")
    return len(SPRING_STYLES)


def connect_store(
    *, domain: str, base_url: str, token: str, webhook_secret: str, connect: bool
) -> int:
    """Add the store as a channel; unless `connect` is False (to try the OAuth install from
    the back office), connect it by token, map the locations and import its catalog."""
    from stockbridge.channels.services.adding import add_channel
    from stockbridge.channels.services.connecting import connect_with_token
    from stockbridge.channels.services.webhooks import ORDER_EVENTS, public_url, subscribe_webhooks

    channel = add_channel(kind="shopify", name="Demo store", domain=domain, base_url=base_url)
    if connect:
        channel = connect_with_token(channel=channel, token=token, webhook_secret=webhook_secret)
        # the shoppers' orders come here by webhook (with --no-connect: the channel page's
        # "Receive orders by webhook" once connected)
        subscribe_webhooks(channel=channel, base_url=public_url(), kinds=ORDER_EVENTS)
    return channel.pk


def map_and_import(channel_id: int, locations: dict[str, int]) -> str:
    from stockbridge.channels.models import Channel
    from stockbridge.channels.services.locations import map_location, remote_locations
    from stockbridge.channels.services.operations import set_operation
    from stockbridge.sync.operations import run_operation

    channel = Channel.objects.get(pk=channel_id)
    for remote in remote_locations(channel=channel):
        if remote.name in locations:
            map_location(
                channel=channel,
                location=locations[remote.name],
                remote_location_id=remote.remote_id,
            )
    set_operation(
        channel=channel,
        operation="import_listings",
        settings={
            "season_for_published": AUTUMN,
            "season_for_unpublished": AUTUMN,
            "quantities": "per_location",
        },
    )
    run = run_operation(channel_id=channel_id, operation="import_listings")
    counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(run.counts.items()))
    return f"import listings: {run.status} ({counts})"
