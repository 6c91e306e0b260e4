"""WooCommerce orders: read into the port's values (`values`, `mapping`), read from the store
(`reading`), and the hub's fulfilments, refunds and cancellations sent back (`fulfil`,
`refund`)."""
