"""Server-side pagination of every back-office list: a page of rows and the links to the
others, the list's filters kept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 50


def page_of(
    request: HttpRequest, rows: QuerySet[Any] | Sequence[Any], per_page: int = PER_PAGE
) -> Page[Any]:
    """The page named by `?page=` (the first for a missing or unreadable number, the last for
    one past the end). A query set costs two queries (count, page) whatever its size."""
    paginator = Paginator(rows, per_page)
    return paginator.get_page(request.GET.get("page"))
