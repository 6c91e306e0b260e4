"""Loading Shopify's Standard Product Taxonomy into a store: the categories a product input may
name (`resolvers/taxonomy.py` refuses any other).

The list is Shopify's own `dist/en/categories.txt` (github.com/Shopify/product-taxonomy), one
category a line: `gid://shopify/TaxonomyCategory/<id> : <Ancestor> > ... > <Name>`. The sandbox
bundles none of it; whoever starts a store hands it the lines it should know (the tests read
them from ../shared). A category's parent is its id without the last `-<n>`; a leaf has no
child in the list.
"""

from __future__ import annotations

from collections.abc import Iterable

from stockbridge_sandboxes.shopify.store import Store

PREFIX = "gid://shopify/TaxonomyCategory/"


def parse(lines: Iterable[str]) -> list[tuple[str, str]]:
    """(gid, full name) of every category line; comments and blank lines skipped."""
    out: list[tuple[str, str]] = []
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        gid, sep, full_name = text.partition(" : ")
        gid = gid.strip()
        if not sep or not gid.startswith(PREFIX):
            raise ValueError(f"not a taxonomy category line: {line!r}")
        out.append((gid, full_name.strip()))
    return out


def load(store: Store, lines: Iterable[str]) -> int:
    """Put the categories of `lines` into the store; answers how many."""
    categories = parse(lines)
    ids = {gid.removeprefix(PREFIX) for gid, _ in categories}
    parents = {i.rsplit("-", 1)[0] for i in ids if "-" in i}
    for gid, full_name in categories:
        short = gid.removeprefix(PREFIX)
        parent = short.rsplit("-", 1)[0] if "-" in short else None
        store.put(
            gid,
            {
                "name": full_name.split(" > ")[-1],
                "fullName": full_name,
                "level": short.count("-") + 1,
                "isLeaf": short not in parents,
                "parentId": PREFIX + parent if parent else None,
            },
        )
    return len(categories)
