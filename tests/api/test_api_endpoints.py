"""Endpoints: what a newsroom tool sees and does, through the same services as the UI."""

import pytest
from rest_framework.authtoken.models import Token

from annotations.models import Article, Claim, Rating, Source
from tests.api.conftest import client_for
from tests.factories import ARTICLE_TEXT, UserFactory

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/claims/"


def test_token_obtain_and_revoke(alice):
    client = client_for(None)
    response = client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "password"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=alice).key == token

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/users/me/").json()["username"] == "alice"
    assert client.delete("/api/v1/auth/token/").status_code == 204
    assert not Token.objects.filter(user=alice).exists()
    assert client.get("/api/v1/users/me/").status_code == 401


def test_token_refuses_wrong_password(alice):
    response = client_for(None).post(
        "/api/v1/auth/token/", {"username": "alice", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid"
    assert not Token.objects.exists()


def test_token_obtain_is_throttled(alice, settings):
    client = client_for(None)
    codes = [
        client.post(
            "/api/v1/auth/token/", {"username": "alice", "password": "x"}, format="json"
        ).status_code
        for _ in range(31)
    ]
    assert codes[:30] == [400] * 30
    assert codes[30] == 429


def test_anonymous_gets_401_with_token_challenge(claim):
    response = client_for(None).get(CLAIMS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"] == "not_authenticated"


def test_session_auth_needs_csrf(alice, claim):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get(CLAIMS).status_code == 200
    response = client.patch(
        f"{CLAIMS}{claim.pk}/", {"claimant": "X"}, format="json", HTTP_IF_MATCH=claim.etag
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_users_me_lists_roles(bob):
    body = client_for(bob).get("/api/v1/users/me/").json()
    assert body["roles"] == ["reviewer"]
    assert body["can_publish"] is True
    assert body["can_administer"] is False


def test_article_create_from_text_uses_ingest(alice):
    response = client_for(alice).post(
        "/api/v1/articles/",
        {"body": ARTICLE_TEXT, "url": "https://example.org/a", "publisher": "Example Times"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    article = Article.objects.get(pk=body["id"])
    assert article.body == ARTICLE_TEXT
    assert body["title"] == "Budget Row Deepens"
    assert body["segment_count"] == article.segments.count() > 0
    assert body["created_by"] == alice.pk
    # The same text again is the same article: idempotent, 200.
    again = client_for(alice).post("/api/v1/articles/", {"body": ARTICLE_TEXT}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == article.pk


def test_article_create_from_uploaded_file(alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("story.md", ARTICLE_TEXT.encode("utf-8"))
    response = client_for(alice).post(
        "/api/v1/articles/", {"file": upload, "title": "Roads"}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["title"] == "Roads"
    assert Article.objects.get().body == ARTICLE_TEXT


def test_article_create_from_uploaded_news_page(alice, news_page):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("wagner.html", news_page, content_type="text/html")
    response = client_for(alice).post("/api/v1/articles/", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.json()
    article = Article.objects.get(pk=response.json()["id"])
    assert response.json()["title"] == article.title
    assert article.title.startswith("Russia Entrenches Its Military Foothold in Mali")
    assert "Related stories" not in article.body and "rights reserved" not in article.body
    segments = client_for(alice).get(f"/api/v1/articles/{article.pk}/segments/").json()
    kinds = [s["kind"] for s in segments]
    assert kinds[0] == "title" and kinds.count("heading") == 3 and kinds.count("sentence") > 20
    assert all(article.body[s["start"] : s["end"]] == s["text"] for s in segments)
    assert article.segments.count() == len(segments)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("latin1.txt", "Café au lait coûte 3 euros.".encode("latin-1"), "not valid UTF-8"),
        ("binary.txt", b"\x00\x01\x02binary", "binary"),
        ("empty.txt", b"", "empty"),
        ("virus.exe", b"MZ text", "unsupported file type"),
    ],
)
def test_article_upload_rejects_bad_files(alice, name, data, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(alice).post(
        "/api/v1/articles/", {"file": SimpleUploadedFile(name, data)}, format="multipart"
    )
    assert response.status_code == 400
    assert message in " ".join(response.json()["fields"]["file"])
    assert not Article.objects.exists()


def test_article_list_has_progress_counts(alice, claim):
    body = client_for(alice).get("/api/v1/articles/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["claim_count"] == 1
    assert row["rated_count"] == 0
    assert row["published_count"] == 0
    assert "body" not in row


def test_segments_with_checkworthiness_and_suggested_filter(alice, article):
    url = f"/api/v1/articles/{article.pk}/segments/"
    segments = client_for(alice).get(url).json()
    assert [s["position"] for s in segments] == sorted(s["position"] for s in segments)
    assert all(article.body[s["start"] : s["end"]] == s["text"] for s in segments)
    suggested = client_for(alice).get(url, {"suggested": "true"}).json()
    assert suggested
    assert all(s["suggested"] and s["kind"] == "sentence" for s in suggested)
    assert all("reasons" in s and 0 <= s["checkworthiness"] <= 1 for s in suggested)
    assert len(suggested) < len(segments)


def test_claim_create_from_segment_ids(alice, article):
    sentence = article.segments.filter(kind="sentence").first()
    response = client_for(alice).post(
        CLAIMS, {"article": article.pk, "segments": [sentence.pk]}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    claim = Claim.objects.get(pk=body["id"])
    assert body["segments"] == [sentence.pk]
    assert body["claim_text"] == sentence.text
    assert body["status"] == "draft"
    assert response["ETag"] == claim.etag == body["etag"]


def test_claim_create_rejects_segments_of_another_article(alice, article):
    other = make_other_article()
    segment = other.segments.filter(kind="sentence").first()
    response = client_for(alice).post(
        CLAIMS, {"article": article.pk, "segments": [segment.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "segments" in response.json()["fields"]
    assert not Claim.objects.exists()


def test_claim_create_rejects_non_consecutive_segments(alice, article):
    sentences = list(article.segments.filter(kind="sentence"))
    response = client_for(alice).post(
        CLAIMS, {"article": article.pk, "segments": [sentences[0].pk, sentences[2].pk]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "consecutive" in response.json()["fields"]["segments"][0]


def make_other_article():
    from tests.factories import make_article

    return make_article("Other Story\n\nThe mayor said unemployment fell to 3 percent in 2024.\n")


def test_claim_rate_submit_publish_by_second_reviewer(alice, bob, claim):
    url = f"{CLAIMS}{claim.pk}/"
    response = client_for(alice).patch(
        url,
        {"rating": "false", "summary": "The auditor says $0.9bn."},
        format="json",
        HTTP_IF_MATCH=claim.etag,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["rating"] == "false"
    etag = response["ETag"]
    response = client_for(alice).post(f"{url}submit/", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["status"] == "in_review"
    etag = response["ETag"]
    # Four eyes: alice rated it, so alice cannot publish (she is no reviewer either).
    assert client_for(alice).post(f"{url}publish/", HTTP_IF_MATCH=etag).status_code == 403
    response = client_for(bob).post(f"{url}publish/", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.json()
    claim.refresh_from_db()
    assert claim.status == "published"
    assert claim.approved_by == bob


def test_reviewer_cannot_publish_own_rating(bob, carol, claim):
    url = f"{CLAIMS}{claim.pk}/"
    etag = (
        client_for(bob)
        .patch(
            url, {"rating": "true", "summary": "Right."}, format="json", HTTP_IF_MATCH=claim.etag
        )
        .headers["ETag"]
    )
    etag = client_for(bob).post(f"{url}submit/", HTTP_IF_MATCH=etag).headers["ETag"]
    response = client_for(bob).post(f"{url}publish/", HTTP_IF_MATCH=etag)
    assert response.status_code == 403
    assert "Four-eyes" in response.json()["detail"]
    assert client_for(carol).post(f"{url}publish/", HTTP_IF_MATCH=etag).status_code == 200


def test_correct_published_claim_keeps_note(bob, published_claim):
    url = f"{CLAIMS}{published_claim.pk}/"
    response = client_for(bob).patch(
        url, {"rating": "false"}, format="json", HTTP_IF_MATCH=published_claim.etag
    )
    assert response.status_code == 400
    assert "correction" in response.json()["fields"]["rating"][0]
    response = client_for(bob).post(
        f"{url}correct/",
        {"rating": "false", "note": "New auditor figures."},
        format="json",
        HTTP_IF_MATCH=published_claim.etag,
    )
    assert response.status_code == 200, response.json()
    proposed = response.json()
    assert proposed["rating"] == "mostly-false"  # stands until a second reviewer publishes
    assert proposed["pending_correction"]["rating"] == "false"
    assert proposed["pending_correction"]["proposed_by"] == bob.pk
    response = client_for(bob).post(
        f"{url}publish/", format="json", HTTP_IF_MATCH=response.headers["ETag"]
    )
    assert response.status_code == 403
    carol = UserFactory(username="carol", role="reviewer")
    response = client_for(carol).post(
        f"{url}publish/", format="json", HTTP_IF_MATCH=proposed["etag"]
    )
    assert response.status_code == 200, response.json()
    assert response.json()["rating"] == "false"
    assert response.json()["pending_correction"] is None
    assert (response.json()["rated_by"], response.json()["approved_by"]) == (bob.pk, carol.pk)
    assert published_claim.corrections.get().note == "New auditor figures."


def test_dismiss(alice, claim):
    response = client_for(alice).post(f"{CLAIMS}{claim.pk}/dismiss/", HTTP_IF_MATCH=claim.etag)
    assert response.status_code == 200
    assert response.json()["status"] == "dismissed"


def test_write_without_if_match_is_428(alice, claim):
    response = client_for(alice).patch(f"{CLAIMS}{claim.pk}/", {"claimant": "X"}, format="json")
    assert response.status_code == 428
    assert response.json()["error"] == "precondition_required"
    claim.refresh_from_db()
    assert claim.claimant == ""


def test_stale_if_match_is_412_with_current_claim(alice, bob, claim):
    url = f"{CLAIMS}{claim.pk}/"
    first = client_for(alice).patch(
        url, {"claimant": "Jane Doe"}, format="json", HTTP_IF_MATCH=claim.etag
    )
    assert first.status_code == 200
    second = client_for(bob).patch(
        url, {"claimant": "Someone else"}, format="json", HTTP_IF_MATCH=claim.etag
    )
    assert second.status_code == 412
    body = second.json()
    assert body["error"] == "stale_version"
    assert body["current"]["claimant"] == "Jane Doe"
    assert body["current"]["etag"] == second["ETag"] == first["ETag"]
    claim.refresh_from_db()
    assert claim.claimant == "Jane Doe"


@pytest.mark.parametrize("header", ["*", '"claim-999-v1"', "garbage", 'W/"claim-1-vX"'])
def test_if_match_for_another_object_is_refused(alice, claim, header):
    response = client_for(alice).patch(
        f"{CLAIMS}{claim.pk}/", {"claimant": "X"}, format="json", HTTP_IF_MATCH=header
    )
    assert response.status_code == 412
    claim.refresh_from_db()
    assert claim.version == 1


def test_weak_etag_is_accepted(alice, claim):
    response = client_for(alice).patch(
        f"{CLAIMS}{claim.pk}/", {"claimant": "X"}, format="json", HTTP_IF_MATCH=f"W/{claim.etag}"
    )
    assert response.status_code == 200


def test_claim_list_filters_and_counts(alice, bob, published_claim, article):
    other_sentence = article.segments.filter(kind="sentence")[1]
    client = client_for(alice)
    draft = client.post(
        CLAIMS, {"article": article.pk, "segments": [other_sentence.pk]}, format="json"
    ).json()
    client.post(
        f"{CLAIMS}{published_claim.pk}/sources/",
        {"url": "https://example.org/audit", "stance": "refutes"},
        format="json",
    )

    def ids(**params):
        body = client.get(CLAIMS, params).json()
        return [row["id"] for row in body["results"]]

    assert ids() == [published_claim.pk, draft["id"]]
    assert ids(status="published") == [published_claim.pk]
    assert ids(status=["published", "draft"]) == [published_claim.pk, draft["id"]]
    assert ids(rating="mostly-false") == [published_claim.pk]
    assert ids(article=article.pk + 1000) == []
    assert ids(q="figure is LOWER") == [published_claim.pk]  # in its summary
    assert ids(ordering="-position") == [draft["id"], published_claim.pk]
    row = client.get(CLAIMS, {"status": "published"}).json()["results"][0]
    assert row["source_count"] == 1
    assert row["rating"] == "mostly-false"
    # The list and the detail view show a claim the same way.
    assert row == client.get(f"{CLAIMS}{published_claim.pk}/").json()


def test_claim_list_bad_filters_are_400(alice, claim):
    client = client_for(alice)
    for params in (
        {"status": "bogus"},
        {"article": "abc"},
        {"article": "99999999999999999999999"},
        {"updated_since": "yesterday"},
        {"ordering": "password"},
        {"suggested": "maybe"},
        {"rating": "nope"},
        {"rating": ""},
        {"article": [claim.article_id, claim.article_id + 1]},
        {"suggested": ["true", "false"]},
    ):
        response = client.get(CLAIMS, params)
        assert response.status_code == 400, params
        assert response.json()["error"] == "invalid"
        assert set(response.json()["fields"]) <= set(params), params


def test_claim_list_rating_filter_takes_a_slug_of_the_scale(alice, bob, published_claim):
    client = client_for(alice)
    slug = published_claim.rating.slug
    assert [r["id"] for r in client.get(CLAIMS, {"rating": slug}).json()["results"]] == [
        published_claim.pk
    ]
    other = Rating.objects.exclude(pk=published_claim.rating_id).first()
    assert client.get(CLAIMS, {"rating": other.slug}).json()["count"] == 0
    # Several statuses may be asked at once: that parameter takes many values.
    both = client.get(CLAIMS, {"status": ["published", "draft"]})
    assert both.status_code == 200 and both.json()["count"] == 1


def test_claim_list_updated_since_and_assignee(alice, claim):
    client = client_for(alice)
    response = client.patch(
        f"{CLAIMS}{claim.pk}/", {"assignee": alice.pk}, format="json", HTTP_IF_MATCH=claim.etag
    )
    assert response.status_code == 200, response.json()
    since = response.json()["updated_at"]
    rows = client.get(CLAIMS, {"updated_since": since, "assignee": alice.pk}).json()["results"]
    assert [r["id"] for r in rows] == [claim.pk]
    assert client.get(CLAIMS, {"updated_since": "2999-01-01T00:00:00Z"}).json()["count"] == 0


def test_claim_list_query_count_is_flat(alice, article, django_assert_num_queries):
    from django.db import connection

    for sentence in article.segments.filter(kind="sentence"):
        client_for(alice).post(
            CLAIMS, {"article": article.pk, "segments": [sentence.pk]}, format="json"
        )
    client = client_for(alice)
    client.get(CLAIMS)  # the planner's estimate of the list's size, asked once a minute
    # PostgreSQL: the token with its user and permissions, then the page with its total.
    # Elsewhere the permissions and the segment ids take a query each.
    with django_assert_num_queries(2 if connection.vendor == "postgresql" else 4):
        body = client.get(CLAIMS).json()
    assert body["count"] == article.segments.filter(kind="sentence").count()
    assert all(len(row["segments"]) == 1 for row in body["results"])


def test_claims_page_is_a_prepared_statement_on_postgresql(alice, article):
    """The page is planned once per connection, not on every request (see settings)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; CI runs this on PostgreSQL")
    client = client_for(alice)
    for _ in range(3):
        assert client.get(CLAIMS).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("page AS (SELECT" in statement for statement in prepared), prepared
    # The token, its user and the user's permissions: by column, never "u.*".
    assert any("perm_names" in statement and "u.*" not in statement for statement in prepared)


def test_sources_add_list_update_delete(alice, claim):
    client = client_for(alice)
    url = f"{CLAIMS}{claim.pk}/sources/"
    response = client.post(
        url, {"url": "https://example.org/audit", "title": "Audit", "stance": "refutes"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    source = response.json()
    assert source["added_by"] == alice.pk
    assert [s["id"] for s in client.get(url).json()] == [source["id"]]

    detail = f"{url}{source['id']}/"
    etag = client.get(detail)["ETag"]
    unconditional = client.patch(detail, {"title": "X"}, format="json")
    assert unconditional.status_code == 428
    assert "the source's ETag" in unconditional.json()["detail"]
    response = client.patch(detail, {"title": "Auditor"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["title"] == "Auditor"
    stale = client.delete(detail, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["current"]["title"] == "Auditor"
    assert client.delete(detail, HTTP_IF_MATCH=response["ETag"]).status_code == 204
    assert client.get(url).json() == []
    assert Source.all_objects.get(pk=source["id"]).deleted_at is not None


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<script>", "ftp://example.org/x", "no"]
)
def test_source_url_must_be_http(alice, claim, url):
    response = client_for(alice).post(f"{CLAIMS}{claim.pk}/sources/", {"url": url}, format="json")
    assert response.status_code == 400
    assert "url" in response.json()["fields"]
    assert not Source.all_objects.exists()


def test_notes_are_sanitised_and_only_author_edits(alice, bob, claim):
    url = f"{CLAIMS}{claim.pk}/notes/"
    response = client_for(alice).post(
        url, {"body": "Call the **auditor** <script>alert(1)</script>"}, format="json"
    )
    assert response.status_code == 201, response.json()
    note = response.json()
    assert "<strong>auditor</strong>" in note["body_html"]
    assert "<script" not in note["body_html"]
    assert note["internal"] is True
    detail = f"{url}{note['id']}/"
    etag = response["ETag"]
    response = client_for(bob).patch(
        detail, {"body": "Mine now"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 403
    response = client_for(alice).patch(
        detail, {"body": "Edited"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200
    assert client_for(bob).get(url).json()[0]["body"] == "Edited"


def test_history_shows_changes(alice, claim):
    client = client_for(alice)
    client.patch(f"{CLAIMS}{claim.pk}/", {"claimant": "Jane"}, format="json",
                 HTTP_IF_MATCH=claim.etag)  # fmt: skip
    client.post(f"{CLAIMS}{claim.pk}/sources/", {"url": "https://example.org/"}, format="json")
    history = client.get(f"{CLAIMS}{claim.pk}/history/").json()
    changed = [e for e in history if e["object_type"] == "claim" and e["action"] == "changed"]
    assert changed[0]["user"] == "alice"
    assert {"field": "claimant", "before": "", "after": "Jane"} in changed[0]["changes"]
    assert any(e["object_type"] == "source" and e["action"] == "created" for e in history)


def test_ratings_by_slug(victor):
    client = client_for(victor)
    slugs = [r["slug"] for r in client.get("/api/v1/ratings/").json()]
    assert slugs[:5] == ["true", "mostly-true", "half-true", "mostly-false", "false"]
    assert client.get("/api/v1/ratings/false/").json()["value"] == 1


def test_admin_deletes_article(ada, claim):
    url = f"/api/v1/articles/{claim.article_id}/"
    assert client_for(ada).delete(url).status_code == 204
    assert not Article.objects.exists()
    assert not Claim.objects.exists()


def test_schema_and_docs(alice):
    client = client_for(alice)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["tokenAuth"]["type"] == "apiKey"
    created = schema["paths"]["/api/v1/articles/"]["post"]
    assert {"200", "201", "202"} <= set(created["responses"])
    assert "FACTCHECK_IMPORT_JOB_BYTES" in created["description"]
    job = schema["components"]["schemas"]["ArticleImport"]["properties"]
    assert {"source", "stage", "sentences", "scored", "progress"} <= set(job)
    enums = schema["components"]["schemas"]
    assert enums["ArticleImportStageEnum"]["enum"] == ["segmenting", "scoring", "writing"]
    patch = schema["paths"]["/api/v1/claims/{id}/"]["patch"]
    assert any(p["name"] == "If-Match" and p["required"] for p in patch["parameters"])
    assert {"412", "428"} <= set(patch["responses"])
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in html
    assert "cdn" not in html.lower()


def test_claim_of_several_segments_lists_them_in_reading_order(alice, article):
    sentences = list(article.segments.filter(kind="sentence")[:2])
    client = client_for(alice)
    response = client.post(
        CLAIMS,
        {"article": article.pk, "segments": [sentences[1].pk, sentences[0].pk]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["segments"] == [sentences[0].pk, sentences[1].pk]
    listed = client.get(CLAIMS).json()["results"][0]
    assert listed["segments"] == [sentences[0].pk, sentences[1].pk]
    assert listed["suggested"] is True


def test_claim_list_pages_are_stable(alice, article):
    client = client_for(alice)
    for sentence in article.segments.filter(kind="sentence"):
        client.post(CLAIMS, {"article": article.pk, "segments": [sentence.pk]}, format="json")
    every = [row["id"] for row in client.get(CLAIMS).json()["results"]]
    first = client.get(CLAIMS, {"page_size": 2}).json()
    assert first["count"] == len(every)
    paged = []
    page = 1
    while True:
        response = client.get(CLAIMS, {"page": page, "ordering": "-updated_at"})
        if response.status_code == 404:
            break
        paged += [row["id"] for row in response.json()["results"]]
        page += 1
    assert sorted(paged) == sorted(every)
    assert len(paged) == len(set(paged))


@pytest.mark.parametrize("microsecond", [0, 120000, 7])
def test_claim_list_timestamps_read_as_drf_writes_them(alice, claim, microsecond):
    # The list formats timestamps itself (PostgreSQL writes them as text): same text as DRF.
    from datetime import UTC, datetime

    from rest_framework.fields import DateTimeField

    moment = datetime(2025, 1, 31, 9, 30, 5, microsecond, tzinfo=UTC)
    Claim.objects.filter(pk=claim.pk).update(updated_at=moment, rated_at=moment)
    client = client_for(alice)
    expected = DateTimeField().to_representation(moment)
    listed = client.get(CLAIMS).json()["results"][0]
    single = client.get(f"{CLAIMS}{claim.pk}/").json()
    assert listed["updated_at"] == listed["rated_at"] == single["updated_at"] == expected
    assert listed["published_at"] is None
    assert listed["created_at"] == DateTimeField().to_representation(
        Claim.objects.get(pk=claim.pk).created_at
    )


def test_a_large_total_is_counted_once_a_minute_and_next_never_depends_on_it(
    alice, article, monkeypatch
):
    from django.core.cache import cache
    from django.db import connection

    from annotations import counts
    from annotations.api.pagination import ClaimRowPagination

    if connection.vendor != "postgresql":
        pytest.skip("the planner's estimate is PostgreSQL's; elsewhere every count is exact")
    cache.clear()
    monkeypatch.setattr(counts, "EXACT_UP_TO", -1)
    monkeypatch.setattr(ClaimRowPagination, "page_size", 1)
    first, second, third = article.segments.filter(kind="sentence")[:3]
    client = client_for(alice)
    for sentence in (first, second):
        client.post(CLAIMS, {"article": article.pk, "segments": [sentence.pk]}, format="json")
    assert client.get(CLAIMS).json()["count"] == 2  # above the bound: counted, then kept
    client.post(CLAIMS, {"article": article.pk, "segments": [third.pk]}, format="json")
    assert client.get(CLAIMS).json()["count"] == 2  # the kept count...
    second_page = client.get(CLAIMS, {"page": 2}).json()
    assert second_page["next"] is not None  # ...but a page reads one row more: a third exists
    assert second_page["count"] == 3  # and the total is never below what the pages show
    assert client.get(CLAIMS, {"page": 3}).json()["next"] is None
    cache.clear()
    assert client.get(CLAIMS).json()["count"] == 3
    cache.clear()


def test_a_total_the_planner_underestimated_is_remembered_as_large(alice, article, monkeypatch):
    """A ``LIKE '%word%'`` filter looks rare to the planner whatever the word: once counted
    above the bound, the next requests take the large path (kept total, index-ordered page)."""
    from django.core.cache import cache
    from django.db import connection

    from annotations import counts
    from annotations.api.pagination import ClaimRowPagination

    if connection.vendor != "postgresql":
        pytest.skip("the planner's estimate is PostgreSQL's; elsewhere every count is exact")
    cache.clear()
    monkeypatch.setattr(counts, "EXACT_UP_TO", 1)
    monkeypatch.setattr(counts, "KEEP_ABOVE", 1)
    monkeypatch.setattr(counts, "_table_rows", lambda queryset: 10**6)
    monkeypatch.setattr(counts, "estimated_rows", lambda queryset: 0)  # "few", says the planner
    monkeypatch.setattr(ClaimRowPagination, "page_size", 1)
    first, second, third = article.segments.filter(kind="sentence")[:3]
    client = client_for(alice)
    for sentence in (first, second):
        client.post(CLAIMS, {"article": article.pk, "segments": [sentence.pk]}, format="json")
    assert client.get(CLAIMS).json()["count"] == 2  # counted exactly, and above the bound
    client.post(CLAIMS, {"article": article.pk, "segments": [third.pk]}, format="json")
    assert client.get(CLAIMS).json()["count"] == 2  # remembered: the large path, no recount
    cache.clear()
    assert client.get(CLAIMS).json()["count"] == 3  # forgotten: counted again
    cache.clear()


def test_next_comes_from_the_page_itself(alice, article):
    sentences = list(article.segments.filter(kind="sentence"))
    client = client_for(alice)
    for sentence in sentences:
        client.post(CLAIMS, {"article": article.pk, "segments": [sentence.pk]}, format="json")
    body = client.get(CLAIMS).json()
    assert body["next"] is None and body["count"] == len(sentences)
