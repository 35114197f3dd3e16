"""The claim panel: what it shows for a claim or a fresh selection, and which actions it offers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import reswap, retarget, trigger_client_event

from annotations import roles, services
from annotations.archive.selectors import claim_panel_matches, match_text
from annotations.forms import (
    ClaimForm,
    CorrectionForm,
    DecisionForm,
    NewClaimForm,
    NoteEditForm,
    NoteForm,
    SourceEditForm,
    SourceForm,
    VersionForm,
    VoteForm,
)
from annotations.models import Article, Claim, Correction, Rating, Segment
from annotations.panel.selectors import panel_for
from annotations.selectors import (
    HistoryEntry,
    article_progress,
    rating_scale,
    readable_history,
)
from annotations.views.common import REVIEW_TEMPLATE, get_claim_for
from annotations.views.review_page import review_page_context


def claim_actions(claim: Claim, user: Any, proposed: Correction | None) -> dict[str, bool]:
    """Which workflow buttons to show; the services enforce the same rules on submit."""
    editable = roles.can_edit(user)
    publisher = roles.can_publish(user)
    status = claim.status
    in_review = status == Claim.Status.IN_REVIEW
    published = status == Claim.Status.PUBLISHED
    proposer = proposed is not None and proposed.created_by_id == user.pk
    return {
        "edit": editable and claim.is_live,
        "submit": editable and status == Claim.Status.DRAFT,
        "publish": publisher and in_review and claim.rated_by_id != user.pk,
        "publish_blocked": publisher and in_review and claim.rated_by_id == user.pk,
        "dismiss": editable and claim.is_live and (not published or publisher),
        "correct": publisher and published,
        "publish_correction": publisher and proposed is not None and not proposer,
        "correction_blocked": publisher and proposer,
    }


def with_relations(claim: Claim, before: Claim, ratings: list[Rating], people: list) -> Claim:
    """Attach the article, rating and people we already hold to a freshly saved claim."""
    claim.article = before.article
    claim.rating = next((r for r in ratings if r.pk == claim.rating_id), None)
    known = {
        person.pk: person
        for person in (*people, before.assignee, before.rated_by, before.approved_by)
        if person is not None and person.pk is not None
    }
    for name in ("assignee", "rated_by", "approved_by"):
        pk = getattr(claim, f"{name}_id")
        if pk is None or pk in known:
            setattr(claim, name, known.get(pk))
    return claim


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
    vote_form: VoteForm | None = None,
    message: str = "",
    notice: str = "",
    full: bool = True,
) -> dict[str, Any]:
    """What the panel shows for one claim, in a fixed number of queries.

    ``full=False`` leaves out the sources and notes: enough for the panel's core (header,
    form, workflow), which is all a claim save re-renders. The history loads on demand.
    """
    ratings = ratings if ratings is not None else rating_scale()
    proposed = (
        services.pending_correction(claim) if claim.status == Claim.Status.PUBLISHED else None
    )
    if form is None:
        form = ClaimForm(
            ratings=ratings,
            verdict_locked=claim.status == Claim.Status.PUBLISHED,
            initial={
                "version": claim.version,
                "claim_text": claim.claim_text,
                "claimant": claim.claimant,
                "rating": claim.rating_id,
                "summary": claim.summary,
                "assignee": claim.assignee_id,
            },
        )
    actions = claim_actions(claim, request.user, proposed)
    panel = panel_for(claim, request.user)
    if panel.state.size > 1 and not panel.visible:
        # Blind until you vote: neither a button nor a "waiting" says how the others voted.
        actions["publish"] = actions["publish_correction"] = False
        actions["vote_first"] = panel.can_vote
    elif panel.open and panel.state.size > 1 and panel.state.majority is None:
        # Nothing to publish yet: the button comes back once a majority agrees.
        actions["publish"] = actions["publish_correction"] = False
        actions["waiting"] = roles.can_publish(request.user) and not claim.disputed
    actions["decide"] = claim.disputed and roles.can_administer(request.user)
    context = {
        "article": claim.article,
        "claim": claim,
        "ratings": ratings,
        "form": form,
        "assignees": list(form.fields["assignee"].queryset),
        "conflict": readable_history(conflict) if conflict is not None else None,
        "actions": actions,
        "can_edit": roles.can_edit(request.user),
        "action_form": action_form,
        "message": message,
        "notice": notice,
        "panel": panel,
        "panel_shown": panel.state.size > 1,
        "vote_form": vote_form
        or VoteForm(
            initial={"rating": panel.mine.rating_id, "reason": panel.mine.reason}
            if panel.mine
            else None
        ),
        "decision_form": DecisionForm(initial={"version": claim.version}),
        "proposed_correction": proposed,
        # Only published (or since withdrawn) verdicts can have corrections.
        "corrections": list(
            claim.corrections.filter(status=Correction.Status.PUBLISHED).select_related(
                "previous_rating", "new_rating", "created_by", "approved_by"
            )
        )
        if claim.status in (Claim.Status.PUBLISHED, Claim.Status.DISMISSED)
        else [],
    }
    if actions["correct"]:
        context["correction_form"] = correction_form or CorrectionForm(
            initial={"version": claim.version, "rating": claim.rating_id, "summary": claim.summary},
            claim=claim,
        )
    if full:
        user = request.user
        context["previous_checks"] = claim_panel_matches(user=request.user, claim=claim)
        context.update(
            sources=[
                (s, SourceEditForm(initial=_initial(s, SOURCE_EDIT_FIELDS), prefix=f"s{s.pk}"), "")
                for s in claim.sources.all()
            ],
            source_form=source_form or SourceForm(),
            notes=[
                (
                    n,
                    NoteEditForm(initial=_initial(n, NOTE_EDIT_FIELDS), prefix=f"n{n.pk}")
                    if services.may_change_note(n, user)
                    else None,
                    "",
                )
                for n in claim.notes.select_related("author")
            ],
            note_form=note_form or NoteForm(),
        )
    return context


SOURCE_EDIT_FIELDS = ("url", "title", "publisher", "quote", "stance", "archived_url", "version")
NOTE_EDIT_FIELDS = ("body", "internal", "version")


def _initial(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def selection_panel_context(
    request: HttpRequest, article: Article, segments: list[Segment], form: NewClaimForm | None
) -> dict[str, Any]:
    """The panel for sentences that are not a claim yet: their text and a 'make claim' form."""
    ids = ",".join(str(s.pk) for s in segments)
    text = services.default_wording(article.body, segments) if segments else ""
    previous = match_text(user=request.user, text=text, limit=3, exclude_article=article.pk)
    return {
        "article": article,
        "claim": None,
        "selection": segments,
        "selection_text": text,
        "previous_checks": [m for m in previous if m.level],
        "new_form": form or NewClaimForm(initial={"segments": ids, "claim_text": text}),
        "can_edit": roles.can_edit(request.user),
    }


def render_panel(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """The panel fragment for htmx, or the whole review page with the panel open."""
    if request.htmx:
        return render(request, f"{REVIEW_TEMPLATE}#claim-panel", context, status=status)
    article = context["article"]
    if "body" in article.get_deferred_fields():
        article.refresh_from_db(fields=["body"])
    page = review_page_context(request, article, ratings=context.get("ratings"))
    page.update(context)
    return render(request, REVIEW_TEMPLATE, page, status=status)


def claim_saved(
    request: HttpRequest,
    claim: Claim,
    message: str,
    *,
    ratings: list[Rating] | None = None,
    segment_ids: list[int] | None = None,
    full: bool = True,
    before: Claim | None = None,
    people: tuple = (),
) -> HttpResponse:
    """After a write: the panel, the new progress bar and an announcement (htmx), or PRG.

    ``full=False`` re-renders only the panel's core (the claim form and workflow) into
    ``#claim-core``: sources and notes did not change, so they are not read again.
    ``before`` (the claim as loaded for the request) lends its related objects to the saved
    claim, so they are not read again either.
    """
    if not request.htmx:
        messages.success(request, message)
        url = reverse("article_review", args=[claim.article_id])
        return redirect(f"{url}?claim={claim.pk}#panel")
    ratings = ratings if ratings is not None else rating_scale()
    if before is not None:
        claim = with_relations(claim, before, ratings, [request.user, *people])
    else:
        claim = get_claim_for(request, claim.pk)  # with its rating and people in one query
    context = claim_panel_context(request, claim, ratings=ratings, message=message, full=full)
    context["progress"] = article_progress(claim.article, ratings)
    context["announcement"] = message
    partial = "claim-saved" if full else "claim-core-saved"
    response = render(request, f"{REVIEW_TEMPLATE}#{partial}", context)
    if not full:
        response = reswap(retarget(response, "#claim-core"), "outerHTML")
    return trigger_client_event(
        response,
        "claimSaved",
        {
            "claim": claim.pk,
            # Empty: the sentences already carry data-claim; a new claim names its sentences.
            "segments": segment_ids or [],
            "rating": claim.rating.slug if claim.rating else "",
            "ratingLabel": claim.rating.label if claim.rating else "not rated",
            "status": claim.status,
            "message": message,
        },
    )
