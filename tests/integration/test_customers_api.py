"""Customers over the REST API: addresses with defaults, account codes, filters, errors."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

HOME = {"kind": "shipping", "address1": "1 Main St", "city": "Leeds", "country_code": "gb"}
OFFICE = {"kind": "billing", "address1": "2 Mill Rd", "city": "York", "country_code": "GB"}
STORE = {"kind": "shipping", "address1": "3 Quay", "city": "Hull", "country_code": "GB"}


def wholesale(api: Any, code: str = "ACME-01", **extra: Any) -> dict[str, Any]:
    body = {
        "kind": "wholesale",
        "account_code": code,
        "company": "Acme Boutique",
        "email": "Buyer@Acme.example",
        "tags": ["vip", "north"],
        "addresses": [HOME, OFFICE, STORE],
        **extra,
    }
    response = api.post("/api/v1/customers", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_create_customer_with_addresses_sets_one_default_per_kind(api: Any) -> None:
    customer = wholesale(api)
    assert customer["account_code"] == "ACME-01"
    assert customer["email"] == "buyer@acme.example"
    assert customer["tags"] == ["north", "vip"]
    kinds = [
        (a["kind"], a["city"], a["is_default"], a["country_code"]) for a in customer["addresses"]
    ]
    assert sorted(kinds) == [
        ("billing", "York", True, "GB"),
        ("shipping", "Hull", False, "GB"),
        ("shipping", "Leeds", True, "GB"),
    ]
    leeds = next(a for a in customer["addresses"] if a["city"] == "Leeds")
    york = next(a for a in customer["addresses"] if a["city"] == "York")
    assert customer["default_shipping_address_id"] == leeds["id"]
    assert customer["default_billing_address_id"] == york["id"]


def test_new_default_address_replaces_the_old_one_and_deleting_it_promotes_another(
    api: Any,
) -> None:
    customer = wholesale(api)
    cid = customer["id"]
    added = api.post(
        f"/api/v1/customers/{cid}/addresses",
        {
            "kind": "shipping",
            "address1": "9 Dock",
            "city": "Goole",
            "country_code": "GB",
            "is_default": True,
        },
    ).json()
    detail = api.get(f"/api/v1/customers/{cid}").json()
    assert detail["default_shipping_address_id"] == added["id"]
    assert sum(a["is_default"] for a in detail["addresses"] if a["kind"] == "shipping") == 1

    assert api.delete(f"/api/v1/customers/{cid}/addresses/{added['id']}").status_code == 204
    detail = api.get(f"/api/v1/customers/{cid}").json()
    leeds = next(a for a in detail["addresses"] if a["city"] == "Leeds")
    assert detail["default_shipping_address_id"] == leeds["id"]


def test_unsetting_the_default_directly_is_refused(api: Any) -> None:
    customer = wholesale(api)
    leeds = next(a for a in customer["addresses"] if a["city"] == "Leeds")
    response = api.patch(
        f"/api/v1/customers/{customer['id']}/addresses/{leeds['id']}", {"is_default": False}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "is_default"


def test_duplicate_account_code_is_a_409_naming_the_field_and_writes_nothing(api: Any) -> None:
    wholesale(api)
    response = api.post(
        "/api/v1/customers",
        {"kind": "wholesale", "account_code": "ACME-01", "company": "Other", "addresses": [HOME]},
    )
    assert response.status_code == 409
    assert response.json() == {
        "errors": [
            {
                "field": "account_code",
                "reason": "account code 'ACME-01' is already used by a customer",
                "code": "duplicate",
            }
        ]
    }
    assert len(api.get("/api/v1/customers").json()["items"]) == 1


def test_every_bad_field_is_reported_at_once(api: Any) -> None:
    response = api.post(
        "/api/v1/customers",
        {
            "kind": "wholesale",
            "email": "not-an-email",
            "addresses": [{"kind": "home", "address1": "", "city": "X", "country_code": "GBR"}],
        },
    )
    assert response.status_code == 400
    fields = sorted(e["field"] for e in response.json()["errors"])
    assert fields == [
        "account_code",
        "addresses[0].address1",
        "addresses[0].country_code",
        "addresses[0].kind",
        "email",
    ]
    assert api.get("/api/v1/customers").json()["items"] == []


def test_filters_and_update(api: Any) -> None:
    wholesale(api)
    retail = api.post(
        "/api/v1/customers", {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@x.io"}
    ).json()
    assert retail["kind"] == "retail" and retail["account_code"] is None
    assert [c["id"] for c in api.get("/api/v1/customers", kind="retail").json()["items"]] == [
        retail["id"]
    ]
    assert [c["company"] for c in api.get("/api/v1/customers", tag="vip").json()["items"]] == [
        "Acme Boutique"
    ]
    assert len(api.get("/api/v1/customers", search="lovel").json()["items"]) == 1

    updated = api.patch(f"/api/v1/customers/{retail['id']}", {"tags": ["newsletter"]}).json()
    assert updated["tags"] == ["newsletter"]
    assert updated["first_name"] == "Ada"
    response = api.patch(f"/api/v1/customers/{retail['id']}", {"kind": "wholesale"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "account_code"


def test_delete_customer_and_404s(api: Any) -> None:
    customer = wholesale(api)
    assert api.delete(f"/api/v1/customers/{customer['id']}").status_code == 204
    response = api.get(f"/api/v1/customers/{customer['id']}")
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "customer_id"


def test_pagination_walks_every_customer_once(api: Any) -> None:
    for i in range(7):
        api.post("/api/v1/customers", {"email": f"c{i}@shop.example"})
    seen: list[str] = []
    cursor = None
    while True:
        query = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = api.get("/api/v1/customers", **query).json()
        seen += [c["email"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"c{i}@shop.example" for i in range(7)]


def test_a_nul_character_or_too_long_text_in_a_customer_is_refused(api: Any) -> None:
    from stockbridge.customers.models import Customer

    response = api.post(
        "/api/v1/customers",
        {
            "first_name": "Ada\u0000",
            "note": "n" * 65_536,
            "addresses": [{**HOME, "city": "Le\u0000eds"}],
        },
    )
    assert response.status_code == 400
    assert sorted(e["field"] for e in response.json()["errors"]) == [
        "addresses[0].city",
        "first_name",
        "note",
    ]
    assert Customer.objects.count() == 0


def test_the_admin_saves_a_customer_through_the_service_and_keeps_its_source(
    admin_client: Any,
) -> None:
    from stockbridge.customers import services
    from stockbridge.customers.models import Address, Customer
    from stockbridge.customers.specs import AddressSpec, CustomerSpec

    customer = services.create_customer(
        spec=CustomerSpec(
            first_name="Ada",
            channel="shop",
            external_id="7",
            addresses=(AddressSpec("shipping", "1 Main St", "Leeds", "GB"),),
        )
    )
    form = {
        "kind": "retail",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ADA@example.com",
        "channel": "other",
        "external_id": "8",
        "addresses-TOTAL_FORMS": "1",
        "addresses-INITIAL_FORMS": "1",
        "addresses-MIN_NUM_FORMS": "0",
        "addresses-MAX_NUM_FORMS": "1000",
        "addresses-0-id": customer.addresses.get().pk,
        "addresses-0-customer": customer.pk,
        "addresses-0-is_default": "",
    }

    saved = admin_client.post(f"/admin/customers/customer/{customer.pk}/change/", form)
    refused = admin_client.post(
        f"/admin/customers/customer/{customer.pk}/change/", {**form, "kind": "wholesale"}
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert b"is required for a wholesale customer" in refused.content
    customer.refresh_from_db()
    assert (customer.last_name, customer.email, customer.channel, customer.external_id) == (
        "Lovelace",
        "ada@example.com",
        "shop",
        "7",
    )
    assert list(Address.objects.values_list("is_default", flat=True)) == [True]
    address = customer.addresses.get()
    assert admin_client.get(f"/admin/customers/address/{address.pk}/change/").status_code == 200
    edit = admin_client.post(
        f"/admin/customers/address/{address.pk}/change/", {"is_default": "", "city": "York"}
    )
    assert edit.status_code == 403
    assert Customer.objects.count() == 1


def test_a_channel_customer_with_a_nul_in_its_origin_is_refused_before_any_lookup(
    db: None,
) -> None:
    from stockbridge.customers import services
    from stockbridge.customers.models import Customer
    from stockbridge.customers.specs import CustomerSpec
    from stockbridge.platform.errors import FieldError

    with pytest.raises(FieldError) as error:
        services.import_channel_customer(
            spec=CustomerSpec(first_name="Ada", channel="sh\x00p", external_id="1")
        )
    assert (error.value.field, error.value.reason) == (
        "channel",
        "must not contain the NUL character (\\u0000)",
    )
    assert Customer.objects.count() == 0


def test_a_customer_added_in_the_admin_is_created_by_the_service(admin_client: Any) -> None:
    from stockbridge.customers.models import Customer

    management = {
        "addresses-TOTAL_FORMS": "0",
        "addresses-INITIAL_FORMS": "0",
        "addresses-MIN_NUM_FORMS": "0",
        "addresses-MAX_NUM_FORMS": "1000",
    }
    added = admin_client.post(
        "/admin/customers/customer/add/",
        {"kind": "retail", "first_name": "  Grace ", "email": "GRACE@Example.com", **management},
    )
    refused = admin_client.post(
        "/admin/customers/customer/add/", {"kind": "retail", "note": "hi", **management}
    )

    assert added.status_code == 302
    assert refused.status_code == 200
    assert b"a customer needs a name, a company or an e-mail" in refused.content
    assert list(Customer.objects.values_list("first_name", "email", "channel")) == [
        ("Grace", "grace@example.com", "")
    ]
