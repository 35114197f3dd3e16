"""Who may see what: articles, claims and segments scoped to a user, and the dashboard's lists."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from annotations import roles
from annotations.models import (
    Article,
    Claim,
    Correction,
    Segment,
    live_condition,
)


def articles_for(user: AbstractBaseUser) -> QuerySet[Article]:
    """Articles the user may see. Counts come per page (:func:`with_counts`), never per table."""
    return Article.objects.visible_to(user)


def with_counts(articles: list[Article]) -> list[Article]:
    """Set ``segment_count``, ``claim_count`` (live), ``rated_count`` and ``published_count``
    on each article: two grouped queries over the articles' own rows, whatever the archive's
    size."""
    ids = [a.pk for a in articles]
    segments = dict(
        Segment.objects.filter(article_id__in=ids)
        .values("article_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("article_id", "n")
    )
    live = live_condition()
    claims = {
        row["article_id"]: row
        for row in Claim.objects.filter(article_id__in=ids)
        .values("article_id")
        .annotate(
            claim_count=Count("id", filter=live),
            rated_count=Count("id", filter=Q(rating__isnull=False) & live),
            published_count=Count("id", filter=Q(status=Claim.Status.PUBLISHED)),
        )
        .order_by()
    }
    for article in articles:
        counts = claims.get(article.pk, {})
        article.segment_count = segments.get(article.pk, 0)
        for name in ("claim_count", "rated_count", "published_count"):
            setattr(article, name, counts.get(name, 0))
    return articles


ARTICLE_STATUSES = (
    ("new", "Not started"),
    ("in_progress", "In progress"),
    ("in_review", "Waiting for review"),
    ("done", "All published"),
)


def dashboard_articles(
    user: AbstractBaseUser,
    *,
    query: str = "",
    publisher: str = "",
    date_from: Any = None,
    date_to: Any = None,
    status: str = "",
) -> QuerySet[Article]:
    """The dashboard's article list, newest first, filtered; dates are publication dates
    (import dates for articles without one). Status: new (no live claims), in_progress
    (some not yet published), in_review (some waiting for a reviewer), done (all published)."""
    articles = articles_for(user).defer("body").order_by("-created_at", "-id")
    if query:
        articles = articles.filter(title__icontains=query)
    if publisher:
        articles = articles.filter(publisher__icontains=publisher)
    if date_from or date_to:
        articles = articles.annotate(day=Coalesce("published_at", "created_at"))
    if date_from:
        articles = articles.filter(day__date__gte=date_from)
    if date_to:
        articles = articles.filter(day__date__lte=date_to)
    # Exists, not counts: the page's rows are found through the index on created_at without
    # aggregating the claims of every article first.
    claims = Claim.objects.filter(article=OuterRef("pk"))
    live = claims.filter(live_condition())
    unpublished = live.exclude(status=Claim.Status.PUBLISHED)
    if status == "new":
        articles = articles.filter(~Exists(live))
    elif status == "in_progress":
        articles = articles.filter(Exists(unpublished))
    elif status == "in_review":
        articles = articles.filter(Exists(claims.filter(status=Claim.Status.IN_REVIEW)))
    elif status == "done":
        articles = articles.filter(Exists(live), ~Exists(unpublished))
    return articles


def review_queue(user: AbstractBaseUser) -> QuerySet[Claim]:
    """Claims waiting for this reviewer: in review and rated by someone else, or published
    with a correction someone else proposed. Oldest first: they have waited longest."""
    if not roles.can_publish(user):
        return Claim.objects.none()
    proposed_by_others = Correction.objects.filter(
        claim=OuterRef("pk"), status=Correction.Status.PROPOSED
    ).exclude(created_by=user)
    from annotations.panel.models import Vote

    this_round = Vote.objects.filter(claim=OuterRef("pk"), round=OuterRef("review_round"))
    return (
        Claim.objects.visible_to(user)
        .filter(
            (Q(status=Claim.Status.IN_REVIEW) & ~Q(rated_by=user))
            | (Q(status=Claim.Status.PUBLISHED) & Exists(proposed_by_others))
        )
        .annotate(
            votes_cast=Coalesce(
                Subquery(this_round.order_by().values("claim").annotate(n=Count("*")).values("n")),
                0,
            ),
            i_voted=Exists(this_round.filter(reviewer=user)),
        )
        .select_related("article", "rating", "rated_by")
        .defer("article__body")
        .order_by("updated_at", "id")
    )


def drafts_of(user: AbstractBaseUser) -> QuerySet[Claim]:
    """An editor's claims still in draft: made by them or assigned to them, latest first."""
    if not roles.can_edit(user):
        return Claim.objects.none()
    return (
        Claim.objects.visible_to(user)
        .filter(Q(created_by=user) | Q(assignee=user), status=Claim.Status.DRAFT)
        .select_related("article", "rating")
        .defer("article__body")
        .order_by("-updated_at", "-id")
    )


def claims_for(user: AbstractBaseUser) -> QuerySet[Claim]:
    """Claims the user may see, with what lists and panels show."""
    return (
        Claim.objects.visible_to(user)
        .select_related("article", "rating", "assignee", "rated_by", "approved_by")
        .prefetch_related("segments")
    )


def claims_visible_to(user: AbstractBaseUser) -> QuerySet[Claim]:
    """Claims the user may see, nothing joined: for filtering a list or fetching one claim."""
    return Claim.objects.visible_to(user)


def assignable_users() -> QuerySet:
    """People a claim can be assigned to: everyone active who may edit claims."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="change_claim")
        .distinct()
        .order_by("username")
    )


def segments_for(user: AbstractBaseUser, article: Article) -> QuerySet[Segment]:
    """The segments of an article the user may see, in reading order."""
    return Segment.objects.visible_to(user).filter(article=article).order_by("position")
