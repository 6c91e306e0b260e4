"""`productSet` files (new by URL, existing by id, replaced), variant files, SEO, the
asynchronous form polled with `productOperation`, and taxonomy categories loaded from
Shopify's category list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify import SandboxApp

SET = """mutation($input: ProductSetInput!, $sync: Boolean!, $identifier: ProductSetIdentifiers) {
  productSet(input: $input, synchronous: $sync, identifier: $identifier) {
    product {
      id seo { title description } category { id name fullName level isLeaf parentId }
      media(first: 10) { nodes { id } }
      variants(first: 10) { nodes { sku media(first: 2) { nodes { id } } } }
    }
    productSetOperation { id status }
    userErrors { field message code }
  }
}"""
POLL = """query($id: ID!) { productOperation(id: $id) {
  status product { id title }
  ... on ProductSetOperation { userErrors { field message code } } } }"""


def _input(**more: Any) -> dict[str, Any]:
    return {
        "title": "Jacket",
        "handle": "jacket",
        "productOptions": [{"name": "Size", "values": [{"name": "S"}, {"name": "M"}]}],
        "variants": [
            {"optionValues": [{"optionName": "Size", "name": "S"}], "sku": "J-S"},
            {"optionValues": [{"optionName": "Size", "name": "M"}], "sku": "J-M"},
        ],
        **more,
    }


def _set(http: httpx.Client, data: dict[str, Any], sync: bool = True, **ident: str) -> Any:
    answer = gql(http, SET, {"input": data, "sync": sync, "identifier": ident or None}).json()
    assert "errors" not in answer, answer
    return answer["data"]["productSet"]


def test_files_are_attached_by_url_or_id_and_replaced(http: httpx.Client) -> None:
    logo = {"originalSource": "https://cdn.example.com/logo.png", "contentType": "IMAGE"}
    first = _set(
        http,
        _input(
            files=[logo],
            seo={"title": "Jacket | Quay"},
        ),
    )["product"]
    [media] = first["media"]["nodes"]
    assert first["seo"] == {"title": "Jacket | Quay", "description": None}

    other = _input(handle="coat", title="Coat")
    other["variants"][0]["file"] = {"id": media["id"]}
    other["files"] = [
        {"id": media["id"]},
        {"originalSource": "https://cdn.example.com/coat.png"},
    ]
    second = _set(http, other)["product"]

    assert len(second["media"]["nodes"]) == 2
    assert second["media"]["nodes"][0]["id"] == media["id"]
    assert [v["media"]["nodes"] for v in second["variants"]["nodes"]] == [
        [{"id": media["id"]}],
        [],
    ]
    emptied = _set(http, {"files": []}, id=first["id"])["product"]
    assert emptied["media"]["nodes"] == []
    # still shown by the coat: not deleted
    again = _set(http, {"title": "Coat"}, id=second["id"])["product"]
    assert again["media"]["nodes"][0] == media


def test_an_unknown_file_or_a_variant_file_not_among_the_files_is_refused(
    http: httpx.Client,
) -> None:
    data = _input(files=[{"id": "gid://shopify/MediaImage/999"}])
    data["variants"][1]["file"] = {"originalSource": "https://cdn.example.com/other.png"}

    answer = _set(http, data)

    assert answer["product"] is None
    assert answer["userErrors"] == [
        {
            "field": ["input", "files", "0", "id"],
            "message": "File does not exist",
            "code": "NOT_FOUND",
        },
        {
            "field": ["input", "variants", "1", "file"],
            "message": "The variant file must also be specified in the files input for the product",
            "code": "INVALID_INPUT",
        },
    ]


def test_an_asynchronous_set_is_polled_until_complete(http: httpx.Client) -> None:
    started = _set(http, _input(), sync=False)

    assert started["product"] is None
    assert started["productSetOperation"]["status"] == "CREATED"
    polled = gql(http, POLL, {"id": started["productSetOperation"]["id"]}).json()["data"]
    assert polled["productOperation"]["status"] == "COMPLETE"
    assert polled["productOperation"]["product"]["title"] == "Jacket"
    assert polled["productOperation"]["userErrors"] == []

    refused = _set(http, _input(title="T" * 256), sync=False)
    done = gql(http, POLL, {"id": refused["productSetOperation"]["id"]}).json()["data"]
    assert done["productOperation"]["product"] is None
    assert done["productOperation"]["userErrors"] == [
        {
            "field": ["input", "title"],
            "message": "is too long (maximum is 255 characters)",
            "code": None,
        }
    ]


def test_taxonomy_categories_load_from_shopifys_list(
    http: httpx.Client, sandbox: SandboxApp, shared_dir: Path
) -> None:
    lines = (shared_dir / "shopify/taxonomy/categories.txt").read_text(encoding="utf-8")
    wanted = [
        line
        for line in lines.splitlines()
        if line.split(" : ")[0].strip()
        in ("gid://shopify/TaxonomyCategory/ap", "gid://shopify/TaxonomyCategory/ap-1")
    ]
    loaded = http.post("/__sandbox/taxonomy", json={"categories": "\n".join(wanted)})
    assert loaded.json() == {"categories": 2}

    product = _set(http, _input(category="gid://shopify/TaxonomyCategory/ap-1"))["product"]

    assert product["category"] == {
        "id": "gid://shopify/TaxonomyCategory/ap-1",
        "name": "Live Animals",
        "fullName": "Animals & Pet Supplies > Live Animals",
        "level": 2,
        "isLeaf": True,
        "parentId": "gid://shopify/TaxonomyCategory/ap",
    }
    bad = http.post("/__sandbox/taxonomy", json={"categories": "not a line"})
    assert bad.status_code == 400
