"""Voting from the claim panel: one form, one service, the panel's core re-rendered."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from annotations.forms import VoteForm
from annotations.panel import services
from annotations.views.common import add_service_errors, forbidden_as_page, get_claim_for
from annotations.views.panel import claim_panel_context, claim_saved, render_panel


@login_required
@require_POST
@forbidden_as_page
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Cast or change one's vote on the claim's current proposal."""
    claim = get_claim_for(request, pk)
    form = VoteForm(request.POST)
    if form.is_valid():
        try:
            _, created = services.vote_cast(
                claim=claim,
                user=request.user,
                rating=form.cleaned_data["rating"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            message = "Vote cast." if created else "Vote changed."
            return claim_saved(request, claim, message, full=False)
    return render_panel(request, claim_panel_context(request, claim, vote_form=form))
