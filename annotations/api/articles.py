"""The articles API: list, read, import (text, file, URL), segments, delete."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import services
from annotations.api import serializers as s
from annotations.api.base import ApiMixin
from annotations.api.filters import SegmentFilter
from annotations.api.parsers import StrictJSONParser
from annotations.api.permissions import AdminDeletes, ViewerReads
from annotations.api.schema import (
    ERROR_EXAMPLE,
)
from annotations.documents import DocumentError, read_document, read_text
from annotations.imports.models import ArticleImport
from annotations.imports.serializers import ArticleImportSerializer, ArticleUrlSerializer
from annotations.imports.services import import_request, text_import
from annotations.models import Article, Segment
from annotations.selectors import (
    articles_for,
    segments_for,
    with_counts,
)


@extend_schema(tags=["articles"])
class ArticleViewSet(ApiMixin, viewsets.GenericViewSet):
    """Articles as stored, with review progress; created from text or an uploaded file."""

    permission_classes = [IsAuthenticated, ViewerReads, AdminDeletes]
    parser_classes = [StrictJSONParser, MultiPartParser, FormParser]
    serializer_class = s.ArticleSerializer
    lookup_value_regex = r"[0-9]{1,19}"
    filterset_class = None

    def get_queryset(self) -> QuerySet[Article]:
        return articles_for(self.request.user).order_by("-created_at", "-id")

    @extend_schema(responses=s.ArticleListSerializer(many=True))
    def list(self, request: Request) -> Response:
        page = with_counts(self.paginate_queryset(self.get_queryset().defer("body")))
        return self.get_paginated_response(s.ArticleListSerializer(page, many=True).data)

    @extend_schema(
        request={
            "application/json": s.ArticleTextSerializer,
            "multipart/form-data": s.ArticleUploadSerializer,
        },
        responses={
            201: s.ArticleSerializer,
            200: s.ArticleSerializer,
            202: ArticleImportSerializer,
        },
        description=(
            "Store an article from `body` (JSON) or an uploaded `file` (multipart: .txt, .md, "
            ".html). The same text twice gives the same article: 201 when stored, 200 when it "
            "was already there (at once, whatever its size). Same ingest path as `manage.py "
            "ingest`. A text of more than `FACTCHECK_IMPORT_JOB_BYTES` (default 200 KB of "
            "UTF-8) is checked at once (400 if it cannot be stored, nothing queued) and then "
            "segmented, scored and stored by a job: 202 with the import (`source` `text` or "
            "`file`), to poll at `poll` (also in `Location`) until `status` is `done`; while "
            "`ingesting`, `stage`, `scored` of `sentences` and `progress` (percent) say how "
            "far it got. With `url` and no `body`, a job fetches the page (http(s), public "
            "addresses, 5 MB, no more than 5 checked redirects), extracts the article and "
            "ingests it: 202 with the import, to poll at `poll` (`GET /api/v1/imports/{id}/`) "
            "until `status` is `done` (`article` is then its id) or `failed` (`error` says "
            "why)."
        ),
        examples=[
            OpenApiExample(
                "Pasted text",
                value={
                    "title": "Budget Row Deepens",
                    "body": "Budget Row Deepens\n\nThe city spent $1.2 billion on roads in 2023.\n",
                    "url": "https://example.org/news/budget",
                    "publisher": "Example Times",
                },
                request_only=True,
                media_type="application/json",
            ),
            OpenApiExample(
                "A web page",
                value={"url": "https://example.org/news/budget"},
                request_only=True,
                media_type="application/json",
            ),
            ERROR_EXAMPLE,
        ],
    )
    def create(self, request: Request) -> Response:
        upload = (request.content_type or "").startswith("multipart/")
        wants_fetch = isinstance(request.data, dict) and "body" not in request.data
        if not upload and wants_fetch and request.data.get("url"):
            return self._import_url(request)
        data = (s.ArticleUploadSerializer if upload else s.ArticleTextSerializer)(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        filename = ""
        try:
            if upload:
                file = fields.pop("file")
                filename = file.name or ""
                if file.size > settings.FACTCHECK_MAX_ARTICLE_BYTES:
                    raise RequestDataTooBig("File too large.")
                document = read_document(file.read(), file.name or "article.txt")
            else:
                document = read_text(fields.pop("body"))
        except DocumentError as error:
            raise DjangoValidationError({"file" if upload else "body": str(error)}) from error
        source = ArticleImport.Source.FILE if upload else ArticleImport.Source.TEXT
        done = text_import(
            document=document, user=request.user, source=source,
            filename=filename, **fields,
        )  # fmt: skip
        if done.job is not None:
            body = ArticleImportSerializer(done.job).data
            return Response(
                body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["poll"]}
            )
        result = done.result
        [article] = with_counts([self.get_queryset().get(pk=result.article.pk)])
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(s.ArticleSerializer(article).data, status=code)

    def retrieve(self, request: Request, pk: str) -> Response:
        [article] = with_counts([self.get_object()])
        return Response(s.ArticleSerializer(article).data)

    def _import_url(self, request: Request) -> Response:
        """``{"url"}`` without a body: a job fetches the page; 202 with where to poll."""
        data = ArticleUrlSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "language"}
        job = import_request(user=request.user, **fields)
        body = ArticleImportSerializer(job).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["poll"]})

    @extend_schema(description="Delete an article with its claims (admins only).")
    def destroy(self, request: Request, pk: str) -> Response:
        services.article_delete(article=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset  # no query filters on articles; segments are filtered below

    @extend_schema(
        responses=s.SegmentSerializer(many=True),
        parameters=[
            OpenApiParameter("suggested", OpenApiTypes.BOOL, description="Suggested claims."),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=[k for k, _ in Segment.Kind.choices], many=True
            ),
        ],
        description="The article's segments in reading order, with check-worthiness.",
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def segments(self, request: Request, pk: str) -> Response:
        article = self.get_object()
        segments = SegmentFilter(request.query_params, queryset=segments_for(request.user, article))
        if not segments.is_valid():
            raise DjangoValidationError(segments.errors)
        return Response(s.SegmentSerializer(segments.qs, many=True).data)
