"""WordPress REST errors: `{code, message, data: {status}}` and the HTTP status, raised by any
handler and answered by the app."""

from __future__ import annotations

from typing import Any


class RestError(Exception):
    def __init__(self, status: int, code: str, message: str, **data: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.data = data

    def body(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "data": {"status": self.status, **self.data},
        }


def invalid_param(name: str, reason: str) -> RestError:
    return RestError(
        400, "rest_invalid_param", f"Invalid parameter(s): {name}", params={name: reason}
    )


def invalid_id(resource: str) -> RestError:
    return RestError(404, f"woocommerce_rest_{resource}_invalid_id", "Invalid ID.")
