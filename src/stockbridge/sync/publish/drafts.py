"""Hub product -> `ProductDraft`, pure (plain values in, a draft or a `Refusal` out): the
mapping template and category rules, the title rule, options and variant positions, the 4th
and 5th attribute, images (referenced when already uploaded), and the structure checks against
the product the channel holds.

Positions: a new product's variants are ordered by their option values in attribute order
(the values' order on each attribute), then by their hub position. A linked product keeps
every linked variant's position; new variants come last, in option order (Flxpoint:
"Positioning only applies to new listings")."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from decimal import Decimal
from typing import Any

from stockbridge.channels.port import Metafield
from stockbridge.channels.port_publish import (
    DraftImage,
    DraftVariant,
    ProductDraft,
    PublishedProduct,
)
from stockbridge.channels.publish_mapping import (
    METAFIELD,
    apply,
    category_tags,
    taxonomy_of,
)
from stockbridge.channels.publish_settings import PublishSettings

from .source import SourceImage, SourceProduct, SourceVariant

MAX_TITLE = 255
MAX_LIST = 250  # values per option a channel takes at most (the largest input list there is)
TEXT_METAFIELD = "single_line_text_field"
WEIGHT_UNITS = {"g": "GRAMS", "kg": "KILOGRAMS", "oz": "OUNCES", "lb": "POUNDS"}
DEFAULT_OPTIONS = ("Title",)


class Refusal(Exception):
    """Why a product is not published, in words a merchant understands."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def metafield_key(name: str, *, underscore: bool) -> str:
    """A metafield key from a name: "Fit Type" -> "fit_type" (or "fit-type")."""
    sep = "_" if underscore else "-"
    words = re.findall(r"[a-z0-9]+", name.casefold())
    key = sep.join(words)[:64]
    return key if len(key) >= 2 else f"attribute{sep}{key}".strip(sep)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value)


def _money(value: Any) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


def draft_of(
    source: SourceProduct,
    settings: PublishSettings,
    *,
    remote: PublishedProduct | None,
    uploaded: Mapping[str, str],
    currency: str,
    max_options: int = 3,
    max_variants: int = 2048,
    label: str = "the channel",
) -> ProductDraft:
    """The draft publishing `source`, or `Refusal`. `label` names the channel's kind in what a
    merchant reads (its `Kind.label`), given by the job: the engine names no kind itself."""
    mapped = apply(settings.mapping, source.fields, owner="product")
    title = _title(mapped.get("product.title"), settings, label)
    names = tuple(name for name, _ in source.attributes)
    option_names, extra = names[:max_options], names[max_options:]
    variants = source.variants
    if not variants:
        raise Refusal("the product has no variants: nothing to sell")
    if len(variants) > max_variants:
        raise Refusal(
            f"the product has {len(variants)} variants; the channel allows {max_variants} "
            "per product"
        )
    if not option_names and len(variants) > 1:
        raise Refusal(
            f"the product has {len(variants)} variants but no attributes to tell them apart"
        )
    for name, values in source.attributes[: len(option_names)]:
        if len(values) > MAX_LIST:
            raise Refusal(
                f"the option {name} has {len(values)} values; the channel takes at most "
                f"{MAX_LIST} values per option"
            )
    _check_unique(variants, option_names, extra)
    for variant in variants:
        if currency and variant.currency != currency:
            raise Refusal(
                f"the variant {variant.sku} is priced in {variant.currency}, the store sells "
                f"in {currency}: nothing is converted"
            )
    tags = _tags(mapped, source, extra, settings)
    category = taxonomy_of(str(source.fields.get("category") or ""), settings.category_rules)
    images = _images(source, settings, uploaded)
    keys = {i.key for i in images}
    positions = _positions(source, remote, len(option_names))
    rows = []
    for variant in variants:
        rows.append(
            _variant(
                variant,
                settings,
                option_count=len(option_names),
                extra=extra,
                position=positions[variant.id],
                remote_id=source.linked.get(variant.id),
                image_keys=keys,
                locate=bool(settings.location),
            )
        )
    draft = ProductDraft(
        ref=f"product:{source.id}",
        handle=source.handle,
        title=title,
        remote_id=source.remote_id,
        status=_text(mapped.get("product.status")),
        description_html=_text(mapped.get("product.description_html")),
        vendor=_text(mapped.get("product.vendor")),
        product_type=_text(mapped.get("product.product_type")),
        tags=tags,
        seo_title=_text(mapped.get("product.seo_title")),
        seo_description=_text(mapped.get("product.seo_description")),
        category=category,
        option_names=option_names,
        variants=tuple(rows),
        images=tuple(images),
        metafields=_metafields(mapped, "product", settings),
        currency=currency,
        location=settings.location or None,
    )
    if remote is not None:
        check_structure(draft, remote, source, label)
    return draft


def _title(value: Any, settings: PublishSettings, label: str) -> str | None:
    if value is None:
        return None
    title = str(value)
    if len(title) > MAX_TITLE:
        if settings.long_title == "truncate":
            return title[:MAX_TITLE]
        raise Refusal(
            f"the title is {len(title)} characters long; {label} allows {MAX_TITLE} "
            '(the setting long_title is "fail"; set it to "truncate" to cut such titles)'
        )
    return title


def _check_unique(
    variants: Sequence[SourceVariant], option_names: tuple[str, ...], extra: tuple[str, ...]
) -> None:
    seen: dict[tuple[str, ...], str] = {}
    for variant in variants:
        key = variant.values[: len(option_names)]
        if key in seen:
            shown = " / ".join(key) or "(no options)"
            more = f" (they differ only in {', '.join(extra)}, which " if extra else " ("
            raise Refusal(
                f"variants {seen[key]} and {variant.sku} both show as {shown}{more}"
                f"the channel cannot show as an option: it allows {len(option_names)} options)"
            )
        seen[key] = variant.sku


def _tags(
    mapped: Mapping[str, Any],
    source: SourceProduct,
    extra: tuple[str, ...],
    settings: PublishSettings,
) -> tuple[str, ...] | None:
    base = mapped.get("product.tags")
    extras = list(category_tags(str(source.fields.get("category") or "")))
    if settings.extra_attributes == "tags" and extra:
        first = len(source.attributes) - len(extra)
        for offset, name in enumerate(extra):
            for variant in source.variants:
                if first + offset < len(variant.values):
                    extras.append(f"{name}: {variant.values[first + offset]}")
    if base is None and not extras:
        return None
    found = [str(t) for t in (base or [])] + extras
    return tuple(dict.fromkeys(t for t in found if t))


def _images(
    source: SourceProduct, settings: PublishSettings, uploaded: Mapping[str, str]
) -> list[DraftImage]:
    ordered: list[SourceImage] = list(source.images)
    if settings.variant_images:
        ordered += [v.image for v in source.variants if v.image is not None]
    out: dict[str, DraftImage] = {}
    for image in ordered:
        if image.key in out:
            continue
        remote = uploaded.get(image.key) if settings.image_dedup else None
        out[image.key] = DraftImage(key=image.key, url=image.url, alt=image.alt, remote_id=remote)
    return list(out.values())


def _order_key(source: SourceProduct, variant: SourceVariant, count: int) -> tuple[Any, ...]:
    index = []
    for (_, values), value in zip(source.attributes[:count], variant.values, strict=False):
        index.append(values.index(value) if value in values else len(values))
    return (*index, variant.position, variant.id)


def _positions(
    source: SourceProduct, remote: PublishedProduct | None, count: int
) -> dict[int, int]:
    ordered = sorted(source.variants, key=lambda v: _order_key(source, v, count))
    if remote is None:
        return {v.id: i + 1 for i, v in enumerate(ordered)}
    held = {v.remote_id: v.position for v in remote.variants}
    out: dict[int, int] = {}
    for variant in ordered:
        linked = source.linked.get(variant.id)
        if linked in held:
            out[variant.id] = held[linked]
    last = max(out.values(), default=0)
    for variant in ordered:
        if variant.id not in out:
            last += 1
            out[variant.id] = last
    return out


def _variant(
    variant: SourceVariant,
    settings: PublishSettings,
    *,
    option_count: int,
    extra: tuple[str, ...],
    position: int,
    remote_id: str | None,
    image_keys: set[str],
    locate: bool,
) -> DraftVariant:
    mapped = apply(settings.mapping, variant.fields, owner="variant")
    metafields = list(_metafields(mapped, "variant", settings))
    if settings.extra_attributes == "metafields":
        for offset, name in enumerate(extra):
            index = option_count + offset
            if index < len(variant.values):
                metafields.append(
                    Metafield(
                        namespace=settings.metafield_namespace,
                        key=metafield_key(name, underscore=settings.metafield_underscore),
                        type=TEXT_METAFIELD,
                        value=variant.values[index],
                    )
                )
    weight = _money(mapped.get("variant.weight"))
    image = variant.image.key if variant.image is not None and settings.variant_images else None
    return DraftVariant(
        sku=variant.sku,
        options=variant.values[:option_count],
        position=position,
        remote_id=remote_id,
        barcode=_text(mapped.get("variant.barcode")),
        price=_money(mapped.get("variant.price")),
        compare_at_price=_money(mapped.get("variant.compare_at_price")),
        cost=_money(mapped.get("variant.cost")),
        weight=weight,
        weight_unit=WEIGHT_UNITS.get(variant.weight_unit) if weight is not None else None,
        tracked=settings.track_inventory,
        image_key=image if image in image_keys else None,
        metafields=tuple(metafields),
        quantity=variant.available if locate else None,
    )


def _metafields(
    mapped: Mapping[str, Any], owner: str, settings: PublishSettings
) -> tuple[Metafield, ...]:
    prefix = owner + METAFIELD
    out = []
    for target, value in mapped.items():
        if target.startswith(prefix) and value not in (None, ""):
            out.append(
                Metafield(
                    namespace=settings.metafield_namespace,
                    key=target[len(prefix) :],
                    type=TEXT_METAFIELD,
                    value=str(value),
                )
            )
    return tuple(out)


def check_structure(
    draft: ProductDraft, remote: PublishedProduct, source: SourceProduct, label: str
) -> None:
    """Refuse an update that would reshape or shrink the product the channel holds: its
    options must be ours, and every variant it holds must be one of ours (productSet would
    delete the others)."""
    theirs = remote.option_names
    if theirs == DEFAULT_OPTIONS and len(remote.variants) <= 1:
        theirs = ()
    if tuple(n.casefold() for n in theirs) != tuple(n.casefold() for n in draft.option_names):
        shown = " / ".join(theirs) or "no options"
        ours = " / ".join(draft.option_names) or "no options"
        raise Refusal(
            f"variant mismatch: in {label} this product has {shown}, here it has {ours}; "
            f"make the options match (in {label} or here) and publish again"
        )
    ours_ids = set(source.linked.values())
    strangers = [v for v in remote.variants if v.remote_id not in ours_ids]
    if strangers:
        skus = ", ".join(v.sku or v.remote_id for v in strangers[:5])
        raise Refusal(
            f"variant mismatch: {label} holds {len(strangers)} variant(s) of this product that "
            f"are not linked here ({skus}); publishing would delete them. Link or remove them "
            "and publish again"
        )


def fingerprint(draft: ProductDraft) -> str:
    """The draft's content, without the channel's ids and the variants' positions (which
    depend on what the channel holds): equal fingerprints publish the same."""
    plain = asdict(
        replace(
            draft,
            remote_id=None,
            variants=tuple(
                replace(v, remote_id=None, quantity=None, position=0) for v in draft.variants
            ),
            images=tuple(replace(i, remote_id=None) for i in draft.images or ()),
        )
    )
    text = json.dumps(plain, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
