"""The spec an import writes for one product, its check against the catalog rules, and the
listing each imported variant needs."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from stockbridge.catalog import rules
from stockbridge.catalog.specs import AttributeSpec, ImageSpec, ProductSpec, VariantSpec
from stockbridge.channels.import_settings import ImportSettings
from stockbridge.channels.port import Outcome, RemoteProduct, RemoteVariant

from .changes import PRODUCT_DIFF_FIELDS, VARIANT_DIFF_FIELDS, diff
from .hub import Hub
from .plans import ProductPlan

WEIGHT_UNITS = {"GRAMS": "g", "KILOGRAMS": "kg", "OUNCES": "oz", "POUNDS": "lb"}
STATUSES = {"active": "active", "draft": "draft", "archived": "archived"}
ZERO = Decimal(0)


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
    values: list[dict[str, None]] = [{} for _ in remote.option_names]
    width = len(values)
    for rv in variants:
        for n, (_, value) in enumerate(rv.options[:width]):
            values[n][value] = None
    for option_values in kept:
        for n, value in enumerate(option_values[:width]):
            values[n][value] = None
    return tuple(
        AttributeSpec(name=name, values=tuple(vs))
        for name, vs in zip(remote.option_names, values, strict=True)
    )


def _images(
    remote: RemoteProduct, variants: list[tuple[RemoteVariant, str]]
) -> tuple[ImageSpec, ...]:
    urls = list(remote.image_urls)
    shown: dict[str, list[str]] = {}
    for rv, sku in variants:
        if rv.image_url:
            if rv.image_url not in urls:
                urls.append(rv.image_url)
            shown.setdefault(rv.image_url, []).append(sku)
    return tuple(ImageSpec(url=url, variant_skus=tuple(sorted(shown.get(url, ())))) for url in urls)


def _variant_spec(
    rv: RemoteVariant,
    sku: str,
    base: VariantSpec | None,
    settings: ImportSettings,
    currency: str,
) -> VariantSpec:
    """The hub variant `rv` makes: `base` (the stored one) with the channel's values over it."""
    if base is None:  # a new variant (most of a first import): built at once
        unit = rv.weight_unit if settings.weights and rv.weight is not None else None
        prices = settings.import_prices
        return VariantSpec(
            sku=sku,
            price=rv.price if prices and rv.price is not None else ZERO,
            attribute_values=tuple(v for _, v in rv.options),
            barcode=rv.barcode,
            currency=currency,
            compare_at_price=rv.compare_at_price if prices else None,
            cost=rv.cost if prices else None,
            weight=rv.weight if unit else None,
            weight_unit=WEIGHT_UNITS.get(unit, unit) if unit else "g",
            position=rv.position or None,
        )
    changes: dict[str, Any] = {
        "sku": sku,
        "attribute_values": tuple(v for _, v in rv.options),
        "position": rv.position or (base.position if base is not None else None),
    }
    if rv.barcode or base is None:
        changes["barcode"] = rv.barcode
    if settings.import_prices:
        changes["currency"] = currency
        changes["price"] = rv.price if rv.price is not None else ZERO
        changes["compare_at_price"] = rv.compare_at_price
        changes["cost"] = rv.cost
    if settings.weights and rv.weight is not None and rv.weight_unit:
        changes["weight"] = rv.weight
        changes["weight_unit"] = WEIGHT_UNITS.get(rv.weight_unit, rv.weight_unit)
    if base is not None:
        return dataclasses.replace(base, **changes)
    changes.setdefault("price", ZERO)
    changes.setdefault("currency", currency)
    return VariantSpec(**changes)


def build(plan: ProductPlan, settings: ImportSettings, hub: Hub, *, check: bool) -> None:
    """Build the spec to write from what matching found (`plan.basis`). With `check`, check it
    against the catalog rules, dropping variants the hub refuses (they fail alone)."""
    basis = plan.basis
    assert basis is not None
    stored, matched, live = basis.stored, basis.matched, list(basis.live)
    remote = plan.remote
    label = hub.label
    currency = hub.currency
    stored_by_sku = {v.sku: v for v in stored.variants} if stored else {}
    plan.checked = check
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
                f"the hub product has variants {label} doesn't "
                f"({', '.join(v.sku for v in kept)}) and attributes "
                f"({', '.join(a.name for a in stored.attributes) or 'none'}) unlike {label}'s "
                f"options ({', '.join(remote.option_names) or 'none'})"
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
        if not check:
            break
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
    links(plan, hub, settings)


def recheck(plan: ProductPlan, settings: ImportSettings, hub: Hub) -> None:
    """Build an unchecked plan again, checked: the writer refused its spec, so each variant
    the hub refuses now fails alone (or the product does, saying why)."""
    basis = plan.basis
    if basis is None:
        return
    for n in basis.live:
        plan.variants[n].reset()
    plan.outcome, plan.message, plan.changes, plan.spec = Outcome.UNCHANGED, "", {}, None
    build(plan, settings, hub, check=True)


def links(plan: ProductPlan, hub: Hub, settings: ImportSettings) -> None:
    """The listing each imported variant needs (new, or its remote ids changed)."""
    paused = "paused" if settings.pause_new_listings else "linked"
    product_id = plan.remote.remote_id
    for item in plan.variants:
        if not item.hub_sku:
            continue
        rv = item.remote
        wanted = {
            "remote_product_id": product_id,
            "remote_variant_id": rv.remote_id,
            "remote_inventory_item_id": rv.inventory_item_id or "",
        }
        existing = hub.listings.get(rv.remote_id)
        if existing is None:
            item.listing_status = paused
            item.link = wanted
            item.changes["listing"] = [None, {**wanted, "status": paused}]
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
