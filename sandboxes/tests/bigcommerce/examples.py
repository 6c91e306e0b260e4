"""The examples BigCommerce's OpenAPI documents carry (read from ../shared at test time, never
copied): each response example (a media type's `example`/`examples`, the operation's own or its
`components/responses` entry's) and each request example (the request body's `example`/
`examples`, and the `x-examples` some operations put on the request body), keyed by operation
(method, API version, path template) and by status (or "request") and name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

Key = tuple[str, str, str, str, str]  # method, version, path template, status or "request", name


class _Plain(yaml.SafeLoader):
    """YAML without the timestamp resolver: dates in examples stay the strings they are."""


_Plain.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Operation:
    method: str
    version: str
    template: str

    def pattern(self) -> re.Pattern[str]:
        return re.compile(re.sub(r"\{[^}]+\}", r"\\d+", self.template))


def openapi(shared: Path) -> Path:
    return shared / "channels" / "bigcommerce" / "openapi"


@cache
def _documents(root: Path) -> dict[str, Any]:
    return {
        str(path.relative_to(root)): yaml.load(path.read_text(), Loader=_Plain)  # noqa: S506 - a SafeLoader
        for path in sorted(root.rglob("*.yml"))
    }


def _version(doc: dict[str, Any]) -> str:
    return "v2" if doc["servers"][0]["url"].rstrip("/").endswith("v2") else "v3"


def _resolved(doc: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = doc
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def _named(doc: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for media in content.values():
        if "example" in media:
            out["example"] = media["example"]
        for name, example in (media.get("examples") or {}).items():
            out[name] = _resolved(doc, example)["value"]
    return out


@cache
def documented(shared: Path) -> dict[Key, Any]:
    """Every example of every operation of the reference, by key."""
    found: dict[Key, Any] = {}
    for doc in _documents(openapi(shared)).values():
        version = _version(doc)
        for template, operations in doc["paths"].items():
            for method, operation in operations.items():
                if method not in ("get", "post", "put", "delete"):
                    continue
                op = (method.upper(), version, template)
                for status, answer in (operation.get("responses") or {}).items():
                    content = _resolved(doc, answer).get("content") or {}
                    for name, value in _named(doc, content).items():
                        found[(*op, str(status), name)] = value
                body = _resolved(doc, operation.get("requestBody") or {})
                for name, value in _named(doc, body.get("content") or {}).items():
                    found[(*op, "request", name)] = value
                for name, value in (body.get("x-examples") or {}).items():
                    found[(*op, "request", name)] = value
    return found


@cache
def operations(shared: Path) -> frozenset[Operation]:
    """Every operation of the reference, with or without examples."""
    return frozenset(
        Operation(method.upper(), _version(doc), template)
        for doc in _documents(openapi(shared)).values()
        for template, ops in doc["paths"].items()
        for method in ops
        if method in ("get", "post", "put", "delete")
    )
