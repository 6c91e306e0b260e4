"""BigCommerce orders: v2 orders with their sub-resources and v3 refunds read into the port's
values, and the light order callbacks resolved by fetching what they name."""
