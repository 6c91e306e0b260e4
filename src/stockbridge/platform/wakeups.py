"""Wake-ups: a domain says "I wrote rows to my outbox" without knowing who reads them.

Domains may not import `sync`, yet the consumers of their outboxes should start draining as
soon as the write commits, not only at the next every-minute sweep. A domain calls
`wrote("stock")` in the transaction that wrote its outbox rows; `sync` (above the domains)
listens at start-up and turns each call into an after-commit nudge of the drains that read
that outbox. With no listener the call costs a dictionary lookup. A listener must not raise
and must not do network work: it only schedules (the nudge itself waits for the commit).
"""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[], None]

_listeners: dict[str, list[Listener]] = {}


def listen(outbox: str, listener: Listener) -> None:
    """Call `listener()` each time a domain reports writes to `outbox` (idempotent)."""
    listeners = _listeners.setdefault(outbox, [])
    if listener not in listeners:
        listeners.append(listener)


def forget(outbox: str, listener: Listener) -> None:
    """Stop calling `listener` for `outbox` (tests that registered one clean up with this)."""
    listeners = _listeners.get(outbox, [])
    if listener in listeners:
        listeners.remove(listener)


def wrote(outbox: str) -> None:
    """Report that the current transaction wrote rows to `outbox`."""
    for listener in _listeners.get(outbox, ()):
        listener()
