"""Sync orders: what the hub made on an order that came from a channel, sent there.

`intake` turns order events (the orders outbox) into `OrderPush` rows in the transaction that
takes them; `sending` sends them (after commit, by the channel's drain, the sweep and "Run
now"), each exactly once however often it is retried or killed; `retention` purges the
personal data of finished orders after the channel's retention.
"""
