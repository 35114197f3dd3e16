"""REST endpoints for newsroom tools. Reads come from selectors, every write from a service.

Order of checks on a write: authentication (401) → role (403) → the object within the
user's scope (404) → input (400) → If-Match present (428) and naming this object (412) → the
service, which re-reads the claim under a row lock and raises StaleVersion (412) if someone
else saved first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import limits, services
from annotations.api import serializers as s
from annotations.api.authentication import TokenWithPermissionsAuthentication, load_permissions
from annotations.api.claim_rows import claim_row_to_dict, claim_to_dict, claims_to_dicts
from annotations.api.exceptions import PreconditionFailed, PreconditionRequired, flat_fields
from annotations.api.filters import ClaimFilter, SegmentFilter
from annotations.api.pagination import ClaimRowPagination, StrictPageNumberPagination
from annotations.api.parsers import StrictJSONParser
from annotations.api.permissions import AdminDeletes, ReadOnly, ReviewerOnly, ViewerReads
from annotations.api.schema import (
    BULK_ERROR,
    BULK_ERROR_EXAMPLE,
    ERROR_EXAMPLE,
    IF_MATCH,
    ErrorSerializer,
    FactcheckAutoSchema,
)
from annotations.api.throttling import ScopedRateThrottle
from annotations.documents import DocumentError, read_document, read_text
from annotations.imports.models import ArticleImport
from annotations.imports.serializers import ArticleImportSerializer, ArticleUrlSerializer
from annotations.imports.services import import_request, text_import
from annotations.limits import MAX_ID
from annotations.models import Article, Claim, Note, Rating, Segment, Source, parse_version_etag
from annotations.panel import api as panel_api
from annotations.selectors import (
    articles_for,
    assignable_users,
    claim_history,
    claims_visible_to,
    segments_for,
    with_counts,
)

ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


class ApiMixin:
    """What every endpoint shares: body size limit, role checks, error docs in the schema."""

    authentication_classes = [TokenWithPermissionsAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, ViewerReads]
    pagination_class = StrictPageNumberPagination
    schema = FactcheckAutoSchema()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # DRF streams JSON bodies past Django's DATA_UPLOAD_MAX_MEMORY_SIZE check: do it here.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise RequestDataTooBig("Request body too large.")
        super().initial(request, *args, **kwargs)

    def check_permissions(self, request: Request) -> None:
        load_permissions(request.user)
        super().check_permissions(request)


def _if_match_version(request: Request, obj: Claim | Source | Note) -> int:
    """The version the client last saw, from If-Match; 428 if absent, 412 if foreign."""
    header = request.headers.get("If-Match")
    if not header or not header.strip():
        raise PreconditionRequired()
    kind = type(obj).__name__.lower()
    version = parse_version_etag(header, kind, obj.pk)
    if version is None:
        raise PreconditionFailed(obj, f"If-Match does not name this {kind}'s ETag.")
    return version


def _claim_response(claim: Claim, status_code: int = 200) -> Response:
    return Response(claim_to_dict(claim), status=status_code, headers={"ETag": claim.etag})


# ----------------------------------------------------------------------------- articles


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


# ------------------------------------------------------------------------------- claims


@extend_schema(tags=["claims"])
class ClaimViewSet(ApiMixin, viewsets.GenericViewSet):
    """Claims with their verdicts; every write needs the claim's ETag in If-Match."""

    serializer_class = s.ClaimSerializer
    filterset_class = ClaimFilter
    parser_classes = [StrictJSONParser]
    pagination_class = ClaimRowPagination
    lookup_value_regex = r"[0-9]{1,19}"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Claim]:
        return claims_visible_to(self.request.user)

    def get_permissions(self) -> list:
        voting = self.action == "votes" and self.request.method == "POST"
        if self.action in ("publish", "correct") or voting:
            return [IsAuthenticated(), ReviewerOnly()]
        return super().get_permissions()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Query filters select claims for lists; they never hide the claim being written.
        if self.action != "list":
            return queryset
        if set(self.request.query_params) <= {"page"}:
            # No filter asked for: skip building the FilterSet and its form (a fifth of the
            # time of a page), and give the order ClaimFilter.qs would.
            return queryset.order_by(*ClaimFilter.default_order, "id")
        return super().filter_queryset(queryset)

    @extend_schema(
        parameters=[
            OpenApiParameter("article", ID_SCHEMA, description="Claims of this article."),
            OpenApiParameter("assignee", ID_SCHEMA, description="User id of the assignee."),
        ]
    )
    def list(self, request: Request) -> Response:
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([claim_row_to_dict(row) for row in rows])

    @extend_schema(
        request=s.ClaimCreateSerializer,
        responses={201: s.ClaimSerializer},
        examples=[
            OpenApiExample(
                "One sentence", value={"article": 1, "segments": [4]}, request_only=True
            ),
            ERROR_EXAMPLE,
        ],
    )
    def create(self, request: Request) -> Response:
        data = s.ClaimCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        article = articles_for(request.user).filter(pk=fields.pop("article")).first()
        if article is None:
            raise DjangoValidationError({"article": "No such article."})
        wanted = set(fields.pop("segments"))
        segments = list(Segment.objects.filter(article=article, pk__in=wanted))
        if len(segments) != len(wanted):
            raise DjangoValidationError({"segments": "Unknown segment for this article."})
        claim = services.claim_create(
            article=article, segments=segments, user=request.user, **fields
        )
        return _claim_response(claim, status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: str) -> Response:
        return _claim_response(self.get_object())

    @extend_schema(
        request=s.ClaimBulkSerializer,
        responses={201: s.ClaimBulkResultSerializer, 400: BULK_ERROR},
        description=(
            f"Create up to {limits.MAX_BULK_CLAIMS} claims in one request, each with an optional "
            "`rating`, `summary`, `claimant` and `sources`, all or none: if any claim is "
            "refused, nothing is written and the 400 lists every refused claim in `items` "
            "(`index` into `claims`, and its `fields`). The same rules as one claim at a time "
            "(`POST claims/`, `PATCH claims/{id}/`, `POST claims/{id}/sources/`)."
        ),
        examples=[
            OpenApiExample(
                "Two claims",
                value={
                    "claims": [
                        {"article": 1, "segments": [4], "claimant": "The mayor"},
                        {
                            "article": 1,
                            "segments": [7, 8],
                            "rating": "mostly-false",
                            "summary": "The auditor's figure is $0.9bn.",
                            "sources": [{"url": "https://example.org/audit", "stance": "refutes"}],
                        },
                    ]
                },
                request_only=True,
            ),
            BULK_ERROR_EXAMPLE,
        ],
    )
    @action(detail=False, methods=["post"], pagination_class=None, filterset_class=None)
    def bulk(self, request: Request) -> Response:
        data = s.ClaimBulkSerializer(data=request.data)
        if not data.is_valid():
            per_claim = data.errors.get("claims")
            if isinstance(per_claim, list):
                per_claim = dict(enumerate(per_claim))
            if isinstance(per_claim, dict) and all(isinstance(i, int) for i in per_claim):
                # Refused claims by index (a refused list as a whole has non_field_errors).
                refused = [(i, flat_fields(e)) for i, e in sorted(per_claim.items()) if e]
                raise services.BulkInvalid(refused)
            raise DrfValidationError(data.errors)
        new_claims = _bulk_lookups(request.user, data.validated_data["claims"])
        claims = services.claims_create_many(user=request.user, claims=new_claims)
        body = {"claims": claims_to_dicts([claim.pk for claim in claims])}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.ClaimUpdateSerializer,
        parameters=[IF_MATCH],
        examples=[
            OpenApiExample(
                "Rate a claim",
                value={"rating": "mostly-false", "summary": "The auditor's figure is $0.9bn."},
                request_only=True,
            )
        ],
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        data = s.ClaimUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = _if_match_version(request, claim)
        claim = services.claim_update(
            claim=claim, user=request.user, version=version, **data.validated_data
        )
        return _claim_response(claim)

    def _workflow(self, request: Request, service: Any, **kwargs: Any) -> Response:
        claim = self.get_object()
        version = _if_match_version(request, claim)
        claim = service(claim=claim, user=request.user, version=version, **kwargs)
        return _claim_response(claim)

    @extend_schema(request=None, parameters=[IF_MATCH], description="draft → in_review.")
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._workflow(request, services.claim_submit)

    @extend_schema(
        request=s.ClaimPublishSerializer,
        parameters=[IF_MATCH],
        responses={200: s.ClaimSerializer, 409: ErrorSerializer},
        description=(
            "in_review → published, by a reviewer other than the one who rated it, with the "
            "rating a majority of the panel agrees on (`FACTCHECK_PANEL_SIZE`; with a panel of "
            "one, the reviewer who publishes). On a published claim with a proposed "
            "correction, publishes the correction the same way. 409 while the panel has no "
            "majority (disputed: an admin may send `rating` to decide)."
        ),
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        data = s.ClaimPublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = data.validated_data.get("rating")
        return self._workflow(request, services.claim_publish, decision=decision)

    @extend_schema(
        methods=["GET"],
        responses=s.PanelDocumentSerializer,
        description="The claim's panel: who voted; their ratings once you voted or it is done.",
    )
    @extend_schema(
        methods=["POST"],
        request=s.VoteSerializer,
        responses={201: s.VoteDocumentSerializer, 200: s.VoteDocumentSerializer},
        description="Vote (201) or change your vote (200); reviewers other than the proposer.",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def votes(self, request: Request, pk: str) -> Response:
        return panel_api.votes(request, self.get_object())

    @extend_schema(request=None, parameters=[IF_MATCH], description="Not worth checking.")
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, pk: str) -> Response:
        return self._workflow(request, services.claim_dismiss)

    @extend_schema(
        request=s.ClaimCorrectSerializer,
        parameters=[IF_MATCH],
        description="Change a published verdict; the note is kept and shown in reports.",
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str) -> Response:
        claim = self.get_object()
        data = s.ClaimCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = _if_match_version(request, claim)
        claim = services.claim_correct(
            claim=claim, user=request.user, version=version, **data.validated_data
        )
        return _claim_response(claim)

    @extend_schema(responses=s.HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request: Request, pk: str) -> Response:
        entries = claim_history(self.get_object(), request.user)
        return Response(s.HistoryEntrySerializer(entries, many=True).data)

    # -- sources and notes: one code path, described by a ClaimChild each

    @extend_schema(methods=["GET"], responses=s.SourceSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=s.SourceSerializer, responses={201: s.SourceSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def sources(self, request: Request, pk: str) -> Response:
        return _children(request, self.get_object(), SOURCES)

    @extend_schema(methods=["GET"], responses=s.SourceSerializer)
    @extend_schema(
        methods=["PATCH"],
        request=s.SourceUpdateSerializer,
        responses=s.SourceSerializer,
        parameters=[IF_MATCH],
    )
    @extend_schema(methods=["DELETE"], parameters=[IF_MATCH], responses={204: None})
    @action(
        detail=True,
        methods=["get", "patch", "delete"],
        url_path=r"sources/(?P<source_id>[0-9]{1,19})",
        pagination_class=None,
        filterset_class=None,
    )
    def source_detail(self, request: Request, pk: str, source_id: str) -> Response:
        return _child_detail(request, self.get_object(), SOURCES, source_id)

    @extend_schema(methods=["GET"], responses=s.NoteSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.NoteSerializer, responses={201: s.NoteSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def notes(self, request: Request, pk: str) -> Response:
        return _children(request, self.get_object(), NOTES)

    @extend_schema(methods=["GET"], responses=s.NoteSerializer)
    @extend_schema(
        methods=["PATCH"],
        request=s.NoteUpdateSerializer,
        responses=s.NoteSerializer,
        parameters=[IF_MATCH],
    )
    @extend_schema(methods=["DELETE"], parameters=[IF_MATCH], responses={204: None})
    @action(
        detail=True,
        methods=["get", "patch", "delete"],
        url_path=r"notes/(?P<note_id>[0-9]{1,19})",
        pagination_class=None,
        filterset_class=None,
    )
    def note_detail(self, request: Request, pk: str, note_id: str) -> Response:
        return _child_detail(request, self.get_object(), NOTES, note_id)


def _bulk_lookups(user: Any, items: list[dict[str, Any]]) -> list[services.NewClaim]:
    """The articles, segments, ratings and assignees of a bulk request: a query each.

    Raises BulkInvalid (nothing written) for every claim that names one it cannot have.
    """
    article_ids = {item["article"] for item in items}
    articles = articles_for(user).in_bulk(article_ids)
    segment_ids = {pk for item in items for pk in item["segments"]}
    segments = Segment.objects.filter(article_id__in=articles, pk__in=segment_ids).in_bulk()
    slugs = {item["rating"] for item in items if item.get("rating")}
    ratings = {r.slug: r for r in Rating.objects.filter(slug__in=slugs)} if slugs else {}
    people = {item["assignee"] for item in items if item.get("assignee")}
    assignees = assignable_users().in_bulk(people) if people else {}

    new_claims, refused = [], []
    for index, item in enumerate(items):
        fields = dict(item)
        errors: dict[str, list[str]] = {}
        article = articles.get(fields.pop("article"))
        wanted = fields.pop("segments")
        found = [segments[pk] for pk in dict.fromkeys(wanted) if pk in segments]
        if article is None:
            errors["article"] = ["No such article."]
        elif len(found) != len(set(wanted)) or any(x.article_id != article.pk for x in found):
            errors["segments"] = ["Unknown segment for this article."]
        slug = fields.pop("rating", None)
        if slug and slug not in ratings:
            errors["rating"] = [f"Object with slug={slug} does not exist."]
        assignee = fields.pop("assignee", None)
        if assignee and assignee not in assignees:
            errors["assignee"] = [f'Invalid pk "{assignee}" - object does not exist.']
        if errors:
            refused.append((index, errors))
            continue
        new_claims.append(
            services.NewClaim(
                article=article,
                segments=found,
                rating=ratings.get(slug) if slug else None,
                assignee=assignees.get(assignee) if assignee else None,
                sources=fields.pop("sources", ()),
                **fields,
            )
        )
    if refused:
        raise services.BulkInvalid(refused)
    return new_claims


@dataclass(frozen=True)
class ClaimChild:
    """A resource under a claim (sources, notes): its model, serializers and services."""

    kind: str
    model: type[Source] | type[Note]
    serializer: type[s.SourceSerializer] | type[s.NoteSerializer]
    update_serializer: type[s.SourceUpdateSerializer] | type[s.NoteUpdateSerializer]
    add: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., None]

    def response(self, obj: Any, code: int = 200) -> Response:
        return Response(self.serializer(obj).data, status=code, headers={"ETag": obj.etag})


SOURCES = ClaimChild(
    kind="source",
    model=Source,
    serializer=s.SourceSerializer,
    update_serializer=s.SourceUpdateSerializer,
    add=services.source_add,
    update=lambda obj, **kwargs: services.source_update(source=obj, **kwargs),
    delete=lambda obj, **kwargs: services.source_delete(source=obj, **kwargs),
)
NOTES = ClaimChild(
    kind="note",
    model=Note,
    serializer=s.NoteSerializer,
    update_serializer=s.NoteUpdateSerializer,
    add=services.note_add,
    update=lambda obj, **kwargs: services.note_update(note=obj, **kwargs),
    delete=lambda obj, **kwargs: services.note_delete(note=obj, **kwargs),
)


def _children(request: Request, claim: Claim, child: ClaimChild) -> Response:
    """GET lists a claim's sources or notes; POST adds one."""
    if request.method == "GET":
        rows = child.model.objects.filter(claim=claim).order_by("created_at", "id")
        return Response(child.serializer(rows, many=True).data)
    data = child.serializer(data=request.data)
    data.is_valid(raise_exception=True)
    created = child.add(claim=claim, user=request.user, **data.validated_data)
    return child.response(created, status.HTTP_201_CREATED)


def _child_detail(request: Request, claim: Claim, child: ClaimChild, object_id: str) -> Response:
    """GET, PATCH (with If-Match) or DELETE (with If-Match) one source or note of a claim.

    The service re-reads it under a row lock and refuses a stale version (412).
    """
    obj = child.model.objects.filter(claim=claim, pk=int(object_id)).first()
    if obj is None:
        raise Http404
    if request.method == "GET":
        return child.response(obj)
    data = None
    if request.method == "PATCH":
        # The body is validated before the ETag: bad input is a 400, never a 412.
        data = child.update_serializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
    version = _if_match_version(request, obj)
    if data is None:
        child.delete(obj, user=request.user, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)
    return child.response(
        child.update(obj, user=request.user, version=version, **data.validated_data)
    )


# -------------------------------------------------------------------- ratings, users, auth


@extend_schema(tags=["ratings"])
class RatingViewSet(ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):  # fmt: skip
    """The verdict scale (admins edit it in the admin site)."""

    permission_classes = [IsAuthenticated, ViewerReads, ReadOnly]
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
