"""Draft order mutations: `draftOrderDelete` and `draftOrderInvoiceSend`.

Sending an invoice needs a recipient (the `to` address given, else the draft's email: "To
can't be blank") and a draft that is not already paid (a COMPLETED draft: "Draft order Invoice
can't be sent. This draft order is already paid."); a refused send still answers the draft.
A sent invoice marks the draft INVOICE_SENT. An unknown or deleted draft is "not found".
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo

from stockbridge.sandboxes.shopify.resolvers.payloads import user_error
from stockbridge.sandboxes.shopify.resolvers.registry import Context, mutation

NOT_FOUND = "Draft order not found"


@mutation("draftOrderDelete")
def draft_order_delete(ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo) -> Any:
    draft = ctx.store.get((args.get("input") or {}).get("id"), "DraftOrder")
    if draft is None:
        return {"deletedId": None, "userErrors": [user_error(["id"], NOT_FOUND)]}
    ctx.store.delete(draft["id"])
    return {"deletedId": draft["id"], "userErrors": []}


@mutation("draftOrderInvoiceSend")
def draft_order_invoice_send(
    ctx: Context, _s: Any, args: dict[str, Any], _i: GraphQLResolveInfo
) -> Any:
    draft = ctx.store.get(args.get("id"), "DraftOrder")
    if draft is None:
        return {"draftOrder": None, "userErrors": [user_error(None, NOT_FOUND)]}
    errors = []
    if not ((args.get("email") or {}).get("to") or draft.get("email")):
        errors.append(user_error(None, "To can't be blank"))
    if draft.get("status") == "COMPLETED":
        errors.append(
            user_error(None, "Draft order Invoice can't be sent. This draft order is already paid.")
        )
    if errors:
        return {"draftOrder": draft, "userErrors": errors}
    now = ctx.store.now()
    draft["status"], draft["invoiceSentAt"], draft["updatedAt"] = "INVOICE_SENT", now, now
    return {"draftOrder": draft, "userErrors": []}
