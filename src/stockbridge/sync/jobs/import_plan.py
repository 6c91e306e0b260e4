"""What importing one remote product does to the hub: pure, no I/O (tested without a database).

`plan_product` takes the remote product, the import settings and a `Hub` view (what the hub
holds that this product touches, loaded by the job per batch) and answers a `ProductPlan`:
the product spec to write through `catalog.services.upsert_products` (or none), and one
`VariantPlan` per remote variant with its outcome, the merchant's message, the exact field
changes ({field: [old, new]}; [None, new] for what is created) and the link to make.

How a remote variant finds its hub variant: its existing listing on this channel first, then
the master SKU (the hub variant with the same SKU, or the one with the same barcode). A
product whose variants match nothing is created (unless the hub already has a product under
its handle: then it is refused rather than merged by accident). In "create_only" mode a
matched hub product is never changed: its variants are linked, variants it lacks are
skipped. In "create_and_overwrite" mode Shopify's data replaces the hub's (title,
description, status, vendor, type, category, tags, options, images, and per variant prices
when imported, barcode, weight, option values); what Shopify doesn't hold (supplier, brand,
season once set, hub-only variants, other custom fields) is kept.

A variant that can't be imported (no SKU, a SKU given twice in the store, a value the hub
refuses) fails alone; a product-level problem (more options than the hub allows, a status
the hub doesn't have, variants matching several hub products) fails the product's items.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from stockbridge.catalog import rules
from stockbridge.catalog.specs import AttributeSpec, ImageSpec, ProductSpec, VariantSpec
from stockbridge.channels.import_settings import ImportSettings
from stockbridge.channels.port import Outcome, RemoteProduct, RemoteVariant

WEIGHT_UNITS = {"GRAMS": "g", "KILOGRAMS": "kg", "OUNCES": "oz", "POUNDS": "lb"}
STATUSES = {"active": "active", "draft": "draft", "archived": "archived"}
PRODUCT_DIFF_FIELDS = (
    "title",
    "handle",
    "description_html",
    "status",
    "vendor",
    "product_type",
    "category",
    "season",
    "tags",
    "custom_fields",
    "attributes",
    "images",
)
VARIANT_DIFF_FIELDS = (
    "sku",
    "barcode",
    "attribute_values",
    "position",
    "currency",
    "price",
    "compare_at_price",
    "cost",
    "weight",
    "weight_unit",
)


@dataclass(frozen=True, slots=True)
class HubVariant:
    id: int
    sku: str
    barcode: str
    product_handle: str


@dataclass(frozen=True, slots=True)
class HubListing:
    variant_id: int
    remote_variant_id: str
    remote_product_id: str
    remote_inventory_item_id: str
    status: str


@dataclass(slots=True)
class Hub:
    """What the hub holds that a batch of remote products touches."""

    currency: str
    listings: Mapping[str, HubListing] = field(default_factory=dict)  # by remote variant id
    linked: dict[int, str] = field(default_factory=dict)  # hub variant id -> remote variant id
    variants: Mapping[int, HubVariant] = field(default_factory=dict)  # by id
    by_sku: Mapping[str, HubVariant] = field(default_factory=dict)
    by_barcode: Mapping[str, tuple[HubVariant, ...]] = field(default_factory=dict)
    products: Mapping[str, ProductSpec] = field(default_factory=dict)  # stored, by handle
    # SKUs already taken by earlier products of this run: sku -> that product's title
    seen_skus: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class VariantPlan:
    remote: RemoteVariant
    ref: str
    outcome: Outcome = Outcome.UNCHANGED
    message: str = ""
    changes: dict[str, Any] = field(default_factory=dict)
    hub_sku: str = ""  # the hub variant's SKU once written (empty when failed/skipped)
    link: dict[str, str] | None = None  # the listing to create or update
    listing_status: str = ""


@dataclass(slots=True)
class ProductPlan:
    remote: RemoteProduct
    ref: str
    outcome: Outcome = Outcome.UNCHANGED
    message: str = ""
    changes: dict[str, Any] = field(default_factory=dict)
    spec: ProductSpec | None = None  # to write (None: nothing to write)
    handle: str = ""
    variants: list[VariantPlan] = field(default_factory=list)

    def fail(self, message: str, *, outcome: Outcome = Outcome.FAILED) -> None:
        """The whole product fails (or is skipped): every variant item says why."""
        self.outcome = outcome
        self.message = message
        self.changes = {}
        self.spec = None
        for item in self.variants:
            if item.outcome is not Outcome.FAILED:
                item.outcome = outcome
                item.message = message
            item.changes = {}
            item.link = None
            item.hub_sku = ""


_SCALARS = frozenset((str, int, float, bool))


def jsonable(value: Any) -> Any:
    """A value as it is shown in a run's changes (JSON)."""
    if value is None or type(value) in _SCALARS:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, AttributeSpec):
        return {"name": value.name, "values": list(value.values)}
    if isinstance(value, ImageSpec):
        return {"url": value.url, "variant_skus": sorted(value.variant_skus)}
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def _value(spec: Any, name: str) -> Any:
    value = getattr(spec, name)
    if name == "tags":
        return tuple(sorted(set(value)))
    if name == "images":
        return tuple(
            dataclasses.replace(i, variant_skus=tuple(sorted(i.variant_skus))) for i in value
        )
    return value


def diff(old: Any, new: Any, names: tuple[str, ...]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field that differs (money and measures compared as
    numbers: 54.00 equals 54.0000); [None, new] for every field when old is None."""
    out: dict[str, list[Any]] = {}
    for name in names:
        after = _value(new, name)
        before = _value(old, name) if old is not None else None
        if old is None or before != after:
            out[name] = [jsonable(before), jsonable(after)]
    return out


def _ref(variant: RemoteVariant) -> str:
    return variant.sku or variant.remote_id


def _season(remote: RemoteProduct, settings: ImportSettings) -> str | None:
    return settings.season_for_published if remote.published else settings.season_for_unpublished


def _category(remote: RemoteProduct) -> str:
    if not remote.category:
        return ""
    return remote.category.split(" | ", 1)[-1]


def _custom_fields(remote: RemoteProduct, settings: ImportSettings) -> dict[str, Any]:
    if not settings.metafields_as_custom_fields:
        return {}
    return {f"{m.namespace}.{m.key}": m.value for m in remote.metafields}


def _attributes(
    remote: RemoteProduct, variants: list[RemoteVariant], kept: tuple[tuple[str, ...], ...] = ()
) -> tuple[AttributeSpec, ...]:
    values: list[list[str]] = [[] for _ in remote.option_names]
    for option_values in [tuple(v for _, v in rv.options) for rv in variants] + list(kept):
        for n, value in enumerate(option_values[: len(values)]):
            if value not in values[n]:
                values[n].append(value)
    return tuple(
        AttributeSpec(name=name, values=tuple(vs))
        for name, vs in zip(remote.option_names, values, strict=True)
    )


def _images(
    remote: RemoteProduct, variants: list[tuple[RemoteVariant, str]]
) -> tuple[ImageSpec, ...]:
    urls = list(remote.image_urls)
    for rv, _ in variants:
        if rv.image_url and rv.image_url not in urls:
            urls.append(rv.image_url)
    return tuple(
        ImageSpec(
            url=url,
            variant_skus=tuple(sorted(sku for rv, sku in variants if rv.image_url == url)),
        )
        for url in urls
    )


def _variant_spec(
    rv: RemoteVariant,
    sku: str,
    base: VariantSpec | None,
    settings: ImportSettings,
    currency: str,
) -> VariantSpec:
    """The hub variant `rv` makes: `base` (the stored one) with Shopify's values over it."""
    spec = base or VariantSpec(sku=sku, price=Decimal(0), currency=currency)
    changes: dict[str, Any] = {
        "sku": sku,
        "attribute_values": tuple(v for _, v in rv.options),
        "position": rv.position or spec.position,
    }
    if rv.barcode or base is None:
        changes["barcode"] = rv.barcode
    if settings.import_prices:
        changes["currency"] = currency
        changes["price"] = rv.price if rv.price is not None else Decimal(0)
        changes["compare_at_price"] = rv.compare_at_price
        changes["cost"] = rv.cost
    if settings.weights and rv.weight is not None and rv.weight_unit:
        changes["weight"] = rv.weight
        changes["weight_unit"] = WEIGHT_UNITS.get(rv.weight_unit, rv.weight_unit)
    return dataclasses.replace(spec, **changes)


def _match(rv: RemoteVariant, settings: ImportSettings, hub: Hub) -> tuple[HubVariant | None, str]:
    """The hub variant `rv` is (or links to), or a reason it can't be imported."""
    listing = hub.listings.get(rv.remote_id)
    if listing is not None and listing.variant_id in hub.variants:
        return hub.variants[listing.variant_id], ""
    if settings.master_sku == "barcode":
        if not rv.barcode:
            return None, ""
        found = hub.by_barcode.get(rv.barcode, ())
        if len(found) > 1:
            skus = ", ".join(sorted(v.sku for v in found))
            return None, f"barcode {rv.barcode} matches several hub variants ({skus})"
        return (found[0] if found else None), ""
    return (hub.by_sku.get(rv.sku) if rv.sku else None), ""


def plan_product(remote: RemoteProduct, settings: ImportSettings, hub: Hub) -> ProductPlan:
    plan = ProductPlan(remote=remote, ref=f"product:{remote.handle or remote.remote_id}")
    plan.variants = [VariantPlan(remote=rv, ref=_ref(rv)) for rv in remote.variants]
    if len(remote.option_names) > rules.MAX_ATTRIBUTES:
        plan.fail(
            f"has {len(remote.option_names)} options; the hub allows at most "
            f"{rules.MAX_ATTRIBUTES} attributes per product"
        )
        return plan
    status = STATUSES.get(remote.status)
    if status is None:
        plan.fail(
            f"the store's status {remote.status!r} has no hub equivalent (active, draft, archived)"
        )
        return plan
    if not remote.variants:
        plan.fail("has no variants in the store", outcome=Outcome.SKIPPED)
        return plan

    # Which hub variant each remote variant is; variants that can't be imported fail alone.
    matched: dict[int, HubVariant] = {}  # index in plan.variants -> hub variant
    for n, item in enumerate(plan.variants):
        rv = item.remote
        if rv.sku and rv.sku in hub.seen_skus:
            item.outcome = Outcome.FAILED
            item.message = (
                f"SKU {rv.sku} is also used by {hub.seen_skus[rv.sku]!r} in the store; "
                "a SKU names one variant, fix it in the store"
            )
            continue
        if rv.sku:
            hub.seen_skus[rv.sku] = remote.title
        found, problem = _match(rv, settings, hub)
        if problem:
            item.outcome, item.message = Outcome.FAILED, problem
            continue
        if found is not None:
            linked_to = hub.linked.get(found.id)
            if linked_to is not None and linked_to != rv.remote_id:
                item.outcome = Outcome.FAILED
                item.message = (
                    f"hub variant {found.sku} is already linked to store variant {linked_to}"
                )
                continue
            matched[n] = found
            hub.linked[found.id] = rv.remote_id  # a later remote variant can't take it too
        elif not rv.sku:
            item.outcome = Outcome.FAILED
            item.message = "has no SKU in the store; the hub needs one to create the variant"
    handles = sorted({v.product_handle for v in matched.values()})
    if len(handles) > 1:
        plan.fail(f"its variants match several hub products ({', '.join(handles)})")
        return plan
    stored = hub.products.get(handles[0]) if handles else None
    plan.handle = (
        handles[0] if handles else (remote.handle or rules.handle_from_title(remote.title))
    )
    if stored is None and plan.handle in hub.products:
        plan.fail(
            f"the hub already has a product with handle {plan.handle!r} whose variants match "
            "none of these; link them by hand or change the handle"
        )
        return plan

    live = [n for n, item in enumerate(plan.variants) if item.outcome is not Outcome.FAILED]
    # A new variant's SKU may belong to another hub product (the master SKU is the barcode).
    for n in live:
        item = plan.variants[n]
        if n in matched:
            continue
        owner = hub.by_sku.get(item.remote.sku)
        if owner is not None and owner.product_handle != plan.handle:
            item.outcome = Outcome.FAILED
            item.message = (
                f"SKU {item.remote.sku} already belongs to hub product {owner.product_handle!r}"
            )
    live = [n for n in live if plan.variants[n].outcome is not Outcome.FAILED]
    if stored is not None and not settings.overwrite:
        for n in live:
            item = plan.variants[n]
            if n in matched:
                item.hub_sku = matched[n].sku
            else:
                item.outcome = Outcome.SKIPPED
                item.message = (
                    f"hub product {plan.handle!r} exists and the mode is create only: "
                    "its new variants are not added"
                )
        plan.message = "exists in the hub; create only leaves it as it is"
        _links(plan, hub, settings)
        return plan
    _build(plan, stored, matched, live, settings, hub)
    return plan


def _build(
    plan: ProductPlan,
    stored: ProductSpec | None,
    matched: dict[int, HubVariant],
    live: list[int],
    settings: ImportSettings,
    hub: Hub,
) -> None:
    """Build and check the spec to write, dropping variants the hub refuses (they fail alone)."""
    remote = plan.remote
    currency = hub.currency
    stored_by_sku = {v.sku: v for v in stored.variants} if stored else {}
    while True:
        skus = {n: (matched[n].sku if n in matched else plan.variants[n].remote.sku) for n in live}
        used = set(skus.values())
        kept = tuple(v for v in (stored.variants if stored else ()) if v.sku not in used)
        remote_live = [plan.variants[n].remote for n in live]
        if (
            stored is not None
            and kept
            and tuple(a.name for a in stored.attributes) != remote.option_names
        ):
            plan.fail(
                "the hub product has variants the store doesn't "
                f"({', '.join(v.sku for v in kept)}) "
                f"and attributes ({', '.join(a.name for a in stored.attributes) or 'none'}) "
                f"unlike the store's options ({', '.join(remote.option_names) or 'none'})"
            )
            return
        new_variants = tuple(
            _variant_spec(
                plan.variants[n].remote, skus[n], stored_by_sku.get(skus[n]), settings, currency
            )
            for n in live
        )
        images = (
            _images(remote, [(plan.variants[n].remote, skus[n]) for n in live])
            if settings.images
            else (stored.images if stored else ())
        )
        custom = dict(stored.custom_fields) if stored else {}
        custom.update(_custom_fields(remote, settings))
        spec = ProductSpec(
            title=remote.title,
            handle=plan.handle,
            description_html=remote.description_html,
            status=STATUSES[remote.status],
            brand=stored.brand if stored else "",
            vendor=remote.vendor,
            product_type=remote.product_type,
            category=_category(remote),
            product_group=stored.product_group if stored else "",
            season=(stored.season if stored and stored.season else _season(remote, settings)),
            supplier=stored.supplier if stored else None,
            tags=remote.tags,
            custom_fields=custom,
            attributes=_attributes(remote, remote_live, tuple(v.attribute_values for v in kept)),
            variants=new_variants + kept,
            images=images,
        )
        errors = rules.validate_product(spec, default_currency=currency)
        bad: dict[int, str] = {}
        product_errors = []
        for error in errors:
            where = error.field
            if where.startswith("variants[") and int(where[9 : where.index("]")]) < len(live):
                index = int(where[9 : where.index("]")])
                bad.setdefault(live[index], f"{where.split('.', 1)[-1]}: {error.reason}")
            else:
                product_errors.append(error)
        if bad:
            for n, message in bad.items():
                plan.variants[n].outcome = Outcome.FAILED
                plan.variants[n].message = f"the hub refuses {message}"
            live = [n for n in live if n not in bad]
            if not live:
                plan.fail("no variant of it can be imported")
                return
            continue
        if product_errors:
            plan.fail(
                "the hub refuses it: "
                + "; ".join(f"{e.field}: {e.reason}" for e in product_errors[:3])
            )
            return
        break
    plan.spec = spec
    if stored is None:
        plan.outcome = Outcome.CREATED
        plan.changes = diff(None, spec, PRODUCT_DIFF_FIELDS)
    else:
        plan.changes = diff(stored, spec, PRODUCT_DIFF_FIELDS)
        plan.outcome = Outcome.UPDATED if plan.changes else Outcome.UNCHANGED
    for n, vspec in zip(live, new_variants, strict=True):
        item = plan.variants[n]
        item.hub_sku = vspec.sku
        before = stored_by_sku.get(vspec.sku)
        item.changes = diff(before, vspec, VARIANT_DIFF_FIELDS)
        if before is None:
            item.outcome = Outcome.CREATED
        elif item.changes:
            item.outcome = Outcome.UPDATED
    if plan.outcome is Outcome.UNCHANGED and any(
        plan.variants[n].outcome is not Outcome.UNCHANGED for n in live
    ):
        plan.outcome = Outcome.UPDATED
    if plan.outcome is Outcome.UNCHANGED:
        plan.spec = None  # nothing to write
    _links(plan, hub, settings)


def _links(plan: ProductPlan, hub: Hub, settings: ImportSettings) -> None:
    """The listing each imported variant needs (new, or its remote ids changed)."""
    for item in plan.variants:
        if not item.hub_sku:
            continue
        rv = item.remote
        wanted = {
            "remote_product_id": plan.remote.remote_id,
            "remote_variant_id": rv.remote_id,
            "remote_inventory_item_id": rv.inventory_item_id or "",
        }
        existing = hub.listings.get(rv.remote_id)
        if existing is None:
            item.listing_status = "paused" if settings.pause_new_listings else "linked"
            item.link = wanted
            item.changes["listing"] = [None, {**wanted, "status": item.listing_status}]
            if item.outcome is Outcome.UNCHANGED:
                item.outcome = Outcome.LINKED
        else:
            before = {
                "remote_product_id": existing.remote_product_id,
                "remote_variant_id": existing.remote_variant_id,
                "remote_inventory_item_id": existing.remote_inventory_item_id,
            }
            item.listing_status = existing.status
            if before != wanted:
                item.link = wanted
                item.changes["listing"] = [before, wanted]
                if item.outcome is Outcome.UNCHANGED:
                    item.outcome = Outcome.UPDATED


def quantity_targets(
    variant: RemoteVariant,
    settings: ImportSettings,
    *,
    mapped: Mapping[str, tuple[int, ...]],
    total_location: int | None,
) -> tuple[dict[int, int], list[str]]:
    """The available quantity each hub location should hold after the import, and notes for
    the merchant (a remote location fed by several hub locations can't be split)."""
    notes: list[str] = []
    if settings.quantities == "none" or not variant.tracked:
        return {}, notes
    if settings.quantities == "total":
        if total_location is None:
            return {}, ["no hub location to hold the imported quantity"]
        return {total_location: sum(q.available for q in variant.quantities)}, notes
    targets: dict[int, int] = {}
    for quantity in variant.quantities:
        hub_locations = mapped.get(quantity.location_remote_id, ())
        if len(hub_locations) == 1:
            targets[hub_locations[0]] = quantity.available
        elif len(hub_locations) > 1:
            notes.append(
                f"the store location {quantity.location_remote_id} is fed by several hub "
                "locations; its quantity is not split between them"
            )
    return targets, notes
