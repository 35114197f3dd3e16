"""The claim panel: what it shows for a claim or a fresh selection, and which actions it offers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import trigger_client_event

from annotations import roles
from annotations.forms import (
    ClaimForm,
    CorrectionForm,
    NewClaimForm,
    NoteForm,
    SourceForm,
    VersionForm,
)
from annotations.models import Article, Claim, Rating, Segment
from annotations.selectors import (
    HistoryEntry,
    article_progress,
    claim_history,
    rating_scale,
)
from annotations.views.common import REVIEW_TEMPLATE


def claim_actions(claim: Claim, user: Any) -> dict[str, bool]:
    """Which workflow buttons to show; the services enforce the same rules on submit."""
    editable = roles.can_edit(user)
    publisher = roles.can_publish(user)
    status = claim.status
    return {
        "edit": editable and status != Claim.Status.DISMISSED,
        "submit": editable and status == Claim.Status.DRAFT,
        "publish": publisher and status == Claim.Status.IN_REVIEW and claim.rated_by_id != user.pk,
        "publish_blocked": publisher
        and status == Claim.Status.IN_REVIEW
        and claim.rated_by_id == user.pk,
        "dismiss": editable
        and status != Claim.Status.DISMISSED
        and (status != Claim.Status.PUBLISHED or publisher),
        "correct": publisher and status == Claim.Status.PUBLISHED,
    }


def claim_panel_context(
    request: HttpRequest,
    claim: Claim,
    *,
    ratings: list[Rating] | None = None,
    form: ClaimForm | None = None,
    conflict: list[HistoryEntry] | None = None,
    source_form: SourceForm | None = None,
    note_form: NoteForm | None = None,
    correction_form: CorrectionForm | None = None,
    action_form: VersionForm | None = None,
    message: str = "",
) -> dict[str, Any]:
    """Everything the panel shows for one claim, in a fixed number of queries."""
    ratings = ratings if ratings is not None else rating_scale()
    if form is None:
        form = ClaimForm(
            ratings=ratings,
            initial={
                "version": claim.version,
                "claim_text": claim.claim_text,
                "claimant": claim.claimant,
                "rating": claim.rating_id,
                "summary": claim.summary,
                "assignee": claim.assignee_id,
            },
        )
    sources = list(claim.sources.select_related("added_by"))
    return {
        "article": claim.article,
        "claim": claim,
        "claim_segment_ids": list(claim.segments.values_list("id", flat=True)),
        "ratings": ratings,
        "form": form,
        "conflict": conflict,
        "actions": claim_actions(claim, request.user),
        "can_edit": roles.can_edit(request.user),
        "sources": [
            (s, SourceForm(initial=_source_initial(s), prefix=f"s{s.pk}")) for s in sources
        ],
        "source_form": source_form or SourceForm(),
        "notes": list(claim.notes.select_related("author")),
        "note_form": note_form or NoteForm(),
        "correction_form": correction_form
        or CorrectionForm(initial={"version": claim.version, "rating": claim.rating_id}),
        "action_form": action_form,
        "corrections": list(claim.corrections.select_related("previous_rating", "new_rating")),
        "history": claim_history(claim),
        "message": message,
    }


def _source_initial(source: Any) -> dict[str, Any]:
    return {
        name: getattr(source, name)
        for name in ("url", "title", "publisher", "quote", "stance", "archived_url")
    }


def selection_panel_context(
    request: HttpRequest, article: Article, segments: list[Segment], form: NewClaimForm | None
) -> dict[str, Any]:
    """The panel for sentences that are not a claim yet: their text and a 'make claim' form."""
    ids = ",".join(str(s.pk) for s in segments)
    text = article.body[segments[0].start : segments[-1].end] if segments else ""
    return {
        "article": article,
        "claim": None,
        "selection": segments,
        "selection_text": text,
        "new_form": form or NewClaimForm(initial={"segments": ids, "claim_text": text}),
        "can_edit": roles.can_edit(request.user),
    }


def render_panel(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """The panel fragment for htmx, or the whole review page with the panel open."""
    if request.htmx:
        return render(request, f"{REVIEW_TEMPLATE}#claim-panel", context, status=status)
    from annotations.views.pages import review_page_context

    article = context["article"]
    page = review_page_context(request, article, ratings=context.get("ratings"))
    page.update(context)
    return render(request, REVIEW_TEMPLATE, page, status=status)


def claim_saved(request: HttpRequest, claim: Claim, message: str) -> HttpResponse:
    """After a write: a fresh panel, the new progress bar and an announcement (htmx), or PRG."""
    if not request.htmx:
        messages.success(request, message)
        url = reverse("article_review", args=[claim.article_id])
        return redirect(f"{url}?claim={claim.pk}#panel")
    ratings = rating_scale()
    context = claim_panel_context(request, claim, ratings=ratings, message=message)
    context["progress"] = article_progress(claim.article, ratings)
    context["announcement"] = message
    response = render(request, f"{REVIEW_TEMPLATE}#claim-saved", context)
    return trigger_client_event(
        response,
        "claimSaved",
        {
            "claim": claim.pk,
            "segments": context["claim_segment_ids"],
            "rating": claim.rating.slug if claim.rating else "",
            "ratingLabel": claim.rating.label if claim.rating else "not rated",
            "status": claim.status,
            "message": message,
        },
    )
