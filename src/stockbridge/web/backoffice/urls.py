"""Back-office URLs."""

from django.urls import path

from . import (
    catalog_bulk,
    catalog_views,
    channel_install,
    channel_locations,
    channel_oauth1,
    channel_views,
    order_views,
    publish_template,
    purchasing_views,
    resync_views,
    stock_views,
    views,
)

app_name = "backoffice"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("health", views.health, name="health"),
    path("channels/<slug:kind>/callback", channel_install.callback, name="channel_callback"),
    # channels
    path("channels/", channel_views.channels, name="channels"),
    path("channels/<int:channel_id>/", channel_views.channel, name="channel"),
    path(
        "channels/<int:channel_id>/operations/<slug:operation>/",
        channel_views.operation,
        name="operation",
    ),
    path(
        "channels/<int:channel_id>/operations/<slug:operation>/run",
        channel_views.run_now,
        name="run_now",
    ),
    path("channels/<int:channel_id>/resync/", resync_views.resync, name="resync"),
    path("channels/<int:channel_id>/resync/add", resync_views.add_drafts, name="resync_add"),
    path(
        "channels/<int:channel_id>/oauth1/begin", channel_oauth1.oauth1_begin, name="oauth1_begin"
    ),
    path(
        "channels/<int:channel_id>/oauth1/complete",
        channel_oauth1.oauth1_complete,
        name="oauth1_complete",
    ),
    path("channels/<int:channel_id>/environment", channel_oauth1.environment, name="environment"),
    path(
        "channels/<int:channel_id>/operations/publish_listings/template",
        publish_template.template,
        name="publish_template",
    ),
    path(
        "channels/<int:channel_id>/operations/<slug:operation>/progress",
        channel_views.progress,
        name="run_progress",
    ),
    path("channels/runs/<int:run_id>/", channel_views.run, name="run"),
    path("channels/runs/<int:run_id>/retry", channel_views.retry, name="retry"),
    path(
        "channels/<int:channel_id>/locations",
        channel_locations.locations,
        name="channel_locations",
    ),
    path(
        "channels/<int:channel_id>/<slug:action>",
        channel_views.channel_action,
        name="channel_action",
    ),
    # catalog
    path("catalog/", catalog_views.products, name="products"),
    path("catalog/season", catalog_bulk.assign_season, name="assign_season"),
    path("catalog/publish", catalog_bulk.publish, name="bulk_publish"),
    path("catalog/pause", catalog_bulk.pause, name="bulk_pause"),
    path("catalog/resume", catalog_bulk.resume, name="bulk_resume"),
    path("catalog/to-complete", catalog_views.to_complete, name="to_complete"),
    path("catalog/products/<int:product_id>/", catalog_views.product, name="product"),
    path("catalog/products/<int:product_id>/link", catalog_views.link, name="link"),
    path(
        "catalog/products/<int:product_id>/listings/<int:listing_id>/unlink",
        catalog_views.unlink,
        name="unlink",
    ),
    # orders
    path("orders/", order_views.orders, name="orders"),
    path("orders/new", order_views.new_order, name="new_order"),
    path("orders/<int:order_id>/", order_views.order, name="order"),
    path("orders/<int:order_id>/<slug:action>", order_views.order_action, name="order_action"),
    # stock
    path("stock/", stock_views.levels, name="stock"),
    path("stock/adjust", stock_views.adjust, name="adjust"),
    path("stock/count", stock_views.count, name="count"),
    path("stock/transfer", stock_views.transfer, name="transfer"),
    path("stock/transfers/", stock_views.transfers, name="transfers"),
    path(
        "stock/transfers/<int:transfer_id>/receive",
        stock_views.receive_transfer,
        name="receive_transfer",
    ),
    path("stock/variants/<int:variant_id>/", stock_views.variant_stock, name="variant_stock"),
    # purchasing
    path("purchasing/", purchasing_views.purchase_orders, name="purchase_orders"),
    path("purchasing/new", purchasing_views.new_purchase_order, name="new_purchase_order"),
    path(
        "purchasing/orders/<int:purchase_order_id>/",
        purchasing_views.purchase_order,
        name="purchase_order",
    ),
    path(
        "purchasing/orders/<int:purchase_order_id>/<slug:action>",
        purchasing_views.purchase_order_action,
        name="purchase_order_action",
    ),
    path("purchasing/incoming", purchasing_views.incoming, name="incoming"),
    path("purchasing/suppliers/", purchasing_views.suppliers, name="suppliers"),
    path("purchasing/suppliers/new", purchasing_views.supplier, name="new_supplier"),
    path("purchasing/suppliers/<int:supplier_id>/", purchasing_views.supplier, name="supplier"),
]
