"""Each format parsed back and compared with the database."""

from __future__ import annotations

from datetime import datetime

import pytest

from annotations.exports.csv_format import COLUMNS, INTERNAL_COLUMNS
from annotations.models import Claim, Source
from tests.exports.helpers import body_of, parse_csv, parse_json, text_of

pytestmark = pytest.mark.django_db


def report(client, user, article, fmt: str, **params):
    client.force_login(user)
    response = client.get(f"/api/v1/articles/{article.pk}/report", {"format": fmt, **params})
    assert response.status_code == 200, body_of(response)[:500]
    return response, body_of(response)


def published_claims(article):
    return list(Claim.objects.filter(article=article, status="published").order_by("position"))


def test_csv_has_one_row_per_published_claim_matching_the_database(client, victor, newsroom):
    response, content = report(client, victor, newsroom.article, "csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert content.startswith("\ufeff".encode())
    rows = parse_csv(content)
    assert tuple(rows[0].keys()) == COLUMNS
    claims = published_claims(newsroom.article)
    assert [int(r["claim_id"]) for r in rows] == [c.pk for c in claims]
    body = newsroom.article.body
    for row, claim in zip(rows, claims, strict=True):
        assert row["claim_text"] == claim.claim_text
        assert row["claimant"] == claim.claimant
        assert row["rating"] == claim.rating.slug
        assert row["rating_value"] == (
            "" if claim.rating.value is None else str(claim.rating.value)
        )
        assert row["summary"] == claim.summary
        assert row["status"] == "published"
        assert row["sentence"] == body[int(row["start"]) : int(row["end"])]
        assert row["approved_by"] == claim.approved_by.username
        assert row["article_url"] == newsroom.article.url
        assert row["claim_url"].endswith(
            f"/reports/articles/{newsroom.article.pk}/#claim-{claim.pk}"
        )
    scale = next(r for r in rows if int(r["claim_id"]) == newsroom.scale.pk)
    assert scale["source_count"] == "1"
    assert "https://auditor.example.gov/report-2023" in scale["sources"]
    assert "web.archive.org" in scale["sources"]
    corrected = next(r for r in rows if int(r["claim_id"]) == newsroom.corrected.pk)
    assert corrected["correction_count"] == "1"
    assert "False -> Half true" in corrected["corrections"]


def test_internal_csv_adds_assignee_and_notes_columns_at_the_end(client, alice, newsroom):
    _, content = report(client, alice, newsroom.article, "csv", internal="1")
    rows = parse_csv(content)
    assert tuple(rows[0].keys()) == COLUMNS + INTERNAL_COLUMNS
    assert {int(r["claim_id"]) for r in rows} == set(
        Claim.objects.filter(article=newsroom.article).values_list("pk", flat=True)
    )
    draft = next(r for r in rows if int(r["claim_id"]) == newsroom.draft.pk)
    assert draft["status"] == "draft"
    assert "SECRET-INTERNAL-NOTE" in draft["notes"]


def test_json_nests_article_claims_sources_and_corrections(client, victor, newsroom):
    response, content = report(client, victor, newsroom.article, "json")
    assert response["Content-Type"] == "application/json"
    data = parse_json(content)
    assert data["report"]["internal"] is False
    assert data["report"]["filters"]["article"] == newsroom.article.pk
    [article] = data["articles"]
    assert article["id"] == newsroom.article.pk
    assert article["title"] == newsroom.article.title
    assert article["url"] == newsroom.article.url
    claims = published_claims(newsroom.article)
    assert [c["id"] for c in article["claims"]] == [c.pk for c in claims]
    for exported, claim in zip(article["claims"], claims, strict=True):
        assert exported["claim_text"] == claim.claim_text
        assert exported["rating"] == {
            "slug": claim.rating.slug,
            "label": claim.rating.label,
            "value": claim.rating.value,
        }
        assert exported["summary"] == claim.summary
        assert exported["sentence"] == newsroom.article.body[exported["start"] : exported["end"]]
        assert [s["url"] for s in exported["sources"]] == [
            s.url for s in Source.objects.filter(claim=claim)
        ]
        assert len(exported["corrections"]) == claim.corrections.count()
        assert "notes" not in exported
        # Timestamps are formatted by the database: they must round-trip exactly.
        assert datetime.fromisoformat(exported["published_at"]) == claim.published_at
        assert datetime.fromisoformat(exported["updated_at"]) == claim.updated_at
        assert datetime.fromisoformat(exported["rated_at"]) == claim.rated_at
    corrected = next(c for c in article["claims"] if c["id"] == newsroom.corrected.pk)
    [correction] = corrected["corrections"]
    assert (correction["previous_rating"], correction["new_rating"]) == ("false", "half-true")
    assert correction["note"] == "The revised figures show a small fall."
    stored = newsroom.corrected.corrections.get()
    assert datetime.fromisoformat(correction["created_at"]) == stored.created_at
    counts = {row["slug"]: row["count"] for row in data["rating_counts"]}
    assert counts["mostly-true"] == counts["misleading"] == counts["half-true"] == 1
    assert counts["false"] == 0  # the draft's rating is not counted in a public report


def test_claimreview_has_every_google_property(client, victor, newsroom, settings):
    settings.FACTCHECK_ORGANIZATION_NAME = "The Checkers"
    settings.FACTCHECK_ORGANIZATION_URL = "https://checkers.example/"
    settings.FACTCHECK_PUBLIC_BASE_URL = "https://reports.checkers.example/"
    response, content = report(client, victor, newsroom.article, "claimreview")
    assert response["Content-Type"] == "application/ld+json"
    reviews = {review["claimReviewed"]: review for review in parse_json(content)}
    assert len(reviews) == 3
    claim = newsroom.scale
    claim.refresh_from_db()
    review = reviews[claim.claim_text]
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == (
        f"https://reports.checkers.example/reports/articles/{newsroom.article.pk}/#claim-{claim.pk}"
    )
    assert review["datePublished"] == claim.published_at.date().isoformat()
    assert review["author"] == {
        "@type": "Organization",
        "name": "The Checkers",
        "url": "https://checkers.example/",
    }
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Mostly true",
        "name": "Mostly true",
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert item["datePublished"] == "2026-03-02"
    [appearance] = item["appearance"]
    assert appearance["@type"] == "CreativeWork"
    assert appearance["url"] == "https://news.example.com/budget-row"


def test_claimreview_off_scale_verdict_has_alternate_name_only(client, victor, newsroom):
    _, content = report(client, victor, newsroom.article, "claimreview")
    reviews = {review["url"].rsplit("-", 1)[1]: review for review in parse_json(content)}
    off_scale = reviews[str(newsroom.off_scale.pk)]
    assert off_scale["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Misleading",
        "name": "Misleading",
    }
    assert off_scale["itemReviewed"]["author"]["@type"] == "Organization"
    corrected = reviews[str(newsroom.corrected.pk)]
    assert corrected["reviewRating"]["ratingValue"] == 3  # the corrected verdict, not the old one


def test_claimreview_of_an_internal_report_still_holds_published_claims_only(
    client, alice, newsroom
):
    _, content = report(client, alice, newsroom.article, "claimreview", internal="1")
    assert {r["url"].rsplit("-", 1)[1] for r in parse_json(content)} == {
        str(c.pk) for c in published_claims(newsroom.article)
    }


def test_w3c_annotations_point_into_the_article_body(client, victor, newsroom):
    response, content = report(client, victor, newsroom.article, "w3c")
    assert response["Content-Type"].startswith("application/ld+json")
    assert "anno.jsonld" in response["Content-Type"]
    collection = parse_json(content)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 3
    items = collection["first"]["items"]
    assert collection["first"]["type"] == "AnnotationPage"
    assert len(items) == 3
    body = newsroom.article.body
    claims = {c.pk: c for c in published_claims(newsroom.article)}
    for annotation in items:
        assert annotation["type"] == "Annotation"
        assert annotation["motivation"] == "assessing"
        claim = claims[int(annotation["id"].rsplit("-", 1)[1])]
        assert annotation["target"]["source"] == newsroom.article.url
        quote, position = annotation["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert position["type"] == "TextPositionSelector"
        start, end = position["start"], position["end"]
        assert quote["exact"] == body[start:end]
        assert body[start - len(quote["prefix"]) : start] == quote["prefix"]
        assert body[end : end + len(quote["suffix"])] == quote["suffix"]
        segments = list(claim.segments.order_by("position"))
        assert (start, end) == (segments[0].start, segments[-1].end)
        values = {b["purpose"]: b["value"] for b in annotation["body"]}
        comments = values.pop("commenting", None)
        assert values == {"classifying": claim.rating.label, "assessing": claim.summary}
        if claim.pk == newsroom.corrected.pk:
            assert comments.endswith("False → Half true. The revised figures show a small fall.")
        else:
            assert comments is None


def test_w3c_target_is_an_urn_when_the_article_has_no_url(client, victor, newsroom):
    newsroom.article.url = ""
    newsroom.article.save()
    _, content = report(client, victor, newsroom.article, "w3c")
    sources = {a["target"]["source"] for a in parse_json(content)["first"]["items"]}
    assert sources == {f"urn:factcheck:article:{newsroom.article.pk}"}


def test_markdown_lists_each_verdict_and_escapes_markup(client, alice, bob, victor, newsroom):
    claim = Claim.objects.get(pk=newsroom.scale.pk)
    claim.claimant = "Jane <script>alert(1)</script> *Doe*"
    claim.save()
    response, content = report(client, victor, newsroom.article, "md")
    assert response["Content-Type"].startswith("text/markdown")
    text = content.decode()
    assert text.startswith("# Fact-check report: Budget Row Deepens")
    assert "<script>" not in text
    assert r"Jane \<script\>alert(1)\</script\> \*Doe\*" in text
    for claim in published_claims(newsroom.article):
        assert f"**Verdict:** {claim.rating.label}" in text
    assert "**Correction**" in text
    assert "[Auditor's report 2023](<https://auditor.example.gov/report-2023>)" in text


def test_html_report_shows_every_part_of_a_verdict(client, victor, newsroom):
    client.force_login(victor)
    response = client.get(f"/reports/articles/{newsroom.article.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "Claims per verdict" in html
    assert "<script" not in html.split("<main", 1)[1]  # no JS chart library
    for claim in published_claims(newsroom.article):
        assert f'id="claim-{claim.pk}"' in html
        assert claim.summary.replace("'", "&#x27;") in html
    assert "Jane Doe" in html
    assert "<mark>Sen. Jane Doe said on Monday" in html
    assert "Road spending reached $1.19bn." in html
    assert "web.archive.org" in html
    assert "Approved by</dt><dd>bob" in html
    assert "Rated by</dt><dd>alice" in html
    assert "The revised figures show a small fall." in html
    assert "@media print" in html
    for fmt in ("csv", "json", "claimreview", "w3c", "md", "pdf", "html"):
        assert f"format={fmt}" in html


def test_html_bar_chart_counts_each_rating(client, victor, newsroom):
    client.force_login(victor)
    html = client.get(f"/reports/articles/{newsroom.article.pk}/").content.decode()
    assert "<title>Mostly true: 1</title>" in html
    assert "<title>Misleading: 1</title>" in html
    assert "<title>False: 0</title>" in html


def test_pdf_text_holds_the_verdicts(client, victor, newsroom):
    response, content = report(client, victor, newsroom.article, "pdf")
    assert response["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF")
    text = " ".join(text_of(content, "pdf").split())
    assert "Fact-check report: Budget Row Deepens" in text
    for claim in published_claims(newsroom.article):
        assert claim.rating.label in text
        assert " ".join(claim.summary.split()) in text
    assert "Correction" in text


def test_cross_article_report_filters_by_rating_and_publisher(client, victor, newsroom):
    client.force_login(victor)
    response = client.get("/api/v1/reports/", {"format": "json", "rating": "misleading"})
    data = parse_json(body_of(response))
    assert [c["id"] for a in data["articles"] for c in a["claims"]] == [newsroom.off_scale.pk]
    response = client.get("/api/v1/reports/", {"format": "json", "publisher": "nobody prints"})
    assert parse_json(body_of(response))["articles"] == []
    response = client.get("/api/v1/reports/", {"format": "csv", "claimant": "ministry"})
    assert [int(r["claim_id"]) for r in parse_csv(body_of(response))] == [newsroom.corrected.pk]


def test_date_filters_apply_to_the_verdict_publication_date(client, victor, newsroom):
    client.force_login(victor)
    day = Claim.objects.get(pk=newsroom.scale.pk).published_at.date()
    inside = client.get("/api/v1/reports/", {"format": "json", "date_from": day, "date_to": day})
    assert len(parse_json(body_of(inside))["articles"][0]["claims"]) == 3
    before = client.get("/api/v1/reports/", {"format": "json", "date_to": "2000-01-01"})
    assert parse_json(body_of(before))["articles"] == []


def test_claimreview_carries_the_verdict_text_and_its_corrections(client, victor, newsroom):
    _, content = report(client, victor, newsroom.article, "claimreview")
    reviews = {review["url"].rsplit("-", 1)[1]: review for review in parse_json(content)}
    corrected = reviews[str(newsroom.corrected.pk)]
    newsroom.corrected.refresh_from_db()
    assert corrected["reviewBody"] == newsroom.corrected.summary
    [comment] = corrected["correction"]
    assert comment["@type"] == "CorrectionComment"
    assert comment["text"] == "The revised figures show a small fall."
    assert corrected["dateModified"] == comment["datePublished"]
    untouched = reviews[str(newsroom.scale.pk)]
    assert "correction" not in untouched and "dateModified" not in untouched
