"""What the OpenAPI document declares beyond each endpoint's own answers: the error responses.

Every operation can answer 400 (input not valid), 401 (no valid token), 404 (an unknown id) and
500 (an unexpected fault, logged); every write can also answer 409 (a conflict with what is
stored) and 413 (a body over the size limit). All of them carry the one error shape.
"""

from __future__ import annotations

from typing import Any

from .inputs import NO_NUL

ERROR_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "properties": {
            "field": {
                "anyOf": [{"type": "string"}, {"type": "null"}],
                "description": "The input at fault as a path (`lines[2].quantity`), if any.",
            },
            "reason": {"type": "string", "description": "Why, for a person to read."},
            "code": {"type": "string", "description": "A stable slug (`invalid`, `not_found`...)"},
        },
        "required": ["field", "reason", "code"],
    },
    "ErrorList": {
        "type": "object",
        "properties": {
            "errors": {"type": "array", "items": {"$ref": "#/components/schemas/Error"}},
        },
        "required": ["errors"],
    },
}

ALL_OPERATIONS = {
    "400": "Input not valid: the request's shape or a rule of the service",
    "401": "No valid API token",
    "404": "Something the request names does not exist",
    "500": "An unexpected fault; it has been logged",
}
WRITES = {
    "409": "Conflicts with what is stored (duplicate, or a state that forbids it)",
    "413": "The body is larger than the limit",
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def _declare_keys(node: Any) -> None:
    """A map keyed by text (`dict[Text, ...]`) comes out of pydantic as `patternProperties`
    {NO_NUL: values}, which leaves a key holding NUL unconstrained (any value). Declared as
    it is checked: every key matches NO_NUL, every value matches the values' schema."""
    if isinstance(node, dict):
        pattern_properties = node.get("patternProperties")
        if (
            isinstance(pattern_properties, dict)
            and list(pattern_properties) == [NO_NUL]
            and "additionalProperties" not in node
        ):
            node["additionalProperties"] = node.pop("patternProperties")[NO_NUL]
            node["propertyNames"] = {**node.get("propertyNames", {}), "pattern": NO_NUL}
        for value in node.values():
            _declare_keys(value)
    elif isinstance(node, list):
        for value in node:
            _declare_keys(value)


# Free JSON (custom fields) as the services check it: any depth, no NUL in any key or text.
JSON_VALUE: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": NO_NUL},
        {"type": "number"},
        {"type": "boolean"},
        {"type": "null"},
        {"type": "array", "items": {"$ref": "#/components/schemas/JsonValue"}},
        {
            "type": "object",
            "propertyNames": {"pattern": NO_NUL},
            "additionalProperties": {"$ref": "#/components/schemas/JsonValue"},
        },
    ]
}


def _declare_custom_fields(schemas: dict[str, Any]) -> None:
    """Each `custom_fields` object takes keys and values without NUL, at any depth."""
    for definition in schemas.values():
        field = (definition.get("properties") or {}).get("custom_fields")
        if isinstance(field, dict) and field.get("type") == "object":
            field["propertyNames"] = {**field.get("propertyNames", {}), "pattern": NO_NUL}
            field["additionalProperties"] = {"$ref": "#/components/schemas/JsonValue"}


def add_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with the error responses declared on every operation, text-keyed maps
    declared whole (`_declare_keys`) and custom fields as they are checked, in place."""
    _declare_keys(schema)
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {}).update(ERROR_SCHEMAS)
    components["schemas"]["JsonValue"] = JSON_VALUE
    _declare_custom_fields(components["schemas"])
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorList"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            statuses = dict(ALL_OPERATIONS)
            if method in WRITE_METHODS:
                statuses.update(WRITES)
            responses = operation.setdefault("responses", {})
            for status, description in statuses.items():
                if status not in responses and int(status) not in responses:
                    responses[status] = {"description": description, "content": content}
    return schema
