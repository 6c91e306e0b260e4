"""orderUpdate upserts an order's localized fields by key; `localizedFields` and the deprecated
`localizationExtensions` are the same rows, whichever input name set them."""

from __future__ import annotations

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock

UPDATE = """mutation($input: OrderInput!) { orderUpdate(input: $input) {
  order { localizedFields(first: 5) { nodes { key value } }
          localizationExtensions(first: 5) { nodes { key value } } }
  userErrors { field message } } }"""

READ = """query($id: ID!) { order(id: $id) {
  localizedFields(first: 5) { nodes { key value } }
  localizationExtensions(first: 5) { nodes { key value } } } }"""


def test_localized_fields_upsert_by_key_under_either_input_name() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.store.put("gid://shopify/Order/8", {"name": "#1001"})
    order_id = "gid://shopify/Order/8"

    first = app.execute(
        UPDATE,
        {
            "input": {
                "id": order_id,
                "localizedFields": [{"key": "TAX_CREDENTIAL_BR", "value": "1"}],
            }
        },
    )["data"]["orderUpdate"]
    assert first["userErrors"] == []
    assert first["order"]["localizedFields"]["nodes"] == [
        {"key": "TAX_CREDENTIAL_BR", "value": "1"}
    ]
    assert first["order"]["localizationExtensions"]["nodes"] == [
        {"key": "TAX_CREDENTIAL_BR", "value": "1"}
    ]

    app.execute(
        UPDATE,
        {
            "input": {
                "id": order_id,
                "localizationExtensions": [
                    {"key": "SHIPPING_CREDENTIAL_BR", "value": "2"},
                    {"key": "TAX_CREDENTIAL_BR", "value": "3"},
                ],
            }
        },
    )

    read = app.execute(READ, {"id": order_id})["data"]["order"]
    expected = [
        {"key": "TAX_CREDENTIAL_BR", "value": "3"},
        {"key": "SHIPPING_CREDENTIAL_BR", "value": "2"},
    ]
    assert read["localizedFields"]["nodes"] == expected
    assert read["localizationExtensions"]["nodes"] == expected


def test_an_order_without_localized_fields_reads_empty() -> None:
    app = SandboxApp(clock=FrozenClock())
    app.store.put("gid://shopify/Order/8", {"name": "#1001"})

    read = app.execute(READ, {"id": "gid://shopify/Order/8"})["data"]["order"]

    assert read == {"localizedFields": {"nodes": []}, "localizationExtensions": {"nodes": []}}
