"""Report downloads through the API, for newsroom tools (token or session auth).

``GET /api/v1/articles/{id}/report?format=FMT`` and ``GET /api/v1/reports/?format=FMT&...``.
Every bad parameter is a 400 JSON error, never a 500.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import roles
from annotations.api.authentication import TokenWithPermissionsAuthentication
from annotations.exports import services
from annotations.exports.data import build_report
from annotations.exports.filters import ReportParameterError, check_access, parse_filters
from annotations.exports.formats import FORMATS, export_response, file_response
from annotations.exports.models import ReportFile
from annotations.limits import MAX_ID
from annotations.models import Article


class ReportNegotiation(BaseContentNegotiation):
    """``format`` names the report format here, not a DRF renderer: errors are always JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def error(status: int, code: str, detail: str, fields: dict[str, str] | None = None) -> Response:
    """The API's one error shape (annotations/api/exceptions.py): fields map to lists."""
    listed = {name: [reason] for name, reason in (fields or {}).items()}
    return Response({"error": code, "detail": detail, "fields": listed}, status=status)


ERROR = inline_serializer(
    "ReportError",
    fields={
        "error": serializers.CharField(),
        "detail": serializers.CharField(),
        "fields": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
    },
)
FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=list(FORMATS),
    default="json",
    description="Report format (docs/exports.md).",
)
FILTER_PARAMETERS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Verdicts published on or after."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Verdicts published on or before."),
    OpenApiParameter("rating", str, description="Rating slug(s), comma-separated or repeated."),
    OpenApiParameter(
        "status", str, description="Claim status(es); other than published needs internal=1."
    ),
    OpenApiParameter("claimant", str, description="Claimant contains (case-insensitive)."),
    OpenApiParameter("publisher", str, description="Article publisher contains."),
    OpenApiParameter(
        "internal",
        str,
        enum=["0", "1", "true", "false"],
        description="1: internal report with drafts and notes (editors only).",
    ),
]


class ReportFileSerializer(serializers.ModelSerializer):
    poll = serializers.SerializerMethodField(help_text="Where to ask how far it got.")
    download = serializers.SerializerMethodField(help_text="The file, once done.")

    class Meta:
        model = ReportFile
        fields = ["id", "format", "filename", "claims", "status", "error", "size", "created_at",
                  "finished_at", "poll", "download"]  # fmt: skip
        read_only_fields = fields

    def get_poll(self, file: ReportFile) -> str:
        return reverse("api-report-file", args=[file.pk])

    def get_download(self, file: ReportFile) -> str | None:
        done = file.status == ReportFile.Status.DONE
        return reverse("api-report-file-download", args=[file.pk]) if done else None


def _response_type(name: str) -> OpenApiTypes:
    if name == "pdf":
        return OpenApiTypes.BINARY
    if name in ("claimreview", "w3c"):
        return OpenApiTypes.ANY  # JSON-LD: an array (claimreview) or an object (w3c)
    return OpenApiTypes.STR


RESPONSES = {
    **{
        (200, export.content_type.split(";")[0]): OpenApiResponse(
            _response_type(name), description=f"The report as {name}."
        )
        for name, export in FORMATS.items()
        if name not in ("json", "w3c")
    },
    (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, description="JSON report."),
    (202, "application/json"): OpenApiResponse(
        ReportFileSerializer,
        description="A PDF of more than FACTCHECK_PDF_JOB_CLAIMS claims: made by a job; poll.",
    ),
    (400, "application/json"): OpenApiResponse(ERROR, description="A bad parameter."),
    (401, "application/json"): OpenApiResponse(ERROR, description="Not authenticated."),
    (403, "application/json"): OpenApiResponse(ERROR, description="Not allowed."),
}


class ReportView(APIView):
    # The same authentication as the rest of the API (one "tokenAuth" scheme in the schema).
    authentication_classes = [TokenWithPermissionsAuthentication, SessionAuthentication]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = ReportNegotiation

    def respond(self, request: Request, article: Article | None) -> Response:
        if len(request.query_params.getlist("format")) > 1:
            return error(400, "invalid", "Give one format.", {"format": "Give one value."})
        name = request.query_params.get("format", "json")
        if name not in FORMATS:
            return error(
                400, "invalid_format", f"Unknown format; choose one of: {', '.join(FORMATS)}."
            )
        try:
            filters = parse_filters(
                request.query_params, article_id=article.pk if article else None, strict=True
            )
        except ReportParameterError as bad:
            return error(400, "invalid", str(bad), bad.fields)
        try:
            check_access(request.user, filters)
        except PermissionDenied as denied:
            return error(403, "permission_denied", str(denied))
        report = build_report(filters, article=article, request=request)
        if services.needs_job(report, name):
            file = services.report_file_request(report=report, name=name, user=request.user)
            data = ReportFileSerializer(file).data
            return Response(data, status=202, headers={"Location": data["poll"]})
        return export_response(report, name)


class ArticleReportView(ReportView):
    @extend_schema(
        operation_id="article_report",
        summary="One article's verdict report",
        parameters=[FORMAT_PARAMETER, *[p for p in FILTER_PARAMETERS if p.name != "publisher"]],
        responses={**RESPONSES, (404, "application/json"): OpenApiResponse(ERROR)},
        tags=["reports"],
    )
    def get(self, request: Request, article_id: int) -> Response:
        article = Article.objects.filter(pk=article_id).first() if article_id <= MAX_ID else None
        if article is None:
            return error(404, "not_found", "No such article.")
        return self.respond(request, article)


class ReportsView(ReportView):
    @extend_schema(
        operation_id="reports",
        summary="Verdict report across articles",
        parameters=[
            FORMAT_PARAMETER,
            OpenApiParameter("article", int, description="Only this article's claims."),
            *FILTER_PARAMETERS,
        ],
        responses=RESPONSES,
        tags=["reports"],
    )
    def get(self, request: Request) -> Response:
        return self.respond(request, None)


class ReportFileView(ReportView):
    @extend_schema(
        operation_id="report_file",
        summary="How far a large report got",
        responses={
            200: ReportFileSerializer,
            **{(code, "application/json"): OpenApiResponse(ERROR) for code in (401, 403, 404)},
        },
        tags=["reports"],
    )
    def get(self, request: Request, pk: int) -> Response:
        if not roles.can_view(request.user):
            return error(403, "permission_denied", "You may not read reports.")
        files = services.report_files_for(request.user).defer("content")
        file = files.filter(pk=pk).first() if pk <= MAX_ID else None
        if file is None:
            return error(404, "not_found", "No such report file.")
        return Response(ReportFileSerializer(file).data)


class ReportFileDownloadView(ReportView):
    @extend_schema(
        operation_id="report_file_download",
        summary="A large report's finished file",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            **{(code, "application/json"): OpenApiResponse(ERROR) for code in (401, 403, 404)},
        },
        tags=["reports"],
    )
    def get(self, request: Request, pk: int) -> Response:
        if not roles.can_view(request.user):
            return error(403, "permission_denied", "You may not read reports.")
        files = services.report_files_for(request.user).filter(status=ReportFile.Status.DONE)
        file = files.filter(pk=pk).first() if pk <= MAX_ID else None
        if file is None:
            return error(404, "not_found", "No such report file, or it is not ready.")
        try:
            services.check_download(request.user, file)
        except PermissionDenied as denied:
            return error(403, "permission_denied", str(denied))
        return file_response(file)
