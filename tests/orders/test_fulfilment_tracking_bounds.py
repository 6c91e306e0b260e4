"""A hub fulfilment's tracking text is bounded like the channel's: NUL or text longer than its
column is refused naming the field, and nothing ships."""

from __future__ import annotations

import pytest

from stockbridge.catalog.models import Variant
from stockbridge.inventory.models import Location
from stockbridge.orders import services
from stockbridge.orders.models import Fulfilment
from stockbridge.orders.specs import Tracking
from stockbridge.platform.errors import FieldError

from .conftest import level, place, stock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("tracking", "field", "reason"),
    [
        (
            Tracking(carrier="UP\x00S"),
            "tracking_carrier",
            "must not contain the NUL character (\\u0000)",
        ),
        (Tracking(number="1" * 256), "tracking_number", "is longer than 255 characters (256)"),
        (
            Tracking(url="https://ups.example/" + "x" * 1005),
            "tracking_url",
            "is longer than 1024 characters (1025)",
        ),
    ],
)
def test_tracking_text_a_column_cannot_hold_is_refused_and_nothing_ships(
    tee: Variant, warehouse: Location, tracking: Tracking, field: str, reason: str
) -> None:
    stock(tee, warehouse, 5)
    order = place([(tee, 2)])

    with pytest.raises(FieldError) as error:
        services.fulfil_order(order_id=order.pk, location_id=warehouse.pk, tracking=tracking)

    assert (error.value.field, error.value.reason) == (field, reason)
    assert Fulfilment.objects.count() == 0
    assert level(tee, warehouse) == (5, 2)
