"""Writes from the claim panel: each view validates a form, calls one service, re-renders.

htmx requests get the panel back (with the progress bar and an announcement out of band);
plain form posts get POST → redirect → GET. Invalid input re-renders with 200 so htmx swaps it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from annotations import selectors, services
from annotations.forms import (
    ClaimForm,
    CorrectionForm,
    DecisionForm,
    NewClaimForm,
    VersionForm,
    rebased_input,
)
from annotations.models import Claim
from annotations.selectors import changes_since, rating_scale, version_record
from annotations.views.common import (
    REVIEW_TEMPLATE,
    add_service_errors,
    forbidden_as_page,
    get_article_for,
    get_claim_for,
)
from annotations.views.panel import (
    claim_panel_context,
    claim_saved,
    render_panel,
    selection_panel_context,
)


@login_required
@require_POST
@forbidden_as_page
def claim_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a claim of the selected consecutive sentences."""
    article = get_article_for(request, pk)
    form = NewClaimForm(request.POST)
    segments = []
    if form.is_valid():
        segments = list(article.segments.filter(pk__in=form.cleaned_data["segments"]))
        if len(segments) != len(set(form.cleaned_data["segments"])):
            form.add_error("segments", "Choose sentences of this article.")
    if form.is_valid():
        try:
            claim = services.claim_create(
                article=article,
                segments=segments,
                user=request.user,
                claim_text=form.cleaned_data["claim_text"],
                claimant=form.cleaned_data["claimant"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return claim_saved(
                request, claim, f"Claim {claim.pk} created.", segment_ids=[s.pk for s in segments]
            )
    segments.sort(key=lambda s: s.position)
    return render_panel(request, selection_panel_context(request, article, segments, form))


@login_required
@require_POST
@forbidden_as_page
def claim_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the panel's form, unless someone else changed the claim since it was opened."""
    claim = get_claim_for(request, pk)
    ratings = rating_scale()
    form = ClaimForm(request.POST, ratings=ratings, verdict_locked=_verdict_locked(claim))
    if form.is_valid():
        try:
            saved = services.claim_update(
                claim=claim,
                user=request.user,
                version=form.cleaned_data["version"],
                **form.changes(),
            )
        except services.StaleVersion as exc:
            return _conflict(request, exc.current, form, ratings)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            assignee = form.cleaned_data["assignee"]
            return claim_saved(
                request,
                saved,
                f"Claim {claim.pk} saved.",
                ratings=ratings,
                full=False,
                before=claim,
                people=(assignee,) if assignee else (),
            )
    return render_panel(request, claim_panel_context(request, claim, ratings=ratings, form=form))


def _conflict(request: HttpRequest, current: Claim, form: ClaimForm, ratings: list) -> HttpResponse:
    """Show what changed since the editor's version, and their changes on top of it: the
    fields they left alone take the colleague's values, so saving again loses neither's work."""
    seen = form.cleaned_data["version"]
    claim = get_claim_for(request, current.pk)
    data = rebased_input(form, opened=version_record(claim, seen), current=claim)
    kept = ClaimForm(data, ratings=ratings, verdict_locked=_verdict_locked(claim))
    kept.is_valid()
    context = claim_panel_context(
        request, claim, ratings=ratings, form=kept, conflict=changes_since(claim, seen)
    )
    return render_panel(request, context, status=200 if request.htmx else 409)


def _verdict_locked(claim: Claim) -> bool:
    return claim.status == Claim.Status.PUBLISHED


WORKFLOW = {
    "submit": (services.claim_submit, "sent to review"),
    "publish": (services.claim_publish, "published"),
    "dismiss": (services.claim_dismiss, "dismissed"),
}


@login_required
@require_POST
@forbidden_as_page
def claim_workflow(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Send to review, publish or dismiss; the service checks roles and the four-eyes rule."""
    if action not in WORKFLOW:
        raise Http404("No such action.")
    claim = get_claim_for(request, pk)
    service, done = WORKFLOW[action]
    if action == "publish" and claim.status == Claim.Status.PUBLISHED:
        done = "correction published"
    form = (DecisionForm if action == "publish" else VersionForm)(request.POST)
    if form.is_valid():
        extra = {}
        if form.cleaned_data.get("decision"):
            extra["decision"] = form.cleaned_data["decision"]
            done = "decided and published"
        try:
            claim = service(
                claim=claim, user=request.user, version=form.cleaned_data["version"], **extra
            )
        except services.StaleVersion as exc:
            claim = get_claim_for(request, exc.current.pk)
            changes = changes_since(claim, form.cleaned_data["version"])
            return render_panel(request, claim_panel_context(request, claim, conflict=changes))
        except services.Conflict as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return claim_saved(request, claim, f"Claim {claim.pk} {done}.", full=False)
    return render_panel(request, claim_panel_context(request, claim, action_form=form))


@login_required
@require_POST
@forbidden_as_page
def claim_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a correction of a published verdict; another reviewer publishes it."""
    claim = get_claim_for(request, pk)
    form = CorrectionForm(request.POST, claim=claim)
    if form.is_valid():
        try:
            claim = services.claim_correct(
                claim=claim,
                user=request.user,
                version=form.cleaned_data["version"],
                rating=form.cleaned_data["rating"],
                note=form.cleaned_data["note"],
                summary=form.cleaned_data["summary"] or None,
            )
        except services.StaleVersion as exc:
            claim = get_claim_for(request, exc.current.pk)
            changes = changes_since(claim, form.cleaned_data["version"])
            return render_panel(
                request, claim_panel_context(request, claim, conflict=changes, correction_form=form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            message = f"Correction of claim {claim.pk} proposed: another reviewer publishes it."
            return claim_saved(request, claim, message, full=False)
    return render_panel(request, claim_panel_context(request, claim, correction_form=form))


@login_required
def claim_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed what and when on a claim, its sources and notes (loaded when opened)."""
    claim = get_claim_for(request, pk)
    history = selectors.readable_history(selectors.claim_history(claim, request.user))
    context = {"claim": claim, "history": history, "history_loaded": True}
    if request.htmx:
        return render(request, f"{REVIEW_TEMPLATE}#claim-history", context)
    context = {**claim_panel_context(request, claim), **context}
    return render_panel(request, context)
