"""Customer addresses: Shopify's field checks and normalization (shared with the `addresses`
of customer inputs), and `customerAddressCreate/Update/Delete`,
`customerUpdateDefaultAddress`."""

from __future__ import annotations

import re
from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge_sandboxes.shopify.places import COUNTRIES, PROVINCES, complete_address
from stockbridge_sandboxes.shopify.resolvers.payloads import user_error
from stockbridge_sandboxes.shopify.resolvers.registry import Context, mutation
from stockbridge_sandboxes.shopify.store import Obj, Store, ref

TEXT_FIELDS = ("address1", "address2", "city", "company", "zip", "phone", "firstName", "lastName")
LABELS = {"firstName": "First name", "lastName": "Last name"}
HTML_RE = re.compile(r"<[^>]*>")
URL_RE = re.compile(r"https?://|www\.", re.I)
EMOJI_RE = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf]")
CALLING_CODES = {"CA": "1", "US": "1"}
UNKNOWN_COUNTRY = "ZZ"


def _label(field: str) -> str:
    return LABELS.get(field, field[:1].upper() + field[1:])


def problems(row: Obj) -> list[tuple[str, str]]:
    """(field, message) for an address input, in Shopify's words."""
    out = []
    for field in TEXT_FIELDS:
        value = row.get(field)
        if not isinstance(value, str):
            continue
        label = _label(field)
        if len(value) > 255:
            out.append((field, f"{label} is too long (maximum is 255 characters)"))
        elif HTML_RE.search(value):
            out.append((field, f"{label} cannot contain HTML tags"))
        elif URL_RE.search(value):
            out.append((field, f"{label} cannot contain URL"))
        elif EMOJI_RE.search(value):
            out.append((field, f"{label} cannot contain emojis"))
    code = row.get("countryCode")
    if code == UNKNOWN_COUNTRY:
        out.append(("country", "Country is invalid"))
    province = str(row.get("provinceCode") or "").strip()
    if code in PROVINCES and province and province not in PROVINCES[code]:
        out.append(("province", "Province is invalid"))
    return out


def normal_phone(phone: str, country: Any) -> str:
    """Formatting dropped; a local number takes its country's calling code; anything else
    stays as given."""
    bare = re.sub(r"[\s().\-]", "", phone)
    if re.fullmatch(r"\+\d{4,15}", bare):
        return bare
    if re.fullmatch(r"\d{4,15}", bare) and country in CALLING_CODES:
        return f"+{CALLING_CODES[country]}{bare}"
    return phone


def cleaned(row: Obj, customer: Obj, existing: Obj | None = None) -> Obj:
    """The stored fields of an address input: trimmed, blanks as null, names falling back to
    the customer's, country and province names from their codes."""
    given: Obj = {}
    for key, value in row.items():
        if key == "id":
            continue
        given[key] = (value.strip() or None) if isinstance(value, str) else value
    if existing is not None:
        kept = {k: v for k, v in existing.items() if k not in DERIVED}
        if "countryCode" in given:
            kept.pop("countryCodeV2", None)
        given = {**kept, **given}
    code = given.get("countryCode") or given.get("countryCodeV2")
    if isinstance(code, str) and code in COUNTRIES:
        given["country"] = COUNTRIES[code]  # the code wins over a conflicting name
    for name in ("firstName", "lastName"):
        if not given.get(name):
            given[name] = customer.get(name)
    if isinstance(given.get("phone"), str):
        given["phone"] = normal_phone(given["phone"], code)
    return complete_address(given)


DERIVED = ("id", "formattedArea", "country", "province", "name")
COMPARED = ("address1", "address2", "city", "company", "zip", "countryCodeV2", "provinceCode")


def _same_place(a: Obj, b: Obj) -> bool:
    return all((a.get(k) or None) == (b.get(k) or None) for k in COMPARED)


def addresses_of(store: Store, customer: Obj) -> list[Obj]:
    return [a for a in (store.deref(e) for e in customer.get("addresses") or []) if a]


def _owned(store: Store, customer: Obj, gid: Any) -> Obj | None:
    return next((a for a in addresses_of(store, customer) if a["id"] == gid), None)


def _customer(ctx: Context, gid: Any) -> Obj | None:
    customer = ctx.store.get(gid, "Customer")
    return customer if customer is not None and not customer.get("__deleted") else None


def _errors(row: Obj) -> list[Obj]:
    return [user_error(["address", field], message) for field, message in problems(row)]


@mutation("customerAddressCreate")
def address_create(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    customer = _customer(ctx, args.get("customerId"))
    if customer is None:
        error = user_error(["customerId"], "Customer does not exist")
        return {"address": None, "userErrors": [error]}
    row = args.get("address") or {}
    errors = _errors(row)
    if errors:
        return {"address": None, "userErrors": errors}
    fields = cleaned(row, customer)
    if any(_same_place(fields, a) for a in addresses_of(store, customer)):
        error = user_error(["address"], "Address already exists")
        return {"address": None, "userErrors": [error]}
    address = store.create("MailingAddress", fields)
    customer.setdefault("addresses", []).append(ref(address["id"]))
    if args.get("setAsDefault") or not customer.get("defaultAddress"):
        customer["defaultAddress"] = ref(address["id"])
    customer["updatedAt"] = store.now()
    return {"address": address, "userErrors": []}


@mutation("customerAddressUpdate")
def address_update(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    customer = _customer(ctx, args.get("customerId"))
    address = _owned(store, customer, args.get("addressId")) if customer else None
    if customer is None or address is None:
        error = user_error(["addressId"], "Address does not exist")
        return {"address": None, "userErrors": [error]}
    row = args.get("address") or {}
    if "id" in row and row["id"] != address["id"]:
        message = "The id of the address does not match the id in the input"
        return {"address": None, "userErrors": [user_error(["addressId"], message)]}
    errors = _errors(row)
    if errors:
        return {"address": None, "userErrors": errors}
    store.put(address["id"], cleaned(row, customer, address))
    if args.get("setAsDefault"):
        customer["defaultAddress"] = ref(address["id"])
    customer["updatedAt"] = store.now()
    return {"address": address, "userErrors": []}


@mutation("customerAddressDelete")
def address_delete(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    store = ctx.store
    customer = _customer(ctx, args.get("customerId"))
    address = _owned(store, customer, args.get("addressId")) if customer else None
    if customer is None or address is None:
        error = user_error(["addressId"], "Address does not exist")
        return {"deletedAddressId": None, "userErrors": [error]}
    customer["addresses"] = [e for e in customer["addresses"] if e != ref(address["id"])]
    if (customer.get("defaultAddress") or {}).get("__ref") == address["id"]:
        rest = customer["addresses"]
        customer["defaultAddress"] = rest[-1] if rest else None  # the newest left
    store.delete(address["id"])
    customer["updatedAt"] = store.now()
    return {"deletedAddressId": address["id"], "userErrors": []}


@mutation("customerUpdateDefaultAddress")
def default_address(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    customer = _customer(ctx, args.get("customerId"))
    if customer is None:
        return {
            "customer": None,
            "userErrors": [user_error(["customerId"], "Customer does not exist")],
        }
    address = _owned(ctx.store, customer, args.get("addressId"))
    if address is None:  # another customer's address leaves the default as it is
        error = user_error(["addressId"], "Address does not exist")
        return {"customer": customer, "userErrors": [error]}
    customer["defaultAddress"] = ref(address["id"])
    customer["updatedAt"] = ctx.store.now()
    return {"customer": customer, "userErrors": []}
