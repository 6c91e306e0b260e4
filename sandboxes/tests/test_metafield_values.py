"""metafieldsSet value checks by type, with Shopify's recorded wording."""

from __future__ import annotations

import pytest

from stockbridge_sandboxes.shopify import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.resolvers.metafield_values import value_problem


@pytest.mark.parametrize(
    ("type_name", "value", "message"),
    [
        ("number_decimal", "10000000000000.1", "Value can't exceed 9999999999999."),
        ("dimension", '{"value":-1,"unit":"cm"}', "Value must be a non-negative number."),
        ("weight", '{"value":1,"unit":"bogus"}', "Value must be a supported unit."),
        (
            "rating",
            '{"value":"6.0","scale_min":"1.0","scale_max":"5.0"}',
            "Value has a maximum of 5.0.",
        ),
        ("link", '{"label":"Docs","url":"ftp://example.com"}', "Value must be a valid link."),
        ("multi_line_text_field", "   ", "Value can't be blank."),
        (
            "money",
            '{"amount":"12.00"}',
            "Value must be a stringified JSON object with amount (numeric) and currency_code "
            "(string matching the shop's currency) fields.",
        ),
    ],
)
def test_values_their_type_refuses(type_name: str, value: str, message: str) -> None:
    assert value_problem(type_name, value) == (message, None)


def test_references_must_name_existing_objects() -> None:
    store = SandboxApp(clock=FrozenClock()).store
    store.put("gid://shopify/Product/5", {"title": "Cap"})

    assert value_problem("product_reference", "gid://shopify/Product/5", store) is None
    assert value_problem("list.product_reference", '["gid://shopify/Product/6"]', store) == (
        "Value references non-existent resource gid://shopify/Product/6.",
        None,
    )


@pytest.mark.parametrize(
    ("type_name", "value", "stored", "json_value"),
    [
        (
            "dimension",
            '{"value":25,"unit":"cm"}',
            '{"value":25.0,"unit":"CENTIMETERS"}',
            {"value": 25, "unit": "CENTIMETERS"},
        ),
        (
            "list.dimension",
            '[{"value":2,"unit":"centimeters"}]',
            '[{"value":2.0,"unit":"CENTIMETERS"}]',
            [{"value": 2, "unit": "cm"}],
        ),
        (
            "rating",
            '{"value":"3.5","scale_min":"1.0","scale_max":"5.0"}',
            '{"scale_min":"1.0","scale_max":"5.0","value":"3.5"}',
            {"scale_min": "1.0", "scale_max": "5.0", "value": "3.5"},
        ),
        ("list.number_decimal", "[10.4]", '["10.4"]', ["10.4"]),
        (
            "list.date_time",
            '["2024-01-01T12:30:00"]',
            '["2024-01-01T12:30:00+00:00"]',
            ["2024-01-01T12:30:00+00:00"],
        ),
    ],
)
def test_values_are_stored_as_shopify_keeps_them(
    type_name: str, value: str, stored: str, json_value: object
) -> None:
    from stockbridge_sandboxes.shopify.resolvers.metafield_values import normalized

    assert normalized(type_name, value) == (stored, json_value)
