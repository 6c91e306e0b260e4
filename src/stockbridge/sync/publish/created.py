"""Created there -> created here (Stock&Buy; publish setting `create_from_channel`): a product
event saying a product was made in the channel, for a product not linked here, imports that
one product as Import listings does (its planning, writing, links), in a run of its own
(`import_listings`, trigger webhook) whose items say what happened.

It never overwrites: the import runs in "create only" mode and sets no stock, so a product
the hub already holds (matched by handle or SKU, e.g. our own publish whose creation event
came before its links were written) is only linked."""

from __future__ import annotations

import dataclasses

from stockbridge.channels.models import Channel
from stockbridge.channels.port import RemoteProduct
from stockbridge.platform.errors import FieldError

from ..jobs import import_listings
from ..models import RunTrigger
from ..runs import close_run, open_run


def create_here(channel: Channel, remote: RemoteProduct) -> str:
    try:
        context = import_listings.load_context(channel.pk)
    except FieldError as exc:
        return f"not created here: {exc}"
    context = dataclasses.replace(
        context,
        settings=dataclasses.replace(context.settings, mode="create_only", quantities="none"),
    )
    run = open_run(
        channel_id=channel.pk,
        operation=import_listings.OPERATION,
        trigger=RunTrigger.WEBHOOK,
        total=1,
    )
    try:
        import_listings.import_batch(run, context, [remote], dry_run=False)
    except Exception as exc:
        close_run(
            run, message=f"stopped on an unexpected error ({type(exc).__name__})", failed=True
        )
        raise
    run = close_run(run, message=f"created in the channel: {remote.handle or remote.remote_id}")
    counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(run.counts.items()))
    return f"imported here (run {run.pk}: {counts or 'nothing'})"
