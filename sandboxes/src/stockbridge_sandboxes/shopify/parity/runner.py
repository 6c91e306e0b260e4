"""Replay a corpus of recorded scenarios (laid out like shared/shopify/conformance/).

For each scenario whose operations the sandbox implements: a fresh sandbox is hydrated from
the recording (setup responses and the upstream reads the recording proxy made), the request
documents are sent with the captured variables, and each target's JSON paths are compared
with the capture (ids, timestamps and cursors masked; the spec's matchers applied).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stockbridge_sandboxes.shopify.app import SandboxApp
from stockbridge_sandboxes.shopify.clock import FrozenClock
from stockbridge_sandboxes.shopify.parity import jsonpath
from stockbridge_sandboxes.shopify.parity.compare import compare, response_keys
from stockbridge_sandboxes.shopify.parity.preconditions import (
    APP_NAMESPACE_RE,
    hydrate,
    hydrate_upstream_capture,
    is_read,
)
from stockbridge_sandboxes.shopify.parity.replay import Replay, operation_names
from stockbridge_sandboxes.shopify.parity.replay_clock import recording_clock
from stockbridge_sandboxes.shopify.resolvers.registry import implemented_roots

FAILURES_SHOWN = 6  # differing paths printed per failing scenario
VERSION_IN_PATH = re.compile(r"/(\d{4}-\d{2})/")


@dataclass
class ScenarioResult:
    domain: str
    scenario: str
    in_scope: bool
    passed: bool = False
    reasons: list[str] = field(default_factory=list)


def _has_document(replay: Replay, request: dict[str, Any]) -> bool:
    try:
        replay.document(request)
    except (OSError, KeyError):
        return False
    return True


def _section(path: str) -> str:
    """`$.a.b.data.x` -> `$.a.b` (the recorded response holding the compared value)."""
    marks = [m for m in (path.find(".response"), path.find(".data")) if m > 0]
    return path[: min(marks)] if marks else "$"


def _explain(response: Any) -> list[str]:
    if isinstance(response, dict) and response.get("errors"):
        verb = "refused the request" if "data" not in response else "answered with an error"
        return [
            f"sandbox {verb}: {e.get('message')}"
            for e in response["errors"][:2]
            if isinstance(e, dict)
        ]
    return []


def run_scenario(root: Path, spec_path: Path, implemented: set[str]) -> ScenarioResult:
    spec = json.loads(spec_path.read_text())
    domain = spec_path.parent.name
    result = ScenarioResult(domain, spec.get("scenarioId") or spec_path.stem, in_scope=False)
    operations = spec.get("operationNames") or []
    missing = [op for op in operations if op not in implemented]
    if missing or not spec.get("proxyRequest") or not operations:
        result.reasons = [
            f"not implemented: {', '.join(missing)}" if missing else "no request to replay"
        ]
        return result
    result.in_scope = True
    try:
        _run(root, spec, result)
    except Exception as exc:  # a crash is a failure with its reason, never an abort
        result.passed = False
        result.reasons.append(f"runner error: {type(exc).__name__}: {exc}")
    return result


def _isolated(replay: Replay) -> Replay:
    """A fresh sandbox for a target the spec isolates (`isolatedProxy`): the store as the
    recording shows it, none of the scenario's earlier writes; the same app and clock."""
    fresh = Replay(
        replay.root,
        replay.spec,
        replay.capture,
        replay.version,
        app=SandboxApp(clock=FrozenClock(start=replay.app.clock.now())),
        primary=replay.primary,
        previous=replay.previous,
    )
    fresh.responses = replay.responses
    fresh.app.credentials, fresh.app.token = replay.app.credentials, replay.app.token
    hydrate(fresh, set(), keep_created=True)
    return fresh


def _run(root: Path, spec: dict[str, Any], result: ScenarioResult) -> None:
    capture_file = root / spec["liveCaptureFiles"][0]
    if not capture_file.is_file():
        missing = spec["liveCaptureFiles"][0]
        result.reasons.append(f"capture file missing from the corpus: {missing}")
        return
    capture = json.loads(capture_file.read_text())
    match = VERSION_IN_PATH.search(str(spec["liveCaptureFiles"][0]))
    version = match.group(1) if match else "2026-07"
    replay = Replay(root, spec, capture, version, app=SandboxApp(clock=recording_clock(capture)))
    # The recording's app: its API client id shows in the `app--<id>` namespaces it reserved.
    app_ids = APP_NAMESPACE_RE.findall(capture_file.read_text())
    if app_ids:
        replay.app.credentials.api_client_id = max(set(app_ids), key=app_ids.count)
    # ... or the capture names it (`requestingApiClientId`).
    if str(capture.get("requestingApiClientId") or "").isdigit():
        replay.app.credentials.api_client_id = str(capture["requestingApiClientId"])
    # ... and its configured webhook API version (`capturedApiVersion`).
    configured = capture.get("capturedApiVersion")
    if isinstance(configured, dict) and configured.get("handle"):
        replay.app.credentials.webhook_api_version = str(configured["handle"])
    requests = [spec["proxyRequest"]] + [
        t["proxyRequest"] for t in spec["comparison"]["targets"] if t.get("proxyRequest")
    ]
    own_operations: set[str] = set()
    for request in requests:
        try:
            own_operations |= operation_names(replay.document(request))
        except (OSError, KeyError):
            continue
    for target in spec["comparison"]["targets"]:
        if target.get("proxyRequest"):
            target["proxyRequest"]["_section"] = _section(target.get("capturePath", ""))
        elif not spec["proxyRequest"].get("_section"):
            spec["proxyRequest"]["_section"] = _section(target.get("capturePath", ""))
    primary_document = replay.document(spec["proxyRequest"])
    # A scenario that only reads replays what the recording proxy read upstream; one that
    # writes keeps later reads from overwriting what its own writes did.
    reading = all(is_read(replay.document(r)) for r in requests if _has_document(replay, r))
    # A read replays what the recording proxy read upstream: that is its precondition.
    hydrate(replay, set() if reading else own_operations)
    if reading:
        # The state the primary read saw is hydrated last, so it wins over later reads.
        for target in spec["comparison"]["targets"]:
            if not target.get("proxyRequest") and not target.get("proxyHttpRequest"):
                hydrate_upstream_capture(
                    replay,
                    {
                        "upstreamCapturePath": target.get("upstreamCapturePath")
                        or _section(target.get("capturePath", ""))
                    },
                    primary_document,
                    replay.variables(spec["proxyRequest"]),
                )
    for target in spec["comparison"]["targets"]:
        if not target.get("proxyRequest") and not target.get("proxyHttpRequest"):
            hydrate_upstream_capture(replay, target, primary_document)
    replay.primary = replay.send(spec["proxyRequest"])
    replay.previous = replay.primary
    result.reasons.extend(_explain(replay.primary))
    failures: list[str] = []
    active = replay
    for target in spec["comparison"]["targets"]:
        name = target.get("name") or target.get("capturePath")
        if target.get("proxyUpload"):
            replay.upload(target["proxyUpload"])
            continue
        document = ""
        if target.get("proxyHttpRequest"):
            actual = replay.http_get(target["proxyHttpRequest"], bool(target.get("jsonlRecords")))
        elif target.get("proxyRequest"):
            document = replay.document(target["proxyRequest"])
            if reading and is_read(document) and not target.get("upstreamCapturePath"):
                # In a read-only scenario each read saw the store as its recording shows.
                section = _section(target.get("capturePath", ""))
                hydrate_upstream_capture(
                    replay,
                    {"upstreamCapturePath": section},
                    document,
                    replay.variables(target["proxyRequest"]),
                )
            else:
                hydrate_upstream_capture(replay, target, document)
            # An isolated target gets a fresh sandbox; the targets after it that preserve the
            # proxy state go on in that one, the others in the scenario's own.
            if target.get("isolatedProxy"):
                active = _isolated(replay)
            elif not target.get("preserveProxyState"):
                active = replay
            actual = active.send(target["proxyRequest"])
            replay.previous = actual
            result.reasons.extend(_explain(actual))
        else:
            actual = replay.primary
            document = primary_document
        replay.responses[str(target.get("name"))] = actual
        if not target.get("proxyPath"):
            continue
        expected = jsonpath.get(capture, target["capturePath"], None)
        got = jsonpath.get(actual, target["proxyPath"], None)
        shared = spec["comparison"].get("expectedDifferences") or []
        rules = {
            **target,
            "expectedDifferences": [*shared, *(target.get("expectedDifferences") or [])],
            # A field the request did not select cannot be in any answer to it, Shopify's
            # included: a capture recorded with a larger document is compared on what this
            # one asks for.
            "responseKeys": response_keys(document) if document else None,
        }
        for problem in compare(expected, got, rules):
            failures.append(f"[{name}] {problem}")
    result.passed = not failures
    result.reasons = [] if result.passed else result.reasons[:2] + failures[:FAILURES_SHOWN]


def run_corpus(root: Path) -> list[ScenarioResult]:
    implemented = implemented_roots()
    specs = sorted((root / "config" / "parity-specs").glob("*/*.json"))
    return [run_scenario(root, path, implemented) for path in specs]


def summarize(results: list[ScenarioResult]) -> dict[str, Any]:
    by_domain: dict[str, dict[str, Any]] = {}
    for r in results:
        entry = by_domain.setdefault(r.domain, {"scenarios": 0, "in_scope": 0, "passed": 0})
        entry["scenarios"] += 1
        if r.in_scope:
            entry["in_scope"] += 1
            entry["passed"] += int(r.passed)
    for entry in by_domain.values():
        entry["pass_rate"] = (
            round(entry["passed"] / entry["in_scope"], 4) if entry["in_scope"] else None
        )
    in_scope = sum(e["in_scope"] for e in by_domain.values())
    passed = sum(e["passed"] for e in by_domain.values())
    return {
        "scenarios": len(results),
        "in_scope": in_scope,
        "passed": passed,
        "pass_rate": round(passed / in_scope, 4) if in_scope else 0.0,
        "by_domain": by_domain,
    }
