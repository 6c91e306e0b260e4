"""Validators for the reference JSON Schemas (`json-schema/<resource>.schema.json`, shapes
`response`, `request`, `list_response`, `batch_request`, `batch_response`) and the error
envelope."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator


@cache
def _document(reference: Path, stem: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(
        (reference / "json-schema" / f"{stem}.schema.json").read_text()
    )
    if stem == "product_variation":
        # The docs' table types a variation's `image` as an object; WooCommerce's variations
        # controller answers null for a variation without an image (`get_image` returns
        # nothing), which is what the sandbox sends. Recorded here as the reference records
        # its own overrides.
        doc = copy.deepcopy(doc)
        doc["$defs"]["response"]["properties"]["image"]["type"] = ["object", "null"]
    return doc


def problems(reference: Path, stem: str, shape: str, value: Any) -> list[str]:
    """Every way `value` breaks the `shape` of `stem` ("error" checks the error envelope)."""
    if stem == "error":
        schema = json.loads((reference / "json-schema" / "error.schema.json").read_text())
    else:
        schema = {**_document(reference, stem), "$ref": f"#/$defs/{shape}"}
    validator = Draft202012Validator(schema)
    return [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(value)
    ]
