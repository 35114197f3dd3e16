"""HTML: the printable report (also the source of the PDF), with a server-drawn SVG chart."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from annotations.exports.data import Report

BAR_HEIGHT = 22
LABEL_WIDTH = 170
BAR_WIDTH = 360


def rating_chart_svg(counts: list[dict[str, Any]]) -> SafeString:
    """A horizontal bar chart of claims per rating as inline SVG (no JavaScript)."""
    largest = max((row["count"] for row in counts), default=0) or 1
    height = BAR_HEIGHT * len(counts) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 50
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})"><text x="{}" y="15" text-anchor="end">{}</text>'
        '<rect x="{}" y="3" width="{}" height="16" fill="{}"><title>{}: {}</title></rect>'
        '<text x="{}" y="15" fill="#1f2328">{}</text></g>',
        (
            (
                index * BAR_HEIGHT + 4,
                LABEL_WIDTH - 8,
                row["label"],
                LABEL_WIDTH,
                round(BAR_WIDTH * row["count"] / largest),
                row["colour"],
                row["label"],
                row["count"],
                LABEL_WIDTH + round(BAR_WIDTH * row["count"] / largest) + 6,
                row["count"],
            )
            for index, row in enumerate(counts)
        ),
    )
    return format_html(
        '<svg class="rating-chart" role="img" xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 {} {}" width="{}" height="{}" aria-label="Claims per verdict">'
        "<title>Claims per verdict</title>{}</svg>",
        width,
        height,
        width,
        height,
        bars,
    )


def context(report: Report) -> dict[str, Any]:
    """Template context for a report: everything materialised (HTML is not streamed)."""
    articles = [
        {"article": article, "claims": list(claims)} for article, claims in report.articles()
    ]
    counts = report.rating_counts()
    return {
        "report": report,
        "meta": report.meta(),
        "articles": articles,
        "claim_total": sum(len(entry["claims"]) for entry in articles),
        "rating_counts": counts,
        "chart": rating_chart_svg(counts),
    }


def render_document(report: Report) -> str:
    """The standalone, self-contained report document (inline CSS, no scripts)."""
    return render_to_string("annotations/reports/report_document.html", context(report))


def render(report: Report) -> Iterator[str]:
    yield render_document(report)
