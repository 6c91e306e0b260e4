"""Product media: `productCreateMedia`, `productUpdateMedia`, the `media:` argument of
`productCreate`/`productUpdate`, and the media fields read from a product.

Media a sandbox call creates live on the sandbox clock as on Shopify: the creating response
says `UPLOADED`; an image is then `PROCESSING` and an external video stays `UPLOADED` until
processing ends (`PROCESSING_SECONDS`), when both are `READY`. A ready image has its `image`
(served from its original source: the sandbox does not re-host files) and shows in the
product's `images` and `featuredImage`. Media hydrated from a recording keep their state.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.gid import gid_number, make_gid
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, ref

PROCESSING_SECONDS = 10.0
KINDS = {"IMAGE": "MediaImage", "EXTERNAL_VIDEO": "ExternalVideo", "VIDEO": "Video"}
URL_RE = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$", re.IGNORECASE)
YOUTUBE_RE = re.compile(r"(?:youtube\.com/watch\?|youtu\.be/|youtube\.com/embed/)")
SOURCE_NAMES = {"IMAGE": "Image", "EXTERNAL_VIDEO": "External video", "VIDEO": "Video"}


def media_errors(inputs: list[Obj] | None) -> list[Obj]:
    """Problems with `CreateMediaInput` rows: (field, message, code), Shopify's wording."""
    out: list[Obj] = []
    for index, row in enumerate(inputs or []):
        source = str(row.get("originalSource") or "").strip()
        kind = row.get("mediaContentType")
        field = ["media", str(index), "originalSource"]
        if not URL_RE.match(source):
            name = SOURCE_NAMES.get(str(kind), "Media")
            out.append({"field": field, "message": f"{name} URL is invalid", "code": "INVALID"})
        elif kind not in KINDS and kind != "MODEL_3D":
            out.append(
                {"field": field, "message": "Media type is invalid", "code": "INVALID_MEDIA_TYPE"}
            )
    return out


def _video_id(source: str) -> str | None:
    parts = urlsplit(source)
    if "youtu.be" in parts.netloc:
        return parts.path.strip("/") or None
    if "embed/" in parts.path:
        return parts.path.rsplit("/", 1)[-1] or None
    found = parse_qs(parts.query).get("v")
    return found[0] if found else None


def add_media(ctx: Context, product: Obj, inputs: list[Obj] | None) -> list[Obj]:
    """Create media from valid `CreateMediaInput` rows and append them to the product."""
    store = ctx.store
    created: list[Obj] = []
    for row in inputs or []:
        kind = str(row.get("mediaContentType") or "IMAGE")
        type_name = KINDS.get(kind, "MediaImage")
        source = str(row["originalSource"]).strip()
        fields: Obj = {
            "alt": row.get("alt") or "",
            "mediaContentType": kind,
            "status": "UPLOADED",
            "originalSource": source,
            "createdAt": store.now(),
            "updatedAt": store.now(),
            "product": ref(product["id"]),
            "__createdAt": store.clock.now(),
        }
        if kind == "EXTERNAL_VIDEO":
            video = _video_id(source) if YOUTUBE_RE.search(source) else None
            fields["originUrl"] = f"https://youtu.be/{video}" if video else source
            fields["embedUrl"] = f"https://www.youtube.com/embed/{video}" if video else source
        media = store.create(type_name, fields)
        product.setdefault("media", []).append(ref(media["id"]))
        created.append(media)
    return created


def status_of(store: Store, media: Obj) -> str:
    """The media's status now (recorded media keep the status they were recorded with).

    Product media are ready `PROCESSING_SECONDS` after creation (images show `PROCESSING` in
    between); files from `fileCreate` carry their own `__readyAt`."""
    if "__createdAt" not in media:
        return str(media.get("status") or media.get("fileStatus") or "READY")
    created = float(media["__createdAt"])
    elapsed = store.clock.now() - created
    if store.clock.now() >= float(media.get("__readyAt", created + PROCESSING_SECONDS)):
        return "READY"
    if elapsed > 0 and media.get("mediaContentType") == "IMAGE" and "__readyAt" not in media:
        return "PROCESSING"
    return "UPLOADED"


def image_of(store: Store, media: Obj) -> Obj | None:
    if media.get("__imageReplaced"):
        return None
    if "__createdAt" not in media:
        recorded = media.get("image")
        return recorded if isinstance(recorded, dict) else None
    if status_of(store, media) != "READY" or media.get("mediaContentType") != "IMAGE":
        return None
    return {
        "id": make_gid("ImageSource", gid_number(media["id"])),
        "url": media.get("originalSource"),
        "altText": media.get("alt") or None,
        "width": None,
        "height": None,
    }


def _media(store: Store, product: Obj) -> list[Obj]:
    found = (store.deref(r) for r in product.get("media") or [])
    return [m for m in found if isinstance(m, dict) and not m.get("__deleted")]


@computed("MediaImage", "status")
@computed("MediaImage", "fileStatus")
@computed("GenericFile", "fileStatus")
@computed("ExternalVideo", "status")
def media_status(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return status_of(ctx.store, src)


@computed("MediaImage", "image")
def media_image(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return image_of(ctx.store, src)


@computed("MediaImage", "preview")
@computed("ExternalVideo", "preview")
def media_preview(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if "__previewImage" in src:
        image = src["__previewImage"]
        return {"image": image, "status": "READY" if image else "UPLOADED"}
    if "__createdAt" not in src and isinstance(src.get("preview"), dict):
        return src["preview"]
    image = image_of(ctx.store, src)
    return {"image": image, "status": "READY" if image else "UPLOADED"}


def media_preview_image(store: Store, media: Obj) -> Obj | None:
    """The image a media's preview shows now."""
    if "__previewImage" in media:
        found = media["__previewImage"]
        return found if isinstance(found, dict) else None
    recorded = media.get("preview")
    if "__createdAt" not in media and isinstance(recorded, dict):
        image = recorded.get("image")
        return image if isinstance(image, dict) else None
    return image_of(store, media)


def _product_images(store: Store, product: Obj) -> list[Obj]:
    recorded = product.get("images")
    if isinstance(recorded, list) and not any("__createdAt" in m for m in _media(store, product)):
        found = (store.deref(i) if isinstance(i, dict) else None for i in recorded)
        return [i for i in found if isinstance(i, dict)]
    out: list[Obj] = []
    for media in _media(store, product):
        image = image_of(store, media)
        if image is not None and media.get("mediaContentType") == "IMAGE":
            number = gid_number(media["id"])
            out.append(
                {
                    "id": make_gid("ProductImage", number),
                    "url": image.get("url"),
                    "altText": media.get("alt") or None,
                    "width": image.get("width"),
                    "height": image.get("height"),
                }
            )
    return out


@computed("Product", "images")
def product_images(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    return _product_images(ctx.store, src)


@computed("Product", "featuredImage")
def featured_image(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    images = _product_images(ctx.store, src)
    return images[0] if images else None


@computed("Product", "featuredMedia")
def featured_media(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    media = _media(ctx.store, src)
    return media[0] if media else None


def _both(errors: list[Obj]) -> Obj:
    """A media payload's errors: `mediaUserErrors` with codes, the deprecated `userErrors`
    without."""
    return {
        "mediaUserErrors": errors,
        "userErrors": [{k: v for k, v in e.items() if k != "code"} for e in errors],
    }


@mutation("productCreateMedia")
def create_media(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    product = ctx.store.get(args.get("productId"), "Product")
    if product is None:
        missing = {
            "field": ["productId"],
            "message": "Product does not exist",
            "code": "PRODUCT_DOES_NOT_EXIST",
        }
        return {"media": None, "product": None, **_both([missing])}
    errors = media_errors(args.get("media"))
    if errors:
        return {"media": [], "product": product, **_both(errors)}
    created = add_media(ctx, product, args.get("media"))
    return {"media": created, "product": product, **_both([])}


@mutation("productUpdateMedia")
def update_media(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    product = ctx.store.get(args.get("productId"), "Product")
    if product is None:
        missing = {
            "field": ["productId"],
            "message": "Product does not exist",
            "code": "PRODUCT_DOES_NOT_EXIST",
        }
        return {"media": None, "product": None, **_both([missing])}
    attached = {m["id"]: m for m in _media(ctx.store, product)}
    errors: list[Obj] = []
    for index, row in enumerate(args.get("media") or []):
        gid = str(row.get("id") or "")
        if ctx.store.get(gid) is None:
            errors.append(
                {
                    "field": ["media", str(index), "id"],
                    "message": f"Media id {gid} does not exist",
                    "code": "MEDIA_DOES_NOT_EXIST",
                }
            )
        elif gid not in attached:
            errors.append(
                {
                    "field": ["media", str(index), "id"],
                    "message": f"Media id {gid} does not exist on this product",
                    "code": "MEDIA_DOES_NOT_EXIST_ON_PRODUCT",
                }
            )
    if errors:
        return {"media": None, "product": product, **_both(errors)}
    updated: list[Obj] = []
    for row in args.get("media") or []:
        media = attached[str(row["id"])]
        if row.get("alt") is not None:
            media["alt"] = row["alt"]
            if isinstance(media.get("image"), dict):
                media["image"] = {**media["image"], "altText": row["alt"]}
        media["updatedAt"] = ctx.store.now()
        updated.append(media)
    return {"media": updated, "product": product, **_both([])}
