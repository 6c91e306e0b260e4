"""Resources as WooCommerce creates them before the request's values apply: every property of
the REST v3 resource, at its documented default (`default` in the docs' property tables) or
the empty value WooCommerce's data classes start from ("" for text, 0, false, [], null for a
date not set)."""

from __future__ import annotations

from typing import Any

ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "address_1",
    "address_2",
    "city",
    "state",
    "postcode",
    "country",
)


def dates() -> dict[str, Any]:
    return {
        "date_created": None,
        "date_created_gmt": None,
        "date_modified": None,
        "date_modified_gmt": None,
    }


def _selling() -> dict[str, Any]:
    """What products and variations share (prices, sale dates, stock, shipping)."""
    return {
        "sku": "",
        "price": "",
        "regular_price": "",
        "sale_price": "",
        "date_on_sale_from": None,
        "date_on_sale_from_gmt": None,
        "date_on_sale_to": None,
        "date_on_sale_to_gmt": None,
        "on_sale": False,
        "status": "publish",
        "purchasable": False,
        "virtual": False,
        "downloadable": False,
        "downloads": [],
        "download_limit": -1,
        "download_expiry": -1,
        "tax_status": "taxable",
        "tax_class": "",
        "manage_stock": False,
        "stock_quantity": None,
        "stock_status": "instock",
        "backorders": "no",
        "backorders_allowed": False,
        "backordered": False,
        "weight": "",
        "dimensions": {"length": "", "width": "", "height": ""},
        "shipping_class": "",
        "shipping_class_id": 0,
        "menu_order": 0,
        "meta_data": [],
    }


def product() -> dict[str, Any]:
    return {
        "id": 0,
        "name": "",
        "slug": "",
        "permalink": "",
        **dates(),
        "type": "simple",
        "featured": False,
        "catalog_visibility": "visible",
        "description": "",
        "short_description": "",
        **_selling(),
        "price_html": "",
        "total_sales": 0,
        "external_url": "",
        "button_text": "",
        "sold_individually": False,
        "shipping_required": True,
        "shipping_taxable": True,
        "reviews_allowed": True,
        "average_rating": "0.00",
        "rating_count": 0,
        "related_ids": [],
        "upsell_ids": [],
        "cross_sell_ids": [],
        "parent_id": 0,
        "purchase_note": "",
        "categories": [],
        "tags": [],
        "images": [],
        "attributes": [],
        "default_attributes": [],
        "variations": [],
        "grouped_products": [],
    }


def variation() -> dict[str, Any]:
    return {
        "id": 0,
        **dates(),
        "description": "",
        "permalink": "",
        **_selling(),
        "image": None,
        "attributes": [],
    }


def customer() -> dict[str, Any]:
    return {
        "id": 0,
        **dates(),
        "email": "",
        "first_name": "",
        "last_name": "",
        "role": "customer",
        "username": "",
        "billing": {**dict.fromkeys(ADDRESS_FIELDS, ""), "email": "", "phone": ""},
        "shipping": dict.fromkeys(ADDRESS_FIELDS, ""),
        "is_paying_customer": False,
        "avatar_url": "",
        "meta_data": [],
    }


def order() -> dict[str, Any]:
    return {
        "id": 0,
        "parent_id": 0,
        "number": "",
        "order_key": "",
        "created_via": "rest-api",
        "version": "",
        "status": "pending",
        "currency": "USD",
        **dates(),
        "discount_total": "0.00",
        "discount_tax": "0.00",
        "shipping_total": "0.00",
        "shipping_tax": "0.00",
        "cart_tax": "0.00",
        "total": "0.00",
        "total_tax": "0.00",
        "prices_include_tax": False,
        "customer_id": 0,
        "customer_ip_address": "",
        "customer_user_agent": "",
        "customer_note": "",
        "billing": {**dict.fromkeys(ADDRESS_FIELDS, ""), "email": "", "phone": ""},
        "shipping": dict.fromkeys(ADDRESS_FIELDS, ""),
        "payment_method": "",
        "payment_method_title": "",
        "transaction_id": "",
        "date_paid": None,
        "date_paid_gmt": None,
        "date_completed": None,
        "date_completed_gmt": None,
        "cart_hash": "",
        "meta_data": [],
        "line_items": [],
        "tax_lines": [],
        "shipping_lines": [],
        "fee_lines": [],
        "coupon_lines": [],
        "refunds": [],
    }


def webhook() -> dict[str, Any]:
    return {
        "id": 0,
        "name": "",
        "status": "active",
        "topic": "",
        "resource": "",
        "event": "",
        "hooks": [],
        "delivery_url": "",
        **dates(),
    }
