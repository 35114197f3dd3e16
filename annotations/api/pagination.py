"""Pages of 50 in a stable order; a page number that is not a whole number is a 400, a page
past the end a 404."""

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

_PAGE = re.compile(r"^[1-9][0-9]*$")
# No table holds more rows than a bigint counts: a page starting past that is past the end,
# and its OFFSET would overflow the database's integer (a 500 on PostgreSQL and SQLite).
MAX_OFFSET = 2**63 - 1


class StrictPageNumberPagination(PageNumberPagination):
    """DRF's pagination, except that ``?page=`` or ``?page=x`` is an error, not page 1."""

    def page_number(self, request: Request) -> int:
        """The page asked for (1 if none); a 400 for anything but one whole number, a 404 for
        a page no table could reach."""
        values = request.query_params.getlist(self.page_query_param)
        if values and (len(values) > 1 or not _PAGE.match(values[0])):
            raise serializers.ValidationError({self.page_query_param: ["A page number: 1, 2, …"]})
        if not values:
            return 1
        if len(values[0]) > len(str(MAX_OFFSET)):  # before int(): 5,000 digits is a ValueError
            raise NotFound("Invalid page.")
        number = int(values[0])
        if (number - 1) * self.get_page_size(request) > MAX_OFFSET:
            raise NotFound("Invalid page.")
        return number

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: APIView | None = None
    ) -> list | None:
        self.page_number(request)
        return super().paginate_queryset(queryset, request, view)


class _KnownNextPage(Page):
    """A page that knows whether another follows (it read one row more)."""

    def __init__(self, rows: list, number: int, paginator: Paginator, more: bool) -> None:
        super().__init__(rows, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        return self.number + 1


class ClaimRowPagination(StrictPageNumberPagination):
    """A page of claim rows, the total and the next link (see ``claim_rows.claim_page_rows``)."""

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: APIView | None = None
    ) -> list | None:
        number = self.page_number(request)
        self.request = request
        size = self.get_page_size(request)
        rows, total, more = claim_page_rows(queryset, (number - 1) * size, size)
        if total is None:
            if number > 1:
                raise NotFound("Invalid page.")
            total = 0
        paginator = Paginator([], size)
        paginator.count = total  # a cached_property: set it instead of counting again
        self.page = _KnownNextPage(rows, number, paginator, more)
        return rows
