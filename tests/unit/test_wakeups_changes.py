"""`platform.wakeups.changed`: a domain names the rows it changed; each listener of the topic
gets their ids once, nothing is called for no ids, and a forgotten listener hears nothing."""

from __future__ import annotations

from stockbridge.platform import wakeups


def test_listeners_get_the_changed_ids_once_and_nothing_for_none() -> None:
    heard: list[frozenset[int]] = []

    def listener(ids: frozenset[int]) -> None:
        heard.append(ids)

    wakeups.listen_changes("test:prices", listener)
    wakeups.listen_changes("test:prices", listener)  # idempotent
    try:
        wakeups.changed("test:prices", [3, 1, 3])
        wakeups.changed("test:prices", [])
        wakeups.changed("test:other", [7])
    finally:
        wakeups.forget_changes("test:prices", listener)
    wakeups.changed("test:prices", [9])

    assert heard == [frozenset({1, 3})]
