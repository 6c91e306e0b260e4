"""Preconditions of a replay: what the recording shows of the store before the scenario.

Hydrates the capture's sections that precede the scenario's own compared responses, the reads
the recording proxy made upstream, and the recording's app and clock; see hydrate.py for how
one recorded response becomes sandbox objects.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from graphql import OperationDefinitionNode, parse
from graphql.error import GraphQLSyntaxError

from stockbridge_sandboxes.shopify.parity import jsonpath
from stockbridge_sandboxes.shopify.parity.created import (
    created_ids,
    data_trees,
    deleted_metafields,
    ensure_metafield,
)
from stockbridge_sandboxes.shopify.parity.hydrate import Hydrator
from stockbridge_sandboxes.shopify.parity.recorded_totals import settle_recorded_totals

if TYPE_CHECKING:
    from stockbridge_sandboxes.shopify.parity.replay import Replay


NOT_SUMMARIES = {
    "data",
    "errors",
    "variables",
    "query",
    "request",
    "input",
    "upstreamCalls",
    "interactions",
}


def summary_objects(value: Any) -> list[Any]:
    """Flat objects with a Shopify id a recorded section holds outside any GraphQL `data`
    (the recording's own summary of the store, e.g. the locations it used)."""
    out: list[Any] = []
    if isinstance(value, dict):
        if isinstance(value.get("id"), str) and value["id"].startswith("gid://shopify/"):
            flat = all(not isinstance(v, (dict, list)) for v in value.values())
            return [value] if flat else []
        for key, item in value.items():
            if key not in NOT_SUMMARIES:
                out.extend(summary_objects(item))
    elif isinstance(value, list):
        for item in value:
            out.extend(summary_objects(item))
    return out


def is_read(text: str) -> bool:
    try:
        document = parse(text)
    except GraphQLSyntaxError:
        return False
    kinds = {
        d.operation.value for d in document.definitions if isinstance(d, OperationDefinitionNode)
    }
    return kinds == {"query"}


def _shop_currency(capture: Any) -> str | None:
    """The recorded store's currency: `Shop.currencyCode` where the recording read it, else
    the most common `shopMoney` currency in the recording."""
    counts: dict[str, int] = {}
    stated: dict[str, int] = {}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            shop = value.get("shopMoney")
            if isinstance(shop, dict) and isinstance(shop.get("currencyCode"), str):
                counts[shop["currencyCode"]] = counts.get(shop["currencyCode"], 0) + 1
            own = value.get("shop")
            if isinstance(own, dict) and isinstance(own.get("currencyCode"), str):
                stated[own["currencyCode"]] = stated.get(own["currencyCode"], 0) + 1
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(capture)
    if stated:
        return max(stated, key=lambda c: stated[c])
    return max(counts, key=lambda c: counts[c]) if counts else None


def _deleted_ids(value: Any) -> list[str]:
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key.startswith("deleted") and isinstance(item, str) and item.startswith("gid://"):
                out.append(item)
            elif key.startswith("deleted") and isinstance(item, list):
                out.extend(i for i in item if isinstance(i, str) and i.startswith("gid://"))
            else:
                out.extend(_deleted_ids(item))
    elif isinstance(value, list):
        for item in value:
            out.extend(_deleted_ids(item))
    return out


def _first_step(path: str) -> str | None:
    try:
        steps = jsonpath.parse(path)
    except ValueError:
        return None
    return steps[0] if steps and isinstance(steps[0], str) else None


APP_NAMESPACE_RE = re.compile(r"\bapp--(\d+)")


def _compared_unit(path: str) -> list[Any]:
    """The recorded response a compared path points into (`$.cases.a.response.data.x` ->
    `cases.a.response`): what the replay must produce, so never a precondition."""
    try:
        steps = jsonpath.parse(path)
    except ValueError:
        return []
    for index, step in enumerate(steps):
        if step in ("response", "data"):
            return list(steps[: index + 1])
    return list(steps[:1])


def _precondition_sections(value: Any, path: list[Any], compared: list[list[Any]]) -> Any:
    """The parts of a capture that show the store before the replay: everything but the
    upstream calls and the compared responses (their siblings, e.g. a case's setup, stay)."""
    if not path and isinstance(value, dict):
        for key, item in value.items():
            if key not in ("upstreamCalls", "interactions"):
                yield from _precondition_sections(item, [key], compared)
        return
    if path in compared:
        return
    if any(unit[: len(path)] == path for unit in compared):
        children = (
            value.items()
            if isinstance(value, dict)
            else enumerate(value)
            if isinstance(value, list)
            else ()
        )
        for key, item in children:
            yield from _precondition_sections(item, [*path, key], compared)
        return
    yield value


def _recorded_references(value: Any, capture: Any) -> list[str]:
    """The recorded ids a spec's request variables take from the capture."""
    out: list[str] = []
    if isinstance(value, dict):
        for key in ("fromCapturePath", "variablesCapturePath"):
            if isinstance(value.get(key), str):
                found = jsonpath.get(capture, value[key], None)
                out.extend(re.findall(r'"(gid://[^"]+)"', json.dumps(found)))
        for item in value.values():
            out.extend(_recorded_references(item, capture))
    elif isinstance(value, list):
        for item in value:
            out.extend(_recorded_references(item, capture))
    return out


def _replayed_writes(replay: Replay) -> list[list[Any]]:
    """Recorded responses of the mutations the replay sends again with their recorded
    variables: what those made is the scenario's own doing, not the store before it."""
    requests = [replay.spec.get("proxyRequest") or {}]
    requests += [t.get("proxyRequest") or {} for t in replay.spec["comparison"]["targets"]]
    out = []
    for request in requests:
        path = str(request.get("variablesCapturePath") or "")
        if not path.endswith(".variables"):
            continue
        try:
            write = not is_read(replay.document(request))
        except (OSError, KeyError):
            continue
        unit = _compared_unit(path.removesuffix(".variables") + ".response")
        if write and len(unit) > 1:
            out.append(unit)
    return out


def hydrate(replay: Replay, own_operations: set[str], keep_created: bool = False) -> None:
    """Establish the recording's preconditions in the sandbox (before any request).
    `keep_created` keeps what the scenario's own creates made (an isolated target's store:
    the recorded store, which holds them)."""
    hydrator = Hydrator(replay.app.store)
    targets = replay.spec["comparison"]["targets"]
    compared = [_compared_unit(t.get("capturePath", "")) for t in targets]
    units = [u for u in compared if u]
    capture = replay.capture
    if own_operations and isinstance(capture, dict):
        # A scenario that writes: the capture lists its sections in the order they were
        # recorded, so what comes after the first compared response shows the store after
        # the scenario's own writes, not before them.
        first = next((i for i, key in enumerate(capture) if any(u[0] == key for u in units)), None)
        if first is not None:
            capture = {
                k: v
                for i, (k, v) in enumerate(capture.items())
                if i <= first or k in ("upstreamCalls", "interactions")
            }
    # What the capture recorded after the scenario's writes began (the excluded sections).
    afterwards = {
        json.dumps(data, sort_keys=True)
        for key, value in (replay.capture.items() if isinstance(replay.capture, dict) else ())
        if key not in capture
        for data in data_trees(value)
    }
    sections = list(_precondition_sections(capture, [], units))
    for section in sections:
        for data in data_trees(section):
            hydrator.json(data)
    # Objects only the recording's summaries show fill in what no response showed.
    summaries = Hydrator(replay.app.store, only_missing=True)
    if isinstance(capture, dict):
        for obj in summary_objects(capture):
            summaries.json(obj)
    # Objects the recording deleted along the way (`deleted...Id` in a payload) are gone.
    for section in sections:
        for gid in _deleted_ids(section):
            replay.app.store.delete(gid)
    later: list[dict[str, Any]] = []
    for call in replay.capture.get("upstreamCalls") or []:
        if not isinstance(call, dict):
            continue
        if (
            later
            or call.get("operationName") in own_operations
            or json.dumps(_call_data(call), sort_keys=True) in afterwards
        ):
            # The proxy lists its calls as it made them: one listed after a call of the
            # scenario's own was made after the scenario began, so after its first write;
            # one answering what a section recorded after the writes did was made then too.
            later.append(call)
            continue
        hydrator.response(call.get("query"), _call_data(call), arguments=_call_variables(call))
    # Reads the scenario itself repeats were recorded after its writes: they only fill in
    # objects no earlier recording showed, never overwrite what the sandbox already holds.
    filler = Hydrator(replay.app.store, only_missing=True)
    for call in later:
        if is_read(str(call.get("query") or "")):
            filler.response(call.get("query"), _call_data(call))
    # What the scenario's own create mutations made cannot exist before them, though later
    # recorded reads show it (a create would find its own handle taken).
    made = created_ids(replay.capture, [u for u in compared if u])
    # ... and what the replayed creates made, unless a later request names it by its
    # recorded id (then the recording's object stands in for the sandbox's).
    named = set(_recorded_references(replay.spec, replay.capture))
    made += [g for g in created_ids(replay.capture, _replayed_writes(replay)) if g not in named]
    for gid in [] if keep_created else made:
        replay.app.store.delete(gid)
    # What the scenario's first request reports deleting existed before the scenario (a
    # later delete may remove what the scenario itself made).
    opening = [
        _compared_unit(t.get("capturePath", ""))
        for t in targets
        if not t.get("proxyRequest") and not t.get("proxyHttpRequest")
    ]
    for identifier in deleted_metafields(replay.capture, [u for u in opening if u]):
        ensure_metafield(replay.app.store, identifier)
    currency = _shop_currency(replay.capture)
    if currency:
        # The recorded shop (hydrated above, or the sandbox's own) keeps the recorded currency.
        shop = replay.app.execute("{ shop { id } }")["data"]["shop"]
        replay.app.store.put(shop["id"], {"currencyCode": currency})
    settle_recorded_totals(replay.app.store)


def _call_variables(call: dict[str, Any]) -> dict[str, Any]:
    found = call.get("variables")
    return found if isinstance(found, dict) else {}


def _call_data(call: dict[str, Any]) -> Any:
    response = call.get("response") or {}
    if not isinstance(response, dict):
        return None
    body = response.get("body") if isinstance(response.get("body"), dict) else response
    return body.get("data") if isinstance(body, dict) else None


def hydrate_upstream_capture(
    replay: Replay,
    target: dict[str, Any],
    document: str,
    variables: dict[str, Any] | None = None,
) -> None:
    path = target.get("upstreamCapturePath")
    if not path:
        return
    value = jsonpath.get(replay.capture, path, None)
    hydrator = Hydrator(replay.app.store)
    trees = (
        [value["data"]]
        if isinstance(value, dict) and isinstance(value.get("data"), dict)
        else data_trees(value)
    )
    for data in trees:
        hydrator.response(document, data, variables)
    settle_recorded_totals(replay.app.store)
