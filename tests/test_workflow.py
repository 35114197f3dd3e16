"""Claim workflow rules: draft → in_review → published; four-eyes; corrections; locking."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.models import Claim, Correction
from tests.factories import make_article, rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(article, alice):
    sentence = article.segments.filter(kind="sentence").first()
    return services.claim_create(article=article, segments=[sentence], user=alice)


@pytest.fixture
def rated(claim, alice):
    return services.claim_update(
        claim=claim,
        user=alice,
        version=claim.version,
        rating=rating("mostly-true"),
        summary="The auditor's figures agree.",
    )


@pytest.fixture
def in_review(rated, alice):
    return services.claim_submit(claim=rated, user=alice, version=rated.version)


@pytest.fixture
def published(in_review, bob):
    return services.claim_publish(claim=in_review, user=bob, version=in_review.version)


def test_claim_text_defaults_to_the_segments_text(claim, article):
    sentence = article.segments.filter(kind="sentence").first()
    assert claim.claim_text == sentence.text
    assert claim.status == Claim.Status.DRAFT
    assert claim.version == 1


def test_claim_spans_consecutive_segments(article, alice):
    first, second, third = article.segments.filter(kind="sentence")[:3]
    claim = services.claim_create(article=article, segments=[second, first], user=alice)
    assert list(claim.segments.order_by("position")) == [first, second]
    assert claim.claim_text == f"{first.text} {second.text}"  # one line, as a wording is
    with pytest.raises(ValidationError, match="consecutive"):
        services.claim_create(article=article, segments=[first, third], user=alice)


def test_a_claim_across_a_heading_or_a_list_item_has_no_markup_in_its_wording(alice):
    article = make_article(
        "# Budget\n\nThe plan adds 40 buses this year.  It costs $2m.\n\n## What it includes"
        "\n\n- 12 new routes\n\nThe main lines grow by 9 percent.\n"
    )
    segments = list(article.segments.exclude(kind="title").order_by("position"))
    kinds = [s.kind for s in segments]
    assert kinds == ["sentence", "sentence", "heading", "list_item", "sentence"]
    claim = services.claim_create(article=article, segments=segments, user=alice)
    assert claim.claim_text == (
        "The plan adds 40 buses this year.  It costs $2m. What it includes 12 new routes"
        " The main lines grow by 9 percent."
    )  # the two spaces inside the paragraph are the article's own


def test_a_segment_belongs_to_one_open_claim(claim, article, alice):
    with pytest.raises(ValidationError, match="already part of claim"):
        services.claim_create(article=article, segments=list(claim.segments.all()), user=alice)


def test_segments_must_come_from_the_claims_article(article, alice):
    from tests.factories import make_article

    other = make_article("Another story\n\nThe mayor said 12 schools will close in 2025.\n")
    with pytest.raises(ValidationError, match="belong"):
        services.claim_create(article=article, segments=[other.segments.last()], user=alice)


def test_rating_records_who_rated(rated, alice):
    assert rated.rated_by == alice
    assert rated.rated_at is not None
    assert rated.version == 2


def test_submit_needs_rating_and_summary(claim, alice):
    with pytest.raises(ValidationError) as error:
        services.claim_submit(claim=claim, user=alice, version=claim.version)
    assert set(error.value.message_dict) == {"rating", "summary"}


def test_publish_moves_claim_to_published(published, bob):
    assert published.status == Claim.Status.PUBLISHED
    assert published.approved_by == bob
    assert published.published_at is not None


def test_four_eyes_rater_cannot_publish(in_review, alice, bob, carol):
    # bob (a reviewer) re-rates the claim; now bob may not publish his own rating.
    in_review = services.claim_update(
        claim=in_review, user=bob, version=in_review.version, rating=rating("half-true")
    )
    with pytest.raises(PermissionDenied, match="Four-eyes"):
        services.claim_publish(claim=in_review, user=bob, version=in_review.version)
    published = services.claim_publish(claim=in_review, user=carol, version=in_review.version)
    assert published.approved_by == carol


def test_editor_cannot_publish(in_review, alice):
    with pytest.raises(PermissionDenied):
        services.claim_publish(claim=in_review, user=alice, version=in_review.version)


def test_draft_cannot_be_published(rated, bob):
    with pytest.raises(ValidationError, match="Only claims in review"):
        services.claim_publish(claim=rated, user=bob, version=rated.version)


def test_published_rating_change_needs_a_correction(published, alice, bob):
    with pytest.raises(ValidationError, match="correction"):
        services.claim_update(
            claim=published, user=bob, version=published.version, rating=rating("false")
        )
    with pytest.raises(ValidationError, match="note"):
        services.claim_correct(
            claim=published, user=bob, version=published.version, rating=rating("false"), note=" "
        )
    proposed = services.claim_correct(
        claim=published,
        user=bob,
        version=published.version,
        rating=rating("false"),
        note="The auditor revised the figure.",
    )
    # Proposed, not published: the verdict stands until a second reviewer approves.
    assert proposed.rating.slug == "mostly-true"
    correction = Correction.objects.get(claim=proposed)
    assert correction.status == Correction.Status.PROPOSED
    assert correction.previous_rating.slug == "mostly-true"
    assert correction.new_rating.slug == "false"
    assert correction.created_by == bob
    reasons = list(proposed.history.values_list("history_change_reason", flat=True))
    assert "correction proposed: The auditor revised the figure." in reasons


def test_a_correction_is_published_by_a_second_reviewer(published, alice, bob, carol):
    proposed = services.claim_correct(
        claim=published, user=bob, version=published.version, rating=rating("false"), note="New."
    )
    with pytest.raises(PermissionDenied, match="proposed the correction"):
        services.claim_publish(claim=proposed, user=bob, version=proposed.version)
    corrected = services.claim_publish(claim=proposed, user=carol, version=proposed.version)
    assert corrected.rating.slug == "false"
    assert corrected.status == Claim.Status.PUBLISHED
    # Rated by the one who proposed the correction, approved by another.
    assert (corrected.rated_by, corrected.approved_by) == (bob, carol)
    correction = Correction.objects.get(claim=corrected)
    assert correction.status == Correction.Status.PUBLISHED
    assert correction.approved_by == carol
    assert correction.published_at is not None


def test_a_newer_correction_replaces_the_proposed_one(published, bob, carol):
    first = services.claim_correct(
        claim=published, user=bob, version=published.version, rating=rating("false"), note="A."
    )
    second = services.claim_correct(
        claim=first, user=carol, version=first.version, rating=rating("true"), note="B."
    )
    statuses = dict(Correction.objects.values_list("note", "status"))
    assert statuses == {"A.": "withdrawn", "B.": "proposed"}
    # carol proposed the one that stands: bob may now publish it.
    corrected = services.claim_publish(claim=second, user=bob, version=second.version)
    assert corrected.rating.slug == "true"


def test_dismissing_a_claim_withdraws_its_proposed_correction(published, bob):
    proposed = services.claim_correct(
        claim=published, user=bob, version=published.version, rating=rating("false"), note="A."
    )
    services.claim_dismiss(claim=proposed, user=bob, version=proposed.version)
    assert Correction.objects.get().status == Correction.Status.WITHDRAWN


def test_a_published_summary_changes_only_by_correction(published, alice):
    with pytest.raises(ValidationError, match="correction"):
        services.claim_update(
            claim=published, user=alice, version=published.version, summary="Rewritten."
        )
    edited = services.claim_update(
        claim=published, user=alice, version=published.version, claimant="The auditor"
    )
    assert edited.claimant == "The auditor"


def test_editor_cannot_correct(published, alice):
    with pytest.raises(PermissionDenied):
        services.claim_correct(
            claim=published,
            user=alice,
            version=published.version,
            rating=rating("false"),
            note="x",
        )


def test_any_status_can_be_dismissed(article, published, alice, bob):
    sentence = article.segments.filter(kind="sentence").last()
    draft = services.claim_create(article=article, segments=[sentence], user=alice)
    dismissed = services.claim_dismiss(claim=draft, user=alice, version=draft.version)
    assert dismissed.status == Claim.Status.DISMISSED
    with pytest.raises(PermissionDenied):
        services.claim_dismiss(claim=published, user=alice, version=published.version)
    withdrawn = services.claim_dismiss(claim=published, user=bob, version=published.version)
    assert withdrawn.status == Claim.Status.DISMISSED


def test_dismissed_segments_can_be_claimed_again(claim, article, alice):
    services.claim_dismiss(claim=claim, user=alice, version=claim.version)
    again = services.claim_create(article=article, segments=list(claim.segments.all()), user=alice)
    assert again.pk != claim.pk


def test_stale_version_is_refused_and_nothing_is_written(claim, alice, bob):
    services.claim_update(claim=claim, user=alice, version=1, claimant="Sen. Jane Doe")
    with pytest.raises(services.StaleVersion) as error:
        services.claim_update(claim=claim, user=bob, version=1, claimant="Someone else")
    assert error.value.current.version == 2
    claim.refresh_from_db()
    assert claim.claimant == "Sen. Jane Doe"
    assert claim.history.count() == 2


def test_viewer_cannot_write(article, claim, victor):
    sentence = article.segments.filter(kind="sentence").last()
    with pytest.raises(PermissionDenied):
        services.claim_create(article=article, segments=[sentence], user=victor)
    with pytest.raises(PermissionDenied):
        services.claim_update(claim=claim, user=victor, version=claim.version, claimant="x")
    with pytest.raises(PermissionDenied):
        services.source_add(claim=claim, user=victor, url="https://example.org")
    with pytest.raises(PermissionDenied):
        services.note_add(claim=claim, user=victor, body="hi")


def test_only_admin_deletes_articles(article, alice, ada):
    with pytest.raises(PermissionDenied):
        services.article_delete(article=article, user=alice)
    services.article_delete(article=article, user=ada)
    assert not type(article).objects.filter(pk=article.pk).exists()


def test_unknown_fields_are_refused(claim, alice):
    with pytest.raises(ValidationError):
        services.claim_update(claim=claim, user=alice, version=1, status="published")


def test_an_edit_that_changes_nothing_saves_nothing(article, alice):
    sentence = article.segments.filter(kind="sentence").first()
    claim = services.claim_create(article=article, segments=[sentence], user=alice)
    same = services.claim_update(
        claim=claim, user=alice, version=claim.version, claim_text=claim.claim_text
    )
    assert same.version == claim.version
    assert claim.history.count() == 1
