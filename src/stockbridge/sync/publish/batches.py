"""Which products of a bulk publish go ahead alone (pure).

A bulk operation sets all its products at once, so an image new to the channel that several
of them show would be uploaded once per product. The first product showing each such image is
therefore published alone first; once it answered, the image's file id is known and the
others reference it (`with_uploaded`), so an image is uploaded once across the batch as it is
one by one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from stockbridge.channels.port_publish import ProductDraft


def ahead_of_bulk(drafts: Sequence[ProductDraft]) -> set[str]:
    """The refs of the drafts to publish alone before the bulk: for each image not uploaded
    yet that more than one draft shows, the first draft showing it."""
    first: dict[str, str] = {}
    shown: dict[str, int] = {}
    for draft in drafts:
        for key in {i.key for i in draft.images or () if i.remote_id is None}:
            first.setdefault(key, draft.ref)
            shown[key] = shown.get(key, 0) + 1
    return {first[key] for key, count in shown.items() if count > 1}


def with_uploaded(draft: ProductDraft, uploaded: Mapping[str, str]) -> ProductDraft:
    """The draft referencing the images uploaded since it was made."""
    if not draft.images or all(i.remote_id or i.key not in uploaded for i in draft.images):
        return draft
    images = tuple(
        i if i.remote_id or i.key not in uploaded else replace(i, remote_id=uploaded[i.key])
        for i in draft.images
    )
    return replace(draft, images=images)
