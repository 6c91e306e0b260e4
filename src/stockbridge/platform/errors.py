"""The error every layer shares: a failure that names the field and the reason."""

from __future__ import annotations


class StockbridgeError(Exception):
    """Base of every error Stockbridge raises on purpose."""


class FieldError(StockbridgeError):
    """Bad input: `field` names what was wrong (dotted path for nested input), `reason` says why.

    `code` is a stable machine-readable slug (e.g. ``duplicate``, ``invalid``, ``not_found``).
    """

    code = "invalid"

    def __init__(self, field: str, reason: str, *, code: str | None = None) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "reason": self.reason, "code": self.code}


class NotFound(FieldError):
    """The thing a field refers to does not exist."""

    code = "not_found"


class Conflict(FieldError):
    """The write would break a uniqueness rule (duplicate SKU, code...)."""

    code = "duplicate"


class Forbidden(FieldError):
    """The caller is known but may not do this (a read-only token writing, say)."""

    code = "forbidden"


class ValidationErrors(StockbridgeError):
    """Several field errors found at once; nothing was written."""

    def __init__(self, errors: list[FieldError]) -> None:
        if not errors:
            raise ValueError("ValidationErrors needs at least one error")
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


class ConfigurationError(FieldError):
    """An environment variable holds a value Stockbridge cannot use."""

    code = "configuration"
