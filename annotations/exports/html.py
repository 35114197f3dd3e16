"""HTML: the printable report (also the source of the PDF), with a server-drawn SVG chart."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.template.loader import get_template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from annotations.exports.data import Report
from annotations.markdown import render_markdown
from annotations.models.claims import Claim, readable_text_colour

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
    """Template context for the report page: everything materialised (the page is drawn whole;
    the document is streamed by ``render``)."""
    articles = [
        {"article": article, "meta": _article_meta(article), "claims": list(_for_page(claims))}
        for article, claims in report.articles()
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


def _article_meta(article: dict[str, Any]) -> list[dict[str, str]]:
    """Byline, publisher, date and link, the ones there are (joined by " · " on the page)."""
    parts = [{"text": article[name]} for name in ("byline", "publisher") if article[name]]
    if article["published_at"]:
        parts.append({"text": f"published {article['published_at'][:10]}"})
    if article["url"]:
        parts.append({"text": article["url"], "url": article["url"]})
    return parts


STATUS_LABELS = dict(Claim.Status.choices)


def _for_page(claims: Any) -> Iterator[dict[str, Any]]:
    """Claim records with what only the page shows: their number in the article, notes as
    sanitised HTML, status labels."""
    for number, claim in enumerate(claims, start=1):
        claim["number"] = number
        claim["status_label"] = str(STATUS_LABELS.get(claim["status"], claim["status"]))
        claim["rating_text_colour"] = readable_text_colour(claim["rating_colour"])
        for note in claim.get("notes", ()):
            note["body_html"] = render_markdown(note["body"])
        yield claim


DOCUMENT = "annotations/reports/report_document.html"
PARTS = "annotations/reports/_report.html"
# What closes an article's section, and the report and its document (_report.html and
# report_document.html end the same way).
ARTICLE_END = "\n  </section>\n"
DOCUMENT_END = "</div>\n</body>\n</html>\n"


def render_document(report: Report) -> str:
    """The standalone, self-contained report document (inline CSS, no scripts), whole."""
    return "".join(render(report))


def render(report: Report) -> Iterator[str]:
    """The report document, streamed: its head and summary, then each article's heading and
    claims one by one as the selector reads them (memory stays flat, as for CSV)."""
    claim_part = get_template(f"{PARTS}#claim")
    article_part = get_template(f"{PARTS}#article-head")
    counts = report.rating_counts()
    common = {"report": report, "meta": report.meta()}
    yield get_template(f"{DOCUMENT}#document-start").render(common)
    yield get_template(f"{PARTS}#report-head").render(
        {**common, "claim_total": sum(row["count"] for row in counts),
         "chart": rating_chart_svg(counts)}
    )  # fmt: skip
    any_article = False
    for article, claims in report.articles():
        any_article = True
        entry = {"article": article, "meta": _article_meta(article)}
        yield article_part.render({**common, "article": article, "entry": entry})
        empty = True
        for claim in _for_page(claims):
            empty = False
            yield claim_part.render({**common, "claim": claim})
        if empty:
            yield get_template(f"{PARTS}#no-claims").render(common)
        yield ARTICLE_END
    if not any_article:
        yield get_template(f"{PARTS}#no-claims").render(common)
    yield DOCUMENT_END
