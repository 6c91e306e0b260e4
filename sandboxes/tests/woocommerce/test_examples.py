"""Every documented example of the reference can be served back by the sandbox: a response
example seeded is answered as documented (read alone, or in its list); a request example sent
is taken, and its answer carries what was asked and validates against the schema; a batch
example sent after seeding what it names answers each item as the batch response example
does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from stockbridge_sandboxes.woocommerce import Clock, Site, WooSandbox
from stockbridge_sandboxes.woocommerce.seed import seed_documents

from .conftest import example
from .schemas import problems

pytestmark = pytest.mark.shared


@pytest.fixture
def woo() -> WooSandbox:
    """The documented examples come from a store at https://example.com."""
    return WooSandbox(
        clock=Clock(lambda: 1_780_000_000.0), site=Site(home_url="https://example.com")
    )


def _bare(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "_links"}


def _parent(doc: dict[str, Any]) -> str:
    return str(doc["_links"]["up"][0]["href"].rsplit("/", 1)[1])


def _seed_listed(woo: WooSandbox, reference: Path) -> None:
    """Every response example, each under its own kind (variations and refunds under the
    parent their `up` link names)."""
    variations: dict[str, list[Any]] = {}
    refunds: dict[str, list[Any]] = {}
    for doc in example(reference, "product_variations.list.response"):
        variations.setdefault(_parent(doc), []).append(doc)
    for doc in example(reference, "order_refunds.list.response"):
        refunds.setdefault(_parent(doc), []).append(doc)
    seed_documents(
        woo.catalog,
        {
            "products": example(reference, "products.list.response"),
            "variations": variations,
            "orders": example(reference, "orders.list.response"),
            "refunds": refunds,
            "customers": example(reference, "customers.list.response"),
            "webhooks": example(reference, "webhooks.list.response"),
        },
    )


SINGLE = [
    ("product_simple.create.response", "products", "/products/{id}"),
    ("product_variable.create.response", "products", "/products/{id}"),
    ("product_variation.retrieve.response", "variations", "/products/{parent}/variations/{id}"),
    ("product_variation.update.response", "variations", "/products/{parent}/variations/{id}"),
    ("order.retrieve.response", "orders", "/orders/{id}"),
    ("order.update.response", "orders", "/orders/{id}"),
    ("order_refund.create.response", "refunds", "/orders/{parent}/refunds/{id}"),
    ("customer.retrieve.response", "customers", "/customers/{id}"),
    ("customer.update.response", "customers", "/customers/{id}"),
    ("webhook.retrieve.response", "webhooks", "/webhooks/{id}"),
    ("webhook.create.response", "webhooks", "/webhooks/{id}"),
]


@pytest.mark.parametrize(("name", "kind", "path"), SINGLE)
def test_a_seeded_resource_is_served_as_documented(
    woo: WooSandbox, api: httpx.Client, reference: Path, name: str, kind: str, path: str
) -> None:
    doc = example(reference, name)
    parent = _parent(doc) if "{parent}" in path else ""
    if kind == "variations":
        seed_documents(woo.catalog, {"products": [{"id": int(parent), "type": "variable"}]})
    if kind == "refunds":
        seed_documents(woo.catalog, {"orders": [{"id": int(parent)}]})
    seed_documents(woo.catalog, {kind: {parent: [doc]} if parent else [doc]})
    answer = api.get(path.format(id=doc["id"], parent=parent))
    assert answer.status_code == 200
    assert _bare(answer.json()) == _bare(doc)


LISTS = [
    ("products.list.response", "/products"),
    ("product_variations.list.response", "/products/22/variations"),
    ("orders.list.response", "/orders"),
    ("order_refunds.list.response", "/orders/723/refunds"),
    ("customers.list.response", "/customers"),
    ("webhooks.list.response", "/webhooks"),
]


@pytest.mark.parametrize(("name", "path"), LISTS)
def test_a_seeded_list_is_served_as_documented(
    woo: WooSandbox, api: httpx.Client, reference: Path, name: str, path: str
) -> None:
    seed_documents(
        woo.catalog, {"products": [{"id": 22, "type": "variable"}], "orders": [{"id": 723}]}
    )
    _seed_listed(woo, reference)
    docs = example(reference, name)
    answer = api.get(path, params={"per_page": 100, "orderby": "id", "order": "desc"})
    assert answer.status_code == 200
    served = {d["id"]: _bare(d) for d in answer.json()}
    assert {d["id"]: _bare(d) for d in docs}.items() <= served.items()


def _seed_order_products(woo: WooSandbox) -> None:
    """Synthetic products the order examples name (79 and 93 simple; 22 variable with 23, 24)."""
    seed_documents(
        woo.catalog,
        {
            "products": [
                {"id": 79, "name": "Product 79", "regular_price": "15.00", "price": "15.00"},
                {"id": 93, "name": "Product 93", "regular_price": "3.00", "price": "3.00"},
                {
                    "id": 22,
                    "name": "Ship Your Idea",
                    "slug": "ship-your-idea",
                    "type": "variable",
                    "attributes": [
                        {
                            "id": 6,
                            "name": "Color",
                            "position": 0,
                            "visible": False,
                            "variation": True,
                            "options": ["Black", "Green"],
                        }
                    ],
                },
            ],
            "variations": {
                "22": [
                    {"id": 23, "regular_price": "12.00", "price": "12.00"},
                    {"id": 24, "regular_price": "20.00", "price": "20.00"},
                ]
            },
        },
    )


def _contains(answer: Any, asked: Any, where: str = "") -> list[str]:
    """Where `answer` does not carry what `asked` sent (objects by key, lists item by item)."""
    if isinstance(asked, dict):
        if not isinstance(answer, dict):
            return [f"{where}: not an object"]
        return [m for k, v in asked.items() for m in _contains(answer.get(k), v, f"{where}/{k}")]
    if isinstance(asked, list) and asked and isinstance(asked[0], dict):
        if not isinstance(answer, list) or len(answer) != len(asked):
            return [f"{where}: {len(asked)} items asked"]
        return [
            m
            for n, (a, q) in enumerate(zip(answer, asked, strict=True))
            for m in _contains(a, q, f"{where}/{n}")
        ]
    return [] if answer == asked else [f"{where}: {answer!r} != {asked!r}"]


CREATES = [
    ("product_simple.create.request", "/products", "product", ()),
    ("order.create.request", "/orders", "order", ("line_items",)),
    ("customer.create.request", "/customers", "customer", ()),
    ("webhook.create.request", "/webhooks", "webhook", ()),
]


@pytest.mark.parametrize(("name", "path", "stem", "computed"), CREATES)
def test_a_documented_create_is_taken(
    woo: WooSandbox,
    api: httpx.Client,
    reference: Path,
    name: str,
    path: str,
    stem: str,
    computed: tuple[str, ...],
) -> None:
    woo.outbox.transport = lambda url, headers, body: 200
    # the categories the product example names
    seed_documents(woo.catalog, {"products": example(reference, "products.list.response")})
    _seed_order_products(woo)
    asked = example(reference, name)
    answer = api.post(path, json=asked)
    assert answer.status_code == 201, answer.text
    assert problems(reference, stem, "request", asked) == []
    assert problems(reference, stem, "response", answer.json()) == []
    plain = {
        k: v for k, v in asked.items() if k not in computed and k not in ("set_paid", "secret")
    }
    if stem == "product":  # categories and images are answered whole (names, dates), by id/src
        plain = {k: v for k, v in plain.items() if k not in ("categories", "images")}
        assert [c["id"] for c in answer.json()["categories"]] == [
            c["id"] for c in asked["categories"]
        ]
        assert [i["src"] for i in answer.json()["images"]] == [i["src"] for i in asked["images"]]
    assert _contains(answer.json(), plain) == []
    if stem == "order":
        lines = [
            (li["product_id"], li["variation_id"], li["quantity"])
            for li in answer.json()["line_items"]
        ]
        assert lines == [(93, 0, 2), (22, 23, 1)]
        assert answer.json()["status"] == "processing"  # set_paid


def test_the_documented_customer_update_is_answered_as_documented(
    woo: WooSandbox, api: httpx.Client, reference: Path
) -> None:
    seed_documents(woo.catalog, {"customers": [example(reference, "customer.retrieve.response")]})
    answer = api.put("/customers/25", json=example(reference, "customer.update.request"))
    documented = _bare(example(reference, "customer.update.response"))
    dates = ("date_modified", "date_modified_gmt")
    assert {k: v for k, v in _bare(answer.json()).items() if k not in dates} == {
        k: v for k, v in documented.items() if k not in dates
    }


BATCHES = [
    ("products", "/products/batch", "product"),
    ("product_variations", "/products/22/variations/batch", "product_variation"),
    ("orders", "/orders/batch", "order"),
    ("customers", "/customers/batch", "customer"),
    ("webhooks", "/webhooks/batch", "webhook"),
]


@pytest.mark.parametrize(("name", "path", "stem"), BATCHES)
def test_a_documented_batch_is_answered_item_by_item(
    woo: WooSandbox, api: httpx.Client, reference: Path, name: str, path: str, stem: str
) -> None:
    woo.outbox.transport = lambda url, headers, body: 200
    _seed_order_products(woo)
    _seed_listed(woo, reference)
    documented = example(reference, f"{name}.batch.response")
    existing = documented.get("update", []) + documented.get("delete", [])
    kind = {"product_variations": "variations"}.get(name, name)
    seed_documents(woo.catalog, {kind: {"22": existing} if kind == "variations" else existing})
    asked = example(reference, f"{name}.batch.request")
    answer = api.post(path, json=asked)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert problems(reference, stem, "batch_request", asked) == []
    assert problems(reference, stem, "batch_response", body) == []
    assert sorted(body) == sorted(documented)
    assert [len(body[k]) for k in sorted(body)] == [len(documented[k]) for k in sorted(body)]
    assert not [item for items in body.values() for item in items if "error" in item]
    assert [i["id"] for i in body.get("update", [])] == [
        i["id"] for i in documented.get("update", [])
    ]
    assert [i["id"] for i in body.get("delete", [])] == asked.get("delete", [])
    assert [_bare(i) for i in body.get("delete", [])] == [
        _bare(i) for i in documented.get("delete", [])
    ]
    for served, sent in zip(body.get("create", []), asked.get("create", []), strict=True):
        simple = {
            k: v for k, v in sent.items() if not isinstance(v, (list, dict)) and k != "set_paid"
        }
        assert _contains(served, simple) == []
    for served, sent, doc in zip(
        body.get("update", []), asked.get("update", []), documented.get("update", []), strict=True
    ):
        # keys the resource does not have (orders' "shipping_methods") are ignored, as WooCommerce does
        assert _contains(served, {k: v for k, v in sent.items() if k != "id" and k in doc}) == []
