"""The rating scale, the current user, API tokens, and the API's JSON 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api import serializers as s
from annotations.api.authentication import TokenWithPermissionsAuthentication
from annotations.api.base import ApiMixin
from annotations.api.parsers import StrictJSONParser
from annotations.api.permissions import ViewerReads
from annotations.api.throttling import ScopedRateThrottle
from annotations.models import Rating


@extend_schema(tags=["ratings"])
class RatingViewSet(ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):  # fmt: skip
    """The verdict scale (admins edit it in the admin site)."""

    permission_classes = [IsAuthenticated, ViewerReads]
    serializer_class = s.RatingSerializer
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,50}"
    pagination_class = None
    filterset_class = None

    def get_queryset(self) -> QuerySet[Rating]:
        return Rating.objects.order_by("order", "id")


class MeView(ApiMixin, APIView):
    """Who the token or session belongs to, and what they may do."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["users"], responses=s.UserSerializer)
    def get(self, request: Request) -> Response:
        return Response(s.UserSerializer(request.user).data)


class TokenView(ApiMixin, APIView):
    """Exchange a username and password for an API token; DELETE revokes it."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token_obtain"
    authentication_classes = [TokenWithPermissionsAuthentication]
    parser_classes = [StrictJSONParser, FormParser]

    def get_permissions(self) -> list:
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated()]

    @extend_schema(
        tags=["auth"],
        auth=[],
        request=s.TokenRequestSerializer,
        responses=s.TokenSerializer,
        examples=[
            OpenApiExample(
                "Credentials",
                value={"username": "editor", "password": "factcheck-editor"},
                request_only=True,
            ),
            OpenApiExample(
                "Token",
                value={"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"},
                response_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        data = s.TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None:
            raise DjangoValidationError("Unable to log in with these credentials.")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(tags=["auth"], request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


@csrf_exempt  # a JSON 404 whatever the method; CSRF matters only where something is written
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Unknown URLs under /api/: the API's error shape instead of Django's HTML page."""
    body = {"error": "not_found", "detail": "No such endpoint.", "fields": {}}
    return JsonResponse(body, status=404)
