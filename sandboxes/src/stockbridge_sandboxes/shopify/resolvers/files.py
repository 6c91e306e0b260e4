"""Files: `fileCreate` and `fileUpdate`, with Shopify's validation order and wording.

A created file is `UPLOADED`, then `READY` a few seconds later on the sandbox clock (a
recorded file was still not ready for an update made within two seconds of its creation).
Images become `MediaImage`s (with the media fields of `media.py`), other files
`GenericFile`s; the content type, when omitted, follows the source's extension. Updates
check, in Shopify's order: every id exists, the file is ready when its source changes, then
each field (alt length, source URLs).
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from graphql import GraphQLError, GraphQLResolveInfo

from stockbridge_sandboxes.shopify.resolvers.media import URL_RE, media_preview_image, status_of
from stockbridge_sandboxes.shopify.resolvers.registry import Context, computed, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store

READY_SECONDS = 3.0
MAX_ALT = 512
MAX_SOURCE = 2048
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "webp", "heic", "svg"}
FILE_TYPES = {"IMAGE": "MediaImage", "FILE": "GenericFile", "VIDEO": "Video"}


def _error(field: list[str], message: str, code: str) -> Obj:
    return {"field": field, "message": message, "code": code}


def _extension(path: str) -> str:
    return PurePosixPath(path).suffix.lstrip(".").lower()


def _create_problems(index: int, row: Obj) -> list[Obj]:
    where = ["files", str(index)]
    source = str(row.get("originalSource") or "").strip()
    if not URL_RE.match(source):
        return [
            _error([*where, "originalSource"], "File URL is invalid", "INVALID_IMAGE_SOURCE_URL")
        ]
    filename = row.get("filename")
    source_ext = _extension(urlsplit(source).path)
    if filename and source_ext and _extension(str(filename)) != source_ext:
        return [
            _error(
                [*where, "filename"],
                "Provided filename extension must match original source.",
                "MISMATCHED_FILENAME_AND_ORIGINAL_SOURCE",
            )
        ]
    if row.get("duplicateResolutionMode") == "REPLACE":
        if not row.get("contentType"):
            return [
                _error(
                    [*where, "duplicateResolutionMode"],
                    "Duplicate resolution mode 'REPLACE' is not supported for 'MISSING' "
                    "media type.",
                    "INVALID_DUPLICATE_MODE_FOR_TYPE",
                )
            ]
        if not filename:
            return [
                _error(
                    [*where, "filename"],
                    "Missing filename argument when attempting to use REPLACE duplicate mode.",
                    "MISSING_FILENAME_FOR_DUPLICATE_MODE_REPLACE",
                )
            ]
    if row.get("alt") is not None and len(str(row["alt"])) > MAX_ALT:
        return [_alt_error(where)]
    return []


def _alt_error(where: list[str]) -> Obj:
    return _error(
        [*where, "alt"],
        f"The alt value exceeds the maximum limit of {MAX_ALT} characters.",
        "ALT_VALUE_LIMIT_EXCEEDED",
    )


def _content_type(row: Obj) -> str:
    if row.get("contentType"):
        return str(row["contentType"])
    name = str(row.get("filename") or urlsplit(str(row["originalSource"])).path)
    return "IMAGE" if _extension(name) in IMAGE_EXTENSIONS else "FILE"


@mutation("fileCreate")
def file_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    rows = args.get("files") or []
    errors = [e for index, row in enumerate(rows) for e in _create_problems(index, row)]
    if errors:
        return {"files": [], "userErrors": errors}
    store = ctx.store
    created: list[Obj] = []
    for row in rows:
        kind = _content_type(row)
        source = str(row["originalSource"]).strip()
        now = store.clock.now()
        fields: Obj = {
            "alt": row.get("alt") or "",
            "createdAt": store.now(),
            "updatedAt": store.now(),
            "originalSource": source,
            "filename": row.get("filename") or PurePosixPath(urlsplit(source).path).name,
            "__createdAt": now,
            "__readyAt": now + READY_SECONDS,
        }
        if kind == "IMAGE":
            fields["mediaContentType"] = "IMAGE"
        created.append(store.create(FILE_TYPES.get(kind, "GenericFile"), fields))
    return {"files": created, "userErrors": []}


@mutation("fileUpdate")
def file_update(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    rows = args.get("files") or []
    for row in rows:
        if len(str(row.get("originalSource") or "")) > MAX_SOURCE:
            raise GraphQLError(
                f"originalSource is too long (maximum is {MAX_SOURCE})",
                extensions={"code": "INVALID_FIELD_ARGUMENTS"},
            )
    files = [store.get(row.get("id")) for row in rows]
    missing = [str(row.get("id")) for row, found in zip(rows, files, strict=True) if found is None]
    if missing:
        message = f"File id {json.dumps(missing)} does not exist."
        return {"files": [], "userErrors": [_error(["files"], message, "FILE_DOES_NOT_EXIST")]}
    for row, found in zip(rows, files, strict=True):
        assert found is not None
        changes_source = row.get("originalSource") or row.get("previewImageSource")
        if changes_source and status_of(store, found) != "READY":
            message = "Non-ready files cannot be updated."
            return {"files": [], "userErrors": [_error(["files"], message, "NON_READY_STATE")]}
    errors: list[Obj] = []
    for index, row in enumerate(rows):
        where = ["files", str(index)]
        if row.get("alt") is not None and len(str(row["alt"])) > MAX_ALT:
            errors.append(_alt_error(where))
        for key in ("originalSource", "previewImageSource"):
            if row.get(key) is not None and not URL_RE.match(str(row[key]).strip()):
                errors.append(
                    _error(
                        [*where, "previewImageSource"],
                        "Invalid image source url value provided",
                        "INVALID_IMAGE_SOURCE_URL",
                    )
                )
    if errors:
        return {"files": [], "userErrors": errors}
    updated: list[Obj] = []
    for row, found in zip(rows, files, strict=True):
        assert found is not None
        if row.get("alt") is not None:
            found["alt"] = row["alt"]
        if row.get("originalSource") or row.get("previewImageSource"):
            _replace_source(store, found, row)
        if row.get("filename"):
            found["filename"] = row["filename"]
        found["updatedAt"] = store.now()
        updated.append(found)
    return {"files": updated, "userErrors": []}


def _replace_source(store: Store, found: Obj, row: Obj) -> None:
    """A new source for a ready file. A `GenericFile` serves its new source as its URL. An
    image's new source (`originalSource` or `previewImageSource`) is taken as a new preview:
    Shopify answers with `image: null` (the image is being processed again) while the
    preview keeps showing the image it had."""
    source = str(row.get("originalSource") or row.get("previewImageSource") or "").strip()
    if found.get("mediaContentType") != "IMAGE" and "MediaImage" not in str(found.get("id")):
        if row.get("originalSource"):
            found["originalSource"] = source
            if "__createdAt" not in found:
                found["url"] = source
        return
    preview = media_preview_image(store, found)
    found["__previewImage"] = preview
    found["__imageReplaced"] = True
    if "__createdAt" not in found:
        found["image"] = None


@computed("GenericFile", "url")
def generic_url(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if "__createdAt" not in src:
        return src.get("url")
    return src.get("originalSource") if status_of(ctx.store, src) == "READY" else None


@computed("GenericFile", "preview")
def generic_preview(ctx: Context, src: Obj, _a: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    if "__createdAt" not in src and isinstance(src.get("preview"), dict):
        return src["preview"]
    return {"image": None, "status": status_of(ctx.store, src)}
