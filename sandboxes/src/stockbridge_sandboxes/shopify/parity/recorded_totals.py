"""Catalog totals a recording showed for a shop the sandbox holds only part of, and which
objects it holds only in part (hydrated ones: the fields their recordings showed).

A recording shows some objects of a larger shop plus its counts, listings that go on past
what they showed, and which objects a search returned. Replayed, the sandbox holds only what
was shown, so this `Remainder` stands for the rest: once the recording's objects are in
(`settle`), a count is what the sandbox holds plus the part it does not hold, and the
sandbox's own writes move it as they would upstream.
"""

from __future__ import annotations

from stockbridge_sandboxes.shopify.remainder import Remainder
from stockbridge_sandboxes.shopify.resolvers.collections import members
from stockbridge_sandboxes.shopify.resolvers.reads import COUNT_ROOTS, matching
from stockbridge_sandboxes.shopify.store import Store

Key = tuple[str, str]  # (type, search query)


class RecordedRemainder(Remainder):
    def __init__(self) -> None:
        self.counts: dict[Key, int] = {}  # the recorded count of a search
        self.beyond: dict[Key, int] = {}  # of those, how many the sandbox does not hold
        self.more: set[Key] = set()  # searches whose recorded listing went on
        self.results: dict[Key, set[str]] = {}  # ids a recorded listing returned
        # collection id -> (its recorded product count, members the sandbox does not hold)
        self.collections: dict[str, tuple[int, int]] = {}

    # -- what the resolvers ask -----------------------------------------------------------
    def known_results(self, type_name: str, query: str) -> set[str] | None:
        return self.results.get((type_name, query))

    def continues(self, type_name: str, query: str) -> bool:
        return (type_name, query) in self.more

    def not_held(self, type_name: str, query: str) -> int | None:
        return self.beyond.get((type_name, query))

    def collection_members_not_held(self, collection_id: str) -> int:
        return self.collections.get(collection_id, (0, 0))[1]

    def known_in_part(self, obj: dict[str, object]) -> bool:
        """A hydrated object holds only the fields its recordings showed."""
        return bool(obj.get("__hydrated"))

    # -- what hydration records -----------------------------------------------------------
    def count(self, key: Key, value: int) -> None:
        self.counts[key] = value

    def listing(self, key: Key, shown: set[str], goes_on: bool, last_page: bool) -> None:
        if goes_on:
            self.more.add(key)
        elif last_page:
            self.more.discard(key)  # a later page that says it is the last
        if key[1]:
            self.results.setdefault(key, set()).update(shown)

    def settle(self, store: Store) -> None:
        """Turn recorded totals into the part of the shop the sandbox does not hold (once per
        total: later writes are the sandbox's own)."""
        for key, recorded in self.counts.items():
            if key not in self.beyond:
                root = COUNT_ROOTS.get(key[0], "")
                held = len(matching(store, key[0], key[1] or None, root=root))
                self.beyond[key] = max(0, recorded - held)
        for collection in store.all("Collection"):
            shown = collection.get("productsCount")
            if not collection.get("__hydrated") or not isinstance(shown, dict):
                continue
            count = shown.get("count")
            settled = self.collections.get(collection["id"])
            if not isinstance(count, int) or (settled is not None and settled[0] == count):
                continue
            held = len(members(store, collection))
            self.collections[collection["id"]] = (count, max(0, count - held))


def recorded_totals(store: Store) -> RecordedRemainder:
    """The store's recorded totals, attached on first use."""
    if not isinstance(store.remainder, RecordedRemainder):
        store.remainder = RecordedRemainder()
    return store.remainder


def settle_recorded_totals(store: Store) -> None:
    recorded_totals(store).settle(store)
