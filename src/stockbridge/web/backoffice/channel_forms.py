"""Forms of the channel screens: adding a channel, connecting it with a token, an
operation's settings (built from the operation's typed settings) and schedule."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from django import forms

from stockbridge.channels import settings as operation_settings
from stockbridge.channels.models import OperationSettings, ScheduleKind
from stockbridge.channels.registry import kinds

MAX_EVERY_MINUTES = 10_080


class AddChannelForm(forms.Form):
    kind = forms.ChoiceField(label="Platform")
    name = forms.CharField(label="Name", max_length=120)
    domain = forms.CharField(
        label="Store domain", max_length=255, help_text="For example my-shop.myshopify.com"
    )
    base_url = forms.CharField(
        label="Requests go to (sandboxes only)", required=False, max_length=300
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["kind"]
        field.choices = [(name, name.capitalize()) for name in kinds()]


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Admin API access token",
        max_length=500,
        widget=forms.PasswordInput(render_value=False),
        help_text="A custom app's token; it is tested at once and stored encrypted.",
    )


class DisconnectForm(forms.Form):
    reason = forms.CharField(label="Why", max_length=255, initial="disconnected by hand")


def _optional(kind: Any) -> bool:
    return isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union


SCALARS = (bool, int, str)


def _field_for(name: str, kind: Any) -> forms.Field | None:
    """The form field of a setting of one value (yes/no, number, text); None for a setting
    holding rows (a mapping template, rules): it has its own editor (or the API) and is left
    as it is by this form."""
    label = name.replace("_", " ").capitalize()
    optional = _optional(kind)
    base = [a for a in typing.get_args(kind) if a is not type(None)] if optional else [kind]
    inner = base[0] if base else str
    if inner not in SCALARS:
        return None
    if inner is bool:
        return forms.BooleanField(label=label, required=False)
    if inner is int:
        return forms.IntegerField(label=label, required=not optional)
    return forms.CharField(label=label, required=False, max_length=255)


class OperationForm(forms.Form):
    """Enabled, schedule, and one field per setting of the operation (their types read from
    the operation's settings dataclass)."""

    enabled = forms.BooleanField(label="Enabled", required=False)
    schedule = forms.ChoiceField(label="Schedule", choices=ScheduleKind.choices)
    every_minutes = forms.IntegerField(
        label="Every (minutes)", required=False, min_value=1, max_value=MAX_EVERY_MINUTES
    )
    daily_at = forms.TimeField(
        label="Daily at (UTC)", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    def __init__(self, row: OperationSettings, *args: Any, **kwargs: Any) -> None:
        current = self.settings_of(row)
        initial = {
            "enabled": row.enabled,
            "schedule": row.schedule,
            "every_minutes": row.every_minutes,
            "daily_at": row.daily_at,
        }
        self.setting_names: list[str] = []
        self.optional: set[str] = set()
        self.kept: list[str] = []  # settings of rows, not on this form
        if current is not None:
            for f in dataclasses.fields(current):
                initial[f.name] = getattr(current, f.name)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if current is not None:
            hints = typing.get_type_hints(type(current))
            for f in dataclasses.fields(current):
                made = _field_for(f.name, hints[f.name])
                if made is None:
                    self.kept.append(f.name)
                    continue
                self.fields[f.name] = made
                self.setting_names.append(f.name)
                if _optional(hints[f.name]):
                    self.optional.add(f.name)

    @staticmethod
    def settings_of(row: OperationSettings) -> Any:
        read = operation_settings.reader(row.operation)
        return None if read is None else read(dict(row.settings))

    def settings(self) -> dict[str, Any]:
        """The settings as typed, empty text as None for optional ones."""
        out: dict[str, Any] = {}
        for name in self.setting_names:
            value = self.cleaned_data[name]
            if name in self.optional and value in ("", None):
                value = None
            out[name] = value
        return out
