"""A service's typed error shown next to the field it names: the service's field path (say
`lines[1].quantity` or `variant_id`) is mapped to the form's field; anything unmapped goes on
top of the form, never lost."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django import forms

from stockbridge.platform.errors import FieldError, ValidationErrors

_INDEX = re.compile(r"^(\w+)\[(\d+)\]")


def show_error(
    form: forms.Form, error: FieldError | ValidationErrors, aliases: Mapping[str, str] = {}
) -> None:
    """Attach `error` (each of them, for ValidationErrors) to the form field its path names:
    an exact alias first, then the path's first name (`lines[1].quantity` -> `lines`, reported
    as `line 2: ...`), then the form as a whole."""
    errors = error.errors if isinstance(error, ValidationErrors) else [error]
    for each in errors:
        field, message = _target(form, each, aliases)
        form.add_error(field, message)


def _target(
    form: forms.Form, error: FieldError, aliases: Mapping[str, str]
) -> tuple[str | None, str]:
    path = error.field
    if path in aliases:
        return aliases[path], error.reason
    if path in form.fields:
        return path, error.reason
    indexed = _INDEX.match(path)
    if indexed:
        head = aliases.get(indexed.group(1), indexed.group(1))
        if head in form.fields:
            return head, f"line {int(indexed.group(2)) + 1}: {error.reason}"
    head = path.split(".")[0].split("[")[0]
    head = aliases.get(head, head)
    if head in form.fields:
        return head, error.reason
    return None, f"{path}: {error.reason}"
