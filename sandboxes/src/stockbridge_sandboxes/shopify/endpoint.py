"""One Admin GraphQL request, end to end: parse, validate, limits, cost, bucket, execute.

Returns the HTTP status and the JSON body Shopify would send, `extensions.cost` included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import (
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    parse,
    validate,
)
from graphql.error import GraphQLSyntaxError

from stockbridge_sandboxes.shopify.cost import actual_cost, requested_cost
from stockbridge_sandboxes.shopify.errors import translate_validation, variable_errors
from stockbridge_sandboxes.shopify.graph import run, schema
from stockbridge_sandboxes.shopify.limits import input_size_errors
from stockbridge_sandboxes.shopify.literal_ids import literal_id_errors
from stockbridge_sandboxes.shopify.resolvers.registry import Context
from stockbridge_sandboxes.shopify.throttle import MAX_SINGLE_QUERY_COST, Throttle
from stockbridge_sandboxes.shopify.variant_limit import MESSAGE, VariantLimitReached

RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits"
LIMITS_DOCS = "https://shopify.dev/api/usage/limits#rate-limits"


@dataclass
class Outcome:
    body: dict[str, Any]
    requested: int | None = None
    actual: int | None = None
    operation: str | None = None
    status: int = 200


def _error(error: GraphQLError) -> dict[str, Any]:
    out: dict[str, Any] = {"message": error.message}
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    if error.path:
        out["path"] = list(error.path)
    if error.extensions:
        out["extensions"] = dict(error.extensions)
    return out


def _operation(
    document: Any, name: str | None
) -> tuple[OperationDefinitionNode | None, dict[str, FragmentDefinitionNode]]:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    if name:
        chosen = [o for o in operations if o.name and o.name.value == name]
        return (chosen[0] if chosen else None), fragments
    return (operations[0] if len(operations) == 1 else None), fragments


def execute_request(
    ctx: Context,
    throttle: Throttle,
    bucket_key: tuple[str, str],
    query: str,
    variables: dict[str, Any] | None,
    operation_name: str | None,
) -> Outcome:
    variables = variables or {}
    served = schema(ctx.version)
    try:
        document = parse(query)
    except GraphQLSyntaxError as exc:
        return Outcome({"errors": [_error(exc)]})
    problems = validate(served, document)
    if problems:
        return Outcome({"errors": translate_validation(served, document, problems)})
    coercion = literal_id_errors(served, document)
    if coercion:
        return Outcome({"errors": coercion})
    operation, fragments = _operation(document, operation_name)
    if operation is None:
        message = (
            f'No operation named "{operation_name}"'
            if operation_name
            else "An operation name is required"
        )
        return Outcome({"errors": [{"message": message}]})
    op_name = operation.name.value if operation.name else None
    invalid = variable_errors(served, operation, variables)
    if invalid:
        return Outcome({"errors": invalid}, operation=op_name)
    too_big = input_size_errors(operation, variables)
    if too_big:
        return Outcome({"errors": [_error(e) for e in too_big]}, operation=op_name)
    cost = requested_cost(served, operation, fragments, variables)
    if cost > MAX_SINGLE_QUERY_COST:
        message = (
            f"Query cost is {cost}, which exceeds the single query max cost limit "
            f"({MAX_SINGLE_QUERY_COST}).\n\nSee {LIMITS_DOCS} for more information on how "
            "the cost of a query is calculated.\n\nTo query larger amounts of data with fewer "
            "limits, bulk operations should be used instead.\nSee "
            "https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage "
            "details.\n"
        )
        error = {
            "message": message,
            "extensions": {
                "code": "MAX_COST_EXCEEDED",
                "cost": cost,
                "maxCost": MAX_SINGLE_QUERY_COST,
                "documentation": LIMITS_DOCS,
            },
        }
        return Outcome({"errors": [error]}, requested=cost, operation=op_name)
    if not throttle.take(bucket_key, cost):
        body: dict[str, Any] = {
            "errors": [
                {
                    "message": "Throttled",
                    "extensions": {"code": "THROTTLED", "documentation": RATE_LIMIT_DOCS},
                }
            ],
            "extensions": {
                "cost": {
                    "requestedQueryCost": cost,
                    "actualQueryCost": None,
                    "throttleStatus": throttle.status(bucket_key),
                }
            },
        }
        return Outcome(body, requested=cost, operation=op_name)
    result = run(ctx, document, variables, operation_name)
    if any(isinstance(e.original_error, VariantLimitReached) for e in result.errors or ()):
        # nothing was written (the resolver refused first); the budget spent is kept
        return Outcome({"errors": MESSAGE}, requested=cost, operation=op_name, status=429)
    spent = actual_cost(served, operation, fragments, variables, result.data)
    spent = min(spent, cost)
    throttle.refund(bucket_key, cost - spent)
    body = {}
    if result.errors:
        body["errors"] = [_error(e) for e in result.errors]
    body["data"] = result.data
    body["extensions"] = {
        "cost": {
            "requestedQueryCost": cost,
            "actualQueryCost": spent,
            "throttleStatus": throttle.status(bucket_key),
        }
    }
    if ctx.search:
        body["extensions"]["search"] = ctx.search
    return Outcome(body, requested=cost, actual=spent, operation=op_name)
