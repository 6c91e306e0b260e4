"""Calculated query cost by Shopify's documented rules (API-NOTES §2.3).

Scalars and enums cost 0, objects 1, an interface or union the most expensive of its
selections, a root count (`productsCount`, ...) 10, and a mutation root 10. A connection's
requested cost is 2 plus the cost of one node times a factor that grows with the page size
as Shopify's recorded costs do: ceil(log2(first)) (1 for a page of one or two), `first`/`last`
defaulting to 10. Recorded requested costs follow this (`locations(first: 10)` of
`{id name}` costs 6, five `products(first: 5)` cost 25, `productsCount` alone 10), where
"page size times node cost" would overshoot (a product read with three `first: 250`
connections recorded at 54 points). The actual cost uses the number of nodes returned.
"""

from __future__ import annotations

import math
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLCompositeType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    is_composite_type,
    value_from_ast_untyped,
)

MUTATION_COST = 10
ROOT_COUNT_COST = 10
DEFAULT_PAGE = 10
CONNECTION_WRAPPERS = ("edges", "node", "nodes")


def page_factor(size: int) -> int:
    """How many node costs a requested page of `size` counts for."""
    return max(1, math.ceil(math.log2(size))) if size > 1 else 1


class CostCalculator:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables

    def _fields(self, selection_set: SelectionSetNode | None) -> list[FieldNode]:
        out: list[FieldNode] = []
        if selection_set is None:
            return out
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                out.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                out.extend(self._fields(selection.selection_set))
            else:
                fragment = self.fragments.get(selection.name.value)  # type: ignore[attr-defined]
                if fragment is not None:
                    out.extend(self._fields(fragment.selection_set))
        return out

    def _arg(self, node: FieldNode, name: str) -> Any:
        for arg in node.arguments or ():
            if arg.name.value == name:
                return value_from_ast_untyped(arg.value, self.variables)
        return None

    def selection_cost(
        self, parent: GraphQLCompositeType, selection_set: SelectionSetNode | None, data: Any
    ) -> int:
        """Cost of a selection on one object; `data` is the result (None for requested cost)."""
        total = 0
        fields_map = getattr(parent, "fields", {})
        for node in self._fields(selection_set):
            field = fields_map.get(node.name.value)
            if field is None:
                continue
            key = node.alias.value if node.alias else node.name.value
            value = data.get(key) if isinstance(data, dict) else None
            if parent is self.schema.query_type and get_named_type(field.type).name == "Count":
                total += ROOT_COUNT_COST
                continue
            total += self.field_cost(field.type, node, value, data is not None)
        return total

    def field_cost(self, field_type: Any, node: FieldNode, value: Any, actual: bool) -> int:
        named = get_named_type(field_type)
        if not is_composite_type(named):
            return 0
        if named.name.endswith("Connection") and isinstance(named, GraphQLObjectType):
            size = self._arg(node, "first") or self._arg(node, "last") or DEFAULT_PAGE
            node_type = named.fields["nodes"].type if "nodes" in named.fields else None
            per_node = 0
            for child in self._fields(node.selection_set):
                if child.name.value == "nodes" and node_type is not None:
                    per_node = max(per_node, 1 + self._children(get_named_type(node_type), child))
                elif child.name.value == "edges":
                    edge_type = get_named_type(named.fields["edges"].type)
                    for grandchild in self._fields(child.selection_set):
                        if grandchild.name.value == "node":
                            inner = get_named_type(edge_type.fields["node"].type)
                            per_node = max(per_node, 1 + self._children(inner, grandchild))
            if actual and isinstance(value, dict):
                spent = self._actual_nodes(named, node, value)
                if spent is not None:
                    return 2 + spent
            return 2 + page_factor(int(size)) * per_node
        if isinstance(value, list):
            return sum(1 + self._children(named, node, item) for item in value)
        if actual and value is None:
            return 1
        return 1 + self._children(named, node, value if actual else None)

    def _actual_nodes(
        self, conn: GraphQLObjectType, node: FieldNode, value: dict[str, Any]
    ) -> int | None:
        """Cost of the nodes a connection returned (None when it returned none)."""
        best: int | None = None
        for child in self._fields(node.selection_set):
            key = child.alias.value if child.alias else child.name.value
            items = value.get(key)
            if not isinstance(items, list) or not items:
                continue
            if child.name.value == "nodes":
                inner = get_named_type(conn.fields["nodes"].type)
                total = sum(1 + self._children(inner, child, item) for item in items)
            elif child.name.value == "edges":
                edge_type = get_named_type(conn.fields["edges"].type)
                inner = get_named_type(edge_type.fields["node"].type)
                total = 0
                for grandchild in self._fields(child.selection_set):
                    if grandchild.name.value != "node":
                        continue
                    gkey = grandchild.alias.value if grandchild.alias else "node"
                    total = sum(
                        1 + self._children(inner, grandchild, (edge or {}).get(gkey))
                        for edge in items
                    )
            else:
                continue
            best = total if best is None else max(best, total)
        return best

    def _children(self, named: Any, node: FieldNode, value: Any = None) -> int:
        if hasattr(named, "fields"):
            return self.selection_cost(named, node.selection_set, value)
        # Interface or union: the most expensive possible type.
        best = 0
        for possible in self.schema.get_possible_types(named):
            best = max(best, self.selection_cost(possible, node.selection_set, value))
        return best


def requested_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> int:
    calc = CostCalculator(schema, fragments, variables)
    if operation.operation.value == "mutation":
        return MUTATION_COST * len(calc._fields(operation.selection_set))
    root = schema.query_type
    assert root is not None
    return calc.selection_cost(root, operation.selection_set, None)


def actual_cost(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
    data: dict[str, Any] | None,
) -> int:
    calc = CostCalculator(schema, fragments, variables)
    if operation.operation.value == "mutation":
        return MUTATION_COST * len(calc._fields(operation.selection_set))
    root = schema.query_type
    assert root is not None
    return calc.selection_cost(root, operation.selection_set, data or {})
