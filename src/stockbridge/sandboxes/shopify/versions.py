"""Admin API versions the sandbox serves, and Shopify's fall-forward rule for the others."""

from __future__ import annotations

import re

# Stable versions live for a year: on the sandbox's pinned date (2026-11) the oldest one still
# served is 2026-01, so older requests fall forward to it (optional `@idempotent`, optional
# `changeFromQuantity`); 2026-04 makes both mandatory.
SUPPORTED = ("2026-01", "2026-04", "2026-07")
LATEST = SUPPORTED[-1]
VERSION_RE = re.compile(r"^\d{4}-(01|04|07|10)$")


def resolve(requested: str | None) -> str:
    """The version actually served: a supported one as is; older or unknown fall forward.

    Shopify serves the oldest supported stable version when a request names an unsupported one
    (API-NOTES §2.2); a future version the sandbox does not know yet is served as the latest.
    """
    if requested in SUPPORTED:
        return requested
    if requested and VERSION_RE.match(requested) and requested > LATEST:
        return LATEST
    return SUPPORTED[0]


def describe(handle: str, today: str) -> dict[str, object]:
    """Shopify's `ApiVersion` for `handle` on the date `today` (YYYY-MM-DD): a version not yet
    released is the release candidate; the newest released one is "(Latest)"; stable versions
    are supported for a year after release."""
    released = f"{handle}-01"
    if not VERSION_RE.match(handle):
        return {"handle": handle, "displayName": handle, "supported": False}
    if today < released:
        return {
            "handle": handle,
            "displayName": f"{handle} (Release candidate)",
            "supported": False,
        }
    year, month = int(handle[:4]), int(handle[5:7])
    next_year, next_month = (year, month + 3) if month < 10 else (year + 1, 1)
    if today < f"{next_year}-{next_month:02d}-01":
        return {"handle": handle, "displayName": f"{handle} (Latest)", "supported": True}
    return {
        "handle": handle,
        "displayName": handle,
        "supported": today < f"{year + 1}-{month:02d}-01",
    }
