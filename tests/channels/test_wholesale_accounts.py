"""Push accounts to a wholesale portal (the seed: "wholesale customers the brand tags are
pushed hourly with all their billing and shipping addresses and their account code (how an
order finds its customer coming back); buyers and sales reps are never pushed")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stockbridge.channels.models import AccountLink
from stockbridge.customers.services import create_customer, update_customer
from stockbridge.customers.specs import AddressSpec, CustomerSpec
from stockbridge.sync.models import Run, RunItem
from stockbridge.sync.operations import run_operation
from tests.support.portals import Portals, routed_portals

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portals() -> Iterator[Portals]:
    yield from routed_portals()


def boutique(code: str = "ACME-01", *, tags: tuple[str, ...] = ("wholesale",)) -> int:
    """A wholesale customer with a billing address and two shipping addresses."""
    return create_customer(
        spec=CustomerSpec(
            kind="wholesale",
            account_code=code,
            company="Acme Boutique",
            first_name="Ada",
            last_name="Byrne",
            email="ada@acme.test",
            tags=tags,
            addresses=(
                AddressSpec("billing", "1 Bill St", "Leeds", "GB", postal_code="LS1 1AA"),
                AddressSpec("shipping", "2 Dock Rd", "Hull", "GB", name="Store", is_default=True),
                AddressSpec("shipping", "3 Mill Ln", "York", "GB", region="N Yorks"),
            ),
        )
    ).pk


def push(channel_id: int, *, dry_run: bool = False) -> Run:
    return run_operation(channel_id=channel_id, operation="push_accounts", dry_run=dry_run)


def outcomes(run: Run) -> list[tuple[str, str, str]]:
    return [(i.ref, i.outcome, i.message) for i in RunItem.objects.filter(run=run).order_by("id")]


def test_a_tagged_customer_is_pushed_with_its_three_addresses_and_account_code(
    portals: Portals,
) -> None:
    portal = portals.add()
    channel = portal.channel()
    customer_id = boutique()
    create_customer(spec=CustomerSpec(kind="wholesale", account_code="NOTAG", company="Other"))
    create_customer(spec=CustomerSpec(account_code="RETAIL", company="Shop", tags=("wholesale",)))
    run = push(channel.pk)
    assert (run.status, outcomes(run)) == ("ok", [("account:ACME-01", "created", "")])
    (sent,) = portal.sent("PUT")
    assert sent["path"] == "/api/company/new/force"
    assert sent["body"] == {
        "name": "Acme Boutique",
        "code": "ACME-01",
        "currency_code": "USD",
        "addresses": [
            {
                "display_name": "",
                "line_1": "1 Bill St",
                "line_2": "",
                "city": "Leeds",
                "state": "",
                "zip": "LS1 1AA",
                "country": "GB",
                "default_billing": True,
                "default_shipping": False,
            },
            {
                "display_name": "Store",
                "line_1": "2 Dock Rd",
                "line_2": "",
                "city": "Hull",
                "state": "",
                "zip": "",
                "country": "GB",
                "default_billing": False,
                "default_shipping": True,
            },
            {
                "display_name": "",
                "line_1": "3 Mill Ln",
                "line_2": "",
                "city": "York",
                "state": "N Yorks",
                "zip": "",
                "country": "GB",
                "default_billing": False,
                "default_shipping": False,
            },
        ],
    }
    (company,) = portal.app.portal.companies.values()
    assert (company["code"], len(company["addresses"]), company["buyers"]) == ("ACME-01", 3, [])
    assert "reps" not in company
    link = AccountLink.objects.get(channel=channel)
    assert (link.customer_id, link.account_code, link.remote_id) == (
        customer_id,
        "ACME-01",
        company["_id"],
    )
    assert not [e for e in portal.sent() if "buyer" in e["path"]]


def test_an_unchanged_account_is_not_sent_again_and_a_change_updates_it(
    portals: Portals,
) -> None:
    portal = portals.add()
    channel = portal.channel()
    customer_id = boutique()
    push(channel.pk)
    assert outcomes(push(channel.pk)) == [("account:ACME-01", "unchanged", "")]
    update_customer(customer_id=customer_id, changes={"company": "Acme Boutique Ltd"})
    assert outcomes(push(channel.pk)) == [("account:ACME-01", "updated", "")]
    assert len(portal.sent("PUT")) == 2
    (company,) = portal.app.portal.companies.values()
    assert company["name"] == "Acme Boutique Ltd"


def test_the_preview_sends_nothing(portals: Portals) -> None:
    portal = portals.add()
    channel = portal.channel()
    boutique()
    run = push(channel.pk, dry_run=True)
    assert outcomes(run) == [("account:ACME-01", "created", "preview: would create")]
    assert portal.writes() == []
    assert AccountLink.objects.count() == 0
