"""Access scopes: which scope each root field the sandbox serves requires, and the check.

Shopify lists a root field's requirement on its reference page ("Requires `read_products`
access scope."); the published SDL does not carry it (its descriptions name a scope for one
root, `assignedFulfillmentOrders`), so the table below is written from those reference pages,
one entry per root the sandbox implements. An entry is a tuple of alternatives (any one
suffices); `()` means no scope is required (the shop, the app's own objects: webhook
subscriptions, bulk operations, `currentAppInstallation`). Roots whose requirement depends on
the object they touch (`node`, `nodes`, metafields, tags, staged uploads) are not checked
(`UNCHECKED`). A `write_*` scope implies the matching `read_*` [D: https://shopify.dev/docs/
api/usage/access-scopes].

A denied root answers Shopify's error (recorded shape, e.g. `orderCreateManualPayment`):
`Access denied for <field> field. Required access: `<scope>` access scope.` with
`extensions: {code: ACCESS_DENIED, documentation, requiredAccess}` and the field null.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphql import GraphQLError

DOCUMENTATION = "https://shopify.dev/api/usage/access-scopes"

_FULFILLMENT_ORDERS_READ = (
    "read_assigned_fulfillment_orders",
    "read_merchant_managed_fulfillment_orders",
    "read_third_party_fulfillment_orders",
)
_FULFILLMENT_ORDERS_WRITE = (
    "write_assigned_fulfillment_orders",
    "write_merchant_managed_fulfillment_orders",
    "write_third_party_fulfillment_orders",
)


def _each(scope: tuple[str, ...], *roots: str) -> dict[str, tuple[str, ...]]:
    return dict.fromkeys(roots, scope)


QUERY_SCOPES: dict[str, tuple[str, ...]] = {
    **_each(
        ("read_products",),
        "product",
        "productOperation",
        "products",
        "productsCount",
        "productVariant",
        "productVariants",
        "collection",
        "collectionByHandle",
        "collectionByIdentifier",
        "collections",
        "collectionsCount",
    ),
    **_each(("read_inventory",), "inventoryItem", "inventoryItems", "inventoryLevel"),
    **_each(("read_locations",), "location", "locations"),
    **_each(("read_orders", "read_marketplace_orders"), "order", "orders", "ordersCount"),
    **_each(("read_draft_orders",), "draftOrder", "draftOrders", "draftOrdersCount"),
    **_each(("read_customers",), "customer", "customers", "customersCount", "customerByIdentifier"),
    **_each(_FULFILLMENT_ORDERS_READ, "fulfillmentOrder", "fulfillmentOrders"),
    **_each(("read_fulfillments",), "fulfillmentService"),
    **_each(("read_orders", "read_marketplace_orders"), "fulfillment"),
    **_each(("read_shipping",), "carrierService", "carrierServices"),
    **_each(("read_shipping",), "locationsAvailableForDeliveryProfilesConnection"),
    **_each(("read_content", "read_online_store_pages"), "article"),
    **_each(
        (),
        "shop",
        "currentAppInstallation",
        "bulkOperation",
        "bulkOperations",
        "currentBulkOperation",
        "webhookSubscription",
        "webhookSubscriptions",
        "webhookSubscriptionsCount",
    ),
}

MUTATION_SCOPES: dict[str, tuple[str, ...]] = {
    **_each(
        ("write_products",),
        "productCreate",
        "productUpdate",
        "productDelete",
        "productSet",
        "productOptionsCreate",
        "productCreateMedia",
        "productUpdateMedia",
        "productVariantsBulkCreate",
        "productVariantsBulkDelete",
        "productVariantsBulkUpdate",
        "collectionCreate",
        "collectionUpdate",
        "collectionDelete",
        "collectionAddProducts",
        "collectionRemoveProducts",
        "collectionReorderProducts",
    ),
    **_each(
        ("write_inventory",),
        "inventoryActivate",
        "inventoryDeactivate",
        "inventoryBulkToggleActivation",
        "inventoryAdjustQuantities",
        "inventorySetQuantities",
        "inventoryMoveQuantities",
        "inventoryItemUpdate",
    ),
    **_each(("write_locations",), "locationAdd"),
    **_each(
        ("write_orders",),
        "orderCreate",
        "orderCancel",
        "orderClose",
        "orderOpen",
        "orderUpdate",
        "orderMarkAsPaid",
        "orderCapture",
        "orderCustomerSet",
        "orderCustomerRemove",
        "orderInvoiceSend",
        "refundCreate",
        "transactionVoid",
    ),
    **_each(
        ("write_order_edits",),
        "orderEditBegin",
        "orderEditCommit",
        "orderEditAddVariant",
        "orderEditAddCustomItem",
        "orderEditAddLineItemDiscount",
        "orderEditRemoveDiscount",
        "orderEditSetQuantity",
        "orderEditAddShippingLine",
        "orderEditRemoveShippingLine",
        "orderEditUpdateShippingLine",
    ),
    **_each(
        ("write_draft_orders",),
        "draftOrderCreate",
        "draftOrderUpdate",
        "draftOrderDelete",
        "draftOrderDuplicate",
        "draftOrderInvoiceSend",
    ),
    **_each(
        ("write_customers",),
        "customerCreate",
        "customerUpdate",
        "customerDelete",
        "customerSet",
        "customerAddressCreate",
        "customerAddressUpdate",
        "customerAddressDelete",
        "customerUpdateDefaultAddress",
        "customerAddTaxExemptions",
        "customerRemoveTaxExemptions",
        "customerReplaceTaxExemptions",
        "customerEmailMarketingConsentUpdate",
        "customerSmsMarketingConsentUpdate",
        "customerGenerateAccountActivationUrl",
        "customerSendAccountInviteEmail",
        "customerPaymentMethodSendUpdateEmail",
    ),
    **_each(
        _FULFILLMENT_ORDERS_WRITE,
        "fulfillmentCreate",
        "fulfillmentCreateV2",
        "fulfillmentOrderAcceptCancellationRequest",
        "fulfillmentOrderAcceptFulfillmentRequest",
        "fulfillmentOrderCancel",
        "fulfillmentOrderClose",
        "fulfillmentOrderHold",
        "fulfillmentOrderOpen",
        "fulfillmentOrderRejectCancellationRequest",
        "fulfillmentOrderRejectFulfillmentRequest",
        "fulfillmentOrderReleaseHold",
        "fulfillmentOrderReportProgress",
        "fulfillmentOrderSplit",
        "fulfillmentOrderSubmitCancellationRequest",
        "fulfillmentOrderSubmitFulfillmentRequest",
        "fulfillmentOrdersSetFulfillmentDeadline",
    ),
    **_each(
        ("write_fulfillments",),
        "fulfillmentCancel",
        "fulfillmentEventCreate",
        "fulfillmentTrackingInfoUpdate",
        "fulfillmentTrackingInfoUpdateV2",
        "fulfillmentServiceCreate",
        "fulfillmentServiceUpdate",
        "fulfillmentServiceDelete",
    ),
    **_each(
        ("write_shipping",), "carrierServiceCreate", "carrierServiceUpdate", "carrierServiceDelete"
    ),
    **_each(("write_files",), "fileCreate", "fileUpdate"),
    **_each(("write_marketing_events",), "abandonmentUpdateActivitiesDeliveryStatuses"),
    **_each(
        (),
        "bulkOperationRunQuery",
        "bulkOperationRunMutation",
        "bulkOperationCancel",
        "webhookSubscriptionCreate",
        "webhookSubscriptionUpdate",
        "webhookSubscriptionDelete",
        "eventBridgeWebhookSubscriptionCreate",
        "eventBridgeWebhookSubscriptionUpdate",
        "pubSubWebhookSubscriptionCreate",
        "pubSubWebhookSubscriptionUpdate",
    ),
}

# Checked elsewhere or per object: the resolver answers its own denial (`taxSummaryCreate`,
# `orderCreateManualPayment`), or the scope depends on the object's type.
UNCHECKED = frozenset(
    {
        "node",
        "nodes",
        "metafieldDefinition",
        "metafieldDefinitions",
        "metafieldDefinitionCreate",
        "metafieldDefinitionUpdate",
        "metafieldDefinitionDelete",
        "metafieldsSet",
        "metafieldsDelete",
        "tagsAdd",
        "tagsRemove",
        "stagedUploadsCreate",
        "taxSummaryCreate",
        "orderCreateManualPayment",
    }
)

# Every scope the table names: what the sandbox's demo app is granted by default.
MODELLED_SCOPES = tuple(
    sorted(
        {s for table in (QUERY_SCOPES, MUTATION_SCOPES) for alts in table.values() for s in alts}
        | {"write_" + s[5:] for table in (QUERY_SCOPES,) for alts in table.values() for s in alts}
    )
)


def parse(scope: str) -> tuple[str, ...]:
    """A `scope` parameter (`read_products,write_orders`) as handles, in order, once each."""
    handles = [s.strip() for s in scope.split(",") if s.strip()]
    return tuple(dict.fromkeys(handles))


def implied(granted: Iterable[str]) -> frozenset[str]:
    """The granted handles plus the `read_*` each `write_*` implies."""
    handles = set(granted)
    for handle in list(handles):
        for prefix in ("write_", "unauthenticated_write_"):
            if handle.startswith(prefix):
                handles.add(prefix.replace("write_", "read_") + handle[len(prefix) :])
    return frozenset(handles)


def listing(granted: Iterable[str]) -> list[str]:
    """`currentAppInstallation.accessScopes` handles: the granted ones sorted, then the reads
    they imply, sorted (the order Shopify answers in)."""
    given = sorted(set(granted))
    return given + sorted(implied(given) - set(given))


def required(root: str, operation: str) -> tuple[str, ...] | None:
    """The alternatives `root` requires, `()` for none, None when the sandbox does not check."""
    if root in UNCHECKED:
        return None
    table = MUTATION_SCOPES if operation == "mutation" else QUERY_SCOPES
    return table.get(root)


def denial(root: str, alternatives: tuple[str, ...]) -> GraphQLError:
    access = " or ".join(f"`{s}` access scope" for s in alternatives) + "."
    return GraphQLError(
        f"Access denied for {root} field. Required access: {access}",
        extensions={
            "code": "ACCESS_DENIED",
            "documentation": DOCUMENTATION,
            "requiredAccess": access,
        },
    )


def check(granted: frozenset[str] | None, root: str, operation: str) -> None:
    """Raise Shopify's ACCESS_DENIED when `granted` (already `implied`) lacks the root's scope.

    `granted` None: an in-process call that is not a client's (bulk runs carry the token's)."""
    if granted is None:
        return
    alternatives = required(root, operation)
    if alternatives and not granted.intersection(alternatives):
        raise denial(root, alternatives)
