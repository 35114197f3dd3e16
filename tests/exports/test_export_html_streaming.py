"""The HTML export is streamed (issue 17): head and summary first, then each claim as the
selector reads it, and the streamed document is the one the template draws whole."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string

from annotations.exports import html
from annotations.exports.data import build_report
from annotations.exports.filters import ReportFilters
from tests.exports.helpers import body_of

pytestmark = pytest.mark.django_db


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", text)).strip()


@pytest.mark.parametrize("internal", [False, True])
@pytest.mark.parametrize("scope", ["article", "all", "nothing matches"])
def test_the_streamed_document_is_the_whole_one(newsroom, internal, scope):
    article = None if scope == "all" else newsroom.article
    claimant = "no such claimant" if scope == "nothing matches" else ""
    filters = ReportFilters(internal=internal, claimant=claimant)
    whole = render_to_string(html.DOCUMENT, html.context(build_report(filters, article=article)))
    streamed = html.render_document(build_report(filters, article=article))
    assert squeeze(streamed) == squeeze(whole)


def test_the_download_is_a_stream_of_pieces(client, victor, newsroom):
    client.force_login(victor)
    response = client.get(f"/api/v1/articles/{newsroom.article.pk}/report", {"format": "html"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert body_of(response).decode().rstrip().endswith("</html>")
    pieces = list(html.render(build_report(ReportFilters(), article=newsroom.article)))
    assert len(pieces) >= 2 + 3 + 2  # document start, head, 3 claims, article end, end
