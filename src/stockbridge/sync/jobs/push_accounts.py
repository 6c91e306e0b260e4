"""Push accounts: every wholesale customer carrying the settings' tag (default "wholesale") goes
to the channel as an account with all its addresses and its account code; contacts never do.
One run item per account (`account:<code>`: created, updated, unchanged
or failed; payload the customer id). An account whose content equals what was last pushed is
not sent. A dry run records what a run would do and sends nothing. Idempotent: the channel
upserts by code. AuthFailed disconnects the channel and stops the run."""

from __future__ import annotations

from typing import cast

from django.conf import settings as django_settings

from stockbridge.channels.access import connector_for
from stockbridge.channels.account_links import link_account
from stockbridge.channels.errors import ChannelError
from stockbridge.channels.port import ItemResult, Operation, Outcome
from stockbridge.channels.port_accounts import AccountTarget
from stockbridge.channels.push_settings import PushAccountsSettings

from ..account_push.accounts import draft_of, fingerprint
from ..account_push.reading import tagged_accounts
from ..models import Run
from ..operations import OperationRequest
from ..push_runs import channel_of, opened, refused, settings_of, stopped
from ..runs import close_run, record

OPERATION = Operation.PUSH_ACCOUNTS.value


def run(request: OperationRequest) -> Run:
    channel = channel_of(request)
    enabled, settings = settings_of(channel.pk, OPERATION, PushAccountsSettings.from_dict)
    accounts = tagged_accounts(channel.pk, settings.tag)
    run_row = opened(request, OPERATION, total=len(accounts))
    closed = refused(run_row, channel, enabled=enabled, work=bool(accounts))
    if closed is not None:
        return closed
    currency = django_settings.STOCKBRIDGE_CURRENCY
    target = cast(AccountTarget, connector_for(channel))
    try:
        for account in accounts:
            payload = {"customer_id": account.id}
            draft = draft_of(account, currency=currency)
            content = fingerprint(draft)
            new = not account.pushed_fingerprint
            if content == account.pushed_fingerprint:
                item = ItemResult(draft.ref, Outcome.UNCHANGED)
            elif request.dry_run:
                verb = "create" if new else "update"
                outcome = Outcome.CREATED if new else Outcome.UPDATED
                item = ItemResult(draft.ref, outcome, f"preview: would {verb}")
            else:
                (result,) = target.push_accounts([draft])
                if result.error_kind is not None:
                    item = ItemResult(
                        draft.ref,
                        Outcome.FAILED,
                        result.message,
                        error_kind=result.error_kind,
                        request_excerpt=result.request_excerpt,
                    )
                else:
                    link_account(
                        channel_id=channel.pk,
                        customer_id=account.id,
                        account_code=draft.code,
                        remote_id=result.remote_id,
                        fingerprint=content,
                    )
                    item = ItemResult(
                        draft.ref,
                        Outcome.CREATED if new else Outcome.UPDATED,
                        remote_ids={"account": result.remote_id},
                    )
            record(run_row, [item], payloads={item.ref: payload})
            if request.progress is not None:
                request.progress(run_row.done, len(accounts))
    except ChannelError as exc:
        return stopped(run_row, channel, exc)
    return close_run(run_row, message="preview: nothing was sent" if request.dry_run else "")
