"""The publish mapping template editor (Flxpoint's "Available Mappings"): a channel's rows
source field -> channel field, enabled, transforms, and its category rules, edited in the
back office and saved through the same service as the API (`services.set_operation`).

Each row is checked alone first (by the template's own parser), so every row's error shows
at its own field; the rules likewise; the whole is then validated again by the service."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from stockbridge.channels import services
from stockbridge.channels.models import Channel, OperationSettings
from stockbridge.channels.publish_mapping import (
    PRODUCT_SOURCES,
    TARGETS,
    TRANSFORMS,
    VARIANT_SOURCES,
    parse_rules,
    parse_template,
)
from stockbridge.channels.publish_settings import PublishSettings
from stockbridge.platform.errors import FieldError, ValidationErrors

from .access import staff_required
from .channel_views import SECTION
from .channel_views import channel_or_404 as channel_of
from .form_errors import show_error

OPERATION = "publish_listings"
BLANK_ROWS = 3
ARROW = "->"


class TemplateForm(forms.Form):
    """One group of fields per row (`row-<n>-source|target|enabled|transforms`), the blank
    rows after the template's to add some, and the category rules as lines
    "Category -> taxonomy id"."""

    rules = forms.CharField(
        label="Category rules",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text='One a line: "Live Animals -> gid://shopify/TaxonomyCategory/ap-1"',
    )

    def __init__(self, settings: PublishSettings, *args: Any, **kwargs: Any) -> None:
        rows = [r.as_dict() for r in settings.mapping]
        submitted = args[0] if args else None
        count = len(rows) + BLANK_ROWS
        if submitted:
            count = max(count, _submitted_rows(submitted))
        initial: dict[str, Any] = {
            "rules": "\n".join(
                f"{r.category} {ARROW} {r.taxonomy}" for r in settings.category_rules
            )
        }
        for n, row in enumerate(rows):
            initial[f"row-{n}-source"] = row["source"]
            initial[f"row-{n}-target"] = row["target"]
            initial[f"row-{n}-enabled"] = row["enabled"]
            initial[f"row-{n}-transforms"] = (
                json.dumps(row["transforms"]) if row["transforms"] else ""
            )
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.count = count
        for n in range(count):
            self.fields[f"row-{n}-source"] = forms.CharField(
                label="Source field", required=False, max_length=255
            )
            self.fields[f"row-{n}-target"] = forms.CharField(
                label="Shopify field", required=False, max_length=255
            )
            self.fields[f"row-{n}-enabled"] = forms.BooleanField(label="Enabled", required=False)
            self.fields[f"row-{n}-transforms"] = forms.CharField(
                label="Transforms",
                required=False,
                max_length=4000,
                help_text='JSON, e.g. [{"kind": "truncate", "length": 80}]',
            )

    def rows(self) -> list[list[forms.BoundField]]:
        """The bound fields of each row, for the table."""
        return [
            [self[f"row-{n}-{part}"] for part in ("source", "target", "enabled", "transforms")]
            for n in range(self.count)
        ]

    def template(self) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        """The mapping rows and category rules submitted, each checked alone: every problem
        is added at its own field (the form is then invalid)."""
        mapping: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for n in range(self.count):
            source = self.cleaned_data[f"row-{n}-source"].strip()
            target = self.cleaned_data[f"row-{n}-target"].strip()
            raw = self.cleaned_data[f"row-{n}-transforms"].strip()
            if not (source or target or raw):
                continue  # a blank row
            try:
                transforms = json.loads(raw) if raw else []
            except ValueError:
                self.add_error(f"row-{n}-transforms", "must be JSON: a list of transforms")
                continue
            row = {
                "source": source,
                "target": target,
                "enabled": self.cleaned_data[f"row-{n}-enabled"],
                "transforms": transforms,
            }
            try:
                parse_template([row])
            except FieldError as exc:
                part = exc.field.split(".")[2] if exc.field.count(".") >= 2 else "source"
                self.add_error(f"row-{n}-{_part(part)}", exc.reason)
                continue
            if target in seen:
                self.add_error(f"row-{n}-target", f"{target} is mapped twice (row {seen[target]})")
                continue
            seen[target] = n + 1
            mapping.append(row)
        rules: list[dict[str, str]] = []
        for number, line in enumerate(self.cleaned_data["rules"].splitlines(), start=1):
            if not line.strip():
                continue
            category, arrow, taxonomy = line.partition(ARROW)
            rule = {"category": category.strip(), "taxonomy": taxonomy.strip()}
            try:
                if not arrow:
                    raise FieldError("category_rules", f'write it "Category {ARROW} taxonomy id"')
                parse_rules([rule])
            except FieldError as exc:
                self.add_error("rules", f"line {number}: {exc.reason}")
                continue
            rules.append(rule)
        return mapping, rules


def _part(name: str) -> str:
    return name if name in ("source", "target", "enabled", "transforms") else "source"


def _submitted_rows(data: Any) -> int:
    numbers = [
        int(key.split("-")[1])
        for key in data
        if key.startswith("row-") and key.count("-") == 2 and key.split("-")[1].isdigit()
    ]
    return min(max(numbers, default=-1) + 1, 200)


def _settings(channel: Channel) -> PublishSettings:
    row = OperationSettings.objects.filter(channel=channel, operation=OPERATION).first()
    return PublishSettings.from_dict(row.settings if row else None)


@staff_required
def template(request: HttpRequest, channel_id: int) -> HttpResponse:
    found = channel_of(channel_id)
    form = TemplateForm(_settings(found), request.POST or None)
    if request.method == "POST" and form.is_valid():
        mapping, rules = form.template()
        if form.is_valid():
            try:
                services.set_operation(
                    channel=found,
                    operation=OPERATION,
                    settings={"mapping": mapping, "category_rules": rules},
                )
            except (FieldError, ValidationErrors) as exc:
                show_error(form, exc, {"settings.category_rules": "rules"})
            else:
                messages.success(request, "mapping template saved")
                return HttpResponseRedirect(reverse("backoffice:publish_template", args=[found.pk]))
    return render(
        request,
        "backoffice/channels/publish_template.html",
        {
            **SECTION,
            "channel": found,
            "form": form,
            "product_sources": [*PRODUCT_SOURCES, "custom_fields.<key>"],
            "variant_sources": list(VARIANT_SOURCES),
            "targets": [*TARGETS, "product.metafield.<key>", "variant.metafield.<key>"],
            "transforms": list(TRANSFORMS),
        },
        status=400 if request.method == "POST" else 200,
    )
