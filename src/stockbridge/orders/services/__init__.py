"""Order write use cases. Each runs in one transaction (joining the caller's), takes
keyword-only arguments and raises typed errors naming the field; nothing is half-written.
Stock moves only through the inventory services; events go to the order outbox in the same
transaction."""

from .billing import capture_payment, create_invoice, record_payment, void_payment
from .channel_fulfilments import link_sent_fulfilment, record_channel_fulfilment
from .creating import complete_draft, create_order, import_channel_order
from .fulfilling import fulfil_order
from .lifecycle import cancel_order, close_order, confirm_order
from .privacy import purge_personal_data
from .refunding import refund_order
from .tracking import update_tracking

__all__ = [
    "cancel_order",
    "capture_payment",
    "close_order",
    "complete_draft",
    "confirm_order",
    "create_invoice",
    "create_order",
    "fulfil_order",
    "import_channel_order",
    "link_sent_fulfilment",
    "purge_personal_data",
    "record_channel_fulfilment",
    "record_payment",
    "refund_order",
    "update_tracking",
    "void_payment",
]
