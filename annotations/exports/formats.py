"""The report formats by name (DESIGN.md) and the HTTP response that carries each one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

from annotations.exports import claimreview, csv_format, html, json_format, md, pdf, w3c
from annotations.exports.data import Report

BUFFER_CHARS = 64 * 1024


@dataclass(frozen=True)
class ExportFormat:
    name: str
    content_type: str
    extension: str
    render: Callable[[Report], Iterator[str] | Iterator[bytes]]
    streamed: bool
    # Shown in the browser rather than downloaded.
    inline: bool = False


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("csv", "text/csv; charset=utf-8", "csv", csv_format.render, True),
        ExportFormat("json", "application/json", "json", json_format.render, True),
        ExportFormat(
            "claimreview",
            "application/ld+json",
            "claimreview.jsonld",
            claimreview.render,
            streamed=True,
        ),
        ExportFormat("w3c", w3c.MEDIA_TYPE, "w3c.jsonld", w3c.render, streamed=True),
        ExportFormat("md", "text/markdown; charset=utf-8", "md", md.render, streamed=True),
        ExportFormat("html", "text/html; charset=utf-8", "html", html.render, True, True),
        ExportFormat("pdf", "application/pdf", "pdf", pdf.render, streamed=False),
    )
}
FORMAT_NAMES = tuple(FORMATS)


def buffered(pieces: Iterator[str], size: int = BUFFER_CHARS) -> Iterator[bytes]:
    """Join small pieces into chunks of about ``size`` characters, UTF-8 encoded:
    fewer, larger writes without holding the whole export."""
    parts: list[str] = []
    length = 0
    for piece in pieces:
        parts.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(parts).encode("utf-8")
            parts, length = [], 0
    if parts:
        yield "".join(parts).encode("utf-8")


def chunks(report: Report, name: str) -> Iterator[bytes]:
    """The export as bytes, chunk by chunk (one chunk for html and pdf)."""
    export_format = FORMATS[name]
    if name == "pdf":
        return iter(export_format.render(report))  # type: ignore[arg-type]
    return buffered(export_format.render(report))  # type: ignore[arg-type]


def filename(report: Report, name: str) -> str:
    stem = f"factcheck-report-article-{report.article.pk}" if report.article else "factcheck-report"
    if report.internal:
        stem += "-internal"
    return f"{stem}.{FORMATS[name].extension}"


def export_response(report: Report, name: str) -> HttpResponse | StreamingHttpResponse:
    """The report in format ``name`` as an HTTP response; large formats are streamed."""
    export_format = FORMATS[name]
    if export_format.streamed:
        response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
            chunks(report, name), content_type=export_format.content_type
        )
    else:
        response = HttpResponse(
            b"".join(chunks(report, name)), content_type=export_format.content_type
        )
    return _with_headers(response, export_format, filename(report, name), report.internal)


def file_response(file: Any) -> HttpResponse:
    """A report file made by a job (exports.models.ReportFile), as its download."""
    export_format = FORMATS[file.format]
    response = HttpResponse(bytes(file.content), content_type=export_format.content_type)
    return _with_headers(response, export_format, file.filename, file.internal)


def _with_headers(response: Any, export_format: ExportFormat, name: str, internal: bool) -> Any:
    disposition = "inline" if export_format.inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    # Internal reports hold drafts and notes: never let a shared cache keep them.
    response["Cache-Control"] = "private, no-store" if internal else "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
