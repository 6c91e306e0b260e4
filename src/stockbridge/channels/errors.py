"""What a channel answered, as the engine needs to know it. Each connector maps its HTTP and
GraphQL answers into these in one module; the engine decides retry, skip or give up from the
type alone (`retryable`)."""

from __future__ import annotations

from collections.abc import Iterable

from stockbridge.platform.errors import StockbridgeError


class ChannelError(StockbridgeError):
    """A channel refused or failed a call. `message` is in words a merchant understands."""

    retryable = False

    def __init__(self, message: str, *, excerpt: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.excerpt = excerpt[:2000]

    @property
    def kind(self) -> str:
        return type(self).__name__


class AuthFailed(ChannelError):
    """The credentials are refused (revoked token, app uninstalled): the channel is
    disconnected until someone connects it again."""


class ScopeMissing(ChannelError):
    def __init__(self, scopes: Iterable[str], *, excerpt: str = "") -> None:
        self.scopes = tuple(sorted(scopes))
        super().__init__(
            "the store did not grant the access this needs: " + ", ".join(self.scopes),
            excerpt=excerpt,
        )


class RateLimited(ChannelError):
    retryable = True

    def __init__(self, message: str, *, retry_after: float, excerpt: str = "") -> None:
        super().__init__(message, excerpt=excerpt)
        self.retry_after = retry_after


class NotFound(ChannelError):
    """The thing no longer exists in the channel (a variant deleted in the store)."""


class Rejected(ChannelError):
    """The channel refused the data itself; sending it again changes nothing."""

    def __init__(self, field: str, reason: str, *, excerpt: str = "") -> None:
        super().__init__(f"{field}: {reason}" if field else reason, excerpt=excerpt)
        self.field = field
        self.reason = reason


class Conflict(ChannelError):
    """A compare-and-set lost: the channel holds another value than we last saw."""

    retryable = True


class Unavailable(ChannelError):
    """The channel could not answer (5xx, timeout, connection refused): try again later."""

    retryable = True


class LimitReached(ChannelError):
    """A limit of the channel that frees only with time (Shopify's daily limit of new
    variants): sending again soon changes nothing, so the work waits (`retry_after` seconds
    when the channel said, else the engine's own wait) instead of failing item after item."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, excerpt: str = ""
    ) -> None:
        super().__init__(message, excerpt=excerpt)
        self.retry_after = retry_after


KINDS: dict[str, type[ChannelError]] = {
    cls.__name__: cls
    for cls in (
        AuthFailed,
        ScopeMissing,
        RateLimited,
        NotFound,
        Rejected,
        Conflict,
        Unavailable,
        LimitReached,
    )
}
