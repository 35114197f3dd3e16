"""JSON: the report nested as article → claims → sources, corrections (and notes, internal)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from annotations.exports.data import Report

# JSON-LD gets pasted into <script> elements: escaped so user text can never end the element.
HTML_SAFE_ESCAPES = (
    ("<", "\\u003C"),
    (">", "\\u003E"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def dumps(value: Any) -> str:
    """Compact JSON text of ``value``, safe to embed in an HTML ``<script>`` element.

    Every JSON export (json, claimreview, w3c) writes its values through here, so a
    newsroom can paste any of them into a page as it is: ``<``, ``>`` and ``&`` become
    ``\\u003C``, ``\\u003E`` and ``\\u0026`` as with Django's ``json_script``, and U+2028
    and U+2029 ``\\u2028`` and ``\\u2029``. They only ever occur inside JSON strings, where
    the escape means the same character, so the text parses to exactly the same value.
    Other non-ASCII text is kept as it is (the exports are UTF-8)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # Most records hold none of these; "in" finds that far faster than replace or translate.
    for char, escape in HTML_SAFE_ESCAPES:
        if char in text:
            text = text.replace(char, escape)
    return text


def render(report: Report) -> Iterator[str]:
    """``{"report": ..., "rating_counts": [...], "articles": [{..., "claims": [...]}]}``,
    written a claim at a time."""
    yield (
        f'{{"report":{dumps(report.meta())},'
        f'"rating_counts":{dumps(report.rating_counts())},"articles":['
    )
    for index, (article, claims) in enumerate(report.articles()):
        # The article object is left open so its claims can be streamed into it.
        yield ("," if index else "") + dumps(article)[:-1] + ',"claims":['
        for position, claim in enumerate(claims):
            yield ("," if position else "") + dumps(claim)
        yield "]}"
    yield "]}\n"
