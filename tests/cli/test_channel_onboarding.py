"""`stockbridge channel oauth1` (begin with the consumer pair, the admin approves in the
portal, finish with the code) and `stockbridge channel environment`, in-process against a
sandbox portal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stockbridge.channels.models import Channel
from stockbridge.cli.main import main
from tests.support.portals import HOST, Portals, routed_portals

pytestmark = pytest.mark.django_db


@pytest.fixture
def portals() -> Iterator[Portals]:
    yield from routed_portals()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_oauth1_begins_prints_where_to_approve_and_finishes_with_the_code(
    capsys: pytest.CaptureFixture[str], portals: Portals
) -> None:
    portal = portals.add()
    argv = ("channel", "add", "wholesale", "--name", "Portal", "--domain", HOST)
    assert run(capsys, *argv, "--base-url", portal.base_url)[0] == 0
    code, out, err = run(
        capsys,
        "channel",
        "oauth1",
        "Portal",
        "--consumer-key",
        portal.app.consumer_key,
        "--consumer-secret",
        portal.app.consumer_secret,
    )
    assert (code, out) == (0, f"{portal.base_url}/admin/api-management\n")
    assert err == (
        "approve the pending application there (Admin > API management), then run: "
        "stockbridge channel oauth1 'Portal' --verifier CODE\n"
    )
    (pending,) = [g for g in portal.app.grants.values() if not g.permanent]
    assert pending.application_name == "Stockbridge"
    verifier = portal.app.approve(pending.token)
    code, out, _ = run(capsys, "channel", "oauth1", "Portal", "--verifier", verifier)
    assert (code, out) == (0, f"connected Portal: Wholesale portal {HOST} ({HOST})\n")
    assert Channel.objects.get(name="Portal").status == "connected"


def test_oauth1_without_keys_or_code_says_what_to_give(
    capsys: pytest.CaptureFixture[str], portals: Portals
) -> None:
    portal = portals.add()
    argv = ("channel", "add", "wholesale", "--name", "Portal", "--domain", HOST)
    run(capsys, *argv, "--base-url", portal.base_url)
    code, _, err = run(capsys, "channel", "oauth1", "Portal")
    assert (code, err) == (
        2,
        "stockbridge: consumer_key: give --consumer-key and --consumer-secret (the portal's API "
        "credentials) to begin, or --verifier CODE to finish\n",
    )


def test_environment_shows_and_switches_the_host(capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "channel", "add", "wholesale", "--name", "Portal", "--domain", HOST)
    assert run(capsys, "channel", "environment", "Portal") == (
        0,
        f"Portal: sandbox ({HOST})\n",
        "",
    )
    assert run(capsys, "channel", "environment", "Portal", "production") == (
        0,
        "Portal: production (wholesale.nuorder.com)\n",
        "",
    )
