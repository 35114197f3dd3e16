"""The archive on the review page: "Previously checked" badges and the claim panel's matches.

Badges for a whole article are computed on a request of their own that the page makes once it
has loaded, so importing or opening an article never waits for the archive.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from annotations.archive import selectors, services
from annotations.archive.models import ClaimReview
from annotations.limits import MAX_ID
from annotations.models import Claim
from annotations.views.common import forbidden_as_page, get_article_for, get_claim_for
from annotations.views.panel import claim_panel_context, claim_saved, render_panel

BADGES_TEMPLATE = "annotations/archive/_badges.html"


@login_required
@require_GET
def previous_checks(request: HttpRequest, pk: int) -> HttpResponse:
    """The article's badges, as templates review.js puts after their sentences."""
    article = get_article_for(request, pk)
    badges = selectors.article_badges(user=request.user, article=article)
    return render(request, BADGES_TEMPLATE, {"badges": badges})


class MatchDecisionForm(forms.Form):
    type = forms.ChoiceField(choices=[("claim", "claim"), ("claimreview", "claimreview")])
    id = forms.IntegerField(min_value=1, max_value=MAX_ID)
    action = forms.ChoiceField(choices=[("link", "link"), ("dismiss", "dismiss")])
    score = forms.FloatField(required=False, min_value=0, max_value=1)
    level = forms.ChoiceField(
        required=False, choices=[("", ""), ("confident", "confident"), ("suggested", "suggested")]
    )


@login_required
@require_POST
@forbidden_as_page
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor says a match repeats this claim (link) or does not (dismiss)."""
    claim = get_claim_for(request, pk)
    form = MatchDecisionForm(request.POST)
    notice = "Choose an earlier check and an action."
    if form.is_valid():
        data = form.cleaned_data
        target: dict[str, Any] = {}
        if data["type"] == "claim":
            target["target_claim"] = (
                Claim.objects.visible_to(request.user).filter(pk=data["id"]).first()
            )
        else:
            target["target_review"] = ClaimReview.objects.filter(pk=data["id"]).first()
        if not any(target.values()):
            notice = "That earlier check no longer exists."
        else:
            try:
                services.match_feedback_record(
                    claim=claim,
                    user=request.user,
                    action=data["action"],
                    score=data["score"],
                    level=data["level"] or None,
                    **target,
                )
            except ValidationError as exc:
                notice = " ".join(exc.messages)
            else:
                done = "Linked to the earlier check." if data["action"] == "link" else "Dismissed."
                return claim_saved(request, claim, done)
    return render_panel(request, claim_panel_context(request, claim, notice=notice))
