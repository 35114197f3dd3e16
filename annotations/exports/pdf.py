"""PDF: the HTML report document printed by WeasyPrint, fetching nothing from the network."""

from __future__ import annotations

from collections.abc import Iterator

from annotations.exports.data import Report
from annotations.exports.html import render_document


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict:
    # Reports embed everything they need; never let a URL in user text make us fetch it.
    raise ValueError(f"Reports do not load external resources: {url[:100]}")


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes."""
    from weasyprint import HTML  # Imported late: it loads Pango, slow and only needed here.

    return HTML(string=render_document(report), url_fetcher=_no_fetch).write_pdf()


def render(report: Report) -> Iterator[bytes]:
    yield render_pdf(report)
