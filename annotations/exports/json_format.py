"""JSON: the report nested as article → claims → sources, corrections (and notes, internal)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from annotations.exports.data import Report


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
