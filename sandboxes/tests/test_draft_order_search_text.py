"""draftOrders(query:) free text also reads the draft's line titles."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.store import ref

READ = """query($q: String) { draftOrders(first: 5, query: $q) { nodes { name } }
  draftOrdersCount(query: $q) { count } }"""


def test_free_text_finds_a_draft_by_a_line_title() -> None:
    app = SandboxApp(clock=FrozenClock())
    for n, title in ((1, "Alpha Search Needle"), (2, "Beta Search Haystack")):
        app.store.put(f"gid://shopify/DraftOrderLineItem/{n}", {"title": title})
        app.store.put(
            f"gid://shopify/DraftOrder/{n}",
            {
                "name": f"#D{n}",
                "status": "OPEN",
                "lineItems": [ref(f"gid://shopify/DraftOrderLineItem/{n}")],
            },
        )

    needle = app.execute(READ, {"q": "Needle"})["data"]
    both = app.execute(READ, {"q": "search"})["data"]

    assert needle == {"draftOrders": {"nodes": [{"name": "#D1"}]}, "draftOrdersCount": {"count": 1}}
    assert both["draftOrdersCount"] == {"count": 2}
