"""Orders coming in from channels: webhooks (the fast path, `handlers.py`), Get Orders on a
schedule (the safety net, `sync/jobs/get_orders.py`) and the one-time legacy pull
(`sync/jobs/legacy_orders.py`) all apply a channel's order through `applying.py`:

- `admit.py` (pure): whether an order is imported now, waits (on hold, scheduled, filtered
  out by the Get Orders settings) or is skipped (cancelled before it was imported);
- `mapping.py` (pure): the channel's order as the orders domain's `OrderSpec` (lines linked
  through listings, or unlinked and flagged; totals exactly the channel's);
- `customers.py`: the customer matched by channel customer id, then e-mail, else created
  with its addresses;
- `applying.py`: one order applied in its own sequence under a lock of its `ChannelOrder`
  row (created once; an older `updated_at` never overwrites a newer one), then its
  fulfilments, refunds (stock per restock type) and cancellation;
- `tagging.py`: the channel order tagged after import (after the commit, retried).
"""
