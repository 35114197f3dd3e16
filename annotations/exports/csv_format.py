"""CSV: one row per claim, stable columns (docs/exports.md), safe to open in Excel."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from annotations.exports.data import Report

COLUMNS = (
    "article_id",
    "article_title",
    "article_url",
    "article_publisher",
    "article_published_at",
    "claim_id",
    "claim_url",
    "status",
    "claim_text",
    "claimant",
    "rating",
    "rating_label",
    "rating_value",
    "summary",
    "sentence",
    "start",
    "end",
    "rated_by",
    "rated_at",
    "approved_by",
    "published_at",
    "updated_at",
    "source_count",
    "sources",
    "correction_count",
    "corrections",
)
# Internal reports add these at the end, so public column positions never move.
INTERNAL_COLUMNS = ("assignee", "notes")

# A spreadsheet runs cells starting with these as formulas (CSV injection).
FORMULA_PREFIXES = frozenset("=+-@\t\r")


def excel_safe(value: Any) -> Any:
    """Neutralise a text cell a spreadsheet would evaluate, by a leading apostrophe."""
    if isinstance(value, str) and value[:1] in FORMULA_PREFIXES:
        return "'" + value
    return value


class _Line:
    """A file-like object that hands back what the csv writer writes."""

    def write(self, value: str) -> str:
        return value


def columns(internal: bool) -> tuple[str, ...]:
    return COLUMNS + INTERNAL_COLUMNS if internal else COLUMNS


def row(article: dict[str, Any], claim: dict[str, Any], *, internal: bool) -> list[Any]:
    """The CSV cells of one claim, in ``columns(internal)`` order, Excel-safe."""
    rating = claim["rating"] or {}
    cells = [
        article["id"],
        article["title"],
        article["url"],
        article["publisher"],
        article["published_at"] or "",
        claim["id"],
        claim["url"],
        claim["status"],
        claim["claim_text"],
        claim["claimant"],
        rating.get("slug", ""),
        rating.get("label", ""),
        "" if rating.get("value") is None else rating["value"],
        claim["summary"],
        claim["sentence"],
        claim["start"],
        claim["end"],
        claim["rated_by"],
        claim["rated_at"] or "",
        claim["approved_by"],
        claim["published_at"] or "",
        claim["updated_at"] or "",
        len(claim["sources"]),
        "\n".join(_source_line(s) for s in claim["sources"]),
        len(claim["corrections"]),
        "\n".join(_correction_line(c) for c in claim["corrections"]),
    ]
    if internal:
        cells.append(claim["assignee"])
        cells.append(
            "\n".join(
                f"{n['created_at']} {n['author']}{' (internal)' if n['internal'] else ''}: "
                f"{n['body']}"
                for n in claim["notes"]
            )
        )
    return [excel_safe(cell) for cell in cells]


def _source_line(source: dict[str, Any]) -> str:
    line = f"{source['stance']}: {source['url']}"
    if source["title"]:
        line += f" ({source['title']})"
    if source["quote"]:
        line += f' "{source["quote"]}"'
    if source["archived_url"]:
        line += f" archived: {source['archived_url']}"
    return line


def _correction_line(correction: dict[str, Any]) -> str:
    previous = correction["previous_rating_label"] or "unrated"
    return (
        f"{correction['published_at']} {previous} -> {correction['new_rating_label']}: "
        f"{correction['note']}"
    )


def render(report: Report) -> Iterator[str]:
    """The report as CSV text, a line at a time; starts with a UTF-8 BOM for Excel."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(columns(report.internal))
    for article, claim in report.claim_records():
        yield writer.writerow(row(article, claim, internal=report.internal))
