"""Who may see the back office: signed-in staff. Others go to the login page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpResponse

View = Callable[..., HttpResponse]


def staff_required(view: View) -> View:
    """Every back-office page: staff only, anyone else is sent to the login page."""
    wrapped: Any = staff_member_required(view, login_url="/admin/login/")
    return wrapped
