"""Pages: the dashboard with its import form, and the review page of one article."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from annotations import roles, services
from annotations.forms import ImportForm, parse_id
from annotations.models import Article, Claim, Rating
from annotations.selectors import (
    article_progress,
    article_segment_claims,
    article_segment_rows,
    articles_for,
    articles_progress,
    claims_for,
    rating_scale,
)
from annotations.views.article_html import FILTERS, render_article
from annotations.views.common import (
    REVIEW_TEMPLATE,
    forbidden_as_page,
    get_article_for,
    get_claim_for,
)
from annotations.views.panel import claim_panel_context, selection_panel_context


@login_required
def dashboard(request: HttpRequest, form: ImportForm | None = None) -> HttpResponse:
    """Articles with their review progress, the user's assignments and the import form."""
    ratings = rating_scale()
    articles = list(articles_for(request.user).order_by("-created_at", "-id")[:100])
    progress = articles_progress(articles, ratings)
    assignments = (
        claims_for(request.user)
        .prefetch_related(None)
        .filter(assignee=request.user)
        .exclude(status__in=[Claim.Status.PUBLISHED, Claim.Status.DISMISSED])
        .order_by("-updated_at")[:50]
    )
    context = {
        "rows": [(a, progress[a.pk]) for a in articles],
        "ratings": ratings,
        "assignments": assignments,
        "import_form": form or ImportForm(),
        "can_edit": roles.can_edit(request.user),
    }
    status = 200
    if form is not None and request.htmx:
        return render(request, "annotations/dashboard.html#import-form", context, status=status)
    return render(request, "annotations/dashboard.html", context, status=status)


@login_required
@require_POST
@forbidden_as_page
def article_import(request: HttpRequest) -> HttpResponse:
    """Store a pasted or uploaded article and open its review page; errors show inline."""
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return dashboard(request, form=form)
    data = form.cleaned_data
    try:
        result = services.article_ingest(
            document=data["document"],
            user=request.user,
            title=data["title"],
            byline=data["byline"],
            url=data["url"],
            publisher=data["publisher"],
            published_at=form.published_at,
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return dashboard(request, form=form)
    if not result.created:
        messages.info(request, "This text was imported before; here is the existing article.")
    url = reverse("article_review", args=[result.article.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def review_page_context(
    request: HttpRequest, article: Article, ratings: list[Rating] | None = None
) -> dict[str, Any]:
    """The review page without its panel, in a fixed number of queries."""
    ratings = ratings if ratings is not None else rating_scale()
    show = request.GET.get("show", "all")
    valid_shows = {
        *FILTERS,
        *(f"rating:{r.slug}" for r in ratings),
        *(f"status:{s}" for s in Claim.Status.values),
    }
    if show not in valid_shows:
        show = "all"
    query = request.GET.get("q", "").strip()[:200]
    view = render_article(
        article.body,
        article_segment_rows(article),
        article_segment_claims(article),
        show=show,
        query=query,
    )
    return {
        "article": article,
        "ratings": ratings,
        "progress": article_progress(article, ratings),
        "article_html": view.html,
        "matches": view.matches,
        "filtering": show != "all" or bool(query),
        "show": show,
        "query": query,
        "statuses": Claim.Status.choices,
        "can_edit": roles.can_edit(request.user),
        "claim": None,
    }


@login_required
@forbidden_as_page
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
        claims_for(request.user)
        .prefetch_related(None)
        .filter(segments__in=segments)
        .exclude(status=Claim.Status.DISMISSED)
        .first()
    )
    if live is not None:
        return claim_panel_context(request, live, ratings=ratings)
    return selection_panel_context(request, article, segments, None)
