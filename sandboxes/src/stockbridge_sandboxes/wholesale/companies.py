"""Companies (the brand's wholesale customers): upsert by `code` (the ERP account code orders
are matched on), read by id, list codes. Buyers are the portal's own: set by its admin only."""

from __future__ import annotations

import copy
from typing import Any

from .http import PortalError
from .store import Doc, Portal

ADDRESS_FIELDS = (
    "display_name", "line_1", "line_2", "line_3", "line_4", "city", "state", "zip", "country",
    "shipping_code", "billing_code", "default_shipping", "default_billing",
)  # fmt: skip


def upsert(portal: Portal, body: Any) -> Doc:
    if not isinstance(body, dict):
        raise PortalError(400, "company must be an object")
    code = body.get("code")
    if not isinstance(code, str) or not code.strip():
        raise PortalError(400, "code is required")
    if not isinstance(body.get("name"), str) or not body["name"].strip():
        raise PortalError(400, "name is required")
    addresses = body.get("addresses", [])
    if not isinstance(addresses, list) or not all(isinstance(a, dict) for a in addresses):
        raise PortalError(400, "addresses must be a list of objects")
    for address in addresses:
        unknown = sorted(set(address) - set(ADDRESS_FIELDS))
        if unknown:
            raise PortalError(400, f"addresses: unknown field {unknown[0]}")
    company = portal.company_by_code(code)
    now = portal.clock.iso()
    if company is None:
        company = {
            "_id": portal.new_id(),
            "schema_id": "541204aca01ceed9650486a3",
            "created_on": now,
            "buyers": [],
            "user_connections": [],
            "allow_bulk": False,
            "discount": 0,
            "default_discount": 0,
            "payment_terms": "",
            "credit_status": "",
            "currency_code": "USD",
            "active": True,
        }
        portal.companies[company["_id"]] = company
    for key, value in body.items():
        if key in ("_id", "created_on", "modified_on", "buyers", "user_connections"):
            continue  # buyers are set only by the portal's admin
        company[key] = copy.deepcopy(value)
    company["modified_on"] = now
    return company


def get(portal: Portal, company_id: str) -> Doc:
    company = portal.companies.get(company_id)
    if company is None:
        raise PortalError(404, "company not found")
    return company


def codes(portal: Portal) -> list[str]:
    return sorted(c["code"] for c in portal.companies.values() if c.get("code"))
