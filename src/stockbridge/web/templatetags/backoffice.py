"""Template filters of the back office: money as its currency shows it, query strings that
keep the filters of a list when it changes page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.http import QueryDict

from stockbridge.platform.money_display import format_money

register = template.Library()


@register.filter
def money(amount: Decimal | int | str | None, currency: str) -> str:
    """`{{ order.total|money:order.currency }}` -> `$1,421.00`."""
    return format_money(amount, currency)


@register.simple_tag(takes_context=True)
def page_url(context: dict[str, Any], number: int) -> str:
    """The current list's query string with `page` replaced (filters kept)."""
    query: QueryDict = context["request"].GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()
