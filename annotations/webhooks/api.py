"""REST endpoints of webhooks (admins only): /api/v1/webhooks/ and their deliveries."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import roles
from annotations.api.base import ID_SCHEMA, ApiMixin
from annotations.api.parsers import StrictJSONParser
from annotations.api.schema import ERROR_EXAMPLE
from annotations.limits import parse_id
from annotations.webhooks import selectors, services
from annotations.webhooks import serializers as s


class AdminOnly(BasePermission):
    message = "Only admins can manage webhooks."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return roles.can_administer(request.user)


@extend_schema(tags=["webhooks"])
class WebhookViewSet(ApiMixin, viewsets.GenericViewSet):
    """Endpoints that receive events, signed per Standard Webhooks (admins only)."""

    permission_classes = [IsAuthenticated, AdminOnly]
    parser_classes = [StrictJSONParser]
    serializer_class = s.EndpointSerializer
    lookup_value_regex = r"[0-9]{1,19}"
    filterset_class = None
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.endpoints_for(self.request.user)

    def filter_queryset(self, queryset):
        return queryset

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.EndpointSerializer(page, many=True).data)

    @extend_schema(
        request=s.EndpointCreateSerializer,
        responses={201: s.EndpointCreatedSerializer},
        description=(
            "Register an endpoint for some events. The answer carries the signing `secret` "
            "(`whsec_…`); it is never shown again. The URL must be http(s) and resolve to a "
            "public address."
        ),
        examples=[
            OpenApiExample(
                "CMS hook",
                value={
                    "url": "https://cms.example.org/hooks/factcheck",
                    "events": ["claim.published", "claim.corrected"],
                    "description": "Refresh the live blog",
                },
                request_only=True,
            ),
            ERROR_EXAMPLE,
        ],
    )
    def create(self, request: Request) -> Response:
        data = s.EndpointCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = services.endpoint_create(user=request.user, **data.validated_data)
        return Response(s.EndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.EndpointSerializer(self.get_object()).data)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: str) -> Response:
        services.endpoint_delete(endpoint=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=None,
        responses=s.EndpointSerializer,
        description="Turn a disabled endpoint on again.",
    )
    @action(detail=True, methods=["post"])
    def enable(self, request: Request, pk: str) -> Response:
        endpoint = services.endpoint_enable(endpoint=self.get_object(), user=request.user)
        return Response(s.EndpointSerializer(endpoint).data)

    @extend_schema(
        responses=s.DeliverySerializer(many=True),
        description=(
            "Deliveries to this endpoint, newest first, each with its attempts (number, "
            "status code, duration, error, next retry)."
        ),
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str) -> Response:
        page = self.paginate_queryset(selectors.deliveries_of(self.get_object()))
        return self.get_paginated_response(s.DeliverySerializer(page, many=True).data)

    @extend_schema(
        request=None,
        responses={202: s.DeliverySerializer},
        parameters=[OpenApiParameter("delivery_id", ID_SCHEMA, OpenApiParameter.PATH)],
        description="Send a delivery again now (same webhook-id, a fresh series of retries).",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"deliveries/(?P<delivery_id>[0-9]{1,19})/redeliver",
    )
    def redeliver(self, request: Request, pk: str, delivery_id: str) -> Response:
        endpoint = self.get_object()
        number = parse_id(delivery_id)
        delivery = endpoint.deliveries.filter(pk=number).first() if number else None
        if delivery is None:
            raise Http404
        delivery = services.delivery_redeliver(delivery=delivery, user=request.user)
        return Response(s.DeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)
