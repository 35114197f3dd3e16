"""PDF: the report in a print layout of its own, rendered by WeasyPrint, fetching nothing.

What made it slow (8-9 s for 100 claims) was the HTML document's screen CSS: a grid per
claim, four fonts, a page break kept around every claim (45 pages), and the stylesheet and
fonts set up again for each PDF. Here the layout is plain blocks in two fonts, claims flow
across pages, and the stylesheet and font configuration are made once (per thread).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from annotations.exports.data import Report
from annotations.exports.html import context

PRINT_CSS = Path(__file__).with_name("print.css")


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict:
    # Reports embed everything they need; never let a URL in user text make us fetch it.
    raise ValueError(f"Reports do not load external resources: {url[:100]}")


_local = threading.local()


def _print_setup() -> tuple[Any, Any]:
    """The font configuration and the parsed stylesheet, made once per thread (Pango's font
    map is not shared between threads; a worker or a sync gunicorn worker has one)."""
    if not hasattr(_local, "setup"):
        # Imported late: WeasyPrint loads Pango, slow and only needed here.
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        stylesheet = CSS(string=PRINT_CSS.read_text(), font_config=fonts, url_fetcher=_no_fetch)
        _local.setup = fonts, stylesheet
    return _local.setup


def render_document(report: Report) -> str:
    """The HTML that is printed: the report's data in the print template."""
    shown = context(report)
    for entry in shown["articles"]:
        for claim in entry["claims"]:
            claim["facts"] = " · ".join(_facts(claim, internal=report.internal))
    return render_to_string("annotations/reports/report_print.html", shown)


def _facts(claim: dict[str, Any], *, internal: bool) -> Iterator[str]:
    """Who said it, who rated and approved it and when (internal: status and assignee), as
    the parts of the claim's one line of facts."""
    if claim["claimant"]:
        yield f"Claimant: {claim['claimant']}"
    for label, who, when in (("Rated by", "rated_by", "rated_at"),
                             ("Approved by", "approved_by", "published_at")):  # fmt: skip
        if claim[who]:
            yield f"{label} {claim[who]}" + (f", {claim[when][:10]}" if claim[when] else "")
    if internal:
        yield f"Status: {claim['status_label']}"
        if claim.get("assignee"):
            yield f"Assignee: {claim['assignee']}"


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes."""
    from weasyprint import HTML

    fonts, stylesheet = _print_setup()
    document = HTML(string=render_document(report), url_fetcher=_no_fetch)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts)


def render(report: Report) -> Iterator[bytes]:
    yield render_pdf(report)
