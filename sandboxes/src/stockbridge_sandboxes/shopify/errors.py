"""Request errors in Shopify's shapes (its Ruby GraphQL server's messages and codes).

graphql-core finds the problems; this module words them as Shopify does: `undefinedField`,
`missingRequiredArguments`, `argumentLiteralsIncompatible`,
`missingRequiredInputObjectAttribute`, and `INVALID_VARIABLE` with its `problems` list.
"""

from __future__ import annotations

import re
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    InlineFragmentNode,
    Node,
    ObjectFieldNode,
    OperationDefinitionNode,
    VariableDefinitionNode,
    Visitor,
    get_named_type,
    print_ast,
    type_from_ast,
    visit,
)

UNDEFINED_FIELD = re.compile(r"^Cannot query field '(\w+)' on type '(\w+)'\.")
MISSING_ARGUMENT = re.compile(r"^Argument '\w+\.(\w+)\((\w+):\)' of type '([^']+)' is required")
BAD_ENUM = re.compile(r"^Value '[^']*' does not exist in '\w+' enum\.")
BAD_LITERAL = re.compile(r"^(Enum '\w+' cannot represent|Expected value of type '[^']+', found)")
NULL_LITERAL = re.compile(r"^Expected value of non-null type '([^']+)' not to be None\.")
UNKNOWN_INPUT_FIELD = re.compile(
    r"^Expected value of type '(\w+)' not to include unknown field '(\w+)'"
)
UNKNOWN_ARGUMENT = re.compile(r"^Unknown argument '(\w+)' on field '\w+\.(\w+)'")
MISSING_INPUT_FIELD = re.compile(
    r"^Expected value of type '(\w+)' to include required field '(\w+)'"
)


class _Ancestry(Visitor):
    def __init__(self, targets: set[int]) -> None:
        super().__init__()
        self.targets = targets
        self.found: dict[int, list[Node]] = {}

    def enter(self, node: Node, key: Any, parent: Any, path: Any, ancestors: Any) -> None:
        if id(node) in self.targets:
            chain = [a for a in ancestors if isinstance(a, Node)]
            if isinstance(parent, Node):
                chain.append(parent)
            self.found[id(node)] = [*chain, node]


def _label(node: Node) -> str | None:
    if isinstance(node, OperationDefinitionNode):
        kind = node.operation.value
        return f"{kind} {node.name.value}" if node.name else kind
    if isinstance(node, FragmentDefinitionNode):
        return f"fragment {node.name.value}"
    if isinstance(node, InlineFragmentNode):
        return f"... on {node.type_condition.name.value}" if node.type_condition else "..."
    if isinstance(node, FieldNode) and node.alias:
        return node.alias.value  # Shopify's error paths name a field by its response key
    if isinstance(node, FieldNode | ArgumentNode | ObjectFieldNode):
        return node.name.value
    return None


def _loc(node: Node) -> dict[str, int] | None:
    if node.loc is None:
        return None
    source = node.loc.source
    line = source.body.count("\n", 0, node.loc.start) + 1
    column = node.loc.start - source.body.rfind("\n", 0, node.loc.start)
    return {"line": line, "column": column}


def translate_validation(
    schema: GraphQLSchema, document: DocumentNode, errors: list[GraphQLError]
) -> list[dict[str, Any]]:
    nodes = {id(n) for e in errors for n in (e.nodes or [])}
    ancestry = _Ancestry(nodes)
    visit(document, ancestry)
    out = []
    for error in errors:
        node = error.nodes[0] if error.nodes else None
        chain = ancestry.found.get(id(node), []) if node is not None else []
        labels = [lbl for lbl in (_label(n) for n in chain) if lbl]
        out.append(_shopify(schema, error, chain, labels))
    return out


def _shopify(
    schema: GraphQLSchema, error: GraphQLError, chain: list[Node], labels: list[str]
) -> dict[str, Any]:
    message = error.message
    loc = _loc(chain[-1]) if chain else None
    base: dict[str, Any] = {"locations": [loc] if loc else []}
    if match := UNDEFINED_FIELD.match(message):
        field, type_name = match.groups()
        return {
            "message": f"Field '{field}' doesn't exist on type '{type_name}'",
            **base,
            "path": labels,
            "extensions": {"code": "undefinedField", "typeName": type_name, "fieldName": field},
        }
    if match := MISSING_ARGUMENT.match(message):
        field, argument, _type = match.groups()
        return {
            "message": f"Field '{field}' is missing required arguments: {argument}",
            **base,
            "path": labels,
            "extensions": {
                "code": "missingRequiredArguments",
                "className": "Field",
                "name": field,
                "arguments": argument,
            },
        }
    if NULL_LITERAL.match(message) or BAD_ENUM.match(message) or BAD_LITERAL.match(message):
        literal = chain[-1] if chain else None
        owner = next(
            (n for n in reversed(chain[:-1]) if isinstance(n, ArgumentNode | ObjectFieldNode)), None
        )
        holder = next((n for n in reversed(chain) if isinstance(n, FieldNode)), None)
        name = owner.name.value if owner is not None else "?"
        expected = _literal_type(schema, chain) or "?"
        shown = (
            print_ast(owner.value)
            if owner is not None
            else (print_ast(literal) if literal is not None else "null")
        )
        if isinstance(owner, ObjectFieldNode):
            input_type = _input_owner(schema, chain) or "InputObject"
            text = (
                f"Argument '{name}' on InputObject '{input_type}' has an invalid value "
                f"({shown}). Expected type '{expected}'."
            )
            type_name = "InputObject"
        else:
            field = holder.name.value if holder is not None else "?"
            text = (
                f"Argument '{name}' on Field '{field}' has an invalid value ({shown}). "
                f"Expected type '{expected}'."
            )
            type_name = "Field"
        at = _loc(holder) if holder is not None else loc
        until = chain.index(owner) + 1 if owner is not None else len(chain)
        path = [lbl for lbl in (_label(n) for n in chain[:until]) if lbl]
        return {
            "message": text,
            "locations": [at] if at else [],
            "path": path,
            "extensions": {
                "code": "argumentLiteralsIncompatible",
                "typeName": type_name,
                "argumentName": name,
            },
        }
    if match := UNKNOWN_INPUT_FIELD.match(message):
        input_type, field = match.groups()
        return {
            "message": f"InputObject '{input_type}' doesn't accept argument '{field}'",
            **base,
            "path": labels if labels[-1:] == [field] else [*labels, field],
            "extensions": {
                "code": "argumentNotAccepted",
                "name": input_type,
                "typeName": "InputObject",
                "argumentName": field,
            },
        }
    if match := UNKNOWN_ARGUMENT.match(message):
        argument, field = match.groups()
        return {
            "message": f"Field '{field}' doesn't accept argument '{argument}'",
            **base,
            "path": labels if labels[-1:] == [argument] else [*labels, argument],
            "extensions": {
                "code": "argumentNotAccepted",
                "name": field,
                "typeName": "Field",
                "argumentName": argument,
            },
        }
    if match := MISSING_INPUT_FIELD.match(message):
        input_type, field = match.groups()
        field_type = _field_type(schema, input_type, field) or "ID!"
        return {
            "message": f"Argument '{field}' on InputObject '{input_type}' is required. "
            f"Expected type {field_type}",
            **base,
            "path": [*labels, field],
            "extensions": {
                "code": "missingRequiredInputObjectAttribute",
                "argumentName": field,
                "argumentType": field_type,
                "inputObjectType": input_type,
            },
        }
    out: dict[str, Any] = {"message": message, **base}
    if labels:
        out["path"] = labels
    return out


def _input_owner(schema: GraphQLSchema, chain: list[Node]) -> str | None:
    """The input object type holding the last ObjectField of `chain` (top-level fields)."""
    operation = next((n for n in chain if isinstance(n, OperationDefinitionNode)), None)
    root = (
        schema.mutation_type
        if operation and operation.operation.value == "mutation"
        else (schema.query_type)
    )
    current: Any = None
    owner: str | None = None
    for node in chain:
        if isinstance(node, FieldNode) and current is None and root is not None:
            field = root.fields.get(node.name.value)
            current = ("field", field)
        elif isinstance(node, ArgumentNode) and current and current[0] == "field":
            arg = current[1].args.get(node.name.value) if current[1] else None
            current = ("type", get_named_type(arg.type) if arg else None)
        elif isinstance(node, ObjectFieldNode) and current and current[0] == "type":
            holder = current[1]
            owner = holder.name if holder is not None else None
            field = (
                holder.fields.get(node.name.value)
                if isinstance(holder, GraphQLInputObjectType)
                else None
            )
            current = ("type", get_named_type(field.type) if field else None)
    return owner


def _literal_type(schema: GraphQLSchema, chain: list[Node]) -> str | None:
    """The declared type (with list/non-null marks) of the argument or input field whose
    literal is at the end of `chain`."""
    operation = next((n for n in chain if isinstance(n, OperationDefinitionNode)), None)
    parent: Any = (
        schema.mutation_type
        if operation and operation.operation.value == "mutation"
        else schema.query_type
    )
    declared: Any = None
    field_def: Any = None
    for node in chain:
        if isinstance(node, FieldNode) and parent is not None:
            field_def = getattr(parent, "fields", {}).get(node.name.value)
            parent = get_named_type(field_def.type) if field_def else None
        elif isinstance(node, ArgumentNode) and field_def is not None:
            arg = field_def.args.get(node.name.value)
            declared = arg.type if arg else None
        elif isinstance(node, ObjectFieldNode) and declared is not None:
            holder = get_named_type(declared)
            fields = getattr(holder, "fields", {})
            declared = fields[node.name.value].type if node.name.value in fields else None
    return str(declared) if declared is not None else None


def _field_type(schema: GraphQLSchema, input_type: str, field: str) -> str | None:
    type_ = schema.get_type(input_type)
    if isinstance(type_, GraphQLInputObjectType) and field in type_.fields:
        return str(type_.fields[field].type)
    return None


# -- variables ---------------------------------------------------------------------------
def _problems(type_: Any, value: Any, path: list[Any], present: bool) -> list[dict[str, Any]]:
    if isinstance(type_, GraphQLNonNull):
        if value is None:
            return [{"path": path, "explanation": "Expected value to not be null"}]
        return _problems(type_.of_type, value, path, present)
    if value is None:
        return []
    if isinstance(type_, GraphQLList):
        items = value if isinstance(value, list) else [value]
        return [
            p
            for i, item in enumerate(items)
            for p in _problems(
                type_.of_type, item, [*path, i] if isinstance(value, list) else path, True
            )
        ]
    if isinstance(type_, GraphQLInputObjectType):
        if not isinstance(value, dict):
            return [{"path": path, "explanation": f"Expected {value!r} to be a key-value object"}]
        out = [
            {"path": [*path, key], "explanation": f"Field is not defined on {type_.name}"}
            for key in value
            if key not in type_.fields
        ]
        for name, field in type_.fields.items():
            if name in value:
                out.extend(_problems(field.type, value[name], [*path, name], True))
            elif isinstance(field.type, GraphQLNonNull) and field.default is None:
                out.append({"path": [*path, name], "explanation": "Expected value to not be null"})
        return out
    if (
        isinstance(type_, GraphQLScalarType)
        and type_.name == "ID"
        and (not isinstance(value, str) or not value.startswith("gid://"))
    ):
        text = f"Invalid global id '{value}'"
        return [{"path": path, "explanation": text, "message": text}]
    if isinstance(type_, GraphQLScalarType) and type_.name == "URL" and "://" not in str(value):
        text = f"Invalid url '{value}', missing scheme"
        return [{"path": path, "explanation": text, "message": text}]
    if isinstance(type_, GraphQLEnumType) and (
        not isinstance(value, str) or value not in type_.values
    ):
        shown = f'"{value}"' if isinstance(value, str) else repr(value)
        explanation = f"Expected {shown} to be one of: {', '.join(type_.values)}"
        return [{"path": path, "explanation": explanation}]
    return []


def variable_errors(
    schema: GraphQLSchema, operation: OperationDefinitionNode, variables: dict[str, Any]
) -> list[dict[str, Any]]:
    out = []
    for definition in operation.variable_definitions or ():
        assert isinstance(definition, VariableDefinitionNode)
        name = definition.variable.name.value
        type_ = type_from_ast(schema, definition.type)
        if type_ is None:
            continue
        present = name in variables
        if not present and definition.default_value is not None:
            continue
        value = variables.get(name)
        problems = _problems(type_, value, [], present)
        if not problems:
            continue
        described = [
            f"{'.'.join(str(p) for p in pr['path'])} ({pr['explanation']})"
            for pr in problems
            if pr["path"]
        ]
        message = f"Variable ${name} of type {type_} was provided invalid value"
        if described:
            message += " for " + ", ".join(described)
        loc = _loc(definition)
        out.append(
            {
                "message": message,
                "locations": [loc] if loc else [],
                "extensions": {"code": "INVALID_VARIABLE", "value": value, "problems": problems},
            }
        )
    return out
