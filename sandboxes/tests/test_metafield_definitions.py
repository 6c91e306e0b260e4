"""Metafield definitions: create/update/delete with Shopify's checks, and the type they give
`metafieldsSet` rows that omit it."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql

CREATE = """mutation($d: MetafieldDefinitionInput!) { metafieldDefinitionCreate(definition: $d) {
  createdDefinition { id namespace key ownerType type { name category } validations { name value }
    pinnedPosition validationStatus }
  userErrors { field message code } } }"""
UPDATE = """mutation($d: MetafieldDefinitionUpdateInput!) { metafieldDefinitionUpdate(definition: $d) {
  updatedDefinition { name validations { name value } } userErrors { field message code } } }"""
DELETE = """mutation($id: ID!) { metafieldDefinitionDelete(id: $id) {
  deletedDefinitionId deletedDefinition { ownerType namespace key } userErrors { code } } }"""
PRODUCT = 'mutation { productCreate(product: {title: "Spec"}) { product { id } } }'
SET = """mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) {
  metafields { type value definition { id } } userErrors { field message code } } }"""


def _definition(**overrides: Any) -> dict[str, Any]:
    return {
        "namespace": "specs",
        "key": "material",
        "name": "Material",
        "ownerType": "PRODUCT",
        "type": "multi_line_text_field",
        **overrides,
    }


def _create(http: httpx.Client, **overrides: Any) -> dict[str, Any]:
    body = gql(http, CREATE, {"d": _definition(**overrides)}).json()
    return dict(body["data"]["metafieldDefinitionCreate"])


def test_a_definition_is_created_with_its_type_category(http: httpx.Client) -> None:
    created = _create(http, type="number_decimal", validations=[{"name": "min", "value": "1.5"}])

    assert created["userErrors"] == []
    assert {k: v for k, v in created["createdDefinition"].items() if k != "id"} == {
        "namespace": "specs",
        "key": "material",
        "ownerType": "PRODUCT",
        "type": {"name": "number_decimal", "category": "NUMBER"},
        "validations": [{"name": "min", "value": "1.5"}],
        "pinnedPosition": None,
        "validationStatus": "ALL_VALID",
    }


def test_bad_names_types_options_and_duplicates_are_refused(http: httpx.Client) -> None:
    short = _create(http, namespace="ab", key="x")["userErrors"]
    characters = _create(http, namespace="my space")["userErrors"]
    option = _create(
        http, type="single_line_text_field", validations=[{"name": "pattern", "value": "."}]
    )
    decimal = _create(http, type="number_decimal", validations=[{"name": "min", "value": "x"}])
    unknown = _create(http, type="made_up")["userErrors"][0]
    _create(http)
    taken = _create(http)["userErrors"]

    assert [(e["field"], e["code"]) for e in short] == [
        (["definition", "namespace"], "TOO_SHORT"),
        (["definition", "key"], "TOO_SHORT"),
    ]
    assert characters[0]["message"] == "Namespace contains one or more invalid characters."
    assert option["userErrors"][0]["message"] == (
        "Validations value for option pattern contains an invalid value: "
        "'pattern' isn't supported for single_line_text_field."
    )
    assert decimal["userErrors"][0]["message"] == (
        "Validations value for option min must be a decimal."
    )
    assert (unknown["code"], unknown["field"]) == ("INCLUSION", ["definition", "type"])
    assert unknown["message"].startswith("Type name made_up is not a valid type. Valid types are:")
    assert [e["code"] for e in taken] == ["TAKEN"]


def test_update_checks_options_against_the_stored_type_and_delete_removes(
    http: httpx.Client,
) -> None:
    definition_id = _create(http)["createdDefinition"]["id"]
    bad = gql(http, UPDATE, {"d": {**_key(), "validations": [{"name": "nope", "value": "1"}]}})
    good = gql(http, UPDATE, {"d": {**_key(), "name": "Fabric"}})
    deleted = gql(http, DELETE, {"id": definition_id}).json()["data"]["metafieldDefinitionDelete"]
    missing = gql(http, UPDATE, {"d": {**_key(), "name": "Again"}})

    assert bad.json()["data"]["metafieldDefinitionUpdate"]["userErrors"][0]["code"] == (
        "INVALID_OPTION"
    )
    assert good.json()["data"]["metafieldDefinitionUpdate"]["updatedDefinition"]["name"] == (
        "Fabric"
    )
    assert deleted == {
        "deletedDefinitionId": definition_id,
        "deletedDefinition": {"ownerType": "PRODUCT", "namespace": "specs", "key": "material"},
        "userErrors": [],
    }
    assert missing.json()["data"]["metafieldDefinitionUpdate"]["userErrors"][0]["code"] == (
        "NOT_FOUND"
    )


def test_metafields_set_takes_the_type_from_the_definition(http: httpx.Client) -> None:
    definition_id = _create(http)["createdDefinition"]["id"]
    product_id = gql(http, PRODUCT).json()["data"]["productCreate"]["product"]["id"]
    row = {"ownerId": product_id, "namespace": "specs", "key": "material", "value": "wool"}
    answer = gql(http, SET, {"m": [row]}).json()["data"]["metafieldsSet"]

    assert answer == {
        "metafields": [
            {"type": "multi_line_text_field", "value": "wool", "definition": {"id": definition_id}}
        ],
        "userErrors": [],
    }


def _key() -> dict[str, str]:
    return {"namespace": "specs", "key": "material", "ownerType": "PRODUCT"}


CAPABLE = """mutation($d: MetafieldDefinitionInput!) { metafieldDefinitionCreate(definition: $d) {
  createdDefinition { type { name } capabilities { uniqueValues { eligible enabled } } }
  userErrors { field message code } } }"""


def test_unique_values_capability_by_type(http: httpx.Client) -> None:
    def create(key: str, kind: str, enabled: bool | None = None) -> Any:
        definition = _definition(key=key, type=kind)
        if enabled is not None:
            definition["capabilities"] = {"uniqueValues": {"enabled": enabled}}
        return gql(http, CAPABLE, {"d": definition}).json()["data"]["metafieldDefinitionCreate"]

    external = create("external_id", "id")
    refused = create("other_id", "id", enabled=False)
    code = create("code", "single_line_text_field", enabled=True)
    notes = create("notes", "multi_line_text_field")

    assert external["createdDefinition"]["capabilities"] == {
        "uniqueValues": {"eligible": True, "enabled": True}
    }
    assert refused == {
        "createdDefinition": None,
        "userErrors": [
            {
                "field": ["definition"],
                "message": "Capability unique_values is required for type id but is disabled",
                "code": "CAPABILITY_REQUIRED_BUT_DISABLED",
            }
        ],
    }
    assert code["createdDefinition"]["capabilities"]["uniqueValues"] == {
        "eligible": True,
        "enabled": True,
    }
    assert notes["createdDefinition"]["capabilities"]["uniqueValues"] == {
        "eligible": False,
        "enabled": False,
    }


READ_ONE = """query($id: ID, $identifier: MetafieldDefinitionIdentifierInput) {
  metafieldDefinition(id: $id, identifier: $identifier) { id name description } }"""


def test_a_definition_reads_by_id_or_identifier_and_long_descriptions_are_refused(
    http: httpx.Client,
) -> None:
    created = gql(http, CREATE, {"d": _definition(description="Original")}).json()
    gid = created["data"]["metafieldDefinitionCreate"]["createdDefinition"]["id"]
    identifier = {"ownerType": "PRODUCT", "namespace": "specs", "key": "material"}
    too_long = gql(http, UPDATE, {"d": {**identifier, "description": "D" * 256}}).json()["data"][
        "metafieldDefinitionUpdate"
    ]

    by_id = gql(http, READ_ONE, {"id": gid}).json()["data"]["metafieldDefinition"]
    by_identifier = gql(http, READ_ONE, {"identifier": identifier}).json()["data"]
    missing = gql(http, READ_ONE, {"identifier": {**identifier, "key": "nope"}}).json()["data"]

    assert too_long["userErrors"] == [
        {
            "field": ["definition", "description"],
            "message": "Description is too long (maximum is 255 characters)",
            "code": "TOO_LONG",
        }
    ]
    assert by_id == {"id": gid, "name": "Material", "description": "Original"}
    assert by_identifier["metafieldDefinition"] == by_id
    assert missing["metafieldDefinition"] is None


LIST = """query($namespace: String, $key: String, $query: String, $sort: MetafieldDefinitionSortKeys,
          $reverse: Boolean, $pinned: MetafieldDefinitionPinnedStatus) {
  metafieldDefinitions(ownerType: PRODUCT, namespace: $namespace, key: $key, query: $query,
                       sortKey: $sort, reverse: $reverse, pinnedStatus: $pinned, first: 10) {
    nodes { key name } } }"""


def test_definitions_list_by_owner_namespace_key_pinning_search_and_sort(
    http: httpx.Client,
) -> None:
    for key, name, pin in (("beta", "Zulu", True), ("alpha", "Alpha", False)):
        gql(http, CREATE, {"d": _definition(key=key, name=name, pin=pin)})
    gql(http, CREATE, {"d": _definition(key="gamma", name="Other", namespace="elsewhere")})

    def names(**variables: Any) -> list[str]:
        body = gql(http, LIST, {"namespace": "specs", **variables}).json()
        return [n["name"] for n in body["data"]["metafieldDefinitions"]["nodes"]]

    assert names() == ["Zulu", "Alpha"]
    assert names(sort="NAME") == ["Alpha", "Zulu"]
    assert names(sort="NAME", reverse=True) == ["Zulu", "Alpha"]
    assert names(key="alpha") == ["Alpha"]
    assert names(query="key:alpha") == ["Alpha"]
    assert names(pinned="PINNED") == ["Zulu"]
    assert names(pinned="UNPINNED") == ["Alpha"]


DETAIL = """query($identifier: MetafieldDefinitionIdentifierInput) {
  metafieldDefinition(identifier: $identifier) {
    access { admin storefront customerAccount }
    capabilities { adminFilterable { eligible enabled status }
      smartCollectionCondition { eligible enabled } uniqueValues { eligible enabled } }
    metafields(first: 5) { nodes { key value } } } }"""


def test_a_definition_shows_its_access_capabilities_and_metafields(http: httpx.Client) -> None:
    definition = _definition(
        type="single_line_text_field",
        capabilities={"smartCollectionCondition": {"enabled": True}},
    )
    gql(http, CREATE, {"d": definition})
    owner = gql(http, PRODUCT).json()["data"]["productCreate"]["product"]["id"]
    row = {"ownerId": owner, "namespace": "specs", "key": "material", "value": "Wool"}
    gql(http, SET, {"m": [row]})
    identifier = {"ownerType": "PRODUCT", "namespace": "specs", "key": "material"}

    body = gql(http, DETAIL, {"identifier": identifier}).json()["data"]["metafieldDefinition"]

    assert body == {
        "access": {"admin": "PUBLIC_READ_WRITE", "storefront": "NONE", "customerAccount": "NONE"},
        "capabilities": {
            "adminFilterable": {"eligible": True, "enabled": False, "status": "NOT_FILTERABLE"},
            "smartCollectionCondition": {"eligible": True, "enabled": True},
            "uniqueValues": {"eligible": True, "enabled": False},
        },
        "metafields": {"nodes": [{"key": "material", "value": "Wool"}]},
    }


def test_pinned_position_order_lists_the_highest_position_first(http: httpx.Client) -> None:
    for key, pin in (("first", True), ("second", True), ("loose", False)):
        gql(http, CREATE, {"d": _definition(key=key, name=key.title(), pin=pin)})

    body = gql(
        http,
        """{ metafieldDefinitions(ownerType: PRODUCT, first: 5, sortKey: PINNED_POSITION) {
          nodes { key pinnedPosition } } }""",
    ).json()["data"]["metafieldDefinitions"]["nodes"]

    assert body == [
        {"key": "second", "pinnedPosition": 2},
        {"key": "first", "pinnedPosition": 1},
        {"key": "loose", "pinnedPosition": None},
    ]
