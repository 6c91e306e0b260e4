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
from stockbridge.channels.errors import AuthFailed, ChannelError
from stockbridge.channels.models import Channel, ChannelStatus, OperationSettings
from stockbridge.channels.port import ItemResult, Operation, Outcome
from stockbridge.channels.port_accounts import AccountTarget
from stockbridge.channels.push_settings import PushAccountsSettings
from stockbridge.channels.services import mark_disconnected
from stockbridge.platform.errors import FieldError

from ..account_push.accounts import draft_of, fingerprint
from ..account_push.reading import tagged_accounts
from ..models import Run
from ..operations import OperationRequest
from ..runs import close_run, open_run, record

OPERATION = Operation.PUSH_ACCOUNTS.value


def settings_of(channel_id: int) -> tuple[bool, PushAccountsSettings]:
    row = OperationSettings.objects.filter(channel_id=channel_id, operation=OPERATION).first()
    if row is None:
        return True, PushAccountsSettings()
    return row.enabled, PushAccountsSettings.from_dict(row.settings)


def run(request: OperationRequest) -> Run:
    channel = Channel.objects.filter(pk=request.channel_id).first()
    if channel is None:
        raise FieldError("channel", f"no channel with id {request.channel_id}", code="not_found")
    enabled, settings = settings_of(channel.pk)
    accounts = tagged_accounts(channel.pk, settings.tag)
    run_row = open_run(
        channel_id=channel.pk,
        operation=OPERATION,
        trigger=request.trigger,
        dry_run=request.dry_run,
        retry_of=request.retry_of,
        total=len(accounts),
    )
    if not enabled:
        return close_run(run_row, message="push accounts is disabled for this channel")
    if channel.status != ChannelStatus.CONNECTED and accounts:
        return close_run(
            run_row, message=f"the channel is not connected ({channel.status})", failed=True
        )
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
    except AuthFailed as exc:
        mark_disconnected(channel_id=channel.pk, reason=exc.message)
        return close_run(run_row, message=exc.message, failed=True)
    except ChannelError as exc:
        return close_run(run_row, message=exc.message, failed=True)
    return close_run(run_row, message="preview: nothing was sent" if request.dry_run else "")
