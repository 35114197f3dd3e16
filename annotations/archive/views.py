"""The archive's pages: /search/ across everything, /archive/ lists imported reviews."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotations import limits
from annotations.archive import selectors
from annotations.archive.models import SearchEntry
from annotations.archive.search import SearchFilters, search
from annotations.compression import gzip_when_safe
from annotations.models import Claim

PAGE_SIZE = 20


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=limits.MAX_QUERY, label="Search")
    type = forms.ChoiceField(
        required=False, choices=[("", "Everything"), *SearchEntry.Kind.choices]
    )
    rating = forms.CharField(required=False, max_length=limits.MAX_RATING_TEXT)
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Claim.Status.choices])
    publisher = forms.CharField(required=False, max_length=limits.MAX_PUBLISHER)
    date_from = forms.DateField(required=False, label="From")
    date_to = forms.DateField(required=False, label="To")

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in ("q", "rating", "publisher"):
            if "\x00" in cleaned.get(name, ""):
                self.add_error(name, "Null characters are not allowed.")
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            q=data["q"].strip(),
            type=data["type"],
            rating=data["rating"].strip(),
            status=data["status"],
            publisher=data["publisher"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


def _page_number(request: HttpRequest) -> int:
    # parse_id, not int(): int() reads full-width digits and raises past 4,300 digits.
    number = limits.parse_id(request.GET.get("page", "1"))
    return number if number is not None and number < 10**6 else 1


def _page(rows: list, total: int, number: int) -> Page:
    paginator = Paginator([], PAGE_SIZE)
    paginator.count = total  # a cached_property: set, not counted again
    return Page(rows, number, paginator)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """Search claims, imported reviews, sources and article text; highlighted snippets."""
    form = SearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        number = _page_number(request)
        hits, total = search(request.user, form.filters(), (number - 1) * PAGE_SIZE, PAGE_SIZE)
        page = _page(hits, total, number)
    context = {"form": form, "page": page, "query": _query_without_page(request)}
    return render(request, "annotations/archive/search.html", context)


class ArchiveFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=limits.MAX_QUERY, label="Text")
    publisher = forms.CharField(required=False, max_length=limits.MAX_PUBLISHER)
    rating = forms.CharField(required=False, max_length=limits.MAX_RATING_TEXT)

    def clean(self) -> dict:
        cleaned = super().clean()
        for name, value in cleaned.items():
            if "\x00" in (value or ""):
                self.add_error(name, "Null characters are not allowed.")
        return cleaned


@login_required
@require_GET
@gzip_when_safe
def archive_list(request: HttpRequest) -> HttpResponse:
    """The imported reviews, newest first, with simple filters."""
    form = ArchiveFilterForm(request.GET or None)
    reviews = selectors.claimreviews_for(request.user).defer("raw")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"].strip():
            reviews = reviews.filter(claim_reviewed__icontains=data["q"].strip())
        if data["publisher"].strip():
            reviews = reviews.filter(publisher_name__icontains=data["publisher"].strip())
        if data["rating"].strip():
            reviews = reviews.filter(rating_text__iexact=data["rating"].strip())
    elif form.is_bound:
        reviews = reviews.none()
    number = _page_number(request)
    total = reviews.count()
    rows = list(reviews[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    context = {
        "form": form,
        "page": _page(rows, total, number),
        "query": _query_without_page(request),
    }
    return render(request, "annotations/archive/archive.html", context)
