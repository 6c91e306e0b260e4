"""What every connector reads the same way from a channel's loose JSON and webhook headers:
text, money amounts, header values matched case-insensitively, and the base64 HMAC-SHA256 of
a raw body that Shopify and WooCommerce both sign webhooks with. A value of the wrong type is
refused naming its field (`Rejected`), never guessed. Pure."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import Rejected

ZERO = Decimal("0")


def text(data: Mapping[str, Any], key: str, where: str = "") -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Rejected(f"{where}{key}", f"must be text, got {type(value).__name__}")
    return str(value).replace("\x00", "").strip()


def money(value: Any, field: str) -> Decimal:
    """A money amount: decimal text ("10.00") or a number; None/"" is zero."""
    if value is None or value == "":
        return ZERO
    if isinstance(value, bool):
        raise Rejected(field, "must be a decimal amount")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise Rejected(field, f"must be a decimal amount, got {value!r}"[:200]) from exc
    if not amount.is_finite():
        raise Rejected(field, "must be a finite amount")
    return amount


def header(headers: Mapping[str, str], name: str) -> str:
    """A header's value, its name matched case-insensitively ("" when absent)."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return str(value).strip()
    return ""


def signature(raw_body: bytes, secret: str) -> str:
    """base64(HMAC-SHA256(secret, raw body)): how Shopify (`X-Shopify-Hmac-Sha256`) and
    WooCommerce (`X-WC-Webhook-Signature`) sign a webhook."""
    digest = hmac.new(secret.encode(), raw_body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def signed_with(given: str, raw_body: bytes, secrets: Sequence[str]) -> bool:
    """True when `given` (a base64 HMAC-SHA256) signs `raw_body` with one of `secrets`;
    compared in constant time, every secret tried (time does not tell which matched); never
    raises for a malformed signature."""
    try:
        digest = base64.b64decode(given.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return False
    if not given or len(digest) != hashlib.sha256().digest_size:
        return False
    matched = False
    for secret in secrets:
        if secret:
            expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).digest()
            matched |= hmac.compare_digest(expected, digest)
    return matched


def json_object(raw_body: bytes) -> dict[str, Any]:
    """A webhook's body as a JSON object; `Rejected("body", ...)` when it is not one."""
    shown = repr(raw_body[:200])[:600]
    try:
        body = json.loads(raw_body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Rejected("body", "is not JSON", excerpt=shown) from exc
    if not isinstance(body, dict):
        raise Rejected("body", "is not a JSON object", excerpt=shown)
    return body
