"""Bad input gets one JSON error shape and a 4xx, never a 500 or a partial write."""

import pytest
from rest_framework.test import APIClient

from annotations.models import Article, Claim, Source
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

SHAPE = {"error", "detail", "fields"}


def _assert_error(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    body = response.json()
    assert set(body) >= SHAPE, body
    assert isinstance(body["fields"], dict)
    return body


@pytest.mark.parametrize(
    ("payload", "content_type"),
    [
        (b'{"article": 1, "segments": [', "application/json"),
        (b"\xff\xfe\x00garbage", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b'"just a string"', "application/json"),
        (b"null", "application/json"),
        (b"<xml/>", "application/xml"),
    ],
)
def test_malformed_bodies_are_400_or_415(alice, article, payload, content_type):
    response = client_for(alice).generic("POST", "/api/v1/claims/", payload, content_type)
    assert response.status_code in (400, 415)
    _assert_error(response, response.status_code)
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"article": "one", "segments": [1]},
        {"article": 10**30, "segments": [1]},
        {"article": 1, "segments": [10**30]},
        {"article": 1, "segments": "1,2"},
        {"article": 1, "segments": []},
        {"article": 1.5, "segments": [True]},
        {"article": None, "segments": [None]},
        {"article": 1, "segments": [1], "claimant": {"a": 1}},
        {"article": 1, "segments": [1], "claim_text": "a\x00b"},
        {"article": 1, "segments": [1], "assignee": 10**30},
        {"article": 1, "segments": [1], "assignee": "alice"},
    ],
)
def test_claim_create_wrong_types_are_400_with_fields(alice, article, body):
    fields = _assert_error(client_for(alice).post("/api/v1/claims/", body, format="json"), 400)
    assert fields["fields"]
    assert not Claim.objects.exists()


def test_lone_surrogate_is_400(alice, claim):
    payload = b'{"claimant": "\\ud800"}'
    response = client_for(alice).generic(
        "PATCH", f"/api/v1/claims/{claim.pk}/", payload, "application/json",
        HTTP_IF_MATCH=claim.etag,
    )  # fmt: skip
    _assert_error(response, 400)


@pytest.mark.parametrize(
    "body",
    [
        {"rating": "no-such-rating"},
        {"rating": 5},
        {"claim_text": ""},
        {"summary": ["x"]},
        {"version": 99},
        {"status": "published"},
    ],
)
def test_claim_patch_bad_values(alice, claim, body):
    response = client_for(alice).patch(
        f"/api/v1/claims/{claim.pk}/", body, format="json", HTTP_IF_MATCH=claim.etag
    )
    # A field the PATCH does not take ("version", "status") is refused by name, not dropped.
    error = _assert_error(response, 400)
    assert set(error["fields"]) == set(body)
    claim.refresh_from_db()
    assert claim.version == 1 and claim.status == "draft"


def test_a_status_sent_to_patch_says_where_the_status_changes(alice, claim):
    response = client_for(alice).patch(
        f"/api/v1/claims/{claim.pk}/", {"status": "published"}, format="json",
        HTTP_IF_MATCH=claim.etag,
    )  # fmt: skip
    assert "submit/, publish/" in _assert_error(response, 400)["fields"]["status"][0]


def test_a_rating_sent_to_create_is_refused_not_dropped(alice, claim):
    sentence = claim.article.segments.filter(kind="sentence").exclude(claims=claim).first()
    body = {"article": claim.article_id, "segments": [sentence.pk], "rating": "true"}
    response = client_for(alice).post("/api/v1/claims/", body, format="json")
    assert "claims/bulk/" in _assert_error(response, 400)["fields"]["rating"][0]
    assert Claim.objects.count() == 1


def test_an_upload_with_a_body_too_is_refused(alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("story.txt", b"Title\n\nThe port handled 2 million boxes.\n")
    response = client_for(alice).post(
        "/api/v1/articles/", {"file": upload, "body": "Other text."}, format="multipart"
    )
    assert "not both" in _assert_error(response, 400)["fields"]["body"][0]
    assert not Article.objects.exists()


def test_huge_ids_in_urls_are_404(alice):
    client = client_for(alice)
    for url in (
        "/api/v1/claims/9223372036854775807/",
        "/api/v1/articles/9223372036854775807/segments/",
        "/api/v1/claims/9223372036854775807/sources/1/",
    ):
        _assert_error(client.get(url), 404)


def test_body_over_limit_is_413(alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = {"body": "Title\n\n" + "The city spent $1 billion. " * 100}
    response = client_for(alice).post("/api/v1/articles/", body, format="json")
    assert _assert_error(response, 413)["error"] == "too_large"
    assert not Article.objects.exists()


def test_uploaded_file_over_limit_is_413(alice, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.FACTCHECK_MAX_ARTICLE_BYTES = 100
    upload = SimpleUploadedFile("big.txt", b"The city spent $1 billion on roads. " * 10)
    response = client_for(alice).post("/api/v1/articles/", {"file": upload}, format="multipart")
    _assert_error(response, 413)
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"body": ""},
        {"body": "   \n  "},
        {"body": "x\x00y"},
        {"body": "Story\n\nText.", "url": "javascript:alert(1)"},
        {"body": "Story\n\nText.", "published_at": "last week"},
        {"body": "Story\n\nText.", "title": "t" * 501},
    ],
)
def test_article_create_bad_input(alice, body):
    _assert_error(client_for(alice).post("/api/v1/articles/", body, format="json"), 400)
    assert not Article.objects.exists()


def test_source_with_unsafe_archived_url(alice, claim):
    response = client_for(alice).post(
        f"/api/v1/claims/{claim.pk}/sources/",
        {"url": "https://example.org/", "archived_url": "javascript:alert(1)", "stance": "nope"},
        format="json",
    )
    body = _assert_error(response, 400)
    assert {"archived_url", "stance"} <= set(body["fields"])
    assert not Source.all_objects.exists()


def test_unknown_method_is_405_json(alice, claim):
    response = client_for(alice).put(f"/api/v1/claims/{claim.pk}/", {}, format="json")
    assert _assert_error(response, 405)["error"] == "method_not_allowed"


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/api/v1/ratings/"), ("post", "/api/v1/ratings/true/"),
     ("delete", "/api/v1/ratings/true/"), ("post", "/api/v1/users/me/")],
)  # fmt: skip
@pytest.mark.parametrize("role", ["ada", "victor"])
def test_a_method_an_endpoint_lacks_is_405_for_every_role(request, role, method, path):
    response = getattr(client_for(request.getfixturevalue(role)), method)(path)
    assert _assert_error(response, 405)["error"] == "method_not_allowed"
    assert "POST" not in response["Allow"] and "GET" in response["Allow"]


def test_a_stranger_is_asked_to_sign_in_before_the_method_is_checked():
    response = APIClient().post("/api/v1/ratings/")
    assert _assert_error(response, 401)["error"] == "not_authenticated"


def test_nobody_sees_nothing(nobody, claim):
    client = client_for(nobody)
    for url in ("/api/v1/claims/", f"/api/v1/claims/{claim.pk}/", "/api/v1/articles/"):
        assert _assert_error(client.get(url), 403)["error"] == "permission_denied"


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/articles/", {"body": 12}),
        ("/api/v1/articles/", {"body": "Story\n\nThe city spent $1bn.", "language": 0}),
        ("/api/v1/claims/", {"article": "1", "segments": [1]}),
        ("/api/v1/claims/", {"article": 1, "segments": [1.0]}),
        ("/api/v1/claims/", {"article": True, "segments": [1]}),
    ],
)
def test_wrong_json_types_are_not_coerced(alice, article, url, body):
    _assert_error(client_for(alice).post(url, body, format="json"), 400)
    assert Article.objects.count() == 1
    assert not Claim.objects.exists()


def test_note_internal_must_be_a_boolean(alice, claim):
    response = client_for(alice).post(
        f"/api/v1/claims/{claim.pk}/notes/", {"body": "x", "internal": 0}, format="json"
    )
    assert "internal" in _assert_error(response, 400)["fields"]


def test_unknown_api_url_is_json_404_for_any_method(alice):
    client = client_for(alice)
    for method in ("get", "post", "delete"):
        response = getattr(client, method)("/api/v1/claims/%0A/nothing")
        assert _assert_error(response, 404)["error"] == "not_found"


@pytest.mark.parametrize(
    "since", ["0283-01-09T06:23:32.0-18:26", "0001-01-01T00:00:00+18:00", "9999-12-31T23:59-18:00"]
)
def test_updated_since_odd_offsets_never_500(alice, claim, since):
    response = client_for(alice).get("/api/v1/claims/", {"updated_since": since})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert [c["id"] for c in response.json()["results"]] == [claim.pk]


@pytest.mark.parametrize("page", ["", "0", "-1", "x", "1.5", "1e3", "\uff11\uff12"])
def test_malformed_page_numbers_are_400(alice, claim, page):
    response = client_for(alice).get("/api/v1/claims/", {"page": page})
    assert "page" in _assert_error(response, 400)["fields"]


@pytest.mark.parametrize("url", ["/api/v1/claims/", "/api/v1/articles/"])
@pytest.mark.parametrize(
    "page", ["2", "184467440737095517", "999999999999999999", "99999999999999999999999", "9" * 5000]
)
def test_page_past_the_end_is_404(alice, claim, url, page):
    # Even where the page's first row would lie past any bigint OFFSET.
    _assert_error(client_for(alice).get(url, {"page": page}), 404)
