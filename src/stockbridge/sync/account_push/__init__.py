"""Push accounts: the hub's tagged wholesale customers as a channel's accounts
(`channels/port_accounts.py`). `accounts.py` maps plain values (pure), `reading.py` reads
them; the job is `sync/jobs/push_accounts.py`."""
