"""What the OpenAPI document declares beyond each endpoint's own answers: the error responses.

Every operation can answer 400 (input not valid), 401 (no valid token), 404 (an unknown id) and
500 (an unexpected fault, logged); every write can also answer 409 (a conflict with what is
stored) and 413 (a body over the size limit). All of them carry the one error shape.
"""

from __future__ import annotations

from typing import Any

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


def add_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with the error responses declared on every operation (in place)."""
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {}).update(ERROR_SCHEMAS)
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
