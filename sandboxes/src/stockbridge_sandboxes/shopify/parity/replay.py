"""One scenario's replay: the capture, the sandbox it runs on, and how a request's document
and variables are found (files, capture paths, earlier responses, or the recording itself)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphql import OperationDefinitionNode, parse
from graphql.error import GraphQLSyntaxError

from stockbridge_sandboxes.shopify.app import Request, SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.parity import jsonpath


@dataclass
class Replay:
    """One scenario's run: the capture, the sandbox, and the responses so far by target."""

    root: Path
    spec: dict[str, Any]
    capture: dict[str, Any]
    version: str
    app: SandboxApp = field(default_factory=lambda: SandboxApp(clock=FrozenClock()))
    responses: dict[str, Any] = field(default_factory=dict)
    primary: Any = None
    previous: Any = None

    # -- variables and documents ----------------------------------------------------------
    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict):
            if "fromCapturePath" in value:
                return jsonpath.get(self.capture, value["fromCapturePath"], None)
            if "fromPrimaryProxyPath" in value:
                return jsonpath.get(self.primary, value["fromPrimaryProxyPath"], None)
            if "fromPreviousProxyPath" in value:
                return jsonpath.get(self.previous, value["fromPreviousProxyPath"], None)
            if "fromProxyResponse" in value:
                source = self.responses.get(value["fromProxyResponse"])
                found = jsonpath.get(source, value.get("path", "$"), None)
                if value.get("resourceIdTail") and isinstance(found, str):
                    # `gid://shopify/Type/123?x=y` -> `123`, then any prefix (a search term).
                    found = found.rsplit("/", 1)[-1].split("?", 1)[0]
                if value.get("prefix") and found is not None:
                    found = f"{value['prefix']}{found}"
                return found
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value

    def document(self, request: dict[str, Any]) -> str:
        if request.get("documentCapturePath"):
            return str(jsonpath.get(self.capture, request["documentCapturePath"], ""))
        return (self.root / request["documentPath"]).read_text()

    def variables(self, request: dict[str, Any]) -> dict[str, Any]:
        if request.get("variablesPath"):
            path = self.root / request["variablesPath"]
            if path.is_file():
                return dict(self.resolve(json.loads(path.read_text())))
            if not request.get("variablesCapturePath"):
                return self.recorded_variables(request)
        if request.get("variablesCapturePath"):
            found = jsonpath.get(self.capture, request["variablesCapturePath"], None)
            return dict(found) if isinstance(found, dict) else {}
        return dict(self.resolve(request.get("variables") or {}))

    def recorded_variables(self, request: dict[str, Any]) -> dict[str, Any]:
        """Variables for a request whose variables file the corpus lacks: from the recording.

        Tried in order: the target's own section (`<section>.variables`), the upstream call of
        the same operation, then any recorded `variables` object that supplies every variable
        the document requires.
        """
        section = request.get("_section") or "$"
        if section != "$":
            for path in (f"{section}.variables", f"{section}Variables"):
                found = jsonpath.get(self.capture, path, None)
                if isinstance(found, dict):
                    return found
        document = self.document(request)
        names = operation_names(document)
        for call in self.capture.get("upstreamCalls") or []:
            if isinstance(call, dict) and call.get("operationName") in names:
                return dict(call.get("variables") or {})
        declared, required = _variable_names(document)
        best: dict[str, Any] | None = None
        for candidate in _variables_objects(self.capture):
            if required <= set(candidate) and set(candidate) <= declared | required:
                return candidate
            if best is None and required <= set(candidate):
                best = candidate
        return best or {}

    def send(self, request: dict[str, Any]) -> Any:
        # A second passes between requests, as in the recorded flows: deterministic, and the
        # bucket refills the way it did for the recording.
        self.app.clock.advance(1.0)
        version = request.get("apiVersion") or self.version
        payload = {"query": self.document(request), "variables": self.variables(request)}
        if request.get("operationName"):
            payload["operationName"] = request["operationName"]
        response = self.app.graphql(version, payload, self.app.token)
        self.app.webhooks.queue.clear()  # nothing listens during a replay
        return json.loads(response.body)

    def upload(self, spec: dict[str, Any]) -> None:
        """PUT a recorded body to a staged-upload URL the sandbox handed out."""
        path = self.resolve(spec.get("path"))
        if not isinstance(path, str):
            return
        body = self.resolve(spec.get("body"))
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        path = re.sub(r"^https?://[^/]+", "", path).split("?", 1)[0]
        method = str(spec.get("method") or "PUT").upper()
        self.app.handle(Request(method, path, {}, {}, data, "http://127.0.0.1:8765"))

    def http_get(self, spec: dict[str, Any], jsonl: bool) -> Any:
        """GET a sandbox URL (e.g. a bulk result): status, lower-cased headers and body (JSONL
        bodies as a list of records)."""
        path = self.resolve(spec.get("path"))
        if not isinstance(path, str):
            return {"status": None, "headers": {}, "body": None}
        path = re.sub(r"^https?://[^/]+", "", path)
        response = self.app.handle(Request("GET", path, {}, {}, b"", "http://127.0.0.1:8765"))
        headers = {k.lower(): v for k, v in response.headers}
        text = response.body.decode()
        body: Any = text
        lines = [line for line in text.splitlines() if line.strip()]
        if jsonl or (
            headers.get("content-type", "").startswith("application/jsonl") and len(lines) != 1
        ):
            body = [json.loads(line) for line in lines]
        elif headers.get("content-type", "").startswith("application/jsonl"):
            body = json.loads(lines[0])  # one JSONL line is one JSON document
        return {"status": response.status, "headers": headers, "body": body}


def _variable_names(text: str) -> tuple[set[str], set[str]]:
    """(declared, required) variable names of a document."""
    try:
        document = parse(text)
    except GraphQLSyntaxError:
        return set(), set()
    declared, required = set(), set()
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            for var in definition.variable_definitions or ():
                declared.add(var.variable.name.value)
                if var.type.kind == "non_null_type" and var.default_value is None:
                    required.add(var.variable.name.value)
    return declared, required


def _variables_objects(value: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "variables" and isinstance(item, dict):
                out.append(item)
            elif key != "upstreamCalls":
                out.extend(_variables_objects(item))
    elif isinstance(value, list):
        for item in value:
            out.extend(_variables_objects(item))
    return out


def operation_names(text: str) -> set[str]:
    try:
        document = parse(text)
    except GraphQLSyntaxError:
        return set()
    return {
        d.name.value
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode) and d.name
    }
