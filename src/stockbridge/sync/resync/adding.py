"""Adding the picked products to a channel as drafts: "Publish listings" for exactly those
products, each created unpublished (status draft). A product already on the channel (a
variant linked there) is left out, so adding the same pick twice creates nothing twice.

Whether a channel can take products is its kind's to say (the port, not the engine): a kind
offers `publish_listings` among its operations (`Capabilities.scopes_by_operation`) only when
its connector is a `Publisher`. A kind that does not is refused before anything runs, in
words ("Wholesale portal cannot publish yet")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from stockbridge.catalog.models import Product, Variant
from stockbridge.channels import registry
from stockbridge.channels.models import Channel
from stockbridge.channels.port import Operation
from stockbridge.platform.errors import FieldError, NotFound, ValidationErrors

from ..models import Run
from ..operations import Progress, run_operation
from .candidates import linked_product_ids

MAX_PICKS = 1000


@dataclass(frozen=True, slots=True)
class Added:
    """The publish run that created the drafts, and the picked products left out because
    they are on the channel already."""

    run: Run
    already_listed: tuple[int, ...]


def cannot_publish(channel: Channel) -> str:
    """Why the channel's kind cannot take new products, in words; "" when it can."""
    kind = registry.kind(channel.kind)
    if Operation.PUBLISH_LISTINGS in kind.capabilities.scopes_by_operation:
        return ""
    return (
        f"{kind.label} cannot publish yet: its connector does not create products, so "
        "products cannot be added to the channel as drafts"
    )


def add_as_drafts(
    *,
    channel_id: int,
    product_ids: Sequence[int] = (),
    skus: Sequence[str] = (),
    progress: Progress | None = None,
) -> Added:
    """Create the picked products (by id, or by any of their variants' SKUs) on the channel
    as drafts and link their variants. The whole pick is checked first: an unknown id or SKU
    is named and nothing runs."""
    channel = Channel.objects.filter(pk=channel_id).first()
    if channel is None:
        raise NotFound("channel", f"no channel with id {channel_id}")
    why_not = cannot_publish(channel)
    if why_not:
        raise FieldError("channel", why_not, code="unsupported")
    chosen = _resolve(product_ids, skus)
    listed = set(
        Product.objects.filter(id__in=linked_product_ids(channel))
        .filter(id__in=chosen)
        .values_list("id", flat=True)
    )
    new = [i for i in chosen if i not in listed]
    run = run_operation(
        channel_id=channel.pk,
        operation=Operation.PUBLISH_LISTINGS.value,
        progress=progress,
        arguments={"products": ",".join(str(i) for i in new), "status": "draft"},
    )
    return Added(run=run, already_listed=tuple(sorted(listed)))


def split_picks(picks: Sequence[str]) -> tuple[list[int], list[str]]:
    """Picks as typed (the CLI's `--pick SKU|ID`): a variant's SKU is a SKU, else a number is
    a product id, else a SKU (unknown, named by `add_as_drafts`)."""
    known = set(Variant.objects.filter(sku__in=list(picks)).values_list("sku", flat=True))
    ids = [int(p) for p in picks if p not in known and p.isdigit() and len(p) <= 18]
    skus = [p for p in picks if p in known or not (p.isdigit() and len(p) <= 18)]
    return ids, skus


def _resolve(product_ids: Sequence[int], skus: Sequence[str]) -> list[int]:
    if not product_ids and not skus:
        raise FieldError("product_ids", "pick at least one product (by id or SKU)")
    if len(product_ids) + len(skus) > MAX_PICKS:
        raise FieldError("product_ids", f"at most {MAX_PICKS} products at once")
    errors: list[FieldError] = []
    ids = {int(i) for i in product_ids}
    known = set(Product.objects.filter(id__in=ids).values_list("id", flat=True))
    if ids - known:
        missing = ", ".join(str(i) for i in sorted(ids - known))
        errors.append(NotFound("product_ids", f"no product with id {missing}"))
    by_sku = dict(Variant.objects.filter(sku__in=list(skus)).values_list("sku", "product_id"))
    unknown = [s for s in skus if s not in by_sku]
    if unknown:
        errors.append(NotFound("skus", f"no variant with SKU {', '.join(unknown)}"))
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationErrors(errors)
    return sorted(known | set(by_sku.values()))
