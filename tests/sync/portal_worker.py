"""A separate Stockbridge process for the crash test of "take orders" (run as
`python -m tests.sync.portal_worker COMMAND [ARG]`, with the database and data directory in
its environment):

- `setup BASE_URL TOKEN`: migrate (an empty SQLite file), then a tagged jacket and wholesale
  customer, a wholesale channel at the portal, its products and accounts pushed;
- `take`: run "take orders" once (the worker the test kills);
- `count`: print the hub's orders as JSON."""

from __future__ import annotations

import json
import sys

from stockbridge import bootstrap


def main(argv: list[str]) -> int:
    bootstrap.configure()
    from django.core.management import call_command

    from stockbridge.channels import services
    from stockbridge.channels.models import Channel
    from stockbridge.orders.models import Order
    from stockbridge.sync.operations import run_operation
    from tests.channels.wholesale import boutique, jacket, operate
    from tests.support.portals import HOST

    command = argv[0]
    if command == "setup":
        call_command("migrate", verbosity=0)
        jacket()
        boutique()
        channel = services.add_channel(
            kind="wholesale", name="Portal", domain=HOST, base_url=argv[1]
        )
        channel = services.connect_with_token(channel=channel, token=argv[2])
        for operation in ("push_products", "push_accounts"):
            assert operate(channel, operation).status == "ok"
        return 0
    if command == "take":
        channel = Channel.objects.get(name="Portal")
        run = run_operation(channel_id=channel.pk, operation="take_orders")
        print(json.dumps({"status": run.status, "message": run.message}))
        return 0
    if command == "count":
        orders = list(Order.objects.values_list("external_id", "external_name"))
        print(json.dumps({"orders": orders}))
        return 0
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
