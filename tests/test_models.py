"""Database constraints hold even when Python validation is bypassed."""

import pytest
from django.db import IntegrityError, transaction

from annotations.models import Article, Claim, Rating, Segment, Source
from tests.factories import ClaimFactory, make_article, rating

pytestmark = pytest.mark.django_db


def violates(fn) -> bool:
    try:
        with transaction.atomic():
            fn()
    except IntegrityError:
        return True
    return False


def test_default_rating_scale_is_seeded():
    scale = list(Rating.objects.values_list("slug", "value"))
    assert scale == [
        ("true", 5),
        ("mostly-true", 4),
        ("half-true", 3),
        ("mostly-false", 2),
        ("false", 1),
        ("misleading", None),
        ("unverifiable", None),
        ("not-a-claim", None),
    ]


def test_content_hash_is_unique(article):
    duplicate = Article(title="Copy", body=article.body)
    assert violates(duplicate.save)


def test_empty_body_is_refused():
    assert violates(lambda: Article.objects.create(title="Empty", body=""))


def test_segment_position_is_unique_per_article(article):
    first = article.segments.first()
    assert violates(
        lambda: Segment.objects.create(
            article=article,
            position=first.position,
            kind="sentence",
            paragraph=0,
            start=0,
            end=1,
            text=article.body[0],
        )
    )


@pytest.mark.parametrize(("start", "end"), [(5, 5), (9, 3)], ids=["empty span", "end before start"])
def test_segment_offsets_are_ordered(article, start, end):
    assert violates(
        lambda: Segment.objects.create(
            article=article,
            position=999,
            kind="sentence",
            paragraph=0,
            start=start,
            end=end,
            text="x",
        )
    )


def test_segment_kind_and_score_are_checked(article):
    assert violates(
        lambda: Segment.objects.create(
            article=article, position=998, kind="poem", paragraph=0, start=0, end=1, text="x"
        )
    )
    assert violates(
        lambda: Segment.objects.create(
            article=article,
            position=997,
            kind="sentence",
            paragraph=0,
            start=0,
            end=1,
            text="x",
            checkworthiness=1.5,
        )
    )


def test_claim_status_must_be_known():
    claim = ClaimFactory()
    assert violates(lambda: Claim.objects.filter(pk=claim.pk).update(status="approved"))


def test_published_claim_needs_an_approver():
    claim = ClaimFactory(rating=rating("false"), summary="No.")
    assert violates(lambda: Claim.objects.filter(pk=claim.pk).update(status="published"))


def test_in_review_claim_needs_rating_and_summary():
    claim = ClaimFactory()
    assert violates(lambda: Claim.objects.filter(pk=claim.pk).update(status="in_review"))


def test_source_stance_and_url_scheme_are_checked():
    claim = ClaimFactory()
    assert violates(
        lambda: Source.objects.create(claim=claim, url="javascript:alert(1)", stance="supports")
    )
    assert violates(
        lambda: Source.objects.create(claim=claim, url="https://example.org", stance="agrees")
    )
    assert violates(
        lambda: Source.objects.create(
            claim=claim, url="https://example.org", archived_url="ftp://x.org/a"
        )
    )


def test_rating_value_stays_on_the_scale():
    assert violates(
        lambda: Rating.objects.create(
            slug="pants-on-fire", label="Pants", value=0, colour="#ff0000"
        )
    )
    assert violates(lambda: Rating.objects.create(slug="bad-colour", label="Bad", colour="red; x"))


def test_etag_changes_with_version():
    claim = ClaimFactory()
    before = claim.etag
    claim.version += 1
    assert claim.etag != before


def test_segment_suggested_follows_the_threshold(settings):
    article = make_article()
    sentence = (
        article.segments.filter(kind="sentence", checkworthiness__lt=1)
        .order_by("-checkworthiness")
        .first()
    )
    settings.FACTCHECK_SUGGEST_THRESHOLD = sentence.checkworthiness
    assert sentence.suggested
    settings.FACTCHECK_SUGGEST_THRESHOLD = sentence.checkworthiness + 0.001
    assert not sentence.suggested
