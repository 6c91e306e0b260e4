"""The refunds the hub makes in Shopify carry its mark in their note, and reading them back
(the `refunds/create` echo, an order payload with its refunds) records nothing again."""

from __future__ import annotations

from typing import Any

from stockbridge.connectors.shopify.orders import hub_refunds, rest


def payload(note: str) -> dict[str, Any]:
    return {
        "id": 55,
        "order_id": 7,
        "note": note,
        "created_at": "2026-12-01T10:00:00Z",
        "refund_line_items": [
            {"line_item_id": 9, "quantity": 2, "restock_type": "return", "subtotal": "18.00"}
        ],
        "transactions": [{"kind": "refund", "status": "success", "amount": "18.00"}],
    }


def test_the_mark_ends_the_note_and_is_recognised() -> None:
    assert hub_refunds.marked("damaged box", "k-1") == "damaged box [stockbridge:k-1]"
    assert hub_refunds.marked("", "k-1") == "[stockbridge:k-1]"
    assert hub_refunds.made_by_hub("damaged box [stockbridge:k-1]")
    assert not hub_refunds.made_by_hub("damaged box")


def test_an_echo_of_a_hub_refund_reads_as_nothing_to_record() -> None:
    ours = rest.refund(payload("[stockbridge:k-1]"))
    theirs = rest.refund(payload("customer returned it"))

    assert (ours.remote_id, ours.order_remote_id, ours.lines) == (
        "gid://shopify/Refund/55",
        "gid://shopify/Order/7",
        (),
    )
    assert [(x.line_remote_id, x.quantity, x.restock_type) for x in theirs.lines] == [
        ("gid://shopify/LineItem/9", 2, "return")
    ]
