"""Markdown: the report as text to paste into a CMS; user text is escaped so it cannot
turn into markup, links or HTML there."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from annotations.exports.data import Report

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|!~])")
_SPACE = re.compile(r"\s+")


def escape(text: str) -> str:
    """Backslash-escape Markdown syntax and fold newlines, so text stays text."""
    return _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text))


def link(label: str, url: str) -> str:
    safe_url = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{escape(label or url)}](<{safe_url}>)"


def _claim(number: int, claim: dict[str, Any], internal: bool) -> Iterator[str]:
    rating = claim["rating"]["label"] if claim["rating"] else "Not rated"
    yield f"### {number}. {escape(claim['claim_text'])}\n\n"
    # The sentence in its context; the bold markers are ours, the article text is escaped.
    yield (
        f"> {escape(claim['context_before']).lstrip()}**{escape(claim['sentence']).strip()}**"
        f"{escape(claim['context_after']).rstrip()}\n\n"
    )
    yield f"- **Verdict:** {escape(rating)}\n"
    if claim["claimant"]:
        yield f"- **Claimant:** {escape(claim['claimant'])}\n"
    if internal:
        yield f"- **Status:** {claim['status']}\n"
    if claim["summary"]:
        yield f"- **Summary:** {escape(claim['summary'])}\n"
    people = []
    if claim["rated_by"]:
        people.append(f"rated by {escape(claim['rated_by'])} ({(claim['rated_at'] or '')[:10]})")
    if claim["approved_by"]:
        people.append(
            f"approved by {escape(claim['approved_by'])} ({(claim['published_at'] or '')[:10]})"
        )
    if people:
        yield f"- **Review:** {'; '.join(people)}\n"
    if claim["sources"]:
        yield "- **Sources:**\n"
        for source in claim["sources"]:
            line = f"  - {source['stance']}: {link(source['title'], source['url'])}"
            if source["publisher"]:
                line += f", {escape(source['publisher'])}"
            if source["quote"]:
                line += f" — “{escape(source['quote'])}”"
            if source["archived_url"]:
                line += f" ({link('archived', source['archived_url'])})"
            yield line + "\n"
    for correction in claim["corrections"]:
        yield (
            f"- **Correction** ({correction['published_at'][:10]}): "
            f"{escape(correction['previous_rating_label'] or 'unrated')} → "
            f"{escape(correction['new_rating_label'])}. {escape(correction['note'])}\n"
        )
    if internal:
        for note in claim.get("notes", []):
            label = "Internal note" if note["internal"] else "Note"
            yield f"- **{label}** by {escape(note['author'])}: {escape(note['body'])}\n"
    yield f"- Permalink: <{claim['url']}>\n\n"


def render(report: Report) -> Iterator[str]:
    """The report as Markdown, a claim at a time."""
    yield f"# {escape(report.title)}\n\n"
    yield f"Generated {report.generated_at:%Y-%m-%d %H:%M} UTC.\n\n"
    counts = [row for row in report.rating_counts() if row["count"]]
    if counts:
        yield "| Verdict | Claims |\n|---|---:|\n"
        for row in counts:
            yield f"| {escape(row['label'])} | {row['count']} |\n"
        yield "\n"
    number = 0
    for article, claims in report.articles():
        yield f"## {escape(article['title'])}\n\n"
        details = [escape(part) for part in (article["byline"], article["publisher"]) if part]
        if article["published_at"]:
            details.append(article["published_at"][:10])
        if article["url"]:
            details.append(link(article["url"], article["url"]))
        if details:
            yield " · ".join(details) + "\n\n"
        for claim in claims:
            number += 1
            yield from _claim(number, claim, report.internal)
