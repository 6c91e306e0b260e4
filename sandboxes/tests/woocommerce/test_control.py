"""The control API: generate a catalog, the merchant's stock edit and a shopper's checkout
(each delivering its webhook), faults, the request log, reset."""

from __future__ import annotations

import httpx

from stockbridge_sandboxes.woocommerce import WooSandbox


def test_control_routes(woo: WooSandbox, api: httpx.Client) -> None:
    got: list[tuple[str, bytes]] = []
    woo.outbox.transport = lambda url, headers, body: (
        got.append((headers.get("X-WC-Webhook-Topic", "ping"), body)) or 200
    )
    with httpx.Client(
        transport=httpx.WSGITransport(app=woo), base_url="http://woo.sandbox.test"
    ) as control:
        assert control.post(
            "/__sandbox/seed/generated", json={"products": 1, "variations": 2, "stock": 4}
        ).json() == {"stocked": 2}
        api.post(
            "/webhooks", json={"topic": "product.updated", "delivery_url": "http://hub.test/p"}
        )
        api.post("/webhooks", json={"topic": "order.created", "delivery_url": "http://hub.test/o"})
        [parent] = woo.store.products
        first = woo.store.children(parent)[0]["id"]
        edited = control.post(f"/__sandbox/items/{first}/stock", json={"stock_quantity": 9}).json()
        order = control.post(
            "/__sandbox/shopper_orders",
            json={"line_items": [{"product_id": parent, "variation_id": first, "quantity": 2}]},
        ).json()
        delivered = control.post("/__sandbox/webhooks/deliver").json()
        assert (edited["stock_quantity"], order["status"], order["total"]) == (
            9,
            "processing",
            "20.00",
        )
        assert api.get(f"/products/{parent}/variations/{first}").json()["stock_quantity"] == 7
        assert delivered == {"delivered": 5}
        # deliveries' order is not promised (webhooks-delivery.json)
        assert sorted(topic for topic, _ in got) == [
            "order.created",
            "ping",
            "ping",
            "product.updated",
            "product.updated",
        ]
        assert (
            control.post("/__sandbox/faults", json={"http_429_burst": 1}).json()["http_429_burst"]
            == 1
        )
        assert api.get("/products").status_code == 429
        log = control.get("/__sandbox/requests").json()
        assert log[-1] == {"method": "GET", "path": "/wp-json/wc/v3/products", "status": 429}
        assert control.post("/__sandbox/reset").json() == {"reset": True}
        state = control.get("/__sandbox/").json()
        assert (state["products"], state["webhooks"]) == (0, 0)
        assert api.get("/products").json() == []
