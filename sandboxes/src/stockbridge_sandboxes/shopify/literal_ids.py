"""Inline ID literals: Shopify coerces every `ID` argument to a global id before running a
query, so `bulkOperation(id: "not-a-gid")` fails as a whole with a coercion error."""

from __future__ import annotations

from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    GraphQLSchema,
    Node,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    visit,
)

from stockbridge_sandboxes.shopify.errors import _label, _loc


class _Literals(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.errors: list[dict[str, Any]] = []

    def enter_argument(
        self, node: ArgumentNode, _key: Any, _parent: Any, _path: Any, ancestors: Any
    ) -> None:
        argument = self.type_info.get_argument()
        if argument is None or get_named_type(argument.type).name != "ID":
            return
        if not isinstance(node.value, StringValueNode) or node.value.value.startswith("gid://"):
            return
        chain = [a for a in ancestors if isinstance(a, Node)]
        field = next((a for a in reversed(chain) if isinstance(a, FieldNode)), None)
        labels = [label for label in (_label(a) for a in chain) if label]
        loc = _loc(field) if field is not None else None
        self.errors.append(
            {
                "message": f"Invalid global id '{node.value.value}'",
                "locations": [loc] if loc else [],
                "path": [*labels, node.name.value],
                "extensions": {"code": "argumentLiteralsIncompatible", "typeName": "CoercionError"},
            }
        )


def literal_id_errors(schema: GraphQLSchema, document: DocumentNode) -> list[dict[str, Any]]:
    type_info = TypeInfo(schema)
    literals = _Literals(type_info)
    visit(document, TypeInfoVisitor(type_info, literals))
    return literals.errors
