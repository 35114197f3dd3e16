"""POST match/, GET claims/{id}/similar/, claims/{id}/matches/ and the badge selectors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations import services
from annotations.archive import selectors
from annotations.archive.models import ClaimReview, MatchFeedback
from annotations.documents import read_text
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

MATCH = "/api/v1/match/"
RESULT_FIELDS = {
    "type", "id", "url", "claim_text", "rating", "publisher", "date_published", "status", "score",
    "level",
}  # fmt: skip
OHIO = "https://civiccheck.example/reviews/2024/unemployment-ohio-fell-3-5-percent-2023"


def match(user, text, **extra):
    return client_for(user).post(MATCH, {"text": text, **extra}, format="json")


def test_match_finds_the_review_with_another_number_format(victor, archive):
    response = match(victor, "Unemployment in Ohio fell to three and a half percent in 2023.")
    assert response.status_code == 200
    results = response.json()["results"]
    # Up to the limit: candidates share a word, a name or a number with the text.
    assert 1 <= len(results) <= 5
    assert set(results[0]) == RESULT_FIELDS
    assert results[0]["url"] == OHIO
    assert results[0]["type"] == "claimreview" and results[0]["status"] is None
    assert results[0]["level"] in ("confident", "suggested")
    assert results[0]["rating"] == "Mostly true" and results[0]["publisher"] == "CivicCheck"
    assert results[0]["date_published"] == "2024-01-18" or results[0]["date_published"]
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)


def test_a_changed_number_is_not_suggested(victor, archive):
    results = match(victor, "Unemployment in Ohio fell to 4.5% in 2023.").json()["results"]
    assert all(r["level"] is None for r in results)


@pytest.mark.parametrize("limit", [1, 20])
def test_limit_bounds_are_accepted(victor, archive, limit):
    text = "Measles cases and unemployment in Harlow County rose 25% in 2024 and 2023."
    results = match(victor, text, limit=limit).json()["results"]
    assert len(results) == limit if limit == 1 else 10 < len(results) <= limit


@pytest.mark.parametrize(
    "body",
    [{"text": "x", "limit": 0}, {"text": "x", "limit": 21}, {"text": "x", "limit": "5"},
     {"text": "", "limit": 5}, {"limit": 5}, {"text": 12}, {"text": "x" * 5001},
     {"text": "a\x00b"}],
)  # fmt: skip
def test_bad_match_requests_are_400(victor, body):
    response = client_for(victor).post(MATCH, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"


def test_match_needs_a_role(nobody):
    assert match(nobody, "anything").status_code == 403
    assert match(None, "anything").status_code == 401


def test_an_empty_archive_answers_no_results(victor):
    assert match(victor, "Unemployment in Ohio fell").json() == {"results": []}


@pytest.fixture
def two_articles(alice, bob, archive):
    """Article A with a published claim; article B repeats it (and a claim of its own)."""
    first = services.article_ingest(
        document=read_text("Jobs\n\nUnemployment in Ohio fell to 3.5% in 2023, the report said.\n"),
        user=alice,
    ).article
    second = services.article_ingest(
        document=read_text(
            "Ohio Today\n\n"
            "The governor said that unemployment in Ohio fell to 3.5 percent in 2023.\n"
            "Unemployment in Ohio fell to 3.5% in 2023 as well, a second sentence says.\n"
        ),
        user=alice,
    ).article
    from tests.factories import rating

    earlier = services.claim_create(
        article=first, segments=[first.segments.filter(kind="sentence").first()], user=alice,
        claim_text="Unemployment in Ohio fell to 3.5% in 2023.",
    )  # fmt: skip
    earlier = services.claim_update(
        claim=earlier, user=alice, version=earlier.version, rating=rating("true"), summary="Yes."
    )
    earlier = services.claim_submit(claim=earlier, user=alice, version=earlier.version)
    earlier = services.claim_publish(claim=earlier, user=bob, version=earlier.version)
    sentences = list(second.segments.filter(kind="sentence").order_by("position"))
    repeat = services.claim_create(article=second, segments=[sentences[0]], user=alice)
    neighbour = services.claim_create(article=second, segments=[sentences[1]], user=alice)
    return earlier, repeat, neighbour


def test_similar_lists_claims_of_other_articles_and_reviews(victor, two_articles):
    earlier, repeat, neighbour = two_articles
    response = client_for(victor).get(f"/api/v1/claims/{repeat.pk}/similar/")
    assert response.status_code == 200
    results = response.json()["results"]
    keys = {(r["type"], r["id"]) for r in results}
    assert ("claim", earlier.pk) in keys
    assert ("claim", neighbour.pk) not in keys and ("claim", repeat.pk) not in keys
    claim_hit = next(r for r in results if r["type"] == "claim")
    assert claim_hit["status"] == "published" and claim_hit["rating"] == "true"
    assert claim_hit["url"].endswith(f"#claim-{earlier.pk}")
    assert claim_hit["date_published"] is not None
    assert any(r["url"] == OHIO for r in results)


def test_similar_bounds_and_scoping(victor, nobody, two_articles):
    _, repeat, _ = two_articles
    client = client_for(victor)
    assert (
        len(client.get(f"/api/v1/claims/{repeat.pk}/similar/", {"limit": 1}).json()["results"]) == 1
    )
    assert client.get(f"/api/v1/claims/{repeat.pk}/similar/", {"limit": 21}).status_code == 400
    assert client.get("/api/v1/claims/999999/similar/").status_code == 404
    assert client_for(nobody).get(f"/api/v1/claims/{repeat.pk}/similar/").status_code == 403


def test_link_and_dismiss_are_kept_and_applied(alice, victor, two_articles):
    earlier, repeat, _ = two_articles
    url = f"/api/v1/claims/{repeat.pk}/matches/"
    ohio = ClaimReview.objects.get(url=OHIO)
    client = client_for(alice)
    linked = client.post(url, {"type": "claim", "id": earlier.pk, "action": "link"}, format="json")
    assert linked.status_code == 201
    assert linked.json()["action"] == "link" and linked.json()["level"] in (
        "confident",
        "suggested",
    )
    dismissed = client.post(
        url, {"type": "claimreview", "id": ohio.pk, "action": "dismiss"}, format="json"
    )
    assert dismissed.status_code == 201
    again = client.post(
        url, {"type": "claimreview", "id": ohio.pk, "action": "link"}, format="json"
    )
    assert again.status_code == 200
    again = client.post(
        url, {"type": "claimreview", "id": ohio.pk, "action": "dismiss"}, format="json"
    )
    assert MatchFeedback.objects.count() == 2
    assert MatchFeedback.history.count() == 4  # every decision kept
    results = client_for(victor).get(f"/api/v1/claims/{repeat.pk}/similar/").json()["results"]
    assert (results[0]["type"], results[0]["id"]) == ("claim", earlier.pk)
    assert all(r["url"] != OHIO for r in results)
    listed = client_for(victor).get(url).json()
    assert {(d["type"], d["action"]) for d in listed} == {
        ("claim", "link"),
        ("claimreview", "dismiss"),
    }
    summary = selectors.feedback_summary()
    assert summary["link"] and summary["dismiss"]


def test_feedback_input_and_roles(alice, victor, two_articles):
    earlier, repeat, neighbour = two_articles
    url = f"/api/v1/claims/{repeat.pk}/matches/"
    body = {"type": "claim", "id": earlier.pk, "action": "link"}
    assert client_for(victor).post(url, body, format="json").status_code == 403
    client = client_for(alice)
    assert client.post(url, {**body, "action": "maybe"}, format="json").status_code == 400
    assert client.post(url, {**body, "id": 999999}, format="json").status_code == 400
    assert client.post(url, {**body, "id": neighbour.pk}, format="json").status_code == 400
    assert client.post(url, {**body, "type": "tweet"}, format="json").status_code == 400
    assert client.post("/api/v1/claims/999999/matches/", body, format="json").status_code == 404
    assert not MatchFeedback.objects.exists()


def test_article_badges_take_a_fixed_number_of_queries(victor, alice, two_articles):
    _, repeat, neighbour = two_articles
    selectors.article_previous_checks(user=victor, article=repeat.article)  # loads permissions
    with CaptureQueriesContext(connection) as small:
        checks = selectors.article_previous_checks(user=victor, article=repeat.article)
    assert repeat.pk in checks.by_claim and neighbour.pk in checks.by_claim
    found = checks.by_claim[repeat.pk]
    assert found[0].level and {m.type for m in found} >= {"claim"}
    body = "Long\n\n" + "\n".join(
        f"Unemployment in Ohio fell to 3.5% in 2023, said speaker {n}." for n in range(40)
    )
    big = services.article_ingest(document=read_text(body), user=alice).article
    for segment in big.segments.filter(kind="sentence").order_by("position")[:10]:
        services.claim_create(article=big, segments=[segment], user=alice)
    with CaptureQueriesContext(connection) as large:
        checks = selectors.article_previous_checks(user=victor, article=big)
    assert len(checks.by_segment) >= 30 and len(checks.by_claim) == 10
    assert len(large.captured_queries) == len(small.captured_queries) <= 8


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/claims/9999999999999999999/similar/",
        "/api/v1/claims/9999999999999999999/matches/",
        "/api/v1/claimreviews/9999999999999999999/",
        "/api/v1/claims/0/similar/",
    ],
)
def test_ids_past_the_database_range_are_404(victor, url):
    response = client_for(victor).get(url)
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
