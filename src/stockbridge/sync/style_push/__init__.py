"""Push products: the hub's tagged products as styles (one product in one colour, its sizes)
for a channel that takes them (`channels/port_styles.py`). `styles.py` maps plain values
(pure), `reading.py` reads them; the job is `sync/jobs/push_products.py`."""
