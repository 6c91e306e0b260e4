"""The parity comparison judges what the replayed request asks for: a capture recorded with a
larger document (here, one selecting `compareDigest`) is not failed on fields the replayed
document cannot return."""

from __future__ import annotations

from stockbridge_sandboxes.shopify.parity.compare import compare, response_keys

DOCUMENT = """mutation Set($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) {
  metafields { id namespace key value } userErrors { field message } } }"""
CAPTURED = {
    "metafieldsSet": {
        "metafields": [
            {
                "id": "gid://shopify/Metafield/1",
                "namespace": "custom",
                "key": "material",
                "value": "Canvas",
                "compareDigest": "5604f34413e7aa54d8576ec602e7824b1ddbba13c2ce6799e333fe4594278b64",
            }
        ],
        "userErrors": [],
    }
}


def _answer(value: str) -> dict[str, object]:
    row = {"id": "gid://shopify/Metafield/9", "namespace": "custom", "key": "material"}
    return {"metafieldsSet": {"metafields": [{**row, "value": value}], "userErrors": []}}


def test_response_keys_are_the_aliases_and_fields_a_document_selects() -> None:
    assert response_keys('{ product(id: 1) { own: metafield(key: "a") { value } } }') == {
        "product",
        "own",
        "value",
    }


def test_fields_the_replayed_document_does_not_select_are_not_compared() -> None:
    keys = response_keys(DOCUMENT)

    assert compare(CAPTURED, _answer("Canvas"), {"responseKeys": keys}) == []
    assert compare(CAPTURED, _answer("Wool"), {"responseKeys": keys}) == [
        '$.metafieldsSet.metafields[0].value: expected "Canvas", got "Wool"'
    ]
    assert compare(CAPTURED, _answer("Canvas"), {}) == [
        "$.metafieldsSet.metafields[0].compareDigest: missing (expected "
        '"5604f34413e7aa54d8576ec602e7824b1ddbba13c2ce6799e333fe4594278b64")'
    ]
