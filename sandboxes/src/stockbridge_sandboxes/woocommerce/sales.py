"""Orders, customers and webhooks (the resources besides the catalog): writes as the REST
controllers apply them. An order moving to processing, on-hold or completed reduces the
managed stock of its lines once (`wc_maybe_reduce_stock_levels`)."""

from __future__ import annotations

import copy
import secrets
from decimal import Decimal
from typing import Any

from . import blanks
from .catalog import Catalog
from .errors import RestError, invalid_id, invalid_param
from .webhooks import HOOKS, TOPICS, Outbox

ORDER_STATUSES = (
    "pending",
    "processing",
    "on-hold",
    "completed",
    "cancelled",
    "refunded",
    "failed",
    "trash",
)
REDUCING = ("processing", "on-hold", "completed")
ORDER_TEXT = (
    "payment_method",
    "payment_method_title",
    "transaction_id",
    "customer_note",
    "currency",
)


class Sales:
    def __init__(self, catalog: Catalog, outbox: Outbox) -> None:
        self.catalog = catalog
        self.store = catalog.store
        self.outbox = outbox
        self.reduced: set[int] = set()

    # -- orders ------------------------------------------------------------------------------
    def create_order(self, body: dict[str, Any]) -> dict[str, Any]:
        order = blanks.order()
        order["id"] = self.store.post_id()
        order["number"] = str(order["id"])
        order["order_key"] = f"wc_order_{secrets.token_hex(6)}"
        order["version"] = self.store.site.wc_version
        order["currency"] = self.store.site.currency
        self._write_order(order, body)
        self.store.stamp(order, created=True)
        self.store.orders[order["id"]] = order
        self._after(order)
        return order

    def update_order(self, order_id: Any, body: dict[str, Any]) -> dict[str, Any]:
        order = self.order(order_id)
        draft = copy.deepcopy(order)
        self._write_order(draft, body)
        order.update(draft)
        self.store.stamp(order, created=False)
        self._after(order)
        return order

    def order(self, order_id: Any) -> dict[str, Any]:
        found = self.store.orders.get(_int(order_id))
        if found is None:
            raise invalid_id("shop_order")
        return found

    def _write_order(self, order: dict[str, Any], body: dict[str, Any]) -> None:
        if "status" in body:
            if body["status"] not in ORDER_STATUSES:
                raise invalid_param("status", f"status is not one of {', '.join(ORDER_STATUSES)}.")
            order["status"] = body["status"]
        for name in ORDER_TEXT:
            if name in body:
                if not isinstance(body[name], str):
                    raise invalid_param(name, f"{name} is not of type string.")
                order[name] = body[name]
        if "customer_id" in body:
            if body["customer_id"] and body["customer_id"] not in self.store.customers:
                raise RestError(
                    400, "woocommerce_rest_invalid_customer_id", "Customer ID is invalid."
                )
            order["customer_id"] = int(body["customer_id"])
        for part in ("billing", "shipping"):
            if part in body:
                if not isinstance(body[part], dict):
                    raise invalid_param(part, f"{part} is not of type object.")
                for key, value in body[part].items():
                    if key in order[part]:
                        order[part][key] = str(value)
        for given in _objects("meta_data", body.get("meta_data", [])):
            held = next((m for m in order["meta_data"] if m["key"] == given.get("key")), None)
            if held is None:
                held = {"id": self.store.meta_id(), "key": str(given.get("key"))}
                order["meta_data"].append(held)
            held["value"] = given.get("value")
        if body.get("set_paid") is True:
            order["status"] = "processing" if order["status"] == "pending" else order["status"]
            order["date_paid"], order["date_paid_gmt"] = self.store.clock.stamps()
        for given in _objects("line_items", body.get("line_items", [])):
            order["line_items"].append(self._line(given))
        for given in _objects("shipping_lines", body.get("shipping_lines", [])):
            order["shipping_lines"].append(
                {
                    "id": self.store.line_id(),
                    "method_title": str(given.get("method_title", "")),
                    "method_id": str(given.get("method_id", "")),
                    "total": _money(Decimal(str(given.get("total") or "0"))),
                    "total_tax": "0.00",
                    "taxes": [],
                    "meta_data": [],
                }
            )
        shipping = sum((Decimal(s["total"]) for s in order["shipping_lines"]), Decimal(0))
        lines = sum((Decimal(li["total"]) for li in order["line_items"]), Decimal(0))
        order["shipping_total"] = _money(shipping)
        order["total"] = _money(lines + shipping)
        if order["status"] == "completed" and not order["date_completed"]:
            order["date_completed"], order["date_completed_gmt"] = self.store.clock.stamps()

    def _line(self, given: dict[str, Any]) -> dict[str, Any]:
        product = self.store.products.get(_int(given.get("product_id")))
        if product is None:
            raise RestError(400, "woocommerce_rest_invalid_product_id", "Product ID is invalid.")
        item = product
        if given.get("variation_id"):
            item = self.catalog.variation(product, given["variation_id"])
        quantity = given.get("quantity", 1)
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise invalid_param("line_items", "line_items[].quantity must be a positive integer.")
        if item["price"] == "":
            raise RestError(400, "woocommerce_rest_invalid_product_id", "Product has no price.")
        price = Decimal(item["price"])
        total = _money(price * quantity)
        return {
            "id": self.store.line_id(),
            "name": product["name"],
            "product_id": product["id"],
            "variation_id": item["id"] if item is not product else 0,
            "quantity": quantity,
            "tax_class": item["tax_class"],
            "subtotal": total,
            "subtotal_tax": "0.00",
            "total": total,
            "total_tax": "0.00",
            "taxes": [],
            "meta_data": [],
            "sku": item["sku"],
            "price": float(price),
        }

    def _after(self, order: dict[str, Any]) -> None:
        """`wc_maybe_reduce_stock_levels` once an order is paid or held;
        `wc_maybe_increase_stock_levels` when an order that reduced stock is cancelled."""
        if order["status"] in REDUCING and order["id"] not in self.reduced:
            self.reduced.add(order["id"])
            for line in order["line_items"]:
                self.restock(line, -line["quantity"])
        elif order["status"] == "cancelled" and order["id"] in self.reduced:
            self.reduced.discard(order["id"])
            for line in order["line_items"]:
                self.restock(line, line["quantity"])

    def restock(self, line: dict[str, Any], units: int) -> None:
        """Move a line's item's managed stock by `units` (`product.updated` goes out)."""
        product = self.store.products.get(line["product_id"])
        if product is None:
            return
        item = self.store.variations.get(line["variation_id"], product)
        if item["manage_stock"]:
            item["stock_quantity"] = int(item["stock_quantity"] or 0) + units
            self.catalog.derive(product)
            self.outbox.event(
                "product.updated",
                self.catalog.present_variation(item)
                if item is not product
                else self.catalog.present_product(product),
            )

    # -- customers ---------------------------------------------------------------------------
    def create_customer(self, body: dict[str, Any]) -> dict[str, Any]:
        email = body.get("email")
        if not isinstance(email, str) or "@" not in email:
            raise RestError(
                400, "registration-error-invalid-email", "Please provide a valid email address."
            )
        if any(c["email"] == email for c in self.store.customers.values()):
            raise RestError(
                400,
                "registration-error-email-exists",
                "An account is already registered with your email address.",
            )
        customer = blanks.customer()
        customer["id"] = self.store.user_id()
        customer["username"] = str(body.get("username") or email.split("@")[0])
        self._write_customer(customer, body)
        self.store.stamp(customer, created=True)
        self.store.customers[customer["id"]] = customer
        return customer

    def update_customer(self, customer_id: Any, body: dict[str, Any]) -> dict[str, Any]:
        customer = self.customer(customer_id)
        draft = copy.deepcopy(customer)
        self._write_customer(draft, body)
        customer.update(draft)
        self.store.stamp(customer, created=False)
        return customer

    def customer(self, customer_id: Any) -> dict[str, Any]:
        found = self.store.customers.get(_int(customer_id))
        if found is None:
            raise RestError(400, "woocommerce_rest_invalid_id", "Invalid resource ID.")
        return found

    def _write_customer(self, customer: dict[str, Any], body: dict[str, Any]) -> None:
        for name in ("email", "first_name", "last_name"):
            if name in body:
                if not isinstance(body[name], str):
                    raise invalid_param(name, f"{name} is not of type string.")
                customer[name] = body[name]
        for part in ("billing", "shipping"):
            if part in body:
                if not isinstance(body[part], dict):
                    raise invalid_param(part, f"{part} is not of type object.")
                for key, value in body[part].items():
                    if key in customer[part]:
                        customer[part][key] = str(value)

    # -- webhooks ----------------------------------------------------------------------------
    def create_webhook(self, body: dict[str, Any]) -> dict[str, Any]:
        webhook = blanks.webhook()
        webhook["id"] = self.store.webhook_id()
        if not isinstance(body.get("topic"), str) or not body["topic"]:
            raise RestError(
                400, "rest_missing_callback_param", "Missing parameter(s): topic", params=["topic"]
            )
        if not isinstance(body.get("delivery_url"), str) or not body["delivery_url"]:
            raise RestError(
                400,
                "rest_missing_callback_param",
                "Missing parameter(s): delivery_url",
                params=["delivery_url"],
            )
        self._write_webhook(webhook, body)
        self.store.stamp(webhook, created=True)
        if not webhook["name"]:
            webhook["name"] = f"Webhook created on {webhook['date_created']}"
        self.store.webhooks[webhook["id"]] = webhook
        secret = body.get("secret")
        self.outbox.created(webhook, secret if isinstance(secret, str) and secret else None)
        return webhook

    def update_webhook(self, webhook_id: Any, body: dict[str, Any]) -> dict[str, Any]:
        webhook = self.webhook(webhook_id)
        draft = copy.deepcopy(webhook)
        self._write_webhook(draft, body)
        webhook.update(draft)
        if isinstance(body.get("secret"), str) and body["secret"]:
            self.outbox.secrets[webhook["id"]] = body["secret"]
        if body.get("status") == "active":
            self.outbox.failures[webhook["id"]] = 0
        self.store.stamp(webhook, created=False)
        return webhook

    def webhook(self, webhook_id: Any) -> dict[str, Any]:
        found = self.store.webhooks.get(_int(webhook_id))
        if found is None:
            raise RestError(404, "woocommerce_rest_webhook_invalid_id", "Invalid ID.")
        return found

    def _write_webhook(self, webhook: dict[str, Any], body: dict[str, Any]) -> None:
        if "name" in body:
            webhook["name"] = str(body["name"])
        if "status" in body:
            if body["status"] not in ("active", "paused", "disabled"):
                raise invalid_param("status", "status is not one of active, paused, disabled.")
            webhook["status"] = body["status"]
        if "delivery_url" in body:
            webhook["delivery_url"] = str(body["delivery_url"])
        if "topic" in body:
            topic = body["topic"]
            resource, _, event = str(topic).partition(".")
            valid = event in TOPICS.get(resource, ()) or (resource == "action" and event)
            if not valid:
                raise RestError(
                    400,
                    "woocommerce_rest_webhook_invalid_topic",
                    "Webhook topic is required and must be valid.",
                )
            webhook["topic"], webhook["resource"], webhook["event"] = topic, resource, event
            webhook["hooks"] = list(HOOKS.get(topic, [event] if resource == "action" else []))


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _objects(name: str, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise invalid_param(name, f"{name} is not of type array of objects.")
    return value
