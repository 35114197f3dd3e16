"""GET /api/v1/imports/{id}/: how far an import job got (POST /api/v1/articles/ with a url,
or with a text past FACTCHECK_IMPORT_JOB_BYTES, starts one and answers 202 with this
document)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import roles
from annotations.api.base import ApiMixin
from annotations.imports.selectors import imports_for
from annotations.imports.serializers import ArticleImportSerializer


class EditorsOnly(BasePermission):
    message = "Only editors import articles."

    def has_permission(self, request: Request, view) -> bool:
        return roles.can_edit(request.user)


@extend_schema(tags=["articles"])
class ArticleImportViewSet(ApiMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Import jobs: queued → fetching (URLs) → ingesting (stage, scored of sentences, progress)
    → done (with the article) or failed (with why)."""

    serializer_class = ArticleImportSerializer
    permission_classes = [IsAuthenticated, EditorsOnly]
    lookup_value_regex = r"[0-9]{1,19}"
    filterset_class = None

    def get_queryset(self):
        return imports_for(self.request.user).defer("html", "body")

    def filter_queryset(self, queryset):
        return queryset

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(ArticleImportSerializer(self.get_object()).data)
