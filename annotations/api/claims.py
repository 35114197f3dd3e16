"""The claims API: list, read, create (one or in bulk), edit, workflow, sources and notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DrfValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import limits, services
from annotations.api import serializers as s
from annotations.api.base import ID_SCHEMA, ApiMixin, claim_response, if_match_version
from annotations.api.claim_rows import claim_row_to_dict, claims_to_dicts
from annotations.api.exceptions import flat_fields
from annotations.api.filters import ClaimFilter
from annotations.api.pagination import ClaimRowPagination
from annotations.api.parsers import StrictJSONParser
from annotations.api.permissions import ReviewerOnly
from annotations.api.schema import (
    BULK_ERROR,
    BULK_ERROR_EXAMPLE,
    ERROR_EXAMPLE,
    IF_MATCH,
    ErrorSerializer,
)
from annotations.models import Claim, Note, Rating, Segment, Source
from annotations.panel import api as panel_api
from annotations.selectors import (
    articles_for,
    assignable_users,
    claim_history,
    claims_visible_to,
)


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
        return claim_response(claim, status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: str) -> Response:
        return claim_response(self.get_object())

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
            if isinstance(per_claim, list) and all(isinstance(e, dict) for e in per_claim):
                per_claim = dict(enumerate(per_claim))  # one entry per claim, {} if it passed
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
        version = if_match_version(request, claim)
        claim = services.claim_update(
            claim=claim, user=request.user, version=version, **data.validated_data
        )
        return claim_response(claim)

    def _workflow(self, request: Request, service: Any, **kwargs: Any) -> Response:
        claim = self.get_object()
        version = if_match_version(request, claim)
        claim = service(claim=claim, user=request.user, version=version, **kwargs)
        return claim_response(claim)

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
        version = if_match_version(request, claim)
        claim = services.claim_correct(
            claim=claim, user=request.user, version=version, **data.validated_data
        )
        return claim_response(claim)

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
    version = if_match_version(request, obj)
    if data is None:
        child.delete(obj, user=request.user, version=version)
        return Response(status=status.HTTP_204_NO_CONTENT)
    return child.response(
        child.update(obj, user=request.user, version=version, **data.validated_data)
    )
