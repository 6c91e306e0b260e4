"""`plan_product`: which hub variant each remote variant is, and what then happens to the
product (created, linked only, rebuilt)."""

from __future__ import annotations

from stockbridge.catalog import rules
from stockbridge.channels.import_settings import ImportSettings
from stockbridge.channels.port import Outcome, RemoteProduct, RemoteVariant

from .building import STATUSES, build, links
from .hub import Hub, HubVariant
from .plans import Basis, ProductPlan, VariantPlan


def _ref(variant: RemoteVariant) -> str:
    return variant.sku or variant.remote_id


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


def plan_product(
    remote: RemoteProduct, settings: ImportSettings, hub: Hub, *, check: bool = True
) -> ProductPlan:
    """The plan of `remote`. With `check` the spec to write is checked against the catalog
    rules here, so a variant the hub refuses fails alone; without it the check is left to the
    writer (`upsert_products` checks every spec) and a product it refuses is planned again
    with `building.recheck`: one check per product when nothing is refused."""
    label = hub.label
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
            f"{label} status {remote.status!r} has no hub equivalent (active, draft, archived)"
        )
        return plan
    if not remote.variants:
        plan.fail(f"has no variants in {label}", outcome=Outcome.SKIPPED)
        return plan

    # Which hub variant each remote variant is; variants that can't be imported fail alone.
    matched: dict[int, HubVariant] = {}  # index in plan.variants -> hub variant
    for n, item in enumerate(plan.variants):
        rv = item.remote
        if rv.sku and rv.sku in hub.seen_skus:
            item.outcome = Outcome.FAILED
            item.message = (
                f"SKU {rv.sku} is also used by {hub.seen_skus[rv.sku]!r} in {label}; "
                f"a SKU names one variant, fix it in {label}"
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
                    f"hub variant {found.sku} is already linked to {label} variant {linked_to}"
                )
                continue
            matched[n] = found
            hub.linked[found.id] = rv.remote_id  # a later remote variant can't take it too
        elif not rv.sku:
            item.outcome = Outcome.FAILED
            item.message = f"has no SKU in {label}; the hub needs one to create the variant"
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
    if hub.by_sku:
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
        links(plan, hub, settings)
        return plan
    plan.basis = Basis(stored=stored, matched=matched, live=live)
    build(plan, settings, hub, check=check)
    return plan
