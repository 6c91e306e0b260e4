"""Push stock by date: each listed size's available to promise per channel warehouse, as rows
by date (`channels/port_stock_by_date.py`). `rows.py` is the pure policy, `reading.py` reads
the hub; the jobs are `sync/jobs/push_stock_by_date.py` (hourly, what changed) and
`sync/jobs/reconcile_stock_by_date.py` (nightly, everything)."""
