"""`productSet`'s `files` and each variant's `file` (API-NOTES §2.10, Shopify's ProductSetInput
and ProductVariantSetInput docs).

`files` is a list field and so is replaced: the product's media become exactly the files
listed, in that order; a listed `id` names an existing file (attached, never copied: the same
file may show on several products), an `originalSource` is a new image. Media the list leaves
out are detached, and deleted once no product shows them. A variant's `file` must be one of
the product's `files` (Shopify: "Any file specified here must also be specified in the files
input for the product").
"""

from __future__ import annotations

from typing import Any

from stockbridge_sandboxes.shopify.resolvers.media import URL_RE
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.store import Obj, Store, ref

MEDIA_TYPES = ("MediaImage", "Video", "ExternalVideo", "Model3d", "GenericFile")


def _existing(store: Store, gid: Any) -> Obj | None:
    for type_name in MEDIA_TYPES:
        found = store.get(gid, type_name)
        if found is not None and not found.get("__deleted"):
            return found
    return None


def file_problems(store: Store, data: Obj) -> list[Obj]:
    """Problems with the input's files and variant files, before anything is written."""
    errors: list[Obj] = []
    rows = data.get("files")
    for index, row in enumerate(rows or []):
        where = ["input", "files", str(index)]
        if row.get("id"):
            if _existing(store, row["id"]) is None:
                errors.append(user_error([*where, "id"], "File does not exist", "NOT_FOUND"))
        elif not URL_RE.match(str(row.get("originalSource") or "").strip()):
            errors.append(
                user_error([*where, "originalSource"], "Image URL is invalid", "INVALID_INPUT")
            )
    for index, variant in enumerate(data.get("variants") or []):
        wanted = variant.get("file")
        if wanted and _match(rows or [], wanted) is None:
            errors.append(
                user_error(
                    ["input", "variants", str(index), "file"],
                    "The variant file must also be specified in the files input for the product",
                    "INVALID_INPUT",
                )
            )
    return errors


def _match(rows: list[Obj], wanted: Obj) -> int | None:
    """The index of the product file a variant's `file` names (by id, else by source)."""
    for index, row in enumerate(rows):
        if wanted.get("id") and row.get("id") == wanted["id"]:
            return index
        source = str(wanted.get("originalSource") or "").strip()
        if source and not wanted.get("id") and str(row.get("originalSource") or "") == source:
            return index
    return None


def set_files(store: Store, product: Obj, data: Obj) -> None:
    """Replace the product's media with `data["files"]` (when given) and point each variant
    with a `file` at its media. Call after the variants are applied."""
    rows = data.get("files")
    if rows is None:
        return
    media: list[Obj] = []
    for row in rows:
        if row.get("id"):
            found = _existing(store, row["id"])
            assert found is not None  # checked by file_problems
            media.append(found)
            continue
        media.append(
            store.create(
                "MediaImage",
                {
                    "alt": row.get("alt") or "",
                    "mediaContentType": "IMAGE",
                    "status": "UPLOADED",
                    "originalSource": str(row["originalSource"]).strip(),
                    "createdAt": store.now(),
                    "updatedAt": store.now(),
                    "product": ref(product["id"]),
                    "__createdAt": store.clock.now(),
                },
            )
        )
    kept = {m["id"] for m in media}
    dropped = [r for r in product.get("media") or [] if r.get("__ref") not in kept]
    product["media"] = [ref(m["id"]) for m in media]
    for gone in dropped:
        _release(store, str(gone.get("__ref")))
    by_position = {index: m for index, m in enumerate(media)}
    variants = [store.deref(r) for r in product.get("variants") or []]
    for variant, row in zip(variants, data.get("variants") or [], strict=False):
        if not isinstance(variant, dict):
            continue
        wanted = row.get("file")
        index = _match(rows, wanted) if wanted else None
        variant["media"] = [ref(by_position[index]["id"])] if index is not None else []


def _release(store: Store, gid: str) -> None:
    """Delete a detached media once no product shows it any more."""
    for product in store.all("Product"):
        if any(r.get("__ref") == gid for r in product.get("media") or []):
            return
    if store.get(gid) is not None:
        store.delete(gid)
