"""The BigCommerce publisher against the sandbox: a create whose answer was lost is repeated
without duplicating the product (the product holding the draft's URL is updated), a name
another product holds is refused naming it, and a product gone is NotFound."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from sandboxes.tests.bigcommerce.reference import request_schema, validate

from stockbridge.channels.errors import Unavailable
from stockbridge.channels.port import ConnectorContext, Credentials, Endpoint, Metafield
from stockbridge.channels.port_publish import DraftVariant, ProductDraft
from stockbridge.connectors.bigcommerce.connector import BigCommerceConnector
from stockbridge.connectors.bigcommerce.kind import BIGCOMMERCE
from stockbridge_sandboxes.bigcommerce import BigCommerceApp
from stockbridge_sandboxes.bigcommerce.store import Clock

from .test_connector import _Free


@pytest.fixture
def store() -> BigCommerceApp:
    return BigCommerceApp(clock=Clock(1_796_600_000.0), plan="enterprise")


@pytest.fixture
def connector(store: BigCommerceApp) -> BigCommerceConnector:
    built = BIGCOMMERCE.connect(
        ConnectorContext(
            endpoint=Endpoint(domain=store.store_hash, base_url="http://bc.test"),
            credentials=Credentials(access_token=store.token),
            throttle=_Free(),
            transport=httpx.WSGITransport(app=store),
        )
    )
    assert isinstance(built, BigCommerceConnector)
    built.client.sleep = lambda seconds: None
    return built


def draft(handle: str = "quay-cap", title: str = "Quay Cap", **changes: object) -> ProductDraft:
    return ProductDraft(
        ref="p1", handle=handle, title=title, status="DRAFT", currency="USD",
        option_names=("Colour",),
        variants=tuple(
            DraftVariant(sku=f"CAP-{c}", options=(c,), position=n + 1, price=Decimal("15.00"),
                         metafields=(Metafield("custom", "fit", "single_line_text_field", "One"),))
            for n, c in enumerate(("Navy", "Moss"))
        ),
        metafields=(Metafield("custom", "supplier", "single_line_text_field", "Aptimyz"),),
        **changes,  # type: ignore[arg-type]
    )  # fmt: skip


def test_a_create_whose_answer_was_lost_is_not_duplicated(
    connector: BigCommerceConnector, store: BigCommerceApp, shared_dir: Path
) -> None:
    store.fault_status, store.fault_every, store.fault_after = 500, 1, True
    with pytest.raises(Unavailable):  # made, but its answer never came
        connector.publish(draft())
    store.fault_every = 0
    result = connector.publish(draft())
    assert (result.error_kind, len(store.store.products)) == (None, 1)
    assert result.product is not None
    held = result.product
    assert (held.title, held.status, held.handle, [v.sku for v in held.variants]) == (
        "Quay Cap", "draft", "quay-cap", ["CAP-Navy", "CAP-Moss"])  # fmt: skip
    assert [(m.key, m.value) for m in held.metafields] == [("supplier", "Aptimyz")]
    assert [[(m.key, m.value) for m in v.metafields] for v in held.variants] == [
        [("fit", "One")], [("fit", "One")]]  # fmt: skip
    assert connector.published([held.remote_id]) == {held.remote_id: held}
    for method, path, body in connector.client.sent:
        validate(body, request_schema(shared_dir, method, path))


def test_a_name_held_by_another_product_is_refused_and_a_product_gone_is_not_found(
    connector: BigCommerceConnector,
) -> None:
    assert connector.publish(draft()).error_kind is None
    other = connector.publish(draft(handle="another-cap"))
    assert (other.error_kind, other.message) == (
        "Rejected",
        "BigCommerce refused the product: The product name Quay Cap is a duplicate",
    )
    gone = connector.publish(draft(remote_id="9999"))
    assert gone.error_kind == "NotFound"
