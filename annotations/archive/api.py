"""REST endpoints of the archive: claimreviews/, search/, match/, claims/{id}/similar/ and
claims/{id}/matches/. Reads come from the archive's selectors, writes from its services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.parsers import BaseParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import limits, roles
from annotations.api.base import ID_SCHEMA, ApiMixin
from annotations.api.filters import NoBlankTypedValuesForm
from annotations.api.pagination import StrictPageNumberPagination
from annotations.api.parsers import loads_strict
from annotations.api.schema import ERROR_EXAMPLE
from annotations.archive import matching, selectors, services
from annotations.archive import serializers as s
from annotations.archive.models import ClaimReview, ClaimReviewImport
from annotations.archive.search import SearchFilters, search
from annotations.exports.links import site_base_url
from annotations.limits import parse_id
from annotations.selectors import claims_visible_to


class RawJsonParser(BaseParser):
    """Hands the body over unparsed: ``create`` checks its size before parsing it."""

    media_type = "application/json"

    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Any = None
    ) -> bytes:
        return stream.read() if stream is not None else b""


class JsonLdParser(RawJsonParser):
    media_type = "application/ld+json"


class ClaimReviewFilterForm(NoBlankTypedValuesForm):
    """``?date_from=`` is a mistake, not "no filter" (the schema says: a date)."""

    typed = ("date_from", "date_to")


class ClaimReviewFilter(filters.FilterSet):
    publisher = filters.CharFilter(
        field_name="publisher_name", lookup_expr="icontains", max_length=limits.MAX_PUBLISHER
    )
    rating = filters.CharFilter(
        method="filter_rating", max_length=limits.MAX_RATING_TEXT, help_text="Rating text or slug."
    )
    date_from = filters.DateFilter(field_name="date_published", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date_published", lookup_expr="lte")
    q = filters.CharFilter(method="filter_q", max_length=limits.MAX_QUERY, help_text="Text search.")

    class Meta:
        model = ClaimReview
        fields: list[str] = []
        form = ClaimReviewFilterForm

    def filter_rating(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(rating_text__iexact=value) | Q(rating_text__iexact=value.replace("-", " "))
        )

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(claim_reviewed__icontains=value)
            | Q(claimant__icontains=value)
            | Q(publisher_name__icontains=value)
        )

    @property
    def qs(self) -> QuerySet:
        cleaned = self.form.cleaned_data
        if (
            cleaned.get("date_from")
            and cleaned.get("date_to")
            and cleaned["date_from"] > cleaned["date_to"]
        ):
            raise DjangoValidationError({"date_to": "date_to is before date_from."})
        return super().qs.order_by("-date_published", "-id")


@extend_schema(tags=["archive"])
class ClaimReviewViewSet(ApiMixin, viewsets.GenericViewSet):
    """Fact-checks imported as schema.org ClaimReview JSON-LD; idempotent by url."""

    serializer_class = s.ClaimReviewSerializer
    filterset_class = ClaimReviewFilter
    parser_classes = [RawJsonParser, JsonLdParser]
    lookup_value_regex = r"[0-9]{1,19}"
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[ClaimReview]:
        return selectors.claimreviews_for(self.request.user)

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()).defer("raw"))
        return self.get_paginated_response(s.ClaimReviewSerializer(page, many=True).data)

    @extend_schema(
        responses=s.ClaimReviewDetailSerializer,
        parameters=[OpenApiParameter("id", ID_SCHEMA, OpenApiParameter.PATH)],
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        review_id = parse_id(pk)
        review = self.get_queryset().filter(pk=review_id).first() if review_id else None
        if review is None:
            raise Http404
        return Response(s.ClaimReviewDetailSerializer(review).data)

    @extend_schema(
        request={
            "application/json": OpenApiTypes.ANY,
            "application/ld+json": OpenApiTypes.ANY,
        },
        responses={
            201: s.ImportResultSerializer,
            200: s.ImportResultSerializer,
            202: s.ClaimReviewImportSerializer,
        },
        description=(
            "Import ClaimReview JSON-LD: one ClaimReview, an array, an `@graph` or a "
            "`DataFeed` (`dataFeedElement[].item[]`). Idempotent by `url`: a review imported "
            "again is updated. 201 when something was created, else 200; items that cannot "
            "be stored come back in `skipped` with their index and a reason. A document that "
            "is not ClaimReview JSON-LD at all is a 400 and nothing is written. Editors and up. "
            "A document of more than FACTCHECK_CLAIMREVIEW_JOB_ITEMS items (500) is imported "
            "by a job: 202 with a `poll` URL whose answer carries the same `created`, "
            "`updated` and `skipped` once its `status` is `done`."
        ),
        examples=[
            OpenApiExample(
                "One ClaimReview",
                value={
                    "@context": "https://schema.org",
                    "@type": "ClaimReview",
                    "url": "https://factcheck.example/2024/budget",
                    "claimReviewed": "The city spent $1.2 billion on roads in 2023.",
                    "author": {"@type": "Organization", "name": "Example Checks"},
                    "reviewRating": {"@type": "Rating", "alternateName": "Mostly false"},
                },
                request_only=True,
                media_type="application/json",
            ),
            OpenApiExample(
                "Result",
                value={"created": 1, "updated": 0, "skipped": []},
                response_only=True,
                status_codes=["201"],
            ),
            ERROR_EXAMPLE,
        ],
    )
    def create(self, request: Request) -> Response:
        body = request.data if isinstance(request.data, bytes) else b""
        # Malformed or too deeply nested JSON is a parse_error, as at every endpoint; a body
        # over the import's size cap is left to the import, which says so.
        document = body if len(body) > limits.MAX_IMPORT_BYTES else loads_strict(body)
        if not isinstance(document, bytes) and services.needs_job(document):
            job = services.claimreview_import_request(document=body, user=request.user)
            data = s.ClaimReviewImportSerializer(job).data
            return Response(data, status=202, headers={"Location": data["poll"]})
        result = services.claimreview_import(document=document, user=request.user)
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(result.as_dict(), status=code)


class ImportEditorsOnly(BasePermission):
    message = "Only editors import fact-checks."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return roles.can_edit(request.user)


@extend_schema(tags=["archive"])
class ClaimReviewImportViewSet(ApiMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Large ClaimReview imports: queued → importing → done (with the result) or failed."""

    serializer_class = s.ClaimReviewImportSerializer
    permission_classes = [IsAuthenticated, ImportEditorsOnly]
    lookup_value_regex = r"[0-9]{1,19}"
    filterset_class = None

    def get_queryset(self) -> QuerySet[ClaimReviewImport]:
        return selectors.claimreview_imports_for(self.request.user).defer("document")

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return queryset

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(s.ClaimReviewImportSerializer(self.get_object()).data)


class ListPagination(StrictPageNumberPagination):
    """A page of results computed elsewhere (search), with the total given alongside."""

    def page_of(self, request: Request, fetch: Any) -> list:
        number = self.page_number(request)
        self.request = request
        size = self.get_page_size(request)
        rows, total = fetch((number - 1) * size, size)
        if number > 1 and not rows:
            raise NotFound("Invalid page.")
        paginator = Paginator([], size)
        paginator.count = total
        self.page = Page(rows, number, paginator)
        return rows


class SearchView(ApiMixin, APIView):
    """Claims, imported reviews, sources and article text, best match first."""

    @extend_schema(
        tags=["archive"],
        parameters=[s.SearchQuerySerializer],
        responses=s.SearchHitSerializer(many=True),
        description=(
            'Full-text search (PostgreSQL: websearch syntax, "quoted phrases", -word, or). '
            "`type`: claim, claimreview, source, article; `rating`: a rating slug (claims) "
            "or a review's rating; `status`: a claim status (claims and their sources); "
            "`publisher`: part of the name; `date_from`/`date_to`: ISO dates. The snippet "
            "is HTML-escaped with the query's words in `<mark>`."
        ),
    )
    def get(self, request: Request) -> Response:
        query = s.SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        filters_ = SearchFilters(
            q=data.get("q", "").strip(),
            type=data.get("type", ""),
            rating=data.get("rating", "").strip(),
            status=data.get("status", ""),
            publisher=data.get("publisher", "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
        paginator = ListPagination()
        hits = paginator.page_of(
            request, lambda offset, size: search(request.user, filters_, offset, size)
        )
        rows = s.SearchHitSerializer(hits, many=True).data
        for row in rows:
            row["url"] = absolute(row["url"], request)
        return paginator.get_paginated_response(rows)


def absolute(url: str, request: Request) -> str:
    """Our own pages (claims' permalinks, articles) are stored as paths: make them absolute."""
    return site_base_url(request) + url if url.startswith("/") else url


def _results(request: Request, matches: list[selectors.Match]) -> Response:
    rows = [m.as_dict() | {"url": absolute(m.url, request)} for m in matches]
    return Response({"results": rows})


class ViewerAsks(BasePermission):
    """A read that needs a body (POST match/): the viewer role may ask."""

    message = "Your account has no role that allows this."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return roles.can_view(request.user)


class MatchView(ApiMixin, APIView):
    """Earlier checks (claims elsewhere, imported reviews) that state the same claim."""

    permission_classes = [IsAuthenticated, ViewerAsks]

    @extend_schema(
        tags=["archive"],
        request=s.MatchRequestSerializer,
        responses=s.MatchListSerializer,
        description=(
            "Ranked by `score` (0..1); `level` is confident, suggested or null (below the "
            "threshold). Candidates: claims of any article (not dismissed) and imported reviews."
        ),
        examples=[
            OpenApiExample(
                "A sentence",
                value={"text": "Unemployment in Ohio fell to 3.5% in 2023.", "limit": 5},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        data = s.MatchRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        text, limit = data.validated_data["text"], data.validated_data["limit"]
        return _results(request, selectors.match_text(user=request.user, text=text, limit=limit))


def _claim_for(request: Request, pk: str) -> Any:
    claim_id = parse_id(str(pk))
    if claim_id is None:
        raise Http404
    claim = claims_visible_to(request.user).filter(pk=claim_id).first()
    if claim is None:
        raise Http404
    return claim


class ClaimSimilarView(ApiMixin, APIView):
    @extend_schema(
        tags=["claims"],
        parameters=[
            OpenApiParameter("id", ID_SCHEMA, OpenApiParameter.PATH),
            s.SimilarQuerySerializer,
        ],
        responses=s.MatchListSerializer,
        description=(
            "Earlier checks of the same claim on other articles and imported reviews. A match "
            "an editor dismissed is left out; one they linked comes first."
        ),
    )
    def get(self, request: Request, pk: str) -> Response:
        query = s.SimilarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        claim = _claim_for(request, pk)
        limit = query.validated_data["limit"]
        matches = selectors.similar_to_claim(user=request.user, claim=claim, limit=limit)
        return _results(request, matches)


class ClaimMatchesView(ApiMixin, APIView):
    """Editors' decisions on a claim's matches: link to the earlier check, or dismiss it."""

    pagination_class = None

    @extend_schema(
        tags=["claims"],
        parameters=[OpenApiParameter("id", ID_SCHEMA, OpenApiParameter.PATH)],
        responses=s.MatchFeedbackSerializer(many=True),
    )
    def get(self, request: Request, pk: str) -> Response:
        claim = _claim_for(request, pk)
        rows = selectors.feedback_for_claim(claim)
        return Response(s.MatchFeedbackSerializer(rows, many=True).data)

    @extend_schema(
        tags=["claims"],
        parameters=[OpenApiParameter("id", ID_SCHEMA, OpenApiParameter.PATH)],
        request=s.MatchFeedbackRequestSerializer,
        responses={201: s.MatchFeedbackSerializer, 200: s.MatchFeedbackSerializer},
        description=(
            "`link`: this claim repeats that earlier check; `dismiss`: it does not. Deciding "
            "again replaces the decision (the history keeps it). 201 for a new decision."
        ),
    )
    def post(self, request: Request, pk: str) -> Response:
        claim = _claim_for(request, pk)
        data = s.MatchFeedbackRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kind, target_id = data.validated_data["type"], data.validated_data["id"]
        target: dict[str, Any] = {}
        if kind == "claim":
            target["target_claim"] = claims_visible_to(request.user).filter(pk=target_id).first()
        else:
            target["target_review"] = (
                selectors.claimreviews_for(request.user).filter(pk=target_id).first()
            )
        if next(iter(target.values())) is None:
            raise DjangoValidationError({"id": f"No such {kind}."})
        score, level = _current_score(request, claim, kind, target_id)
        existed = (
            selectors.feedback_for_claim(claim)
            .filter(**{f"{next(iter(target))}_id": target_id})
            .exists()
        )
        feedback = services.match_feedback_record(
            claim=claim,
            user=request.user,
            action=data.validated_data["action"],
            score=score,
            level=level,
            **target,
        )
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(s.MatchFeedbackSerializer(feedback).data, status=code)


def _current_score(request: Request, claim: Any, kind: str, target_id: int) -> tuple:
    """What the matcher says about the pair now, kept with the decision to measure it."""
    target = (
        claims_visible_to(request.user).filter(pk=target_id).values_list("claim_text", flat=True)
        if kind == "claim"
        else selectors.claimreviews_for(request.user)
        .filter(pk=target_id)
        .values_list("claim_reviewed", flat=True)
    ).first()
    if not target:
        return None, None
    comparison = matching.rank(claim.claim_text, [(target_id, target)])[0][1]
    return comparison.score, matching.level(comparison.score)
