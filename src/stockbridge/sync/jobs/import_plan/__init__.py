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
skipped. In "create_and_overwrite" mode the channel's data replaces the hub's (title,
description, status, vendor, type, category, tags, options, images, and per variant prices
when imported, barcode, weight, option values); what the channel doesn't hold (supplier,
brand, season once set, hub-only variants, other custom fields) is kept.

A variant that can't be imported (no SKU, a SKU given twice in the store, a value the hub
refuses) fails alone; a product-level problem (more options than the hub allows, a status
the hub doesn't have, variants matching several hub products) fails the product's items.

The engine names no channel kind: messages say `Hub.label` (the kind's `Kind.label`
from the registry, given by the job as a plain value).

Split by use case: `hub` (the view of the hub), `plans` (what a plan holds), `changes`
(field diffs as shown), `matching` (`plan_product`: which hub variant each remote variant
is), `building` (the spec to write and its check, links), `quantities` (the stock targets).
"""

from .building import recheck
from .changes import PRODUCT_DIFF_FIELDS, VARIANT_DIFF_FIELDS, diff, jsonable
from .hub import Hub, HubListing, HubVariant
from .matching import plan_product
from .plans import ProductPlan, VariantPlan
from .quantities import quantity_targets

__all__ = [
    "PRODUCT_DIFF_FIELDS",
    "VARIANT_DIFF_FIELDS",
    "Hub",
    "HubListing",
    "HubVariant",
    "ProductPlan",
    "VariantPlan",
    "diff",
    "jsonable",
    "plan_product",
    "quantity_targets",
    "recheck",
]
