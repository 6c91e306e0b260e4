"""A 4th and 5th attribute published come back on import (Aptimyz: 5 attributes against a
channel's 3 options; pure).

Publish sends the attributes beyond the channel's options as variant metafields
(`<namespace>.<key>`, the key made from the name) or as product tags ("Fit: Slim"), per the
publish setting `extra_attributes`. Import listings reads a product with all the options the
channel allows through `widen` first: those metafields (single-line text in the publish
namespace, not a target of the mapping template) or tags become attributes after the
options, so the hub's product gets its attributes back instead of losing them.

- Metafields: an attribute per key every variant holds, in the order first met, named from
  the key ("lining_type" -> "Lining Type").
- Tags: an attribute per name with one value ("Fit: Slim"), the tag then read as the
  attribute; a name with several values cannot be told per variant: its tags stay tags.
- At most 5 attributes in all (the catalog's limit)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from stockbridge.catalog.rules import MAX_ATTRIBUTES
from stockbridge.channels.port import RemoteProduct, RemoteVariant
from stockbridge.channels.publish_settings import PublishSettings

TEXT = "single_line_text_field"
TAG = re.compile(r"^(?P<name>[^:]+): (?P<value>.+)$")


@dataclass(frozen=True, slots=True)
class Back:
    """What a channel's publish settings say about its extra attributes."""

    mode: str  # "metafields" or "tags"
    namespace: str
    options: int  # how many attributes travel as options
    mapped_keys: frozenset[str]  # variant metafield keys the mapping template fills

    @classmethod
    def of(cls, settings: PublishSettings, *, options: int) -> Back:
        mapped = frozenset(
            row.target.removeprefix("variant.metafield.")
            for row in settings.mapping
            if row.target.startswith("variant.metafield.")
        )
        return cls(settings.extra_attributes, settings.metafield_namespace, options, mapped)


def name_of(key: str) -> str:
    """An attribute name from a metafield key: "lining_type" -> "Lining Type"."""
    return " ".join(w.capitalize() for w in re.split(r"[_-]+", key) if w)


def widen(remote: RemoteProduct, back: Back) -> RemoteProduct:
    """The product with its extra attributes as further options (itself when it has none)."""
    room = MAX_ATTRIBUTES - len(remote.option_names)
    if len(remote.option_names) < back.options or room <= 0 or not remote.variants:
        return remote
    if back.mode == "tags":
        return _from_tags(remote, room)
    return _from_metafields(remote, back, room)


def _from_metafields(remote: RemoteProduct, back: Back, room: int) -> RemoteProduct:
    held: list[dict[str, str]] = []
    for variant in remote.variants:
        held.append(
            {
                m.key: m.value
                for m in variant.metafields
                if m.namespace == back.namespace
                and m.type == TEXT
                and m.key not in back.mapped_keys
                and m.value
            }
        )
    keys = [k for k in dict.fromkeys(k for values in held for k in values)]
    keys = [k for k in keys if all(k in values for values in held)][:room]
    names = [name_of(k) for k in keys]
    if not keys or len(set(names) | set(remote.option_names)) != len(names) + len(
        remote.option_names
    ):
        return remote
    variants = tuple(
        _with(variant, [(name, values[key]) for name, key in zip(names, keys, strict=True)])
        for variant, values in zip(remote.variants, held, strict=True)
    )
    return replace(remote, option_names=(*remote.option_names, *names), variants=variants)


def _from_tags(remote: RemoteProduct, room: int) -> RemoteProduct:
    found: dict[str, list[str]] = {}
    for tag in remote.tags:
        match = TAG.match(tag)
        if match and match["name"] not in remote.option_names:
            found.setdefault(match["name"], []).append(match["value"])
    single = [(name, values[0]) for name, values in found.items() if len(values) == 1][:room]
    if not single:
        return remote
    taken = {f"{name}: {value}" for name, value in single}
    return replace(
        remote,
        option_names=(*remote.option_names, *(name for name, _ in single)),
        tags=tuple(t for t in remote.tags if t not in taken),
        variants=tuple(_with(v, single) for v in remote.variants),
    )


def _with(variant: RemoteVariant, extra: Iterable[tuple[str, str]]) -> RemoteVariant:
    return replace(variant, options=(*variant.options, *extra))


class Widened(Iterator[RemoteProduct]):
    """A connector's export with each product widened (keeps the export's `total`)."""

    def __init__(self, products: Iterable[RemoteProduct], back: Back) -> None:
        self.total = getattr(products, "total", None)
        self._products = iter(products)
        self._back = back

    def __iter__(self) -> Widened:
        return self

    def __next__(self) -> RemoteProduct:
        return widen(next(self._products), self._back)
