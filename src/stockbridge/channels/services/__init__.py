"""Channel use cases: add a store, connect it (access token or OAuth install), test it, map
locations, set operations, refresh expiring tokens, disconnect.

OAuth 1.0 out-of-band onboarding (`begin_oauth1`, `complete_oauth1`) and a kind's host
environment (`set_environment`) have their own modules.

Every function takes keyword-only arguments, validates its whole input first, and writes in
one transaction; a refusal is a `FieldError` naming the field. Calls to the channel happen
before the transaction opens (a slow store never holds a database lock). A call the channel
refuses for its credentials (`AuthFailed`) marks the channel disconnected with the reason
(`mark_disconnected`, which any job may call too): a disconnected channel runs no scheduled
operation and its pending pushes wait (drains check `Channel.status`) until it is connected
again.
"""

from .adding import DEFAULT_OPERATIONS, add_channel
from .connecting import (
    ConnectionReport,
    begin_install,
    complete_install,
    connect_with_token,
    disconnect,
    mark_disconnected,
    missing_scopes,
    test_connection,
)
from .environment import environment_of, set_environment
from .handshake import begin_oauth1, complete_oauth1
from .locations import map_location, remote_locations, unmap_location
from .operations import MAX_EVERY_MINUTES, set_operation
from .tokens import REFRESH_AHEAD, refresh_expiring_tokens, refresh_token
from .webhooks import (
    not_subscribed_reason,
    public_url,
    subscribe_webhooks,
    webhook_url,
    webhooks_state,
)

__all__ = [
    "DEFAULT_OPERATIONS",
    "MAX_EVERY_MINUTES",
    "REFRESH_AHEAD",
    "ConnectionReport",
    "add_channel",
    "begin_install",
    "begin_oauth1",
    "complete_install",
    "complete_oauth1",
    "connect_with_token",
    "disconnect",
    "environment_of",
    "map_location",
    "mark_disconnected",
    "missing_scopes",
    "not_subscribed_reason",
    "public_url",
    "refresh_expiring_tokens",
    "refresh_token",
    "remote_locations",
    "set_environment",
    "set_operation",
    "subscribe_webhooks",
    "test_connection",
    "unmap_location",
    "webhook_url",
    "webhooks_state",
]
