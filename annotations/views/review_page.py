"""The review page around its panel: the article as published, its progress and filters."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from annotations import limits, roles
from annotations.models import Article, Claim, Rating
from annotations.selectors import (
    article_progress,
    article_segment_claims,
    article_segment_rows,
    rating_scale,
)
from annotations.views.article_html import FILTERS, render_article


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
    query = request.GET.get("q", "").strip()[: limits.MAX_QUERY]
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
        # A title given at import but not in the text (a form's or the API's): the heading.
        "given_title": "" if view.has_title else article.title,
        "matches": view.matches,
        "filtering": show != "all" or bool(query),
        "show": show,
        "query": query,
        "statuses": Claim.Status.choices,
        "can_edit": roles.can_edit(request.user),
        "claim": None,
    }
