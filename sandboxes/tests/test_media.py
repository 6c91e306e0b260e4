"""Product media: created UPLOADED, processed on the sandbox clock, validated as Shopify does."""

from __future__ import annotations

from typing import Any

import httpx

from sandboxes.tests.conftest import gql
from stockbridge_sandboxes.shopify.clock import FrozenClock

CREATE = """mutation($media: [CreateMediaInput!]) {
  productCreate(product: {title: "Poster"}, media: $media) {
    product { id media(first: 5) { nodes { __typename alt status ... on MediaImage { image { url } } } } }
    userErrors { field message } } }"""
READ = """query($id: ID!) { product(id: $id) {
  media(first: 5) { nodes { id status } }
  images(first: 5) { nodes { url altText } }
  featuredImage { url } featuredMedia { alt } } }"""
ADD = """mutation($id: ID!, $media: [CreateMediaInput!]!) { productCreateMedia(productId: $id, media: $media) {
  media { alt status } userErrors { field message } mediaUserErrors { field message code } } }"""
UPDATE = """mutation($id: ID!, $media: [UpdateMediaInput!]!) { productUpdateMedia(productId: $id, media: $media) {
  media { alt } mediaUserErrors { field message code } } }"""
IMAGE = {"mediaContentType": "IMAGE", "originalSource": "https://example.com/a.png", "alt": "Front"}


def _create(http: httpx.Client, media: list[dict[str, Any]]) -> dict[str, Any]:
    return dict(gql(http, CREATE, {"media": media}).json()["data"]["productCreate"])


def test_an_image_is_uploaded_then_processing_then_ready_with_product_images(
    http: httpx.Client, clock: FrozenClock
) -> None:
    created = _create(http, [IMAGE])
    product_id = created["product"]["id"]
    clock.advance(1)
    processing = gql(http, READ, {"id": product_id}).json()["data"]["product"]
    clock.advance(10)
    ready = gql(http, READ, {"id": product_id}).json()["data"]["product"]

    assert created["product"]["media"]["nodes"] == [
        {"__typename": "MediaImage", "alt": "Front", "status": "UPLOADED", "image": None}
    ]
    assert processing["media"]["nodes"][0]["status"] == "PROCESSING"
    assert (processing["images"]["nodes"], processing["featuredImage"]) == ([], None)
    assert ready["media"]["nodes"][0]["status"] == "READY"
    assert ready["images"]["nodes"] == [{"url": "https://example.com/a.png", "altText": "Front"}]
    assert ready["featuredImage"] == {"url": "https://example.com/a.png"}
    assert ready["featuredMedia"] == {"alt": "Front"}


def test_an_invalid_source_creates_nothing_and_answers_both_error_lists(
    http: httpx.Client,
) -> None:
    product_id = _create(http, [])["product"]["id"]
    bad = {"mediaContentType": "IMAGE", "originalSource": "not-a-url", "alt": "x"}
    answer = gql(http, ADD, {"id": product_id, "media": [bad]}).json()["data"]
    refused = _create(http, [bad])

    assert answer["productCreateMedia"] == {
        "media": [],
        "userErrors": [
            {"field": ["media", "0", "originalSource"], "message": "Image URL is invalid"}
        ],
        "mediaUserErrors": [
            {
                "field": ["media", "0", "originalSource"],
                "message": "Image URL is invalid",
                "code": "INVALID",
            }
        ],
    }
    assert refused["product"] is None
    assert refused["userErrors"] == [
        {"field": ["media", "0", "originalSource"], "message": "Image URL is invalid"}
    ]


def test_update_media_changes_alt_text_of_attached_media_only(http: httpx.Client) -> None:
    product_id = _create(http, [IMAGE])["product"]["id"]
    media_id = gql(http, READ, {"id": product_id}).json()["data"]["product"]["media"]["nodes"][0][
        "id"
    ]
    other = _create(http, [])["product"]["id"]
    updated = gql(http, UPDATE, {"id": product_id, "media": [{"id": media_id, "alt": "Back"}]})
    foreign = gql(http, UPDATE, {"id": other, "media": [{"id": media_id, "alt": "Back"}]})

    assert updated.json()["data"]["productUpdateMedia"] == {
        "media": [{"alt": "Back"}],
        "mediaUserErrors": [],
    }
    assert foreign.json()["data"]["productUpdateMedia"]["mediaUserErrors"][0]["code"] == (
        "MEDIA_DOES_NOT_EXIST_ON_PRODUCT"
    )


def test_staged_uploads_for_3d_models_need_a_size_and_use_a_signed_policy(
    http: httpx.Client,
) -> None:
    stage = """mutation($input: [StagedUploadInput!]!) { stagedUploadsCreate(input: $input) {
      stagedTargets { parameters { name } } userErrors { field message } } }"""
    row = {"resource": "MODEL_3D", "filename": "m.glb", "mimeType": "model/gltf-binary"}
    unsized = gql(http, stage, {"input": [{**row, "httpMethod": "POST"}]}).json()["data"]
    sized = gql(http, stage, {"input": [{**row, "httpMethod": "POST", "fileSize": "1024"}]}).json()[
        "data"
    ]

    assert unsized["stagedUploadsCreate"]["userErrors"] == [
        {
            "field": ["input", "0", "fileSize"],
            "message": "file size is required for 3D model resources",
        }
    ]
    assert [p["name"] for p in sized["stagedUploadsCreate"]["stagedTargets"][0]["parameters"]] == [
        "GoogleAccessId",
        "key",
        "policy",
        "signature",
    ]
