"""What every admin of this app shares (kept apart so that subpackages' admins can use it)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import BadRequest
from django.http import HttpRequest


class RefuseNulFilters:
    """A list filtered or searched by a NUL is a 400: PostgreSQL refuses a NUL in a query (a
    500 once the list is rendered)."""

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            raise BadRequest("Null characters are not allowed in a filter or search.")
        return super().changelist_view(request, extra_context)


class ModelAdmin(RefuseNulFilters, admin.ModelAdmin):
    """Every model's admin here."""
