"""Input limits checked before execution: list sizes (250, or 2,048 for productSet variants)."""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, value_from_ast_untyped

MAX_INPUT_LIST = 250
# Variant lists follow the 2,048 variants-per-product limit rather than the general cap
# (captured for productSet; productVariantsBulkCreate accepted 1,499 variants in a recording).
LIST_EXCEPTIONS: dict[tuple[str, ...], int] = {
    ("productSet", "input", "variants"): 2048,
    ("productVariantsBulkCreate", "variants"): 2048,
}


def _walk(value: Any, path: list[str], out: list[GraphQLError], node: FieldNode) -> None:
    if isinstance(value, list):
        cap = LIST_EXCEPTIONS.get(tuple(path), MAX_INPUT_LIST)
        if len(value) > cap:
            out.append(
                GraphQLError(
                    f"The input array size of {len(value)} is greater than the maximum allowed "
                    f"of {cap}.",
                    nodes=[node],
                    path=list(path),
                    extensions={"code": "MAX_INPUT_SIZE_EXCEEDED"},
                )
            )
            return
        for item in value:
            _walk(item, path, out, node)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, [*path, key], out, node)


def input_size_errors(
    operation: OperationDefinitionNode, variables: dict[str, Any]
) -> list[GraphQLError]:
    errors: list[GraphQLError] = []
    for selection in operation.selection_set.selections:
        if not isinstance(selection, FieldNode):
            continue
        for arg in selection.arguments or ():
            value = value_from_ast_untyped(arg.value, variables)
            _walk(value, [selection.name.value, arg.name.value], errors, selection)
    return errors
