"""Report pages in the browser: /reports/ (across articles) and /reports/articles/<id>/,
each with ?format=... downloads and the same filters as the API."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from annotations import roles
from annotations.compression import gzip_when_safe
from annotations.exports import services
from annotations.exports.data import Report, build_report
from annotations.exports.filters import ReportParameterError, check_access, parse_filters
from annotations.exports.formats import FORMATS, export_response, file_response
from annotations.exports.html import context as report_context
from annotations.limits import MAX_ID
from annotations.models import Article, Claim, Rating

EXPORT_LABELS = {
    "pdf": "PDF",
    "csv": "CSV",
    "json": "JSON",
    "claimreview": "ClaimReview JSON-LD",
    "w3c": "W3C annotations",
    "md": "Markdown",
    "html": "HTML",
}


@login_required
@gzip_when_safe
def report_index(request: HttpRequest) -> HttpResponse:
    """Verdicts across articles, filtered by date, rating, status, claimant and publisher."""
    return _report(request, article=None)


@login_required
def article_report(request: HttpRequest, article_id: int) -> HttpResponse:
    """One article's verdicts."""
    article = Article.objects.filter(pk=article_id).first() if article_id <= MAX_ID else None
    if article is None:
        raise Http404("No such article.")
    return _report(request, article=article)


def _report(request: HttpRequest, *, article: Article | None) -> HttpResponse:
    try:
        filters = parse_filters(request.GET, article_id=article.pk if article else None)
    except ReportParameterError as error:
        return _bad_request(error.fields)
    check_access(request.user, filters)
    report = build_report(filters, article=article, request=request)
    name = request.GET.get("format", "")
    if name:
        if name not in FORMATS:
            return _bad_request({"format": f"Choose one of: {', '.join(FORMATS)}."})
        if services.needs_job(report, name):
            file = services.report_file_request(report=report, name=name, user=request.user)
            return redirect("reports:file", pk=file.pk)
        return export_response(report, name)
    return render(request, "annotations/reports/report_page.html", _page_context(request, report))


def _page_context(request: HttpRequest, report: Report) -> dict:
    params = request.GET.copy()
    params.pop("format", None)
    shown = report_context(report)
    # A large PDF opens its progress page: a link with `download` would save that page.
    large_pdf = shown["claim_total"] > settings.FACTCHECK_PDF_JOB_CLAIMS
    links = []
    for name, label in EXPORT_LABELS.items():
        query = params.copy()
        query["format"] = name
        download = name != "html" and not (name == "pdf" and large_pdf)
        links.append({"url": "?" + query.urlencode(), "label": label, "download": download})
    public_params = {k: v for k, v in params.items() if k not in ("internal", "status")}
    return {
        **shown,
        "export_links": links,
        "can_internal": roles.can_edit(request.user),
        "public_url": "?" + urlencode(public_params),
        "internal_url": "?" + urlencode({**params.dict(), "internal": "1"}),
        "show_filters": report.article is None,
        "filters": report.filters.as_dict(),
        "ratings": Rating.objects.all(),
        "statuses": Claim.Status.choices,
    }


def _bad_request(fields: dict[str, str]) -> HttpResponse:
    items = format_html_join("", "<li>{}: {}</li>", fields.items())
    return HttpResponseBadRequest(
        format_html("<!doctype html><title>Bad report request</title><ul>{}</ul>", items)
    )


@login_required
@require_GET
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    """How far a large report got; with htmx the status fragment polls until it is done."""
    file = get_object_or_404(services.report_files_for(request.user).defer("content"), pk=pk)
    template = "annotations/reports/report_file.html"
    if request.htmx:
        template += "#report-file-status"
    return render(request, template, {"file": file})


@login_required
@require_GET
def report_file_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The finished file, for the user who asked for it (and admins)."""
    file = get_object_or_404(
        services.report_files_for(request.user), pk=pk, status=services.ReportFile.Status.DONE
    )
    services.check_download(request.user, file)
    return file_response(file)
