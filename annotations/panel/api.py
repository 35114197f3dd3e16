"""The panel in the REST API: ``claims/{id}/votes/`` (see ClaimViewSet.votes)."""

from __future__ import annotations

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.api.serializers import VoteSerializer
from annotations.models import Claim
from annotations.panel import services
from annotations.panel.selectors import panel_document, panel_for, vote_document


def votes(request: Request, claim: Claim) -> Response:
    """GET: the panel as the caller may see it. POST: cast or change the caller's vote."""
    if request.method == "GET":
        return Response(panel_document(claim, request.user))
    data = VoteSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    vote, created = services.vote_cast(
        claim=claim,
        user=request.user,
        rating=data.validated_data["rating"],
        reason=data.validated_data.get("reason", ""),
    )
    claim.refresh_from_db()
    view = panel_for(claim, request.user)
    body = vote_document(vote, visible=view.visible, user=request.user)
    return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
