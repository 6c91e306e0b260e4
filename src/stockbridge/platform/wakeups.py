"""Wake-ups: a domain says "I wrote rows to my outbox" without knowing who reads them.

Domains may not import `sync`, yet the consumers of their outboxes should start draining as
soon as the write commits, not only at the next every-minute sweep. A domain calls
`wrote("stock")` in the transaction that wrote its outbox rows; `sync` (above the domains)
listens at start-up and turns each call into an after-commit nudge of the drains that read
that outbox. With no listener the call costs a dictionary lookup. A listener must not raise
and must not do network work: it only schedules (the nudge itself waits for the commit).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

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


# -- changes with their ids ------------------------------------------------------------------
#
# Some changes have no outbox table of their own (a variant's prices): the domain names the
# rows it changed instead. A change listener runs inside the caller's transaction and may
# write the database there (its rows then commit or roll back with the change), but must not
# raise for the caller's data and must do no network work.

ChangeListener = Callable[[frozenset[int]], None]

_change_listeners: dict[str, list[ChangeListener]] = {}


def listen_changes(topic: str, listener: ChangeListener) -> None:
    """Call `listener(ids)` each time a domain reports changed rows under `topic`."""
    listeners = _change_listeners.setdefault(topic, [])
    if listener not in listeners:
        listeners.append(listener)


def forget_changes(topic: str, listener: ChangeListener) -> None:
    listeners = _change_listeners.get(topic, [])
    if listener in listeners:
        listeners.remove(listener)


def changed(topic: str, ids: Iterable[int]) -> None:
    """Report that the current transaction changed the rows `ids` under `topic` (the catalog:
    "prices", variant ids whose price, compare-at price, cost or currency changed)."""
    listeners = _change_listeners.get(topic)
    if not listeners:
        return
    found = frozenset(ids)
    if not found:
        return
    for listener in listeners:
        listener(found)
