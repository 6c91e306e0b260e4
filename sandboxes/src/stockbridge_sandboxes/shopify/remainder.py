"""What a shop holds beyond the objects in the store.

A sandbox store normally is the whole shop: every listing ends with what it holds and every
count is what it holds, and every object is held whole. A caller that knows the shop holds
more than the store (the parity layer, whose store holds only what a recording showed of a
larger shop, and of each object only the fields it showed) attaches its own `Remainder` to
the store; listings, counts, collection counts and sorts then take it into account, so the
sandbox's own writes still move them as they would in the larger shop.
"""

from __future__ import annotations


class Remainder:
    """Nothing beyond the store (the default)."""

    def known_results(self, type_name: str, query: str) -> set[str] | None:
        """Ids known to be results of the search `query` over `type_name` objects (None: the
        search is evaluated here like any other)."""
        return None

    def continues(self, type_name: str, query: str) -> bool:
        """Whether the listing of `type_name` objects for `query` goes on past the store."""
        return False

    def not_held(self, type_name: str, query: str) -> int | None:
        """How many `type_name` objects matching `query` the shop holds beyond the store
        (None: nothing is known for this query)."""
        return None

    def collection_members_not_held(self, collection_id: str) -> int:
        """How many products of the collection the shop holds beyond the store."""
        return 0

    def known_in_part(self, obj: dict[str, object]) -> bool:
        """Whether the store holds only part of this object's fields (one it lacks is
        unknown, not empty); objects the sandbox made itself are held whole."""
        return False


NOTHING = Remainder()
