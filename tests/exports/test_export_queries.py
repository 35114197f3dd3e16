"""The number of queries of an export does not grow with the number of claims."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from annotations.models import Claim, Correction, Note, Source
from tests.exports.helpers import body_of, parse_json
from tests.factories import make_article, rating

pytestmark = pytest.mark.django_db

FORMATS = ["csv", "json", "claimreview", "w3c", "md", "html"]


def article_with_claims(count: int, *, editor, reviewer):
    """An article of ``count`` sentences, each a published claim with a source, a
    correction and notes; bulk-created because only reading is measured here."""
    text = "Many Claims\n\n" + "\n".join(
        f"The city spent {n} million dollars on project {n} in 2023." for n in range(count)
    )
    article = make_article(text)
    now = timezone.now()
    sentences = list(article.segments.filter(kind="sentence").order_by("position"))
    assert len(sentences) == count
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            position=s.position,
            claim_text=s.text,
            claimant="Jane Doe",
            rating=rating("mostly-true"),
            summary="Close enough.",
            status="published",
            rated_by=editor,
            approved_by=reviewer,
            published_at=now,
        )
        for s in sentences
    )
    Claim.segments.through.objects.bulk_create(
        Claim.segments.through(claim_id=c.pk, segment_id=s.pk)
        for c, s in zip(claims, sentences, strict=True)
    )
    Source.objects.bulk_create(
        Source(claim=c, url=f"https://example.org/{c.pk}", quote="q", added_by=editor)
        for c in claims
    )
    Correction.objects.bulk_create(
        Correction(
            claim=c,
            previous_rating=rating("false"),
            new_rating=rating("mostly-true"),
            note="fixed",
            created_by=reviewer,
        )
        for c in claims
    )
    Note.objects.bulk_create(Note(claim=c, author=editor, body="n") for c in claims)
    return article


def count_queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
        assert response.status_code == 200
        body_of(response)  # streamed responses run their queries while being read
    return len(queries)


@pytest.mark.parametrize("internal", ["0", "1"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_query_count_is_flat_from_5_to_50_claims(
    client, alice, bob, fmt, internal, django_assert_max_num_queries
):
    client.force_login(alice)
    few = article_with_claims(5, editor=alice, reviewer=bob)
    params = {"format": fmt, "internal": internal}
    baseline = count_queries(client, f"/api/v1/articles/{few.pk}/report", params)
    many = article_with_claims(50, editor=alice, reviewer=bob)
    with django_assert_max_num_queries(baseline):
        response = client.get(f"/api/v1/articles/{many.pk}/report", params)
        content = body_of(response)
    if fmt == "json":
        assert len(parse_json(content)["articles"][0]["claims"]) == 50
    assert baseline <= 15


def test_page_query_count_is_flat(client, alice, bob, django_assert_max_num_queries):
    client.force_login(alice)
    few = article_with_claims(5, editor=alice, reviewer=bob)
    baseline = count_queries(client, f"/reports/articles/{few.pk}/", {})
    many = article_with_claims(50, editor=alice, reviewer=bob)
    with django_assert_max_num_queries(baseline):
        response = client.get(f"/reports/articles/{many.pk}/")
    assert response.content.count(b'class="claim"') == 50


def test_exports_read_in_chunks(alice, bob, django_assert_max_num_queries):
    """A report read in chunks of 10 needs a few queries per chunk, not per claim."""
    from annotations.exports.data import build_report
    from annotations.exports.filters import ReportFilters

    article = article_with_claims(30, editor=alice, reviewer=bob)
    report = build_report(ReportFilters(), article=article, chunk_size=10)
    # 1 cursor + per chunk (3 of 10): articles, sources, corrections.
    with django_assert_max_num_queries(1 + 3 * 3):
        assert len(list(report.claim_records())) == 30
