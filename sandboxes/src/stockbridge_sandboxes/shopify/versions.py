"""Admin API versions the sandbox serves, and Shopify's fall-forward rule for the others."""

from __future__ import annotations

import re

# Stable versions live for a year: on the sandbox's pinned date (2026-11) the oldest one still
# served is 2026-01, so older requests fall forward to it (optional `@idempotent`, optional
# `changeFromQuantity`); 2026-04 makes both mandatory.
SUPPORTED = ("2026-01", "2026-04", "2026-07")
LATEST = SUPPORTED[-1]
VERSION_RE = re.compile(r"^\d{4}-(01|04|07|10)$")


class UnservedVersion(ValueError):
    """A version the sandbox cannot answer as Shopify would: not a version handle at all
    (Shopify answers 404), or one Shopify serves that the sandbox does not model (`unstable`,
    a release candidate or a stable version newer than the latest modelled)."""

    def __init__(self, requested: str, *, modelled: bool) -> None:
        self.requested = requested
        self.modelled = modelled
        super().__init__(requested)

    def body(self) -> dict[str, str]:
        if not self.modelled:
            return {"errors": "Not Found"}
        return {
            "errors": f"API version {self.requested} is not supported by the sandbox: it "
            f"models {', '.join(SUPPORTED)} (older versions fall forward to {SUPPORTED[0]})"
        }


def resolve(requested: str | None) -> str:
    """The version actually served: a supported one as is; an older stable one (or none)
    falls forward to the oldest supported (Shopify's rule, API-NOTES §2.2).

    `unstable` and stable handles newer than the latest modelled exist on Shopify with a
    schema the sandbox does not hold: they raise `UnservedVersion` rather than being served
    as another version. Anything else is not a version (Shopify: 404 Not Found).
    """
    if requested in SUPPORTED:
        return requested
    if not requested:
        return SUPPORTED[0]
    if requested == "unstable" or (VERSION_RE.match(requested) and requested > LATEST):
        raise UnservedVersion(requested, modelled=True)
    if VERSION_RE.match(requested):
        return SUPPORTED[0]
    raise UnservedVersion(requested, modelled=False)


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
