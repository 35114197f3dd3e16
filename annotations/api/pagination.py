"""Pages of 50 in a stable order; a page number that is not a whole number is a 400."""

from __future__ import annotations

import re

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView

from annotations.api.claim_rows import claim_page_rows

_PAGE = re.compile(r"^[1-9][0-9]{0,17}$")


class StrictPageNumberPagination(PageNumberPagination):
    """DRF's pagination, except that ``?page=`` or ``?page=x`` is an error, not page 1."""

    def page_number(self, request: Request) -> int:
        """The page asked for (1 if none); a 400 for anything but one whole number."""
        values = request.query_params.getlist(self.page_query_param)
        if values and (len(values) > 1 or not _PAGE.match(values[0])):
            raise serializers.ValidationError({self.page_query_param: ["A page number: 1, 2, …"]})
        return int(values[0]) if values else 1

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: APIView | None = None
    ) -> list | None:
        self.page_number(request)
        return super().paginate_queryset(queryset, request, view)


class ClaimRowPagination(StrictPageNumberPagination):
    """A page of claim rows and the total in one query (see ``claim_rows.claim_page_rows``)."""

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: APIView | None = None
    ) -> list | None:
        number = self.page_number(request)
        self.request = request
        size = self.get_page_size(request)
        rows, total = claim_page_rows(queryset, (number - 1) * size, size)
        if total is None:
            if number > 1:
                raise NotFound("Invalid page.")
            total = 0
        paginator = Paginator([], size)
        paginator.count = total  # a cached_property: set it instead of counting again
        self.page = Page(rows, number, paginator)
        return rows
