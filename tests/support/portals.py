"""Sandbox wholesale portals for channel tests: each portal is an in-process sandbox app
(`stockbridge_sandboxes.wholesale`); the channel registry routes a channel's HTTP to the
portal whose base URL it names. The sandbox logs every `/api/` request (method, path, body,
signature style), so tests check what the connector sent. Nothing of our own code is faked:
the connector signs OAuth 1.0 and speaks REST to the sandbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jsonschema

from stockbridge.channels import registry
from stockbridge.channels.access import seal
from stockbridge.channels.models import Channel, ChannelStatus
from stockbridge.channels.port import Credentials, Endpoint
from stockbridge.platform import clock
from stockbridge_sandboxes.wholesale import PortalApp

HOST = "wholesale.sandbox1.nuorder.com"


@dataclass
class Portal:
    app: PortalApp
    base_url: str

    def control(self, method: str, route: str, body: Any = None) -> Any:
        """A call to the sandbox's control API (the portal's own users and admin)."""
        with httpx.Client(transport=httpx.WSGITransport(app=self.app)) as http:
            answer = http.request(method, f"{self.base_url}/__sandbox/{route}", json=body)
        assert answer.status_code < 300, answer.text
        return answer.json()

    def token(self, style: str = "portal") -> str:
        grant = self.app.issue_token()
        return ":".join(
            (self.app.consumer_key, self.app.consumer_secret, grant.token, grant.secret, style)
        )

    def channel(self, name: str = "Portal", style: str = "portal") -> Channel:
        """A connected channel of this portal (made directly: the connect tests prove the
        services)."""
        return Channel.objects.create(
            kind="wholesale",
            name=name,
            domain=HOST,
            base_url=self.base_url,
            credentials=seal(Credentials(access_token=self.token(style))),
            status=ChannelStatus.CONNECTED,
            created_at=clock.now(),
        )

    def sent(self, method: str | None = None, prefix: str = "/api/") -> list[dict[str, Any]]:
        return [
            e
            for e in self.app.log
            if e["path"].startswith(prefix) and (method is None or e["method"] == method)
        ]

    def writes(self) -> list[dict[str, Any]]:
        return [e for e in self.app.log if e["method"] != "GET"]


@dataclass
class Portals:
    by_url: dict[str, Portal] = field(default_factory=dict)

    def add(self, name: str = "brand") -> Portal:
        base = f"http://{name}.portal.test"
        portal = Portal(app=PortalApp(), base_url=base)
        self.by_url[base] = portal
        return portal

    def route(self, endpoint: Endpoint) -> httpx.BaseTransport | None:
        portal = self.by_url.get(endpoint.base_url.rstrip("/"))
        return httpx.WSGITransport(app=portal.app) if portal is not None else None


def routed_portals() -> Iterator[Portals]:
    portals = Portals()
    registry.use_transport(portals.route)
    try:
        yield portals
    finally:
        registry.use_transport(None)


def request_schema(shared_dir: Path, name: str, *, sent_never: tuple[str, ...] = ()) -> Any:
    """A request schema inferred from the recordings. Keys in `sent_never` are taken out of
    its `required`: the inference made every key of its one sample required, and the seed
    forbids sending some of them (a product's availability dates)."""
    path = shared_dir / "channels" / "nuorder" / "json-schema" / f"{name}.inferred.schema.json"
    schema = json.loads(path.read_text())
    schema["required"] = [k for k in schema.get("required", []) if k not in sent_never]
    return schema


def assert_valid(body: Any, schema: Any) -> None:
    jsonschema.validate(body, schema)
