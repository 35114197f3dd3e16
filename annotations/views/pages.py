"""Pages: the dashboard with its import form, and the review page of one article."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from annotations import roles
from annotations.compression import gzip_when_safe
from annotations.forms import ArticleFilterForm, ImportForm
from annotations.imports.models import ArticleImport
from annotations.imports.selectors import imports_for
from annotations.imports.services import import_request, text_import
from annotations.limits import parse_id
from annotations.models import Article, Claim, Rating
from annotations.selectors import (
    articles_progress,
    claims_for,
    dashboard_articles,
    drafts_of,
    rating_scale,
    review_queue,
)
from annotations.views.common import (
    REVIEW_TEMPLATE,
    forbidden_as_page,
    get_article_for,
    get_claim_for,
)
from annotations.views.panel import claim_panel_context, selection_panel_context
from annotations.views.review_page import review_page_context

DASHBOARD_PAGE_SIZE = 25


@login_required
@gzip_when_safe
def dashboard(request: HttpRequest, form: ImportForm | None = None) -> HttpResponse:
    """Articles (filtered, paged) with review progress; the reviewer's queue, the editor's
    drafts and assignments; the import form."""
    ratings = rating_scale()
    filters = ArticleFilterForm(request.GET or None, auto_id="filter-%s")
    pages = Paginator(dashboard_articles(request.user, **filters.filters()), DASHBOARD_PAGE_SIZE)
    page = pages.get_page(request.GET.get("page"))
    articles = list(page)
    progress = articles_progress(articles, ratings)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "rows": [(a, progress[a.pk]) for a in articles],
        "page": page,
        "page_query": query.urlencode(),
        "filters": filters,
        "filtering": any(filters.filters().values()),
        "ratings": ratings,
        "assignments": (
            claims_for(request.user)
            .prefetch_related(None)
            .filter(assignee=request.user, status__in=[Claim.Status.DRAFT, Claim.Status.IN_REVIEW])
            .defer("article__body")
            .order_by("-updated_at")[:20]
        ),
        "review_queue": list(review_queue(request.user)[:20]),
        "drafts": list(drafts_of(request.user)[:20]),
        "import_form": form or ImportForm(),
        "can_edit": roles.can_edit(request.user),
        "can_publish": roles.can_publish(request.user),
        "panel_size": settings.FACTCHECK_PANEL_SIZE,
    }
    if form is not None and request.htmx:
        return render(request, "annotations/dashboard.html#import-form", context)
    return render(request, "annotations/dashboard.html", context)


@login_required
@require_POST
@forbidden_as_page
def article_import(request: HttpRequest) -> HttpResponse:
    """Store a pasted or uploaded article and open its review page (a large one: show the
    progress of its job); errors show inline."""
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return dashboard(request, form=form)
    data = form.cleaned_data
    if data["document"] is None:
        return _import_from_url(request, form)
    upload = data.get("file")
    try:
        done = text_import(
            document=data["document"],
            user=request.user,
            source=ArticleImport.Source.FILE if upload else ArticleImport.Source.TEXT,
            filename=upload.name if upload else "",
            title=data["title"],
            byline=data["byline"],
            url=data["url"],
            publisher=data["publisher"],
            published_at=form.published_at,
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return dashboard(request, form=form)
    if done.job is not None:
        url = reverse("article_import_progress", args=[done.job.pk])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    result = done.result
    if not result.created:
        messages.info(request, "This text was imported before; here is the existing article.")
    url = reverse("article_review", args=[result.article.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _import_from_url(request: HttpRequest, form: ImportForm) -> HttpResponse:
    """Queue the fetch of the page at the form's URL and show its progress."""
    data = form.cleaned_data
    try:
        job = import_request(
            url=data["url"],
            user=request.user,
            title=data["title"],
            byline=data["byline"],
            publisher=data["publisher"],
            published_at=form.published_at,
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return dashboard(request, form=form)
    url = reverse("article_import_progress", args=[job.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_GET
def article_import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """How far an import got; with htmx the status fragment polls until it is finished."""
    job = get_object_or_404(imports_for(request.user).defer("html", "body"), pk=pk)
    template = "annotations/import_progress.html"
    if request.htmx:
        template += "#import-status"
    return render(request, template, {"job": job})


@login_required
@forbidden_as_page
@gzip_when_safe
def article_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The article as published, its claims coloured by verdict, and the claim panel.

    ``?claim=ID`` or ``?segments=ID,ID`` opens the panel; with htmx and ``HX-Target: panel``
    only the panel is rendered, with ``HX-Target: article`` only the (filtered) article.
    """
    article = get_article_for(request, pk)
    ratings = rating_scale()
    panel = _panel_for_request(request, article, ratings)
    target = request.htmx.target if request.htmx else None
    if target == "panel":
        if panel is None:
            raise Http404("Nothing selected.")
        return render(request, f"{REVIEW_TEMPLATE}#claim-panel", panel)
    context = review_page_context(request, article, ratings)
    context.update(panel or {})
    if target == "article":
        return render(request, f"{REVIEW_TEMPLATE}#article-body", context)
    return render(request, REVIEW_TEMPLATE, context)


def _panel_for_request(
    request: HttpRequest, article: Article, ratings: list[Rating]
) -> dict[str, Any] | None:
    # Ids come from our own links; anything else (-1, 1e3, full-width digits, past a bigint)
    # is no claim or sentence of this article.
    if raw_claim := request.GET.get("claim", "").strip():
        claim_id = parse_id(raw_claim)
        claim = get_claim_for(request, claim_id) if claim_id else None
        if claim is None or claim.article_id != article.pk:
            raise Http404("No such claim on this article.")
        return claim_panel_context(request, claim, ratings=ratings)
    ids = [parse_id(p) for p in request.GET.get("segments", "").split(",") if p.strip()]
    if not ids:
        return None
    if None in ids:
        raise Http404("No such sentence in this article.")
    segments = list(article.segments.filter(pk__in=ids[:50]).order_by("position"))
    if not segments:
        raise Http404("No such sentence in this article.")
    live = (
        claims_for(request.user).prefetch_related(None).live().filter(segments__in=segments).first()
    )
    if live is not None:
        return claim_panel_context(request, live, ratings=ratings)
    return selection_panel_context(request, article, segments, None)
